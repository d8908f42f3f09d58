//! The year of a cable whose text has no date-time group (the partial extracts), weighed
//! from every dated clue the text holds.
//!
//! No clue is certain, so each candidate year is scored by how likely its clues would be
//! if the cable had been written that year: the sum, over the clues, of the log of how
//! often the clue's offset from the cable's year occurs in the cables whose year is known.
//! The clues:
//! - the declassification date on the E.O. line, usually ten years on;
//! - the executive order itself, which bounds the year: E.O. 12958 governed 1995 to 2009,
//!   E.O. 13526 from 2009, E.O. 12356 1982 to 1995, E.O. 12065 1978 to 1982;
//! - the `SIPDIS` caveat in the header, which cables carry only from 2000;
//! - the latest reference dated on the REF line, which is never newer than the cable and
//!   usually a year older (a reference from the cable's own year is mostly written without
//!   its year, and then it is not a clue);
//! - the years written in the text (the E.O. and classification lines aside), by how they
//!   are written: a full date ("August 8, 2005") is mostly the cable's own year, a month's
//!   ("September 2004") mostly the year before, a year on the SUBJECT line ("2004 ANNUAL
//!   TERRORISM REPORT") mostly the cable's own, and a bare year ("in 2004") could be
//!   almost any.
//!
//! The offset tables were measured on the 5,755 dev cables (`cablegate-dev.tar.gz`) whose
//! text gives their year (a date-time group or a `Created:` line), reading their clues as
//! this module reads them; the ignored test `fit::the_dated_cables_give_the_tables`
//! measures them again and fails if they have drifted. The cables with no date in their
//! text, which this module is for, took no part in fitting them.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

static DECL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)DECL(?:ASSIFY)?(?:\s+ON)?\s*:?\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})")
        .expect("valid pattern")
});
static ORDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"E\.\s?O\.\s?(1\d{4})").expect("valid pattern"));
/// A year written in the text. Word boundaries are ASCII ones, so that the search runs as
/// a DFA over texts of any length (a Unicode boundary would not).
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(19[6-9]\d|20[01]\d)(?-u:\b)").expect("valid pattern"));
const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
/// What precedes a year that is part of a full date: "August 8, 2005", "8 August 2005",
/// "08/08/2005".
static DAY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    let day = r"\d{1,2}(?:st|nd|rd|th)?";
    Regex::new(&format!(
        r"(?i-u)(?:\b{MONTH}\s+{day},?\s*|\b{day}\s+{MONTH},?\s*|\b\d{{1,2}}[/.-]\d{{1,2}}[/.-])$"
    ))
    .expect("valid pattern")
});
/// What precedes a year written after a month: "August 2005".
static MONTH_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i-u)\b{MONTH},?\s*$")).expect("valid pattern"));
/// The SUBJECT line, whose years name what the cable is about: mostly its own year
/// ("2004 ANNUAL TERRORISM REPORT"), else the next or the one just ended.
static SUBJECT_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?im)^[ \t]*SUBJ(?:ECT)?(?-u:\b).*$").expect("valid pattern"));
/// A REF label, where a subject run together with the next line ends.
static REF_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)\bREFS?\b").expect("valid pattern"));
/// The SIPRNet distribution caveat, which a header carries only since it came into use.
static SIPDIS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)\bSIPDIS\b").expect("valid pattern"));
/// The first year a dev cable's header carries `SIPDIS`: of the dated dev cables, 3 of 4
/// from 2000, 4 of 7 from 2001, all 39 from 2003, and none written before 2000 (the one
/// older header that holds it, 90KHARTOUM10657's, has a 2008 cable run into it).
const SIPDIS_SINCE: i32 = 2000;
/// Lines whose years are about classification, not about when the cable was written.
static CLASSIFICATION_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)DECL|E\.\s?O\.|12958|13526|CLASSIFIED BY|REASON").expect("valid pattern")
});

