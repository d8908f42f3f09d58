//! One search request for every edge: the CLI's flags and the server's URL parameters are
//! both read as `name=value` pairs by [`SearchRequest::from_params`], validated here once,
//! and answered by [`Index::answer`]. [`PARAMETERS`] describes them for the README, the
//! CLI's help and the API's description, and tests hold those to it.

use std::time::Instant;

use serde::Serialize;

use super::{Group, Hit, SearchOptions, Sort};
use crate::error::Error;
use crate::index::Index;
use crate::query::{self, Filter, Query};
use crate::stats::Stats;

/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 100;

/// Deepest page one request may ask for.
pub const MAX_OFFSET: usize = 10_000;

/// One parameter of a search, as a URL parameter and a command-line flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parameter {
    /// The URL parameter, and the name [`SearchRequest::from_params`] reads.
    pub name: &'static str,
    /// The command-line flag, or `""` for the query itself (the CLI's free arguments).
    pub flag: &'static str,
    /// What it does.
    pub help: &'static str,
}

/// Every search parameter.
pub const PARAMETERS: &[Parameter] = &[
    param(
        "q",
        "",
        "the query: words, \"phrases\", operators, field:value filters",
    ),
    param("tag", "--tag", "only documents with this TAG (repeatable)"),
    param(
        "origin",
        "--origin",
        "only documents from this post (words of its name)",
    ),
    param(
        "kind",
        "--kind",
        "only this kind: cable, tip_report, tip_interim",
    ),
    param("country", "--country", "only this country (case aside)"),
    param("tier", "--tier", "only this TIP tier (case aside)"),
    param(
        "section",
        "--section",
        "only passages under a heading with these words",
    ),
    param(
        "classification",
        "--classification",
        "only this classification",
    ),
    param(
        "from",
        "--from",
        "only documents dated on or after this day (YYYY[-MM[-DD]])",
    ),
    param(
        "to",
        "--to",
        "only documents dated on or before this day (YYYY[-MM[-DD]])",
    ),
    param(
        "sort",
        "--sort",
        "relevance (default), date (oldest first) or -date",
    ),
    param(
        "limit",
        "--limit",
        "hits to return (documents, with group=document)",
    ),
    param("offset", "--offset", "hits to skip, for paging"),
    param(
        "group",
        "--by-document",
        "passage (default) or document: one hit per document",
    ),
    param(
        "facets",
        "--facets",
        "also count the matching documents by year, origin, tag, ...",
    ),
    param(
        "explain",
        "--explain",
        "say why each hit ranked where it did",
    ),
    param(
        "count",
        "--count",
        "only count the matching passages and documents",
    ),
    param(
        "format",
        "--format",
        "text (CLI) or json (server), jsonl, csv",
    ),
];

/// How the answer is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// Text on the command line, a JSON object from the server.
    #[default]
    Native,
    /// One JSON object per line.
    Jsonl,
    /// A header row, then a row per hit (RFC 4180).
    Csv,
}

/// The query `text` and `filters` make together, refused when it asks for nothing.
fn joined(text: &str, filters: Vec<Filter>) -> Result<Query, Error> {
    let mut q = match text.trim().is_empty() {
        true => Query::default(),
        false => query::parse(text)?,
    };
    q.filters.extend(filters);
    if q.is_empty() {
        return Err(invalid(
            "nothing to search for: give a query (q, the CLI's words) or a filter (tag=KTIP, --tag KTIP)",
        ));
    }
    Ok(q)
}

const fn param(name: &'static str, flag: &'static str, help: &'static str) -> Parameter {
    Parameter { name, flag, help }
}

/// A whole search: what the CLI's flags and the server's URL parameters both say.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchRequest {
    /// The query as typed.
    pub text: String,
    /// The query the text and the filters given apart from it make together, read once
    /// here so that neither edge reads it again.
    pub query: Query,
    /// Result order, how many, from where, and what one result is.
    pub sort: Sort,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// A hit per passage or per document.
    pub group: Group,
    /// Also count the matching documents by year, origin, tag, ...
    pub facets: bool,
    /// Say why each hit ranked where it did.
    pub explain: bool,
    /// Only count.
    pub count: bool,
    /// How the answer is written.
    pub format: Format,
}

