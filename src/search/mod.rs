//! Search: a parsed query in, ranked passages with highlight spans out.
//!
//! One concept per module: [`concepts`] is what the query looks for, [`retrieve`]
//! compiles the query and finds candidates,
//! [`expand`] adds what the index knows of the query's words, [`evidence`] reads where
//! the words sit in the candidate documents, [`rank`] scores them, [`distinct`] shows each
//! text once, [`group`] gathers results by document, [`lookup`] finds documents by id,
//! [`collect`] gathers ids, and [`request`] is the one search request of every edge.

pub(crate) mod collect;
pub(crate) mod concepts;
mod deadline;
mod distinct;
mod evidence;
mod expand;
mod group;
mod lookup;
mod rank;
mod request;
pub(crate) mod retrieve;

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue, SortByString};
use tantivy::collector::{Count, DocSetCollector, SortKeyComputer, TopDocs};
use tantivy::query::Query as TQuery;
use tantivy::schema::{Field, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument, Term};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::analyzer::text_analyzer;
use crate::error::Error;
use crate::index::{fast, Index};
use crate::query::Query;
use crate::stats::{Period, Series, Stats};
pub use concepts::Expansion;
use concepts::Matcher;
use deadline::Deadline;
use distinct::Distinct;
use expand::Prefixes;
pub use expand::MAX_PREFIX_WORDS;
use group::ByDocument;
pub use group::MAX_ALSO;
pub use lookup::{Reference, References, StoredDocument};
pub use rank::{Evidence, Explanation, Knob, Place, Ranking, Signal};
pub use request::{Answer, Format, Parameter, SearchRequest, MAX_LIMIT, MAX_OFFSET, PARAMETERS};
use retrieve::Conditions;

/// Order of results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Oldest first.
    Date,
    /// Newest first.
    DateDesc,
}

/// What one result is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// A passage: a long document may fill the page.
    #[default]
    Passage,
    /// A document, shown by its best passage (see [`Hit::matching`]).
    Document,
}

/// How many results, in which order, and how they are ranked.
#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip (paging).
    pub offset: usize,
    /// Result order.
    pub sort: Sort,
    /// The ranking's weights (the defaults unless an experiment sets others).
    pub ranking: Ranking,
    /// Attach to each hit why it ranked where it did.
    pub explain: bool,
    /// One hit per passage, or per document.
    pub group: Group,
    /// When the search must give up ([`Error::Timeout`]): a server bounds the work a
    /// request starts, not only how long it waits for it.
    pub deadline: Option<Instant>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            sort: Sort::Relevance,
            ranking: Ranking::default(),
            explain: false,
            group: Group::Passage,
            deadline: None,
        }
    }
}

/// One ranked passage: the single type every renderer (terminal, JSON, HTTP) shows.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    /// 1-based position in the results.
    pub rank: usize,
    /// Ranking score (higher is better; comparable within one search only).
    pub score: f32,
    /// Document id.
    pub doc_id: String,
    /// Other ids the document was published under: a reader who looked it up by one of
    /// them sees why this id answers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// `cable`, `tip_report` or `tip_interim`.
    pub kind: String,
    /// Document title.
    pub title: String,
    /// Document date, RFC 3339.
    pub date: Option<String>,
    /// Sending post.
    pub origin: Option<String>,
    /// Document classification.
    pub classification: Option<String>,
    /// Document TAGS.
    pub tags: Vec<String>,
    /// Section heading of the passage.
    pub section: Option<String>,
    /// Paragraph number of the passage.
    pub paragraph: Option<String>,
    /// Position of the passage in its document, from 1 (to open the document there).
    pub ordinal: u64,
    /// Whole passage text.
    pub text: String,
    /// Byte ranges `[start, end)` of the matches in `text`.
    pub highlights: Vec<[usize; 2]>,
    /// Where the document was read from.
    pub source: String,
    /// Other documents that print this same passage (copies, quotations), shown once.
    pub also_in: Vec<String>,
    /// In results by document: how many of its passages match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matching: Option<usize>,
    /// In results by document: the next best of its matching passages (`¶4`, `¶7.B`), at
    /// most [`MAX_ALSO`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_at: Vec<String>,
    /// Why it ranked where it did, when asked for (`--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explanation>,
}

pub(crate) fn first_str(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

pub(crate) fn all_str(doc: &TantivyDocument, field: Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|v| v.as_str())
        .map(str::to_string)
        .collect()
}

