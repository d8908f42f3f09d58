//! Renderers: sibling outputs (for people, for programs) over the types the library
//! answers with: hits, a stored document, references, counts. The CLI picks one and only
//! dispatches, as ripgrep's printers share one sink.

pub mod csv;
pub mod json;
pub mod terminal;

use std::borrow::Cow;
use std::io::Write;

use crate::search::{Hit, References, StoredDocument};
use crate::stats::{Series, Stats};
use crate::tiers::TierHistory;

/// How many passages and documents a search matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Matching passages.
    pub passages: usize,
    /// Documents with one or more of them.
    pub documents: usize,
}

/// An output format; the CLI picks one, the rest of the program is blind to it.
pub trait Render {
    /// Writes one hit.
    fn hit(&mut self, out: &mut dyn Write, hit: &Hit) -> std::io::Result<()>;

    /// Writes a whole document for reading (`tipsearch show`).
    fn document(&mut self, out: &mut dyn Write, doc: &StoredDocument) -> std::io::Result<()>;

    /// Writes counts by kind, year, origin, tag and classification (`tipsearch stats`).
    fn stats(&mut self, out: &mut dyn Write, stats: &Stats) -> std::io::Result<()>;

    /// Writes the counts of the documents a search matched, after its hits (`--facets`).
    fn facets(&mut self, out: &mut dyn Write, stats: &Stats) -> std::io::Result<()>;

    /// Writes what a document cites and what cites it (`tipsearch show --refs`).
    fn references(&mut self, out: &mut dyn Write, refs: &References) -> std::io::Result<()>;

    /// Writes the matching documents over time (`tipsearch stats --by`).
    fn series(&mut self, out: &mut dyn Write, series: &Series) -> std::io::Result<()>;

    /// Writes one whole document as a record, its passages as one text (`tipsearch export`).
    fn record(&mut self, out: &mut dyn Write, doc: &StoredDocument) -> std::io::Result<()>;

    /// Writes countries' tiers by report year (`tipsearch tiers`).
    fn tiers(&mut self, out: &mut dyn Write, histories: &[TierHistory]) -> std::io::Result<()>;

    /// Writes how many passages and documents matched (`--count`).
    fn count(&mut self, out: &mut dyn Write, n: Counts) -> std::io::Result<()>;
}

/// `text` made safe to write to a terminal: control characters (C0 but newline and tab,
/// DEL, C1) are shown escaped, as `\u{1b}`, `\r`, `\u{9b}`.
///
/// Documents and file names come from anyone; written raw, an escape sequence in them
/// could recolour, retitle or rewrite the reader's terminal, or hide the text around it.
/// Newline and tab are kept because they are layout in passages and error messages.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The characters a terminal may obey rather than show.
fn is_unsafe(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_escapes_controls_and_keeps_layout() {
        assert!(matches!(printable("plain ¶2 — ü\n\tok"), Cow::Borrowed(_)));
        assert_eq!(
            printable("a\u{1b}[31mred\u{7}\r\u{7f}\u{9b}2J\u{85}\0"),
            "a\\u{1b}[31mred\\u{7}\\r\\u{7f}\\u{9b}2J\\u{85}\\u{0}"
        );
        assert_eq!(printable("line\nnext\tcol"), "line\nnext\tcol");
        let shown = printable("\u{1b}]0;title\u{7}");
        assert!(!shown.chars().any(char::is_control), "{shown}");
    }
}
