//! The truths of the bundled corpus, parsed from the real files.

use std::path::Path;

use tipsearch::parse_bytes;
use tipsearch::{Document, Kind};

fn parse(rel: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(rel);
    let bytes = std::fs::read(&path).expect("bundled corpus file exists");
    parse_bytes(&bytes, &path.display().to_string()).expect("bundled file parses")
}

fn date(d: &Document) -> String {
    d.date
        .map(|d| {
            d.format(&time::format_description::well_known::Rfc3339)
                .unwrap()
        })
        .unwrap_or_default()
}

/// A cable's header fields as one value: id, date, origin, classification, tags, subject
/// and references.
type Header<'d> = (
    &'d str,
    String,
    Option<&'d str>,
    Option<&'d str>,
    Vec<&'d str>,
    Option<&'d str>,
    Vec<&'d str>,
);

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn header(d: &Document) -> Header<'_> {
    (
        &d.doc_id,
        date(d),
        d.origin.as_deref(),
        d.classification.as_deref(),
        strs(&d.tags),
        d.subject.as_deref(),
        strs(&d.references),
    )
}

#[test]
fn cable_09baku911_without_preamble() {
    let d = parse("cables/09BAKU911.txt");
    assert_eq!(d.kind, Kind::Cable);
    let want = (
        "09BAKU911",
        "2009-11-23T14:03:00Z".to_string(),
        Some("Embassy Baku"),
        Some("UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        vec!["PGOV", "KDEM", "PHUM", "PREL", "PINR", "KTIP", "AJ"],
        Some("AZERBAIJAN: TIP INTERIM ASSESSMENT"),
        vec!["09STATE109948", "09BAKU856"],
    );
    assert_eq!(header(&d), want);
    assert_eq!(d.country.as_deref(), Some("Azerbaijan"));
    // Paragraphs 1-6 with their headings and markings; "[1](#)2." and "15." are ¶2 and ¶5.
    let numbers: Vec<&str> = d
        .passages
        .iter()
        .filter_map(|p| p.number.as_deref())
        .collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5", "6"]);
    assert_eq!(d.passages[1].marking.as_deref(), Some("SBU"));
    assert_eq!(
        d.passages[1].section.as_deref(),
        Some("Implementing the NRM and Identifying Victims for Assistance")
    );
    assert_eq!(
        d.passages[5].section.as_deref(),
        Some("Increasing efforts to investigate, prosecute, and convict government officials complicit in trafficking")
    );
    // The routing header, web artefacts and the signature are not passages.
    for p in &d.passages {
        assert!(
            !p.text.contains("[1](#)") && !p.text.contains("(#)"),
            "{}",
            p.text
        );
        assert!(!p.text.contains("RUEHKB") && p.text != "LU", "{}", p.text);
    }
    // "created," + blank line + "chaired by": one sentence, one passage.
    assert!(d.passages[3]
        .text
        .contains("working group created, chaired by the Ministry"));
}

#[test]
fn cable_09baku141_with_preamble_and_repeated_header() {
    let d = parse("cables/09BAKU141.txt");
    let want = (
        "09BAKU141",
        "2009-02-23T08:30:00Z".to_string(),
        Some("Embassy Baku"),
        Some("UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        vec![
            "KTIP", "PHUM", "PREF", "ELAB", "KCRM", "KWMN", "KFRD", "SMIG", "AJ",
        ],
        Some("AZERBAIJAN: NINTH ANNUAL TRAFFICKING IN PERSONS REPORT"),
        vec!["08STATE132759", "09STATE5577"],
    );
    assert_eq!(header(&d), want);
    // Sections 3 to 7, each with its lettered paragraphs.
    let sections = [
        ("3", "THE COUNTRY'S TIP SITUATION"),
        (
            "4",
            "SETTING THE SCENE FOR THE GOVERNMENT'S ANTI-TIP EFFORTS",
        ),
        ("5", "INVESTIGATION AND PROSECUTION OF TRAFFICKERS"),
        ("6", "PROTECTION AND ASSISTANCE TO VICTIMS"),
        ("7", "PREVENTION"),
    ];
    for (n, name) in sections {
        let in_section: Vec<_> = d
            .passages
            .iter()
            .filter(|p| p.section.as_deref() == Some(name))
            .collect();
        assert!(!in_section.is_empty(), "section {name} has passages");
        assert_eq!(
            in_section[0].number.as_deref(),
            Some(format!("{n}.A").as_str()),
            "{name}"
        );
    }
    let sec5: Vec<&str> = d
        .passages
        .iter()
        .filter(|p| p.section.as_deref() == Some("INVESTIGATION AND PROSECUTION OF TRAFFICKERS"))
        .filter_map(|p| p.number.as_deref())
        .collect();
    for letter in ["5.A", "5.B", "5.C", "5.M"] {
        assert!(sec5.contains(&letter), "{letter} in {sec5:?}");
    }
    // The sentence split by a blank line after "confiscate workers'" is one passage.
    let split = d
        .passages
        .iter()
        .filter(|p| p.text.contains("confiscate workers'"))
        .collect::<Vec<_>>();
    assert_eq!(split.len(), 1);
    assert!(split[0]
        .text
        .contains("confiscate workers' passports and keep workers in a state of service"));
    // The repeated header block and its boilerplate never become passages.
    assert!(d
        .passages
        .iter()
        .all(|p| !p.text.contains("NOT FOR INTERNET DISTRIBUTION")));
    assert!(d.passages.iter().all(|p| !p.text.starts_with("TAGS")));
    assert_eq!(d.passages[0].number.as_deref(), Some("1"));
    assert_eq!(d.passages[0].marking.as_deref(), Some("U"));
}

#[test]
fn report_2009_reflows_printed_lines() {
    let d = parse("reports/2009-azerbaijan.txt");
    assert_eq!(d.kind, Kind::TipReport);
    assert_eq!(d.country.as_deref(), Some("Azerbaijan"));
    assert_eq!(d.tier.as_deref(), Some("Tier 2 Watch List"));
    let sections: Vec<&str> = d
        .passages
        .iter()
        .filter_map(|p| p.section.as_deref())
        .collect();
    for s in ["Recommendations", "Prosecution", "Protection", "Prevention"] {
        assert!(sections.contains(&s), "{s} in {sections:?}");
    }
    let raw = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/reports/2009-azerbaijan.txt"),
    )
    .unwrap();
    for p in &d.passages {
        // No passage is a single printed line.
        assert!(
            !raw.lines().any(|l| l.trim() == p.text.trim()),
            "single line: {}",
            p.text
        );
    }
    // Hyphenation across lines and the page break inside "Some / convicted" are mended.
    let prosecution = d
        .passages
        .iter()
        .find(|p| p.section.as_deref() == Some("Prosecution"))
        .unwrap();
    assert!(prosecution
        .text
        .contains("down from 85 convictions in 2007. Some convicted traffickers received"));
    assert!(d.passages.iter().any(|p| p
        .text
        .contains("inter-agency coordination of anti-trafficking efforts")));
}