/// How often each offset between a clue's year and the cable's occurs, in percent of the
/// dated dev cables that hold the clue; every other offset shares what the listed ones
/// leave, as if spread over fifty years (the listed ones hold most: the rest is thin).
struct Offsets(&'static [(i32, f32)]);

impl Offsets {
    fn log_p(&self, offset: i32) -> f32 {
        let listed = self.0.iter().find(|(o, _)| *o == offset).map(|(_, p)| *p);
        let rest = || (100.0 - self.0.iter().map(|(_, p)| p).sum::<f32>()) / 50.0;
        // Never zero: a clue the tables call impossible still only counts against a year.
        listed.unwrap_or_else(rest).max(0.001).ln()
    }
}

/// The declassification year less the cable's: ten years is the default, twenty and
/// twenty-five the longer terms; the offsets of 0.5% and more.
const DECL_OFFSETS: Offsets = Offsets(&[
    (10, 80.8),
    (20, 6.8),
    (25, 4.1),
    (9, 2.8),
    (5, 1.3),
    (15, 1.3),
    (30, 0.6),
]);
/// The cable's year less its latest dated reference's.
const REFERENCE_OFFSETS: Offsets = Offsets(&[(1, 78.7), (0, 12.2), (2, 6.0), (3, 1.3), (4, 1.6)]);
/// A year written in a full date, less the cable's, counted once per cable and year. From
/// four years before to two after: wider windows (to -6..3 or -10..3) scored no better on
/// the dated cables.
const DAY_OFFSETS: Offsets = Offsets(&[
    (-4, 1.4),
    (-3, 2.2),
    (-2, 3.4),
    (-1, 13.1),
    (0, 50.0),
    (1, 4.9),
    (2, 0.5),
]);
/// A year written on the SUBJECT line, less the cable's, counted likewise.
const SUBJECT_OFFSETS: Offsets = Offsets(&[(-1, 9.5), (0, 68.8), (1, 15.6), (2, 2.0), (3, 1.5)]);
/// A year written after a month, less the cable's, counted likewise.
const MONTH_OFFSETS: Offsets = Offsets(&[
    (-4, 2.8),
    (-3, 5.3),
    (-2, 12.1),
    (-1, 33.0),
    (0, 25.3),
    (1, 11.5),
    (2, 2.0),
]);
/// A bare year, less the cable's, counted likewise.
const BARE_OFFSETS: Offsets = Offsets(&[
    (-4, 4.9),
    (-3, 6.3),
    (-2, 8.6),
    (-1, 12.4),
    (0, 12.5),
    (1, 7.7),
    (2, 3.9),
]);

/// How a year is written, which says how far it is likely to be from the cable's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Written {
    Subject,
    Day,
    Month,
    Bare,
}

impl Written {
    fn offsets(self) -> &'static Offsets {
        match self {
            Written::Subject => &SUBJECT_OFFSETS,
            Written::Day => &DAY_OFFSETS,
            Written::Month => &MONTH_OFFSETS,
            Written::Bare => &BARE_OFFSETS,
        }
    }
}

/// How much a written year counts, against the one declassification date and reference.
/// The years of one text are not independent clues: a cable about 2004 names it again and
/// again, so a year counts by the square root of how often it is written, and the looser
/// kinds count for less. Chosen on the dated dev cables read as if undated (the ignored
/// test below prints them): against counting every year fully, these raise the right years
/// from 80.3% to 81.8% of the 5,269 with a clue, and from 48.7% to 50.5% of the 1,206 with
/// only years in their text; weights near these score within 0.2% of them, and fitting
/// the tables on half the cables and scoring the other half chose the same.
///
/// The subject line's years were later set apart from the text's, at the weight of a full
/// date, the one weight tried before measuring (0.5 scores lower, 2.0 the same): with the
/// `SIPDIS` bound they raise the right years from 4,309 to 4,330 of the 5,269 (82.2%).
const WEIGHTS: Weights = Weights {
    subject: 1.0,
    day: 1.0,
    month: 0.5,
    bare: 0.2,
};

#[derive(Debug, Clone, Copy)]
struct Weights {
    subject: f32,
    day: f32,
    month: f32,
    bare: f32,
}

impl Weights {
    fn of(&self, written: Written) -> f32 {
        match written {
            Written::Subject => self.subject,
            Written::Day => self.day,
            Written::Month => self.month,
            Written::Bare => self.bare,
        }
    }
}

/// The dated clues of one text.
#[derive(Debug)]
struct Clues {
    /// Years the executive order and the references allow, from the earliest to the latest.
    range: (i32, i32),
    decl: Option<i32>,
    latest_reference: Option<i32>,
    /// Each year written, by how it is written, with how often.
    written: BTreeMap<(i32, Written), u32>,
}

impl Clues {
    fn read(head: &str, text: &str, referenced: &[i32]) -> Clues {
        let latest_reference = referenced.iter().max().copied();
        let (first, last) = order_range(head);
        let first = match SIPDIS.is_match(head) {
            true => first.max(SIPDIS_SINCE),
            false => first,
        };
        Clues {
            // A cable cites only what was written before it.
            range: (first.max(latest_reference.unwrap_or(first)), last),
            decl: decl_year(head),
            latest_reference,
            written: written_years(text),
        }
    }

