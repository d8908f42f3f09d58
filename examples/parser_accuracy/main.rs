//! Measures the cable parser against the WikiLeaks metadata of the dev cables, and the REF
//! reader against the hand-labelled REF blocks of `tests/data/ref-lines.tsv`.
//!
//! `cargo run --release --example parser_accuracy [-- ../shared/data]`; `VERBOSE=1` lists
//! every miss. Every field is derived from the text alone; the file name is used only to
//! find the truth row to compare with.

mod measure;
mod references;

use std::path::PathBuf;

use measure::{pct, total, Score};

fn main() -> anyhow::Result<()> {
    let data = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data"));
    let outcomes = measure::measure(&data)?;
    let names = Score::default()
        .figures()
        .map(|(name, _)| format!("{name:>10}"));
    println!(
        "{:<18} {:>6} {} {:>6}",
        "cables",
        "n",
        names.join(" "),
        "failed"
    );
    for (label, filter) in [
        ("all", None),
        ("with preamble", Some(true)),
        ("without preamble", Some(false)),
    ] {
        let s = total(&outcomes, filter);
        let figures = s.figures().map(|(_, f)| format!("{f:>9.1}%"));
        println!(
            "{label:<18} {:>6} {} {:>6}",
            s.n,
            figures.join(" "),
            s.failed
        );
    }
    println!(
        "id: ours, or one of our aliases ({} cables: WikiLeaks published a garbled id, ours is the header's).",
        total(&outcomes, None).by_alias
    );
    println!(
        "date: over the cables whose text carries a date-time group, a DE line or a preamble date."
    );
    println!(
        "tags*: over the cables for which WikiLeaks lists any tags (it lists none for 765 of the"
    );
    println!("       6,022, although most of those carry a TAGS line). A glued run WikiLeaks keeps whole");
    println!("       (`KNNPMNUC`) counts as the tags we split it into.");
    println!("subject: equal, or WikiLeaks' subject (its first line only) is a prefix of ours; subj-exact: equal.");
    println!(
        "tags⊇: every tag WikiLeaks lists is ours, and our others are on the TAGS line's continuation lines, which it drops."
    );
    println!(
        "subject*: against WikiLeaks' subject cut where it runs into REF, Classified By, the SBU"
    );
    println!("       line, a page header or a backslash, over the cables where that leaves one.");
    years_by_clue(&outcomes);
    let labelled = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/ref-lines.tsv");
    let r = references::score(&labelled)?;
    println!(
        "{:<18} {:>6} lines: exact {:.1}%, items precision {:.1}% recall {:.1}% ({} ids expected)",
        "references",
        r.lines,
        pct(r.exact, r.lines),
        pct(r.right, r.found),
        pct(r.right, r.expected),
        r.expected
    );
    println!("references: the REF blocks of tests/data/ref-lines.tsv, labelled by hand.");
    if std::env::var_os("VERBOSE").is_some() {
        for o in &outcomes {
            for line in &o.misses {
                println!("{line}");
            }
        }
        for line in &r.misses {
            println!("{line}");
        }
    }
    Ok(())
}

/// The year of the cables with no date in their header (partial extracts), right by the
/// clues their text holds.
fn years_by_clue(outcomes: &[measure::Outcome]) {
    let mut by: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for (clue, right) in outcomes.iter().filter_map(|o| o.undated.as_ref()) {
        for key in [clue.as_str(), "all undated"] {
            let e = by.entry(key.to_string()).or_default();
            e.0 += *right as usize;
            e.1 += 1;
        }
    }
    println!("\nyear of the cables with no date in their header, by the clues their text holds:");
    for (clue, (right, n)) in by {
        println!("  {clue:<32} {right:>4} / {n:<4} {:>5.1}%", pct(right, n));
    }
}