#[test]
fn report_2023_and_interim() {
    let d = parse("reports/2023-azerbaijan.txt");
    assert_eq!(d.kind, Kind::TipReport);
    assert_eq!(d.country.as_deref(), Some("Azerbaijan"));
    assert_eq!(d.tier.as_deref(), Some("Tier 2"));
    assert_eq!(d.date.map(|d| d.year()), Some(2023));
    assert!(d
        .passages
        .iter()
        .all(|p| !p.text.contains("Human Trafficking, Country-by-Country")));
    assert_eq!(
        d.passages
            .iter()
            .filter(|p| p.section.as_deref() == Some("Prioritized Recommendations"))
            .count(),
        11
    );

    let i = parse("reports/2009-azerbaijan-interim.txt");
    assert_eq!(i.kind, Kind::TipInterim);
    assert_eq!(i.country.as_deref(), Some("Azerbaijan"));
    // The publisher's disclaimer and the website's introduction are kept, but not ranked.
    assert!(i
        .passages
        .iter()
        .all(|p| !p.text.contains("UNHCR") && !p.text.contains("introductory text")));
    assert!(i
        .notes
        .iter()
        .any(|n| n.contains("not a UNHCR publication")));
    assert!(i
        .passages
        .iter()
        .any(|p| p.text.contains("approximately 496 victims")));
}

#[test]
fn page_breaks_and_paragraph_marks_in_a_synthetic_cable() {
    let text = "P 151138Z NOV 06\nFM AMEMBASSY BAKU\nUNCLAS BAKU 001661\n\nE.O. 12958: N/A\nTAGS: PHUM KTIP AJ\nSUBJECT: TEST OF\nA WRAPPED SUBJECT\n\n\
¶1. (SBU) The ministry said that the victims were\n\nBAKU 00001661 002 OF 003\n\nreturned to the shelter in May.\n\n\
¶2. (C) Second paragraph.\n";
    let d = tipsearch::parse_text(text, "test").unwrap();
    assert_eq!(d.doc_id, "06BAKU1661");
    assert_eq!(d.subject.as_deref(), Some("TEST OF A WRAPPED SUBJECT"));
    assert_eq!(d.passages.len(), 2);
    assert_eq!(
        d.passages[0].text,
        "The ministry said that the victims were returned to the shelter in May."
    );
    assert_eq!(d.passages[1].marking.as_deref(), Some("C"));
}
