//! Ranking and highlighting features on the bundled corpus: spelling variants, acronyms,
//! near spellings, stop words, identical passages, facets, references, and the highlighter's
//! spans and fragments.

mod common;

use std::sync::OnceLock;

use tipsearch::fragments;
use tipsearch::{parse_query, Expansion, Hit, Index, Place, Ranking, SearchOptions};

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| tipsearch::bundled_index().expect("bundled corpus indexes"))
}

fn search(q: &str) -> Vec<Hit> {
    common::search_in(index(), q, 20)
}

fn marked(h: &Hit) -> Vec<String> {
    h.highlights
        .iter()
        .map(|[s, e]| h.text[*s..*e].to_lowercase())
        .collect()
}

#[test]
fn british_spellings_find_american_ones_and_mark_them() {
    let hits = search("forced labour");
    assert!(!hits.is_empty());
    let top = marked(&hits[0]);
    assert!(
        top.contains(&"labor".to_string()) && top.contains(&"forced".to_string()),
        "{top:?}"
    );
}

#[test]
fn transliterations_find_each_other() {
    let hits = search("Nakhichevan");
    assert!(!hits.is_empty(), "Nakhichevan finds Nakhchivan");
    assert!(
        hits.iter().all(|h| marked(h) == ["nakhchivan"]),
        "{hits:#?}"
    );
}

#[test]
fn acronyms_find_their_expansions_marked_as_one_span() {
    let hits = search("NRM");
    let spans: Vec<String> = hits.iter().flat_map(marked).collect();
    assert!(spans.iter().any(|s| s == "nrm"), "{spans:?}");
    assert!(
        spans.iter().any(|s| s == "national referral mechanism"),
        "{spans:?}"
    );
    // And the other way round.
    let hits = search("national referral mechanism");
    assert!(hits.iter().flat_map(marked).any(|s| s == "nrm"));
}

#[test]
fn near_spellings_of_rare_words_are_found_and_marked() {
    let hits = search("Nakhchivn transit");
    assert!(!hits.is_empty(), "a typo still finds the place");
    assert!(
        marked(&hits[0]).contains(&"nakhchivan".to_string()),
        "{:?}",
        marked(&hits[0])
    );
}

#[test]
fn questions_are_answered_despite_their_stop_words() {
    let hits = search("how many trafficking victims did the government identify");
    assert!(!hits.is_empty(), "a long question never returns nothing");
    let top = marked(&hits[0]);
    assert!(
        top.iter().any(|s| s.starts_with("victim")) && top.iter().any(|s| s.starts_with("identif")),
        "{top:?}"
    );
    assert!(
        !top.contains(&"did".to_string()) || top.len() > 3,
        "stop words do not drive the match"
    );
}

#[test]
fn a_question_ranks_as_its_words_without_the_stop_words() {
    // Stop words are neither looked for nor weighed: almost every passage holds some.
    // (Not "how many": it asks for a number, which ranking weighs.)
    let placed = |q: &str| -> Vec<(String, u64, f32)> {
        let hits = search(q);
        hits.into_iter()
            .map(|h| (h.doc_id, h.ordinal, h.score))
            .collect()
    };
    let question = placed("were any of the victims identified in Nakhchivan");
    assert!(!question.is_empty());
    assert_eq!(question, placed("victims identified Nakhchivan"));
}

#[test]
fn the_cable_that_holds_every_word_shows_the_passages_that_hold_most() {
    // No paragraph of 09BAKU141 holds all three words: its summary names Eyvazov and the
    // hotline, paragraph 3.B the hotline and Nakhchivan. The cable comes first, by those two
    // paragraphs, each on its own evidence (the summary is no longer credited with every
    // word of its cable).
    let hits = search("Eyvazov hotline Nakhchivan");
    let top: Vec<(&str, Option<&str>)> = hits[..2]
        .iter()
        .map(|h| (h.doc_id.as_str(), h.paragraph.as_deref()))
        .collect();
    assert!(top.contains(&("09BAKU141", Some("2"))), "{top:?}");
    assert!(top.contains(&("09BAKU141", Some("3.B"))), "{top:?}");
    for hit in &hits[..2] {
        assert!(marked(hit).len() >= 2, "{:?}", marked(hit));
    }
}

