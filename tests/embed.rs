//! `examples/embed.rs`, the API as another program uses it, run on the bundled corpus.

#[allow(dead_code)] // the example's own `main` is not called here
#[path = "../examples/embed.rs"]
mod embed;

#[test]
fn the_embedding_example_indexes_a_folder_and_searches_it() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let dir = tempfile::tempdir().unwrap();
    let hits = embed::run(
        &corpus,
        &dir.path().join("index"),
        "forced labor Nakhchivan",
    )
    .unwrap();
    assert!(!hits.is_empty());
    assert!(hits[0].text.contains("Nakhchivan"), "{:?}", hits[0]);
    // A second run finds everything unchanged and answers the same.
    let again = embed::run(
        &corpus,
        &dir.path().join("index"),
        "forced labor Nakhchivan",
    )
    .unwrap();
    assert_eq!(hits, again);
}
