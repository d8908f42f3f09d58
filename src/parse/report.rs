//! TIP report country narratives and interim assessments.

use std::sync::LazyLock;

use regex::Regex;
use time::{Date, Month, PrimitiveDateTime, Time};

use super::cable;
use super::reflow;
use super::tables;
use crate::model::{Document, Kind, Passage};

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static regex compiles")
}

/// The months' names, as the reports write them in dates.
const MONTHS: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";

/// A tier as the reports wrote it over the years: `Tier 2 Watch List`, `TIER 2 - WATCH LIST`,
/// `Tier 1`, `Special Case`.
const TIER: &str =
    r"(?i:tier[ \t]+[123](?:[ \t]*[-\x{2013}\x{2014}]?[ \t]*watch[ \t]+list)?|special[ \t]+case)";

/// `AZERBAIJAN (Tier 2 Watch List)` up to 2016; `AZERBAIJAN: TIER 2` after.
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?mi)^[ \t]*(?P<country>[A-Z][A-Z .,'’()\-]*?)\s*(?:\(\s*(?P<t1>{TIER})\s*\)|:\s*(?P<t2>{TIER})\b)(?P<rest>.*)$"
    ))
});

/// Where a country narrative begins on a page of several: a country's name in capitals
/// (`KOREA, NORTH`, `COTE D'IVOIRE`) and its tier, in brackets or after a colon.
static COUNTRY_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?m)^[ \t]*(?P<country>[A-Z][A-Z .,'’\-]*[A-Z.])(?:[ \t]*\([A-Z][A-Z ,.'’\-]*\))?[ \t]*(?:\([ \t]*{TIER}[ \t]*\)|:[ \t]*{TIER}\b)"
    ))
});

/// The report's own address, when a saved page gives it:
/// `state.gov/reports/2018-trafficking-in-persons-report/afghanistan/`.
static REPORT_ADDRESS: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b((?:19|20)\d{2})-trafficking-in-persons-report\b"));

/// A release date as the reports print it: `June 12, 2007`.
static RELEASE_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b({MONTHS})\s+(\d{{1,2}}),\s+((?:19|20)\d{{2}})\b"
    ))
});

/// The report named with its year, before or after: `2007 Trafficking in Persons Report`,
/// `TRAFFICKING IN PERSONS REPORT JUNE 2008` (a running header), `TIP Report 2010`.
static REPORT_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:((?:19|20)\d{{2}})\s+(?:TIP|Trafficking in Persons)\s+Report\b|(?:TIP|Trafficking in Persons)\s+Report,?\s+(?:(?:{MONTHS})\s+)?((?:19|20)\d{{2}})\b)"
    ))
});

/// The year a [`REPORT_YEAR`] match names, whichever side it was written on.
fn report_year(c: &regex::Captures) -> Option<i32> {
    c.get(1).or(c.get(2))?.as_str().parse().ok()
}
static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:{MONTHS})\s+((?:19|20)\d{{2}})\b(?P<report>\s+(?:TIP|Trafficking in Persons)\s+Report)?"
    ))
});
static GOVERNMENT_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\bThe Government of ([A-Z][A-Za-z' ]+?) (?:has|does|is|demonstrated|made)\b")
});
static DISCLAIMER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bis not an? \w+ publication\b|does not necessarily (?:endorse|reflect)|^\[From the introductory text",
    )
});
static RECOMMENDATIONS_INLINE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?i)(?:prioritized\s+)?recommendations(?:\s+for\s+[A-Za-z' ]+)?\s*:\s*(.*)$")
});

/// Section headings of a country narrative, matched whole-line and case-blind.
fn heading_name(line: &str) -> Option<String> {
    let t = line.trim().trim_end_matches(':').trim();
    let lower = t.to_lowercase();
    let known = [
        "prosecution",
        "protection",
        "prevention",
        "trafficking profile",
        "prioritized recommendations",
        "recommendations",
    ];
    if known.contains(&lower.as_str())
        || (lower.starts_with("recommendations for ") && t.len() < 60)
    {
        // One name whatever the case it was printed in: `PROSECUTION` is `Prosecution`.
        let name = if lower.starts_with("recommendations for ") {
            "Recommendations".to_string()
        } else {
            tables::title_case(&lower)
        };
        return Some(name);
    }
    None
}

