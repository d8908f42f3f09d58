//! Search: a parsed query in, ranked passages with highlight spans out.

use std::collections::{HashMap, HashSet};
use std::hash::Hasher;
use std::ops::Bound;

use serde::Serialize;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::postings::Postings;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EnableScoring, Occur, PhraseQuery, Query as TQuery,
    RangeQuery, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DateTime, DocAddress, DocId, DocSet, Order, Score, Searcher, SegmentOrdinal, SegmentReader,
    TantivyDocument, Term, TERMINATED,
};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::analyzer::{self, text_analyzer};
use crate::error::Error;
use crate::highlight::{smallest_window, Concept, Form, Matcher};
use crate::index::{exact, Fields, Index};
use crate::query::{Filter, Query};
use crate::stats::Stats;

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
fn analysed_query(
    analyzer: &mut TextAnalyzer,
    field: Field,
    value: &str,
) -> Option<Box<dyn TQuery>> {
    let terms = analyzer::terms(analyzer, value);
    (!terms.is_empty()).then(|| form_query(field, &Form { terms, weight: 1.0 }))
}

/// Runs `work` with this thread's analyzer, kept between searches so that its memory of
/// what each word becomes stays warm.
fn with_analyzer<R>(work: impl FnOnce(&mut TextAnalyzer) -> R) -> R {
    thread_local! {
        static ANALYZER: std::cell::RefCell<TextAnalyzer> = std::cell::RefCell::new(text_analyzer());
    }
    ANALYZER.with_borrow_mut(work)
}

