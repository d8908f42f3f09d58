//! Highlighting over the analyzer's own tokens: stems, whole phrases, and the best fragments.

use std::collections::HashSet;

use tantivy::tokenizer::TextAnalyzer;
use unicode_segmentation::UnicodeSegmentation;

use crate::analyzer::{self, Word};

/// What to mark: analysed single terms and analysed phrases.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    /// Stemmed terms, each marked wherever it occurs.
    pub terms: HashSet<String>,
    /// Stemmed phrases, marked as one span only where the whole phrase occurs.
    pub phrases: Vec<Vec<String>>,
}

impl Matcher {
    /// Analyses query words and phrases with the index's analyzer.
    pub fn new(analyzer: &mut TextAnalyzer, words: &[String], phrases: &[String]) -> Matcher {
        let mut m = Matcher::default();
        for w in words {
            let terms: Vec<String> = analyzer::words(analyzer, w)
                .into_iter()
                .map(|w| w.term)
                .collect();
            // "non-physical" typed as one word asks for each of its parts, not for the
            // hyphenated spelling: the text may write "nonphysical" or "non physical".
            m.terms.extend(terms);
        }
        for p in phrases {
            let terms: Vec<String> = analyzer::words(analyzer, p)
                .into_iter()
                .map(|w| w.term)
                .collect();
            if !terms.is_empty() {
                m.phrases.push(terms);
            }
        }
        m
    }

    /// Byte ranges `[start, end)` of every match in `text`, sorted and non-overlapping.
    pub fn spans(&self, analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, usize)> {
        let words = analyzer::words(analyzer, text);
        self.spans_of(&words)
    }

    /// As [`Matcher::spans`], over words already analysed.
    pub fn spans_of(&self, words: &[Word]) -> Vec<(usize, usize)> {
        let mut covered = vec![false; words.len()];
        let mut out = Vec::new();
        for phrase in &self.phrases {
            if phrase.is_empty() || phrase.len() > words.len() {
                continue;
            }
            for i in 0..=words.len() - phrase.len() {
                if covered[i..i + phrase.len()].iter().any(|c| *c) {
                    continue;
                }
                if words[i..i + phrase.len()]
                    .iter()
                    .zip(phrase)
                    .all(|(w, t)| &w.term == t)
                {
                    covered[i..i + phrase.len()]
                        .iter_mut()
                        .for_each(|c| *c = true);
                    out.push((words[i].start, words[i + phrase.len() - 1].end));
                }
            }
        }
        for (i, w) in words.iter().enumerate() {
            if !covered[i] && self.terms.contains(&w.term) {
                out.push((w.start, w.end));
            }
        }
        out.sort_unstable();
        out
    }

    /// How many distinct query terms and phrases occur among `words`.
    pub fn coverage(&self, words: &[Word]) -> usize {
        let present: HashSet<&str> = words.iter().map(|w| w.term.as_str()).collect();
        let terms = self
            .terms
            .iter()
            .filter(|t| present.contains(t.as_str()))
            .count();
        let phrases = self
            .phrases
            .iter()
            .filter(|p| {
                p.len() <= words.len()
                    && words
                        .windows(p.len())
                        .any(|win| win.iter().zip(p.iter()).all(|(w, t)| &w.term == t))
            })
            .count();
        terms + phrases
    }

    /// Number of distinct things a query asks for.
    pub fn size(&self) -> usize {
        self.terms.len() + self.phrases.len()
    }
}

/// A piece of a passage chosen for display, with whether text was cut before and after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fragment {
    /// Byte offset where the fragment starts.
    pub start: usize,
    /// Byte offset where it ends (exclusive).
    pub end: usize,
}

/// Chooses up to three fragments of `text`, about `max_len` bytes in all, that hold the most
/// matches; cut at sentence boundaries, or at word boundaries inside one long sentence.
pub fn fragments(text: &str, spans: &[(usize, usize)], max_len: usize) -> Vec<Fragment> {
    if text.len() <= max_len {
        return vec![Fragment {
            start: 0,
            end: text.len(),
        }];
    }
    let sentences: Vec<(usize, usize)> = text
        .split_sentence_bound_indices()
        .map(|(s, t)| (s, s + t.trim_end().len()))
        .filter(|(s, e)| e > s)
        .collect();
    let hits_in = |(s, e): (usize, usize)| spans.iter().filter(|(a, b)| *a >= s && *b <= e).count();
    let mut ranked: Vec<usize> = (0..sentences.len())
        .filter(|i| hits_in(sentences[*i]) > 0)
        .collect();
    ranked.sort_by_key(|i| std::cmp::Reverse(hits_in(sentences[*i])));
    let mut chosen: Vec<usize> = Vec::new();
    let mut total = 0;
    for i in ranked {
        let (s, e) = sentences[i];
        if total + (e - s) <= max_len && chosen.len() < 3 {
            chosen.push(i);
            total += e - s;
        }
    }
    if chosen.is_empty() {
        // One long sentence (or no match): a window of words around the first match.
        let anchor = spans.first().map_or(0, |s| s.0);
        let mut start = anchor.saturating_sub(max_len / 3);
        while start > 0 && !text.is_char_boundary(start) {
            start -= 1;
        }
        if start > 0 {
            start = text[start..].find(' ').map_or(start, |p| start + p + 1);
        }
        let mut end = (start + max_len).min(text.len());
        while end < text.len() && !text.is_char_boundary(end) {
            end += 1;
        }
        if end < text.len() {
            end = text[..end].rfind(' ').filter(|p| *p > start).unwrap_or(end);
        }
        return vec![Fragment { start, end }];
    }
    chosen.sort_unstable();
    let mut out: Vec<Fragment> = Vec::new();
    for i in chosen {
        let (s, e) = sentences[i];
        match out.last_mut() {
            Some(last) if text[last.end..s].trim().is_empty() => last.end = e,
            _ => out.push(Fragment { start: s, end: e }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::text_analyzer;

    #[test]
    fn marks_stems_and_whole_phrases() {
        let mut a = text_analyzer();
        let m = Matcher::new(&mut a, &["victims".into()], &["forced labor".into()]);
        let text = "Victim identification of forced labor and labor victims.";
        let spans = m.spans(&mut a, text);
        let marked: Vec<&str> = spans.iter().map(|(s, e)| &text[*s..*e]).collect();
        assert_eq!(marked, ["Victim", "forced labor", "victims"]);
    }

    #[test]
    fn long_passages_are_cut_at_sentences() {
        let text = "First sentence is long and dull. Second one mentions shelters here. Third is dull too and goes on.";
        let spans = vec![(
            text.find("shelters").unwrap(),
            text.find("shelters").unwrap() + 8,
        )];
        let f = fragments(text, &spans, 40);
        assert_eq!(
            &text[f[0].start..f[0].end],
            "Second one mentions shelters here."
        );
    }
}