/// True for text that is a report narrative or an interim assessment.
pub(crate) fn looks_like_report(text: &str) -> bool {
    let head: String = text.chars().take(4000).collect();
    HEADING.is_match(&head)
        || head.contains("Interim Assessment")
        || head.contains("minimum standards for the elimination of trafficking")
}

fn year_start(year: i32) -> Option<time::OffsetDateTime> {
    let date = Date::from_calendar_date(year, Month::January, 1).ok()?;
    Some(day_start(date))
}

fn day_start(date: Date) -> time::OffsetDateTime {
    PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_utc()
}

/// One-line-per-printed-line text (copied from a PDF): most lines are of similar width and
/// do not end a sentence.
fn is_printed_lines(lines: &[&str]) -> bool {
    let lens: Vec<usize> = lines
        .iter()
        .map(|l| l.trim().chars().count())
        .filter(|n| *n > 0)
        .collect();
    if lens.len() < 8 {
        return false;
    }
    let mut sorted = lens.clone();
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2];
    let ending = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .filter(|l| l.ends_with(['.', '?', '!', ':']))
        .count();
    (50..=140).contains(&median) && ending * 10 < lens.len() * 4
}

fn reflow_printed(lines: &[&str]) -> Vec<(Option<String>, String)> {
    let mut lens: Vec<usize> = lines
        .iter()
        .map(|l| l.trim().chars().count())
        .filter(|n| *n > 0)
        .collect();
    lens.sort_unstable();
    let width = lens.get(lens.len() * 9 / 10).copied().unwrap_or(100).max(1);
    let mut out: Vec<(Option<String>, String)> = Vec::new();
    let mut section: Option<String> = None;
    let mut cur: Vec<&str> = Vec::new();
    let flush =
        |cur: &mut Vec<&str>, section: &Option<String>, out: &mut Vec<(Option<String>, String)>| {
            if !cur.is_empty() {
                out.push((section.clone(), reflow::join_lines(cur.iter().copied())));
                cur.clear();
            }
        };
    for line in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        if let Some(h) = heading_name(line) {
            flush(&mut cur, &section, &mut out);
            section = Some(h);
            continue;
        }
        if let Some(c) = RECOMMENDATIONS_INLINE.captures(line) {
            flush(&mut cur, &section, &mut out);
            section = Some("Recommendations".to_string());
            cur.push(c.get(1).map_or("", |m| m.as_str()));
            continue;
        }
        cur.push(line);
        let short = line.chars().count() * 10 < width * 6;
        if short
            && matches!(
                line.chars().last(),
                Some('.' | '?' | '!' | '"' | '\u{201d}')
            )
        {
            flush(&mut cur, &section, &mut out);
        }
    }
    flush(&mut cur, &section, &mut out);
    out
}

fn reflow_paragraphs(lines: &[&str]) -> Vec<(Option<String>, String)> {
    let mut out: Vec<(Option<String>, String)> = Vec::new();
    let mut section: Option<String> = None;
    for b in reflow::blocks(lines.iter().copied(), |_| false) {
        let text = b.text();
        if let Some(h) = heading_name(&text) {
            section = Some(h);
            continue;
        }
        if let Some(c) = RECOMMENDATIONS_INLINE.captures(&text) {
            section = Some("Recommendations".to_string());
            out.push((
                section.clone(),
                c.get(1).map_or("", |m| m.as_str()).to_string(),
            ));
            continue;
        }
        if let Some((s, prev)) = out.last_mut() {
            if *s == section && reflow::continues(prev, &b) {
                prev.push(' ');
                prev.push_str(&text);
                continue;
            }
        }
        out.push((section.clone(), text));
    }
    out
}

/// Names the unheaded opening paragraphs the way the report's structure defines them.
fn intro_section(text: &str) -> String {
    let lower = text.to_lowercase();
    if lower.contains("minimum standards") {
        "Tier Ranking Justification".to_string()
    } else if lower.contains(" is a source")
        || lower.contains(" is a destination")
        || lower.contains(" is a transit")
    {
        "Trafficking Profile".to_string()
    } else {
        "Overview".to_string()
    }
}

/// The report a page belongs to, as the page says outside any narrative: its year, and
/// the day it was released when the page prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edition {
    year: i32,
    released: Option<Date>,
}

