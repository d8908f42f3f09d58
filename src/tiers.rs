//! Tier histories: a country's tier by report year, from the TIP reports and interim
//! assessments the index holds, beside how many of its cables tagged KTIP each year holds:
//! how a researcher follows a country through the reports.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use tantivy::query::{BooleanQuery, Occur, Query as TQuery};
use tantivy::schema::Value;
use tantivy::Searcher;

use crate::error::Error;
use crate::index::{exact, Index};
use crate::model::Kind;
use crate::search::{collect::DocIds, retrieve::term_query};
use crate::stats::year_month;

/// One year of a country's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierYear {
    /// The report year.
    pub year: i32,
    /// The tier the year's report placed the country on, when one is indexed.
    pub tier: Option<String>,
    /// The reports and interim assessments of the year.
    pub documents: Vec<String>,
    /// The country's cables of the year tagged KTIP.
    pub ktip_cables: u64,
}

/// A country's tiers over the years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierHistory {
    /// The country, as the reports name it.
    pub country: String,
    /// Every year with a report or a KTIP cable, in order.
    pub years: Vec<TierYear>,
    /// Why the history is empty or partial, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One report as its first passage stores it.
struct Report {
    country: String,
    year: i32,
    tier: Option<String>,
    doc_id: String,
}

impl Index {
    /// The tier history of `country` (case aside), or of every country a report is
    /// indexed for.
    pub fn tiers(&self, country: Option<&str>) -> Result<Vec<TierHistory>, Error> {
        self.reading(|| {
            let searcher = self.searcher()?;
            let reports = self.reports(&searcher, country)?;
            let mut countries: Vec<String> = reports.iter().map(|r| r.country.clone()).collect();
            countries.sort();
            countries.dedup();
            if let (Some(asked), true) = (country, countries.is_empty()) {
                let known = crate::parse::tables::country_by_name(asked.trim());
                countries.push(known.map_or_else(|| asked.trim().to_string(), str::to_string));
            }
            countries
                .iter()
                .map(|c| self.history(c, &reports))
                .collect()
        })
    }

    fn history(&self, country: &str, reports: &[Report]) -> Result<TierHistory, Error> {
        let mine: Vec<&Report> = reports.iter().filter(|r| r.country == country).collect();
        let mut years: BTreeMap<i32, TierYear> = BTreeMap::new();
        for r in &mine {
            let y = years.entry(r.year).or_insert_with(|| empty_year(r.year));
            y.tier = y.tier.clone().or_else(|| r.tier.clone());
            y.documents.push(r.doc_id.clone());
        }
        for (year, n) in self.ktip_cables(country)? {
            years
                .entry(year)
                .or_insert_with(|| empty_year(year))
                .ktip_cables = n;
        }
        let note = mine
            .is_empty()
            .then(|| format!("no TIP report or interim assessment of {country} is in the index"));
        Ok(TierHistory {
            country: country.to_string(),
            years: years.into_values().collect(),
            note,
        })
    }

    /// The indexed reports and interim assessments, of `country` when given.
    fn reports(&self, searcher: &Searcher, country: Option<&str>) -> Result<Vec<Report>, Error> {
        let f = &self.fields;
        let kinds = [Kind::TipReport, Kind::TipInterim]
            .map(|k| (Occur::Should, term_query(f.kind, k.as_str())));
        let mut all: Vec<(Occur, Box<dyn TQuery>)> =
            vec![(Occur::Must, Box::new(BooleanQuery::new(kinds.into())))];
        if let Some(c) = country {
            all.push((Occur::Must, term_query(f.country, &exact(c))));
        }
        let ids = searcher.search(&BooleanQuery::new(all), &DocIds)?;
        let mut out = Vec::new();
        for id in sorted(ids) {
            let Some(doc) = self.any_passage(searcher, &id)? else {
                continue;
            };
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let year = doc
                .get_first(f.date)
                .and_then(|v| v.as_datetime())
                .map(|d| year_month(d).map(|(y, _)| y));
            if let (Some(country), Some(year)) = (text(f.country_display), year.flatten()) {
                out.push(Report {
                    country,
                    year,
                    tier: text(f.tier_display),
                    doc_id: id,
                });
            }
        }
        Ok(out)
    }

    /// How many of `country`'s cables tagged KTIP each year holds.
    fn ktip_cables(&self, country: &str) -> Result<Vec<(i32, u64)>, Error> {
        let f = &self.fields;
        let all = [
            term_query(f.kind, Kind::Cable.as_str()),
            term_query(f.tags, "KTIP"),
            term_query(f.country, &exact(country)),
        ];
        let query = BooleanQuery::new(all.into_iter().map(|q| (Occur::Must, q)).collect());
        let stats = self.stats_of(&query)?;
        Ok(stats
            .years
            .iter()
            .filter_map(|(y, n)| Some((y.parse().ok()?, *n)))
            .collect())
    }
}

fn empty_year(year: i32) -> TierYear {
    TierYear {
        year,
        tier: None,
        documents: Vec::new(),
        ktip_cables: 0,
    }
}

fn sorted(ids: HashSet<String>) -> Vec<String> {
    let mut v: Vec<String> = ids.into_iter().collect();
    v.sort();
    v
}
