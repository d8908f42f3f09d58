//! Parsing: text in, [`Document`] out. Pure functions, safe to run in parallel.

mod cable;
mod ident;
mod reflow;
mod refs;
mod report;
pub(crate) mod tables;
mod tags;
mod year;

use std::borrow::Cow;

use crate::error::Error;
use crate::model::{Document, Passage};

pub(crate) use cable::Metadata;
pub use refs::references_in;
pub(crate) use report::looks_like_report;

/// The longest passage kept whole, in bytes. A passage is what a hit carries and what the
/// ranking reads at once: a document with no paragraph breaks (a dump, a run-on page)
/// would otherwise put megabytes into every hit's JSON and every highlight pass. Longer
/// passages are split at sentence ends, each piece keeping its paragraph's number and
/// section.
pub const MAX_PASSAGE_BYTES: usize = 64 * 1024;

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
/// may come back with no passages (a header whose body was lost): callers decide. No
/// passage is longer than [`MAX_PASSAGE_BYTES`]. A page of several report narratives is
/// read as one; [`parse_documents`] splits it.
pub fn parse_text(text: &str, source: &str) -> Result<Document, Error> {
    let first = parse_layout(text, source, None, false)?.into_iter().next();
    first.ok_or_else(|| refusal(source, NOT_A_DOCUMENT))
}

/// Parses a file's text into the documents it holds: one, or one per country of a TIP
/// report page that holds several narratives. Each is as [`parse_text`] gives it.
pub fn parse_documents(text: &str, source: &str) -> Result<Vec<Document>, Error> {
    parse_layout(text, source, None, true)
}

/// Parses a cable whose metadata its reader holds (a cables.csv row's columns, a WikiLeaks
/// page's table): handed over as it is, not written into the text for the parser to read
/// back. Otherwise as [`parse_text`].
pub(crate) fn parse_cable(text: &str, source: &str, meta: &Metadata) -> Result<Document, Error> {
    let first = parse_layout(text, source, Some(meta), false)?
        .into_iter()
        .next();
    first.ok_or_else(|| refusal(source, NOT_A_DOCUMENT))
}

/// Why a text that is neither a cable nor a report is refused.
const NOT_A_DOCUMENT: &str = "no cable header or TIP report heading was found";

fn refusal(source: &str, reason: &str) -> Error {
    Error::Parse {
        source_name: source.to_string(),
        reason: reason.to_string(),
    }
}

/// The documents as their layout (cable or report) reads them, never none, passages
/// capped; a report page of `several` narratives split by country. A text `given` its
/// metadata is a cable.
fn parse_layout(
    text: &str,
    source: &str,
    given: Option<&Metadata>,
    several: bool,
) -> Result<Vec<Document>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(refusal(source, "the file is empty"));
    }
    let cleaned = cable::Cleaned::new(text);
    let docs = match given.is_some() || cable::looks_like_cable(&cleaned) {
        // A cable is always indexed: what its text does not give (the year, even the post
        // and serial) is left empty and said so, and its id is the best the text allows.
        true => vec![cable::parse_with(&cleaned, source, given)],
        false if several => report::parse_all(text, source).unwrap_or_default(),
        false => report::parse(text, source).into_iter().collect(),
    };
    if docs.is_empty() {
        return Err(refusal(source, NOT_A_DOCUMENT));
    }
    Ok(docs
        .into_iter()
        .map(|mut doc| {
            doc.passages = cap_passages(std::mem::take(&mut doc.passages), MAX_PASSAGE_BYTES);
            doc
        })
        .collect())
}

/// `passages` with each one longer than `cap` bytes split into consecutive pieces of at
/// most `cap` bytes. Each piece keeps its passage's section, number and marking: a reader
/// (and a citation) still finds it under the paragraph it came from.
pub(crate) fn cap_passages(passages: Vec<Passage>, cap: usize) -> Vec<Passage> {
    if passages.iter().all(|p| p.text.len() <= cap) {
        return passages;
    }
    passages
        .into_iter()
        .flat_map(|p| split_passage(p, cap))
        .collect()
}

fn split_passage(passage: Passage, cap: usize) -> Vec<Passage> {
    if passage.text.len() <= cap {
        return vec![passage];
    }
    let mut texts = Vec::new();
    let mut rest = passage.text.as_str();
    while rest.len() > cap {
        let cut = cut_point(rest, cap);
        texts.push(rest[..cut].trim_end());
        rest = rest[cut..].trim_start();
    }
    texts.push(rest);
    texts.retain(|t| !t.is_empty());
    texts
        .into_iter()
        .map(|text| Passage {
            text: text.to_string(),
            ..passage.clone()
        })
        .collect()
}