fn filter_query(analyzer: &mut TextAnalyzer, f: &Fields, filter: &Filter) -> Box<dyn TQuery> {
    let none = || -> Box<dyn TQuery> { Box::new(BooleanQuery::new(vec![])) };
    match filter {
        Filter::Tag(t) => term_query(f.tags, &t.to_uppercase()),
        Filter::Origin(o) => analysed_query(analyzer, f.origin, o).unwrap_or_else(none),
        Filter::Kind(k) => term_query(f.kind, k.as_str()),
        Filter::Country(c) => term_query(f.country, &exact(c)),
        Filter::Tier(t) => term_query(f.tier, &exact(t)),
        Filter::Section(s) => analysed_query(analyzer, f.section, s).unwrap_or_else(none),
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

/// Where a query's words are looked for, and how much a match in each counts.
fn word_fields(f: &Fields) -> [(Field, f32); 3] {
    [(f.text, 1.0), (f.title, 0.4), (f.section, 0.3)]
}

/// One form in one field: a term, or its words in a row.
fn form_query(field: Field, form: &Form) -> Box<dyn TQuery> {
    let terms: Vec<Term> = form
        .terms
        .iter()
        .map(|t| Term::from_field_text(field, t))
        .collect();
    let q: Box<dyn TQuery> = match terms.len() {
        1 => Box::new(TermQuery::new(
            terms[0].clone(),
            IndexRecordOption::WithFreqs,
        )),
        _ => Box::new(PhraseQuery::new(terms)),
    };
    if form.weight == 1.0 {
        q
    } else {
        Box::new(BoostQuery::new(q, form.weight))
    }
}

/// Any form of a concept in any of `fields`.
fn concept_query(c: &Concept, fields: &[(Field, f32)]) -> Box<dyn TQuery> {
    let mut any: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
    for (field, boost) in fields {
        for form in &c.forms {
            let q: Box<dyn TQuery> = Box::new(BoostQuery::new(form_query(*field, form), *boost));
            any.push((Occur::Should, q));
        }
    }
    Box::new(BooleanQuery::new(any))
}

/// What every result must (not) satisfy whatever its words: quoted phrases, filters,
/// exclusions.
fn constraints(
    analyzer: &mut TextAnalyzer,
    f: &Fields,
    q: &Query,
    m: &Matcher,
) -> Vec<(Occur, Box<dyn TQuery>)> {
    let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
    for phrase in &m.phrases {
        let form = Form {
            terms: phrase.clone(),
            weight: 1.0,
        };
        clauses.push((Occur::Must, form_query(f.text, &form)));
    }
    for filter in &q.filters {
        clauses.push((Occur::Must, filter_query(analyzer, f, filter)));
    }
    for filter in &q.excluded_filters {
        clauses.push((Occur::MustNot, filter_query(analyzer, f, filter)));
    }
    for ex in &q.excluded {
        for field in [f.text, f.title] {
            if let Some(eq) = analysed_query(analyzer, field, ex) {
                clauses.push((Occur::MustNot, eq));
            }
        }
    }
    clauses
}

/// The tantivy query of one pass: with `every_word`, a passage must hold each concept (in
/// its text, its document's title or its section heading); without, at least one. Stop
/// words only add to the score.
fn build(
    f: &Fields,
    m: &Matcher,
    constraints: &[(Occur, Box<dyn TQuery>)],
    every_word: bool,
) -> Box<dyn TQuery> {
    let fields = word_fields(f);
    let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = constraints
        .iter()
        .map(|(o, q)| (*o, q.box_clone()))
        .collect();
    let content: HashSet<usize> = m.content().map(|(i, _)| i).collect();
    let occur = if every_word {
        Occur::Must
    } else {
        Occur::Should
    };
    let mut required: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
    for (i, c) in m.concepts.iter().enumerate() {
        if content.contains(&i) {
            required.push((occur, concept_query(c, &fields)));
        } else {
            clauses.push((Occur::Should, concept_query(c, &fields)));
        }
    }
    if !required.is_empty() {
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(required))));
    }
    if !clauses.iter().any(|(o, _)| *o == Occur::Must) {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// A passage being ranked: what tantivy scored, and what the reranking reads of it.
struct Candidate {
    bm25: f32,
    addr: DocAddress,
    doc: TantivyDocument,
    doc_id: String,
    /// Content concepts the passage holds (a summary: its document holds).
    held: f32,
    score: f32,
}

/// What being a summary paragraph adds to a passage's score, beyond being credited with
/// its document's words.
const SUMMARY_BONUS: f32 = 0.1;

/// A summary paragraph: `Summary:` opening the text (after a portion marking), or a
/// heading that says so.
fn is_summary(text: &str, heading: &str) -> bool {
    let opening = text.trim_start_matches(|c: char| !c.is_alphabetic());
    let opening = opening
        .get(..opening.len().min(40))
        .unwrap_or(opening)
        .to_lowercase();
    opening.starts_with("summary")
        || opening.starts_with("introduction and summary")
        || opening.starts_with("executive summary")
        || heading.to_lowercase().contains("summary")
}

/// Passages tantivy finds first, to be reranked in context; more costs latency, fewer
/// misses passages that only their document's context lifts.
const CANDIDATES: usize = 30;

impl Index {
    /// Runs a parsed query and returns ranked, highlighted passages.
    ///
    /// By relevance, tantivy's BM25 finds candidates (those holding every word first, then
    /// those holding some), and each is scored in context: how many of the query's words
    /// the passage holds, how close together, how many its document's title and whole text
    /// hold. A passage printed in several documents is shown once, naming the others.
    pub fn search(&self, q: &Query, opts: &SearchOptions) -> Result<Vec<Hit>, Error> {
        let searcher = self.searcher()?;
        with_analyzer(|analyzer| self.search_with(&searcher, analyzer, q, opts))
    }

    fn search_with(
        &self,
        searcher: &Searcher,
        analyzer: &mut TextAnalyzer,
        q: &Query,
        opts: &SearchOptions,
    ) -> Result<Vec<Hit>, Error> {
        let mut matcher = Matcher::new(analyzer, &q.words, &q.phrases);
        self.add_near_spellings(searcher, &mut matcher)?;
        let wanted = opts.offset + opts.limit;
        if wanted == 0 {
            return Ok(Vec::new());
        }
        let f = &self.fields;
        let fixed = constraints(analyzer, f, q, &matcher);
        if opts.sort != Sort::Relevance {
            let order = if opts.sort == Sort::Date {
                Order::Asc
            } else {
                Order::Desc
            };
            let query = build(f, &matcher, &fixed, false);
            let top = searcher.search(
                &*query,
                &TopDocs::with_limit(wanted).order_by_fast_field::<DateTime>("date", order),
            )?;
            let mut hits = Vec::new();
            for (i, (_, addr)) in top.into_iter().skip(opts.offset).enumerate() {
                let doc = fetch(searcher, addr)?;
                let mut hit = self.hit(&doc, opts.offset + i + 1, 0.0);
                hit.highlights = spans(&matcher, analyzer, &hit.text);
                hits.push(hit);
            }
            return Ok(hits);
        }
        let pool = CANDIDATES.max(2 * wanted);
        let all = build(f, &matcher, &fixed, true);
        let mut top = searcher.search(&*all, &TopDocs::with_limit(pool).order_by_score())?;
        if top.len() < pool && matcher.concepts.len() > 1 {
            let some = build(f, &matcher, &fixed, false);
            let more = searcher.search(&*some, &TopDocs::with_limit(pool).order_by_score())?;
            let have: HashSet<DocAddress> = top.iter().map(|(_, a)| *a).collect();
            top.extend(
                more.into_iter()
                    .filter(|(_, a)| !have.contains(a))
                    .take(pool - top.len()),
            );
        }
        let mut candidates = Vec::with_capacity(top.len());
        for (bm25, addr) in top {
            let doc = fetch(searcher, addr)?;
            let doc_id = first_str(&doc, f.doc_id).unwrap_or_default();
            candidates.push(Candidate {
                bm25,
                addr,
                doc,
                doc_id,
                held: 0.0,
                score: 0.0,
            });
        }
        self.rerank(searcher, &matcher, &mut candidates)?;
        Ok(self.distinct_hits(candidates, &matcher, analyzer, opts))
    }

    /// Scores each candidate in context (see [`Index::search`]).
    ///
    /// Where the query's words sit in a candidate's text, section and title comes from the
    /// index's positions, not from analysing the stored text again: that was a fifth of a
    /// search. Only the hits shown are analysed, for their highlights.
    fn rerank(
        &self,
        searcher: &Searcher,
        m: &Matcher,
        candidates: &mut [Candidate],
    ) -> Result<(), Error> {
        let f = &self.fields;
        let content: Vec<usize> = m.content().map(|(i, _)| i).collect();
        if content.is_empty() {
            return Ok(());
        }
        let n = content.len() as f32;
        let top_bm25 = candidates
            .iter()
            .map(|c| c.bm25)
            .fold(f32::MIN_POSITIVE, f32::max);
        // How many content concepts a text holds.
        let holds = |at: &[Vec<usize>], also: Option<&[Vec<usize>]>| {
            content
                .iter()
                .filter(|&&i| !at[i].is_empty() || also.is_some_and(|a| !a[i].is_empty()))
                .count() as f32
        };
        let addrs: Vec<DocAddress> = candidates.iter().map(|c| c.addr).collect();
        let in_text = concept_positions(searcher, m, f.text, &addrs)?;
        let in_section = concept_positions(searcher, m, f.section, &addrs)?;
        let in_title = concept_positions(searcher, m, f.title, &addrs)?;
        let mut summaries: Vec<usize> = Vec::new();
        for (k, c) in candidates.iter_mut().enumerate() {
            let text = first_str(&c.doc, f.text).unwrap_or_default();
            let section = first_str(&c.doc, f.section_display).unwrap_or_default();
            let at = &in_text[k];
            let present: Vec<&Vec<usize>> = content.iter().map(|&i| &at[i]).collect();
            let held_in_text = holds(at, None);
            // Words close together, in a window not much longer than their number.
            let proximity = match smallest_window(&present) {
                Some(w) if held_in_text >= 2.0 => held_in_text / w as f32,
                _ => 0.0,
            };
            if is_summary(&text, &section) {
                summaries.push(k);
            }
            c.held = holds(at, Some(&in_section[k]));
            c.score = c.bm25 / top_bm25 + 0.3 * holds(&in_title[k], None) / n + 0.3 * proximity;
        }
        // A cable's summary paragraph speaks for the whole cable: it is credited with every
        // query word its document holds.
        let ids: HashSet<&str> = summaries
            .iter()
            .map(|&k| candidates[k].doc_id.as_str())
            .collect();
        let in_docs = self.concepts_in_documents(searcher, m, &content, &ids)?;
        for &k in &summaries {
            let c = &mut candidates[k];
            let in_doc = in_docs.get(&c.doc_id).copied().unwrap_or(0) as f32;
            c.held = c.held.max(in_doc);
            c.score += SUMMARY_BONUS;
        }
        for c in candidates.iter_mut() {
            c.score += c.held / n;
        }
        candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.bm25.total_cmp(&a.bm25)));
        Ok(())
    }

    /// For each of the documents `ids`, how many of the content concepts occur anywhere in
    /// it (any passage, or its title).
    ///
    /// The documents' passages are read off the `doc_id` postings, and each form of each
    /// concept is looked up at those passages by seeking its own postings: a handful of
    /// skips, where a query joining the documents to the concepts walked whole unions.
    fn concepts_in_documents(
        &self,
        searcher: &Searcher,
        m: &Matcher,
        content: &[usize],
        ids: &HashSet<&str>,
    ) -> Result<HashMap<String, u32>, Error> {
        let f = &self.fields;
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let unscored = EnableScoring::disabled_from_searcher(searcher);
        let mut weights: Vec<Vec<Box<dyn Weight>>> = Vec::new();
        for &i in content.iter().take(64) {
            let mut forms = Vec::new();
            for field in [f.text, f.title] {
                for form in &m.concepts[i].forms {
                    forms.push(form_query(field, form).weight(unscored)?);
                }
            }
            weights.push(forms);
        }
        // Which concepts each document holds, one bit each.
        let mut held: HashMap<&str, u64> = HashMap::new();
        for segment in searcher.segment_readers() {
            let alive = segment.alive_bitset();
            let postings = segment.inverted_index(f.doc_id)?;
            let mut passages: Vec<(DocId, &str)> = Vec::new();
            for &id in ids {
                let term = Term::from_field_text(f.doc_id, id);
                let read = postings.read_postings(&term, IndexRecordOption::Basic);
                let Some(mut p) = read.map_err(tantivy::TantivyError::from)? else {
                    continue;
                };
                while p.doc() != TERMINATED {
                    if alive.is_none_or(|a| a.is_alive(p.doc())) {
                        passages.push((p.doc(), id));
                    }
                    p.advance();
                }
            }
            if passages.is_empty() {
                continue;
            }
            passages.sort_unstable();
            for (bit, forms) in weights.iter().enumerate() {
                for weight in forms {
                    let mut scorer = weight.scorer(segment, 1.0)?;
                    for &(doc, id) in &passages {
                        let mask = held.entry(id).or_default();
                        if *mask & (1 << bit) != 0 || scorer.doc() > doc {
                            continue;
                        }
                        if scorer.seek(doc) == doc {
                            *mask |= 1 << bit;
                        }
                    }
                }
            }
        }
        Ok(held
            .into_iter()
            .map(|(id, mask)| (id.to_string(), mask.count_ones()))
            .collect())
    }

    /// The ranked candidates as hits: identical passages (the same text in several copies
    /// or documents) shown once, naming the other documents.
    fn distinct_hits(
        &self,
        candidates: Vec<Candidate>,
        m: &Matcher,
        analyzer: &mut TextAnalyzer,
        opts: &SearchOptions,
    ) -> Vec<Hit> {
        let mut hits: Vec<Hit> = Vec::new();
        let mut seen: HashMap<u64, usize> = HashMap::new();
        for c in candidates {
            let key = letters_hash(&first_str(&c.doc, self.fields.text).unwrap_or_default());
            if let Some(&k) = seen.get(&key) {
                let first = &mut hits[k];
                if first.doc_id != c.doc_id && !first.also_in.contains(&c.doc_id) {
                    first.also_in.push(c.doc_id);
                }
                continue;
            }
            seen.insert(key, hits.len());
            hits.push(self.hit(&c.doc, hits.len() + 1, c.score));
        }
        let mut out: Vec<Hit> = hits
            .into_iter()
            .skip(opts.offset)
            .take(opts.limit)
            .collect();
        for h in out.iter_mut() {
            h.highlights = spans(m, analyzer, &h.text);
        }
        out
    }

    /// Adds near spellings of rare words as weaker forms: names are spelled many ways
    /// (`Marietta`, `Marrieta`), and a word the index hardly knows may be a typo.
    fn add_near_spellings(&self, searcher: &Searcher, m: &mut Matcher) -> Result<(), Error> {
        const RARE: u64 = 20;
        let field = self.fields.text;
        for c in m.concepts.iter_mut() {
            let [form] = c.forms.as_slice() else {
                continue;
            };
            let [term] = form.terms.as_slice() else {
                continue;
            };
            let len = term.chars().count();
            if c.stop || len < 6 || !term.chars().all(|ch| ch.is_ascii_alphabetic()) {
                continue;
            }
            if searcher.doc_freq(&Term::from_field_text(field, term))? >= RARE {
                continue;
            }
            let max_edits = if len >= 9 { 2 } else { 1 };
            let prefix = &term.as_bytes()[..2];
            let mut upper = prefix.to_vec();
            upper[1] += 1;
            let mut near: Vec<(u64, String)> = Vec::new();
            for segment in searcher.segment_readers() {
                let inverted = segment.inverted_index(field)?;
                let mut stream = inverted
                    .terms()
                    .range()
                    .ge(prefix)
                    .lt(&upper)
                    .into_stream()
                    .map_err(|e| Error::IndexIo(e.to_string()))?;
                while stream.advance() {
                    let Ok(key) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    if key != term
                        && key.len().abs_diff(term.len()) <= max_edits
                        && strsim::osa_distance(key, term) <= max_edits
                        && !near.iter().any(|(_, k)| k == key)
                    {
                        let df = searcher.doc_freq(&Term::from_field_text(field, key))?;
                        near.push((df, key.to_string()));
                    }
                }
            }
            near.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            for (_, key) in near.into_iter().take(3) {
                c.forms.push(Form {
                    terms: vec![key],
                    weight: 0.6,
                });
            }
        }
        Ok(())
    }

    /// The passages holding at least one of `q`'s words, within its filters: what
    /// [`Index::count`] counts and [`Index::facets`] describes.
    fn any_word_query(&self, q: &Query) -> Box<dyn TQuery> {
        with_analyzer(|analyzer| {
            let m = Matcher::new(analyzer, &q.words, &q.phrases);
            let fixed = constraints(analyzer, &self.fields, q, &m);
            build(&self.fields, &m, &fixed, false)
        })
    }

    /// How many passages match `q` (holding at least one of its words, and its filters).
    pub fn count(&self, q: &Query) -> Result<usize, Error> {
        Ok(self.searcher()?.search(&*self.any_word_query(q), &Count)?)
    }

    /// Counts of the documents with at least one passage matching `q` (what `--facets` and
    /// `tipsearch stats QUERY` show): the shape of the results, not only their top.
    pub fn facets(&self, q: &Query) -> Result<Stats, Error> {
        self.stats_of(&*self.any_word_query(q))
    }

    /// The cables `id` cites and the documents that cite it, from the references fields.
    pub fn references(&self, id: &str) -> Result<References, Error> {
        let id = id.trim().to_uppercase();
        let searcher = self.searcher()?;
        let f = &self.fields;
        // One passage of a document carries every document-level field.
        let any_passage = |doc_id: &str| -> Result<Option<TantivyDocument>, Error> {
            let found = searcher.search(
                &*term_query(f.doc_id, doc_id),
                &TopDocs::with_limit(1).order_by_score(),
            )?;
            found
                .first()
                .map(|(_, addr)| fetch(&searcher, *addr))
                .transpose()
        };
        let this = any_passage(&id)?.ok_or_else(|| Error::NotFound(id.clone()))?;
        let cites = all_str(&this, f.references);
        let mut cited_by: Vec<String> = searcher
            .search(&*term_query(f.references, &id), &DocIds)?
            .into_iter()
            .collect();
        cited_by.sort();
        let describe = |ids: Vec<String>| -> Result<Vec<Reference>, Error> {
            ids.into_iter()
                .map(|doc_id| {
                    let hit = any_passage(&doc_id)?.map(|d| self.hit(&d, 0, 0.0));
                    Ok(Reference {
                        title: hit.as_ref().map(|h| h.title.clone()),
                        date: hit.and_then(|h| h.date),
                        doc_id,
                    })
                })
                .collect()
        };
        Ok(References {
            doc_id: id,
            title: first_str(&this, f.title).unwrap_or_default(),
            cites: describe(cites)?,
            cited_by: describe(cited_by)?,
        })
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
            ordinal: doc
                .get_first(f.ordinal)
                .and_then(|v| v.as_u64())
                .map_or(0, |o| o + 1),
            text: first_str(doc, f.text).unwrap_or_default(),
            highlights: Vec::new(),
            source: first_str(doc, f.source).unwrap_or_default(),
            also_in: Vec::new(),
        }
    }

    /// Every passage of one document, in reading order, as hits without highlights.
    pub fn document(&self, id: &str) -> Result<Vec<Hit>, Error> {
        let searcher = self.searcher()?;
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

/// For each document of `docs` and each of the matcher's concepts, the word positions in
/// `field` where one of the concept's forms begins (a phrase: its words in a row), read off
/// the field's postings.
fn concept_positions(
    searcher: &Searcher,
    m: &Matcher,
    field: Field,
    docs: &[DocAddress],
) -> Result<Vec<Vec<Vec<usize>>>, Error> {
    let concepts = m.concepts.len();
    let mut out = vec![vec![Vec::new(); concepts]; docs.len()];
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_unstable_by_key(|&k| (docs[k].segment_ord, docs[k].doc_id));
    let terms: Vec<&str> = {
        let mut t: Vec<&str> = m
            .concepts
            .iter()
            .flat_map(|c| &c.forms)
            .flat_map(|form| &form.terms)
            .map(String::as_str)
            .collect();
        t.sort_unstable();
        t.dedup();
        t
    };
    let mut buf = Vec::new();
    for group in order.chunk_by(|&a, &b| docs[a].segment_ord == docs[b].segment_ord) {
        let segment = searcher.segment_reader(docs[group[0]].segment_ord);
        let inverted = segment.inverted_index(field)?;
        // Each term's positions in each document of the group, in `group` order.
        let mut at: HashMap<&str, Vec<Vec<u32>>> = HashMap::new();
        for &term in &terms {
            let t = Term::from_field_text(field, term);
            let read = inverted.read_postings(&t, IndexRecordOption::WithFreqsAndPositions);
            let Some(mut postings) = read.map_err(tantivy::TantivyError::from)? else {
                continue;
            };
            let mut per_doc = vec![Vec::new(); group.len()];
            for (slot, &k) in group.iter().enumerate() {
                let doc = docs[k].doc_id;
                if postings.doc() <= doc && postings.seek(doc) == doc {
                    postings.positions(&mut buf);
                    per_doc[slot] = std::mem::take(&mut buf);
                }
            }
            at.insert(term, per_doc);
        }
        for (slot, &k) in group.iter().enumerate() {
            let positions = |term: &str| at.get(term).map(|p| p[slot].as_slice()).unwrap_or(&[]);
            for (i, concept) in m.concepts.iter().enumerate() {
                let found = &mut out[k][i];
                for form in &concept.forms {
                    let Some((first, rest)) = form.terms.split_first() else {
                        continue;
                    };
                    for &p in positions(first) {
                        let in_a_row = rest
                            .iter()
                            .enumerate()
                            .all(|(j, t)| positions(t).binary_search(&(p + 1 + j as u32)).is_ok());
                        if in_a_row {
                            found.push(p as usize);
                        }
                    }
                }
                found.sort_unstable();
                found.dedup();
            }
        }
    }
    Ok(out)
}

/// A hash of a text's letters and digits, case aside: two copies of one passage that differ
/// only in spacing, punctuation or wrapping hash alike.
fn letters_hash(text: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    // Eight letters to a write: one write per byte costs more than the rest of the search.
    let (mut chunk, mut filled) = (0u64, 0);
    let mut push = |byte: u8, h: &mut rustc_hash::FxHasher| {
        chunk = chunk << 8 | u64::from(byte);
        filled += 1;
        if filled == 8 {
            h.write_u64(chunk);
            (chunk, filled) = (0, 0);
        }
    };
    if text.is_ascii() {
        for &b in text.as_bytes().iter().filter(|b| b.is_ascii_alphanumeric()) {
            push(b.to_ascii_lowercase(), &mut h);
        }
        h.write_u64(chunk);
        h.write_u8(filled);
        return h.finish();
    }
    for ch in text.chars().filter(|ch| ch.is_alphanumeric()) {
        if ch.is_ascii() {
            push(ch.to_ascii_lowercase() as u8, &mut h);
        } else {
            for l in ch.to_lowercase() {
                let mut buf = [0; 4];
                l.encode_utf8(&mut buf)
                    .bytes()
                    .for_each(|b| push(b, &mut h));
            }
        }
    }
    h.write_u64(chunk);
    h.write_u8(filled);
    h.finish()
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

/// A document's place in the web of citations (`tipsearch show ID --refs`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct References {
    /// The document.
    pub doc_id: String,
    /// Its title.
    pub title: String,
    /// The cables it cites (REF line), in its order.
    pub cites: Vec<Reference>,
    /// The indexed documents that cite it.
    pub cited_by: Vec<Reference>,
}

/// One cited or citing document; title and date are known when it is in the index.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Reference {
    /// Canonical cable id.
    pub doc_id: String,
    /// Title, when the document is in the index.
    pub title: Option<String>,
    /// Date (RFC 3339), when the document is in the index and dated.
    pub date: Option<String>,
}

