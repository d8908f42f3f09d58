//! What a search needs that depends only on the index's contents, worked out once per
//! generation of the reader (each commit makes a new one) instead of in every search.

use std::sync::{Arc, Mutex};

use tantivy::Searcher;

use crate::error::Error;

/// A value worked out for one generation of the reader, kept until a searcher of another
/// generation asks.
pub(crate) struct PerGeneration<T> {
    cell: Mutex<Option<(u64, Arc<T>)>>,
}

impl<T> Default for PerGeneration<T> {
    fn default() -> Self {
        PerGeneration {
            cell: Mutex::new(None),
        }
    }
}

impl<T> PerGeneration<T> {
    /// The value for `searcher`'s generation, worked out by `make` when it has none yet.
    /// The lock is held while `make` runs, so that two searches never both work it out.
    pub(crate) fn get(
        &self,
        searcher: &Searcher,
        make: impl FnOnce() -> Result<T, Error>,
    ) -> Result<Arc<T>, Error> {
        let generation = searcher.generation().generation_id();
        let mut cell = self.cell.lock().unwrap_or_else(|e| e.into_inner());
        match &*cell {
            Some((g, value)) if *g == generation => Ok(Arc::clone(value)),
            _ => {
                let value = Arc::new(make()?);
                *cell = Some((generation, Arc::clone(&value)));
                Ok(value)
            }
        }
    }
}
