//! What the CLI tests share: a `tipsearch` command isolated from the user's own data, and
//! its outcome as (exit code, stdout, stderr).

#![allow(dead_code)] // each test crate uses its own part of this module

pub mod disk;
pub mod http;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A command isolated from the user's own data directory and environment.
pub fn tipsearch(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tipsearch"));
    c.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("TIPSEARCH_INDEX")
        .env_remove("NO_COLOR")
        .env("RUST_BACKTRACE", "0");
    c
}

/// Runs a command to its end: (exit code, stdout, stderr).
pub fn run(c: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = c.output().expect("binary runs");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

/// The bundled corpus folder.
pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// Real documents kept for the tests: a WikiLeaks page and a cables.csv sample.
pub fn test_data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// A file of ../shared/data, the data set CI has: tests that read it are ignored in a
/// plain `cargo test`, and `.ci/run` runs them.
pub fn shared_data(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(name);
    assert!(
        path.exists(),
        "{} is missing: this test needs the shared data set",
        path.display()
    );
    path
}

/// An id WikiLeaks could have published 09BAKU141 under, named after a garbled banner as
/// `08SCTION02OF02SAOPAULO335` was for `08SAOPAULO335`.
pub const ALIAS: &str = "09SCTION01OF03BAKU141";

/// A cable of the bundled corpus (`09BAKU141`), parsed as `tipsearch index` parses it.
pub fn cable(id: &str) -> tipsearch::Document {
    let path = corpus().join("cables").join(format!("{id}.txt"));
    let bytes = std::fs::read(&path).expect("the corpus cable is readable");
    tipsearch::parse_bytes(&bytes, &path.display().to_string()).expect("the corpus cable parses")
}

/// 09BAKU141 as if it had also been published under [`ALIAS`].
pub fn aliased_cable() -> tipsearch::Document {
    let mut doc = cable("09BAKU141");
    doc.aliases = vec![ALIAS.into()];
    doc
}

/// A new index at `dir` holding [`aliased_cable`] and 09BAKU911, which has no other id,
/// written through the library: the parser fills no aliases yet.
pub fn index_aliased(dir: &Path) {
    let index = tipsearch::Index::open_or_create(dir).expect("the index is created");
    index
        .add_documents(&[aliased_cable(), cable("09BAKU911")])
        .expect("the documents are indexed");
}

/// The first `limit` hits of query `q` in `index`, ranked: what a library test searches with.
pub fn search_in(index: &tipsearch::Index, q: &str, limit: usize) -> Vec<tipsearch::Hit> {
    let query = tipsearch::parse_query(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    let opts = tipsearch::SearchOptions {
        limit,
        ..tipsearch::SearchOptions::default()
    };
    index.search(&query, &opts).expect("search runs")
}

/// An index in memory of the 6,022 dev cables of ../shared/data, and of the bundled corpus
/// when `bundled`: what the tests on the dev data search.
pub fn dev_index(bundled: bool) -> tipsearch::Index {
    let mut docs = match bundled {
        true => tipsearch::bundled_documents().expect("bundled corpus"),
        false => Vec::new(),
    };
    tipsearch::read_paths(&[shared_data("cablegate-dev.tar.gz")], &mut |p| {
        docs.extend(p.ok().map(|p| p.document));
    });
    let index = tipsearch::Index::in_memory().expect("index");
    index.add_documents(&docs).expect("indexed");
    index
}
