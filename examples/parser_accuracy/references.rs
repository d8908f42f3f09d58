//! Scores the REF reader on the hand-labelled REF blocks of `tests/data/ref-lines.tsv`.

use std::collections::HashSet;
use std::path::Path;

/// Labelled blocks read exactly, and cited ids found, right and expected, over all blocks.
#[derive(Debug, Default)]
pub struct RefScore {
    pub lines: usize,
    pub exact: usize,
    pub found: usize,
    pub right: usize,
    pub expected: usize,
    pub misses: Vec<String>,
}

/// Reads every labelled block with `tipsearch::references_in` and compares.
pub fn score(tsv: &Path) -> anyhow::Result<RefScore> {
    let text = std::fs::read_to_string(tsv)?;
    let mut s = RefScore::default();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let [id, year, raw, want] = cols[..] else {
            anyhow::bail!("{}: not four columns: {line}", tsv.display());
        };
        let want: Vec<&str> = want.split_whitespace().collect();
        let got = tipsearch::references_in(&unescape(raw), Some(year.parse()?));
        let wanted: HashSet<&str> = want.iter().copied().collect();
        s.lines += 1;
        s.exact += (got == want) as usize;
        s.found += got.len();
        s.right += got.iter().filter(|g| wanted.contains(g.as_str())).count();
        s.expected += want.len();
        if got != want {
            s.misses
                .push(format!("references {id}: got {got:?}, want {want:?}"));
        }
    }
    Ok(s)
}

/// The TSV's escapes: `\n`, `\t` and `\\`.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}