/// The edition a page's preamble (its text before the first narrative) names: the title
/// (`2007 Trafficking in Persons Report`), the address it was saved from, or the release
/// date (`June 12, 2007`). A narrative's own dates are events, never the report's year.
fn edition(preamble: &str) -> Option<Edition> {
    let titled = REPORT_YEAR
        .captures(preamble)
        .and_then(|c| report_year(&c))
        .or_else(|| {
            let c = REPORT_ADDRESS.captures(preamble)?;
            c[1].parse::<i32>().ok()
        });
    let released = RELEASE_DAY.captures_iter(preamble).find_map(|c| {
        let month = cable::month_from_abbrev(&c[1])?;
        let day = c[2].parse().ok()?;
        Date::from_calendar_date(c[3].parse().ok()?, month, day).ok()
    });
    let released = released.filter(|d| titled.is_none_or(|y| d.year() == y));
    let year = titled.or(released.map(|d| d.year()))?;
    Some(Edition { year, released })
}

/// Where each narrative of a page of several begins (byte offsets of its headings: a name
/// in capitals and a tier is a heading even when the country table lacks the name, so that
/// a territory's narrative is never read into its neighbour's); empty for a page of one,
/// which is read whole.
fn narrative_starts(text: &str) -> Vec<usize> {
    let starts: Vec<usize> = COUNTRY_HEADING
        .captures_iter(text)
        .filter_map(|c| c.get(0).map(|m| m.start()))
        .collect();
    match starts.len() {
        0 | 1 => Vec::new(),
        _ => starts,
    }
}

/// Parses a page of report narratives: one document per country heading (the text before
/// the first is the page's introduction, not a country), each dated by the edition the
/// page names. A page of one narrative, or an interim assessment, gives one document;
/// `None` when nothing is recognised.
pub(crate) fn parse_all(text: &str, source: &str) -> Option<Vec<Document>> {
    let starts = narrative_starts(text);
    let Some(&first) = starts.first() else {
        return parse(text, source).map(|d| vec![d]);
    };
    let page = edition(&text[..first]);
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    let docs: Vec<Document> = starts
        .iter()
        .zip(ends)
        .filter_map(|(&a, b)| parse_narrative(&text[a..b], source, page))
        .collect();
    Some(docs).filter(|d| !d.is_empty())
}

/// Parses a report narrative or an interim assessment; `None` when neither is recognised.
pub(crate) fn parse(text: &str, source: &str) -> Option<Document> {
    let Some(heading) = HEADING.find(text) else {
        return parse_narrative(text, source, None);
    };
    // The page's title and address above the heading are not the country's narrative.
    let (preamble, narrative) = text.split_at(heading.start());
    parse_narrative(narrative, source, edition(preamble))
}

/// A heading's country without the qualifier some years added in brackets: `CHINA
/// (INCLUDES TIBET, HONG KONG, AND MACAU)` and `CHINA (PRC)` are China.
fn unqualified(name: &str) -> &str {
    name.split('(').next().unwrap_or(name).trim()
}

/// A tier as one canonical string: `TIER 2 - WATCH LIST` is `Tier 2 Watch List`.
fn canonical_tier(written: &str) -> String {
    let words = written.replace(['-', '\u{2013}', '\u{2014}'], " ");
    tables::title_case(&reflow::collapse_spaces(&words).to_lowercase())
}

/// What a narrative's heading says: its country (as the country table names it, else as
/// printed, with a note), its tier, and on which line it stands.
struct Heading {
    country: Option<String>,
    tier: Option<String>,
    line: Option<usize>,
}

fn heading_of(text: &str, c: Option<&regex::Captures>, notes: &mut Vec<String>) -> Heading {
    let Some(c) = c else {
        return Heading {
            country: None,
            tier: None,
            line: None,
        };
    };
    let name = unqualified(&c["country"]);
    let country = tables::country_by_name(name)
        .map(str::to_string)
        .unwrap_or_else(|| {
            notes.push(format!(
                "{name} is not in the country table; named as printed"
            ));
            tables::title_case(name)
        });
    let tier = c
        .name("t1")
        .or(c.name("t2"))
        .map(|m| canonical_tier(m.as_str()));
    let rest = c["rest"].trim();
    if !rest.is_empty() {
        notes.push(rest.to_string());
    }
    let start = c.get(0).map_or(0, |m| m.start());
    Heading {
        country: Some(country),
        tier,
        line: Some(text[..start].matches('\n').count()),
    }
}

