//! The parser against the WikiLeaks metadata of the 6,022 dev cables in ../shared/data.
//! A bare machine lacks the data, so every test here is ignored in `cargo test` (which
//! names each with its reason); `.ci/run` runs them with `--ignored`.

#[path = "../examples/parser_accuracy/measure.rs"]
mod measure;

use std::path::Path;

use measure::{pct, total};

#[test]
#[ignore = "needs ../shared/data (the dev cables); .ci/run runs it"]
fn parser_reaches_the_accuracy_targets_on_the_dev_cables() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let outcomes = measure::measure(&data).expect("dev data reads");
    let s = total(&outcomes, None);
    assert_eq!(s.n, 6022);
    let figures = s.figures().map(|(name, f)| format!("{name} {f:.1}%"));
    let report = figures.join(" ");
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
    // Against WikiLeaks' lists less what it drops (continuation lines), and its subjects cut
    // where they run into the next field, the parser's are all but always right.
    assert!(pct(s.tags_found, s.tagged) >= 99.0, "{report}");
    assert!(pct(s.subject_cut, s.subject_judged) >= 99.0, "{report}");
    // Nothing with text is refused: a cable whose year or body its text lacks is indexed
    // with gaps.
    assert_eq!(s.failed, 0, "{report}");
    // The undated cables' years are weighed from their clues; where none dates them the id
    // begins with ??, which is never counted right.
    let undated: Vec<bool> = outcomes
        .iter()
        .filter_map(|o| o.undated.as_ref().map(|u| u.1))
        .collect();
    let dated_right = undated.iter().filter(|r| **r).count();
    assert!(pct(dated_right, undated.len()) >= 70.0, "{report}");
    // The cables without a preamble, on their own lines alone.
    let bare = total(&outcomes, Some(false));
    assert!(
        pct(bare.id, bare.n) >= 95.0 && pct(bare.origin, bare.n) >= 95.0,
        "{report}"
    );
}

/// Each dev cable whose text holds `needle`, parsed: (member name, text, document).
fn dev_cables_with(needle: &str) -> Vec<(String, String, tipsearch::Document)> {
    use std::io::Read;
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let path = data.join("cablegate-dev.tar.gz");
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut out = Vec::new();
    for entry in archive.entries().expect("tar entries") {
        let mut entry = entry.expect("tar entry");
        let mut text = String::new();
        if entry.read_to_string(&mut text).is_err() || !text.contains(needle) {
            continue;
        }
        let name = entry.path().expect("member name").display().to_string();
        if let Ok(doc) = tipsearch::parse_text(&text, &name) {
            out.push((name, text, doc));
        }
    }
    out
}

/// Copies that hold a cut-off first rendering, a metadata block and a "header ends" line
/// before the whole cable, and repeated banners: none of it may become a passage or heading.
#[test]
#[ignore = "needs ../shared/data (the dev cables); .ci/run runs it"]
fn repeated_headers_leave_no_passages_or_headings() {
    let cables = dev_cables_with("header ends");
    let mut bad = Vec::new();
    for (name, _, doc) in &cables {
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
        cables.len() > 100,
        "the dev set has such copies ({})",
        cables.len()
    );
    assert!(
        bad.is_empty(),
        "{} bad passages, e.g. {:#?}",
        bad.len(),
        &bad[..bad.len().min(5)]
    );
}

/// Copies whose lines were run together keep page-break markers inside lines
/// (`INCREASE  TRIPOLI 00000071  002.2 OF 003   ITS SHARE`): none may reach a passage, a
/// heading or the subject.
#[test]
#[ignore = "needs ../shared/data (the dev cables); .ci/run runs it"]
fn page_break_markers_inside_lines_are_removed() {
    let cables = dev_cables_with(" OF 00");
    let marker = regex::Regex::new(r"\b\d{8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\b").unwrap();
    let inline =
        regex::Regex::new(r"\S[ \t]{2,}[A-Z][A-Z .'-]*\s\d{8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}")
            .unwrap();
    let (mut with_inline, mut bad) = (0, Vec::new());
    for (name, text, doc) in &cables {
        with_inline += usize::from(inline.is_match(text));
        let fields = doc
            .passages
            .iter()
            .flat_map(|p| [Some(p.text.as_str()), p.section.as_deref()])
            .chain([doc.subject.as_deref()])
            .flatten();
        for field in fields.filter(|f| marker.is_match(f)) {
            bad.push(format!("{name}: {}", &field[..field.len().min(90)]));
        }
    }
    assert!(
        with_inline > 100,
        "the dev set has such copies ({with_inline})"
    );
    assert!(
        bad.is_empty(),
        "{} fields keep a marker, e.g. {:#?}",
        bad.len(),
        &bad[..bad.len().min(5)]
    );
}

/// `src/parse/posts.txt`, the posts the REF reader spells ids with, is every post of the dev
/// ids (`09SANJOSE127` → `SANJOSE`), less the ids that glued an `EFTO` caveat to their post.
/// Where the dev data grows, `UPDATE_POSTS=1` rewrites the list from it.
#[test]
#[ignore = "needs ../shared/data (the dev cables); .ci/run runs it"]
fn known_posts_are_the_posts_of_the_dev_ids() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tsv = std::fs::read_to_string(root.join("../shared/data/cablegate-dev-index.tsv"))
        .expect("../shared/data/cablegate-dev-index.tsv");
    let mut posts: Vec<&str> = tsv
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .filter_map(|id| {
            let post = id.get(2..)?.trim_end_matches(|c: char| c.is_ascii_digit());
            let shaped = id.as_bytes().iter().take(2).all(u8::is_ascii_digit)
                && !post.is_empty()
                && post.bytes().all(|b| b.is_ascii_uppercase());
            (shaped && !post.starts_with("EFTO")).then_some(post)
        })
        .collect();
    posts.sort_unstable();
    posts.dedup();
    let derived = posts.join("\n") + "\n";
    let path = root.join("src/parse/posts.txt");
    if std::env::var_os("UPDATE_POSTS").is_some() {
        std::fs::write(&path, &derived).expect("posts.txt written");
    }
    let listed = std::fs::read_to_string(&path).expect("posts.txt");
    assert_eq!(
        listed,
        derived,
        "run with UPDATE_POSTS=1 to rewrite {}",
        path.display()
    );
}
