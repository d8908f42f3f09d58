//! Parsing: text in, [`Document`] out. Pure functions, safe to run in parallel.

mod cable;
mod reflow;
mod report;
pub(crate) mod tables;

use crate::error::Error;
use crate::model::Document;

/// Parses raw bytes read from `source`, rejecting what cannot be a document.
pub fn parse_bytes(bytes: &[u8], source: &str) -> Result<Document, Error> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Parse {
            source_name: source.to_string(),
            reason: "the file is empty".to_string(),
        });
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|b| matches!(b, 0..=8 | 14..=26 | 28..=31))
        .count();
    if sample.contains(&0) || controls * 20 > sample.len() {
        return Err(Error::Parse {
            source_name: source.to_string(),
            reason: "the file is binary, not text".to_string(),
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| Error::Parse {
        source_name: source.to_string(),
        reason: format!(
            "the file is not valid UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        ),
    })?;
    parse_text(text, source)
}

/// Parses one document's text; `source` is recorded, never read for metadata. A document
/// may come back with no passages (a header whose body was lost): callers decide.
pub fn parse_text(text: &str, source: &str) -> Result<Document, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let unrecognised = || Error::Parse {
        source_name: source.to_string(),
        reason: "no cable header or TIP report heading was found".to_string(),
    };
    if text.trim().is_empty() {
        return Err(Error::Parse {
            source_name: source.to_string(),
            reason: "the file is empty".to_string(),
        });
    }
    let doc = if cable::looks_like_cable(text) {
        cable::parse(text, source).or_else(|| report::parse(text, source))
    } else {
        report::parse(text, source)
    };
    doc.ok_or_else(unrecognised)
}