/// The narrative's lines but its heading, site chrome (`[ Human Trafficking,
/// Country-by-Country ]`) and disclaimers, which go to the notes.
fn body_lines<'t>(text: &'t str, heading: Option<usize>, notes: &mut Vec<String>) -> Vec<&'t str> {
    let mut body = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let t = line.trim();
        if Some(k) == heading || (t.starts_with('[') && t.ends_with(']') && t.len() < 80) {
            continue;
        }
        if DISCLAIMER.is_match(t) {
            notes.push(t.to_string());
            continue;
        }
        body.push(line);
    }
    body
}

/// The report's year: the page's, else the heading's, else (with a note) the latest year
/// the narrative's events are dated.
fn year_of(
    page: Option<Edition>,
    heading: Option<&regex::Captures>,
    body: &str,
    notes: &mut Vec<String>,
) -> Option<i32> {
    let stated = heading
        .and_then(|c| REPORT_YEAR.captures(&c["rest"]))
        .and_then(|c| report_year(&c));
    let events = MONTH_YEAR
        .captures_iter(body)
        .filter(|c| c.name("report").is_none())
        .filter_map(|c| c[1].parse::<i32>().ok())
        .max();
    if let (None, None, Some(y)) = (page, stated, events) {
        notes.push(format!(
            "the report's year is not given; {y} is the latest year of the events it narrates"
        ));
    }
    page.map(|e| e.year).or(stated).or(events)
}

/// A narrative's id and title from its kind, year, country and tier.
fn id_and_title(kind: Kind, year: Option<i32>, name: &str, tier: Option<&str>) -> (String, String) {
    let upper = name.to_uppercase().replace(' ', "-");
    let doc_id = match (kind, year) {
        (Kind::TipInterim, Some(y)) => format!("TIP-INTERIM-{y}-{upper}"),
        (_, Some(y)) => format!("TIP-{y}-{upper}"),
        (_, None) => format!("TIP-{upper}"),
    };
    let title = match (kind, year, tier) {
        (Kind::TipInterim, Some(y), _) => format!("{name}: TIP interim assessment, {y}"),
        (_, Some(y), Some(t)) => format!("{name} ({t}): {y} TIP Report"),
        (_, Some(y), None) => format!("{name}: {y} TIP Report"),
        _ => format!("{name}: TIP Report"),
    };
    (doc_id, title)
}

/// The narrative's paragraphs as passages, each under its section (the introduction
/// named by what it is).
fn narrative_passages(body: &[&str]) -> Vec<Passage> {
    let paras = if is_printed_lines(body) {
        reflow_printed(body)
    } else {
        reflow_paragraphs(body)
    };
    paras
        .into_iter()
        .filter(|(_, t)| !t.trim().is_empty())
        .map(|(section, text)| Passage {
            section: Some(section.unwrap_or_else(|| intro_section(&text))),
            number: None,
            marking: None,
            text,
        })
        .collect()
}

/// Parses one narrative, of the report `page` names when it does.
fn parse_narrative(text: &str, source: &str, page: Option<Edition>) -> Option<Document> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut notes = Vec::new();
    let captures = HEADING.captures(&text);
    let heading = heading_of(&text, captures.as_ref(), &mut notes);
    let opening: String = text.chars().take(3000).collect();
    let interim = opening.contains("Interim Assessment") && captures.is_none();
    let body = body_lines(&text, heading.line, &mut notes);
    let country = heading.country.or_else(|| {
        let c = GOVERNMENT_OF.captures(&text)?;
        tables::country_by_name(c[1].trim()).map(str::to_string)
    });
    let passages = narrative_passages(&body);
    if passages.is_empty() || (captures.is_none() && !interim && !looks_like_report(&text)) {
        return None;
    }
    let kind = if interim {
        Kind::TipInterim
    } else {
        Kind::TipReport
    };
    let year = year_of(page, captures.as_ref(), &body.join("\n"), &mut notes);
    let name = country.clone().unwrap_or_else(|| "Unknown".to_string());
    let (doc_id, title) = id_and_title(kind, year, &name, heading.tier.as_deref());
    let tier = heading.tier;
    Some(Document {
        doc_id,
        kind,
        title,
        date: match page.and_then(|e| e.released) {
            Some(day) => Some(day_start(day)),
            None => year.and_then(year_start),
        },
        origin: Some("Department of State".to_string()),
        classification: Some("UNCLASSIFIED".to_string()),
        tags: Vec::new(),
        subject: None,
        references: Vec::new(),
        aliases: Vec::new(),
        country,
        tier,
        source: source.to_string(),
        notes,
        passages,
    })
}
