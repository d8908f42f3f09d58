//! JSON Lines records: for pipelines that already hold a document's text and some of its
//! metadata; what they give takes precedence over what the parser derives from the text.

use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

use crate::error::Error;
use crate::model::{Document, Kind};
use crate::parse;

/// One line: `text` is required, every other field optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    text: String,
    doc_id: Option<String>,
    kind: Option<String>,
    title: Option<String>,
    date: Option<String>,
    origin: Option<String>,
    classification: Option<String>,
    tags: Option<Words>,
    subject: Option<String>,
    references: Option<Words>,
    country: Option<String>,
    tier: Option<String>,
}

/// A list given either as a JSON array or as one space- or comma-separated string.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Words {
    List(Vec<String>),
    Joined(String),
}

impl Words {
    fn into_vec(self) -> Vec<String> {
        match self {
            Words::List(v) => v,
            Words::Joined(s) => s
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect(),
        }
    }
}

/// Parses one JSON Lines record into a document.
pub(crate) fn parse_line(line: &str, source: &str) -> Result<Document, Error> {
    let fail = |reason: String| Error::Parse {
        source_name: source.to_string(),
        reason,
    };
    let line: Line =
        serde_json::from_str(line).map_err(|e| fail(format!("not a valid JSON record: {e}")))?;
    let mut doc = parse::parse_text(&line.text, source)?;
    if let Some(id) = line.doc_id.filter(|s| !s.trim().is_empty()) {
        doc.doc_id = id.trim().to_uppercase();
    }
    if let Some(k) = line.kind {
        doc.kind = Kind::from_name(&k).ok_or_else(|| {
            fail(format!(
                "unknown kind {k:?} (cable, tip_report or tip_interim)"
            ))
        })?;
    }
    if let Some(d) = line.date {
        doc.date = Some(parse_date(&d).ok_or_else(|| {
            fail(format!(
                "date {d:?} is not RFC 3339, YYYY-MM-DD or YYYY-MM-DD HH:MM"
            ))
        })?);
    }
    // A cable's title is its subject, unless the record names a title of its own.
    if let Some(s) = line.subject {
        doc.title = s.clone();
        doc.subject = Some(s);
    }
    if let Some(t) = line.title {
        doc.title = t;
    }
    doc.origin = line.origin.or(doc.origin);
    doc.classification = line.classification.or(doc.classification);
    doc.country = line.country.or(doc.country);
    doc.tier = line.tier.or(doc.tier);
    if let Some(t) = line.tags {
        doc.tags = t.into_vec().into_iter().map(|t| t.to_uppercase()).collect();
    }
    if let Some(r) = line.references {
        doc.references = r.into_vec();
    }
    Ok(doc)
}

fn parse_date(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    if let Ok(d) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(d);
    }
    let minute = format_description!("[year]-[month]-[day] [hour]:[minute]");
    if let Ok(d) = PrimitiveDateTime::parse(s, minute) {
        return Some(d.assume_utc());
    }
    let day = format_description!("[year]-[month]-[day]");
    Date::parse(s, day).ok().map(|d| d.midnight().assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CABLE: &str = include_str!("../../corpus/cables/09BAKU911.txt");

    #[test]
    fn metadata_given_takes_precedence() {
        let line = serde_json::json!({
            "text": CABLE,
            "doc_id": "09baku911-r2",
            "date": "2009-11-24",
            "tags": "KTIP, PHUM",
        })
        .to_string();
        let d = parse_line(&line, "x.jsonl:line 1").unwrap();
        assert_eq!(d.doc_id, "09BAKU911-R2");
        assert_eq!(d.tags, ["KTIP", "PHUM"]);
        assert_eq!(d.date.unwrap().date().to_string(), "2009-11-24");
        // What the record does not give still comes from the text.
        assert_eq!(d.origin.as_deref(), Some("Embassy Baku"));
    }

    #[test]
    fn bad_records_say_why() {
        let e = parse_line("{\"text\": 3}", "x.jsonl:line 4").unwrap_err();
        assert!(e
            .to_string()
            .starts_with("x.jsonl:line 4: not a valid JSON record"));
        let line = serde_json::json!({"text": CABLE, "date": "yesterday"}).to_string();
        let e = parse_line(&line, "x.jsonl:line 5").unwrap_err();
        assert!(e.to_string().contains("date \"yesterday\""), "{e}");
    }
}
