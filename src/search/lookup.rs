//! Lookups by id: one document's passages, and its place in the web of citations.

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::schema::Value;
use tantivy::{Searcher, TantivyDocument};

use super::collect::{DocIds, PassagePlaces};
use super::retrieve::{id_query, term_query};
use super::{all_str, fetch, first_str, Hit};
use crate::error::Error;
use crate::index::Index;
use crate::query::Query;
use tantivy::query::AllQuery;

impl Index {
    /// The documents with a passage matching `q` (every document without one), in id
    /// order, each with the positions (from 1, as [`Hit::ordinal`]) of its matching
    /// passages: what `tipsearch export` writes.
    pub fn matching_documents(&self, q: Option<&Query>) -> Result<Vec<(String, Vec<u64>)>, Error> {
        self.reading(|| {
            let searcher = self.searcher()?;
            let places = match q {
                Some(q) => searcher.search(&*self.any_word_query(&searcher, q)?, &PassagePlaces)?,
                None => searcher.search(&AllQuery, &PassagePlaces)?,
            };
            let mut docs: Vec<(String, Vec<u64>)> = places
                .into_iter()
                .map(|(id, ordinals)| {
                    let mut at: Vec<u64> = ordinals.into_iter().map(|o| o + 1).collect();
                    at.sort_unstable();
                    (id, at)
                })
                .collect();
            docs.sort();
            Ok(docs)
        })
    }

    /// One passage of the document `doc_id`, which carries every document-level field.
    pub(crate) fn any_passage(
        &self,
        searcher: &Searcher,
        doc_id: &str,
    ) -> Result<Option<TantivyDocument>, Error> {
        let one = TopDocs::with_limit(1).order_by_score();
        let found = searcher.search(&*term_query(self.fields.doc_id, doc_id), &one)?;
        found
            .first()
            .map(|(_, addr)| fetch(searcher, *addr))
            .transpose()
    }

    /// The cables `id` cites and the documents that cite it, from the references fields.
    pub fn references(&self, id: &str) -> Result<References, Error> {
        self.reading(|| self.read_references(id))
    }

    fn read_references(&self, id: &str) -> Result<References, Error> {
        let searcher = self.searcher()?;
        let id = self
            .real_id(&searcher, id)?
            .ok_or_else(|| Error::NotFound(id.trim().to_uppercase()))?;
        let f = &self.fields;
        let any_passage = |doc_id: &str| self.any_passage(&searcher, doc_id);
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

    /// One document as the index holds it: its fields, and every passage in reading order
    /// (as hits without highlights, ranked by position).
    pub fn document(&self, id: &str) -> Result<StoredDocument, Error> {
        self.reading(|| self.read_document(id))
    }

    fn read_document(&self, id: &str) -> Result<StoredDocument, Error> {
        let searcher = self.searcher()?;
        let Some(real) = self.real_id(&searcher, id)? else {
            return Err(Error::NotFound(id.to_string()));
        };
        let tq = term_query(self.fields.doc_id, &real);
        let found = searcher.search(&*tq, &TopDocs::with_limit(100_000).order_by_score())?;
        let mut passages = Vec::with_capacity(found.len());
        for (_, addr) in found {
            let d = fetch(&searcher, addr)?;
            let ordinal = d.get_first(self.fields.ordinal).and_then(|v| v.as_u64());
            passages.push((ordinal.unwrap_or(0), d));
        }
        passages.sort_by_key(|(ordinal, _)| *ordinal);
        let first = passages.first().map(|(_, d)| d);
        let stored = |field| first.and_then(|d| first_str(d, field));
        let (country, tier) = (
            stored(self.fields.country_display),
            stored(self.fields.tier_display),
        );
        let passages: Vec<Hit> = passages
            .iter()
            .enumerate()
            .map(|(i, (_, d))| self.hit(d, i + 1, 0.0))
            .collect();
        StoredDocument::of(passages, country, tier).ok_or_else(|| Error::NotFound(id.to_string()))
    }

    /// The id of the document `id` names, by its id or else by one of its aliases (case
    /// aside). An id wins over the same alias of another document; of several documents
    /// published under one alias, the first in id order answers, the same one every time.
    fn real_id(&self, searcher: &Searcher, id: &str) -> Result<Option<String>, Error> {
        let id = id.trim().to_uppercase();
        let ids = searcher.search(&*id_query(&self.fields, &id), &DocIds)?;
        if ids.contains(&id) {
            return Ok(Some(id));
        }
        Ok(ids.into_iter().min())
    }
}

/// A document as the index holds it: its fields once, and its passages in reading order.
/// What `tipsearch show` prints and `GET /documents/{id}` answers.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StoredDocument {
    /// Its id.
    pub doc_id: String,
    /// Other ids it was published under.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Its title: a cable's subject, a report's country, tier and year.
    pub title: String,
    /// `cable`, `tip_report` or `tip_interim`.
    pub kind: String,
    /// Its date, RFC 3339.
    pub date: Option<String>,
    /// The sending post.
    pub origin: Option<String>,
    /// Its classification.
    pub classification: Option<String>,
    /// Its TAGS.
    pub tags: Vec<String>,
    /// The country it is about.
    pub country: Option<String>,
    /// A report's tier.
    pub tier: Option<String>,
    /// Every passage, in reading order.
    pub passages: Vec<Hit>,
}

impl StoredDocument {
    /// The document's passages as one text, a blank line between them: what an export of
    /// whole documents writes.
    pub fn text(&self) -> String {
        let texts: Vec<&str> = self.passages.iter().map(|p| p.text.as_str()).collect();
        texts.join("\n\n")
    }

    /// The document whose passages these are (every passage carries the document's
    /// fields but its country and tier); `None` for none.
    fn of(
        passages: Vec<Hit>,
        country: Option<String>,
        tier: Option<String>,
    ) -> Option<StoredDocument> {
        let first = passages.first()?.clone();
        Some(StoredDocument {
            doc_id: first.doc_id,
            aliases: first.aliases,
            title: first.title,
            kind: first.kind,
            date: first.date,
            origin: first.origin,
            classification: first.classification,
            tags: first.tags,
            country,
            tier,
            passages,
        })
    }
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
