//! The query language a researcher brings from PlusD, Lucene or SQLite FTS5, and results by
//! document: each operator, grouping, proximity, prefix and field on the bundled corpus,
//! with the spans each highlights; and, ignored where ../shared/data is missing (`.ci/run`
//! runs them), the same laws on the 6,022 dev cables.

mod common;

use std::sync::OnceLock;

use tipsearch::{
    parse_query, Group, Hit, Index, Query, SearchOptions, SearchRequest, Sort, MAX_ALSO,
};

fn bundled() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| tipsearch::bundled_index().expect("bundled corpus"))
}

/// The 6,022 dev cables of ../shared/data.
fn dev() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| common::dev_index(false))
}

fn query(q: &str) -> Query {
    parse_query(q).unwrap_or_else(|e| panic!("{q}: {e}"))
}

fn search(index: &Index, q: &str, limit: usize) -> Vec<Hit> {
    common::search_in(index, q, limit)
}

fn count(index: &Index, q: &str) -> usize {
    index.count(&query(q)).expect("count runs")
}

/// The highlighted words of a hit, lower-cased.
fn marked(h: &Hit) -> Vec<String> {
    h.highlights
        .iter()
        .map(|[a, b]| h.text[*a..*b].to_lowercase())
        .collect()
}

/// `a OR b` and `a AND b` count as sets do: |a ∪ b| = |a| + |b| − |a ∩ b|.
fn counts_as_sets(index: &Index) {
    for (a, b) in [("shelter", "deportation"), ("tag:KTIP", "tag:PHUM")] {
        let (na, nb) = (count(index, a), count(index, b));
        let either = count(index, &format!("{a} OR {b}"));
        let both = count(index, &format!("{a} AND {b}"));
        assert_eq!(either, na + nb - both, "{a} OR {b}: inclusion–exclusion");
        assert!(both <= na.min(nb));
    }
}

/// The ranking of `a OR b` is that of `a b`, over the passages holding either.
fn or_ranks_as_words_beside(index: &Index) {
    for (a, b) in [("shelter", "deportation"), ("Nakhchivan", "begging")] {
        let either = search(index, &format!("{a} OR {b}"), 20);
        let beside = search(index, &format!("{a} {b}"), 20);
        let ids = |hits: &[Hit]| -> Vec<(String, u64)> {
            hits.iter().map(|h| (h.doc_id.clone(), h.ordinal)).collect()
        };
        assert!(!either.is_empty());
        assert_eq!(ids(&either), ids(&beside), "{a} OR {b}");
    }
}

/// A field's group of values is the `OR` of each.
fn field_groups_are_alternatives(index: &Index) {
    let either = count(index, "tag:(KTIP OR PHUM)");
    assert_eq!(either, count(index, "tag:KTIP OR tag:PHUM"));
    assert!(either >= count(index, "tag:KTIP"));
}

#[test]
#[ignore = "needs ../shared/data (the dev cables); .ci/run runs it"]
fn the_operators_obey_the_same_laws_on_the_dev_cables() {
    counts_as_sets(dev());
    or_ranks_as_words_beside(dev());
    field_groups_are_alternatives(dev());
    // A prefix's cap is said, not silent.
    let r = SearchRequest::from_params([("q", "con*")]).unwrap();
    let answer = dev().answer(&r, None).unwrap();
    let cut = answer.notes.iter().any(|n| n.contains("were used"));
    assert!(cut, "con* stands for many words: {:?}", answer.notes);
}

#[test]
fn or_finds_either_side_and_counts_as_sets_do() {
    counts_as_sets(bundled());
    let hits = search(bundled(), "shelter OR deportation", 20);
    assert!(!hits.is_empty());
    let sides = hits.iter().filter(|h| {
        let words = marked(h);
        words
            .iter()
            .any(|w| w.starts_with("shelter") || w.starts_with("deport"))
    });
    assert!(
        sides.count() >= hits.len() / 2,
        "most hits hold a side as typed"
    );
    assert!(
        hits.iter().all(|h| !h.highlights.is_empty()),
        "each shows its match"
    );
}

#[test]
fn an_or_branch_that_matches_adds_evidence() {
    // Each side that matches counts as a word typed beside the other does.
    or_ranks_as_words_beside(bundled());
}

