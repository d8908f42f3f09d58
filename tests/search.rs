//! Every query form and filter, run through the library on the bundled corpus.

mod common;

use std::sync::OnceLock;

use tipsearch::{parse_query, Error, Hit, Index, SearchOptions, Sort};

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| tipsearch::bundled_index().expect("bundled corpus indexes"))
}

fn search(q: &str) -> Vec<Hit> {
    search_with(q, Sort::Relevance)
}

fn search_with(q: &str, sort: Sort) -> Vec<Hit> {
    let query = parse_query(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    index()
        .search(
            &query,
            &SearchOptions {
                limit: 50,
                offset: 0,
                sort,
                ..SearchOptions::default()
            },
        )
        .expect("search runs")
}

fn marked(h: &Hit) -> Vec<&str> {
    h.highlights.iter().map(|[s, e]| &h.text[*s..*e]).collect()
}

#[test]
fn words_rank_passages_holding_all_of_them_first() {
    let hits = search("forced labor Nakhchivan");
    assert!(!hits.is_empty());
    let top = &hits[0];
    let lower = top.text.to_lowercase();
    assert!(
        lower.contains("nakhchivan") && lower.contains("forced labor"),
        "{}",
        top.text
    );
    // Highlights land exactly on the words, stems included.
    let m = marked(top);
    assert!(m.contains(&"Nakhchivan"), "{m:?}");
    assert!(m.iter().any(|w| w.eq_ignore_ascii_case("forced")), "{m:?}");
    for w in m {
        let w = w.to_lowercase();
        assert!(
            w.starts_with("forc") || w.starts_with("labor") || w == "nakhchivan",
            "{w}"
        );
    }
}

#[test]
fn us_finds_the_united_states_either_way_it_is_written() {
    let hits = search("US");
    let docs: Vec<&str> = hits.iter().map(|h| h.doc_id.as_str()).collect();
    let has = |id: &str, written: &str| {
        hits.iter()
            .any(|h| h.doc_id == id && marked(h).contains(&written))
    };
    assert!(has("09BAKU141", "US"), "the US Embassy: {docs:?}");
    assert!(
        has("09BAKU911", "U.S"),
        "the U.S. Department of Justice: {docs:?}"
    );
}

#[test]
fn stemmed_forms_are_found_and_highlighted() {
    let hits = search("trafficked");
    assert!(hits.len() > 10);
    let all: Vec<String> = hits
        .iter()
        .flat_map(|h| marked(h).into_iter().map(str::to_lowercase))
        .collect();
    assert!(all.contains(&"trafficking".to_string()) && all.contains(&"trafficked".to_string()));
}

#[test]
fn phrases_must_occur_and_highlight_as_one_span() {
    let hits = search("\"national referral mechanism\"");
    assert!(!hits.is_empty());
    for h in &hits {
        assert!(
            h.text
                .to_lowercase()
                .contains("national referral mechanism"),
            "{}",
            h.text
        );
        assert!(
            marked(h)
                .iter()
                .any(|m| m.eq_ignore_ascii_case("national referral mechanism")),
            "{:?}",
            marked(h)
        );
    }
}

#[test]
fn excluded_words_and_filters() {
    let with = search("shelter");
    let without = search("shelter -child");
    assert!(without.len() < with.len());
    let has_word = |h: &Hit, w: &str| {
        h.text
            .split(|c: char| !c.is_alphanumeric())
            .any(|x| x.eq_ignore_ascii_case(w))
    };
    assert!(with.iter().any(|h| has_word(h, "child")));
    assert!(without.iter().all(|h| !has_word(h, "child")));
    let not_pgov = search("shelter -tag:PGOV");
    assert!(not_pgov
        .iter()
        .all(|h| !h.tags.contains(&"PGOV".to_string())));
}

#[test]
fn field_filters() {
    let only = |q: &str, pred: &dyn Fn(&Hit) -> bool| {
        let hits = search(q);
        assert!(!hits.is_empty(), "{q} finds something");
        assert!(hits.iter().all(pred), "{q}");
    };
    only("victims tag:KTIP", &|h| {
        h.tags.contains(&"KTIP".to_string())
    });
    only("victims tag:pgov", &|h| h.doc_id == "09BAKU911");
    only("victims origin:baku", &|h| {
        h.origin.as_deref() == Some("Embassy Baku")
    });
    only("victims kind:cable", &|h| h.kind == "cable");
    only("victims kind:tip_report", &|h| h.kind == "tip_report");
    only("victims kind:tip_interim", &|h| h.kind == "tip_interim");
    only("victims country:azerbaijan", &|h| {
        h.doc_id.contains("BAKU") || h.doc_id.contains("AZERBAIJAN")
    });
    only(r#"victims tier:"tier 2 watch list""#, &|h| {
        h.doc_id == "TIP-2009-AZERBAIJAN"
    });
    only("victims section:protection", &|h| {
        h.section
            .as_deref()
            .is_some_and(|s| s.to_lowercase().contains("protection"))
    });
    only("victims id:09baku141", &|h| h.doc_id == "09BAKU141");
    only(
        r#"victims classification:"unclassified//for official use only""#,
        &|h| h.kind == "cable",
    );
    only("victims date:2009-11-01..2009-12-31", &|h| {
        h.doc_id == "09BAKU911"
    });
    only("victims date:2023", &|h| h.doc_id == "TIP-2023-AZERBAIJAN");
    assert!(search("victims classification:secret").is_empty());
    // Filters alone list passages.
    assert!(search("id:09BAKU911").len() >= 6);
}

