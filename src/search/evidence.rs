//! What the index says about the candidate documents: every passage of each, and where in
//! it (text, section heading, acronym expansions) each form of each query concept occurs,
//! read off the postings. Ranking scores from this alone; stored text is read only for
//! the hits shown.

use std::rc::Rc;

use tantivy::postings::Postings;
use tantivy::query::{EnableScoring, Query as TQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Searcher, Term, TERMINATED};

use super::concepts::Matcher;
use crate::error::Error;
use crate::index::{fast, Fields};

/// For each concept, for each of its forms, the word positions where the form begins:
/// `occ[c][j]`. One vector for all forms, allocated only when some form occurs: a search
/// builds one of these per passage and field, most passages hold none of the query's
/// forms in most fields, and one allocation per concept was a fifth of a search.
/// A field where nothing occurs (or that was not read) has no forms at all: every concept
/// then has none.
#[derive(Debug, Clone)]
pub(super) struct Occurrences {
    flat: Vec<Vec<u32>>,
    /// Where each concept's forms start in `flat`, and one past the last.
    starts: Rc<[usize]>,
}

impl std::ops::Index<usize> for Occurrences {
    type Output = [Vec<u32>];

    fn index(&self, concept: usize) -> &[Vec<u32>] {
        self.flat
            .get(self.starts[concept]..self.starts[concept + 1])
            .unwrap_or(&[])
    }
}

impl Occurrences {
    /// Of a field where no form occurs: allocates nothing.
    fn none(starts: Rc<[usize]>) -> Occurrences {
        Occurrences {
            flat: Vec::new(),
            starts,
        }
    }

    /// Where form `form` of concept `concept` begins (none when it does not occur).
    pub fn at(&self, concept: usize, form: usize) -> &[u32] {
        self[concept].get(form).map_or(&[], Vec::as_slice)
    }

    /// Records where form `k` of the flat list of all forms begins.
    fn set(&mut self, k: usize, at: Vec<u32>) {
        if self.flat.is_empty() {
            let forms = self.starts.last().copied().unwrap_or(0);
            self.flat = vec![Vec::new(); forms];
        }
        self.flat[k] = at;
    }
}

/// One passage of a candidate document.
#[derive(Debug)]
pub(super) struct Passage {
    pub addr: DocAddress,
    /// Words in its text.
    pub length: u32,
    /// Numbers it writes (see [`crate::quantities::numbers_in`]).
    pub numbers: u64,
    /// The kinds of quantity it writes (see [`crate::quantities::units_in`]).
    pub units: u64,
    pub text: Occurrences,
    pub section: Occurrences,
    /// In the expansions of the acronyms the passage uses (see [`crate::acronyms`]).
    pub aka: Occurrences,
}

/// A candidate document: its passages in reading order, and the occurrences in its title
/// and in the name of the country it is about.
#[derive(Debug)]
pub(super) struct Document {
    pub passages: Vec<Passage>,
    pub title: Occurrences,
    pub country: Occurrences,
}

impl Document {
    /// Words in its text.
    pub fn length(&self) -> u32 {
        self.passages.iter().map(|p| p.length).sum()
    }
}

/// Statistics of the whole index that BM25 needs.
#[derive(Debug, Clone, Copy)]
pub(super) struct Corpus {
    pub passages: u64,
    pub documents: u64,
    pub text_words: u64,
}

impl Corpus {
    /// The statistics of `searcher`'s index, which holds `documents` documents (counted
    /// by their first passages, not as the segments' distinct ids summed: a document whose
    /// passages fell into two segments would count twice, and how they fall differs from
    /// one build of the same index to the next; the ranking would too).
    pub fn read(searcher: &Searcher, f: &Fields, documents: u64) -> Result<Corpus, Error> {
        let mut c = Corpus {
            passages: searcher.num_docs().max(1),
            documents: documents.max(1),
            text_words: 0,
        };
        for segment in searcher.segment_readers() {
            c.text_words += segment.inverted_index(f.text)?.total_num_tokens();
        }
        Ok(c)
    }

    pub fn mean_passage(&self) -> f32 {
        self.text_words as f32 / self.passages as f32
    }

    pub fn mean_document(&self) -> f32 {
        self.text_words as f32 / self.documents as f32
    }
}

/// Where a passage is and what the fast fields say of it.
#[derive(Debug, Clone, Copy)]
struct Located {
    addr: DocAddress,
    ordinal: u64,
    length: u32,
    numbers: u64,
    units: u64,
}

