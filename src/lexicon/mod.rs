//! Word relations from maintained data sets, for query expansion: a user's words are often
//! not the text's words. The tables are built by scripts in `scripts/lexicon/` from
//! registry packages and compiled into the binary; nothing is fetched at run time.
//!
//! - `demonyms.tsv` (npm `world-countries`, ODbL, with WordNet's English names and
//!   demonyms added): *Egyptian* and *Egypt*, *Filipino* and *Philippines*, *Uzbek* and
//!   *Uzbekistan*, *Turkey* and *Turkish*, for every country;
//! - `families.tsv` (WordNet's derivational links): *detained* and *detention*, *deported*
//!   and *deportation*, which the stemmer keeps apart;
//! - `synonyms.tsv` (WordNet, each word's most frequent sense only): *kids* and
//!   *children*, *jailed* and *imprisoned*;
//! - `hypernyms.tsv` (WordNet, a noun's frequency-ranked senses, one step broader): *staff*
//!   and *personnel*, *budget* and *fund*; looked up by the noun as typed, not its stem;
//! - `quantities.tsv` (WordNet): currency names, and the words that ask for a sum of money
//!   (*salary*, *fee*) or a rate (*ratio*, *share*).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use crate::analyzer;

const DEMONYMS: &str = include_str!("demonyms.tsv");
const FAMILIES: &str = include_str!("families.tsv");
const SYNONYMS: &str = include_str!("synonyms.tsv");
const HYPERNYMS: &str = include_str!("hypernyms.tsv");
/// Rows `kind\tword`: `currency`, `money` or `rate` (read by [`crate::quantities`]).
pub(crate) const QUANTITIES: &str = include_str!("quantities.tsv");

/// Members of a family sharing fewer leading letters than this with the query word are left
/// out: WordNet links adjectives to attribute nouns (*keen*, *sharpness*) that are no
/// help to a search, while the useful links share a root.
const SHARED_ROOT: usize = 3;

/// Most relatives a word is expanded with, nearest (longest shared root) first.
const MAX_RELATIVES: usize = 6;

/// A country's names and its demonyms, each as lower-case words.
#[derive(Debug)]
pub(crate) struct Country {
    /// The common name (`costa rica`), then the English names WordNet gives it (`turkey`
    /// beside `turkiye`, `burma` beside `myanmar`); not the data set's official and native
    /// forms, which hold common words (Iceland's `island`).
    pub names: Vec<Vec<String>>,
    /// What its people are called (`costa rican`).
    pub demonyms: Vec<Vec<String>>,
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_lowercase).collect()
}

static COUNTRIES: LazyLock<Vec<Country>> = LazyLock::new(|| {
    DEMONYMS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let common = words(cols.next()?);
            let demonyms = cols.nth(1)?.split('|').map(words).collect();
            let english = cols.next().unwrap_or_default().split('|').map(words);
            let mut names = vec![common];
            for name in english {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            Some(Country { names, demonyms })
        })
        .collect()
});

/// The countries each first word of a name or demonym may begin (`south`: South Africa,
/// South Korea, ...): a query's every word is tried as the start of a country's name, and
/// a scan of every country for each was a thirtieth of a search.
static BY_FIRST_WORD: LazyLock<HashMap<&'static str, Vec<usize>>> = LazyLock::new(|| {
    let mut by: HashMap<&'static str, Vec<usize>> = HashMap::new();
    for (k, c) in COUNTRIES.iter().enumerate() {
        for first in c.names.iter().chain(&c.demonyms).filter_map(|p| p.first()) {
            let countries = by.entry(first.as_str()).or_default();
            if !countries.contains(&k) {
                countries.push(k);
            }
        }
    }
    by
});

/// A typed word without the punctuation around it or a possessive: `Egypt's` is `Egypt`.
pub(crate) fn bare(word: &str) -> &str {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    let possessive = ["'s", "'S", "\u{2019}s", "\u{2019}S"];
    possessive
        .iter()
        .find_map(|p| w.strip_suffix(p))
        .unwrap_or(w)
}

/// The longest country name or demonym that `typed` (a query's words as typed) starts
/// with: how many words it takes, and the other phrasings (a demonym gives its country's
/// names and other demonyms, a name its other names and demonyms).
pub(crate) fn country_at(typed: &[String]) -> Option<(usize, Vec<Vec<String>>)> {
    let starts = |phrase: &[String]| {
        phrase.len() <= typed.len()
            && phrase
                .iter()
                .zip(typed)
                .all(|(p, w)| p.eq_ignore_ascii_case(bare(w)))
    };
    let first = bare(typed.first()?).to_ascii_lowercase();
    let countries = BY_FIRST_WORD.get(first.as_str())?;
    let mut best: Option<(usize, Vec<Vec<String>>)> = None;
    for c in countries.iter().map(|&k| &COUNTRIES[k]) {
        let all = c.names.iter().chain(&c.demonyms);
        for phrase in all.clone().filter(|p| !p.is_empty() && starts(p)) {
            if best.as_ref().is_none_or(|(n, _)| phrase.len() > *n) {
                let others = all.clone().filter(|p| *p != phrase && !p.is_empty());
                best = Some((phrase.len(), others.cloned().collect()));
            }
        }
    }
    best
}

