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
/// `occ[c][j]`. One vector for all forms (an empty one allocates nothing), since a search
/// builds one of these per passage and field, and allocating per concept was a fifth of it.
/// A field that was not read has no forms at all (see [`Occurrences::unread`]): every
/// concept then has none.
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
    /// Of a field not read (section headings the ranking does not weigh): allocates nothing.
    fn unread(starts: Rc<[usize]>) -> Occurrences {
        Occurrences {
            flat: Vec::new(),
            starts,
        }
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
    let (blank, unread) = (forms.empty(), forms.unread());
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
                text: text.next().unwrap_or_else(|| blank.clone()),
                section: section.next().unwrap_or_else(|| unread.clone()),
                aka: aka.next().unwrap_or_else(|| blank.clone()),
            })
            .collect();
        out.push(Document {
            passages,
            title: titles.next().unwrap_or_else(|| blank.clone()),
            country: countries.next().unwrap_or_else(|| blank.clone()),
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
    fn of(m: &'m Matcher) -> Forms<'m> {
        let mut layout = vec![0];
        for c in &m.concepts {
            layout.push(layout[layout.len() - 1] + c.forms.len());
        }
        let all = || m.concepts.iter().flat_map(|c| &c.forms);
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

    /// No occurrence of any form.
    fn empty(&self) -> Occurrences {
        Occurrences {
            flat: vec![Vec::new(); self.forms.len()],
            starts: Rc::clone(&self.layout),
        }
    }

    /// Of a field not read (see [`Occurrences::unread`]).
    fn unread(&self) -> Occurrences {
        Occurrences::unread(Rc::clone(&self.layout))
    }

    /// For each document of `docs`, the occurrences in `field` of each form of each
    /// concept: where it begins (a phrase: its words in a row), read off the field's
    /// postings.
    fn occurrences(
        &self,
        searcher: &Searcher,
        field: Field,
        docs: &[DocAddress],
    ) -> Result<Vec<Occurrences>, Error> {
        let mut out = vec![self.unread(); docs.len()];
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_unstable_by_key(|&k| (docs[k].segment_ord, docs[k].doc_id));
        for group in order.chunk_by(|&a, &b| docs[a].segment_ord == docs[b].segment_ord) {
            let ids: Vec<DocId> = group.iter().map(|&k| docs[k].doc_id).collect();
            let segment = searcher.segment_reader(docs[group[0]].segment_ord);
            let at = term_positions(segment, field, &self.terms, &ids)?;
            for (slot, &k) in group.iter().enumerate() {
                let positions = |t: usize| at.get(t).and_then(|p| p.get(slot));
                let positions = |t: usize| positions(t).map_or(&[][..], Vec::as_slice);
                out[k].flat = self.forms.iter().map(|f| starts(f, &positions)).collect();
            }
        }
        Ok(out)
    }
}

/// Where `term` is in the sorted `terms` (past the end when it is not: it occurs nowhere).
fn index_of(terms: &[&str], term: &str) -> usize {
    terms.binary_search(&term).unwrap_or(usize::MAX)
}

/// Where the terms `form` (indices) occur in a row, given each term's positions.
fn starts<'a>(form: &[usize], positions: &impl Fn(usize) -> &'a [u32]) -> Vec<u32> {
    let Some((&first, rest)) = form.split_first() else {
        return Vec::new();
    };
    positions(first)
        .iter()
        .copied()
        .filter(|&p| {
            rest.iter()
                .enumerate()
                .all(|(j, &t)| positions(t).binary_search(&(p + 1 + j as u32)).is_ok())
        })
        .collect()
}

/// Each term's positions in each of `docs` (sorted doc ids of one segment), in that order;
/// a term the segment lacks has none in any.
fn term_positions(
    segment: &tantivy::SegmentReader,
    field: Field,
    terms: &[&str],
    docs: &[DocId],
) -> Result<Vec<Vec<Vec<u32>>>, Error> {
    let inverted = segment.inverted_index(field)?;
    let mut at = Vec::with_capacity(terms.len());
    let mut buf = Vec::new();
    for &term in terms {
        let t = Term::from_field_text(field, term);
        let read = inverted.read_postings(&t, IndexRecordOption::WithFreqsAndPositions);
        let Some(mut postings) = read.map_err(tantivy::TantivyError::from)? else {
            at.push(Vec::new());
            continue;
        };
        let mut per_doc = vec![Vec::new(); docs.len()];
        for (slot, &doc) in docs.iter().enumerate() {
            if postings.doc() <= doc && postings.seek(doc) == doc {
                postings.positions(&mut buf);
                per_doc[slot] = std::mem::take(&mut buf);
            }
        }
        at.push(per_doc);
    }
    Ok(at)
}
