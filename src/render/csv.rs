//! CSV output, for spreadsheets and R: a header row, then one row per hit (or passage,
//! count, period); lists joined with `;`; fields quoted as RFC 4180 says, rows ended with
//! CRLF, UTF-8.

use std::io::Write;

use super::{Counts, Render};
use crate::search::{Hit, References, StoredDocument};
use crate::stats::{Series, Stats};
use crate::tiers::TierHistory;

/// Writes rows under one header; a second kind of row would need a second file.
#[derive(Debug, Default)]
pub struct Csv {
    headed: bool,
}

/// A document's own columns, named as `--json` names its fields: what [`document_fields`]
/// writes, in hits and in whole documents.
const DOCUMENT_COLUMNS: [&str; 8] = [
    "doc_id",
    "aliases",
    "kind",
    "title",
    "date",
    "origin",
    "classification",
    "tags",
];

/// A hit's columns around its document's.
const HIT_BEFORE: [&str; 2] = ["rank", "score"];
const HIT_AFTER: [&str; 9] = [
    "section",
    "paragraph",
    "ordinal",
    "text",
    "highlights",
    "source",
    "also_in",
    "matching",
    "also_at",
];

/// A whole document's columns after its own fields.
const RECORD_AFTER: [&str; 4] = ["country", "tier", "passages", "text"];

/// `field` as RFC 4180 writes it: quoted, its quotes doubled, when it holds a comma, a
/// quote or a line break.
fn field(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\"")).into()
    } else {
        text.into()
    }
}

fn row<S: AsRef<str>>(out: &mut dyn Write, fields: &[S]) -> std::io::Result<()> {
    let fields: Vec<_> = fields.iter().map(|f| field(f.as_ref())).collect();
    write!(out, "{}\r\n", fields.join(","))
}

/// A document's own fields, as every passage of it carries them: the columns `doc_id` to
/// `tags` of a hit and of a whole document.
fn document_fields(hit: &Hit) -> [String; 8] {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        hit.doc_id.clone(),
        hit.aliases.join(";"),
        hit.kind.clone(),
        hit.title.clone(),
        opt(&hit.date),
        opt(&hit.origin),
        opt(&hit.classification),
        hit.tags.join(";"),
    ]
}

fn hit_row(hit: &Hit) -> Vec<String> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let spans: Vec<String> = hit
        .highlights
        .iter()
        .map(|[a, b]| format!("{a}-{b}"))
        .collect();
    let mut row = vec![hit.rank.to_string(), hit.score.to_string()];
    row.extend(document_fields(hit));
    row.extend([
        opt(&hit.section),
        opt(&hit.paragraph),
        hit.ordinal.to_string(),
        hit.text.clone(),
        spans.join(";"),
        hit.source.clone(),
        hit.also_in.join(";"),
        hit.matching.map(|n| n.to_string()).unwrap_or_default(),
        hit.also_at.join(";"),
    ]);
    row
}

impl Csv {
    /// Writes `columns` as the header, once.
    fn head(&mut self, out: &mut dyn Write, columns: &[&str]) -> std::io::Result<()> {
        if !std::mem::replace(&mut self.headed, true) {
            row(out, columns)?;
        }
        Ok(())
    }
}

impl Render for Csv {
    fn hit(&mut self, out: &mut dyn Write, hit: &Hit) -> std::io::Result<()> {
        self.head(
            out,
            &[&HIT_BEFORE[..], &DOCUMENT_COLUMNS, &HIT_AFTER].concat(),
        )?;
        row(out, &hit_row(hit))
    }

    /// A row per passage, as hits.
    fn document(&mut self, out: &mut dyn Write, doc: &StoredDocument) -> std::io::Result<()> {
        doc.passages.iter().try_for_each(|p| self.hit(out, p))
    }

    /// A row per count: the totals, then each kind, year, origin, tag and classification.
    fn stats(&mut self, out: &mut dyn Write, s: &Stats) -> std::io::Result<()> {
        self.head(out, &["count", "value", "documents"])?;
        row(out, &["documents", "", &s.documents.to_string()])?;
        row(out, &["passages", "", &s.passages.to_string()])?;
        for (count, values) in [
            ("kind", &s.kinds),
            ("year", &s.years),
            ("origin", &s.origins),
            ("tag", &s.tags),
            ("classification", &s.classifications),
        ] {
            for (value, n) in values {
                row(out, &[count, value, &n.to_string()])?;
            }
        }
        Ok(())
    }

    fn facets(&mut self, out: &mut dyn Write, stats: &Stats) -> std::io::Result<()> {
        self.stats(out, stats)
    }

    fn references(&mut self, out: &mut dyn Write, r: &References) -> std::io::Result<()> {
        self.head(out, &["relation", "doc_id", "title", "date"])?;
        for (relation, list) in [("cites", &r.cites), ("cited_by", &r.cited_by)] {
            for c in list {
                let (title, date) = (c.title.clone(), c.date.clone());
                let fields = [
                    relation.to_string(),
                    c.doc_id.clone(),
                    title.unwrap_or_default(),
                ];
                row(out, &[&fields[..], &[date.unwrap_or_default()]].concat())?;
            }
        }
        Ok(())
    }

    fn series(&mut self, out: &mut dyn Write, s: &Series) -> std::io::Result<()> {
        self.head(out, &["period", "documents", "passages"])?;
        for b in &s.series {
            row(
                out,
                &[&b.period, &b.documents.to_string(), &b.passages.to_string()],
            )?;
        }
        Ok(())
    }

    /// A row per document: its fields, its passage count and its text.
    fn record(&mut self, out: &mut dyn Write, doc: &StoredDocument) -> std::io::Result<()> {
        self.head(out, &[&DOCUMENT_COLUMNS[..], &RECORD_AFTER].concat())?;
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let Some(first) = doc.passages.first() else {
            return Ok(());
        };
        let mut fields = document_fields(first).to_vec();
        fields.extend([
            opt(&doc.country),
            opt(&doc.tier),
            doc.passages.len().to_string(),
            doc.text(),
        ]);
        row(out, &fields)
    }

    /// A row per country and year.
    fn tiers(&mut self, out: &mut dyn Write, histories: &[TierHistory]) -> std::io::Result<()> {
        self.head(
            out,
            &["country", "year", "tier", "documents", "ktip_cables"],
        )?;
        for h in histories {
            for y in &h.years {
                let tier = y.tier.clone().unwrap_or_default();
                let fields = [
                    h.country.clone(),
                    y.year.to_string(),
                    tier,
                    y.documents.join(";"),
                ];
                row(out, &[&fields[..], &[y.ktip_cables.to_string()]].concat())?;
            }
        }
        Ok(())
    }

    fn count(&mut self, out: &mut dyn Write, n: Counts) -> std::io::Result<()> {
        self.head(out, &["passages", "documents"])?;
        row(out, &[n.passages.to_string(), n.documents.to_string()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        let mut out = Vec::new();
        row(&mut out, &["a", "b,c"]).unwrap();
        assert_eq!(out, b"a,\"b,c\"\r\n");
    }
}