/// One row of a word table (`word\tother|other`; `#` lines are comments): the word as
/// written and as the index's analyzer stems it, and the other words' stems.
struct Row {
    word: String,
    stem: String,
    others: Vec<String>,
}

/// A table's rows, each stemmed as the index's analyzer stems it: the tables are written
/// as words, and a query is matched by stems.
fn stemmed_rows(table: &str) -> Vec<Row> {
    let mut analyzer = analyzer::text_analyzer();
    let mut stem = |w: &str| analyzer::terms(&mut analyzer, w).pop();
    let rows = table.lines().filter(|l| !l.starts_with('#'));
    rows.filter_map(|line| {
        let (word, others) = line.split_once('\t')?;
        let others = others.split('|').filter_map(&mut stem).collect();
        let (word, stem) = (word.to_string(), stem(word)?);
        Some(Row { word, stem, others })
    })
    .collect()
}

/// The tables as the index's analyzer stems them, one line a stem, `stem\tother|other`,
/// sorted byte-wise: written by `cargo run --example lexicon` (from [`stemmed_tables`]) and
/// checked against the word tables by a test. Stemming 50,000 words at every start cost a
/// command-line search 200 ms; a sorted table is searched where it lies.
const FAMILY_STEMS: &str = include_str!("families.stems");
const SYNONYM_STEMS: &str = include_str!("synonyms.stems");
const HYPERNYM_STEMS: &str = include_str!("hypernyms.stems");
const QUANTITY_STEMS: &str = include_str!("quantities.stems");

/// The word tables stemmed, as `(file name, text)`: what `FAMILY_STEMS`,
/// `SYNONYM_STEMS`, `HYPERNYM_STEMS` and `QUANTITY_STEMS` must hold.
pub fn stemmed_tables() -> [(&'static str, String); 4] {
    let mut families: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for Row {
        stem: a, others, ..
    } in stemmed_rows(FAMILIES)
    {
        for b in others.into_iter().filter(|b| *b != a) {
            families.entry(a.clone()).or_default().insert(b.clone());
            families.entry(b).or_default().insert(a.clone());
        }
    }
    let families = families
        .into_iter()
        .map(|(k, v)| (k, v.into_iter().collect()));
    [
        ("families.stems", render(families)),
        (
            "synonyms.stems",
            render(merged_rows(SYNONYMS, |r| &r.stem).into_iter()),
        ),
        (
            "hypernyms.stems",
            render(merged_rows(HYPERNYMS, |r| &r.word).into_iter()),
        ),
        ("quantities.stems", render(asking_rows().into_iter())),
    ]
}

/// The words that ask for money or a rate, stemmed: each stem with the kinds it asks for.
fn asking_rows() -> BTreeMap<String, Vec<String>> {
    let mut analyzer = analyzer::text_analyzer();
    let mut rows: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let asking = QUANTITIES.lines().filter_map(|l| l.split_once('\t'));
    for (kind, word) in asking.filter(|(k, _)| matches!(*k, "money" | "rate")) {
        for stem in analyzer::terms(&mut analyzer, word) {
            let kinds = rows.entry(stem).or_default();
            if !kinds.iter().any(|k| k == kind) {
                kinds.push(kind.to_string());
            }
        }
    }
    rows
}

/// The kinds of quantity (`money`, `rate`) a question's word asks for, by its stem.
pub(crate) fn asked_by(stem: &str) -> Vec<&'static str> {
    linked(QUANTITY_STEMS, stem)
}

/// A one-way table's rows merged by `key`, each other stem once and never the row's own.
/// Synonyms are keyed by stem, so rows of words that stem alike merge. Hypernyms are keyed
/// by the noun as written: a noun's relations hold for the noun, not for every word that
/// stems alike (*landed* and *landing* are both `land`, and only the second is a platform).
fn merged_rows(table: &str, key: fn(&Row) -> &str) -> BTreeMap<String, Vec<String>> {
    let mut rows: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in stemmed_rows(table) {
        let entry = rows.entry(key(&row).to_string()).or_default();
        for other in row.others {
            if other != row.stem && !entry.contains(&other) {
                entry.push(other);
            }
        }
    }
    rows
}

fn render(rows: impl Iterator<Item = (String, Vec<String>)>) -> String {
    rows.filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}\t{}\n", v.join("|")))
        .collect()
}