    /// How likely the clues are if the cable was written in `year`, as a log.
    fn score(&self, year: i32, weights: &Weights) -> f32 {
        let mut score = 0.0;
        if let Some(decl) = self.decl {
            score += DECL_OFFSETS.log_p(decl - year);
        }
        if let Some(latest) = self.latest_reference {
            score += REFERENCE_OFFSETS.log_p(year - latest);
        }
        for (&(written, how), &n) in &self.written {
            score += weights.of(how) * (n as f32).sqrt() * how.offsets().log_p(written - year);
        }
        score
    }

    /// The likeliest year the clues allow; on a tie, the later. `None` without a clue.
    fn best(&self, weights: &Weights) -> Option<i32> {
        if self.decl.is_none() && self.latest_reference.is_none() && self.written.is_empty() {
            return None;
        }
        (self.range.0..=self.range.1)
            .map(|year| (year, self.score(year, weights)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
            .map(|(year, _)| year)
    }
}

/// The most likely year `head` (the header) and `text` (the whole cable) were written in,
/// with `referenced`, the years of the dated references, or `None` when nothing dates it.
pub(crate) fn from_clues(head: &str, text: &str, referenced: &[i32]) -> Option<i32> {
    Clues::read(head, text, referenced).best(&WEIGHTS)
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

/// Where the subject is written in `text`: its line, up to a REF run into it.
fn subject_span(text: &str) -> std::ops::Range<usize> {
    let Some(line) = SUBJECT_LINE.find(text) else {
        return 0..0;
    };
    let end = REF_LABEL
        .find(line.as_str())
        .map_or(line.end(), |r| line.start() + r.start());
    line.start()..end
}

/// The years written in `text`, the classification lines aside, by how they are written,
/// with how often.
fn written_years(text: &str) -> BTreeMap<(i32, Written), u32> {
    // Read across line ends: a wrapped line often parts a month from its year.
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !CLASSIFICATION_LINE.is_match(l))
        .collect();
    let kept = kept.join("\n");
    let subject = subject_span(&kept);
    let mut years = BTreeMap::new();
    for m in YEAR.find_iter(&kept) {
        let Ok(year) = m.as_str().parse() else {
            continue;
        };
        // Only the few words before a year say how it is written.
        let mut from = m.start().saturating_sub(24);
        while !kept.is_char_boundary(from) {
            from += 1;
        }
        let before = &kept[from..m.start()];
        let how = if subject.contains(&m.start()) {
            Written::Subject
        } else if DAY_BEFORE.is_match(before) {
            Written::Day
        } else if MONTH_BEFORE.is_match(before) {
            Written::Month
        } else {
            Written::Bare
        };
        *years.entry((year, how)).or_default() += 1;
    }
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
        // A reference dated on the REF line is mostly a year older than the cable that
        // cites it (its own year's go without a year), and never newer.
        assert_eq!(from_clues(head, text, &[2006]), Some(2007));
        assert_eq!(from_clues(head, "the 2001 budget", &[]), Some(2001));
        assert_eq!(from_clues(head, "the 2001 budget", &[2006]), Some(2007));
    }

    #[test]
    fn the_executive_order_bounds_the_year_and_nothing_dates_nothing() {
        // E.O. 13526 came in at the end of 2009: a DECL of 2015 cannot mean 2005.
        let head = "E.O. 13526: DECL: 01/20/2015\n";
        assert_eq!(from_clues(head, head, &[]), Some(2010));
        assert_eq!(from_clues("E.O. 12958: N/A\n", "no year here", &[]), None);
    }

    #[test]
    fn a_date_written_again_and_again_outweighs_a_year_named_once() {
        // 05SANJOSE1819, a partial extract: four full dates of 2005, and 2006 once, after a
        // month, for the elections to come. Counting each year once chose 2006.
        let head = "E.O. 12958: N/A\nTAGS: ETRD ECPS ECON PREL PGOV SOCI CS\n";
        let text = "On August 8, 2005 the five-member Commission\n\
                    Since starting their work on July 16, 2005 (reftel),\n\
                    goal to produce a first draft by August 31, 2005, and the\n\
                    The August 9, 2005 \"La Nacion\" article covering the\n\
                    Action Party (PAC) in the upcoming elections (February\n\
                    2006).  The official position of PAC is that the agreement";
        assert_eq!(from_clues(head, text, &[]), Some(2005));
    }

    #[test]
    fn a_month_and_year_is_mostly_the_year_before_and_a_full_date_the_same() {
        let head = "E.O. 12958: N/A\n";
        // Alone, "September 2004" is likelier looked back on from 2005 than from 2004...
        let month = "the agreement signed in September 2004 is in force";
        assert_eq!(from_clues(head, month, &[]), Some(2005));
        // ...and "September 8, 2004" is likelier written in 2004.
        let day = "the agreement signed on September 8, 2004 is in force";
        assert_eq!(from_clues(head, day, &[]), Some(2004));
    }

    #[test]
    fn a_year_on_the_subject_line_is_mostly_the_cables_own() {
        // 05SANJOSE1634, a partial extract. Read as any month and year, "July 2005" says
        // 2006; on the SUBJECT line it names the month just reported on.
        let head =
            "E.O. 12958: N/A\nTAGS: SNAR AFIN CS\nSUBJECT: SAN JOSE FLASH REPORT - JULY 2005 \n";
        assert_eq!(from_clues(head, head, &[]), Some(2005));
        // 05BRASILIA1566: a REF run into the subject line is a reference, not the subject.
        let run_in = "SUBJECT: VARIG FINANCIAL CRISIS DEEPENS REF: A) 2004 BRASILIA 2939\n";
        let years: Vec<_> = written_years(run_in).into_keys().collect();
        assert_eq!(years, [(2004, Written::Bare)]);
    }

    #[test]
    fn sipdis_in_the_header_means_2000_or_later() {
        // 04ROME2926, a partial extract whose declassification date is five years on.
        // Without the caveat, ten years back (1999) is the likelier reading.
        let head = "C O N F I D E N T I A L  ROME 002926\nSIPDIS\n\
                    E.O. 12958: DECL: 07/27/2009 TAGS: AORC EAGR PREL KUNR IN FAO\n";
        let text = format!("{head}does not go into effect until January 2006");
        assert_eq!(from_clues(head, &text, &[]), Some(2004));
        let without = head.replace("SIPDIS", "");
        assert_eq!(from_clues(&without, &text, &[]), Some(1999));
    }

    #[test]
    fn the_declassification_date_outweighs_a_year_or_two_in_the_text() {
        // A DECL of 2016 says 2006, even where the text names the year before only.
        let head = "E.O. 12958: DECL: 03/01/2016\n";
        let text = "E.O. 12958: DECL: 03/01/2016\nelections held in December 2005 and 2005";
        assert_eq!(from_clues(head, text, &[]), Some(2006));
    }

    #[test]
    fn years_are_read_by_how_they_are_written() {
        let text = "On August 8, 2005 the Commission met; 8 August 2005; 08/08/2005.\n\
                    In September 2004 it began. In 2003, nothing; Mayor 2002 (February\n\
                    2001).\nE.O. 12958: DECL: 08/08/2015";
        let years: Vec<_> = written_years(text).into_iter().collect();
        assert_eq!(
            years,
            [
                ((2001, Written::Month), 1),
                ((2002, Written::Bare), 1),
                ((2003, Written::Bare), 1),
                ((2004, Written::Month), 1),
                ((2005, Written::Day), 3)
            ]
        );
    }
}

#[cfg(test)]
mod fit {
    //! Measures the offset tables on the dated dev cables:
    //! `cargo test --lib the_dated_cables_give_the_tables -- --ignored --nocapture`.
    use super::*;
    use std::io::Read;

