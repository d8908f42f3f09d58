//! Candidate retrieval: a parsed query compiled to tantivy queries, which find the passages
//! that ranking then looks at in context, and which `count` and `facets` describe.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query as TQuery,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, Term};
use time::OffsetDateTime;

use super::concepts::{Concept, Expansion, Form, Matcher};
use super::expand::Prefixes;
use crate::analyzer;
use crate::index::{exact, Fields};
use crate::query::{Filter, Node, Query};

/// A query clause: how it must hold, and what it asks.
pub(super) type Clause = (Occur, Box<dyn TQuery>);

pub(crate) fn term_query(field: Field, text: &str) -> Box<dyn TQuery> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// The passages of the document whose id or one of whose aliases is `id` (upper case).
pub(super) fn id_query(f: &Fields, id: &str) -> Box<dyn TQuery> {
    let either = [f.doc_id, f.alias].map(|field| (Occur::Should, term_query(field, id)));
    Box::new(BooleanQuery::new(either.into()))
}

/// Query over an analysed field: one term, or a phrase when the value analyses to several.
fn analysed_query(
    analyzer: &mut TextAnalyzer,
    field: Field,
    value: &str,
) -> Option<Box<dyn TQuery>> {
    let terms = analyzer::terms(analyzer, value);
    (!terms.is_empty()).then(|| form_query(field, &Form::new(terms, Expansion::Typed)))
}

fn date_bound(f: &Fields, d: &Option<OffsetDateTime>, inclusive: bool) -> Bound<Term> {
    let Some(d) = d else {
        return Bound::Unbounded;
    };
    let t = Term::from_field_date(f.date, DateTime::from_timestamp_secs(d.unix_timestamp()));
    if inclusive {
        Bound::Included(t)
    } else {
        Bound::Excluded(t)
    }
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
        Filter::Subject(s) => analysed_query(analyzer, f.title, s).unwrap_or_else(none),
        Filter::Cites(id) => term_query(f.references, id),
        Filter::Id(id) => id_query(f, &id.to_uppercase()),
        Filter::Classification(c) => term_query(f.classification, &c.to_uppercase()),
        Filter::Date { from, to } => Box::new(RangeQuery::new(
            date_bound(f, from, true),
            date_bound(f, to, false),
        )),
    }
}

/// A field a query's words are looked for in.
#[derive(Clone, Copy)]
struct Searched {
    field: Field,
    /// How much a match there counts, beside one in the text.
    boost: f32,
    /// Only the words as typed are looked for: each expansion costs a scorer per field, and
    /// the fields of the whole document are read whole anyway when it is ranked.
    typed_only: bool,
}

/// Where a query's words are looked for: the text, its document's title and country, and
/// the expansions of the acronyms it uses. (Section headings are not: what they hold adds
/// to the score of a passage found by these.)
fn word_fields(f: &Fields) -> [Searched; 4] {
    let searched = |field, boost, typed_only| Searched {
        field,
        boost,
        typed_only,
    };
    [
        searched(f.text, 1.0, false),
        searched(f.title, 0.4, true),
        searched(f.about, 0.4, true),
        searched(f.aka, 0.5, false),
    ]
}

/// One form in one field: a term, or its words in a row.
pub(super) fn form_query(field: Field, form: &Form) -> Box<dyn TQuery> {
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

/// Any form of a concept in any of `fields` that looks for it.
fn concept_query(c: &Concept, fields: &[Searched]) -> Box<dyn TQuery> {
    Box::new(BooleanQuery::new(concept_clauses(c, fields).collect()))
}

/// Each form of a concept in each of `fields` that looks for it, as a clause that may hold.
fn concept_clauses<'a>(
    c: &'a Concept,
    fields: &'a [Searched],
) -> impl Iterator<Item = Clause> + 'a {
    fields.iter().flat_map(move |s| {
        let forms = c.forms.iter();
        let looked_for = forms.filter(move |form| !s.typed_only || form.kind == Expansion::Typed);
        looked_for.map(move |form| -> Clause {
            let q = BoostQuery::new(form_query(s.field, form), s.boost);
            (Occur::Should, Box::new(q))
        })
    })
}

