//! Counts of documents by kind, year, origin, tag and classification, read from fast fields:
//! what `tipsearch stats` prints, and the shape of a search's matches.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{AllQuery, Query as TQuery};
use tantivy::{DateTime, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::error::Error;
use crate::index::{fast, Index};
use crate::search::collect::Names;

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
    /// The documents by year, every year from the first to the last (empty ones too, then
    /// the undated), with their passages: what the charts draw.
    pub timeline: Vec<Bucket>,
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

    /// How many documents the index holds as `searcher` sees it, counted once per
    /// generation of the reader (a commit makes a new one).
    pub(crate) fn documents_in(&self, searcher: &Searcher) -> Result<u64, Error> {
        let n = self
            .documents_seen
            .get(searcher, || Ok(searcher.search(&AllQuery, &FirstPassages)?))?;
        Ok(*n)
    }

    /// How many documents the index holds: a count of first passages from the fast field,
    /// cheap enough for a health check (no facets, no strings).
    pub fn document_count(&self) -> Result<u64, Error> {
        self.reading(|| Ok(self.searcher()?.search(&AllQuery, &FirstPassages)?))
    }

    /// The whole index's documents over time.
    pub fn series(&self, by: Period) -> Result<Series, Error> {
        self.reading(|| self.series_of(&AllQuery, by))
    }

    /// The documents with at least one passage matching `query` over time.
    pub(crate) fn series_of(&self, query: &dyn TQuery, by: Period) -> Result<Series, Error> {
        let (_, docs) = self.searcher()?.search(query, &Facets)?;
        Ok(Series::of(&docs, by))
    }

    /// Counts over the documents with at least one passage matching `query`.
    pub(crate) fn stats_of(&self, query: &dyn TQuery) -> Result<Stats, Error> {
        let (passages, docs) = self.searcher()?.search(query, &Facets)?;
        let mut s = Stats {
            documents: docs.len() as u64,
            passages,
            timeline: Series::of(&docs, Period::Year).series,
            ..Stats::default()
        };
        let count = |map: &mut BTreeMap<String, u64>, key: &str| {
            *map.entry(key.to_string()).or_default() += 1;
        };
        for d in docs.values() {
            count(&mut s.kinds, &d.kind);
            let year = d.month.map(|(y, _)| y.to_string());
            count(&mut s.years, year.as_deref().unwrap_or("unknown"));
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

/// How finely a series divides time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    /// One bar per year.
    #[default]
    Year,
    /// One bar per month.
    Month,
}

impl Period {
    /// Reads `year` or `month`.
    pub fn from_name(name: &str) -> Option<Period> {
        match name.trim() {
            "year" => Some(Period::Year),
            "month" => Some(Period::Month),
            _ => None,
        }
    }
}

/// One period of a [`Series`]: the matching documents dated in it, and their passages
/// that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// `2009`, or `2009-02`; `unknown` for undated documents.
    pub period: String,
    /// Documents dated in the period.
    pub documents: u64,
    /// Their passages (that matched, for a query).
    pub passages: u64,
}

/// The matching documents over time: every period from the first to the last that holds
/// one (empty ones too, so that a gap shows), then the undated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Series {
    /// The periods in order.
    pub series: Vec<Bucket>,
}

impl Series {
    fn of(docs: &HashMap<String, DocFacets>, by: Period) -> Series {
        let key = |(y, m): (i32, u8)| match by {
            Period::Year => (y, 0),
            Period::Month => (y, m),
        };
        let mut counts: BTreeMap<Option<(i32, u8)>, (u64, u64)> = BTreeMap::new();
        for d in docs.values() {
            let c = counts.entry(d.month.map(key)).or_default();
            c.0 += 1;
            c.1 += d.passages;
        }
        let dated: Vec<(i32, u8)> = counts.keys().flatten().copied().collect();
        let mut series = Vec::new();
        if let (Some(&first), Some(&last)) = (dated.first(), dated.last()) {
            for period in periods(first, last, by) {
                let (documents, passages) = counts.get(&Some(period)).copied().unwrap_or_default();
                series.push(Bucket {
                    period: label(period, by),
                    documents,
                    passages,
                });
            }
        }
        if let Some(&(documents, passages)) = counts.get(&None) {
            series.push(Bucket {
                period: "unknown".into(),
                documents,
                passages,
            });
        }
        Series { series }
    }
}