pub(crate) fn format_date(dt: DateTime) -> Option<String> {
    OffsetDateTime::from_unix_timestamp(dt.into_timestamp_secs())
        .ok()?
        .format(&Rfc3339)
        .ok()
}

/// Runs `work` with this thread's analyzer, kept between searches so that its memory of
/// what each word becomes stays warm.
fn with_analyzer<R>(work: impl FnOnce(&mut TextAnalyzer) -> R) -> R {
    thread_local! {
        static ANALYZER: std::cell::RefCell<TextAnalyzer> = std::cell::RefCell::new(text_analyzer());
    }
    ANALYZER.with_borrow_mut(work)
}

/// Passages tantivy finds first; their documents are then ranked in full.
const POOL: usize = 100;

/// Most work one search may ask for, counted as the passages it must rank (offset plus
/// limit) times the words and phrases it looks for: ranking reads the evidence of every
/// document up to the page asked for, so a deep page of a long query costs both at once.
/// One word may page 5,000 deep (about half a second on the dev corpus); ten words, 500.
/// Date order ranks nothing and has no such limit.
pub const MAX_COST: usize = 5_000;

impl Query {
    /// What ranking this query to the page of `opts` costs, in passages × words sought
    /// (0 in date order, which ranks nothing): what [`MAX_COST`] limits.
    pub fn cost(&self, opts: &SearchOptions) -> usize {
        let terms = (self.words.len() + self.phrases.len()).max(1);
        match opts.sort {
            Sort::Relevance => (opts.offset + opts.limit).saturating_mul(terms),
            _ => 0,
        }
    }
}

/// Refuses a search whose page and words together would cost more than [`MAX_COST`].
fn check_cost(q: &Query, opts: &SearchOptions) -> Result<(), Error> {
    if q.cost(opts) <= MAX_COST {
        return Ok(());
    }
    let terms = (q.words.len() + q.phrases.len()).max(1);
    let depth = opts.offset + opts.limit;
    Err(Error::TooCostly(format!(
        "ranking {depth} passages deep for {terms} words and phrases is more than one search \
         may do ({MAX_COST} passages × words); ask for an earlier page, fewer words, or sort by date"
    )))
}

/// A query's words as the index knows them: what ranking and highlighting look for, what
/// each prefix stands for, and notes for the user (a prefix cut short).
struct Sought {
    m: Matcher,
    prefixes: Prefixes,
    notes: Vec<String>,
}

/// What the query found tantivy with, for ranking its candidates.
#[derive(Clone, Copy)]
struct Found<'a> {
    m: &'a Matcher,
    words: &'a [String],
    query: &'a dyn TQuery,
    /// The passages whose evidence counts (phrases, filters, exclusions).
    keep: Option<&'a dyn TQuery>,
    /// The passages that may be shown (the operators' conditions).
    shown: Option<&'a dyn TQuery>,
}

impl Index {
    /// Runs a parsed query and returns ranked, highlighted passages.
    ///
    /// By relevance, tantivy's BM25 finds the passages holding the query's words; their
    /// documents are ranked in full, every passage of each scored by its own evidence and
    /// its document's (see [`Ranking`]). A passage printed in several documents is shown
    /// once, naming the others.
    pub fn search(&self, q: &Query, opts: &SearchOptions) -> Result<Vec<Hit>, Error> {
        Ok(self.search_noted(q, opts)?.0)
    }

    /// As [`Index::search`], with notes for the user on how the query was read.
    pub fn search_noted(
        &self,
        q: &Query,
        opts: &SearchOptions,
    ) -> Result<(Vec<Hit>, Vec<String>), Error> {
        check_cost(q, opts)?;
        self.reading(|| {
            let searcher = self.searcher()?;
            with_analyzer(|analyzer| self.search_with(&searcher, analyzer, q, opts))
        })
    }

