//! tipsearch: search diplomatic cables and Trafficking in Persons reports by passage.
//!
//! Data flows one way: source files → records → [`parse_text`] → [`Document`] → [`Index`]
//! (via [`Index::index_paths`]) → [`Index::search`] → [`Hit`]s → a renderer in [`render`],
//! or the HTTP service in [`server`].
//!
//! ```no_run
//! # fn main() -> Result<(), tipsearch::Error> {
//! let index = tipsearch::Index::open_or_create(std::path::Path::new("/tmp/cables-index"))?;
//! let summary = index.index_paths(&["cables/".into()], &Default::default(), &tipsearch::Silent)?;
//! let query = tipsearch::parse_query("forced labor Nakhchivan")?;
//! for hit in index.search(&query, &tipsearch::SearchOptions::default())? {
//!     println!("{} {}: {}", hit.doc_id, hit.paragraph.unwrap_or_default(), hit.text);
//! }
//! # let _ = summary; Ok(()) }
//! ```
#![warn(missing_docs)]

mod acronyms;
mod analyzer;
mod bundled;
mod error;
mod generation;
mod guard;
mod highlight;
mod index;
mod ingest;
mod journal;
mod lexicon;
mod model;
mod parse;
mod quantities;
mod query;
mod read_only;
pub mod render;
mod search;
pub mod server;
mod source;
mod stats;
mod tiers;
mod variants;

pub use error::Error;
pub use guard::quiet_guarded_panics;
pub use highlight::{fragments, Fragment};
pub use index::{Index, MAX_ID_BYTES, SCHEMA_VERSION, WRITER_MEMORY};
pub use ingest::{Added, IngestOptions, Progress, Silent, Summary, Writer};
pub use model::{Document, Kind, Passage};
pub use parse::{parse_bytes, parse_documents, parse_text, references_in, MAX_PASSAGE_BYTES};
pub use query::{
    named_filter, parse as parse_query, range_filter, FieldSpec, Filter, Node, Query, FIELDS,
    MAX_DISTANCE,
};
pub use search::{
    Answer, Evidence, Expansion, Explanation, Format, Group, Hit, Knob, Parameter, Place, Ranking,
    Reference, References, SearchOptions, SearchRequest, Signal, Sort, StoredDocument, MAX_ALSO,
    MAX_COST, MAX_PREFIX_WORDS, PARAMETERS,
};
// Public so that a document held in memory is read exactly as `tipsearch index` and the server
// read it, and so that tests outside the crate (tests/fuzz.rs) reach each source reader.
pub use source::{parse_record, read_bytes, read_paths, Parsed, Record, MAX_EXPANDED_BYTES};
pub use stats::{Bucket, Period, Series, Stats};
pub use tiers::{TierHistory, TierYear};

/// The word-relation tables stemmed as the index stems, as `(file name, text)`: what
/// `examples/lexicon.rs` writes to `src/lexicon/` after the word tables change.
pub fn stemmed_lexicon() -> [(&'static str, String); 4] {
    lexicon::stemmed_tables()
}

/// The index that `tipsearch` uses when none is named: the platform's data directory.
pub fn default_index_dir() -> Option<std::path::PathBuf> {
    dirs::data_dir().map(|d| d.join("tipsearch").join("index"))
}

/// Parses the bundled corpus (compiled into the binary).
pub fn bundled_documents() -> Result<Vec<Document>, Error> {
    bundled::DOCUMENTS
        .iter()
        .map(|(name, text)| parse::parse_text(text, name))
        .collect()
}

/// An in-memory index of the bundled corpus, for searching with no set-up.
pub fn bundled_index() -> Result<Index, Error> {
    let index = Index::in_memory()?;
    index.add_documents(&bundled_documents()?)?;
    Ok(index)
}
