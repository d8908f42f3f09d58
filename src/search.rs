//! Search: a parsed query in, ranked passages with highlight spans out.

use std::collections::HashSet;
use std::ops::Bound;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query as TQuery, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument, Term};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::analyzer::{self, text_analyzer};
use crate::error::Error;
use crate::highlight::Matcher;
use crate::index::{exact, Fields, Index};
use crate::query::{Filter, Query};

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

/// How many results, and in which order.
#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip (paging).
    pub offset: usize,
    /// Result order.
    pub sort: Sort,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            sort: Sort::Relevance,
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
    /// Whole passage text.
    pub text: String,
    /// Byte ranges `[start, end)` of the matches in `text`.
    pub highlights: Vec<[usize; 2]>,
    /// Where the document was read from.
    pub source: String,
}

fn first_str(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn all_str(doc: &TantivyDocument, field: Field) -> Vec<String> {
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

fn term_query(field: Field, text: &str) -> Box<dyn TQuery> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// Query over an analysed field: one term, or a phrase when the value analyses to several.
fn analysed_query(field: Field, value: &str) -> Option<Box<dyn TQuery>> {
    let mut a = text_analyzer();
    let terms: Vec<Term> = analyzer::words(&mut a, value)
        .into_iter()
        .map(|w| Term::from_field_text(field, &w.term))
        .collect();
    match terms.len() {
        0 => None,
        1 => Some(Box::new(TermQuery::new(
            terms[0].clone(),
            IndexRecordOption::WithFreqsAndPositions,
        ))),
        _ => Some(Box::new(PhraseQuery::new(terms))),
    }
}

fn filter_query(f: &Fields, filter: &Filter) -> Box<dyn TQuery> {
    let none = || -> Box<dyn TQuery> { Box::new(BooleanQuery::new(vec![])) };
    match filter {
        Filter::Tag(t) => term_query(f.tags, &t.to_uppercase()),
        Filter::Origin(o) => analysed_query(f.origin, o).unwrap_or_else(none),
        Filter::Kind(k) => term_query(f.kind, k.as_str()),
        Filter::Country(c) => term_query(f.country, &exact(c)),
        Filter::Tier(t) => term_query(f.tier, &exact(t)),
        Filter::Section(s) => analysed_query(f.section, s).unwrap_or_else(none),
        Filter::Id(id) => term_query(f.doc_id, &id.to_uppercase()),
        Filter::Classification(c) => term_query(f.classification, &c.to_uppercase()),
        Filter::Date { from, to } => {
            let bound = |d: &Option<OffsetDateTime>, incl: bool| match d {
                Some(d) => {
                    let t = Term::from_field_date(
                        f.date,
                        DateTime::from_timestamp_secs(d.unix_timestamp()),
                    );
                    if incl {
                        Bound::Included(t)
                    } else {
                        Bound::Excluded(t)
                    }
                }
                None => Bound::Unbounded,
            };
            Box::new(RangeQuery::new(bound(from, true), bound(to, false)))
        }
    }
}

/// The tantivy query: words ranked over text, title and section; phrases, filters and
/// exclusions as hard constraints. With `every_word`, a passage must hold each word (in its
/// text, its document's title or its section heading); without, any one of them.
fn build(f: &Fields, q: &Query, matcher: &Matcher, every_word: bool) -> Box<dyn TQuery> {
    let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
    let mut ranked: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
    let word_occur = if every_word {
        Occur::Must
    } else {
        Occur::Should
    };
    for term in &matcher.terms {
        let per_field: Vec<(Occur, Box<dyn TQuery>)> =
            [(f.text, 1.0f32), (f.title, 0.4), (f.section, 0.3)]
                .into_iter()
                .map(|(field, boost)| {
                    let tq: Box<dyn TQuery> = Box::new(TermQuery::new(
                        Term::from_field_text(field, term),
                        IndexRecordOption::WithFreqs,
                    ));
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(tq, boost)) as Box<dyn TQuery>,
                    )
                })
                .collect();
        ranked.push((word_occur, Box::new(BooleanQuery::new(per_field))));
    }
    for phrase in &matcher.phrases {
        let terms: Vec<Term> = phrase
            .iter()
            .map(|t| Term::from_field_text(f.text, t))
            .collect();
        let pq: Box<dyn TQuery> = if terms.len() == 1 {
            Box::new(TermQuery::new(
                terms[0].clone(),
                IndexRecordOption::WithFreqs,
            ))
        } else {
            Box::new(PhraseQuery::new(terms))
        };
        clauses.push((Occur::Must, pq));
    }
    if !ranked.is_empty() {
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(ranked))));
    }
    if clauses.is_empty() {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    for filter in &q.filters {
        clauses.push((Occur::Must, filter_query(f, filter)));
    }
    for filter in &q.excluded_filters {
        clauses.push((Occur::MustNot, filter_query(f, filter)));
    }
    for ex in &q.excluded {
        for field in [f.text, f.title] {
            if let Some(eq) = analysed_query(field, ex) {
                clauses.push((Occur::MustNot, eq));
            }
        }
    }
    Box::new(BooleanQuery::new(clauses))
}