/// The passages of the documents `ids`, each with its address, ordinal and text length,
/// grouped by document in the order of `ids`, in reading order; only passages `keep` lets
/// through (the query's phrases, filters and exclusions).
fn passages_of(
    searcher: &Searcher,
    f: &Fields,
    ids: &[String],
    keep: Option<&dyn TQuery>,
) -> Result<Vec<Vec<Located>>, Error> {
    let mut out = vec![Vec::new(); ids.len()];
    let keep = keep
        .map(|q| q.weight(EnableScoring::disabled_from_searcher(searcher)))
        .transpose()?;
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let alive = segment.alive_bitset();
        let postings = segment.inverted_index(f.doc_id)?;
        let ordinals = segment.fast_fields().u64(fast::ORDINAL)?;
        let numbers = segment.fast_fields().u64(fast::NUMBERS)?;
        let units = segment.fast_fields().u64(fast::UNITS)?;
        let norms = segment.get_fieldnorms_reader(f.text)?;
        let mut filter = keep.as_ref().map(|w| w.scorer(segment, 1.0)).transpose()?;
        // Every passage of the documents first, in doc id order, since a scorer only seeks
        // forwards.
        let mut found: Vec<(DocId, usize)> = Vec::new();
        for (k, id) in ids.iter().enumerate() {
            let term = Term::from_field_text(f.doc_id, id);
            let read = postings.read_postings(&term, IndexRecordOption::Basic);
            let Some(mut p) = read.map_err(tantivy::TantivyError::from)? else {
                continue;
            };
            while p.doc() != TERMINATED {
                found.push((p.doc(), k));
                p.advance();
            }
        }
        found.sort_unstable();
        for (doc, k) in found {
            let kept = filter
                .as_mut()
                .is_none_or(|s| s.doc() <= doc && s.seek(doc) == doc);
            if kept && alive.is_none_or(|a| a.is_alive(doc)) {
                out[k].push(Located {
                    addr: DocAddress::new(ord as u32, doc),
                    ordinal: ordinals.first(doc).unwrap_or(0),
                    length: norms.fieldnorm(doc),
                    numbers: numbers.first(doc).unwrap_or(0),
                    units: units.first(doc).unwrap_or(0),
                });
            }
        }
    }
    for passages in &mut out {
        passages.sort_by_key(|p| p.ordinal);
    }
    Ok(out)
}

/// Reads the evidence of the documents `ids` (see the module's comment); section headings
/// only `with_sections` (when the ranking weighs them).
pub(super) fn documents(
    searcher: &Searcher,
    f: &Fields,
    m: &Matcher,
    ids: &[String],
    keep: Option<&dyn TQuery>,
    with_sections: bool,
) -> Result<Vec<Document>, Error> {
    let grouped = passages_of(searcher, f, ids, keep)?;
    let addrs: Vec<DocAddress> = grouped.iter().flatten().map(|p| p.addr).collect();
    let forms = Forms::of(m);
    let mut text = forms.occurrences(searcher, f.text, &addrs)?.into_iter();
    let mut section = match with_sections {
        true => forms.occurrences(searcher, f.section, &addrs)?.into_iter(),
        false => Vec::new().into_iter(),
    };
    let mut aka = forms.occurrences(searcher, f.aka, &addrs)?.into_iter();
    let firsts: Vec<DocAddress> = grouped
        .iter()
        .filter_map(|g| g.first())
        .map(|p| p.addr)
        .collect();
    let mut titles = forms.occurrences(searcher, f.title, &firsts)?.into_iter();
    let mut countries = forms.occurrences(searcher, f.about, &firsts)?.into_iter();
    let none = forms.none();
    let mut out = Vec::new();
    for group in grouped {
        if group.is_empty() {
            continue;
        }
        let passages = group
            .into_iter()
            .map(|p| Passage {
                addr: p.addr,
                length: p.length,
                numbers: p.numbers,
                units: p.units,
                text: text.next().unwrap_or_else(|| none.clone()),
                section: section.next().unwrap_or_else(|| none.clone()),
                aka: aka.next().unwrap_or_else(|| none.clone()),
            })
            .collect();
        out.push(Document {
            passages,
            title: titles.next().unwrap_or_else(|| none.clone()),
            country: countries.next().unwrap_or_else(|| none.clone()),
        });
    }
    Ok(out)
}

/// A query's forms as reading their occurrences needs them, worked out once per search
/// (each field read uses them): where each concept's forms start in the flat list of all
/// forms, the distinct terms, sorted, and each form's terms as indices into them.
struct Forms<'m> {
    layout: Rc<[usize]>,
    terms: Vec<&'m str>,
    forms: Vec<Vec<usize>>,
}