    /// A dated cable's year (from its preamble or its date-time group) and its text without
    /// the preamble, whose dates are WikiLeaks', not the cable's.
    fn dated(text: &str) -> Option<(i32, String)> {
        static CREATED: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"(?m)^Created:\s*(\d{4})").expect("valid pattern"));
        static DTG: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?m)^[ \t]*(?:[ZOPRM]{1,2}\s+){0,2}\d{6}Z\s+[A-Za-z]{3}\s+(\d{2}|\d{4})\b")
                .expect("valid pattern")
        });
        let year = if let Some(c) = CREATED.captures(text) {
            c[1].parse().ok()?
        } else {
            let y: i32 = DTG.captures(text)?[1].parse().ok()?;
            match y {
                0..=49 => 2000 + y,
                50..=99 => 1900 + y,
                _ => y,
            }
        };
        let body = match text.starts_with("Reference ID:") {
            true => text.lines().skip_while(|l| !l.trim().is_empty()).collect(),
            false => text.lines().collect::<Vec<_>>(),
        };
        Some((year, body.join("\n")))
    }

    /// The header: the lines before the first paragraph, as the cable parser bounds it.
    fn head(text: &str) -> String {
        static FIRST_PARAGRAPH: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^1\s*\.\s+\(?").expect("valid pattern"));
        text.lines()
            .take_while(|l| {
                let t = l.trim_start();
                !t.starts_with('¶') && !FIRST_PARAGRAPH.is_match(t)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Percent of each offset.
    fn shares(offsets: &[i32]) -> BTreeMap<i32, f32> {
        let mut n: BTreeMap<i32, usize> = BTreeMap::new();
        for o in offsets {
            *n.entry(*o).or_default() += 1;
        }
        n.into_iter()
            .map(|(o, k)| (o, 100.0 * k as f32 / offsets.len() as f32))
            .collect()
    }

    #[test]
    #[ignore = "reads ../shared/data/cablegate-dev.tar.gz, which a bare machine lacks; .ci/run runs it"]
    fn the_dated_cables_give_the_tables() {
        let data = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/cablegate-dev.tar.gz"
        );
        let file = std::fs::File::open(data).expect("the dev cables");
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
        let mut cables: Vec<(i32, Clues)> = Vec::new();
        for entry in archive.entries().expect("a tar archive") {
            let mut entry = entry.expect("an entry");
            let mut text = String::new();
            if entry.read_to_string(&mut text).is_err() {
                continue;
            }
            let Some((year, text)) = dated(&text) else {
                continue;
            };
            let head = head(&text);
            let referenced: Vec<i32> = crate::parse::refs::references_in(&head, None)
                .iter()
                .filter_map(|id| id.get(..2)?.parse::<i32>().ok())
                .map(|y| if y < 50 { 2000 + y } else { 1900 + y })
                .collect();
            cables.push((year, Clues::read(&head, &text, &referenced)));
        }
        println!("{} dated cables", cables.len());
        let decl: Vec<i32> = cables
            .iter()
            .filter_map(|(y, c)| Some(c.decl? - y))
            .collect();
        let reference: Vec<i32> = cables
            .iter()
            .filter_map(|(y, c)| Some(y - c.latest_reference?))
            .collect();
        let mut written: BTreeMap<Written, Vec<i32>> = BTreeMap::new();
        for (y, c) in &cables {
            for &(w, how) in c.written.keys() {
                written.entry(how).or_default().push(w - y);
            }
        }
        let mut drift = Vec::new();
        let mut check = |name: &str, table: &Offsets, measured: &BTreeMap<i32, f32>| {
            println!("{name}: {measured:.1?}");
            for &(o, p) in table.0 {
                let m = measured.get(&o).copied().unwrap_or(0.0);
                if (m - p).abs() > 0.1 {
                    drift.push(format!("{name} {o}: {p} in the table, {m:.1} measured"));
                }
            }
        };
        check("decl", &DECL_OFFSETS, &shares(&decl));
        check("reference", &REFERENCE_OFFSETS, &shares(&reference));
        check(
            "subject",
            &SUBJECT_OFFSETS,
            &shares(&written[&Written::Subject]),
        );
        check("day", &DAY_OFFSETS, &shares(&written[&Written::Day]));
        check("month", &MONTH_OFFSETS, &shares(&written[&Written::Month]));
        check("bare", &BARE_OFFSETS, &shares(&written[&Written::Bare]));

        // The year from the clues alone, as if the cables had no date: by which clues, and
        // for a few weights of the written years.
        for weights in [
            WEIGHTS,
            Weights {
                subject: 0.5,
                ..WEIGHTS
            },
            Weights {
                subject: 2.0,
                ..WEIGHTS
            },
            Weights {
                subject: 0.0,
                ..WEIGHTS
            },
            Weights {
                month: 1.0,
                bare: 1.0,
                ..WEIGHTS
            },
            Weights {
                month: 0.35,
                ..WEIGHTS
            },
            Weights {
                bare: 0.35,
                ..WEIGHTS
            },
            Weights {
                day: 0.7,
                month: 0.35,
                ..WEIGHTS
            },
        ] {
            let mut by: BTreeMap<String, (usize, usize)> = BTreeMap::new();
            for (year, clues) in &cables {
                let mut label = Vec::new();
                if clues.decl.is_some() {
                    label.push("decl");
                }
                if clues.latest_reference.is_some() {
                    label.push("dated ref");
                }
                if !clues.written.is_empty() {
                    label.push("years in text");
                }
                if label.is_empty() {
                    continue;
                }
                let right = clues.best(&weights) == Some(*year);
                for key in [label.join("+"), "all with a clue".to_string()] {
                    let e = by.entry(key).or_default();
                    e.0 += right as usize;
                    e.1 += 1;
                }
            }
            println!("{weights:?}");
            for (label, (right, n)) in by {
                println!("  {label:<30} {right:>5} / {n:<5}");
            }
        }
        assert!(drift.is_empty(), "the tables have drifted: {drift:#?}");
    }
}
