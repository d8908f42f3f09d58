//! JSON Lines output, for programs: one hit or passage per line, and each other answer
//! as one object on its own line.

use std::io::Write;

use serde::Serialize;

use super::{Counts, Render};
use crate::search::{Hit, References, StoredDocument};
use crate::stats::{Series, Stats};
use crate::tiers::TierHistory;

/// Writes each hit as one JSON object on its own line.
#[derive(Debug, Default)]
pub struct JsonLines;

fn line(out: &mut dyn Write, value: &impl Serialize) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

impl Render for JsonLines {
    fn hit(&mut self, out: &mut dyn Write, hit: &Hit) -> std::io::Result<()> {
        line(out, hit)
    }

    /// A passage per line, as hits, so that a program reads a document as it reads results.
    fn document(&mut self, out: &mut dyn Write, doc: &StoredDocument) -> std::io::Result<()> {
        doc.passages.iter().try_for_each(|p| line(out, p))
    }

    fn stats(&mut self, out: &mut dyn Write, stats: &Stats) -> std::io::Result<()> {
        line(out, stats)
    }

    fn facets(&mut self, out: &mut dyn Write, stats: &Stats) -> std::io::Result<()> {
        line(out, &serde_json::json!({ "facets": stats }))
    }

    fn references(&mut self, out: &mut dyn Write, refs: &References) -> std::io::Result<()> {
        line(out, refs)
    }

    fn series(&mut self, out: &mut dyn Write, series: &Series) -> std::io::Result<()> {
        line(out, series)
    }

    /// The document's fields, its passage count and its text, on one line.
    fn record(&mut self, out: &mut dyn Write, doc: &StoredDocument) -> std::io::Result<()> {
        let mut value = serde_json::to_value(doc)?;
        if let Some(fields) = value.as_object_mut() {
            fields.insert("passages".into(), doc.passages.len().into());
            fields.insert("text".into(), doc.text().into());
        }
        line(out, &value)
    }

    /// A country per line.
    fn tiers(&mut self, out: &mut dyn Write, histories: &[TierHistory]) -> std::io::Result<()> {
        histories.iter().try_for_each(|h| line(out, h))
    }

    fn count(&mut self, out: &mut dyn Write, n: Counts) -> std::io::Result<()> {
        line(
            out,
            &serde_json::json!({ "passages": n.passages, "documents": n.documents }),
        )
    }
}