#[test]
fn and_and_not_bind_tighter_than_or_and_not_never_ranks() {
    // Each side holds, as typed or by an expansion that counts as the word (a shelter's
    // broader noun "protection" marks "protecting"): AND finds what both sides find.
    let both = search(bundled(), "victims AND shelter", 100);
    assert!(!both.is_empty());
    let found = |q: &str| -> Vec<(String, u64)> {
        let hits = search(bundled(), q, 100);
        assert!(hits.len() < 100, "{q}: every passage, not a page");
        hits.iter().map(|h| (h.doc_id.clone(), h.ordinal)).collect()
    };
    let (victims, shelter) = (found("victims"), found("shelter"));
    for h in &both {
        let at = (h.doc_id.clone(), h.ordinal);
        assert!(victims.contains(&at) && shelter.contains(&at), "{at:?}");
        assert!(!marked(h).is_empty());
    }
    let without = search(bundled(), "victims AND NOT shelter", 50);
    assert!(!without.is_empty());
    for h in &without {
        assert!(!h.text.to_lowercase().contains("shelter"), "{}", h.text);
        assert!(marked(h).iter().all(|w| !w.starts_with("shelter")));
    }
    assert_eq!(
        count(bundled(), "victims NOT shelter"),
        count(bundled(), "victims -shelter")
    );
    // Lower-case operators are words.
    let q = query("tag:KTIP and date:2009");
    assert!(q.words.contains(&"and".to_string()) && q.required.is_empty());
}

#[test]
fn parentheses_group_also_inside_fields() {
    let grouped = search(bundled(), "(forced OR bonded) labor", 20);
    assert!(!grouped.is_empty());
    for h in &grouped {
        let words = marked(h);
        assert!(
            words
                .iter()
                .any(|w| w.starts_with("force") || w == "bonded"),
            "{}: {words:?}",
            h.doc_id
        );
    }
    field_groups_are_alternatives(bundled());
    let origins = search(bundled(), "victims origin:(baku OR tbilisi)", 50);
    assert!(origins
        .iter()
        .all(|h| h.origin.as_deref() == Some("Embassy Baku")));
}

