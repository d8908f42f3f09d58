//! Scores parsed cables against the WikiLeaks metadata; shared by the `parser_accuracy`
//! example (which prints the figures) and the dev-corpus test (which asserts them).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use std::io::Read;
use std::path::Path;

use rayon::prelude::*;

/// Counts of cables whose field matched the truth.
#[derive(Debug, Default, Clone, Copy)]
pub struct Score {
    pub n: usize,
    pub id: usize,
    /// Ids right only through an alias: WikiLeaks' id is garbled, ours is the header's.
    pub by_alias: usize,
    pub dated: usize,
    pub date: usize,
    pub class: usize,
    pub origin: usize,
    pub tags: usize,
    pub tagged: usize,
    pub tags_of_tagged: usize,
    pub subject: usize,
    pub subject_strict: usize,
    /// WikiLeaks' tags all found, and every other tag of ours from the TAGS line's
    /// continuation lines (which WikiLeaks drops), where it lists any.
    pub tags_found: usize,
    /// Cables whose WikiLeaks subject, cut where it runs into the next field, is not empty.
    pub subject_judged: usize,
    /// Our subject equals that cut subject, or starts with it and ends where a subject ends.
    pub subject_cut: usize,
    pub failed: usize,
}

impl Score {
    /// Each figure as a percentage, with the name the example's table heads it with: one
    /// list for the table and the CI test's report.
    pub fn figures(&self) -> [(&'static str, f64); 10] {
        [
            ("id", pct(self.id, self.n)),
            ("date", pct(self.date, self.dated)),
            ("class", pct(self.class, self.n)),
            ("origin", pct(self.origin, self.n)),
            ("tags", pct(self.tags, self.n)),
            ("tags*", pct(self.tags_of_tagged, self.tagged)),
            ("tags⊇", pct(self.tags_found, self.tagged)),
            ("subject", pct(self.subject, self.n)),
            ("subj-exact", pct(self.subject_strict, self.n)),
            ("subject*", pct(self.subject_cut, self.subject_judged)),
        ]
    }

    fn add(mut self, s: &Score) -> Score {
        self.n += s.n;
        self.id += s.id;
        self.dated += s.dated;
        self.date += s.date;
        self.class += s.class;
        self.origin += s.origin;
        self.tags += s.tags;
        self.tagged += s.tagged;
        self.tags_of_tagged += s.tags_of_tagged;
        self.subject += s.subject;
        self.subject_strict += s.subject_strict;
        self.tags_found += s.tags_found;
        self.by_alias += s.by_alias;
        self.subject_judged += s.subject_judged;
        self.subject_cut += s.subject_cut;
        self.failed += s.failed;
        self
    }
}

/// Percentage, safe for empty sets.
pub fn pct(a: usize, b: usize) -> f64 {
    100.0 * a as f64 / b.max(1) as f64
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

/// One cable's outcome: whether it had a preamble, its score, and what missed.
pub struct Outcome {
    pub preamble: bool,
    /// For a cable with no date in its header: its year's clues, and whether the id's
    /// year is right.
    pub undated: Option<(String, bool)>,
    pub score: Score,
    pub misses: Vec<String>,
}

/// Parses every cable of `data/cablegate-dev.tar.gz` and scores it against the TSV.
pub fn measure(data: &Path) -> anyhow::Result<Vec<Outcome>> {
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
    Ok(files
        .par_iter()
        .filter_map(|(name, text)| {
            // The file name only finds the truth row; the parser never sees it as evidence.
            let stem = name.rsplit('/').next()?.trim_end_matches(".txt");
            let t = truth.get(stem)?;
            Some(score_one(stem, name, text, t))
        })
        .collect())
}

/// Sums outcomes, optionally only those with (or without) a preamble.
pub fn total(outcomes: &[Outcome], preamble: Option<bool>) -> Score {
    outcomes
        .iter()
        .filter(|o| preamble.is_none_or(|p| p == o.preamble))
        .fold(Score::default(), |a, o| a.add(&o.score))
}

fn score_one(stem: &str, name: &str, text: &str, t: &[&str]) -> Outcome {
    let preamble = text.starts_with("Reference ID:");
    let mut s = Score {
        n: 1,
        ..Score::default()
    };
    let mut misses = Vec::new();
    let has_date = text.lines().take(80).any(|l| {
        let l = l.trim();
        l.starts_with("DE ") || l.starts_with("Created:") || l.starts_with("Cable dated:") || dtg(l)
    });
    match tipsearch::parse_text(text, name) {
        Ok(d) => {
            // A garbled id WikiLeaks published is kept as an alias of the one the header gives.
            let id_right = d.doc_id == t[0] || d.aliases.iter().any(|a| a == t[0]);
            s.id += id_right as usize;
            s.by_alias += (d.doc_id != t[0] && id_right) as usize;
            if !id_right {
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
            let mut b: Vec<String> = t[4]
                .split_whitespace()
                .flat_map(|x| unglued(&x.to_uppercase(), &a))
                .collect();
            a.sort();
            a.dedup();
            b.sort();
            b.dedup();
            s.tags += (a == b) as usize;
            if !b.is_empty() {
                s.tagged += 1;
                s.tags_of_tagged += (a == b) as usize;
                let first = first_tags_line(text);
                let extra_wrapped = a.iter().all(|t| b.contains(t) || !first.contains(t));
                s.tags_found += (extra_wrapped && b.iter().all(|t| a.contains(t))) as usize;
            }
            if a != b {
                misses.push(format!("tags {a:?} != {b:?}"));
            }
            let ours = norm(d.subject.as_deref().unwrap_or(""));
            let want = norm(t[5]);
            // WikiLeaks keeps only the first line of a wrapped subject.
            s.subject_strict += (ours == want) as usize;
            let ok = ours == want || (!want.is_empty() && ours.starts_with(&want));
            s.subject += ok as usize;
            let cut = cut_subject(&want);
            if !cut.is_empty() {
                s.subject_judged += 1;
                // Ours may be longer (WikiLeaks keeps a wrapped subject's first line), but
                // must not run on into the next field itself.
                let ends = !SUBJECT_RUNS_ON.is_match(&ours);
                s.subject_cut += (ends && (ours == cut || ours.starts_with(&cut))) as usize;
            }
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
    let undated = (!preamble && !has_date).then(|| {
        let id = tipsearch::parse_text(text, name).map(|d| d.doc_id);
        let right = id.is_ok_and(|id| id.get(..2) == t[0].get(..2));
        (clue_label(text), right)
    });
    Outcome {
        preamble,
        undated,
        score: s,
        misses: misses.into_iter().map(|m| format!("{stem}: {m}")).collect(),
    }
}

static TAGS_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?mi)^[ \t]*TAGS?[ \t]*:?(.*)$").unwrap());

/// The words of the first line of the text's TAGS line, upper case.
fn first_tags_line(text: &str) -> Vec<String> {
    let line = TAGS_LINE
        .captures(text)
        .map_or("", |c| c.get(1).map_or("", |m| m.as_str()));
    line.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_uppercase)
        .collect()
}

/// WikiLeaks keeps a glued run of tags whole (`KNNPMNUC`), which the parser splits: a run
/// that is exactly some of `ours` run together counts as those tags.
fn unglued(tag: &str, ours: &[String]) -> Vec<String> {
    if ours.iter().any(|o| o == tag) {
        return vec![tag.to_string()];
    }
    split_into(tag, ours).unwrap_or_else(|| vec![tag.to_string()])
}

fn split_into(rest: &str, ours: &[String]) -> Option<Vec<String>> {
    if rest.is_empty() {
        return Some(Vec::new());
    }
    ours.iter()
        .filter(|o| rest.starts_with(o.as_str()))
        .find_map(|o| {
            let mut tail = split_into(&rest[o.len()..], ours)?;
            tail.insert(0, o.clone());
            Some(tail)
        })
}

/// `DDHHMMZ MON YY` anywhere in a header line.
fn dtg(l: &str) -> bool {
    l.split_whitespace()
        .collect::<Vec<_>>()
        .windows(3)
        .any(|w| {
            w[0].len() == 7
                && w[0].ends_with(['Z', 'z'])
                && w[0].as_bytes()[..6].iter().all(u8::is_ascii_digit)
                && w[1].len() == 3
                && w[1].chars().all(|c| c.is_ascii_alphabetic())
                && (w[2].len() == 2 || w[2].len() == 4)
                && w[2].chars().all(|c| c.is_ascii_digit())
        })
}

/// Which dated clues an undated cable's text holds, to report the year's accuracy by clue.
static DECL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)DECL[^\n]{0,20}?\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}").unwrap());
static DATED_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*REFS?\b[^\n]*?(\(\d{2}\)|\b\d{2,4}\s+[A-Z]{3,}\s+\d+)").unwrap()
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(19[6-9]\d|20[01]\d)\b").unwrap());

/// The clues of `text` as a label: `decl`, `dated ref`, `years in text`, joined by `+`, or
/// `none`.
fn clue_label(text: &str) -> String {
    let mut clues = Vec::new();
    if DECL.is_match(text) {
        clues.push("decl");
    }
    if DATED_REF.is_match(text) {
        clues.push("dated ref");
    }
    let written = text
        .lines()
        .filter(|l| !l.contains("DECL") && !l.contains("E.O."))
        .any(|l| YEAR.is_match(l));
    if written {
        clues.push("years in text");
    }
    match clues.is_empty() {
        true => "none".to_string(),
        false => clues.join("+"),
    }
}

/// Where WikiLeaks' subject runs into the next field (REF, Classified By, the SBU line, a
/// page header, a backslash line end), the subject as it ends in the cable.
static SUBJECT_RUNS_ON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\s+(?:REFS?\b|REFTELS?\b|CLASSIFIED BY|SENSITIVE BUT UNCLASSIFIED|[A-Z ]+ \d{8} \d{3}(?:\.\d)? OF \d{3})|\s*\\+\s*$|\s*\\\s",
    )
    .unwrap()
});

fn cut_subject(want: &str) -> String {
    let cut = SUBJECT_RUNS_ON
        .find(want)
        .map_or(want, |m| &want[..m.start()]);
    cut.replace("\\\"", "\"").trim().to_string()
}