#[test]
fn identical_passages_are_shown_once_naming_the_other_copies() {
    let docs = tipsearch::bundled_documents().expect("bundled corpus parses");
    let mut copy = docs
        .iter()
        .find(|d| d.doc_id == "09BAKU911")
        .expect("09BAKU911 is bundled")
        .clone();
    copy.doc_id = "09BAKU911-COPY".to_string();
    let index = Index::in_memory().expect("in-memory index");
    index.add_documents(&docs).expect("indexes");
    index.add_documents(&[copy]).expect("indexes the copy");
    let hits = common::search_in(&index, "playroom", 20);
    assert_eq!(hits.len(), 1, "{hits:#?}");
    let ids = [hits[0].doc_id.as_str(), hits[0].also_in[0].as_str()];
    assert!(ids.contains(&"09BAKU911") && ids.contains(&"09BAKU911-COPY"));
}

#[test]
fn facets_count_the_matching_documents() {
    let f = index()
        .facets(&parse_query("Nakhchivan").expect("parses"))
        .expect("facets");
    assert_eq!(f.documents, 2, "{f:?}");
    assert_eq!(f.kinds.get("cable"), Some(&1));
    assert_eq!(f.kinds.get("tip_report"), Some(&1));
    assert_eq!(f.years.get("2009"), Some(&2));
    let all = index().stats().expect("stats");
    assert_eq!(all.documents, 5);
    assert_eq!(index().document_count().expect("count"), 5);
}

#[test]
fn references_go_both_ways() {
    let docs = tipsearch::bundled_documents().expect("bundled corpus parses");
    let mut citing = docs[0].clone();
    citing.doc_id = "09BAKU999".to_string();
    citing.references = vec!["09BAKU911".to_string()];
    let index = Index::in_memory().expect("in-memory index");
    index.add_documents(&docs).expect("indexes");
    index.add_documents(&[citing]).expect("indexes");
    let r = index.references("09baku911").expect("refs");
    let cites: Vec<&str> = r.cites.iter().map(|c| c.doc_id.as_str()).collect();
    assert_eq!(cites, ["09STATE109948", "09BAKU856"]);
    assert!(
        r.cites.iter().all(|c| c.title.is_none()),
        "not in the index"
    );
    assert_eq!(r.cited_by.len(), 1);
    assert_eq!(r.cited_by[0].doc_id, "09BAKU999");
    assert!(r.cited_by[0].title.is_some());
    assert!(index.references("09NOWHERE1").is_err());
}

#[test]
fn long_passages_show_up_to_three_fragments_covering_different_words() {
    let hits = search("Nakhchivan begging");
    let h = hits
        .iter()
        .find(|h| h.doc_id == "TIP-2009-AZERBAIJAN")
        .expect("the 2009 profile matches");
    let spans: Vec<(usize, usize)> = h.highlights.iter().map(|[s, e]| (*s, *e)).collect();
    let frags = fragments(&h.text, &spans, 300);
    assert!(
        (2..=3).contains(&frags.len()),
        "{} fragments of {} bytes",
        frags.len(),
        h.text.len()
    );
    let shown: String = frags.iter().map(|f| &h.text[f.start..f.end]).collect();
    assert!(
        shown.contains("Nakhchivan") && shown.contains("begging"),
        "{shown}"
    );
    for f in &frags {
        let piece = &h.text[f.start..f.end];
        assert!(
            piece.ends_with(['.', '!', '?', '"']) || f.end == h.text.len(),
            "cut at a sentence end: {piece:?}"
        );
    }
}

#[test]
fn spans_land_on_stems_variants_phrases_and_near_spellings() {
    let hits = search("\"forced labor\" Nakhichevan");
    let h = &hits[0];
    let m = marked(h);
    assert!(
        m.contains(&"forced labor".to_string()),
        "phrase as one span: {m:?}"
    );
    assert!(m.contains(&"nakhchivan".to_string()), "variant: {m:?}");
    for [s, e] in &h.highlights {
        assert!(h.text.is_char_boundary(*s) && h.text.is_char_boundary(*e) && s < e);
    }
    let stems: Vec<String> = search("trafficked").iter().flat_map(marked).collect();
    assert!(
        stems.iter().any(|s| s == "trafficking") && stems.iter().any(|s| s == "traffickers"),
        "forms of the word typed: {stems:?}"
    );
}

fn explained(q: &str) -> Vec<Hit> {
    explained_first(q, SearchOptions::default().limit)
}