/// A query of clauses that matches only what they allow: one of only exclusions excludes
/// from every passage, not from none.
fn boolean(mut clauses: Vec<Clause>) -> Box<dyn TQuery> {
    if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// Compiles the conditions operators build ([`Node`]). A word in a condition matches what
/// the same word matches alone (its concept, with the expansions ranking gives it), so
/// that `a OR b` finds exactly what `a` finds and what `b` finds; phrases and proximity
/// hold of the words as written.
pub(super) struct Conditions<'a> {
    /// The index's analyzer.
    pub analyzer: &'a mut TextAnalyzer,
    /// The index's fields.
    pub f: &'a Fields,
    /// What each prefix stands for.
    pub prefixes: &'a Prefixes,
    /// The query's concepts.
    pub m: &'a Matcher,
}

impl Conditions<'_> {
    fn query(&mut self, node: &Node) -> Box<dyn TQuery> {
        match node {
            Node::Word(w) => self.word(w),
            Node::Phrase(w) => self.text(w),
            Node::Prefix(p) => self.prefix(p),
            Node::Near { words, distance } => self.near(words, *distance),
            Node::Field(filter) => filter_query(self.analyzer, self.f, filter),
            Node::All(c) => boolean(c.iter().map(|n| self.clause(n, Occur::Must)).collect()),
            Node::Any(c) => boolean(c.iter().map(|n| (Occur::Should, self.query(n))).collect()),
            Node::Group(c) => boolean(c.iter().map(|n| self.grouped(n)).collect()),
            Node::Not(n) => boolean(vec![(Occur::MustNot, self.query(n))]),
        }
    }

    /// `node` as a clause that must hold, or must not for a `NOT`.
    fn clause(&mut self, node: &Node, occur: Occur) -> Clause {
        match node {
            Node::Not(inner) => (Occur::MustNot, self.query(inner)),
            _ => (occur, self.query(node)),
        }
    }

    /// Inside parentheses, as at a query's top level: words rank, the rest must hold.
    fn grouped(&mut self, node: &Node) -> Clause {
        let occur = if node.is_ranked() {
            Occur::Should
        } else {
            Occur::Must
        };
        self.clause(node, occur)
    }

    /// The concepts the word became, each of which must hold (`non-physical` is two); the
    /// word as written when it became none of its own (a part of a phrasing).
    fn word(&mut self, word: &str) -> Box<dyn TQuery> {
        let fields = word_fields(self.f);
        let concepts = self.m.concepts.iter().filter(|c| c.label == word);
        let all: Vec<Clause> = concepts
            .map(|c| (Occur::Must, concept_query(c, &fields)))
            .collect();
        match all.is_empty() {
            true => self.text(word),
            false => Box::new(BooleanQuery::new(all)),
        }
    }

    fn text(&mut self, words: &str) -> Box<dyn TQuery> {
        as_written(self.analyzer, self.f, words)
    }

    fn prefix(&self, prefix: &str) -> Box<dyn TQuery> {
        let words = self.prefixes.get(prefix).map_or(&[][..], Vec::as_slice);
        let mut any: Vec<Clause> = Vec::new();
        for s in word_fields(self.f) {
            any.extend(
                words
                    .iter()
                    .map(|w| (Occur::Should, term_query(s.field, w))),
            );
        }
        Box::new(BooleanQuery::new(any))
    }

    /// Lucene's sloppy phrase, which tantivy's phrase query with a slop is: the words in any
    /// order, a swap costing 2.
    fn near(&mut self, words: &str, distance: u32) -> Box<dyn TQuery> {
        let terms = analyzer::terms(self.analyzer, words);
        if terms.len() < 2 {
            return self.text(words);
        }
        let terms = terms.iter().map(|t| Term::from_field_text(self.f.text, t));
        let mut phrase = PhraseQuery::new(terms.collect());
        phrase.set_slop(distance);
        Box::new(phrase)
    }
}

/// `words` as written in any field a query's words are looked for in: what a word in a
/// condition or an exclusion finds, so that `-Turkey` leaves out what `Turkey` would find.
/// The words are analysed once, for every field.
fn as_written(analyzer: &mut TextAnalyzer, f: &Fields, words: &str) -> Box<dyn TQuery> {
    let form = Form::new(analyzer::terms(analyzer, words), Expansion::Typed);
    if form.terms.is_empty() {
        return Box::new(BooleanQuery::new(vec![]));
    }
    let any = word_fields(f).map(|s| (Occur::Should, form_query(s.field, &form)));
    Box::new(BooleanQuery::new(any.into()))
}