    /// The query's words as the index knows them; expanded for ranking when `ranking` is
    /// given, as typed otherwise (what counts and facets describe).
    fn sought(
        &self,
        searcher: &Searcher,
        analyzer: &mut TextAnalyzer,
        q: &Query,
        ranking: Option<&Ranking>,
    ) -> Result<Sought, Error> {
        let f = &self.fields;
        let (prefixes, notes) = expand::prefixes(searcher, f, analyzer, &q.all_prefixes())?;
        let mut m = match ranking {
            Some(_) => {
                let defined = expand::defined_acronyms(searcher, f);
                let mut m = Matcher::with_phrasings(analyzer, &q.words, &q.phrases, &defined);
                expand::near_spellings(searcher, f, &mut m)?;
                expand::compounds(searcher, f, analyzer, &mut m)?;
                m
            }
            None => Matcher::new(analyzer, &q.words, &q.phrases),
        };
        m.add_ranked_phrases(analyzer, &q.ranked_phrases);
        expand::prefix_concepts(&mut m, &q.prefixes, &prefixes);
        if let Some(ranking) = ranking {
            expand::weigh(&mut m, ranking);
        }
        Ok(Sought { m, prefixes, notes })
    }

    fn search_with(
        &self,
        searcher: &Searcher,
        analyzer: &mut TextAnalyzer,
        q: &Query,
        opts: &SearchOptions,
    ) -> Result<(Vec<Hit>, Vec<String>), Error> {
        let Sought { m, prefixes, notes } =
            self.sought(searcher, analyzer, q, Some(&opts.ranking))?;
        let wanted = opts.offset + opts.limit;
        if wanted == 0 {
            return Ok((Vec::new(), notes));
        }
        let deadline = Deadline::new(opts.deadline);
        let mut cx = Conditions {
            analyzer: &mut *analyzer,
            f: &self.fields,
            prefixes: &prefixes,
            m: &m,
        };
        let fixed = retrieve::constraints(&mut cx, q);
        let shown = retrieve::conditions(&mut cx, q);
        let all = retrieve::with_conditions(&fixed, shown.as_deref());
        let query = deadline.bound(retrieve::build(&self.fields, &m, &all));
        let keep = retrieve::only_constraints(&fixed);
        let found = Found {
            m: &m,
            words: &q.words,
            query: &*query,
            keep: keep.as_deref(),
            shown: shown.as_deref(),
        };
        let ranks = m.content().next().is_some();
        let hits = if opts.group == Group::Document && (opts.sort != Sort::Relevance || !ranks) {
            self.documents_in_order(searcher, &found, opts, &deadline)?
        } else if opts.sort != Sort::Relevance {
            deadline.run(|| self.by_date(searcher, &*query, opts))?
        } else if !ranks {
            let top = deadline.run(|| reading_order(searcher, &*query, wanted))?;
            self.plain(searcher, top.into_iter(), opts)?
        } else {
            self.ranked(searcher, &found, opts, &deadline)?
        };
        let hits = hits
            .into_iter()
            .map(|mut h| {
                h.highlights = spans(&m, analyzer, &h.text);
                h
            })
            .collect();
        Ok((hits, notes))
    }

    /// Hits in date order (no ranking).
    fn by_date(
        &self,
        searcher: &Searcher,
        query: &dyn TQuery,
        opts: &SearchOptions,
    ) -> Result<Vec<Hit>, Error> {
        let wanted = opts.offset + opts.limit;
        let top = date_order(searcher, query, opts.sort, wanted)?;
        self.plain(searcher, top.into_iter(), opts)
    }

    /// Passages in the order given, each text once, paged.
    fn plain(
        &self,
        searcher: &Searcher,
        addrs: impl Iterator<Item = DocAddress>,
        opts: &SearchOptions,
    ) -> Result<Vec<Hit>, Error> {
        let mut shown = Distinct::default();
        for addr in addrs {
            shown.push(self.hit(&fetch(searcher, addr)?, 0, 0.0));
        }
        Ok(shown.page(opts.offset, opts.limit))
    }

    /// Results by document in date order, or of a query of filters only: the documents in
    /// that order, each shown by its best passage as ranking finds it.
    fn documents_in_order(
        &self,
        searcher: &Searcher,
        found: &Found,
        opts: &SearchOptions,
        deadline: &Deadline,
    ) -> Result<Vec<Hit>, Error> {
        let ids = ordered_documents(searcher, &self.id_table(searcher)?, found.query, opts)?;
        let best = SearchOptions {
            sort: Sort::Relevance,
            offset: 0,
            limit: MAX_ALSO + 1,
            group: Group::Passage,
            ..*opts
        };
        let mut hits = Vec::new();
        for (k, id) in ids.iter().enumerate().skip(opts.offset) {
            let one = retrieve::both(found.query, retrieve::id_query(&self.fields, id));
            let mut passages = match found.m.content().next() {
                Some(_) => self.ranked(
                    searcher,
                    &Found {
                        query: &*one,
                        ..*found
                    },
                    &best,
                    deadline,
                )?,
                None => {
                    let top = reading_order(searcher, &*one, best.limit)?;
                    self.plain(searcher, top.into_iter(), &best)?
                }
            };
            if passages.is_empty() {
                continue;
            }
            let also = passages.split_off(1);
            let mut hit = passages.remove(0);
            hit.matching = Some(searcher.search(&*one, &Count)?);
            hit.also_at = also.iter().map(group::label).collect();
            hit.also_at.dedup();
            hit.rank = k + 1;
            hits.push(hit);
        }
        Ok(hits)
    }