#[test]
fn sorting_by_date() {
    let asc = search_with("victims", Sort::Date);
    let desc = search_with("victims", Sort::DateDesc);
    assert!(asc.first().unwrap().date <= asc.last().unwrap().date);
    assert_eq!(desc.first().unwrap().doc_id, "TIP-2023-AZERBAIJAN");
}

#[test]
fn show_returns_passages_in_reading_order() {
    let doc = index().document("09baku911").unwrap();
    assert_eq!(
        (doc.doc_id.as_str(), doc.kind.as_str()),
        ("09BAKU911", "cable")
    );
    let numbers: Vec<&str> = doc
        .passages
        .iter()
        .filter_map(|h| h.paragraph.as_deref())
        .collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5", "6"]);
    assert!(matches!(
        index().document("09BAKU999"),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn malformed_queries_say_what_is_wrong() {
    for (q, needle) in [
        (r#"forced "labor"#, "never closed"),
        ("labor OR", "OR needs a term after it"),
        ("(labor", "never closed"),
        ("labor kind:memo", "unknown kind"),
        ("labor date:2009-02-30", "not a date"),
        ("labor date:2010..2009", "ends before it starts"),
        ("labor tag:", "needs a value"),
        ("-labor", "cannot only exclude"),
        ("   ", "no words"),
        ("* ...", "no words"),
    ] {
        let e = parse_query(q).expect_err(q).to_string();
        assert!(e.contains(needle), "{q}: {e}");
        assert!(e.contains('^'), "{q}: a caret points at the problem: {e}");
    }
}

/// An index of 09BAKU141, also published as [`common::ALIAS`], and 09BAKU911.
fn aliased_index() -> Index {
    let index = Index::in_memory().expect("index");
    index
        .add_documents(&[common::aliased_cable(), common::cable("09BAKU911")])
        .expect("indexed");
    index
}

#[test]
fn an_alias_is_an_id_for_filters_and_lookups() {
    let index = aliased_index();
    let alias = common::ALIAS.to_lowercase();
    let hits = common::search_in(&index, &format!("id:{alias}"), 50);
    assert!(
        hits.len() >= 3,
        "every passage of 09BAKU141: {}",
        hits.len()
    );
    for h in &hits {
        assert_eq!(h.doc_id, "09BAKU141");
        assert_eq!(h.aliases, [common::ALIAS]);
    }
    let others = common::search_in(&index, &format!("victims -id:{alias}"), 50);
    assert!(!others.is_empty() && others.iter().all(|h| h.doc_id == "09BAKU911"));

    let doc = index.document(&alias).expect("found by its alias");
    assert_eq!(
        doc.passages.len(),
        index
            .document("09BAKU141")
            .expect("by its id")
            .passages
            .len()
    );
    assert_eq!(
        (doc.doc_id.as_str(), &doc.aliases[..]),
        ("09BAKU141", &[common::ALIAS.to_string()][..])
    );
    assert!(doc
        .passages
        .iter()
        .all(|h| h.doc_id == "09BAKU141" && h.aliases == [common::ALIAS]));
    let refs = index.references(&alias).expect("references by the alias");
    assert_eq!(refs.doc_id, "09BAKU141");

    let plain = index.document("09BAKU911").expect("09BAKU911");
    assert!(plain.aliases.is_empty() && plain.passages[0].aliases.is_empty());
    let json = serde_json::to_value(&plain.passages[0]).expect("json");
    assert!(json.get("aliases").is_none(), "no empty aliases in {json}");
    let json = serde_json::to_value(&doc.passages[0]).expect("json");
    assert_eq!(json["aliases"], serde_json::json!([common::ALIAS]));
}

#[test]
fn reindexing_a_document_replaces_its_aliases() {
    let index = aliased_index();
    let mut renamed = common::aliased_cable();
    renamed.aliases = vec!["09BAKU141A".into()];
    index.add_documents(&[renamed]).expect("re-indexed");
    assert!(matches!(
        index.document(common::ALIAS),
        Err(Error::NotFound(_))
    ));
    assert!(common::search_in(&index, &format!("id:{}", common::ALIAS), 50).is_empty());
    let doc = index.document("09baku141a").expect("the new alias");
    assert_eq!(doc.doc_id, "09BAKU141");
    assert_eq!(doc.aliases, ["09BAKU141A"]);
}

#[test]
fn an_id_wins_over_the_same_alias_of_another_document() {
    let index = aliased_index();
    // 09BAKU141 sorts first, so only the rule that an id wins finds 09BAKU911 here.
    let mut claims = common::aliased_cable();
    claims.aliases.push("09BAKU911".into());
    index.add_documents(&[claims]).expect("re-indexed");
    let doc = index.document("09baku911").expect("by its id");
    assert_eq!(doc.doc_id, "09BAKU911");
    assert_eq!(
        index.references("09BAKU911").expect("refs").doc_id,
        "09BAKU911"
    );
    // The filter matches either: both documents go by that id.
    let mut ids: Vec<String> = common::search_in(&index, "id:09BAKU911", 50)
        .into_iter()
        .map(|h| h.doc_id)
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids, ["09BAKU141", "09BAKU911"]);
}

#[test]
fn a_search_after_a_commit_finds_the_documents_it_added() {
    // What ranking keeps between searches (the document count per generation of the
    // reader, the document ids per segment) must follow a commit made through the same
    // handle.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let index = Index::open_or_create(dir.path()).expect("a new index");
    let add = |name: &str| {
        let path = common::corpus().join("cables").join(name);
        let opts = tipsearch::IngestOptions::default();
        let summary = index.index_paths(&[path], &opts, &tipsearch::Silent);
        assert_eq!(summary.expect("indexes").indexed, 1, "{name}");
    };
    let ids = |q: &str| -> Vec<String> {
        let hits = index.search(&parse_query(q).expect("a query"), &SearchOptions::default());
        hits.expect("search runs")
            .into_iter()
            .map(|h| h.doc_id)
            .collect()
    };
    add("09BAKU911.txt");
    assert!(ids("Nakhchivan forced labor")
        .iter()
        .all(|id| id == "09BAKU911"));
    add("09BAKU141.txt");
    let after = ids("Nakhchivan forced labor");
    assert!(after.iter().any(|id| id == "09BAKU141"), "{after:?}");
}
