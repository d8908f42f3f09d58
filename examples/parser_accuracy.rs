//! Measures the cable parser against the WikiLeaks metadata of the dev cables.
//!
//! `cargo run --release --example parser_accuracy [-- ../shared/data]`
//!
//! Every field is derived from the text alone; the file name is used only to find the
//! truth row to compare with.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;

use rayon::prelude::*;

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

fn main() -> anyhow::Result<()> {
    let data = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data"));
    let tsv = std::fs::read_to_string(data.join("cablegate-dev-index.tsv"))?;
    let truth: HashMap<&str, Vec<&str>> = tsv
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols.len() >= 6).then(|| (cols[0], cols))
        })
        .collect();
    let file = std::fs::File::open(data.join("cablegate-dev.tar.gz"))?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut files: Vec<(String, String)> = Vec::new();
    for entry in archive.entries()? {
        let mut entry = entry?;
        let name = entry.path()?.to_string_lossy().to_string();
        if !name.ends_with(".txt") {
            continue;
        }
        let mut text = String::new();
        entry.read_to_string(&mut text)?;
        files.push((name, text));
    }
    let verbose = std::env::var_os("VERBOSE").is_some();
    #[derive(Default, Clone, Copy)]
    struct Score {
        n: usize,
        id: usize,
        dated: usize,
        date: usize,
        class: usize,
        origin: usize,
        tags: usize,
        subject: usize,
        subject_strict: usize,
        failed: usize,
    }
    let results: Vec<(bool, Score, Vec<String>)> = files
        .par_iter()
        .filter_map(|(name, text)| {
            let stem = name.rsplit('/').next()?.trim_end_matches(".txt");
            let t = truth.get(stem)?;
            let preamble = text.starts_with("Reference ID:");
            let mut s = Score {
                n: 1,
                ..Score::default()
            };
            let mut misses = Vec::new();
            let has_date = text.lines().take(80).any(|l| {
                let l = l.trim();
                l.starts_with("DE ")
                    || l.starts_with("Created:")
                    || l.starts_with("Cable dated:")
                    || regex_lite_dtg(l)
            });
            match tipsearch::parse::parse_text(text, name) {
                Ok(d) => {
                    s.id += (d.doc_id == t[0]) as usize;
                    if d.doc_id != t[0] {
                        misses.push(format!("id {} != {}", d.doc_id, t[0]));
                    }
                    if has_date {
                        s.dated += 1;
                        let day = d.date.map(|d| d.date().to_string()).unwrap_or_default();
                        s.date += (day == t[1][..10]) as usize;
                        if day != t[1][..10] {
                            misses.push(format!("date {day} != {}", &t[1][..10]));
                        }
                    }
                    let c = d.classification.clone().unwrap_or_default();
                    s.class += (c == t[2]) as usize;
                    if c != t[2] {
                        misses.push(format!("class {c} != {}", t[2]));
                    }
                    let o = d.origin.clone().unwrap_or_default();
                    s.origin += (o.to_lowercase() == t[3].to_lowercase()) as usize;
                    if o.to_lowercase() != t[3].to_lowercase() {
                        misses.push(format!("origin {o} != {}", t[3]));
                    }
                    let mut a: Vec<String> = d.tags.iter().map(|x| x.to_uppercase()).collect();
                    let mut b: Vec<String> =
                        t[4].split_whitespace().map(|x| x.to_uppercase()).collect();
                    a.sort();
                    a.dedup();
                    b.sort();
                    b.dedup();
                    s.tags += (a == b) as usize;
                    if a != b {
                        misses.push(format!("tags {a:?} != {b:?}"));
                    }
                    let ours = norm(d.subject.as_deref().unwrap_or(""));
                    let want = norm(t[5]);
                    // WikiLeaks keeps only the first line of a wrapped subject.
                    s.subject_strict += (ours == want) as usize;
                    let ok = ours == want || (!want.is_empty() && ours.starts_with(&want));
                    s.subject += ok as usize;
                    if !ok {
                        misses.push(format!("subject {ours:?} != {want:?}"));
                    }
                }
                Err(e) => {
                    s.failed += 1;
                    if has_date {
                        s.dated += 1;
                    }
                    misses.push(format!("parse failed: {e}"));
                }
            }
            Some((
                preamble,
                s,
                misses.into_iter().map(|m| format!("{stem}: {m}")).collect(),
            ))
        })
        .collect();
    let sum = |filter: &dyn Fn(bool) -> bool| {
        results
            .iter()
            .filter(|(p, _, _)| filter(*p))
            .fold(Score::default(), |mut a, (_, s, _)| {
                a.n += s.n;
                a.id += s.id;
                a.dated += s.dated;
                a.date += s.date;
                a.class += s.class;
                a.origin += s.origin;
                a.tags += s.tags;
                a.subject += s.subject;
                a.subject_strict += s.subject_strict;
                a.failed += s.failed;
                a
            })
    };
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "{:<22} {:>6} {:>7} {:>7} {:>7} {:>7} {:>7} {:>8} {:>9} {:>6}",
        "cables", "n", "id", "date", "class", "origin", "tags", "subject", "subj-exact", "failed"
    );
    for (label, f) in [
        ("all", &(|_| true) as &dyn Fn(bool) -> bool),
        ("with preamble", &|p| p),
        ("without preamble", &|p: bool| !p),
    ] {
        let s = sum(f);
        println!(
            "{:<22} {:>6} {:>6.1}% {:>6.1}% {:>6.1}% {:>6.1}% {:>6.1}% {:>7.1}% {:>8.1}% {:>6}",
            label,
            s.n,
            pct(s.id, s.n),
            pct(s.date, s.dated),
            pct(s.class, s.n),
            pct(s.origin, s.n),
            pct(s.tags, s.n),
            pct(s.subject, s.n),
            pct(s.subject_strict, s.n),
            s.failed
        );
    }
    println!("(date: over the cables whose text carries a date-time group, a DE line or a preamble date;\n subject: equal, or WikiLeaks' first-line subject is a prefix of ours; subj-exact: equal)");
    if verbose {
        for (_, _, m) in &results {
            for line in m {
                println!("{line}");
            }
        }
    }
    Ok(())
}

fn regex_lite_dtg(l: &str) -> bool {
    // DDHHMMZ MON YY anywhere in a header line.
    l.split_whitespace()
        .collect::<Vec<_>>()
        .windows(3)
        .any(|w| {
            w[0].len() == 7
                && w[0].ends_with(['Z', 'z'])
                && w[0][..6].chars().all(|c| c.is_ascii_digit())
                && w[1].len() == 3
                && w[1].chars().all(|c| c.is_ascii_alphabetic())
                && (w[2].len() == 2 || w[2].len() == 4)
                && w[2].chars().all(|c| c.is_ascii_digit())
        })
}