    /// Each segment's document ids by ordinal (see [`Index::document_ids`]).
    fn id_table(&self, searcher: &Searcher) -> Result<Vec<Arc<Vec<String>>>, Error> {
        self.document_ids.get(searcher, segment_document_ids)
    }

    /// The documents of the passages tantivy finds first, ranked in full (see
    /// [`Index::search`]).
    fn ranked(
        &self,
        searcher: &Searcher,
        found: &Found,
        opts: &SearchOptions,
        deadline: &Deadline,
    ) -> Result<Vec<Hit>, Error> {
        let (f, m) = (&self.fields, found.m);
        let wanted = opts.offset + opts.limit;
        let pool = TopDocs::with_limit(POOL.max(2 * wanted)).order_by_score();
        let top = deadline.run(|| searcher.search(found.query, &pool))?;
        let top: Vec<DocAddress> = top.into_iter().map(|(_, a)| a).collect();
        let table = self.id_table(searcher)?;
        let ids = document_ids(searcher, &table, &top, opts.ranking.documents.max(wanted))?;
        let sections = opts.ranking.section > 0.0;
        let docs = evidence::documents(searcher, f, m, &ids, found.keep, sections)?;
        deadline.check()?;
        let corpus = evidence::Corpus::read(searcher, f, self.documents_in(searcher)?)?;
        // A word only subjects hold (`NINTH ANNUAL ... REPORT`) is weighed by the passages
        // whose subject holds it: by the text's count alone it weighed nothing, and a
        // search for a cable's subject found nothing.
        let df = |t: &str| {
            let count = |field| searcher.doc_freq(&Term::from_field_text(field, t));
            let text = count(f.text).unwrap_or(0);
            if text > 0 {
                return text;
            }
            count(f.title).unwrap_or(0)
        };
        let asked = rank::Asked::of(found.words, m);
        let weights = rank::weights(&opts.ranking, corpus, m, &df, asked);
        let scored = rank::score(&weights, &docs);
        let allowed = match found.shown {
            Some(c) => Some(searcher.search(&*retrieve::within(f, c, &ids), &DocSetCollector)?),
            None => None,
        };
        let addr = |s: &rank::Scored| docs[s.doc].passages[s.passage].addr;
        // A paragraph lifted only by its neighbours holds nothing of the query.
        let own = scored.into_iter().filter(|s| {
            s.found.iter().any(|e| e.place != Place::Neighbour)
                && allowed.as_ref().is_none_or(|a| a.contains(&addr(s)))
        });
        let passage = |s: &rank::Scored| -> Result<Hit, Error> {
            let mut hit = self.hit(&fetch(searcher, addr(s))?, 0, s.why.score);
            hit.explain = opts.explain.then(|| s.clone().explained(m));
            Ok(hit)
        };
        if opts.group == Group::Document {
            let mut shown = ByDocument::default();
            for s in own {
                if shown.has(&s.doc) {
                    let label = match shown.wants_label(&s.doc) {
                        true => Some(group::label(&passage(&s)?)),
                        false => None,
                    };
                    shown.also(&s.doc, label);
                } else if shown.len() < wanted {
                    shown.push(s.doc, passage(&s)?);
                }
            }
            return Ok(shown.page(opts.offset, opts.limit));
        }
        let mut shown = Distinct::default();
        for s in own {
            if shown.len() >= wanted {
                break;
            }
            shown.push(passage(&s)?);
        }
        Ok(shown.page(opts.offset, opts.limit))
    }

