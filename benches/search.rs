//! Criterion benchmarks of the hot paths: parsing, indexing (in memory, and the batch
//! pipeline on disk, first run and re-run), searching with highlights.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use tipsearch::{parse_query, Index, IngestOptions, SearchOptions, Silent};

fn corpus() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut out = Vec::new();
    for sub in ["cables", "reports"] {
        for e in std::fs::read_dir(dir.join(sub)).expect("corpus folder") {
            let p = e.expect("entry").path();
            out.push((
                p.display().to_string(),
                std::fs::read_to_string(&p).expect("text"),
            ));
        }
    }
    out
}

fn benches(c: &mut Criterion) {
    let files = corpus();
    c.bench_function("parse bundled corpus (5 documents)", |b| {
        b.iter(|| {
            for (name, text) in &files {
                tipsearch::parse_text(text, name).expect("parses");
            }
        })
    });
    let docs: Vec<_> = files
        .iter()
        .map(|(n, t)| tipsearch::parse_text(t, n).expect("parses"))
        .collect();
    c.bench_function("index bundled corpus in memory", |b| {
        b.iter(|| {
            let index = Index::in_memory().expect("in-memory index");
            index.add_documents(&docs).expect("indexes");
        })
    });
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let opts = IngestOptions::default();
    c.bench_function("batch: read, parse, index, commit the corpus folder", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("temp dir"),
            |dir| {
                let index = Index::open_or_create(dir.path()).expect("index");
                index
                    .index_paths(std::slice::from_ref(&folder), &opts, &Silent)
                    .expect("indexes");
                dir
            },
            BatchSize::PerIteration,
        )
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let on_disk = Index::open_or_create(dir.path()).expect("index");
    let paths = [folder];
    on_disk
        .index_paths(&paths, &opts, &Silent)
        .expect("indexes");
    c.bench_function("batch: re-run on unchanged input", |b| {
        b.iter(|| {
            on_disk
                .index_paths(&paths, &opts, &Silent)
                .expect("re-runs")
        })
    });
    let index = Index::in_memory().expect("in-memory index");
    index.add_documents(&docs).expect("indexes");
    for q in [
        "forced labor Nakhchivan",
        "\"national referral mechanism\" shelter",
        "victims tag:KTIP date:2009",
    ] {
        let query = parse_query(q).expect("query parses");
        c.bench_function(&format!("search+highlight: {q}"), |b| {
            b.iter(|| {
                index
                    .search(&query, &SearchOptions::default())
                    .expect("searches")
            })
        });
    }
}

criterion_group!(search, benches);
criterion_main!(search);
