//! The tantivy index: schema, creation, opening and writing documents as passages.

use std::path::{Path, PathBuf};

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::{DateTime, IndexWriter, TantivyDocument, Term};

use crate::analyzer::{self, ANALYZER};
use crate::error::Error;
use crate::model::Document;

/// Bumped whenever the schema or the analyzer changes meaning; an index of another version
/// must be rebuilt.
pub const SCHEMA_VERSION: u32 = 1;
const VERSION_FILE: &str = "tipsearch-version";

/// Handles to every field, resolved once.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields {
    pub text: Field,
    pub title: Field,
    pub section: Field,
    pub section_display: Field,
    pub doc_id: Field,
    pub kind: Field,
    pub date: Field,
    pub origin: Field,
    pub origin_display: Field,
    pub classification: Field,
    pub tags: Field,
    pub country: Field,
    pub country_display: Field,
    pub tier: Field,
    pub tier_display: Field,
    pub paragraph: Field,
    pub marking: Field,
    pub source: Field,
    pub references: Field,
    pub ordinal: Field,
}

fn analysed(stored: bool, positions: bool) -> TextOptions {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::WithFreqs
    };
    let opts = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(record),
    );
    if stored {
        opts.set_stored()
    } else {
        opts
    }
}

/// The schema: one tantivy document per passage, carrying its document's fields.
pub(crate) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let f = Fields {
        text: b.add_text_field("text", analysed(true, true)),
        title: b.add_text_field("title", analysed(true, true)),
        section: b.add_text_field("section", analysed(false, true)),
        section_display: b.add_text_field("section_display", STORED),
        doc_id: b.add_text_field("doc_id", STRING | STORED | FAST),
        kind: b.add_text_field("kind", STRING | STORED),
        date: b.add_date_field(
            "date",
            DateOptions::default()
                .set_indexed()
                .set_stored()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        ),
        origin: b.add_text_field("origin", analysed(false, true)),
        origin_display: b.add_text_field("origin_display", STORED),
        classification: b.add_text_field("classification", STRING | STORED),
        tags: b.add_text_field("tags", STRING | STORED),
        country: b.add_text_field("country", STRING),
        country_display: b.add_text_field("country_display", STORED),
        tier: b.add_text_field("tier", STRING),
        tier_display: b.add_text_field("tier_display", STORED),
        paragraph: b.add_text_field("paragraph", STRING | STORED),
        marking: b.add_text_field("marking", STRING | STORED),
        source: b.add_text_field("source", STORED),
        references: b.add_text_field("references", STRING | STORED),
        ordinal: b.add_u64_field("ordinal", NumericOptions::default().set_stored().set_fast()),
    };
    (b.build(), f)
}

/// Lower-cases a value for the exact-match fields users filter on case-blind.
pub(crate) fn exact(value: &str) -> String {
    value.trim().to_lowercase()
}

/// An open index with its fields.
pub struct Index {
    pub(crate) inner: tantivy::Index,
    pub(crate) fields: Fields,
    pub(crate) path: Option<PathBuf>,
}

impl Index {
    /// Builds an index in memory (the bundled corpus, tests).
    pub fn in_memory() -> Index {
        let (schema, fields) = schema();
        let inner = tantivy::Index::create_in_ram(schema);
        register(&inner);
        Index {
            inner,
            fields,
            path: None,
        }
    }

    /// Opens the index at `dir`, checking that this build can read it.
    pub fn open(dir: &Path) -> Result<Index, Error> {
        let version_path = dir.join(VERSION_FILE);
        let version = std::fs::read_to_string(&version_path).map_err(|_| Error::NoIndex {
            path: dir.to_path_buf(),
        })?;
        if version.trim() != SCHEMA_VERSION.to_string() {
            return Err(Error::SchemaVersion {
                path: dir.to_path_buf(),
                found: version.trim().to_string(),
                expected: SCHEMA_VERSION,
            });
        }
        let inner = tantivy::Index::open_in_dir(dir)?;
        register(&inner);
        let (_, fields) = schema();
        Ok(Index {
            inner,
            fields,
            path: Some(dir.to_path_buf()),
        })
    }