    /// The passages holding at least one of `q`'s words, within its filters: what
    /// [`Index::count`] counts and [`Index::facets`] describes.
    pub(crate) fn any_word_query(
        &self,
        searcher: &Searcher,
        q: &Query,
    ) -> Result<Box<dyn TQuery>, Error> {
        with_analyzer(|analyzer| {
            let s = self.sought(searcher, analyzer, q, None)?;
            let mut cx = Conditions {
                analyzer,
                f: &self.fields,
                prefixes: &s.prefixes,
                m: &s.m,
            };
            let fixed = retrieve::constraints(&mut cx, q);
            let shown = retrieve::conditions(&mut cx, q);
            let all = retrieve::with_conditions(&fixed, shown.as_deref());
            Ok(retrieve::build(&self.fields, &s.m, &all))
        })
    }

    /// How many passages match `q` (holding at least one of its words, and its filters).
    pub fn count(&self, q: &Query) -> Result<usize, Error> {
        self.count_until(q, None)
    }

    /// As [`Index::count`], giving up at `deadline` ([`Error::Timeout`]).
    pub fn count_until(&self, q: &Query, deadline: Option<Instant>) -> Result<usize, Error> {
        Ok(self.count_both(q, false, deadline)?.0)
    }

    /// How many passages match `q`, and in how many documents when `documents` is set
    /// (0 otherwise: telling documents apart costs a lookup per passage).
    pub fn count_both(
        &self,
        q: &Query,
        documents: bool,
        deadline: Option<Instant>,
    ) -> Result<(usize, usize), Error> {
        let deadline = Deadline::new(deadline);
        self.reading(|| {
            let searcher = self.searcher()?;
            let query = deadline.bound(self.any_word_query(&searcher, q)?);
            deadline.run(|| -> Result<(usize, usize), Error> {
                if documents {
                    let (n, ids) = searcher.search(&*query, &(Count, collect::DocIds))?;
                    Ok((n, ids.len()))
                } else {
                    Ok((searcher.search(&*query, &Count)?, 0))
                }
            })
        })
    }

    /// The documents with at least one passage matching `q` over time, by `by`: what
    /// `tipsearch stats QUERY --by` draws.
    pub fn series_for(&self, q: &Query, by: Period) -> Result<Series, Error> {
        self.reading(|| {
            let query = self.any_word_query(&self.searcher()?, q)?;
            self.series_of(&*query, by)
        })
    }

    /// Counts of the documents with at least one passage matching `q` (what `--facets` and
    /// `tipsearch stats QUERY` show): the shape of the results, not only their top.
    pub fn facets(&self, q: &Query) -> Result<Stats, Error> {
        self.facets_until(q, None)
    }

    /// As [`Index::facets`], giving up at `deadline` ([`Error::Timeout`]).
    pub fn facets_until(&self, q: &Query, deadline: Option<Instant>) -> Result<Stats, Error> {
        let deadline = Deadline::new(deadline);
        self.reading(|| {
            let query = deadline.bound(self.any_word_query(&self.searcher()?, q)?);
            deadline.run(|| self.stats_of(&*query))
        })
    }

    /// A stored passage as a hit, without highlights.
    fn hit(&self, doc: &TantivyDocument, rank: usize, score: f32) -> Hit {
        let f = &self.fields;
        Hit {
            rank,
            score,
            doc_id: first_str(doc, f.doc_id).unwrap_or_default(),
            aliases: all_str(doc, f.alias),
            kind: first_str(doc, f.kind).unwrap_or_default(),
            title: first_str(doc, f.title).unwrap_or_default(),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_datetime())
                .and_then(format_date),
            origin: first_str(doc, f.origin_display),
            classification: first_str(doc, f.classification),
            tags: all_str(doc, f.tags),
            section: first_str(doc, f.section_display),
            paragraph: first_str(doc, f.paragraph),
            ordinal: doc
                .get_first(f.ordinal)
                .and_then(|v| v.as_u64())
                .map_or(0, |o| o + 1),
            text: first_str(doc, f.text).unwrap_or_default(),
            highlights: Vec::new(),
            source: first_str(doc, f.source).unwrap_or_default(),
            also_in: Vec::new(),
            matching: None,
            also_at: Vec::new(),
            explain: None,
        }
    }
}

fn fetch(searcher: &Searcher, addr: DocAddress) -> Result<TantivyDocument, Error> {
    Ok(searcher.doc::<TantivyDocument>(addr)?)
}

fn spans(m: &Matcher, analyzer: &mut TextAnalyzer, text: &str) -> Vec<[usize; 2]> {
    m.spans(analyzer, text)
        .into_iter()
        .map(|(s, e)| [s, e])
        .collect()
}

