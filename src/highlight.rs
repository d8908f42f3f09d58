//! Highlighting over the analyzer's own tokens: stems, whole phrases, and the best fragments.

use std::collections::HashSet;

use tantivy::tokenizer::TextAnalyzer;
use unicode_segmentation::UnicodeSegmentation;

use rustc_hash::FxHashSet;

use crate::analyzer;
use crate::lexicon;
use crate::variants;

/// Where a form of a concept comes from: what `--explain` names, and what the ranking
/// weighs (a word as typed counts fully, an expansion less).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expansion {
    /// The word as the user typed it (stemmed).
    Typed,
    /// Another phrasing from the spelling and acronym table (`NRM`, `national referral
    /// mechanism`).
    Phrasing,
    /// A country's name for its demonym, or the reverse (`Egyptian`, `Egypt`).
    Demonym,
    /// A word of the same family by derivation (`detained`, `detention`).
    Family,
    /// A synonym in the word's most frequent sense (`kids`, `children`).
    Synonym,
    /// A word one or two edits away that the index holds (`Marietta`, `Marrieta`).
    NearSpelling,
    /// An acronym's expansion defined in the passage's own document, or the reverse.
    Acronym,
    /// The word written apart or together (`turnout`, `turn-out`; `file sharing`,
    /// `filesharing`), where the index holds the other writing.
    Compound,
}

/// One form of a concept: analysed terms that must occur in a row (one term, or a phrase),
/// and how much a match of this form counts (expansions count less).
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// Stemmed terms, in order.
    pub terms: Vec<String>,
    /// Weight of a match of this form, 1 for the words as typed.
    pub weight: f32,
    /// Where the form comes from.
    pub kind: Expansion,
}

impl Form {
    /// A form of `kind`, weighed fully until the ranking says otherwise.
    pub fn new(terms: Vec<String>, kind: Expansion) -> Form {
        Form {
            terms,
            weight: 1.0,
            kind,
        }
    }
}

/// One thing a query asks for: a word as typed, with every form that counts as it.
#[derive(Debug, Clone, PartialEq)]
pub struct Concept {
    /// The word or words as typed.
    pub label: String,
    /// The forms that count as this concept: the word itself first, then expansions.
    pub forms: Vec<Form>,
    /// A stop word ("how", "the"): it may help rank, but a passage need not hold it.
    pub stop: bool,
}

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

/// What a query looks for in text, analysed with the index's analyzer: its concepts and its
/// quoted phrases. Ranking and highlighting both read it, so they agree on what matched.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    /// The query's words, grouped with their variants and expansions.
    pub concepts: Vec<Concept>,
    /// Quoted phrases, as stemmed terms; each must occur, and is marked as one span.
    pub phrases: Vec<Vec<String>>,
}

/// Phrasings of the words a query starts with that only the index knows: how many words
/// they take, and the other phrasings (the acronyms its documents define).
pub type Phrasings<'a> = &'a dyn Fn(&[String]) -> Option<(usize, Vec<Vec<String>>)>;

impl Matcher {
    /// Analyses query words and phrases; words that spell an acronym or its expansion
    /// (`NRM`, `national referral mechanism`) become one concept with every phrasing.
    pub fn new(analyzer: &mut TextAnalyzer, words: &[String], phrases: &[String]) -> Matcher {
        Matcher::with_phrasings(analyzer, words, phrases, &|_| None)
    }

    /// As [`Matcher::new`], with the phrasings `defined` finds (see [`Phrasings`]).
    pub fn with_phrasings(
        analyzer: &mut TextAnalyzer,
        words: &[String],
        phrases: &[String],
        defined: Phrasings,
    ) -> Matcher {
        let mut m = Matcher::default();
        let mut i = 0;
        while i < words.len() {
            let n = m.push_phrasing(analyzer, &words[i..], defined);
            if n > 0 {
                i += n;
                continue;
            }
            let word = &words[i];
            let stop = variants::is_stop_word(&word.to_lowercase());
            // "non-physical" asks for each of its parts: the text may write "nonphysical".
            for term in analyzer::terms(analyzer, word) {
                let mut forms = vec![Form::new(vec![term.clone()], Expansion::Typed)];
                if let Some(twin) = lexicon::number_twin(&term) {
                    forms.push(Form::new(vec![twin], Expansion::Phrasing));
                }
                if !stop {
                    let family = lexicon::relatives(&term).into_iter();
                    forms.extend(family.map(|t| Form::new(vec![t], Expansion::Family)));
                    for t in lexicon::synonyms(&term) {
                        if forms.iter().all(|f| f.terms != [t.as_str()]) {
                            forms.push(Form::new(vec![t], Expansion::Synonym));
                        }
                    }
                }
                m.push(Concept {
                    label: word.clone(),
                    forms,
                    stop,
                });
            }
            i += 1;
        }
        for p in phrases {
            let terms = analyzer::terms(analyzer, p);
            if !terms.is_empty() {
                m.phrases.push(terms);
            }
        }
        m
    }

    /// Adds a concept for each phrase that ranks without having to occur (one side of an
    /// `OR`): its words in a row, marked as one span.
    pub fn add_ranked_phrases(&mut self, analyzer: &mut TextAnalyzer, phrases: &[String]) {
        for p in phrases {
            let terms = analyzer::terms(analyzer, p);
            if terms.is_empty() {
                continue;
            }
            self.push(Concept {
                label: p.clone(),
                forms: vec![Form::new(terms, Expansion::Typed)],
                stop: false,
            });
        }
    }

    /// Adds the concept of a phrasing group or country that `words` start with, if any, and
    /// says how many words it took (0: none).
    fn push_phrasing(
        &mut self,
        analyzer: &mut TextAnalyzer,
        words: &[String],
        defined: Phrasings,
    ) -> usize {
        let found = variants::phrasing_at(words)
            .map(|(n, group)| (n, group.to_vec(), Expansion::Phrasing))
            .or_else(|| defined(words).map(|(n, o)| (n, o, Expansion::Acronym)))
            .or_else(|| lexicon::country_at(words).map(|(n, o)| (n, o, Expansion::Demonym)));
        let Some((n, others, kind)) = found else {
            return 0;
        };
        let typed = words[..n].join(" ");
        let mut forms = vec![Form::new(
            analyzer::terms(analyzer, &typed),
            Expansion::Typed,
        )];
        for other in others {
            let terms = analyzer::terms(analyzer, &other.join(" "));
            if !terms.is_empty() && forms.iter().all(|f| f.terms != terms) {
                forms.push(Form::new(terms, kind));
            }
        }
        forms.retain(|f| !f.terms.is_empty());
        self.push(Concept {
            label: typed,
            forms,
            stop: false,
        });
        n
    }

    fn push(&mut self, c: Concept) {
        if !c.forms.is_empty() && !self.concepts.iter().any(|k| k.forms == c.forms) {
            self.concepts.push(c);
        }
    }

    /// The concepts a passage must hold: all but stop words, unless the query is nothing else.
    pub fn content(&self) -> impl Iterator<Item = (usize, &Concept)> {
        let all_stop = self.concepts.iter().all(|c| c.stop);
        self.concepts
            .iter()
            .enumerate()
            .filter(move |(_, c)| all_stop || !c.stop)
    }

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
