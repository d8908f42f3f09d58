//! Spelling variants, transliterations and the field's acronyms (the data is
//! `variants.txt`): British and American spellings and the many spellings of one name are
//! indexed as one word, so that `labour` finds `labor` and `Gaddafi` finds `Qadhafi`, and
//! acronyms are searched with their expansions (`NRM`, `national referral mechanism`).

use std::collections::HashMap;
use std::sync::LazyLock;

/// The table, compiled into the binary: it is part of what the index means.
const TABLE: &str = include_str!("variants.txt");

/// Endings that British and American spellings share after their differing part.
const OUR_ENDINGS: [&str; 15] = [
    "", "s", "ed", "ing", "er", "ers", "ite", "ites", "able", "ably", "ful", "less", "ist", "ists",
    "hood",
];
const IZE_ENDINGS: [&str; 11] = [
    "e", "es", "ed", "ing", "er", "ers", "ation", "ations", "ational", "able", "ability",
];

/// The parsed table: spellings to index as another, and groups of equivalent phrasings.
struct Table {
    /// A variant spelling and the spelling it is indexed as.
    spellings: HashMap<String, String>,
    /// Groups of phrasings (acronym and expansions), each as its words.
    phrases: Vec<Vec<Vec<String>>>,
}

static VARIANTS: LazyLock<Table> = LazyLock::new(|| parse_table(TABLE));

fn parse_table(text: &str) -> Table {
    let mut t = Table {
        spellings: HashMap::new(),
        phrases: Vec::new(),
    };
    let mut section = "";
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
            continue;
        }
        match section {
            "our" => {
                for british in line.split_whitespace() {
                    let american = british.replacen("our", "or", 1);
                    for end in OUR_ENDINGS {
                        t.spellings
                            .insert(format!("{british}{end}"), format!("{american}{end}"));
                    }
                }
            }
            "ize" => {
                for american in line.split_whitespace() {
                    let british = format!("{}s", american.trim_end_matches('z'));
                    for end in IZE_ENDINGS {
                        t.spellings
                            .insert(format!("{british}{end}"), format!("{american}{end}"));
                    }
                }
            }
            "re" => {
                for pair in line.split_whitespace() {
                    if let Some((american, british)) = pair.split_once(':') {
                        t.spellings.insert(british.into(), american.into());
                        t.spellings
                            .insert(format!("{british}s"), format!("{american}s"));
                    }
                }
            }
            "spelling" => {
                let mut group = line.split('|').map(str::trim);
                if let Some(first) = group.next() {
                    for other in group {
                        t.spellings.insert(other.into(), first.into());
                    }
                }
            }
            "phrase" => t.phrases.push(
                line.split('|')
                    .map(|p| p.split_whitespace().map(str::to_string).collect())
                    .collect(),
            ),
            _ => {}
        }
    }
    t
}

/// The spelling a lower-cased, accent-folded word is indexed as, when it is a variant.
pub(crate) fn canonical(word: &str) -> Option<&'static str> {
    VARIANTS.spellings.get(word).map(String::as_str)
}

/// The longest phrasing group that `words` (lower-cased, as typed) start with: how many
/// words it takes, and every phrasing of the group, each as its words.
pub(crate) fn phrasing_at(words: &[String]) -> Option<(usize, &'static [Vec<String>])> {
    let mut best: Option<(usize, &'static [Vec<String>])> = None;
    for group in &VARIANTS.phrases {
        for phrasing in group {
            let n = phrasing.len();
            let matches = n <= words.len()
                && phrasing.iter().zip(words).all(|(p, w)| {
                    p.eq_ignore_ascii_case(w.trim_matches(|c: char| !c.is_alphanumeric()))
                });
            if matches && best.is_none_or(|(len, _)| n > len) {
                best = Some((n, group.as_slice()));
            }
        }
    }
    best
}

/// Words that carry no topic on their own: question words and grammar. A query's stop words
/// may help rank, but a passage need not hold them.
pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Sorted, for binary search.
const STOP_WORDS: [&str; 52] = [
    "a", "about", "an", "and", "any", "are", "as", "at", "be", "been", "by", "can", "could", "did",
    "do", "does", "for", "from", "had", "has", "have", "how", "i", "in", "into", "is", "it", "its",
    "many", "much", "of", "on", "or", "should", "so", "than", "that", "the", "their", "there",
    "these", "this", "those", "to", "was", "were", "what", "when", "where", "which", "who", "why",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_and_derives_inflections() {
        assert_eq!(canonical("labour"), Some("labor"));
        assert_eq!(canonical("labourers"), Some("laborers"));
        assert_eq!(canonical("organisation"), Some("organization"));
        assert_eq!(canonical("prioritised"), Some("prioritized"));
        assert_eq!(canonical("centre"), Some("center"));
        assert_eq!(canonical("programme"), Some("program"));
        assert_eq!(canonical("gaddafi"), Some("qadhafi"));
        assert_eq!(canonical("nakhichevan"), Some("nakhchivan"));
        assert_eq!(canonical("labor"), None);
        assert_eq!(
            canonical("emphasis"),
            None,
            "a noun is not a verb's variant"
        );
    }

    #[test]
    fn phrasings_are_found_longest_first() {
        let words: Vec<String> = "Trafficking in Persons report"
            .split(' ')
            .map(str::to_string)
            .collect();
        let (n, group) = phrasing_at(&words).unwrap();
        assert_eq!(n, 3);
        assert!(group.iter().any(|p| p == &["tip"]));
        let (n, _) = phrasing_at(&["NRM".to_string()]).unwrap();
        assert_eq!(n, 1);
        assert!(phrasing_at(&["report".to_string()]).is_none());
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop_word("how") && is_stop_word("the") && !is_stop_word("no"));
    }
}