#[test]
fn proximity_holds_the_words_near_each_other_in_any_order() {
    let near = count(bundled(), r#""forced labor"~5"#);
    let phrase = count(bundled(), r#""forced labor""#);
    let both = count(bundled(), "forced AND labor");
    assert!(phrase <= near && near <= both, "{phrase} ≤ {near} ≤ {both}");
    assert!(near < both, "some passages hold both words far apart");
    // Lucene's slop: swapped words cost 2.
    assert!(count(bundled(), r#""labor forced"~2"#) >= phrase);
    assert_eq!(
        count(bundled(), "NEAR(forced labor, 5)"),
        near,
        "FTS5's NEAR means the same"
    );
    for h in search(bundled(), r#""forced labor"~5"#, 10) {
        let words = marked(&h);
        assert!(words.contains(&"forced".to_string()) && words.contains(&"labor".to_string()));
    }
}

#[test]
fn a_prefix_stands_for_the_words_that_start_with_it() {
    let hits = search(bundled(), "recruit*", 20);
    assert!(!hits.is_empty());
    let words: Vec<String> = hits.iter().flat_map(marked).collect();
    for form in ["recruiters", "recruitment"] {
        assert!(words.contains(&form.to_string()), "{form} in {words:?}");
    }
    assert!(count(bundled(), "traffick*") >= count(bundled(), "trafficking"));
    let e = parse_query("re*").unwrap_err().to_string();
    assert!(e.contains("3 letters") && e.contains('^'), "{e}");
}

#[test]
fn subject_and_ref_search_the_fields_users_search_first() {
    let hits = search(bundled(), "subject:\"interim assessment\" victims", 20);
    assert!(!hits.is_empty());
    assert!(hits
        .iter()
        .all(|h| h.title.to_lowercase().contains("interim assessment")));
    assert_eq!(
        count(bundled(), "title:assessment"),
        count(bundled(), "subject:assessment")
    );
    let citing = search(bundled(), "ref:09STATE109948", 50);
    assert!(!citing.is_empty());
    assert!(citing.iter().all(|h| h.doc_id == "09BAKU911"));
    assert_eq!(count(bundled(), "ref:09STATE000000"), 0);
}

#[test]
fn pasted_subjects_and_misspelled_fields_still_search() {
    let hits = search(bundled(), "AZERBAIJAN: TIP INTERIM ASSESSMENT", 1);
    assert_eq!(hits[0].doc_id, "09BAKU911");
    let r = SearchRequest::from_params([("q", "tga:KTIP victims")]).unwrap();
    let answer = bundled().answer(&r, None).unwrap();
    assert!(!answer.hits.is_empty());
    assert!(
        answer.notes[0].contains("did you mean 'tag:'"),
        "{:?}",
        answer.notes
    );
}

#[test]
fn errors_point_at_their_place() {
    for (q, at, needle) in [
        ("forced OR", 7, "OR needs a term after it"),
        ("(a b", 0, "never closed"),
        ("a b)", 3, "closes nothing"),
        (r#""forced labor"~x"#, 14, "'~' takes a number"),
        ("labor~2", 5, "'~' follows a quoted phrase"),
        ("NEAR(forced, 5)", 0, "two words"),
        ("tag:(KTIP OR recruit*)", 13, "a value of 'tag:'"),
        ("labor kind:memo", 11, "unknown kind"),
    ] {
        match parse_query(q) {
            Err(tipsearch::Error::Query { message, caret, .. }) => {
                assert!(message.contains(needle), "{q}: {message}");
                assert_eq!(caret.len() - 1, at, "{q}: {message}");
            }
            other => panic!("{q}: an error, not {other:?}"),
        }
    }
}

#[test]
fn results_by_document_show_each_document_once_with_its_other_passages() {
    let opts = SearchOptions {
        limit: 10,
        group: Group::Document,
        ..SearchOptions::default()
    };
    let hits = bundled().search(&query("victims"), &opts).unwrap();
    let ids: Vec<&str> = hits.iter().map(|h| h.doc_id.as_str()).collect();
    let mut distinct = ids.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(ids.len(), distinct.len(), "each document once: {ids:?}");
    assert_eq!(hits.len(), 5, "every document of the corpus names victims");
    let by_passage = search(bundled(), "victims", 1);
    assert_eq!(hits[0].doc_id, by_passage[0].doc_id);
    assert_eq!(
        hits[0].text, by_passage[0].text,
        "the best passage shows it"
    );
    let first = &hits[0];
    assert!(first.matching.unwrap() > MAX_ALSO);
    assert_eq!(first.also_at.len(), MAX_ALSO);
    assert!(
        first.also_at.iter().all(|a| a.starts_with('¶')),
        "{:?}",
        first.also_at
    );
    assert!(!first.highlights.is_empty());
    // Paging counts documents.
    let second = SearchOptions {
        offset: 1,
        limit: 2,
        ..opts
    };
    let page = bundled().search(&query("victims"), &second).unwrap();
    assert_eq!(
        page.iter().map(|h| h.doc_id.as_str()).collect::<Vec<_>>(),
        ids[1..3]
    );
}

#[test]
#[ignore = "needs ../shared/data (the dev cables); .ci/run runs it"]
fn by_document_in_date_order_is_the_list_of_cables_to_browse() {
    let dev = dev();
    let opts = SearchOptions {
        limit: 20,
        sort: Sort::Date,
        group: Group::Document,
        ..SearchOptions::default()
    };
    let hits = dev.search(&query("tag:KTIP"), &opts).unwrap();
    assert_eq!(hits.len(), 20);
    let dates: Vec<&str> = hits.iter().map(|h| h.date.as_deref().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    let mut ids: Vec<&str> = hits.iter().map(|h| h.doc_id.as_str()).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "each cable once");
    assert!(hits.iter().all(|h| h.matching.is_some_and(|m| m >= 1)));
    let r = SearchRequest::from_params([("q", "tag:KTIP"), ("count", "true")]).unwrap();
    let answer = dev.answer(&r, None).unwrap();
    assert!(answer.hits.is_empty(), "a count shows no hits");
    assert!(answer.documents.unwrap() >= n && answer.total >= answer.documents.unwrap());
}