impl Index {
    /// Runs a parsed query and returns ranked, highlighted passages. By relevance, passages
    /// holding every word come first (ranked by BM25), then those holding only some; only
    /// the hits returned are read from the store and highlighted.
    pub fn search(&self, q: &Query, opts: &SearchOptions) -> Result<Vec<Hit>, Error> {
        let searcher = self.reader.searcher();
        let mut analyzer = text_analyzer();
        let matcher = Matcher::new(&mut analyzer, &q.words, &q.phrases);
        let wanted = opts.offset + opts.limit;
        if wanted == 0 {
            return Ok(Vec::new());
        }
        let top: Vec<(f32, DocAddress)> = match opts.sort {
            Sort::Relevance => {
                let all = build(&self.fields, q, &matcher, true);
                let mut top =
                    searcher.search(&*all, &TopDocs::with_limit(wanted).order_by_score())?;
                if top.len() < wanted && matcher.terms.len() > 1 {
                    let some = build(&self.fields, q, &matcher, false);
                    let more = searcher.search(
                        &*some,
                        &TopDocs::with_limit(wanted + top.len()).order_by_score(),
                    )?;
                    let have: HashSet<DocAddress> = top.iter().map(|(_, a)| *a).collect();
                    top.extend(more.into_iter().filter(|(_, a)| !have.contains(a)));
                }
                top
            }
            Sort::Date | Sort::DateDesc => {
                let order = if opts.sort == Sort::Date {
                    Order::Asc
                } else {
                    Order::Desc
                };
                let query = build(&self.fields, q, &matcher, false);
                searcher
                    .search(
                        &*query,
                        &TopDocs::with_limit(wanted).order_by_fast_field::<DateTime>("date", order),
                    )?
                    .into_iter()
                    .map(|(_, addr)| (0.0, addr))
                    .collect()
            }
        };
        let mut hits = Vec::with_capacity(opts.limit);
        for (i, (score, addr)) in top
            .into_iter()
            .skip(opts.offset)
            .take(opts.limit)
            .enumerate()
        {
            let doc = fetch(&searcher, addr)?;
            let mut hit = self.hit(&doc, opts.offset + i + 1, score);
            hit.highlights = matcher
                .spans(&mut analyzer, &hit.text)
                .into_iter()
                .map(|(s, e)| [s, e])
                .collect();
            hits.push(hit);
        }
        Ok(hits)
    }

    /// A stored passage as a hit, without highlights.
    fn hit(&self, doc: &TantivyDocument, rank: usize, score: f32) -> Hit {
        let f = &self.fields;
        Hit {
            rank,
            score,
            doc_id: first_str(doc, f.doc_id).unwrap_or_default(),
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
            text: first_str(doc, f.text).unwrap_or_default(),
            highlights: Vec::new(),
            source: first_str(doc, f.source).unwrap_or_default(),
        }
    }

    /// Every passage of one document, in reading order, as hits without highlights.
    pub fn document(&self, id: &str) -> Result<Vec<Hit>, Error> {
        let searcher = self.reader.searcher();
        let tq = term_query(self.fields.doc_id, &id.trim().to_uppercase());
        let found = searcher.search(&*tq, &TopDocs::with_limit(100_000).order_by_score())?;
        let mut passages = Vec::with_capacity(found.len());
        for (_, addr) in found {
            let d = fetch(&searcher, addr)?;
            let ordinal = d.get_first(self.fields.ordinal).and_then(|v| v.as_u64());
            passages.push((ordinal.unwrap_or(0), d));
        }
        if passages.is_empty() {
            return Err(Error::NotFound(id.to_string()));
        }
        passages.sort_by_key(|(ordinal, _)| *ordinal);
        Ok(passages
            .iter()
            .enumerate()
            .map(|(i, (_, d))| self.hit(d, i + 1, 0.0))
            .collect())
    }
}

fn fetch(searcher: &Searcher, addr: DocAddress) -> Result<TantivyDocument, Error> {
    Ok(searcher.doc::<TantivyDocument>(addr)?)
}