/// The stems `key` is linked to in a stemmed table, by binary search over its lines.
fn linked(table: &'static str, key: &str) -> Vec<&'static str> {
    let bytes = table.as_bytes();
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        let start = bytes[..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| start + p);
        let line = table.get(start..end).unwrap_or("");
        let (stem, others) = line.split_once('\t').unwrap_or((line, ""));
        match stem.cmp(key) {
            Ordering::Equal => return others.split('|').filter(|o| !o.is_empty()).collect(),
            Ordering::Less => lo = end + 1,
            Ordering::Greater => hi = start,
        }
    }
    Vec::new()
}

fn shared_root(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

/// The stems of `stem`'s word family (WordNet derivation, up to two steps, so that
/// *recruiter* reaches *recruitment* through *recruit*), sharing a root with it.
pub(crate) fn relatives(stem: &str) -> Vec<String> {
    let first = linked(FAMILY_STEMS, stem);
    let second = first.iter().flat_map(|s| linked(FAMILY_STEMS, s));
    let mut found: Vec<&str> = first
        .iter()
        .copied()
        .chain(second)
        .filter(|s| *s != stem && shared_root(s, stem) >= SHARED_ROOT)
        .collect();
    found.sort_by(|a, b| {
        shared_root(b, stem)
            .cmp(&shared_root(a, stem))
            .then(a.cmp(b))
    });
    found.dedup();
    found
        .into_iter()
        .take(MAX_RELATIVES)
        .map(str::to_string)
        .collect()
}

/// The stems of `stem`'s synonyms in its most frequent sense (WordNet).
pub(crate) fn synonyms(stem: &str) -> Vec<String> {
    owned(linked(SYNONYM_STEMS, stem))
}

/// WordNet's rules for a noun's plural endings (`morphy`): the ending, and what replaces it.
const NOUN_ENDINGS: [(&str, &str); 8] = [
    ("s", ""),
    ("ses", "s"),
    ("xes", "x"),
    ("zes", "z"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("men", "man"),
    ("ies", "y"),
];

/// The stems of the nouns one step broader than the frequency-ranked senses of the noun
/// that `word` (as typed) is, or nothing when it cannot be a noun: *landed* and *lodged* are
/// verbs, whatever nouns share their stems. The table holds irregular plurals as nouns.
pub(crate) fn hypernyms(word: &str) -> Vec<String> {
    let word = bare(word).to_lowercase();
    let bases = NOUN_ENDINGS.iter().filter_map(|(end, base)| {
        let root = word.strip_suffix(end)?;
        Some(format!("{root}{base}"))
    });
    std::iter::once(word.clone())
        .chain(bases)
        .map(|noun| linked(HYPERNYM_STEMS, &noun))
        .find(|found| !found.is_empty())
        .map(owned)
        .unwrap_or_default()
}

fn owned(stems: Vec<&str>) -> Vec<String> {
    stems.into_iter().map(str::to_string).collect()
}

/// English number words, by their value: a query's *12* is the text's *twelve*.
const NUMBER_WORDS: [(&str, &str); 28] = [
    ("1", "one"),
    ("2", "two"),
    ("3", "three"),
    ("4", "four"),
    ("5", "five"),
    ("6", "six"),
    ("7", "seven"),
    ("8", "eight"),
    ("9", "nine"),
    ("10", "ten"),
    ("11", "eleven"),
    ("12", "twelve"),
    ("13", "thirteen"),
    ("14", "fourteen"),
    ("15", "fifteen"),
    ("16", "sixteen"),
    ("17", "seventeen"),
    ("18", "eighteen"),
    ("19", "nineteen"),
    ("20", "twenty"),
    ("30", "thirty"),
    ("40", "forty"),
    ("50", "fifty"),
    ("60", "sixty"),
    ("70", "seventy"),
    ("80", "eighty"),
    ("90", "ninety"),
    ("100", "hundred"),
];

/// The other way of writing a number (`12` and `twelve`), as index terms; `None` for
/// anything else.
pub(crate) fn number_twin(term: &str) -> Option<String> {
    static STEMMED: LazyLock<Vec<(&str, String)>> = LazyLock::new(|| {
        let mut analyzer = analyzer::text_analyzer();
        let mut stem = |w: &str| analyzer::terms(&mut analyzer, w).pop().unwrap_or_default();
        NUMBER_WORDS.iter().map(|&(d, w)| (d, stem(w))).collect()
    });
    STEMMED.iter().find_map(|(digits, word)| match term {
        t if t == *digits => Some(word.clone()),
        t if t == word => Some(digits.to_string()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn demonyms_reach_their_countries_and_back() {
        let (n, others) = country_at(&typed("Egyptian minister disputes")).expect("Egyptian");
        assert_eq!(n, 1);
        assert!(others.contains(&typed("egypt")));
        let (n, others) = country_at(&typed("Costa Rican auditors")).expect("Costa Rican");
        assert_eq!(n, 2, "the longest phrasing wins");
        assert!(others.contains(&typed("costa rica")));
        let (_, others) = country_at(&typed("Egypt's plan")).expect("a possessive");
        assert!(others.contains(&typed("egyptian")));
        let (_, others) = country_at(&typed("Philippines")).expect("Philippines");
        assert!(others.contains(&typed("filipino")));
        assert!(country_at(&typed("minister")).is_none());
        // WordNet's names and demonyms.
        let (_, others) = country_at(&typed("Uzbek journalist")).expect("Uzbek");
        assert!(others.contains(&typed("uzbekistan")));
        let (_, others) = country_at(&typed("Turkey")).expect("Turkey");
        assert!(others.contains(&typed("turkish")));
        let (_, others) = country_at(&typed("Spaniard")).expect("Spaniard");
        assert!(others.contains(&typed("spain")));
        assert!(
            country_at(&typed("island")).is_none(),
            "a native form is not a name"
        );
    }

    #[test]
    fn families_join_what_the_stemmer_keeps_apart() {
        let stem = |w: &str| analyzer::terms(&mut analyzer::text_analyzer(), w).remove(0);
        assert!(relatives(&stem("detained")).contains(&stem("detention")));
        assert!(relatives(&stem("prosecuted")).contains(&stem("prosecutors")));
        assert!(relatives(&stem("smuggled")).contains(&stem("smugglers")));
        assert!(relatives(&stem("minister")).len() <= MAX_RELATIVES);
    }

    #[test]
    fn the_stemmed_tables_are_those_of_the_word_tables() {
        let [(_, families), (_, synonyms), (_, hypernyms), (_, quantities)] = stemmed_tables();
        let stale = "stale: run `cargo run --example lexicon`";
        assert!(families == FAMILY_STEMS, "families.stems is {stale}");
        assert!(synonyms == SYNONYM_STEMS, "synonyms.stems is {stale}");
        assert!(hypernyms == HYPERNYM_STEMS, "hypernyms.stems is {stale}");
        assert!(quantities == QUANTITY_STEMS, "quantities.stems is {stale}");
        assert_eq!(linked(SYNONYM_STEMS, "zzzz"), Vec::<&str>::new());
        let first = FAMILY_STEMS
            .lines()
            .next()
            .and_then(|l| l.split('\t').next());
        assert!(!linked(FAMILY_STEMS, first.expect("a row")).is_empty());
    }

    #[test]
    fn numbers_are_written_both_ways() {
        assert_eq!(number_twin("12").as_deref(), Some("twelv"));
        assert_eq!(number_twin("twelv").as_deref(), Some("12"));
        assert_eq!(number_twin("1200"), None);
        assert_eq!(number_twin("labor"), None);
    }

    #[test]
    fn synonyms_take_the_most_frequent_sense() {
        let stem = |w: &str| analyzer::terms(&mut analyzer::text_analyzer(), w).remove(0);
        assert!(synonyms(&stem("kids")).contains(&stem("children")));
        assert!(synonyms(&stem("lawmaker")).contains(&stem("lawgiver")));
        assert!(synonyms(&stem("jailed")).contains(&stem("imprisoned")));
    }

    #[test]
    fn hypernyms_go_one_step_broader_for_nouns_only() {
        let stem = |w: &str| analyzer::terms(&mut analyzer::text_analyzer(), w).remove(0);
        assert!(hypernyms("staff").contains(&stem("personnel")));
        assert!(hypernyms("Budgets").contains(&stem("fund")));
        assert!(
            hypernyms("women").contains(&stem("adult")),
            "WordNet's -men rule"
        );
        assert!(
            hypernyms("children").contains(&stem("juvenile")),
            "an irregular plural"
        );
        // Two steps up ("social group") is too broad; the verb's ("provide") is not a noun's.
        assert!(!hypernyms("staff").contains(&stem("group")));
        assert!(!hypernyms("staff").contains(&stem("provide")));
        // A verb's form is no noun, though a noun stems alike ("landing" is a platform).
        assert_eq!(hypernyms("landed"), Vec::<String>::new());
        assert!(hypernyms("landings").contains(&stem("platform")));
        // Each sense SemCor tagged, not only the first: an agent is a cause, and a
        // representative ("US agents train Bahraini police").
        assert!(hypernyms("agents").contains(&stem("cause")));
        assert!(hypernyms("agents").contains(&stem("representative")));
        // A verb's irregular past is no form of the noun: "held" is not a hold.
        assert_eq!(hypernyms("held"), Vec::<String>::new());
    }
}