/// The first `limit` hits of `q`, each with why it ranked where it did.
fn explained_first(q: &str, limit: usize) -> Vec<Hit> {
    let query = parse_query(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    let opts = SearchOptions {
        explain: true,
        limit,
        ..SearchOptions::default()
    };
    index().search(&query, &opts).expect("search runs")
}

#[test]
fn a_word_few_paragraphs_of_a_cable_hold_tells_them_from_its_topic_paragraphs() {
    // Most paragraphs of 09BAKU141 speak of trafficking; few name the victims' hotline.
    // Those few are told apart by specificity, whatever its weight in the ranking.
    let hits = explained_first("id:09BAKU141 trafficking hotline", 200);
    let specificity = |h: &Hit| h.explain.as_ref().expect("explained").specificity;
    let (named, topic): (Vec<&Hit>, Vec<&Hit>) = hits
        .iter()
        .partition(|h| marked(h).iter().any(|w| w == "hotline"));
    assert!(
        !named.is_empty() && topic.len() > named.len(),
        "{}",
        hits.len()
    );
    let least_named = named
        .iter()
        .map(|h| specificity(h))
        .fold(f32::MAX, f32::min);
    let most_topic = topic.iter().map(|h| specificity(h)).fold(0.0, f32::max);
    assert!(least_named > most_topic, "{least_named} vs {most_topic}");
}

#[test]
fn a_short_word_the_index_lacks_reaches_its_near_spellings() {
    // "Bakv" (four letters, in no passage) is one edit from "Baku".
    let hits = explained("Bakv hotline");
    assert_near_spelling(&hits[0], "Bakv", "baku");
    assert!(marked(&hits[0]).contains(&"baku".to_string()));
    // Three letters will do, when the index holds the word nowhere.
    let hits = explained("Bku hotline");
    assert!(hits.iter().any(|h| h.explain.as_ref().is_some_and(|why| why
        .evidence
        .iter()
        .any(|e| e.concept == "Bku" && e.form == "baku"))));
}

#[test]
fn a_stemmed_ending_does_not_hide_a_near_spelling() {
    // The stemmer writes "Turky" as "turki", two edits from "turkey"; the word as typed is
    // one edit from it, as "whisky" is from "whiskey".
    assert_near_spelling(&explained("Turky trafficking")[0], "Turky", "turkey");
}

/// Asserts that `hit` found `concept` by its near spelling `form`.
fn assert_near_spelling(hit: &Hit, concept: &str, form: &str) {
    assert_found_by(hit, concept, form, Expansion::NearSpelling);
}

/// Asserts that `hit` found `concept` by `form`, an expansion of `kind`.
fn assert_found_by(hit: &Hit, concept: &str, form: &str, kind: Expansion) {
    let why = hit.explain.as_ref().expect("explained");
    assert!(
        why.evidence
            .iter()
            .any(|e| e.concept == concept && e.form == form && e.expansion == kind),
        "{why:?}"
    );
}

#[test]
fn a_noun_reaches_the_broader_noun_the_text_uses() {
    // The corpus has no "counselors"; a user asking for them reaches the passages on
    // victims' advisors through WordNet's next broader noun, and sees why.
    let hits = explained("counselors for victims");
    assert_found_by(&hits[0], "counselors", "advisor", Expansion::Hypernym);
}

#[test]
fn a_question_of_money_is_answered_by_the_passage_that_writes_a_sum() {
    // 09BAKU911 gives the MIA's budget for victims, "500,000 AZN (609,750 USD)": a budget
    // asks for money (WordNet), and that paragraph writes a sum.
    let hits = explained_first("budget for trafficking victims", 50);
    let unit = |h: &Hit| h.explain.as_ref().expect("explained").unit;
    assert!(hits[0].text.contains("609,750 USD"), "{}", hits[0].text);
    assert_eq!(unit(&hits[0]), 1.0);
    assert!(
        hits.iter().any(|h| unit(h) == 0.0),
        "a passage without a sum"
    );
    // A question of something else credits no passage for its sums.
    let hits = explained_first("victims of trafficking identified", 50);
    assert!(hits.iter().all(|h| unit(h) == 0.0));
}

/// 05ANKARA6106 ("COMBATING EXTREMISM", tagged TU), a cable whose subject names no
/// country, indexed beside the bundled corpus.
fn ankara_index() -> Index {
    let mut docs = tipsearch::bundled_documents().expect("bundled corpus");
    let page =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/html/05ANKARA6106.html");
    tipsearch::read_paths(&[page], &mut |p| docs.extend(p.ok().map(|p| p.document)));
    let index = Index::in_memory().expect("index");
    index.add_documents(&docs).expect("indexed");
    index
}

#[test]
fn a_paragraph_holds_the_country_its_cable_is_about() {
    // Most paragraphs of 05ANKARA6106 never write "Turkey", nor does its subject; the
    // cable is about Turkey by its TAGS line, and each of its paragraphs holds the word
    // there, at the country's weight.
    let index = ankara_index();
    let query = parse_query("id:05ANKARA6106 Turkey").expect("parses");
    let opts = SearchOptions {
        explain: true,
        limit: 100,
        ..SearchOptions::default()
    };
    let hits = index.search(&query, &opts).expect("search runs");
    let place = |h: &Hit| h.explain.as_ref().expect("explained").evidence[0].place;
    let (silent, naming): (Vec<&Hit>, Vec<&Hit>) =
        hits.iter().partition(|h| !h.text.contains("Turk"));
    assert!(!silent.is_empty() && !naming.is_empty(), "{}", hits.len());
    assert!(silent.iter().all(|h| place(h) == Place::Country));
    // A word left out leaves out what it would find, its silent paragraphs too.
    let count = |q: &str| {
        index
            .count(&parse_query(q).expect("parses"))
            .expect("counts")
    };
    assert!(count("id:05ANKARA6106 extremism") > 0);
    assert_eq!(count("id:05ANKARA6106 extremism -Turkey"), 0);
    // The subject filter still reads the subject alone.
    assert_eq!(count("subject:Turkey"), 0);
    assert!(count("subject:extremism") > 0);
}

#[test]
fn a_title_word_counts_in_the_document_score_at_the_title_weight() {
    // "Annual" is in the subject of 09BAKU141 ("NINTH ANNUAL TRAFFICKING IN PERSONS REPORT")
    // and in its text: the document score (BM25F) counts the subject's occurrence at the
    // title's weight, so the score rises with that weight, and the text's alone is left
    // when it is 0.
    let document = |title: f32| {
        let opts = SearchOptions {
            explain: true,
            ranking: Ranking {
                title,
                ..Ranking::default()
            },
            ..SearchOptions::default()
        };
        let query = parse_query("id:09BAKU141 annual").expect("parses");
        let hits = index().search(&query, &opts).expect("search runs");
        let first = hits.first().expect("09BAKU141 holds \"annual\"");
        first.explain.as_ref().expect("explained").document
    };
    let (none, half, whole) = (document(0.0), document(0.5), document(1.0));
    assert!(
        0.0 < none && none < half && half < whole,
        "{none} {half} {whole}"
    );
}

#[test]
fn a_word_only_a_subject_holds_finds_its_cable() {
    // "Ninth" is in 09BAKU141's subject ("NINTH ANNUAL TRAFFICKING IN PERSONS REPORT") and
    // in none of its paragraphs: the cable's passages are found by their subject.
    let hits = explained("ninth");
    assert!(!hits.is_empty());
    assert!(
        hits.iter().all(|h| h.doc_id == "09BAKU141"),
        "{}",
        hits[0].doc_id
    );
    let why = hits[0].explain.as_ref().expect("explained");
    assert_eq!(why.evidence[0].place, Place::Title, "{why:?}");
}

#[test]
fn a_word_that_matches_nothing_never_silences_the_rest() {
    let hits = search("qzxv hotline");
    assert!(!hits.is_empty());
    assert!(marked(&hits[0]).contains(&"hotline".to_string()));
}

#[test]
fn explain_names_each_expansion_and_the_parts_of_the_score() {
    // The demonym reaches the country's name; the score is the sum of its weighed parts.
    let hits = explained("Azerbaijani deportation");
    let why = hits[0].explain.as_ref().expect("explained");
    let demonym = why
        .evidence
        .iter()
        .find(|e| e.expansion == Expansion::Demonym)
        .expect("the demonym matched");
    assert_eq!(
        (demonym.concept.as_str(), demonym.form.as_str()),
        ("Azerbaijani", "azerbaijan")
    );
    assert!(demonym.score > 0.0);
    let r = &why.weights;
    assert_eq!(*r, Ranking::default());
    let parts = why.passage
        + r.document * why.document
        + r.coverage * why.coverage
        + r.proximity * why.proximity
        + r.specific * why.specificity
        + r.quantity * why.quantity
        + r.unit * why.unit;
    assert!((why.score - parts).abs() < 1e-4, "{why:?}");
    assert!(
        search("Azerbaijani deportation")[0].explain.is_none(),
        "only when asked"
    );
}
