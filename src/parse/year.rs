//! The year of a cable whose text has no date-time group (the partial extracts), weighed
//! from every dated clue the text holds.
//!
//! No clue is certain, so each votes for the years it makes likely, with the weight of how
//! often it is right, and the years it rules out are dropped:
//! - the declassification date on the E.O. line is usually ten years on, sometimes five,
//!   fifteen, twenty or twenty-five;
//! - the executive order itself bounds the year: E.O. 12958 governed 1995 to 2009,
//!   E.O. 13526 from 2009, E.O. 12356 1982 to 1995, E.O. 12065 1978 to 1982;
//! - a reference dated on the REF line is older than the cable, usually by a year at most;
//! - years written in the text (the E.O. and classification lines aside) are mostly the
//!   cable's own or the one before.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

static DECL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)DECL(?:ASSIFY)?(?:\s+ON)?\s*:?\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})")
        .expect("valid pattern")
});
static ORDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"E\.\s?O\.\s?(1\d{4})").expect("valid pattern"));
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(19[6-9]\d|20[01]\d)\b").expect("valid pattern"));
/// Lines whose years are about classification, not about when the cable was written.
static CLASSIFICATION_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)DECL|E\.\s?O\.|12958|13526|CLASSIFIED BY|REASON").expect("valid pattern")
});

/// How often each offset from the declassification date is the right one.
const DECL_OFFSETS: [(i32, f32); 5] = [(10, 3.0), (5, 1.0), (20, 0.8), (15, 0.5), (25, 0.5)];

/// The clues of one text, each as the years it votes for.
#[derive(Debug, Default)]
struct Votes {
    weights: HashMap<i32, f32>,
    /// Years the clues allow, from the earliest to the latest.
    range: (i32, i32),
}

impl Votes {
    fn add(&mut self, year: i32, weight: f32) {
        *self.weights.entry(year).or_default() += weight;
    }

    /// The year with the most weight within the allowed range; on a tie, the later.
    fn best(&self) -> Option<i32> {
        let allowed = |y: &i32| (self.range.0..=self.range.1).contains(y);
        self.weights
            .iter()
            .filter(|(y, _)| allowed(y))
            .max_by(|a, b| a.1.total_cmp(b.1).then(a.0.cmp(b.0)))
            .map(|(y, _)| *y)
    }
}

/// The most likely year `head` (the header) and `text` (the whole cable) were written in,
/// with `referenced`, the years of the dated references, or `None` when nothing dates it.
pub(crate) fn from_clues(head: &str, text: &str, referenced: &[i32]) -> Option<i32> {
    let mut votes = Votes {
        range: order_range(head),
        ..Votes::default()
    };
    if let Some(decl) = decl_year(head) {
        for (offset, weight) in DECL_OFFSETS {
            votes.add(decl - offset, weight);
        }
    }
    if let Some(&latest) = referenced.iter().max() {
        votes.range.0 = votes.range.0.max(latest);
        votes.add(latest, 1.0);
        votes.add(latest + 1, 1.0);
    }
    for year in written_years(text) {
        votes.add(year, 1.0);
        votes.add(year + 1, 0.5);
    }
    votes.best()
}

/// The year of the declassification date, as four digits.
fn decl_year(head: &str) -> Option<i32> {
    let c = DECL.captures(head)?;
    let y: i32 = c[3].parse().ok()?;
    Some(match y {
        0..=59 => 2000 + y,
        60..=99 => 1900 + y,
        _ => y,
    })
}

/// The years the executive order named on the E.O. line was in force.
fn order_range(head: &str) -> (i32, i32) {
    let order = ORDER.captures(head).map(|c| c[1].to_string());
    match order.as_deref() {
        Some("12958") => (1995, 2010),
        Some("13526") => (2009, 2020),
        Some("12356") => (1982, 1995),
        Some("12065") => (1978, 1982),
        _ => (1960, 2020),
    }
}

/// The distinct years written in `text`, the classification lines aside.
fn written_years(text: &str) -> Vec<i32> {
    let mut years: Vec<i32> = text
        .lines()
        .filter(|l| !CLASSIFICATION_LINE.is_match(l))
        .flat_map(|l| YEAR.captures_iter(l).filter_map(|c| c[1].parse().ok()))
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declassification_date_is_usually_ten_years_on() {
        // 05ABUDHABI2178: "E.O. 12958: DECL: 05/16/2015".
        let head = "E.O. 12958: DECL: 05/16/2015\nTAGS: PREL MASS PHUM\n";
        assert_eq!(from_clues(head, head, &[]), Some(2005));
    }

    #[test]
    fn years_in_the_text_and_references_date_what_has_no_declassification_date() {
        let head = "E.O. 12958: N/A\nTAGS: ETRD ELAB\n";
        let text = "the 2004 budget was cut; the 2005 plan follows";
        assert_eq!(from_clues(head, text, &[]), Some(2005));
        // A reference from 2006 rules out the years before it.
        assert_eq!(from_clues(head, text, &[2006]), Some(2006));
    }

    #[test]
    fn the_executive_order_bounds_the_year_and_nothing_dates_nothing() {
        // E.O. 13526 came in at the end of 2009: a DECL of 2015 cannot mean 2005.
        let head = "E.O. 13526: DECL: 01/20/2015\n";
        assert_eq!(from_clues(head, head, &[]), Some(2010));
        assert_eq!(from_clues("E.O. 12958: N/A\n", "no year here", &[]), None);
    }
}
