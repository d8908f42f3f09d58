//! What a search needs that depends only on the index's contents, worked out once per
//! generation of the reader (each commit makes a new one) or once per segment, instead of
//! in every search.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::{Searcher, SegmentReader};

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

/// A value worked out once for each segment (segments never change once written), kept
/// while the segment is searched: a commit then works out only its new segments' values.
pub(crate) struct PerSegment<T> {
    cell: Mutex<HashMap<SegmentId, Arc<T>>>,
}

impl<T> Default for PerSegment<T> {
    fn default() -> Self {
        PerSegment {
            cell: Mutex::new(HashMap::new()),
        }
    }
}

impl<T> PerSegment<T> {
    /// The value of each of `searcher`'s segments, in its segment order, worked out by
    /// `make` for those that have none yet; segments no longer searched are forgotten.
    pub(crate) fn get(
        &self,
        searcher: &Searcher,
        make: impl Fn(&SegmentReader) -> Result<T, Error>,
    ) -> Result<Vec<Arc<T>>, Error> {
        let mut cell = self.cell.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = Vec::new();
        for segment in searcher.segment_readers() {
            let value = match cell.get(&segment.segment_id()) {
                Some(value) => Arc::clone(value),
                None => Arc::new(make(segment)?),
            };
            out.push(value);
        }
        cell.clear();
        for (segment, value) in searcher.segment_readers().iter().zip(&out) {
            cell.insert(segment.segment_id(), Arc::clone(value));
        }
        Ok(out)
    }
}
