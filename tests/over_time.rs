//! The matching documents over time, tier histories and exports on the 6,022 dev cables:
//! ignored where ../shared/data is missing (`.ci/run` runs them).

mod common;

use std::collections::BTreeMap;

use tipsearch::render::{csv::Csv, Render};
use tipsearch::{parse_query, Period, SearchOptions};

#[test]
#[ignore = "needs ../shared/data (the dev cables); .ci/run runs it"]
fn series_tiers_and_csv_agree_with_the_counts_on_the_dev_cables() {
    let index = common::dev_index(false);
    let q = parse_query("trafficking").unwrap();
    let stats = index.facets(&q).unwrap();
    let years = index.series_for(&q, Period::Year).unwrap();
    let sum: u64 = years.series.iter().map(|b| b.documents).sum();
    assert_eq!(
        sum, stats.documents,
        "every matching document in one period"
    );
    for b in &years.series {
        assert_eq!(
            stats.years.get(&b.period).copied().unwrap_or(0),
            b.documents,
            "{}",
            b.period
        );
    }
    assert_eq!(
        years.series, stats.timeline,
        "the facets carry the same years"
    );
    // Months add up to their years.
    let months = index.series_for(&q, Period::Month).unwrap();
    let mut by_year: BTreeMap<String, u64> = BTreeMap::new();
    for b in &months.series {
        let year = match b.period.as_str() {
            "unknown" => "unknown".to_string(),
            month => month[..4].to_string(),
        };
        *by_year.entry(year).or_default() += b.documents;
    }
    for b in &years.series {
        assert_eq!(
            by_year.get(&b.period).copied().unwrap_or(0),
            b.documents,
            "{}",
            b.period
        );
    }

    // An export holds every matching document, and in them every matching passage.
    let docs = index.matching_documents(Some(&q)).unwrap();
    assert_eq!(docs.len() as u64, stats.documents);
    let passages: usize = docs.iter().map(|(_, at)| at.len()).sum();
    assert_eq!(passages, index.count(&q).unwrap());

    // No report is among the dev cables: the history says so, and counts the KTIP cables.
    let h = &index.tiers(Some("egypt")).unwrap()[0];
    assert!(
        h.note
            .as_deref()
            .is_some_and(|n| n.contains("no TIP report")),
        "{h:?}"
    );
    let ktip: u64 = h.years.iter().map(|y| y.ktip_cables).sum();
    let tagged = parse_query("kind:cable tag:KTIP country:egypt").unwrap();
    assert_eq!(ktip, index.facets(&tagged).unwrap().documents);
    assert!(ktip > 0);

    // A page of results as CSV reads back as a spreadsheet would.
    let opts = SearchOptions {
        limit: 50,
        ..SearchOptions::default()
    };
    let hits = index.search(&q, &opts).unwrap();
    let mut out = Vec::new();
    let mut csv = Csv::default();
    for h in &hits {
        csv.hit(&mut out, h).unwrap();
    }
    let mut reader = csv::Reader::from_reader(&out[..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), hits.len());
    for (row, hit) in rows.iter().zip(&hits) {
        assert_eq!(
            (&row[2], &row[13]),
            (hit.doc_id.as_str(), hit.text.as_str())
        );
    }
}