/// The year and month of a stored date: what series and tier histories count by.
pub(crate) fn year_month(date: DateTime) -> Option<(i32, u8)> {
    let d = time::OffsetDateTime::from_unix_timestamp(date.into_timestamp_secs()).ok()?;
    Some((d.year(), u8::from(d.month())))
}

/// Every period from `first` to `last`, inclusive.
fn periods(first: (i32, u8), last: (i32, u8), by: Period) -> Vec<(i32, u8)> {
    let mut out = Vec::new();
    let mut p = first;
    while p <= last {
        out.push(p);
        p = match (by, p.1) {
            (Period::Year, _) => (p.0 + 1, 0),
            (Period::Month, 12) => (p.0 + 1, 1),
            (Period::Month, m) => (p.0, m + 1),
        };
    }
    out
}

fn label((year, month): (i32, u8), by: Period) -> String {
    match by {
        Period::Year => year.to_string(),
        Period::Month => format!("{year}-{month:02}"),
    }
}

/// Counts the passages that open their document: one per document, however its passages
/// fell into segments.
struct FirstPassages;

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

struct SegmentFirstPassages {
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

/// The facet values of one document, and how many of its passages matched.
#[derive(Debug, Default, Clone)]
struct DocFacets {
    kind: String,
    /// Year and month of its date.
    month: Option<(i32, u8)>,
    origin: Option<String>,
    classification: Option<String>,
    tags: Vec<String>,
    passages: u64,
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
                let n = facets.passages;
                docs.entry(id)
                    .and_modify(|f: &mut DocFacets| f.passages += n)
                    .or_insert(facets);
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
    /// Facets by the segment's ordinal of the document id, as the columns' ordinals: they
    /// are turned into strings at harvest, each distinct one once, since reading a string
    /// from a column's dictionary decodes a block of it.
    docs: HashMap<u64, OrdFacets>,
}

/// A document's facets as ordinals of the segment's columns.
struct OrdFacets {
    kind: Option<u64>,
    month: Option<(i32, u8)>,
    origin: Option<u64>,
    classification: Option<u64>,
    tags: Vec<u64>,
    passages: u64,
}

fn first_ord(col: &Option<StrColumn>, doc: DocId) -> Option<u64> {
    col.as_ref()?.term_ords(doc).next()
}

impl SegmentCollector for SegmentFacets {
    type Fruit = (u64, HashMap<String, DocFacets>);

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.passages += 1;
        let Some(ord) = first_ord(&self.doc_id, doc) else {
            return;
        };
        if let Some(known) = self.docs.get_mut(&ord) {
            known.passages += 1;
            return;
        }
        let month = self
            .date
            .as_ref()
            .and_then(|c| c.first(doc))
            .and_then(year_month);
        let tags = self.tags.as_ref().map(|c| c.term_ords(doc).collect());
        let facets = OrdFacets {
            kind: first_ord(&self.kind, doc),
            month,
            origin: first_ord(&self.origin, doc),
            classification: first_ord(&self.classification, doc),
            tags: tags.unwrap_or_default(),
            passages: 1,
        };
        self.docs.insert(ord, facets);
    }

    fn harvest(self) -> Self::Fruit {
        let mut out = HashMap::with_capacity(self.docs.len());
        let docs = self.docs;
        let each = |pick: fn(&OrdFacets) -> Option<u64>| docs.values().filter_map(pick);
        let ids = Names::read(self.doc_id.as_ref(), docs.keys().copied());
        let kinds = Names::read(self.kind.as_ref(), each(|f| f.kind));
        let origins = Names::read(self.origin.as_ref(), each(|f| f.origin));
        let classes = Names::read(self.classification.as_ref(), each(|f| f.classification));
        let all_tags = docs.values().flat_map(|f| f.tags.iter().copied());
        let tags = Names::read(self.tags.as_ref(), all_tags);
        let name = |names: &Names, ord: Option<u64>| Some(names.get(ord?)?.to_string());
        for (ord, f) in &docs {
            // An id the column lacks (never, on an index this program wrote) is left out.
            let Some(id) = ids.get(*ord).filter(|id| !id.is_empty()) else {
                continue;
            };
            let facets = DocFacets {
                kind: name(&kinds, f.kind).unwrap_or_default(),
                month: f.month,
                origin: name(&origins, f.origin),
                classification: name(&classes, f.classification),
                tags: f
                    .tags
                    .iter()
                    .filter_map(|&o| name(&tags, Some(o)))
                    .collect(),
                passages: f.passages,
            };
            out.insert(id.to_string(), facets);
        }
        (self.passages, out)
    }
}
