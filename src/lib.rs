//! tipsearch: search diplomatic cables and Trafficking in Persons reports by passage.
//!
//! Data flows one way: source files → [`source`] (records) → [`parse`] → [`Document`] →
//! [`Index`] (via [`Index::index_paths`]) → [`Index::search`] → [`Hit`]s → a renderer in
//! [`render`].
#![warn(missing_docs)]

mod analyzer;
mod bundled;
pub mod error;
pub mod highlight;
mod index;
pub mod ingest;
pub mod model;
pub mod parse;
pub mod query;
pub mod render;
mod search;
pub mod server;
pub mod source;
mod stats;
mod variants;

pub use error::Error;
pub use index::{Index, SCHEMA_VERSION};
pub use ingest::{Added, IngestOptions, Progress, Silent, Summary, Writer};
pub use model::{Document, Kind, Passage};
pub use query::{parse as parse_query, Filter, Query};
pub use search::{Hit, Reference, References, SearchOptions, Sort};
pub use stats::Stats;

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
