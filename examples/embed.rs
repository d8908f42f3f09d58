//! Another program searching through tipsearch: index a folder, then search it.
//! `cargo run --example embed -- corpus "forced labor Nakhchivan"` (tests/embed.rs runs it).

use std::path::Path;

use tipsearch::{parse_query, Hit, Index, IngestOptions, SearchOptions, Silent};

/// Indexes `folder` into `index_dir` (created when missing) and runs `query` over it.
pub fn run(folder: &Path, index_dir: &Path, query: &str) -> Result<Vec<Hit>, tipsearch::Error> {
    let index = Index::open_or_create(index_dir)?;
    let summary = index.index_paths(&[folder.into()], &IngestOptions::default(), &Silent)?;
    eprintln!(
        "{} new documents, {} failed",
        summary.indexed,
        summary.failures.len()
    );
    index.search(&parse_query(query)?, &SearchOptions::default())
}

fn main() -> Result<(), tipsearch::Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let folder = Path::new(args.first().map_or("corpus", String::as_str));
    let query = args
        .get(1)
        .map_or("forced labor Nakhchivan", String::as_str);
    let dir = std::env::temp_dir().join(format!("tipsearch-embed-{}", std::process::id()));
    for hit in run(folder, &dir, query)? {
        let paragraph = hit.paragraph.as_deref().unwrap_or("-");
        println!(
            "{:>2}. {} ¶{paragraph}  {}",
            hit.rank, hit.doc_id, hit.title
        );
    }
    Index::remove(&dir)
}