impl SearchRequest {
    /// Reads `name=value` pairs (names as in [`PARAMETERS`]; filters repeat), refusing an
    /// unknown name, a bad value, or a request that asks for nothing.
    pub fn from_params<'a>(
        params: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<SearchRequest, Error> {
        let mut r = SearchRequest {
            limit: 10,
            ..SearchRequest::default()
        };
        let (mut from, mut to) = (String::new(), String::new());
        let mut filters = Vec::new();
        for (name, value) in params {
            match name {
                "q" => r.text = value.to_string(),
                "from" => from = value.trim().to_string(),
                "to" => to = value.trim().to_string(),
                "sort" => r.sort = sort(value)?,
                "limit" => r.limit = number(name, value, MAX_LIMIT)?,
                "offset" => r.offset = number(name, value, MAX_OFFSET)?,
                "group" => r.group = group(value)?,
                "facets" => r.facets = yes(name, value)?,
                "explain" => r.explain = yes(name, value)?,
                "count" => r.count = yes(name, value)?,
                "format" => r.format = format(value)?,
                _ if PARAMETERS.iter().any(|p| p.name == name) => {
                    if !value.trim().is_empty() {
                        filters.push(query::named_filter(name, value.trim())?);
                    }
                }
                _ => return Err(invalid(format!("unknown parameter {name:?}"))),
            }
        }
        if !from.is_empty() || !to.is_empty() {
            filters.push(query::range_filter(&from, &to)?);
        }
        r.query = joined(&r.text, filters)?;
        Ok(r)
    }

    /// How the search runs.
    pub fn options(&self) -> SearchOptions {
        SearchOptions {
            limit: self.limit,
            offset: self.offset,
            sort: self.sort,
            explain: self.explain,
            group: self.group,
            ..SearchOptions::default()
        }
    }
}

fn invalid(message: impl Into<String>) -> Error {
    Error::Request(message.into())
}

fn number(name: &str, v: &str, max: usize) -> Result<usize, Error> {
    let n: usize = v
        .trim()
        .parse()
        .map_err(|_| invalid(format!("{name} must be a whole number, not {v:?}")))?;
    if n > max {
        return Err(invalid(format!("{name} may be at most {max}")));
    }
    Ok(n)
}

fn yes(name: &str, v: &str) -> Result<bool, Error> {
    match v.trim() {
        "" | "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        other => Err(invalid(format!("{name} is true or false, not {other:?}"))),
    }
}

fn sort(v: &str) -> Result<Sort, Error> {
    match v.trim() {
        "" | "relevance" => Ok(Sort::Relevance),
        "date" => Ok(Sort::Date),
        "-date" => Ok(Sort::DateDesc),
        other => Err(invalid(format!(
            "sort must be relevance, date or -date, not {other:?}"
        ))),
    }
}

fn format(v: &str) -> Result<Format, Error> {
    match v.trim() {
        "" | "text" | "json" => Ok(Format::Native),
        "jsonl" => Ok(Format::Jsonl),
        "csv" => Ok(Format::Csv),
        other => Err(invalid(format!(
            "format must be text, json, jsonl or csv, not {other:?}"
        ))),
    }
}

fn group(v: &str) -> Result<Group, Error> {
    match v.trim() {
        "" | "passage" => Ok(Group::Passage),
        "document" => Ok(Group::Document),
        other => Err(invalid(format!(
            "group must be passage or document, not {other:?}"
        ))),
    }
}

/// What a search answers: its hits (none when only counting), how many passages and
/// documents match, the facets when asked, and notes on how the query was read.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The page of hits.
    pub hits: Vec<Hit>,
    /// Passages matching (holding at least one of the query's words, and its filters).
    pub total: usize,
    /// Documents matching, when counted (results by document, or a count).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<usize>,
    /// Counts of the matching documents by year, origin, tag, ..., when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Stats>,
    /// How the query was read, where the user may not expect it (a likely misspelled
    /// field searched as text; a prefix that stands for too many words).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Index {
    /// Answers a whole request, giving up at `deadline` ([`Error::Timeout`]).
    pub fn answer(&self, r: &SearchRequest, deadline: Option<Instant>) -> Result<Answer, Error> {
        let q = &r.query;
        let mut opts = r.options();
        opts.deadline = deadline;
        let (hits, mut notes) = match r.count {
            true => (
                Vec::new(),
                self.search_noted(q, &SearchOptions { limit: 0, ..opts })?.1,
            ),
            false => self.search_noted(q, &opts)?,
        };
        notes.splice(0..0, q.warnings.iter().cloned());
        let with_documents = r.count || r.group == Group::Document;
        let (total, documents, facets) = if r.facets {
            let f = self.facets_until(q, deadline)?;
            (f.passages as usize, Some(f.documents as usize), Some(f))
        } else {
            let (passages, documents) = self.count_both(q, with_documents, deadline)?;
            (passages, with_documents.then_some(documents), None)
        };
        Ok(Answer {
            hits,
            total,
            documents,
            facets,
            notes,
        })
    }
}
