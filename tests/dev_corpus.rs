//! The parser against the WikiLeaks metadata of the 6,022 dev cables in ../shared/data.
//! CI has the data; elsewhere the test says plainly that it was skipped.

#[path = "../examples/parser_accuracy/measure.rs"]
mod measure;

use std::path::Path;

use measure::{pct, total};

#[test]
fn parser_reaches_the_accuracy_targets_on_the_dev_cables() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if !data.join("cablegate-dev.tar.gz").exists() {
        eprintln!(
            "SKIPPED: {} not found; this test runs where ../shared/data exists (CI)",
            data.display()
        );
        return;
    }
    let outcomes = measure::measure(&data).expect("dev data reads");
    let s = total(&outcomes, None);
    assert_eq!(s.n, 6022);
    let report = format!(
        "id {:.1}% date {:.1}% class {:.1}% origin {:.1}% tags {:.1}% (tagged {:.1}%) subject {:.1}%",
        pct(s.id, s.n),
        pct(s.date, s.dated),
        pct(s.class, s.n),
        pct(s.origin, s.n),
        pct(s.tags, s.n),
        pct(s.tags_of_tagged, s.tagged),
        pct(s.subject, s.n)
    );
    eprintln!("{report}");
    let sample: Vec<&String> = outcomes.iter().flat_map(|o| &o.misses).take(15).collect();
    let report = format!("{report}\nfirst misses: {sample:#?}");
    assert!(pct(s.id, s.n) >= 97.0, "{report}");
    assert!(pct(s.date, s.dated) >= 99.0, "{report}");
    assert!(pct(s.class, s.n) >= 97.0, "{report}");
    assert!(pct(s.origin, s.n) >= 95.0, "{report}");
    // WikiLeaks lists no tags for 765 cables that carry a TAGS line; judged where it lists any.
    assert!(pct(s.tags_of_tagged, s.tagged) >= 95.0, "{report}");
    assert!(pct(s.subject, s.n) >= 90.0, "{report}");
    // The cables without a preamble, on their own lines alone.
    let bare = total(&outcomes, Some(false));
    assert!(
        pct(bare.id, bare.n) >= 95.0 && pct(bare.origin, bare.n) >= 95.0,
        "{report}"
    );
}

/// Copies that hold a cut-off first rendering, a metadata block and a "header ends" line
/// before the whole cable, and repeated banners: none of it may become a passage or heading.
#[test]
fn repeated_headers_leave_no_passages_or_headings() {
    use std::io::Read;
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let Ok(file) = std::fs::File::open(data.join("cablegate-dev.tar.gz")) else {
        eprintln!(
            "SKIPPED: {} not found; this test runs where ../shared/data exists (CI)",
            data.display()
        );
        return;
    };
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let (mut with_marker, mut bad) = (0, Vec::new());
    for entry in archive.entries().expect("tar entries") {
        let mut entry = entry.expect("tar entry");
        let mut text = String::new();
        if entry.read_to_string(&mut text).is_err() || !text.contains("header ends") {
            continue;
        }
        with_marker += 1;
        let name = entry.path().expect("member name").display().to_string();
        let Ok(doc) = tipsearch::parse_text(&text, &name) else {
            continue;
        };
        for p in &doc.passages {
            let banner = p.section.as_deref().is_some_and(|s| {
                s.starts_with("C O N F I D")
                    || s.starts_with("S E C R E T")
                    || s.starts_with("UNCLAS")
            });
            if p.text.starts_with("id: ") || p.text.contains("header ends") || banner {
                bad.push(format!(
                    "{name}: {:?} / {}",
                    p.section,
                    &p.text[..p.text.len().min(60)]
                ));
            }
        }
    }
    assert!(
        with_marker > 100,
        "the dev set has such copies ({with_marker})"
    );
    assert!(
        bad.is_empty(),
        "{} bad passages, e.g. {:#?}",
        bad.len(),
        &bad[..bad.len().min(5)]
    );
}
