//! The query language: words, "phrases", -exclusions, field filters and date ranges.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

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

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// Free words, ranked.
    pub words: Vec<String>,
    /// Quoted phrases; each must occur.
    pub phrases: Vec<String>,
    /// Words and phrases that must not occur.
    pub excluded: Vec<String>,
    /// Field filters that must hold.
    pub filters: Vec<Filter>,
    /// Field filters that must not hold (`-tag:PGOV`).
    pub excluded_filters: Vec<Filter>,
}

impl Query {
    /// True when nothing is asked of the text, only of the metadata.
    pub fn is_filter_only(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }
}

const FIELDS: &str = "tag, origin, kind, country, tier, section, id, classification, date";

/// Parses the query language; errors point at the offending byte.
pub fn parse(input: &str) -> Result<Query, Error> {
    let mut q = Query::default();
    let bytes = input.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let negated = bytes[i] == b'-';
        if negated {
            i += 1;
        }
        // field:value or field:"value"
        let (field, value, value_at) = if i < bytes.len() && bytes[i] == b'"' {
            let (v, end) = quoted(input, i)?;
            i = end;
            (None, v, start)
        } else {
            let word_start = i;
            while i < bytes.len()
                && !bytes[i].is_ascii_whitespace()
                && bytes[i] != b':'
                && bytes[i] != b'"'
            {
                i += 1;
            }
            // "AZERBAIJAN: TIP INTERIM ASSESSMENT": a colon before a space ends a word of
            // text, as in a pasted subject line; only "field:value" is a filter.
            let named = input[word_start..i].to_ascii_lowercase();
            let field_colon = (i + 1 < bytes.len() && !bytes[i + 1].is_ascii_whitespace())
                || FIELDS.split(", ").any(|f| f == named);
            if i < bytes.len() && bytes[i] == b':' && field_colon {
                let name = &input[word_start..i];
                i += 1;
                let value_at = i;
                let v = if i < bytes.len() && bytes[i] == b'"' {
                    let (v, end) = quoted(input, i)?;
                    i = end;
                    v
                } else {
                    let s = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    input[s..i].to_string()
                };
                if name.chars().all(|c| c.is_ascii_alphabetic()) && !name.is_empty() {
                    (Some((name.to_ascii_lowercase(), word_start)), v, value_at)
                } else {
                    // "12958:" and similar are just words.
                    (None, format!("{name}:{v}"), word_start)
                }
            } else {
                if i < bytes.len() && bytes[i] == b'"' {
                    return Err(Error::query(
                        input,
                        i,
                        "a quote must start a phrase, after a space",
                    ));
                }
                let word = input[word_start..i].to_string();
                if i < bytes.len() && bytes[i] == b':' {
                    i += 1;
                }
                (None, word, word_start)
            }
        };
        match field {
            None => {
                let is_phrase = value.contains(char::is_whitespace)
                    || input[value_at..].starts_with('"')
                    || input[start..].starts_with("-\"");
                let value = value.trim().to_string();
                if value.is_empty() {
                    if negated && !is_phrase {
                        return Err(Error::query(
                            input,
                            start,
                            "'-' must be followed by a word to exclude",
                        ));
                    }
                    if is_phrase {
                        return Err(Error::query(input, start, "empty phrase"));
                    }
                    continue;
                }
                // `*`, `...`, a lone dash: nothing the index holds; a query of only these
                // must be refused as empty, not run as "every passage".
                if !value.chars().any(char::is_alphanumeric) {
                    continue;
                }
                match (negated, is_phrase) {
                    (true, _) => q.excluded.push(value),
                    (false, true) => q.phrases.push(value),
                    (false, false) => q.words.push(value),
                }
            }
            Some((name, name_at)) => {
                let value = value.trim();
                if value.is_empty() {
                    return Err(Error::query(
                        input,
                        value_at,
                        format!("the filter '{name}:' needs a value"),
                    ));
                }
                let filter = filter(input, &name, name_at, value, value_at)?;
                if negated {
                    q.excluded_filters.push(filter);
                } else {
                    q.filters.push(filter);
                }
            }
        }
    }
    if q.words.is_empty() && q.phrases.is_empty() && q.filters.is_empty() {
        let msg = if q.excluded.is_empty() && q.excluded_filters.is_empty() {
            "the query has no words to search for"
        } else {
            "a query cannot only exclude: add a word or a filter"
        };
        return Err(Error::query(input, 0, msg));
    }
    Ok(q)
}

fn quoted(input: &str, open: usize) -> Result<(String, usize), Error> {
    let rest = &input[open + 1..];
    match rest.find('"') {
        Some(end) => Ok((rest[..end].to_string(), open + 1 + end + 1)),
        None => Err(Error::query(input, open, "this quote is never closed")),
    }
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
    Ok(match name {
        "tag" | "tags" => Filter::Tag(value.to_uppercase()),
        "origin" | "from" => Filter::Origin(value.to_string()),
        "kind" | "type" => Filter::Kind(Kind::from_name(value).ok_or_else(|| {
            Error::query(
                input,
                value_at,
                format!("unknown kind '{value}' (use cable, tip_report or tip_interim)"),
            )
        })?),
        "country" => Filter::Country(value.to_lowercase()),
        "tier" => Filter::Tier(value.to_lowercase()),
        "section" => Filter::Section(value.to_string()),
        "id" | "doc" => Filter::Id(value.to_uppercase()),
        "classification" | "class" => Filter::Classification(value.to_uppercase()),
        "date" | "year" => date_range(input, value, value_at)?,
        _ => {
            return Err(Error::query(
                input,
                name_at,
                format!("unknown field '{name}' (known fields: {FIELDS})"),
            ))
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_date_after_a_line_separator_is_an_error_not_a_panic() {
        // Found by the fuzzer (tests/fuzz.rs, 30-minute run): the caret's offset fell inside
        // the U+2028 before the range.
        let input = "date:\u{2028}..2\u{FB00}009-06 d'sort'";
        match parse(input) {
            Err(Error::Query { query, caret, .. }) => {
                assert_eq!(query, input);
                assert!(caret.ends_with('^'), "{caret:?}");
            }
            other => panic!("a query error, not {other:?}"),
        }
    }

    #[test]
    fn punctuation_alone_is_no_query() {
        for input in ["*", "...", " - ", "\"*\""] {
            assert!(parse(input).is_err(), "{input:?} must be refused");
        }
        let q = parse("forced labor * Nakhchivan").expect("words around a star");
        assert_eq!(q.words, ["forced", "labor", "Nakhchivan"]);
    }

    #[test]
    fn parses_every_form() {
        let q =
            parse(r#"forced labor "national referral" -sex tag:ktip origin:baku date:2009..2010"#)
                .unwrap();
        assert_eq!(q.words, ["forced", "labor"]);
        assert_eq!(q.phrases, ["national referral"]);
        assert_eq!(q.excluded, ["sex"]);
        assert_eq!(q.filters[0], Filter::Tag("KTIP".into()));
        assert!(matches!(q.filters[2], Filter::Date { .. }));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse(r#"labor "unclosed"#).unwrap_err().to_string();
        assert!(e.contains("never closed"), "{e}");
        assert!(e.ends_with("      ^"), "{e}");
        let e = parse("labor foo:bar").unwrap_err().to_string();
        assert!(e.contains("unknown field 'foo'"), "{e}");
        assert!(parse("date:2009-13-01")
            .unwrap_err()
            .to_string()
            .contains("not a date"));
    }
}