/// Where to end the next piece of `text` (longer than `cap`): after the last sentence end
/// that fits, else at the last space that fits, else at the last character that fits. Never
/// 0 and always on a character boundary, so that splitting moves on and never panics.
fn cut_point(text: &str, cap: usize) -> usize {
    let bytes = text.as_bytes();
    // A sentence end is `.`, `?` or `!` followed by whitespace; the piece ends on the mark.
    let sentence = (1..=cap)
        .rev()
        .find(|&i| matches!(bytes[i - 1], b'.' | b'?' | b'!') && bytes[i].is_ascii_whitespace());
    let space = || (1..=cap).rev().find(|&i| bytes[i].is_ascii_whitespace());
    let fits = |i: &usize| text.is_char_boundary(*i);
    // Past the cap only when it is smaller than one character.
    let boundary = || {
        (1..=cap)
            .rev()
            .find(fits)
            .or_else(|| (cap + 1..text.len()).find(fits))
            .unwrap_or(text.len())
    };
    sentence.or_else(space).unwrap_or_else(boundary)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The head of 05SANJOSE2713, a partial extract whose text gives no year at all.
    const NO_YEAR: &str = "This record is a partial extract of the original cable. The full \
text of the original cable is not available.

UNCLAS SAN JOSE 002713

SIPDIS

SENSITIVE

DEPT FOR WHA/CEN JASON MACK

E.O. 12958: N/A
TAGS: AORC PHUM PREF PREL
SUBJECT: MDA DEMARCHE ON ADDITIONAL GENEVA PROTOCOL

REF: SECSTATE 206954

1. (SBU) Post delivered reftel demarche on November 17 to
Chief of Multilateral Affairs Carlos Cordero.
LANGDALE
";

    #[test]
    fn a_cable_without_a_year_is_kept_with_the_best_id_the_text_allows() {
        let doc = parse_text(NO_YEAR, "a.txt").expect("indexed, not refused");
        assert_eq!(doc.doc_id, "??SANJOSE2713");
        assert_eq!(doc.date, None);
        assert_eq!(
            doc.subject.as_deref(),
            Some("MDA DEMARCHE ON ADDITIONAL GENEVA PROTOCOL")
        );
        assert!(
            doc.notes.iter().any(|n| n.contains("??")),
            "{:?}",
            doc.notes
        );
        // Without its banner, not even post and serial: still indexed, under an id of its own.
        let bannerless = NO_YEAR.replace("UNCLAS SAN JOSE 002713", "STATE FOR S/CT, EUR/WE");
        let doc = parse_text(&bannerless, "b.txt").expect("indexed, not refused");
        assert!(
            doc.doc_id.starts_with("??") && doc.doc_id.len() == 10,
            "{}",
            doc.doc_id
        );
    }

    /// A run-on paragraph: `n` numbered sentences ending in `.`, `?` or `!`.
    fn sentences(n: usize) -> String {
        (0..n)
            .map(|i| {
                let end = ['.', '?', '!'][i % 3];
                format!("Officials in district {i} reported case number {i} to the ministry{end}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn words(text: &str) -> Vec<&str> {
        text.split_whitespace().collect()
    }

    #[test]
    fn a_huge_paragraph_is_split_at_sentence_ends() {
        let cable = include_str!("../../corpus/cables/09BAKU911.txt");
        let first = "1. (U) In response to reftel A, post provides the following information \
                     for the interim assessment of Azerbaijan's progress on combating \
                     trafficking in persons.";
        let long = sentences(3200);
        assert!(long.len() > 3 * MAX_PASSAGE_BYTES, "{}", long.len());
        let text = cable.replacen(first, &format!("1. (U) {long}"), 1);
        assert_ne!(text, cable, "the paragraph was replaced");
        let doc = parse_text(&text, "09BAKU911.txt").expect("parses");
        let pieces: Vec<&Passage> = doc
            .passages
            .iter()
            .filter(|p| p.number.as_deref() == Some("1"))
            .collect();
        assert!(pieces.len() >= 4, "{} pieces", pieces.len());
        for p in &pieces {
            assert!(p.text.len() <= MAX_PASSAGE_BYTES, "{}", p.text.len());
            assert_eq!(
                (&p.section, &p.marking),
                (&pieces[0].section, &pieces[0].marking)
            );
        }
        assert_eq!(pieces[0].marking.as_deref(), Some("U"));
        for p in &pieces[..pieces.len() - 1] {
            assert!(
                p.text.ends_with(['.', '?', '!']),
                "{}",
                &p.text[p.text.len() - 40..]
            );
        }
        let joined: Vec<&str> = pieces.iter().flat_map(|p| words(&p.text)).collect();
        assert_eq!(joined, words(&long), "every word kept, in order");
        assert!(
            doc.passages
                .iter()
                .all(|p| p.text.len() <= MAX_PASSAGE_BYTES),
            "no other passage grew"
        );
    }

    fn passage(text: &str) -> Passage {
        Passage {
            section: Some("S".into()),
            number: Some("4".into()),
            marking: Some("SBU".into()),
            text: text.into(),
        }
    }

    #[test]
    fn without_sentence_ends_the_cut_falls_on_a_space_then_on_a_character() {
        let text = "alpha beta gamma delta epsilon zeta eta theta iota kappa";
        let pieces = split_passage(passage(text), 12);
        assert!(pieces
            .iter()
            .all(|p| p.text.len() <= 12 && !p.text.contains("  ")));
        let joined: Vec<&str> = pieces.iter().flat_map(|p| words(&p.text)).collect();
        assert_eq!(joined, words(text));
        assert!(pieces.iter().all(|p| p.number.as_deref() == Some("4")));

        let unbroken = "ééééééééééééééééééééé"; // two bytes each, no space
        let pieces = split_passage(passage(unbroken), 7);
        assert!(pieces.iter().all(|p| p.text.len() <= 7), "{pieces:?}");
        let joined: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, unbroken);
    }

    #[test]
    fn short_passages_are_left_alone() {
        let list = vec![passage("One. Two."), passage("Three.")];
        assert_eq!(cap_passages(list.clone(), 64), list);
    }
}