/// What every result must (not) satisfy whatever its words: quoted phrases, filters,
/// exclusions, and the conditions operators build.
pub(super) fn constraints(cx: &mut Conditions, q: &Query) -> Vec<Clause> {
    let (analyzer, f, m) = (&mut *cx.analyzer, cx.f, cx.m);
    let mut clauses: Vec<Clause> = Vec::new();
    for phrase in &m.phrases {
        let form = Form::new(phrase.clone(), Expansion::Typed);
        clauses.push((Occur::Must, form_query(f.text, &form)));
    }
    for filter in &q.filters {
        clauses.push((Occur::Must, filter_query(analyzer, f, filter)));
    }
    for filter in &q.excluded_filters {
        clauses.push((Occur::MustNot, filter_query(analyzer, f, filter)));
    }
    for ex in &q.excluded {
        clauses.push((Occur::MustNot, as_written(analyzer, f, ex)));
    }
    clauses
}

/// The conditions the query's operators build, all of which a shown passage must meet, or
/// `None` without operators. They decide what is found and shown, never a score: the
/// evidence of `a OR b` is that of `a b`.
pub(super) fn conditions(cx: &mut Conditions, q: &Query) -> Option<Box<dyn TQuery>> {
    let all: Vec<Clause> = q
        .required
        .iter()
        .map(|node| cx.clause(node, Occur::Must))
        .collect();
    (!all.is_empty()).then(|| boolean(all))
}

/// `constraints`, and `conditions` when there are any, scoring nothing.
pub(super) fn with_conditions(
    constraints: &[Clause],
    conditions: Option<&dyn TQuery>,
) -> Vec<Clause> {
    let mut all: Vec<Clause> = constraints
        .iter()
        .map(|(o, q)| (*o, q.box_clone()))
        .collect();
    if let Some(c) = conditions {
        all.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(c.box_clone(), 0.0)),
        ));
    }
    all
}

/// The passages of the documents `ids` that `condition` lets through.
pub(super) fn within(f: &Fields, condition: &dyn TQuery, ids: &[String]) -> Box<dyn TQuery> {
    let any_id = ids.iter().map(|id| (Occur::Should, id_query(f, id)));
    let of_ids: Box<dyn TQuery> = Box::new(BooleanQuery::new(any_id.collect()));
    both(condition, of_ids)
}

/// The passages `a` and `b` both match.
pub(super) fn both(a: &dyn TQuery, b: Box<dyn TQuery>) -> Box<dyn TQuery> {
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, a.box_clone()),
        (Occur::Must, b),
    ]))
}

/// The passages that satisfy `constraints` alone, or `None` when there are none to satisfy.
pub(super) fn only_constraints(constraints: &[Clause]) -> Option<Box<dyn TQuery>> {
    if constraints.is_empty() {
        return None;
    }
    let mut clauses: Vec<Clause> = constraints
        .iter()
        .map(|(o, q)| (*o, q.box_clone()))
        .collect();
    clauses.push((Occur::Must, Box::new(AllQuery)));
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// The tantivy query of the passages that hold at least one of the query's content
/// concepts (in their text, title, country or acronym expansions) and satisfy its
/// constraints. Stop words are not looked for, unless the query is nothing else: ranking
/// does not weigh them, and as optional clauses they kept tantivy from pruning.
///
/// The forms are one flat list of terms, not a list of concepts each a list of forms:
/// scored the same (a sum of sums), but a flat union of terms is what tantivy prunes by
/// block-max WAND, and the nested one it scored in full (a third of a search's time).
pub(super) fn build(f: &Fields, m: &Matcher, constraints: &[Clause]) -> Box<dyn TQuery> {
    let fields = word_fields(f);
    let content = m.content().flat_map(|(_, c)| concept_clauses(c, &fields));
    let any: Box<dyn TQuery> = match m.content().next() {
        None => Box::new(AllQuery),
        Some(_) => Box::new(BooleanQuery::new(content.collect())),
    };
    if constraints.is_empty() {
        return any;
    }
    let mut clauses: Vec<Clause> = constraints
        .iter()
        .map(|(o, q)| (*o, q.box_clone()))
        .collect();
    clauses.push((Occur::Must, any));
    Box::new(BooleanQuery::new(clauses))
}
