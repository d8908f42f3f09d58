//! TIP report pages as the State Department published them: pages of many country
//! narratives (2001–2016, as HTML and as text) split one document per country, and the
//! per-country pages of 2017 on, each dated by the report the page names.

mod common;

use std::path::PathBuf;

use common::{run, test_data, tipsearch};
use tipsearch::{parse_documents, read_paths, Document, Kind};

/// Every document `tipsearch index` would make of a fixture, in the file's order.
fn documents(name: &str) -> Vec<Document> {
    let mut docs = Vec::new();
    read_paths(&[test_data(&format!("tip/{name}"))], &mut |parsed| {
        docs.push(parsed.expect("the fixture parses").document)
    });
    docs
}

/// (id, country, tier, release day) of each document.
fn summary(docs: &[Document]) -> Vec<(String, String, String, String)> {
    docs.iter()
        .map(|d| {
            (
                d.doc_id.clone(),
                d.country.clone().unwrap_or_default(),
                d.tier.clone().unwrap_or_default(),
                d.date.map(|t| t.date().to_string()).unwrap_or_default(),
            )
        })
        .collect()
}

fn row(id: &str, country: &str, tier: &str, day: &str) -> (String, String, String, String) {
    (id.into(), country.into(), tier.into(), day.into())
}

fn sections(d: &Document) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for name in d.passages.iter().filter_map(|p| p.section.as_deref()) {
        if names.last() != Some(&name) {
            names.push(name);
        }
    }
    names
}

#[test]
fn a_2007_page_of_three_narratives_is_three_documents_of_the_2007_report() {
    let docs = documents("2007-countries-a.txt");
    assert_eq!(
        summary(&docs),
        [
            row(
                "TIP-2007-AFGHANISTAN",
                "Afghanistan",
                "Tier 2 Watch List",
                "2007-06-12"
            ),
            row("TIP-2007-ALBANIA", "Albania", "Tier 2", "2007-06-12"),
            row(
                "TIP-2007-DEMOCRATIC-REPUBLIC-OF-THE-CONGO",
                "Democratic Republic of the Congo",
                "Tier 3",
                "2007-06-12"
            ),
        ]
    );
    assert!(docs.iter().all(|d| d.kind == Kind::TipReport));
    assert_eq!(
        sections(&docs[0]),
        [
            "Trafficking Profile",
            "Tier Ranking Justification",
            "Recommendations",
            "Prosecution",
            "Protection",
            "Prevention"
        ]
    );
    // Albania's paragraphs are Albania's alone; the page's introduction is nobody's.
    let text = |d: &Document| {
        d.passages
            .iter()
            .map(|p| p.text.as_str())
            .collect::<String>()
    };
    assert!(!text(&docs[0]).contains("Albania"));
    assert!(text(&docs[1]).contains("28 trafficking cases"));
    assert!(docs
        .iter()
        .all(|d| !text(d).contains("The country narratives that follow")));
    // A narrative's own dates (March 2006) are events, not the report's year.
    assert!(text(&docs[0]).contains("March 2006"));
}

#[test]
fn upper_case_tiers_inverted_names_and_colons_are_headings() {
    let docs = documents("2005-countries-h.txt");
    assert_eq!(
        summary(&docs),
        [
            row("TIP-2005-HAITI", "Haiti", "Tier 2", "2005-06-03"),
            row(
                "TIP-2005-HONDURAS",
                "Honduras",
                "Tier 2 Watch List",
                "2005-06-03"
            ),
            row(
                "TIP-2005-NORTH-KOREA",
                "North Korea",
                "Tier 3",
                "2005-06-03"
            ),
            row(
                "TIP-2005-COTE-D'IVOIRE",
                "Cote d'Ivoire",
                "Tier 2",
                "2005-06-03"
            ),
        ]
    );
}

#[test]
fn a_saved_html_page_is_split_without_its_navigation_and_footer() {
    let docs = documents("2006-countries-k-l.html");
    assert_eq!(
        summary(&docs),
        [
            row("TIP-2006-KAZAKHSTAN", "Kazakhstan", "Tier 2", "2006-06-05"),
            row(
                "TIP-2006-SOUTH-KOREA",
                "South Korea",
                "Tier 1",
                "2006-06-05"
            ),
            row("TIP-2006-LAOS", "Laos", "Tier 2 Watch List", "2006-06-05"),
        ]
    );
    assert_eq!(
        sections(&docs[0]),
        [
            "Trafficking Profile",
            "Tier Ranking Justification",
            "Prosecution",
            "Protection"
        ]
    );
    let all: String = docs
        .iter()
        .flat_map(|d| &d.passages)
        .map(|p| p.text.as_str())
        .collect();
    // The menu names the 2005 report; the page's own heading does not count it either.
    for chrome in ["Privacy Notice", "Home", "2005 Trafficking", "var menu"] {
        assert!(!all.contains(chrome), "{chrome} in {all}");
    }
}

