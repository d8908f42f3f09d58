//! How ranking quality is measured, shared by the relevance example (fits, cross-validation)
//! and the CI test that fails on a ranking regression (tests/relevance.rs).

use std::path::Path;

use anyhow::{bail, Context, Result};
use tipsearch::{parse_query, Index, Ranking, SearchOptions};

/// One judged question.
pub struct Judged {
    /// The file it came from (`dev`, `dev2`).
    pub set: String,
    /// Its id in the file.
    pub id: String,
    /// The question as a user types it.
    pub text: String,
    /// Phrases, normalised, of which a right passage holds one.
    pub phrases: Vec<String>,
}

/// Lower case, straight quotes, whitespace runs as one space: how passages and phrases
/// are compared (as `scripts/relevance.py` does).
pub fn normalise(text: &str) -> String {
    let lowered = text.to_lowercase().replace(['\u{2018}', '\u{2019}'], "'");
    let lowered = lowered.replace(['\u{201c}', '\u{201d}'], "\"");
    lowered.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The judged questions of one file.
pub fn load(path: &Path) -> Result<Vec<Judged>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let set = path
        .file_stem()
        .map_or("queries".into(), |s| s.to_string_lossy().into_owned());
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [id, query, accepted] = fields[..] else {
            bail!(
                "{}:{}: expected 3 tab-separated fields",
                path.display(),
                n + 1
            );
        };
        out.push(Judged {
            set: set.clone(),
            id: id.trim().into(),
            text: query.trim().into(),
            phrases: accepted.split('|').map(normalise).collect(),
        });
    }
    Ok(out)
}

/// Rank (1-based) of the first right hit in the top 10, if any.
pub fn rank_of(index: &Index, q: &Judged, ranking: &Ranking) -> Result<Option<usize>> {
    let query = parse_query(&q.text).with_context(|| format!("{}: {:?}", q.id, q.text))?;
    let opts = SearchOptions {
        ranking: *ranking,
        ..SearchOptions::default()
    };
    let hits = index.search(&query, &opts)?;
    Ok(hits.iter().position(|h| {
        let text = normalise(&h.text);
        q.phrases.iter().any(|p| text.contains(p.as_str()))
    }))
    .map(|p| p.map(|p| p + 1))
}

/// MRR@10, S@1, S@5, S@10 of some ranks.
pub fn figures(ranks: &[Option<usize>]) -> [f64; 4] {
    let n = ranks.len().max(1) as f64;
    let within = |k: usize| ranks.iter().filter(|r| r.is_some_and(|r| r <= k)).count() as f64 / n;
    let mrr = ranks
        .iter()
        .map(|r| r.map_or(0.0, |r| 1.0 / r as f64))
        .sum::<f64>()
        / n;
    [mrr, within(1), within(5), within(10)]
}
