//! Field filters and date ranges: what `tag:KTIP` or `--from 2009` asks of a document's
//! metadata, checked as it is built.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

use super::fields;
use crate::error::Error;
use crate::model::Kind;

/// A restriction on a metadata field.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `tag:KTIP`: one of the TAGS, exactly.
    Tag(String),
    /// `origin:baku`: words of the sending post.
    Origin(String),
    /// `kind:cable`.
    Kind(Kind),
    /// `country:azerbaijan`: the country, exactly (case aside).
    Country(String),
    /// `tier:"tier 2 watch list"`: the tier, exactly (case aside).
    Tier(String),
    /// `section:protection`: words of the section heading.
    Section(String),
    /// `id:09BAKU141`.
    Id(String),
    /// `subject:"interim assessment"`: words of a cable's subject or a report's title.
    Subject(String),
    /// `ref:09STATE109948`: the documents that cite this cable.
    Cites(String),
    /// `classification:secret`: the classification, exactly (case aside).
    Classification(String),
    /// `date:2009-01-01..2009-12-31`; either end may be open.
    Date {
        /// Inclusive lower bound.
        from: Option<OffsetDateTime>,
        /// Exclusive upper bound.
        to: Option<OffsetDateTime>,
    },
}

/// A filter given apart from the query text (a command-line flag, an HTTP parameter):
/// `name` is a field of the query language (`tag`, `origin`, ...).
pub fn named_filter(name: &str, value: &str) -> Result<Filter, Error> {
    filter(value, name, 0, value, 0)
}

/// A date range given as two bounds apart from the query text (`--from`, `--to`); either
/// may be empty.
pub fn range_filter(from: &str, to: &str) -> Result<Filter, Error> {
    let range = format!("{from}..{to}");
    date_range(&range, &range, 0)
}

/// Builds a filter from `name:value`, the form users type on the command line too.
pub fn filter(
    input: &str,
    name: &str,
    name_at: usize,
    value: &str,
    value_at: usize,
) -> Result<Filter, Error> {
    let Some(spec) = fields::known(name) else {
        return Err(Error::query(
            input,
            name_at,
            format!("unknown field '{name}' (known fields: {})", fields::names()),
        ));
    };
    Ok(match spec.name {
        "tag" => Filter::Tag(value.to_uppercase()),
        "origin" => Filter::Origin(value.to_string()),
        "kind" => Filter::Kind(Kind::from_name(value).ok_or_else(|| {
            Error::query(
                input,
                value_at,
                format!("unknown kind '{value}' (use cable, tip_report or tip_interim)"),
            )
        })?),
        "country" => Filter::Country(value.to_lowercase()),
        "tier" => Filter::Tier(value.to_lowercase()),
        "section" => Filter::Section(value.to_string()),
        "subject" => Filter::Subject(value.to_string()),
        "id" => Filter::Id(value.to_uppercase()),
        "ref" => Filter::Cites(value.trim().to_uppercase()),
        "classification" => Filter::Classification(value.to_uppercase()),
        _ => date_range(input, value, value_at)?,
    })
}

/// `2009`, `2009-06`, `2009-06-15`, and ranges `A..B`, `A..`, `..B` (inclusive of whole days).
pub fn date_range(input: &str, value: &str, at: usize) -> Result<Filter, Error> {
    let (a, b) = match value.split_once("..") {
        Some((a, b)) => (a, b),
        None => (value, value),
    };
    let from = if a.is_empty() {
        None
    } else {
        Some(date_bound(a, false).ok_or_else(|| bad_date(input, a, at))?)
    };
    let to = if b.is_empty() {
        None
    } else {
        let off = value.find("..").map_or(0, |p| p + 2);
        Some(date_bound(b, true).ok_or_else(|| bad_date(input, b, at + off))?)
    };
    if from.is_none() && to.is_none() {
        return Err(Error::query(
            input,
            at,
            "a date range needs at least one end",
        ));
    }
    if let (Some(f), Some(t)) = (from, to) {
        if f >= t {
            return Err(Error::query(
                input,
                at,
                "the date range ends before it starts",
            ));
        }
    }
    Ok(Filter::Date { from, to })
}

fn bad_date(input: &str, s: &str, at: usize) -> Error {
    Error::query(
        input,
        at,
        format!("'{s}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"),
    )
}

/// The start of the period `s` names, or the start of the next one when `end` is set.
pub fn date_bound(s: &str, end: bool) -> Option<OffsetDateTime> {
    let parts: Vec<&str> = s.split('-').collect();
    let year: i32 = parts.first()?.parse().ok()?;
    if parts[0].len() != 4 || parts.len() > 3 {
        return None;
    }
    let month: u8 = parts.get(1).map_or(Some(1), |m| m.parse().ok())?;
    let day: u8 = parts.get(2).map_or(Some(1), |d| d.parse().ok())?;
    let date = Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()?;
    let date = if end {
        match parts.len() {
            1 => Date::from_calendar_date(year + 1, Month::January, 1).ok()?,
            2 => {
                let m = Month::try_from(month).ok()?;
                let (y, next) = if m == Month::December {
                    (year + 1, Month::January)
                } else {
                    (year, m.next())
                };
                Date::from_calendar_date(y, next, 1).ok()?
            }
            _ => date.next_day()?,
        }
    } else {
        date
    };
    Some(PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_utc())
}
