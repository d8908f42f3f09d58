//! Highlighting over the analyzer's own tokens: stems, whole phrases, and the best fragments.

use std::collections::HashSet;

use tantivy::tokenizer::TextAnalyzer;
use unicode_segmentation::UnicodeSegmentation;

use rustc_hash::FxHashSet;

use crate::search::concepts::Matcher;

/// A word of a text as a [`Matcher`] sees it: where it is, and which query term it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark<'m> {
    /// The query term this word is, or `None` for a word the query does not ask for.
    pub term: Option<&'m str>,
    /// Byte range in the text.
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
}

impl Matcher {
    /// Byte ranges `[start, end)` of every match in `text`, sorted and non-overlapping.
    pub fn spans(&self, analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, usize)> {
        self.spans_of(&self.mark(analyzer, text))
    }

    /// The words of `text`, each with the query term it is, if any. Only the query's few
    /// terms are kept, so marking a passage allocates nothing per word.
    fn mark(&self, analyzer: &mut TextAnalyzer, text: &str) -> Vec<Mark<'_>> {
        let vocabulary: FxHashSet<&str> = self
            .phrases
            .iter()
            .chain(
                self.concepts
                    .iter()
                    .flat_map(|c| c.forms.iter().map(|f| &f.terms)),
            )
            .flatten()
            .map(String::as_str)
            .collect();
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            out.push(Mark {
                term: vocabulary.get(t.text.as_str()).copied(),
                start: t.offset_from,
                end: t.offset_to,
            });
        }
        out
    }

    /// As [`Matcher::spans`], over words already marked: quoted phrases first, then forms
    /// of several words, then single words, each marked where nothing longer already is.
    fn spans_of(&self, words: &[Mark]) -> Vec<(usize, usize)> {
        let mut covered = vec![false; words.len()];
        let mut out = Vec::new();
        let multi = self
            .concepts
            .iter()
            .flat_map(|c| &c.forms)
            .map(|f| &f.terms)
            .filter(|t| t.len() > 1);
        for phrase in self.phrases.iter().chain(multi) {
            for i in occurrences(words, phrase) {
                let n = phrase.len();
                if covered[i..i + n].iter().all(|c| !c) {
                    covered[i..i + n].iter_mut().for_each(|c| *c = true);
                    out.push((words[i].start, words[i + n - 1].end));
                }
            }
        }
        let singles: HashSet<&str> = self
            .concepts
            .iter()
            .flat_map(|c| &c.forms)
            .filter(|f| f.terms.len() == 1)
            .map(|f| f.terms[0].as_str())
            .collect();
        for (i, w) in words.iter().enumerate() {
            if !covered[i] && w.term.is_some_and(|t| singles.contains(t)) {
                out.push((w.start, w.end));
            }
        }
        out.sort_unstable();
        out
    }
}

/// Where `terms` occur in a row among `words`.
fn occurrences<'a>(words: &'a [Mark], terms: &'a [String]) -> impl Iterator<Item = usize> + 'a {
    let n = terms.len();
    (0..(words.len() + 1).saturating_sub(n)).filter(move |&i| {
        n > 0
            && words[i..i + n]
                .iter()
                .zip(terms)
                .all(|(w, t)| w.term == Some(t.as_str()))
    })
}

/// The smallest number of consecutive words that holds one position of each list (lists
/// that are empty are ignored): how close together a passage has the query's words.
pub fn smallest_window(positions: &[&Vec<usize>]) -> Option<usize> {
    let lists: Vec<&Vec<usize>> = positions
        .iter()
        .copied()
        .filter(|p| !p.is_empty())
        .collect();
    if lists.is_empty() {
        return None;
    }
    let mut events: Vec<(usize, usize)> = lists
        .iter()
        .enumerate()
        .flat_map(|(k, ps)| ps.iter().map(move |&p| (p, k)))
        .collect();
    events.sort_unstable();
    let mut count = vec![0usize; lists.len()];
    let (mut have, mut lo, mut best) = (0, 0, usize::MAX);
    for hi in 0..events.len() {
        let k = events[hi].1;
        count[k] += 1;
        if count[k] == 1 {
            have += 1;
        }
        while have == lists.len() {
            best = best.min(events[hi].0 - events[lo].0 + 1);
            let j = events[lo].1;
            count[j] -= 1;
            if count[j] == 0 {
                have -= 1;
            }
            lo += 1;
        }
    }
    Some(best)
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
    // Greedily take the sentence that shows the most words not shown yet (then the most
    // matches), so that three query words in three sentences all appear.
    let marks: Vec<Vec<String>> = sentences
        .iter()
        .map(|&(s, e)| {
            spans
                .iter()
                .filter(|(a, b)| *a >= s && *b <= e)
                .map(|(a, b)| text[*a..*b].to_lowercase())
                .collect()
        })
        .collect();
    let mut shown: HashSet<&str> = HashSet::new();
    let mut chosen: Vec<usize> = Vec::new();
    let mut total = 0;
    while chosen.len() < 3 {
        let best = (0..sentences.len())
            .filter(|i| !chosen.contains(i) && !marks[*i].is_empty())
            .filter(|i| total + sentences[*i].1 - sentences[*i].0 <= max_len)
            .map(|i| {
                let new: HashSet<&str> = marks[i]
                    .iter()
                    .map(String::as_str)
                    .filter(|m| !shown.contains(m))
                    .collect();
                (new.len(), marks[i].len(), std::cmp::Reverse(i))
            })
            .max()
            .filter(|(new, _, _)| *new > 0 || chosen.is_empty());
        let Some((_, _, std::cmp::Reverse(i))) = best else {
            break;
        };
        shown.extend(marks[i].iter().map(String::as_str));
        total += sentences[i].1 - sentences[i].0;
        chosen.push(i);
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
