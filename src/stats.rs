//! Counts of documents by kind, year, origin, tag and classification, read from fast fields:
//! what `tipsearch stats` prints, and the shape of a search's matches.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{AllQuery, Query as TQuery};
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::error::Error;
use crate::index::{fast, Index};

/// How many documents (and passages) an index or a search holds, and how they divide.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Distinct documents.
    pub documents: u64,
    /// Passages (the indexed and ranked units).
    pub passages: u64,
    /// Documents by kind (`cable`, `tip_report`, `tip_interim`).
    pub kinds: BTreeMap<String, u64>,
    /// Documents by year of their date (`unknown` when undated).
    pub years: BTreeMap<String, u64>,
    /// Documents by sending post.
    pub origins: BTreeMap<String, u64>,
    /// Documents by TAG (a document counts once under each of its tags).
    pub tags: BTreeMap<String, u64>,
    /// Documents by classification.
    pub classifications: BTreeMap<String, u64>,
}

impl Stats {
    /// The `n` largest entries of one count, largest first (ties by name).
    pub fn top(counts: &BTreeMap<String, u64>, n: usize) -> Vec<(&str, u64)> {
        let mut v: Vec<(&str, u64)> = counts.iter().map(|(k, c)| (k.as_str(), *c)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v.truncate(n);
        v
    }
}

impl Index {
    /// Counts over the whole index.
    pub fn stats(&self) -> Result<Stats, Error> {
        self.reading(|| self.stats_of(&AllQuery))
    }

    /// How many documents the index holds: a count of first passages from the fast field,
    /// cheap enough for a health check (no facets, no strings).
    pub fn document_count(&self) -> Result<u64, Error> {
        self.reading(|| Ok(self.searcher()?.search(&AllQuery, &FirstPassages)?))
    }

    /// Counts over the documents with at least one passage matching `query`.
    pub(crate) fn stats_of(&self, query: &dyn TQuery) -> Result<Stats, Error> {
        let (passages, docs) = self.searcher()?.search(query, &Facets)?;
        let mut s = Stats {
            documents: docs.len() as u64,
            passages,
            ..Stats::default()
        };
        let count = |map: &mut BTreeMap<String, u64>, key: &str| {
            *map.entry(key.to_string()).or_default() += 1;
        };
        for d in docs.values() {
            count(&mut s.kinds, &d.kind);
            count(&mut s.years, d.year.as_deref().unwrap_or("unknown"));
            count(&mut s.origins, d.origin.as_deref().unwrap_or("unknown"));
            count(
                &mut s.classifications,
                d.classification.as_deref().unwrap_or("unknown"),
            );
            for t in &d.tags {
                count(&mut s.tags, t);
            }
        }
        Ok(s)
    }
}

/// Counts the passages that open their document: one per document, however its passages
/// fell into segments.
pub(crate) struct FirstPassages;

impl Collector for FirstPassages {
    type Fruit = u64;
    type Child = SegmentFirstPassages;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFirstPassages> {
        Ok(SegmentFirstPassages {
            ordinal: reader.fast_fields().u64(fast::ORDINAL)?,
            count: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<u64>) -> tantivy::Result<u64> {
        Ok(fruits.into_iter().sum())
    }
}

pub(crate) struct SegmentFirstPassages {
    ordinal: Column<u64>,
    count: u64,
}

impl SegmentCollector for SegmentFirstPassages {
    type Fruit = u64;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.count += u64::from(self.ordinal.first(doc) == Some(0));
    }

    fn harvest(self) -> u64 {
        self.count
    }
}

/// The facet values of one document.
#[derive(Debug, Default, Clone)]
struct DocFacets {
    kind: String,
    year: Option<String>,
    origin: Option<String>,
    classification: Option<String>,
    tags: Vec<String>,
}

/// Collects each matching document once (its passages may lie in several segments).
struct Facets;

impl Collector for Facets {
    type Fruit = (u64, HashMap<String, DocFacets>);
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let ff = reader.fast_fields();
        Ok(SegmentFacets {
            doc_id: ff.str(fast::DOC_ID)?,
            kind: ff.str(fast::KIND)?,
            origin: ff.str(fast::ORIGIN)?,
            classification: ff.str(fast::CLASSIFICATION)?,
            tags: ff.str(fast::TAGS)?,
            date: ff.column_opt::<DateTime>(fast::DATE)?,
            passages: 0,
            docs: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(u64, HashMap<String, DocFacets>)>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut passages = 0;
        let mut docs = HashMap::new();
        for (p, d) in fruits {
            passages += p;
            for (id, facets) in d {
                docs.entry(id).or_insert(facets);
            }
        }
        Ok((passages, docs))
    }
}

struct SegmentFacets {
    doc_id: Option<StrColumn>,
    kind: Option<StrColumn>,
    origin: Option<StrColumn>,
    classification: Option<StrColumn>,
    tags: Option<StrColumn>,
    date: Option<Column<DateTime>>,
    passages: u64,
    /// Facets by the segment's ordinal of the document id, turned into strings at harvest.
    docs: HashMap<u64, DocFacets>,
}

/// Every value of a string fast field for one passage.
fn values(col: &Option<StrColumn>, doc: DocId) -> Vec<String> {
    let Some(col) = col else {
        return Vec::new();
    };
    col.term_ords(doc)
        .filter_map(|ord| {
            let mut s = String::new();
            col.ord_to_str(ord, &mut s).ok().filter(|found| *found)?;
            Some(s)
        })
        .collect()
}

impl SegmentCollector for SegmentFacets {
    type Fruit = (u64, HashMap<String, DocFacets>);

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.passages += 1;
        let Some(ord) = self.doc_id.as_ref().and_then(|c| c.term_ords(doc).next()) else {
            return;
        };
        if self.docs.contains_key(&ord) {
            return;
        }
        let year = self
            .date
            .as_ref()
            .and_then(|c| c.first(doc))
            .and_then(|d| time::OffsetDateTime::from_unix_timestamp(d.into_timestamp_secs()).ok())
            .map(|d| d.year().to_string());
        let facets = DocFacets {
            kind: values(&self.kind, doc).pop().unwrap_or_default(),
            year,
            origin: values(&self.origin, doc).pop(),
            classification: values(&self.classification, doc).pop(),
            tags: values(&self.tags, doc),
        };
        self.docs.insert(ord, facets);
    }

    fn harvest(self) -> Self::Fruit {
        let mut out = HashMap::with_capacity(self.docs.len());
        if let Some(ids) = &self.doc_id {
            for (ord, facets) in self.docs {
                let mut id = String::new();
                if ids.ord_to_str(ord, &mut id).unwrap_or(false) {
                    out.insert(id, facets);
                }
            }
        }
        (self.passages, out)
    }
}