/// Collects the document ids of matching passages, from the fast field.
struct DocIds;

impl Collector for DocIds {
    type Fruit = HashSet<String>;
    type Child = SegmentDocIds;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentDocIds> {
        Ok(SegmentDocIds {
            column: reader.fast_fields().str("doc_id")?,
            ords: HashSet::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashSet<String>>) -> tantivy::Result<HashSet<String>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

struct SegmentDocIds {
    column: Option<tantivy::columnar::StrColumn>,
    ords: HashSet<u64>,
}

impl SegmentCollector for SegmentDocIds {
    type Fruit = HashSet<String>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(ord) = self.column.as_ref().and_then(|c| c.term_ords(doc).next()) {
            self.ords.insert(ord);
        }
    }

    fn harvest(self) -> HashSet<String> {
        let Some(column) = self.column else {
            return HashSet::new();
        };
        self.ords
            .into_iter()
            .filter_map(|ord| {
                let mut id = String::new();
                column.ord_to_str(ord, &mut id).ok().filter(|ok| *ok)?;
                Some(id)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Positions read off the postings are those the analyzer gives the stored text.
    #[test]
    fn positions_from_postings_match_the_analysed_text() {
        let index = crate::bundled_index().expect("bundled index");
        let searcher = index.searcher().expect("searcher");
        let mut analyzer = text_analyzer();
        let q = crate::query::parse("NRM victims forced labor Nakhchivan").expect("query");
        let m = Matcher::new(&mut analyzer, &q.words, &q.phrases);
        let query = build(
            &index.fields,
            &m,
            &constraints(&mut analyzer, &index.fields, &q, &m),
            false,
        );
        let top = searcher
            .search(&*query, &TopDocs::with_limit(20).order_by_score())
            .expect("search");
        assert!(top.len() >= 10);
        let addrs: Vec<DocAddress> = top.iter().map(|(_, a)| *a).collect();
        let got = concept_positions(&searcher, &m, index.fields.text, &addrs).expect("positions");
        let mut phrases = 0;
        for (k, addr) in addrs.iter().enumerate() {
            let doc = fetch(&searcher, *addr).expect("doc");
            let text = first_str(&doc, index.fields.text).unwrap_or_default();
            let words = analyzer::words(&mut analyzer, &text);
            for (i, concept) in m.concepts.iter().enumerate() {
                let mut want: Vec<usize> = Vec::new();
                for form in &concept.forms {
                    let n = form.terms.len();
                    for w in words.windows(n) {
                        if w.iter().zip(&form.terms).all(|(w, t)| &w.term == t)
                            && w.windows(2).all(|p| p[1].position == p[0].position + 1)
                        {
                            want.push(w[0].position);
                            phrases += usize::from(n > 1);
                        }
                    }
                }
                want.sort_unstable();
                want.dedup();
                assert_eq!(got[k][i], want, "{}: {text}", concept.label);
            }
        }
        assert!(
            phrases > 0,
            "an expansion of several words was found in a row somewhere"
        );
    }
}
