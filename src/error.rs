//! The one error type of the library.

use std::path::PathBuf;

/// Everything that can go wrong in tipsearch, with the file or query it concerns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// A file was read but is not a cable or report.
    #[error("{source_name}: {reason}")]
    Parse {
        /// Where the text came from.
        source_name: String,
        /// Why it was rejected.
        reason: String,
    },
    /// A query could not be understood.
    #[error("invalid query: {message}\n  {query}\n  {caret}")]
    Query {
        /// The query as typed.
        query: String,
        /// What is wrong.
        message: String,
        /// A caret line pointing at the problem.
        caret: String,
    },
    /// A search request's parameters could not be understood.
    #[error("invalid request: {0}")]
    Request(String),
    /// The index was written by another version of tipsearch.
    #[error("the index at {} has schema version {found}, this tipsearch needs {expected}; rebuild it with `tipsearch index --index {} --rebuild PATH...`", path.display(), path.display())]
    SchemaVersion {
        /// Index folder.
        path: PathBuf,
        /// Version found on disk.
        found: String,
        /// Version this build writes.
        expected: u32,
    },
    /// No index exists where one was asked for.
    #[error("no tipsearch index at {}; create one with `tipsearch index --index {} PATH...`", path.display(), path.display())]
    NoIndex {
        /// Index folder.
        path: PathBuf,
    },
    /// A document id is not in the index.
    #[error("no document with id {0}")]
    NotFound(String),
    /// Another process holds the index's writer lock.
    #[error("the index at {0} is in use by another process (another `tipsearch index` or server); try again when it is done")]
    Locked(String),
    /// The search engine failed.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// Reading the index's own structures (a term dictionary, a column) failed.
    #[error("index error: {what}: {source}")]
    IndexIo {
        /// What was being read.
        what: &'static str,
        /// What the reader said.
        #[source]
        source: std::io::Error,
    },
    /// A folder given as an index is not one, and is left alone.
    #[error("{}: {reason}", path.display())]
    NotAnIndex {
        /// The folder.
        path: PathBuf,
        /// Why it is not taken for an index.
        reason: String,
    },
    /// A search ran past the time it was given, and was stopped.
    #[error("the search took longer than it was allowed to and was stopped")]
    Timeout,
    /// A request asks for more work than one search may do.
    #[error("{0}")]
    TooCostly(String),
    /// The index's files are missing or unreadable: searching or writing it would give
    /// wrong answers, and only rebuilding it helps.
    #[error("the index at {} is damaged: {problem}; rebuild it with `tipsearch index --index {} --rebuild PATH...`", path.display(), path.display())]
    Damaged {
        /// Index folder.
        path: PathBuf,
        /// What is missing or wrong.
        problem: String,
    },
    /// Writes cannot be made durable (a full disk, the index folder gone): nothing more is
    /// acknowledged until they can.
    #[error("the index at {path} cannot be written: {reason}")]
    Unwritable {
        /// Index folder (or `in memory`).
        path: String,
        /// The operating system's reason.
        reason: String,
    },
}

impl Error {
    /// Builds a query error with a caret under the byte offset `at`.
    pub fn query(query: &str, at: usize, message: impl Into<String>) -> Error {
        // An offset inside a character (one counted past a trimmed U+2028) points at it.
        let mut at = at.min(query.len());
        while !query.is_char_boundary(at) {
            at -= 1;
        }
        let col = query[..at].chars().count();
        Error::Query {
            query: query.to_string(),
            message: message.into(),
            caret: format!("{}^", " ".repeat(col)),
        }
    }
}
