//! Reading sources: walks files and folders, parses in parallel, and reports each failure
//! without stopping the batch.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::Error;
use crate::model::Document;
use crate::parse;

/// The outcome of reading a batch: what parsed, and what failed with its reason.
#[derive(Debug, Default)]
pub struct Batch {
    /// Parsed documents.
    pub documents: Vec<Document>,
    /// One error per file that could not be read or parsed.
    pub failures: Vec<Error>,
}

/// Lists the files under `paths` (recursively, sorted); a missing path is a failure.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for p in paths {
        walk(p, &mut files, &mut failures);
    }
    (files, failures)
}

fn walk(path: &Path, files: &mut Vec<PathBuf>, failures: &mut Vec<Error>) {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(source) => {
            failures.push(Error::Io {
                path: path.to_path_buf(),
                source,
            });
            return;
        }
    };
    if meta.is_file() {
        files.push(path.to_path_buf());
        return;
    }
    let entries = match std::fs::read_dir(path) {
        Ok(e) => e,
        Err(source) => {
            failures.push(Error::Io {
                path: path.to_path_buf(),
                source,
            });
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for c in children {
        // Hidden files and folders (.git, editor swap files) are not documents.
        if c.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
        {
            continue;
        }
        walk(&c, files, failures);
    }
}

/// Reads and parses every file under `paths`, in parallel.
pub fn read_paths(paths: &[PathBuf]) -> Batch {
    let (files, mut failures) = collect_files(paths);
    let results: Vec<Result<Document, Error>> = files
        .par_iter()
        .map(|f| {
            let bytes = std::fs::read(f).map_err(|source| Error::Io {
                path: f.clone(),
                source,
            })?;
            let name = f.display().to_string();
            let doc = parse::parse_bytes(&bytes, &name)?;
            if doc.passages.is_empty() {
                return Err(Error::Parse {
                    source_name: name,
                    reason: format!("{} has a header but no text after it", doc.doc_id),
                });
            }
            Ok(doc)
        })
        .collect();
    let mut documents = Vec::new();
    for r in results {
        match r {
            Ok(d) => documents.push(d),
            Err(e) => failures.push(e),
        }
    }
    Batch {
        documents,
        failures,
    }
}

/// Parses the bundled corpus.
pub fn bundled() -> Result<Vec<Document>, Error> {
    crate::bundled::DOCUMENTS
        .iter()
        .map(|(name, text)| parse::parse_text(text, name))
        .collect()
}
