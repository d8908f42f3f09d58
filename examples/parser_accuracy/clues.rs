//! Which dated clues an undated cable's text holds, to report the year's accuracy by clue.

use std::sync::LazyLock;

use regex::Regex;

static DECL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)DECL[^\n]{0,20}?\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}").unwrap());
static DATED_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*REFS?\b[^\n]*?(\(\d{2}\)|\b\d{2,4}\s+[A-Z]{3,}\s+\d+)").unwrap()
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(19[6-9]\d|20[01]\d)\b").unwrap());

/// The clues of `text` as a label: `decl`, `dated ref`, `years in text`, joined by `+`, or
/// `none`.
pub fn label(text: &str) -> String {
    let mut clues = Vec::new();
    if DECL.is_match(text) {
        clues.push("decl");
    }
    if DATED_REF.is_match(text) {
        clues.push("dated ref");
    }
    let written = text
        .lines()
        .filter(|l| !l.contains("DECL") && !l.contains("E.O."))
        .any(|l| YEAR.is_match(l));
    if written {
        clues.push("years in text");
    }
    match clues.is_empty() {
        true => "none".to_string(),
        false => clues.join("+"),
    }
}
