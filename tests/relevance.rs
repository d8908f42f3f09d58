//! The judged dev questions, run through the library as a user would run them: each is
//! answered, and the figures are printed for the CI log. No figure is asserted (issue 8:
//! a floor is a figure a change could be tuned to; ranking changes are decided by
//! cross-validation, `examples/relevance --crossval`). The questions and cables are in
//! ../shared, which a bare machine lacks: the test is ignored in `cargo test`, and
//! `.ci/run` runs it.

mod common;

#[path = "../examples/relevance/measure.rs"]
mod measure;

use std::path::Path;

use measure::{figures, load, rank_of};
use tipsearch::{parse_query, Ranking, SearchOptions};

#[test]
#[ignore = "needs ../shared (the dev cables and judged questions); .ci/run runs it"]
fn every_judged_question_is_answered_and_its_figures_printed() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    // The bundled corpus and the 6,022 dev cables, as `tipsearch index` of both makes.
    let index = common::dev_index(true);
    for set in ["dev", "dev2"] {
        let questions = load(&shared.join(format!("queries/{set}.tsv"))).expect("questions");
        assert!(questions.iter().all(|q| q.set == set));
        for q in &questions {
            let query = parse_query(&q.text).expect("a judged question parses");
            let hits = index.search(&query, &SearchOptions::default());
            let hits = hits.unwrap_or_else(|e| panic!("{} {:?}: {e}", q.id, q.text));
            assert!(!hits.is_empty(), "{} {:?} found nothing", q.id, q.text);
        }
        let ranks: Vec<Option<usize>> = questions
            .iter()
            .map(|q| rank_of(&index, q, &Ranking::default()).expect("search runs"))
            .collect();
        let [mrr, s1, s5, s10] = figures(&ranks);
        eprintln!(
            "{set}: n={} MRR@10 {mrr:.3} S@1 {s1:.3} S@5 {s5:.3} S@10 {s10:.3}",
            ranks.len()
        );
    }
}