impl<'m> Forms<'m> {
    /// The forms of `m`'s content concepts; a stop word has none here (ranking does not
    /// weigh it, and its positions in every passage cost the most to read).
    fn of(m: &'m Matcher) -> Forms<'m> {
        let content: Vec<usize> = m.content().map(|(i, _)| i).collect();
        let forms_of = |i: usize| match content.contains(&i) {
            true => m.concepts[i].forms.as_slice(),
            false => &[],
        };
        let mut layout = vec![0];
        for i in 0..m.concepts.len() {
            layout.push(layout[i] + forms_of(i).len());
        }
        let all = || (0..m.concepts.len()).flat_map(forms_of);
        let mut terms: Vec<&str> = all().flat_map(|f| &f.terms).map(String::as_str).collect();
        terms.sort_unstable();
        terms.dedup();
        let forms = all()
            .map(|f| f.terms.iter().map(|t| index_of(&terms, t)).collect())
            .collect();
        Forms {
            layout: layout.into(),
            terms,
            forms,
        }
    }

    /// No occurrence of any form (or a field not read).
    fn none(&self) -> Occurrences {
        Occurrences::none(Rc::clone(&self.layout))
    }

    /// For each document of `docs`, the occurrences in `field` of each form of each
    /// concept: where it begins (a phrase: its words in a row), read off the field's
    /// postings. Only the documents that hold a form's first term are visited for it.
    fn occurrences(
        &self,
        searcher: &Searcher,
        field: Field,
        docs: &[DocAddress],
    ) -> Result<Vec<Occurrences>, Error> {
        let mut out = vec![self.none(); docs.len()];
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_unstable_by_key(|&k| (docs[k].segment_ord, docs[k].doc_id));
        for group in order.chunk_by(|&a, &b| docs[a].segment_ord == docs[b].segment_ord) {
            let ids: Vec<DocId> = group.iter().map(|&k| docs[k].doc_id).collect();
            let segment = searcher.segment_reader(docs[group[0]].segment_ord);
            let at = term_positions(segment, field, &self.terms, &ids)?;
            for (k, form) in self.forms.iter().enumerate() {
                for (slot, found) in starts(form, &at) {
                    out[group[slot]].set(k, found);
                }
            }
        }
        Ok(out)
    }
}

/// Where `term` is in the sorted `terms` (past the end when it is not: it occurs nowhere).
fn index_of(terms: &[&str], term: &str) -> usize {
    terms.binary_search(&term).unwrap_or(usize::MAX)
}

/// Each term's positions in the documents that hold it: (slot of the document, positions),
/// by slot.
type Held = Vec<(usize, Vec<u32>)>;

/// Where the terms `form` (indices into `at`) occur in a row, in each document that holds
/// its first term and the form: (slot, positions).
fn starts<'a>(form: &'a [usize], at: &'a [Held]) -> impl Iterator<Item = (usize, Vec<u32>)> + 'a {
    let (first, rest) = form
        .split_first()
        .map_or((usize::MAX, &[][..]), |(f, r)| (*f, r));
    let held = at.get(first).map_or(&[][..], Vec::as_slice);
    held.iter().filter_map(move |(slot, positions)| {
        let found: Vec<u32> = match rest {
            [] => positions.clone(),
            _ => in_a_row(*slot, positions, rest, at),
        };
        (!found.is_empty()).then_some((*slot, found))
    })
}

/// The positions of `firsts` where the terms `rest` follow, one a word, in document `slot`.
fn in_a_row(slot: usize, firsts: &[u32], rest: &[usize], at: &[Held]) -> Vec<u32> {
    let positions = |t: usize| -> &[u32] {
        let held = at.get(t).map_or(&[][..], Vec::as_slice);
        held.binary_search_by_key(&slot, |h| h.0)
            .map_or(&[][..], |i| held[i].1.as_slice())
    };
    firsts
        .iter()
        .copied()
        .filter(|&p| {
            rest.iter()
                .enumerate()
                .all(|(j, &t)| positions(t).binary_search(&(p + 1 + j as u32)).is_ok())
        })
        .collect()
}

/// Each term's positions in the documents of `docs` (sorted doc ids of one segment) that
/// hold it, by slot in `docs`; a term the segment lacks is held by none.
fn term_positions(
    segment: &tantivy::SegmentReader,
    field: Field,
    terms: &[&str],
    docs: &[DocId],
) -> Result<Vec<Held>, Error> {
    let inverted = segment.inverted_index(field)?;
    let mut at = Vec::with_capacity(terms.len());
    for &term in terms {
        let t = Term::from_field_text(field, term);
        let read = inverted.read_postings(&t, IndexRecordOption::WithFreqsAndPositions);
        let Some(mut postings) = read.map_err(tantivy::TantivyError::from)? else {
            at.push(Vec::new());
            continue;
        };
        let mut held = Vec::new();
        for (slot, &doc) in docs.iter().enumerate() {
            if postings.doc() <= doc && postings.seek(doc) == doc {
                let mut positions = Vec::new();
                postings.positions(&mut positions);
                held.push((slot, positions));
            }
        }
        at.push(held);
    }
    Ok(at)
}
