//! Query expansion that needs the index: near spellings of rare words, compounds, the
//! acronyms the documents define, the words a prefix stands for, and each form's weight
//! from the ranking (a form whose kind weighs nothing is dropped, so that an ablation
//! really switches a signal off).

use std::collections::HashMap;

use tantivy::schema::Field;
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer};
use tantivy::{Searcher, Term};

use super::concepts::{add_new, Concept, Expansion, Form, Matcher};
use super::rank::Ranking;
use crate::acronyms;
use crate::analyzer;
use crate::error::Error;
use crate::index::Fields;

/// The index words each prefix of a query stands for (see [`prefixes`]).
pub(super) type Prefixes = HashMap<String, Vec<String>>;

/// A word in fewer passages than this may be a misspelling, or one spelling of a name.
const RARE: u64 = 20;

/// Near spellings added per word, most frequent first.
const MAX_NEAR: usize = 3;

/// Shortest word given near spellings: a two-letter word is one edit from every word of up
/// to three letters that starts with its letter.
const SHORTEST: usize = 3;

/// Edits allowed for a word of `len` letters.
fn max_edits(len: usize) -> usize {
    if len >= 9 {
        2
    } else {
        1
    }
}

/// Adds near spellings of rare words as weaker forms: names are spelled many ways
/// (`Marietta`, `Marrieta`), and a word the index hardly knows may be a typo. A word the
/// index does not hold at all gets them whatever its length; a rare one from six letters.
pub(super) fn near_spellings(
    searcher: &Searcher,
    f: &Fields,
    m: &mut Matcher,
) -> Result<(), Error> {
    for c in m.concepts.iter_mut().filter(|c| !c.stop) {
        let Some(form) = c.forms.first() else {
            continue;
        };
        let [term] = form.terms.as_slice() else {
            continue;
        };
        let len = term.len();
        if len < SHORTEST || !term.bytes().all(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        let df = searcher.doc_freq(&Term::from_field_text(f.text, term))?;
        if df >= RARE || (df > 0 && len < 6) {
            continue;
        }
        let typed = c.label.to_lowercase();
        let near = neighbours(searcher, f, term, &typed)?;
        let mut added = 0;
        for t in near {
            if added == MAX_NEAR {
                break;
            }
            added += add_new(&mut c.forms, vec![t], Expansion::NearSpelling) as usize;
        }
    }
    Ok(())
}

/// The index's terms within [`max_edits`] of `term`, or of the word as `typed`, that start
/// with its letter, most frequent first. The stemmer bends a word's ending (`whisky` is
/// `whiski`), which can put its other spelling (`whiskey`) two edits from the stem but
/// one from the word.
fn neighbours(
    searcher: &Searcher,
    f: &Fields,
    term: &str,
    typed: &str,
) -> Result<Vec<String>, Error> {
    let edits = max_edits(term.len());
    let within = |key: &str, word: &str| {
        key.len().abs_diff(word.len()) <= edits && strsim::osa_distance(key, word) <= edits
    };
    let near = |key: &str| key != term && (within(key, term) || within(key, typed));
    let lower = &term.as_bytes()[..1];
    Ok(most_first(terms_in(
        searcher,
        f.text,
        lower,
        &[lower[0] + 1],
        near,
    )?))
}

/// Every term of `field` from `lower` (inclusive) to `upper` (exclusive) that `keep`
/// keeps, with how many passages hold it, summed over the segments. `keep` is asked
/// before a term is copied: a range may hold thousands of terms and keep a few.
fn terms_in(
    searcher: &Searcher,
    field: Field,
    lower: &[u8],
    upper: &[u8],
    keep: impl Fn(&str) -> bool,
) -> Result<HashMap<String, u64>, Error> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let range = inverted.terms().range().ge(lower).lt(upper);
        let mut stream = range.into_stream().map_err(|source| Error::IndexIo {
            what: "the term dictionary",
            source,
        })?;
        while stream.advance() {
            if let Some(key) = std::str::from_utf8(stream.key()).ok().filter(|k| keep(k)) {
                *counts.entry(key.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    Ok(counts)
}

/// The terms, those in the most passages first (ties in alphabetical order, so that the
/// same index always gives the same order).
fn most_first(counts: impl IntoIterator<Item = (String, u64)>) -> Vec<String> {
    let mut all: Vec<(String, u64)> = counts.into_iter().collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    all.into_iter().map(|(k, _)| k).collect()
}

/// Shortest part of a word written apart: shorter ones are suffixes and particles.
const SHORTEST_PART: usize = 3;

/// Splits tried per word, the parts the index holds most often first.
const MAX_SPLITS: usize = 2;

/// Adds each word's other writings that the index holds: a word written together that the
/// text may write apart or hyphenated (`turnout`: `turn-out`, whose parts the index holds in
/// a row), and two words, or a hyphenated one, that the text may write together (`file
/// sharing`: `filesharing`). English compounds drift between the three writings, and the
/// user cannot know which one a cable used.
pub(super) fn compounds(
    searcher: &Searcher,
    f: &Fields,
    analyzer: &mut TextAnalyzer,
    m: &mut Matcher,
) -> Result<(), Error> {
    let df = |t: &str| searcher.doc_freq(&Term::from_field_text(f.text, t));
    let mut one_term = |text: &str| match analyzer::terms(analyzer, text).as_slice() {
        [t] => Some(t.clone()),
        _ => None,
    };
    for c in m.concepts.iter_mut().filter(|c| !c.stop) {
        let splits = split_forms(&c.label, &mut one_term, &df)?;
        add_forms(c, splits);
    }
    for k in 1..m.concepts.len() {
        let (a, b) = (&m.concepts[k - 1], &m.concepts[k]);
        let joined = match a.label == b.label {
            true => a.label.replace('-', ""),
            false => format!("{}{}", a.label, b.label),
        };
        if !joined.bytes().all(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        let Some(term) = one_term(&joined) else {
            continue;
        };
        if df(&term)? > 0 {
            for c in [k - 1, k] {
                add_forms(&mut m.concepts[c], vec![vec![term.clone()]]);
            }
        }
    }
    Ok(())
}

/// The two-word writings of `word` whose parts the index holds, most frequent first.
fn split_forms(
    word: &str,
    one_term: &mut impl FnMut(&str) -> Option<String>,
    df: &impl Fn(&str) -> tantivy::Result<u64>,
) -> Result<Vec<Vec<String>>, Error> {
    let mut out: Vec<(u64, Vec<String>)> = Vec::new();
    if !word.bytes().all(|b| b.is_ascii_alphabetic()) || word.len() < 2 * SHORTEST_PART {
        return Ok(Vec::new());
    }
    for i in SHORTEST_PART..=word.len() - SHORTEST_PART {
        // Most splits fail on their first part: the second is analysed only after it.
        let Some(a) = one_term(&word[..i]) else {
            continue;
        };
        let first = df(&a)?;
        if first == 0 {
            continue;
        }
        let Some(b) = one_term(&word[i..]) else {
            continue;
        };
        let least = first.min(df(&b)?);
        if least > 0 {
            out.push((least, vec![a, b]));
        }
    }
    out.sort_by_key(|x| std::cmp::Reverse(x.0));
    Ok(out.into_iter().take(MAX_SPLITS).map(|(_, t)| t).collect())
}

/// Adds the forms a concept lacks, as compounds.
fn add_forms(c: &mut Concept, forms: Vec<Vec<String>>) {
    for terms in forms {
        add_new(&mut c.forms, terms, Expansion::Compound);
    }
}

/// Gives each form its kind's weight, and drops the forms whose kind weighs nothing.
pub(super) fn weigh(m: &mut Matcher, ranking: &Ranking) {
    for c in &mut m.concepts {
        for form in &mut c.forms {
            form.weight = ranking.weight(form.kind);
        }
        let typed = c.forms.first().cloned();
        c.forms.retain(|f| f.weight > 0.0);
        if c.forms.is_empty() {
            c.forms.extend(typed);
        }
    }
}

/// Documents that must define an acronym the same way before a query is expanded by it:
/// one document's definition may be a slip, two make a convention.
const DEFINERS: u64 = 2;

/// Longest long form looked up, in words.
const LONGEST_FORM: usize = 6;

/// The acronyms the indexed documents define, as [`Matcher::with_phrasings`] takes them: a
/// query's `European Union` also searches `EU`, and `UNHCR` its long form, when at least
/// [`DEFINERS`] documents define them so. A single word counts as an acronym only when
/// typed with two capitals or more.
pub(super) fn defined_acronyms<'s>(
    searcher: &'s Searcher,
    f: &'s Fields,
) -> impl Fn(&[String]) -> Option<(usize, Vec<Vec<String>>)> + 's {
    move |words: &[String]| {
        for n in (1..=words.len().min(LONGEST_FORM)).rev() {
            let capitals = words[0].chars().filter(char::is_ascii_uppercase).count();
            if n == 1 && capitals < 2 {
                continue;
            }
            let side = if n == 1 { "s" } else { "l" };
            let prefix = format!("{side}:{}=", acronyms::key(&words[..n].join(" ")));
            let found = defined_as(searcher, f, &prefix).unwrap_or_default();
            if !found.is_empty() {
                let forms = found
                    .into_iter()
                    .map(|w| w.split(' ').map(str::to_string).collect());
                return Some((n, forms.collect()));
            }
        }
        None
    }
}

/// The other forms of the definitions keyed `prefix`, those at least [`DEFINERS`]
/// documents give, most given first (at most two).
fn defined_as(searcher: &Searcher, f: &Fields, prefix: &str) -> Result<Vec<String>, Error> {
    let upper = format!("{}>", &prefix[..prefix.len() - 1]);
    let all = terms_in(
        searcher,
        f.defines,
        prefix.as_bytes(),
        upper.as_bytes(),
        |_| true,
    )?;
    let given = all.into_iter().filter(|(_, n)| *n >= DEFINERS);
    let others = given.filter_map(|(k, n)| Some((k.strip_prefix(prefix)?.to_string(), n)));
    Ok(most_first(others).into_iter().take(2).collect())
}

/// Most index words one prefix may stand for: each costs a scorer in every search, and a
/// prefix that stands for more is too short to say what it asks.
pub const MAX_PREFIX_WORDS: usize = 64;

/// What each prefix (`recruit*`) stands for: the index's words that start with it, those in
/// the most passages first. The index holds stems, so a prefix that runs past a stem
/// (`recruitm*`) is also tried as a stem. Prefixes that stand for more than
/// [`MAX_PREFIX_WORDS`] keep the most frequent, and a note says so.
pub(super) fn prefixes(
    searcher: &Searcher,
    f: &Fields,
    analyzer: &mut TextAnalyzer,
    list: &[&str],
) -> Result<(Prefixes, Vec<String>), Error> {
    let mut found = Prefixes::new();
    let mut notes = Vec::new();
    for prefix in list {
        let folded = fold(prefix);
        let mut words = starting_with(searcher, f, &folded)?;
        if words.is_empty() {
            if let Some(stem) = analyzer::terms(analyzer, prefix).pop() {
                words = starting_with(searcher, f, &stem)?;
            }
        }
        if words.len() > MAX_PREFIX_WORDS {
            notes.push(format!(
                "{prefix}* stands for {} words of the index; the {MAX_PREFIX_WORDS} in the most \
                 passages were used",
                words.len()
            ));
            words.truncate(MAX_PREFIX_WORDS);
        }
        if words.is_empty() {
            notes.push(format!("no word of the index starts with '{prefix}'"));
        }
        found.insert(prefix.to_string(), words);
    }
    Ok((found, notes))
}

/// The index's words that start with `prefix`, those in the most passages first.
fn starting_with(searcher: &Searcher, f: &Fields, prefix: &str) -> Result<Vec<String>, Error> {
    let Some((&last, head)) = prefix.as_bytes().split_last() else {
        return Ok(Vec::new());
    };
    let upper = [head, &[last.saturating_add(1)]].concat();
    let all = terms_in(searcher, f.text, prefix.as_bytes(), &upper, |_| true)?;
    Ok(most_first(all))
}

/// A prefix as the index writes the start of a word: lower case, accents folded.
fn fold(prefix: &str) -> String {
    let mut folder = TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let mut stream = folder.token_stream(prefix);
    let mut out = String::new();
    while stream.advance() {
        out.push_str(&stream.token().text);
    }
    out
}

/// Adds a concept for each prefix, its words as typed: a passage holding any of them
/// holds the prefix, and each is highlighted.
pub(super) fn prefix_concepts(m: &mut Matcher, list: &[String], found: &Prefixes) {
    for prefix in list {
        let Some(words) = found.get(prefix).filter(|w| !w.is_empty()) else {
            continue;
        };
        let forms = words
            .iter()
            .map(|w| Form::new(vec![w.clone()], Expansion::Typed))
            .collect();
        m.concepts.push(Concept {
            label: format!("{prefix}*"),
            forms,
            stop: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    /// The compound forms `compounds` adds to the concepts of `query`, by label.
    fn compound_forms(query: &str) -> Vec<(String, Vec<String>)> {
        let index = crate::bundled_index().expect("bundled index");
        let searcher = index.searcher().expect("searcher");
        let mut analyzer = crate::analyzer::text_analyzer();
        let mut m = Matcher::new(&mut analyzer, &words(query), &[]);
        compounds(&searcher, &index.fields, &mut analyzer, &mut m).expect("compounds");
        m.concepts
            .iter()
            .flat_map(|c| c.forms.iter().map(move |f| (c, f)))
            .filter(|(_, f)| f.kind == Expansion::Compound)
            .map(|(c, f)| (c.label.clone(), f.terms.clone()))
            .collect()
    }

    #[test]
    fn a_word_written_together_reaches_the_text_that_writes_it_apart() {
        // The bundled reports write "anti-trafficking", never "antitrafficking".
        let forms = compound_forms("antitrafficking");
        assert!(
            forms.contains(&("antitrafficking".into(), words("anti traffick"))),
            "{forms:?}"
        );
    }

    #[test]
    fn words_written_apart_reach_the_text_that_writes_them_together() {
        // The reports write "hotline"; a user may type "hot line" or "hot-line".
        for query in ["hot line", "hot-line"] {
            let forms = compound_forms(query);
            let labels: Vec<&str> = forms.iter().map(|(l, _)| l.as_str()).collect();
            assert!(
                forms.iter().all(|(_, t)| t == &words("hotlin")),
                "{forms:?}"
            );
            assert_eq!(
                labels.len(),
                2,
                "both words of {query:?} take it: {forms:?}"
            );
        }
        // A word that splits into no two words the index holds gets nothing.
        assert!(compound_forms("xqzvwrk").is_empty());
    }

    #[test]
    fn acronyms_that_several_documents_define_expand_a_query_both_ways() {
        let index = crate::bundled_index().expect("bundled index");
        let searcher = index.searcher().expect("searcher");
        let defined = defined_acronyms(&searcher, &index.fields);
        // Three bundled documents spell out the national referral mechanism as NRM.
        let (n, forms) = defined(&words("national referral mechanism for victims")).expect("long");
        assert_eq!((n, forms), (3, vec![words("nrm")]));
        let (n, forms) = defined(&words("NRM victims")).expect("short");
        assert_eq!((n, forms), (1, vec![words("national referral mechanism")]));
        // One report alone defines the Anti-Trafficking Department (ATD): not enough.
        assert!(defined(&words("ATD")).is_none());
        // A lower-case word is a word, not an acronym.
        assert!(defined(&words("nrm")).is_none());
    }
}
