//! In-process query latency of an on-disk index, for `scripts/compare.py`.
//!
//! Timing the `tipsearch` command measures process start-up and index opening as much
//! as searching; this opens the index once and times only `parse_query` + `search` (with
//! highlights), as a long-running server would see it.
//!
//! `cargo run --release --example latency -- --index DIR --queries FILE [--runs N]`
//! reads queries one a line (`id<TAB>query<TAB>...` takes the second field; blank lines
//! and `#` comments are skipped), runs each once to warm up, then times each `N` times
//! (default 5) and prints `{"latencies_ms": [...], "queries": n}` on stdout.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use tipsearch::{parse_query, Index, SearchOptions, Sort};

fn main() -> Result<()> {
    let (mut index_dir, mut queries_file, mut runs) = (None, None, 5usize);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--index" => index_dir = Some(PathBuf::from(value()?)),
            "--queries" => queries_file = Some(PathBuf::from(value()?)),
            "--runs" => runs = value()?.parse().context("--runs takes a whole number")?,
            _ => bail!("unknown argument {arg:?}; usage: --index DIR --queries FILE [--runs N]"),
        }
    }
    let index_dir = index_dir.context("--index DIR is required")?;
    let queries_file = queries_file.context("--queries FILE is required")?;
    let listing = std::fs::read_to_string(&queries_file)
        .with_context(|| format!("cannot read {}", queries_file.display()))?;
    let queries: Vec<&str> = listing
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').nth(1).unwrap_or(l).trim())
        .collect();
    if queries.is_empty() || runs == 0 {
        bail!("need at least one query and --runs of at least 1");
    }

    let index = Index::open(&index_dir)
        .with_context(|| format!("cannot open index {}", index_dir.display()))?;
    let opts = SearchOptions {
        limit: 10,
        offset: 0,
        sort: Sort::Relevance,
        ..SearchOptions::default()
    };
    let search = |text: &str| -> Result<usize> {
        let q = parse_query(text).with_context(|| format!("query {text:?}"))?;
        Ok(index.search(&q, &opts)?.len())
    };

    for q in &queries {
        search(q)?; // warm-up: page cache, lazily loaded structures
    }
    let mut latencies_ms = Vec::with_capacity(queries.len() * runs);
    for q in &queries {
        for _ in 0..runs {
            let start = Instant::now();
            std::hint::black_box(search(q)?);
            latencies_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let out = serde_json::json!({ "latencies_ms": latencies_ms, "queries": queries.len() });
    println!("{out}");
    Ok(())
}