    /// Opens the index at `dir`, creating it (and the folder) when there is none.
    pub fn open_or_create(dir: &Path) -> Result<Index, Error> {
        if dir.join(VERSION_FILE).exists() {
            return Index::open(dir);
        }
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let (schema, fields) = schema();
        let inner = tantivy::Index::create_in_dir(dir, schema)?;
        register(&inner);
        std::fs::write(dir.join(VERSION_FILE), SCHEMA_VERSION.to_string()).map_err(|source| {
            Error::Io {
                path: dir.join(VERSION_FILE),
                source,
            }
        })?;
        Ok(Index {
            inner,
            fields,
            path: Some(dir.to_path_buf()),
        })
    }

    /// Deletes the index at `dir`, refusing folders that are not tipsearch indexes.
    pub fn remove(dir: &Path) -> Result<(), Error> {
        if !dir.exists() {
            return Ok(());
        }
        if !dir.join(VERSION_FILE).exists() {
            return Err(Error::IndexIo(format!(
                "{} is not a tipsearch index; not deleting it",
                dir.display()
            )));
        }
        std::fs::remove_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })
    }

    /// A writer with bounded memory; tantivy takes a lock file so two writers cannot collide.
    pub(crate) fn writer(&self, memory_bytes: usize) -> Result<IndexWriter, Error> {
        self.inner.writer(memory_bytes).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => Error::IndexIo(format!(
                "the index{} is in use by another process",
                self.path
                    .as_ref()
                    .map(|p| format!(" at {}", p.display()))
                    .unwrap_or_default()
            )),
            e => Error::Tantivy(e),
        })
    }

    /// Adds (or replaces) whole documents and commits them.
    pub fn add_documents(&self, docs: &[Document]) -> Result<(), Error> {
        let mut writer = self.writer(100_000_000)?;
        for doc in docs {
            self.write_document(&writer, doc)?;
        }
        writer.commit()?;
        Ok(())
    }

    /// Queues one document's passages, replacing any passages it had before.
    pub(crate) fn write_document(&self, writer: &IndexWriter, doc: &Document) -> Result<(), Error> {
        let f = &self.fields;
        writer.delete_term(Term::from_field_text(f.doc_id, &doc.doc_id));
        for (i, p) in doc.passages.iter().enumerate() {
            let mut d = TantivyDocument::default();
            d.add_text(f.text, &p.text);
            d.add_text(f.title, &doc.title);
            if let Some(s) = &p.section {
                d.add_text(f.section, s);
                d.add_text(f.section_display, s);
            }
            d.add_text(f.doc_id, &doc.doc_id);
            d.add_text(f.kind, doc.kind.as_str());
            if let Some(date) = doc.date {
                d.add_date(f.date, DateTime::from_timestamp_secs(date.unix_timestamp()));
            }
            if let Some(o) = &doc.origin {
                d.add_text(f.origin, o);
                d.add_text(f.origin_display, o);
            }
            if let Some(c) = &doc.classification {
                d.add_text(f.classification, c.to_uppercase());
            }
            for t in &doc.tags {
                d.add_text(f.tags, t.to_uppercase());
            }
            if let Some(c) = &doc.country {
                d.add_text(f.country, exact(c));
                d.add_text(f.country_display, c);
            }
            if let Some(t) = &doc.tier {
                d.add_text(f.tier, exact(t));
                d.add_text(f.tier_display, t);
            }
            if let Some(n) = &p.number {
                d.add_text(f.paragraph, n);
            }
            if let Some(m) = &p.marking {
                d.add_text(f.marking, m);
            }
            d.add_text(f.source, &doc.source);
            for r in &doc.references {
                d.add_text(f.references, r);
            }
            d.add_u64(f.ordinal, i as u64);
            writer.add_document(d)?;
        }
        Ok(())
    }
}

fn register(index: &tantivy::Index) {
    index
        .tokenizers()
        .register(ANALYZER, analyzer::text_analyzer());
}
