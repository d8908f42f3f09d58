//! A deadline that stops a search's work, not only its caller's wait.
//!
//! A server that answers "too slow" while the search goes on running keeps its cores busy
//! for work nobody will read. tantivy's collectors cannot stop a segment early, but the
//! query they run can: [`Bounded`] wraps a query so that every way a collector walks its
//! matches looks at the clock every few thousand documents, and gives up once it is past.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, TERMINATED};

use crate::error::Error;

/// Documents walked between two looks at the clock: reading it costs about as much as
/// scoring a few documents, so this keeps its cost out of sight.
const EVERY: u32 = 4096;

/// When a search must stop, and whether it had to.
#[derive(Debug, Clone)]
pub(crate) struct Deadline {
    at: Option<Instant>,
    passed: Arc<AtomicBool>,
}

impl Deadline {
    /// A deadline at `at`, or none.
    pub fn new(at: Option<Instant>) -> Deadline {
        Deadline {
            at,
            passed: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Whether the deadline has passed; remembered, so that the search reports it.
    fn expired(&self) -> bool {
        let late = self.at.is_some_and(|at| Instant::now() >= at);
        if late {
            self.passed.store(true, Ordering::Relaxed);
        }
        late || self.passed.load(Ordering::Relaxed)
    }

    /// An error once the deadline has passed: for the steps between collections.
    pub fn check(&self) -> Result<(), Error> {
        match self.expired() {
            true => Err(Error::Timeout),
            false => Ok(()),
        }
    }

    /// Runs a collection, turning the error of a walk it stopped into [`Error::Timeout`].
    pub fn run<T, E: Into<Error>>(&self, work: impl FnOnce() -> Result<T, E>) -> Result<T, Error> {
        let out = work();
        self.check()?;
        out.map_err(Into::into)
    }

    /// `query`, bounded by this deadline (as it is, without one).
    pub fn bound(&self, query: Box<dyn Query>) -> Box<dyn Query> {
        match self.at {
            Some(_) => Box::new(Bounded {
                inner: query,
                deadline: self.clone(),
            }),
            None => query,
        }
    }

    fn stopped(&self) -> TantivyError {
        TantivyError::InternalError("the search ran past its deadline".into())
    }
}

/// A query whose matches are walked only until its deadline.
#[derive(Debug)]
struct Bounded {
    inner: Box<dyn Query>,
    deadline: Deadline,
}

impl Clone for Bounded {
    fn clone(&self) -> Self {
        Bounded {
            inner: self.inner.box_clone(),
            deadline: self.deadline.clone(),
        }
    }
}

impl Query for Bounded {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(BoundedWeight {
            inner: self.inner.weight(scoring)?,
            deadline: self.deadline.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.inner.query_terms(visitor)
    }
}

struct BoundedWeight {
    inner: Box<dyn Weight>,
    deadline: Deadline,
}

impl BoundedWeight {
    /// Counts walked documents, failing once the deadline has passed.
    fn tick(&self, walked: &mut u32, n: u32) -> tantivy::Result<()> {
        *walked += n;
        if *walked >= EVERY {
            *walked = 0;
            if self.deadline.expired() {
                return Err(self.deadline.stopped());
            }
        }
        Ok(())
    }
}

impl Weight for BoundedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.inner.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.inner.explain(reader, doc)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        let alive = reader.alive_bitset();
        let mut n = 0;
        self.for_each_no_score(reader, &mut |docs| {
            n += docs
                .iter()
                .filter(|&&d| alive.is_none_or(|a| a.is_alive(d)))
                .count() as u32;
        })?;
        Ok(n)
    }

    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        let mut scorer = self.inner.scorer(reader, 1.0)?;
        let mut walked = 0;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            callback(doc, scorer.score());
            self.tick(&mut walked, 1)?;
            doc = scorer.advance();
        }
        Ok(())
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        let mut scorer = self.inner.scorer(reader, 1.0)?;
        let mut buffer = [0; tantivy::COLLECT_BLOCK_BUFFER_LEN];
        let mut walked = 0;
        loop {
            let n = scorer.fill_buffer(&mut buffer);
            callback(&buffer[..n]);
            if n < buffer.len() {
                return Ok(());
            }
            self.tick(&mut walked, n as u32)?;
        }
    }

    /// The top-k walk skips what cannot beat its threshold; past the deadline the
    /// threshold is made unbeatable, which ends the walk at once.
    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let mut walked = 0;
        let mut late = false;
        self.inner
            .for_each_pruning(threshold, reader, &mut |doc, score| {
                if late || self.tick(&mut walked, 1).is_err() {
                    late = true;
                    return Score::INFINITY;
                }
                callback(doc, score)
            })?;
        match late {
            true => Err(self.deadline.stopped()),
            false => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{AllQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index, Term};

    /// An index of `n` one-word documents, and its searcher.
    fn many(n: usize) -> (tantivy::Searcher, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer(15 << 20).expect("writer");
        for _ in 0..n {
            writer
                .add_document(doc!(text => "trafficking"))
                .expect("added");
        }
        writer.commit().expect("committed");
        (index.reader().expect("reader").searcher(), text)
    }

    #[test]
    fn a_walk_past_its_deadline_stops_early() {
        let (searcher, _) = many(50_000);
        let deadline = Deadline::new(Some(Instant::now()));
        let bounded = deadline.bound(Box::new(AllQuery));
        let weight = bounded
            .weight(EnableScoring::disabled_from_searcher(&searcher))
            .expect("weight");
        let mut seen = 0;
        let walked =
            weight.for_each_no_score(searcher.segment_reader(0), &mut |docs| seen += docs.len());
        assert!(walked.is_err());
        assert!(seen < 50_000, "stopped after {seen} documents");
    }

    #[test]
    fn every_collection_past_its_deadline_is_a_timeout() {
        let (searcher, text) = many(20_000);
        let deadline = Deadline::new(Some(Instant::now()));
        let term = Term::from_field_text(text, "trafficking");
        let query = deadline.bound(Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)));
        let top =
            deadline.run(|| searcher.search(&*query, &TopDocs::with_limit(10).order_by_score()));
        assert!(matches!(top, Err(Error::Timeout)));
        let count = deadline.run(|| searcher.search(&*query, &Count));
        assert!(matches!(count, Err(Error::Timeout)));
        let free = Deadline::new(None);
        let all = free.run(|| searcher.search(&*free.bound(Box::new(AllQuery)), &Count));
        assert_eq!(all.expect("no deadline, no limit"), 20_000);
    }
}
