//! Parsing: text in, [`Document`] out. Pure functions, safe to run in parallel.

mod cable;
mod reflow;
mod report;
pub(crate) mod tables;

use std::borrow::Cow;

use crate::error::Error;
use crate::model::Document;

/// Text decoded from a file's bytes, with a warning when the encoding had to be guessed.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text.
    pub text: Cow<'a, str>,
    /// Set when the bytes were not UTF-8 and were read as Windows-1252.
    pub warning: Option<String>,
}

/// Turns raw bytes into text, rejecting what cannot be a document: empty and binary files.
/// Bytes that are not UTF-8 are read as Windows-1252 (what old cable copies and word
/// processors wrote) with a warning, rather than losing the document.
pub fn decode<'a>(bytes: &'a [u8], source: &str) -> Result<Decoded<'a>, Error> {
    let refuse = |reason: &str| Error::Parse {
        source_name: source.to_string(),
        reason: reason.to_string(),
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(refuse("the file is empty"));
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|b| matches!(b, 0..=8 | 14..=26 | 28..=31))
        .count();
    if sample.contains(&0) || controls * 20 > sample.len() {
        return Err(refuse("the file is binary, not text"));
    }
    Ok(match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: Cow::Borrowed(text),
            warning: None,
        },
        Err(e) => Decoded {
            text: encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0,
            warning: Some(format!(
                "{source}: not valid UTF-8 (byte 0x{:02X} at offset {}); read as Windows-1252",
                bytes[e.valid_up_to()],
                e.valid_up_to()
            )),
        },
    })
}

/// Parses raw bytes read from `source`: UTF-8, or else Windows-1252; empty and binary
/// input is refused.
pub fn parse_bytes(bytes: &[u8], source: &str) -> Result<Document, Error> {
    parse_text(&decode(bytes, source)?.text, source)
}

/// Parses one document's text; `source` is recorded, never read for metadata. A document
/// may come back with no passages (a header whose body was lost): callers decide.
pub fn parse_text(text: &str, source: &str) -> Result<Document, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let refuse = |reason: &str| Error::Parse {
        source_name: source.to_string(),
        reason: reason.to_string(),
    };
    if text.trim().is_empty() {
        return Err(refuse("the file is empty"));
    }
    let cleaned = cable::Cleaned::new(text);
    if !cable::looks_like_cable(&cleaned) {
        return report::parse(text, source)
            .ok_or_else(|| refuse("no cable header or TIP report heading was found"));
    }
    cable::parse(&cleaned, source)
        .or_else(|| report::parse(text, source))
        .ok_or_else(|| {
            // A cable's id needs the year it was sent; partial extracts without a date-time
            // group, DE line, preamble or declassification date do not say it.
            refuse(
                "a cable whose id cannot be told: nothing in the text gives the year it was sent",
            )
        })
}