#[test]
fn per_country_pages_take_their_year_from_title_or_address() {
    // The 2018 page names its report in its title and its address; the 2019 page only in
    // its canonical address and heading, beside a menu link to the 2018 report.
    let afghanistan = documents("2018-afghanistan.txt");
    assert_eq!(
        summary(&afghanistan),
        [row(
            "TIP-2018-AFGHANISTAN",
            "Afghanistan",
            "Tier 2",
            "2018-01-01"
        )]
    );
    assert_eq!(
        sections(&afghanistan[0]),
        [
            "Tier Ranking Justification",
            "Prioritized Recommendations",
            "Prosecution",
            "Protection",
            "Prevention",
            "Trafficking Profile"
        ]
    );
    let yemen = documents("2019-yemen.html");
    assert_eq!(
        summary(&yemen),
        [row("TIP-2019-YEMEN", "Yemen", "Special Case", "2019-01-01")]
    );
    assert_eq!(
        sections(&yemen[0]),
        [
            "Overview",
            "Prosecution",
            "Protection",
            "Trafficking Profile"
        ]
    );
}

#[test]
fn every_heading_form_of_the_reports_starts_a_narrative() {
    let forms = [
        ("ARMENIA (Tier 2)", "Armenia", "Tier 2"),
        ("ARMENIA (TIER 2)", "Armenia", "Tier 2"),
        (
            "ARMENIA (Tier 2 Watch List)",
            "Armenia",
            "Tier 2 Watch List",
        ),
        (
            "ARMENIA (TIER 2 - WATCH LIST)",
            "Armenia",
            "Tier 2 Watch List",
        ),
        ("ARMENIA: TIER 2", "Armenia", "Tier 2"),
        ("ARMENIA: Tier 3", "Armenia", "Tier 3"),
        ("ARMENIA: Tier 1", "Armenia", "Tier 1"),
        ("SOMALIA (Special Case)", "Somalia", "Special Case"),
        ("SOMALIA: SPECIAL CASE", "Somalia", "Special Case"),
        (
            "CONGO, DEMOCRATIC REPUBLIC OF THE (Tier 3)",
            "Democratic Republic of the Congo",
            "Tier 3",
        ),
        ("KOREA, NORTH (Tier 3)", "North Korea", "Tier 3"),
        (
            "COTE D'IVOIRE (Tier 2 Watch List)",
            "Cote d'Ivoire",
            "Tier 2 Watch List",
        ),
        ("BURMA (Tier 3)", "Burma", "Tier 3"),
        (
            "CHINA (INCLUDES TIBET, HONG KONG, AND MACAU) (Tier 2 Watch List)",
            "China",
            "Tier 2 Watch List",
        ),
        ("CHINA (PRC): TIER 3", "China", "Tier 3"),
        ("HONG KONG (Tier 2)", "Hong Kong", "Tier 2"),
        ("KOSOVO (Tier 2)", "Kosovo", "Tier 2"),
        (
            "SERBIA AND MONTENEGRO (Tier 2)",
            "Serbia and Montenegro",
            "Tier 2",
        ),
    ];
    for (heading, country, tier) in forms {
        let page = format!(
            "2010 Trafficking in Persons Report\n\n{heading}\n\n\
             The country is a source country for men trafficked for forced labor.\n\n\
             GEORGIA (Tier 1)\n\n\
             The Government of Georgia fully complies with the minimum standards.\n"
        );
        let docs = parse_documents(&page, "page.txt").expect("parses");
        let got: Vec<(&str, &str)> = docs
            .iter()
            .map(|d| {
                (
                    d.country.as_deref().unwrap_or(""),
                    d.tier.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(got, [(country, tier), ("Georgia", "Tier 1")], "{heading}");
        assert!(
            docs.iter().all(|d| d.doc_id.starts_with("TIP-2010-")),
            "{heading}"
        );
    }
}

#[test]
fn the_report_is_named_with_its_year_before_or_after() {
    for (title, year) in [
        ("2007 Trafficking in Persons Report", "2007"),
        ("TRAFFICKING IN PERSONS REPORT JUNE 2008", "2008"),
        ("Trafficking in Persons Report, 2012", "2012"),
        ("2015 TIP Report", "2015"),
    ] {
        let page = format!(
            "{title}\n\nARMENIA (Tier 2)\n\nArmenia's paragraph, on events of May 2004.\n\n\
             GEORGIA (Tier 1)\n\nGeorgia's paragraph.\n"
        );
        let docs = parse_documents(&page, "page.txt").expect("parses");
        let ids: Vec<&str> = docs.iter().map(|d| d.doc_id.as_str()).collect();
        assert_eq!(
            ids,
            [format!("TIP-{year}-ARMENIA"), format!("TIP-{year}-GEORGIA")],
            "{title}"
        );
    }
}

#[test]
fn a_territory_the_country_table_lacks_is_still_its_own_narrative() {
    let page = "2010 Trafficking in Persons Report\n\nARMENIA (Tier 2)\n\nArmenia's paragraph.\n\n\
                NEW ATLANTIS (Tier 2)\n\nThe territory's paragraph.\n\nGEORGIA (Tier 1)\n\n\
                Georgia's paragraph.\n";
    let docs = parse_documents(page, "page.txt").expect("parses");
    let ids: Vec<&str> = docs.iter().map(|d| d.doc_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "TIP-2010-ARMENIA",
            "TIP-2010-NEW-ATLANTIS",
            "TIP-2010-GEORGIA"
        ]
    );
    assert!(!docs[0]
        .passages
        .iter()
        .any(|p| p.text.contains("territory")));
    assert!(docs[1]
        .notes
        .iter()
        .any(|n| n.contains("not in the country table")));
}

#[test]
fn indexing_a_page_counts_each_country_as_a_document() {
    let home = tempfile::tempdir().expect("temp dir");
    let idx = home.path().join("idx");
    let pages: Vec<PathBuf> = [
        "2007-countries-a.txt",
        "2005-countries-h.txt",
        "2019-yemen.html",
    ]
    .iter()
    .map(|n| test_data(&format!("tip/{n}")))
    .collect();
    let (code, _, err) = run(tipsearch(home.path())
        .arg("index")
        .arg("--index")
        .arg(&idx)
        .args(&pages));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("indexed 8 documents"), "{err}");
    let (code, out, err) = run(tipsearch(home.path())
        .args(["--index"])
        .arg(&idx)
        .args(["--json", "restavek"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"doc_id\":\"TIP-2005-HAITI\""), "{out}");
}

#[test]
fn the_yearly_pdf_is_read_in_column_order_without_its_page_furniture() {
    // scripts/fixtures/tip_pdf.py: two pages of two columns, each page drawing its right
    // column first, with a running header, page numbers and a photo caption.
    let docs = documents("2008-two-columns.pdf");
    assert_eq!(
        summary(&docs),
        [
            row("TIP-2008-ARMENIA", "Armenia", "Tier 2", "2008-01-01"),
            row("TIP-2008-AUSTRALIA", "Australia", "Tier 1", "2008-01-01"),
            row(
                "TIP-2008-AZERBAIJAN",
                "Azerbaijan",
                "Tier 2 Watch List",
                "2008-01-01"
            ),
        ]
    );
    assert_eq!(
        sections(&docs[0]),
        [
            "Trafficking Profile",
            "Tier Ranking Justification",
            "Prosecution",
            "Protection",
            "Prevention"
        ]
    );
    let text = |d: &Document| {
        d.passages
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    // A paragraph runs on from the left column into the right, and from one page into the
    // next; the words hyphenated at a line's end are whole again.
    assert!(text(&docs[0]).contains("four and eight years of imprisonment. Police investigated"));
    assert!(text(&docs[0]).contains("to a lesser extent, destination"));
    assert!(text(&docs[1])
        .contains("commercial sexual exploitation, and for men and women subjected to forced labor in agriculture and construction."));
    let all: String = docs.iter().map(text).collect();
    for furniture in ["TRAFFICKING IN PERSONS REPORT", "Photo:", "Yerevan"] {
        assert!(!all.contains(furniture), "{furniture} in {all}");
    }
    assert!(
        docs.iter()
            .flat_map(|d| &d.passages)
            .all(|p| p.text.trim().parse::<u32>().is_err()),
        "a page number became a passage"
    );
}

#[test]
fn a_damaged_pdf_is_refused_naming_the_file_and_the_rest_goes_on() {
    let mut outcomes = Vec::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = dir.path().join("report.pdf");
    std::fs::write(&broken, b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage").expect("write");
    read_paths(&[broken, test_data("tip/2019-yemen.html")], &mut |parsed| {
        outcomes.push(parsed.map(|p| p.document.doc_id))
    });
    assert_eq!(outcomes.len(), 2, "{outcomes:?}");
    let refused = outcomes[0].as_ref().expect_err("refused").to_string();
    assert!(
        refused.contains("report.pdf") && refused.contains("PDF"),
        "{refused}"
    );
    assert_eq!(outcomes[1].as_deref().ok(), Some("TIP-2019-YEMEN"));
}

/// Counts what a run reports, as the CLI's progress bar hears it.
#[derive(Default)]
struct Heard {
    pages: std::sync::atomic::AtomicUsize,
}

impl tipsearch::Progress for Heard {
    fn pages(&self, pages: usize) {
        self.pages
            .fetch_add(pages, std::sync::atomic::Ordering::Relaxed);
    }
}

#[test]
fn indexing_a_pdf_reports_its_pages_to_the_progress_bar() {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = tipsearch::Index::open_or_create(&dir.path().join("idx")).expect("index");
    let heard = Heard::default();
    let files = [
        test_data("tip/2008-two-columns.pdf"),
        test_data("tip/2007-countries-a.txt"),
    ];
    let summary = index
        .index_paths(&files, &tipsearch::IngestOptions::default(), &heard)
        .expect("indexed");
    assert_eq!(heard.pages.into_inner(), 2, "two pages, counted once");
    assert!(summary.failures.is_empty(), "{:?}", summary.failures);
}