/// The passages of `query` in date order (`sort`), the first `wanted`; a cable's passages,
/// which share its date, in reading order, and documents of one date by id.
fn date_order(
    searcher: &Searcher,
    query: &dyn TQuery,
    sort: Sort,
    wanted: usize,
) -> Result<Vec<DocAddress>, Error> {
    let order = if sort == Sort::DateDesc {
        Order::Desc
    } else {
        Order::Asc
    };
    let date = SortByStaticFastValue::<DateTime>::for_field(fast::DATE);
    ordered_by(searcher, query, (date, order), wanted)
}

/// The passages of `query` best first, the first `wanted`; ties (a query of filters alone
/// scores every passage of a document alike) by document id, each document's in reading
/// order.
fn reading_order(
    searcher: &Searcher,
    query: &dyn TQuery,
    wanted: usize,
) -> Result<Vec<DocAddress>, Error> {
    ordered_by(
        searcher,
        query,
        (SortBySimilarityScore, Order::Desc),
        wanted,
    )
}

/// The first `wanted` passages of `query` by `first`, then by document id and reading
/// order: a page then holds the same passages however the index's segments fell.
fn ordered_by<K: SortKeyComputer + Send + Sync + 'static>(
    searcher: &Searcher,
    query: &dyn TQuery,
    first: K,
    wanted: usize,
) -> Result<Vec<DocAddress>, Error>
where
    K::SortKey: Clone + Send + Sync + std::fmt::Debug + 'static,
{
    let id = (SortByString::for_field(fast::DOC_ID), Order::Asc);
    let ordinal = SortByStaticFastValue::<u64>::for_field(fast::ORDINAL);
    let key = (first, id, (ordinal, Order::Asc));
    let top = searcher.search(query, &TopDocs::with_limit(wanted).order_by(key))?;
    Ok(top.into_iter().map(|(_, a)| a).collect())
}

/// The first `offset + limit` documents of `query`'s passages in the order of `opts`:
/// enough passages are read to hold that many documents.
fn ordered_documents(
    searcher: &Searcher,
    table: &[Arc<Vec<String>>],
    query: &dyn TQuery,
    opts: &SearchOptions,
) -> Result<Vec<String>, Error> {
    let wanted = opts.offset + opts.limit;
    let mut passages = (wanted * 8).max(64);
    loop {
        let top = match opts.sort {
            Sort::Relevance => reading_order(searcher, query, passages)?,
            sort => date_order(searcher, query, sort, passages)?,
        };
        let ids = document_ids(searcher, table, &top, wanted)?;
        if ids.len() >= wanted || top.len() < passages {
            return Ok(ids);
        }
        passages = passages.saturating_mul(4);
    }
}

/// The distinct documents of `top`'s passages, in order, at most `max`.
fn document_ids(
    searcher: &Searcher,
    table: &[Arc<Vec<String>>],
    top: &[DocAddress],
    max: usize,
) -> Result<Vec<String>, Error> {
    let mut columns = HashMap::new();
    let mut ids: Vec<String> = Vec::new();
    for addr in top {
        if ids.len() >= max {
            break;
        }
        let column = match columns.entry(addr.segment_ord) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let segment = searcher.segment_reader(addr.segment_ord);
                e.insert(segment.fast_fields().str(fast::DOC_ID)?)
            }
        };
        let ord = column
            .as_ref()
            .and_then(|c| c.term_ords(addr.doc_id).next());
        let id = ord.and_then(|o| table.get(addr.segment_ord as usize)?.get(o as usize));
        if let Some(id) = id.filter(|id| !ids.contains(id)) {
            ids.push(id.clone());
        }
    }
    Ok(ids)
}

/// A segment's document ids, by their ordinal in its `doc_id` column, read in one pass over
/// the column's dictionary.
fn segment_document_ids(segment: &tantivy::SegmentReader) -> Result<Vec<String>, Error> {
    let mut ids = Vec::new();
    if let Some(column) = segment.fast_fields().str(fast::DOC_ID)? {
        let io = |source| Error::IndexIo {
            what: "the doc_id column",
            source,
        };
        let mut terms = column.dictionary().stream().map_err(io)?;
        while terms.advance() {
            ids.push(String::from_utf8_lossy(terms.key()).into_owned());
        }
    }
    Ok(ids)
}
