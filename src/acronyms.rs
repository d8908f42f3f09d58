//! Acronyms a document defines.
//!
//! A cable spells an acronym out once — "the Anti-Trafficking Police Unit (ATPU)" — and then
//! uses only the short form, so a search for the words would miss every later paragraph. The
//! index uses each document's own definitions to connect the two forms.
//!
//! The method is Schwartz & Hearst, "A simple algorithm for identifying abbreviation
//! definitions in biomedical text" (PSB 2003): a short form of 2 to 10 characters in
//! parentheses, its characters found right to left in at most min(|A| + 5, 2|A|) words
//! before it, the first one starting a word; or the reverse, `SHORT (long form)`. Cables
//! need it tighter, because their parentheses mostly hold paragraph markings, references,
//! names and numbers: a long form stays within its clause, most of its words must give the
//! short form a letter, and a letter from inside a word must follow that word's initial. Text
//! all in capitals (subject lines, old cables) gets initials only, small words skipped.
//!
//! One pass over the text, and work only at parentheses that hold a short form: no regular
//! expressions, no backtracking.

use std::collections::HashSet;

use rustc_hash::FxHashSet;

use crate::model::Document;

/// An acronym a text defines, and the words it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Definition {
    /// The acronym as written (`ATPU`, `GoM`, `MOIA`).
    pub short: String,
    /// The words it stands for, as written in the text (`Anti-Trafficking Police Unit`).
    pub long: String,
}

/// Longest parenthesis looked into: a long form spelled out inside one is at most 15 words.
const MAX_INSIDE: usize = 200;
/// How far back from a parenthesis a long form can start, in bytes and in words: Schwartz
/// & Hearst's bound for the longest short form, 10 characters, is 15 words.
const MAX_BEFORE: usize = 300;
const MAX_WORDS: usize = 15;

/// Words that may go without a letter in the acronym, and never begin its long form: "the
/// Government of Malaysia (GOM)".
const SMALL_WORDS: &[&str] = &[
    "of", "the", "for", "and", "on", "in", "to", "de", "la", "del", "y", "&", "a", "an", "des",
    "du", "et", "le", "les", "el", "los", "las", "da", "dos", "das",
];

/// Words that never begin a long form either, but count as words of substance within one:
/// not "that the Superior Electoral Court (TSE)", yet "International Compact With Iraq (ICI)".
const NOT_FIRST_WORDS: &[&str] = &[
    "by", "at", "with", "from", "as", "or", "that", "its", "his", "their", "our", "this",
];

/// Every acronym `text` defines, first definition of each short form kept, in text order.
pub(crate) fn definitions(text: &str) -> Vec<Definition> {
    let mut seen = FxHashSet::default();
    let mut found = Vec::new();
    for (open, close) in parentheses(text) {
        if let Some(definition) = definition_at(text, open, close) {
            if seen.insert(definition.short.clone()) {
                found.push(definition);
            }
        }
    }
    found
}

/// Byte offsets of `(` and its `)`, for parentheses short enough to hold a definition.
fn parentheses(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    text.match_indices('(').filter_map(move |(open, _)| {
        let end = (open + 1 + MAX_INSIDE).min(bytes.len());
        let inner = bytes.get(open + 1..end)?;
        let at = inner.iter().position(|&b| b == b'(' || b == b')')?;
        (inner[at] == b')').then_some((open, open + 1 + at))
    })
}

fn definition_at(text: &str, open: usize, close: usize) -> Option<Definition> {
    let inside = text.get(open + 1..close)?;
    // Most parentheses hold no short form: look back only for those that do.
    let before = || clause_before(text, open);
    long_before(inside, before).or_else(|| long_inside(inside, before))
}

/// `long form (SHORT)`.
fn long_before<'a>(inside: &str, before: impl Fn() -> Vec<&'a str>) -> Option<Definition> {
    let head = possessive(inside.split([',', ';']).next().unwrap_or_default().trim());
    if head.contains(char::is_whitespace) || !is_short_form(head) {
        return None;
    }
    let before = before();
    keys(head).find_map(|(key, capitals_only)| {
        let words = &before[before.len().saturating_sub(max_words(&key))..];
        let (start, offset) = spell(words, &key, capitals_only)?;
        accept(head, &words[start..], offset)
    })
}

/// `SHORT (long form)`, and `(SHORT - long form)`.
fn long_inside<'a>(inside: &str, before: impl Fn() -> Vec<&'a str>) -> Option<Definition> {
    let words: Vec<&str> = inside.split_whitespace().collect();
    let (short, long) = match words[..] {
        [first, "-" | "--" | "=" | ":", ref rest @ ..] => (first, rest),
        [first, ref rest @ ..] if first.len() > 1 && first.ends_with(':') => {
            (first.trim_end_matches(':'), rest)
        }
        _ if words.len() > 2 => (*before().last()?, &words[..]),
        _ => return None,
    };
    let short = possessive(short);
    if !is_short_form(short) {
        return None;
    }
    let long = first_clause(long);
    let long = &long[long.iter().take_while(|w| is_article(w)).count()..];
    keys(short).find_map(|(key, capitals_only)| {
        if long.len() > max_words(&key) {
            return None;
        }
        match spell(long, &key, capitals_only)? {
            (0, offset) => accept(short, long, offset),
            _ => None,
        }
    })
}

/// [`long_start`], for a key that only text in capitals may hold if `capitals_only`.
fn spell(words: &[&str], key: &[char], capitals_only: bool) -> Option<(usize, usize)> {
    (!capitals_only || in_capitals(words))
        .then(|| long_start(words, key))
        .flatten()
}

/// The words up to the first comma or semicolon: a spelled-out name ends there.
fn first_clause<'a>(words: &'a [&'a str]) -> &'a [&'a str] {
    match words.iter().position(|w| w.contains([',', ';'])) {
        Some(at) => &words[..at + 1],
        None => words,
    }
}

/// A candidate definition starting `offset` bytes into `words[0]`, unless it is too short or
/// repeats its own acronym.
fn accept(short: &str, words: &[&str], offset: usize) -> Option<Definition> {
    if words.len() < 2 || words.contains(&short) {
        return None;
    }
    let long = words.join(" ");
    let long = long.get(offset..).unwrap_or_default();
    let long = long.trim_start_matches(|c: char| !c.is_alphanumeric());
    let long = long.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.');
    let sentence_end = words.last().is_some_and(|w| ends_clause(w));
    let long = long
        .strip_suffix('.')
        .filter(|_| sentence_end)
        .unwrap_or(long);
    let long = possessive(long);
    let enough = long.chars().count() > short.chars().count() && long.contains(' ');
    enough.then(|| Definition {
        short: short.to_string(),
        long: long.to_string(),
    })
}

/// `s` without a possessive ending: "the World Food Program's (WFP's)" defines `WFP`.
fn possessive(s: &str) -> &str {
    s.strip_suffix("'s").or(s.strip_suffix("’s")).unwrap_or(s)
}

/// Whether `s` looks like an acronym rather than a marking, a reference, a number or a name.
fn is_short_form(s: &str) -> bool {
    let length = s.chars().count();
    let upper = s.chars().filter(|c| c.is_uppercase()).count();
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    (2..=10).contains(&length)
        && s.chars().next().is_some_and(char::is_alphanumeric)
        && s.chars().all(|c| c.is_alphanumeric() || "-.&'".contains(c))
        && upper >= 2
        && upper * 2 >= letters
        && !(s.contains('-') && s.split('-').all(|p| p.chars().count() == 1))
}

/// The characters of `short` to find in the long form, and whether only text in capitals
/// may hold them: a plural `s` stands for no word, and so does the `S` of `NGOS` in text all
/// in capitals, but not the `S` of `BNDES` in prose.
fn keys(short: &str) -> impl Iterator<Item = (Vec<char>, bool)> {
    let full: Vec<char> = short.chars().filter(|c| c.is_alphanumeric()).collect();
    let n = full.len();
    let plural = n > 2 && matches!(full[n - 1], 's' | 'S') && full[n - 2].is_uppercase();
    let singular = plural.then(|| (full[..n - 1].to_vec(), full[n - 1] == 'S'));
    let full = (!plural || full[n - 1] == 'S').then_some((full, false));
    full.into_iter().chain(singular)
}

/// Schwartz & Hearst's bound on the words of a long form.
fn max_words(key: &[char]) -> usize {
    (key.len() + 5).min(key.len() * 2).min(MAX_WORDS)
}

/// Where the long form of `key` starts, if `words` end with one: the index of a word, and a
/// byte offset into it when the long form starts after a hyphen.
///
/// Schwartz & Hearst find the characters of the short form right to left, the first one
/// starting a word, and keep the nearest start that works; here the start that takes the
/// fewest characters from inside words wins, so "Pakistan People's Party (PPP)" is not cut
/// to "People's Party", and ties go to the nearest. Cable prose needs a tighter match: a character may come from inside a word only after that word's initial, and at
/// most one word of substance may give none ("Comprehensive Test Ban Treaty (CTB)"), or
/// "the U.S. hosted the five-country (US)" would pass. In text all in capitals any word in
/// capitals follows other capitals, so there each character must be an initial and only
/// small words may give none.
fn long_start(words: &[&str], key: &[char]) -> Option<(usize, usize)> {
    let capitals = in_capitals(words);
    let (per_part, idle) = match capitals {
        true => (1, 0),
        false => (key.len(), usize::from(key.len() > 2)),
    };
    let spelling = Spelling::new(parts(words), key, per_part);
    let cost = |&(i, p): &(usize, &Part)| {
        let at_start = (p.first || p.after_hyphen) && p.can_start;
        Some(spelling.take(i, 0)).filter(|&c| at_start && c < (idle + 1) * IDLE)
    };
    // The fewest letters from inside words, then the nearest, as Schwartz & Hearst's.
    let mut starts = spelling.parts.iter().enumerate();
    let costs = starts
        .clone()
        .rev()
        .filter_map(|s| Some((cost(&s)? % IDLE, s.1.word)));
    let (_, word) = costs.reduce(|best, c| if c.0 < best.0 { c } else { best })?;
    let (_, part) = starts.find(|s| s.1.word == word && cost(s).is_some())?;
    let named = !capitals && !words[part.word].starts_with(char::is_lowercase);
    Some((part.word, if named { 0 } else { part.offset }))
}

fn in_capitals(words: &[&str]) -> bool {
    words.iter().all(|w| !w.chars().any(char::is_lowercase))
}

/// A piece of a word, split at hyphens, slashes, dots and apostrophes, that can give the
/// short form its initial and then characters from its `rest`.
struct Part<'a> {
    initial: char,
    rest: &'a str,
    word: usize,
    /// Byte offset of the piece in its word.
    offset: usize,
    /// Whether a hyphen comes before this piece, where the letters may start if the word's
    /// start does not fit. Schwartz & Hearst take the whole word into the long form, right
    /// for "U.S.-Peru Trade Promotion Agreement (PTPA)", but a lowercase prefix, or any in
    /// capitals, is left out: "anti-improvised explosive devices (IEDs)".
    after_hyphen: bool,
    /// Whether this piece begins its word: a word of substance whose first piece gives no
    /// letter is idle.
    first: bool,
    /// One of [`SMALL_WORDS`], free to give no letter.
    small: bool,
    /// Neither small nor one of [`NOT_FIRST_WORDS`].
    can_start: bool,
}

fn parts<'a>(words: &[&'a str]) -> Vec<Part<'a>> {
    let mut parts = Vec::new();
    for (word, text) in words.iter().enumerate() {
        let mut first = true;
        let mut offset = 0;
        for piece in text.split(['-', '/', '.', '\'']) {
            let after_hyphen = text.get(..offset).unwrap_or_default().ends_with('-');
            let found = piece.char_indices().find(|(_, c)| c.is_alphanumeric());
            if let Some((at, initial)) = found {
                let rest = piece.get(at + initial.len_utf8()..).unwrap_or_default();
                let small = is_one_of(SMALL_WORDS, piece);
                let can_start = !small && !is_one_of(NOT_FIRST_WORDS, piece);
                parts.push(Part {
                    initial,
                    rest,
                    word,
                    offset,
                    after_hyphen,
                    first,
                    small,
                    can_start,
                });
                first = false;
            }
            offset += piece.len() + 1;
        }
    }
    parts
}

/// The cheapest way parts spell the rest of a key, by dynamic programming: each idle word
/// costs [`IDLE`], each character from inside a word 1.
struct Spelling<'a> {
    parts: Vec<Part<'a>>,
    key: &'a [char],
    per_part: usize,
    /// `cost[i * (key.len() + 1) + k]`: least cost for `parts[i..]` to spell `key[k..]`.
    cost: Vec<usize>,
}

/// The cost of an idle word, more than all the characters of a short form.
const IDLE: usize = 64;
/// More than any spelling costs: none.
const NEVER: usize = usize::MAX / 2;

impl<'a> Spelling<'a> {
    fn new(parts: Vec<Part<'a>>, key: &'a [char], per_part: usize) -> Self {
        let width = key.len() + 1;
        let cost = vec![NEVER; (parts.len() + 1) * width];
        let mut spelling = Spelling {
            parts,
            key,
            per_part,
            cost,
        };
        let end = spelling.parts.len() * width;
        spelling.cost[end + key.len()] = 0;
        for i in (0..spelling.parts.len()).rev() {
            for k in 0..width {
                let part = &spelling.parts[i];
                let idle = if part.first && !part.small { IDLE } else { 0 };
                let skip = spelling.cost[(i + 1) * width + k] + idle;
                spelling.cost[i * width + k] = skip.min(spelling.take(i, k));
            }
        }
        spelling
    }

    /// Least cost if `parts[i]` gives `key[k]` and perhaps characters after it.
    fn take(&self, i: usize, k: usize) -> usize {
        let width = self.key.len() + 1;
        let part = &self.parts[i];
        if k == self.key.len() || !same(part.initial, self.key[k]) {
            return NEVER;
        }
        let mut next = k + 1;
        let mut best = self.cost[(i + 1) * width + next];
        let mut rest = part.rest.chars();
        while next < self.key.len() && next - k < self.per_part {
            if !rest.any(|c| same(c, self.key[next])) {
                break;
            }
            next += 1;
            best = best.min(self.cost[(i + 1) * width + next] + (next - k - 1));
        }
        best
    }
}

fn is_one_of(list: &[&str], piece: &str) -> bool {
    let bare = piece.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
    list.iter().any(|s| s.eq_ignore_ascii_case(bare))
}

fn is_article(word: &str) -> bool {
    let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
    ["the", "a", "an"]
        .iter()
        .any(|a| a.eq_ignore_ascii_case(bare))
}

fn same(a: char, b: char) -> bool {
    a == b || a.to_lowercase().eq(b.to_lowercase())
}

/// The words of the clause that ends at byte `open`, at most [`MAX_WORDS`] of them: a long
/// form does not run across a sentence, a blank line, a paragraph number or punctuation
/// that ends a phrase.
fn clause_before(text: &str, open: usize) -> Vec<&str> {
    let mut start = open.saturating_sub(MAX_BEFORE);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let cut_short = start > 0;
    let region = text.get(start..open).unwrap_or_default();
    let region = region.rsplit(is_clause_break).next().unwrap_or_default();
    let mut words = Vec::new();
    let stopped = 'scan: {
        for (n, line) in region.rsplit('\n').enumerate() {
            if n > 0 && line.trim().is_empty() {
                break 'scan true;
            }
            for word in line.split_whitespace().rev() {
                if ends_clause(word) || words.len() == MAX_WORDS {
                    break 'scan true;
                }
                words.push(word);
            }
        }
        false
    };
    // The byte limit may have cut the earliest word in half.
    if !stopped && cut_short && region.len() == open - start {
        words.pop();
    }
    words.reverse();
    words
}

fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        '(' | ')' | '[' | ']' | ';' | ':' | ',' | '!' | '?' | '¶' | '|'
    )
}

/// A word that ends a sentence or stands between phrases, as opposed to `U.S.`, `E.` or the
/// hyphen of "Islamic Revolutionary Guard Corps - Quds Force (IRGC-QF)".
fn ends_clause(word: &str) -> bool {
    if matches!(word, "--" | "—" | "–") {
        return true;
    }
    let word = word.trim_end_matches(['"', '\'', '”', '’']);
    let Some(body) = word.strip_suffix('.') else {
        return false;
    };
    let initial = body.chars().count() == 1 && body.chars().all(char::is_alphabetic);
    !(initial || body.contains('.'))
}

/// A short or long form as the index keys it: lower case, its words joined by one space,
/// so that `Anti-Trafficking  Police Unit` and `anti trafficking police unit` meet.
pub(crate) fn key(form: &str) -> String {
    let words = form
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    words.collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The acronyms a document defines, anywhere in its title or passages.
pub(crate) fn defined_in(doc: &Document) -> Vec<Definition> {
    let mut text = doc.title.clone();
    for p in &doc.passages {
        text.push('\n');
        text.push_str(&p.text);
    }
    definitions(&text)
}

/// What a passage's acronyms stand for and the acronyms of the long forms it spells out,
/// by `defined`: the words a query may use for what the passage says.
pub(crate) fn aka(defined: &[Definition], text: &str) -> String {
    let words: HashSet<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let lower = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let mut out = String::new();
    for d in defined {
        let plural = format!("{}s", d.short);
        let uses_short = words.contains(d.short.as_str()) || words.contains(plural.as_str());
        let long = d
            .long
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let other = match (uses_short, lower.contains(&long)) {
            (true, false) => &d.long,
            (false, true) => &d.short,
            _ => continue,
        };
        out.push_str(other);
        out.push_str(" . ");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(short, long)` pairs, easier to compare than [`Definition`]s.
    fn pairs(text: &str) -> Vec<(String, String)> {
        let found = definitions(text);
        found.into_iter().map(|d| (d.short, d.long)).collect()
    }

    fn assert_pairs(text: &str, expected: &[(&str, &str)]) {
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(s, l)| (s.to_string(), l.to_string()))
            .collect();
        assert_eq!(pairs(text), expected);
    }

    fn long_of(text: &str, short: &str) -> Option<String> {
        let found = definitions(text);
        found.into_iter().find(|d| d.short == short).map(|d| d.long)
    }

    fn bundled(name: &str) -> &'static str {
        let documents = crate::bundled::DOCUMENTS.iter();
        let found = documents.clone().find(|(n, _)| n.ends_with(name));
        found.map(|&(_, text)| text).expect("document is bundled")
    }

    #[test]
    fn bundled_corpus_definitions() {
        for (name, text) in crate::bundled::DOCUMENTS.iter() {
            for d in definitions(text) {
                println!("{name}\t{}\t{}", d.short, d.long);
            }
        }
        let interim = bundled("cables/09BAKU911.txt");
        let iom = long_of(interim, "IOM");
        assert_eq!(
            iom.as_deref(),
            Some("International Organization for Migration")
        );
        let nrm = long_of(interim, "NRM");
        assert_eq!(nrm.as_deref(), Some("National Referral Mechanism"));
        let mia = long_of(interim, "MIA");
        assert_eq!(mia.as_deref(), Some("Ministry of Internal Affairs"));
        let report = bundled("reports/2023-azerbaijan.txt");
        let atd = long_of(report, "ATD");
        assert_eq!(atd.as_deref(), Some("Anti-Trafficking Department"));
        let uae = long_of(bundled("reports/2009-azerbaijan.txt"), "UAE");
        assert_eq!(uae.as_deref(), Some("United Arab Emirates"));
    }

    #[test]
    fn bundled_cable_keeps_its_definitions_and_nothing_else() {
        // Wrapped lines, "(NAHTA -\nNetwork ...)", a first definition that wins over a
        // later one, and paragraph markings, references and "(pimping)" that are not.
        let shorts: Vec<String> = definitions(bundled("cables/09BAKU141.txt"))
            .into_iter()
            .map(|d| format!("{}={}", d.short, d.long))
            .collect();
        let expected = [
            "MIA=Minister of Internal Affairs",
            "NRM=national referral mechanism",
            "NAP=national action plan",
            "NAHTA=Network Against Human Trafficking in Azerbaijan",
            "FANGOM=Forum of Azerbaijan NGOs on Migration",
        ];
        assert_eq!(shorts, expected);
        let names = definitions(bundled("cables/09BAKU911.txt"));
        let names: Vec<&str> = names.iter().map(|d| d.short.as_str()).collect();
        assert_eq!(
            names,
            ["NRM", "MIA", "IOM"],
            "(SBU), (U), (MHALL) are no definitions"
        );
    }

    #[test]
    fn organizations_in_a_wrapped_list() {
        // 06SANJOSE481
        let text = "unit, the Legislative Assembly, the International
Organization for Migration (IOM), the International Labor
Organization (ILO), the United Nations' Children's Fund
(UNICEF), nongovernmental organizations (NGOs) Save the
Children Sweden, Defense of Children International, Paniamor,";
        let expected = [
            ("IOM", "International Organization for Migration"),
            ("ILO", "International Labor Organization"),
            ("UNICEF", "United Nations' Children's Fund"),
            ("NGOs", "nongovernmental organizations"),
        ];
        assert_pairs(text, &expected);
    }

    #[test]
    fn governments_and_first_definition_kept() {
        // 09LIMA1667, then 09SAOPAULO19's "GoM" for another government.
        let text = "traffickers in Peru, and on a new agreement signed by the
Government of Peru (GOP) and the Government of Mexico (GOM)
designed to improve intelligence sharing.  XXXXXXXXXXXX was on the GOP
A Principle Deputy Assistant Secretary level representative of the Government of \
Malaysia (GoM) had signed the contract and it contained the original seal of the GoM.
Later the Gulf of Mexico (GOM) came up.";
        let found = pairs(text);
        let gom = ("GOM".to_string(), "Government of Mexico".to_string());
        let go_m = ("GoM".to_string(), "Government of Malaysia".to_string());
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found.contains(&gom) && found.contains(&go_m), "{found:?}");
        assert_eq!(found[0], ("GOP".into(), "Government of Peru".into()));
    }

    #[test]
    fn leading_article_and_dots_and_line_breaks() {
        // 06REYKJAVIK452, 06SANJOSE280, 06REYKJAVIK98
        let ltte = "reports violations of the cease-fire between the Sri Lankan
government and the Liberation Tigers of Tamil Eelam (LTTE).";
        let ltte = long_of(ltte, "LTTE");
        assert_eq!(ltte.as_deref(), Some("Liberation Tigers of Tamil Eelam"));
        let unhcr = "illegal immigrants.  The Human Rights Ombudsman's office,
the Catholic Church, and the U.N. High Commission for
Refugees (UNHCR) also expressed strong reservations about";
        let unhcr = long_of(unhcr, "UNHCR");
        assert_eq!(unhcr.as_deref(), Some("U.N. High Commission for Refugees"));
        let naskef = "decision to remove fighter aircraft and CSAR helicopters from
Naval Air Station Keflavik (NASKEF).  The Minister expressed";
        let naskef = long_of(naskef, "NASKEF");
        assert_eq!(naskef.as_deref(), Some("Naval Air Station Keflavik"));
    }

    #[test]
    fn short_form_before_the_long_form() {
        // 05SANJOSE2710, and 90CAPETOWN97 in capitals
        let text = "(Commission for Environmental Cooperation) and the OECD
(Organization for Economic Cooperation and Development)
delegation emphasized the importance of governments' role in";
        let oecd = long_of(text, "OECD");
        let expected = "Organization for Economic Cooperation and Development";
        assert_eq!(oecd.as_deref(), Some(expected));
        let caps = "TO ALLAY WHITE FEARS.  SPECIFICALLY, HE THINKS ONE ISSUE
WAS THE RELATIONSHIP OF THE ANC TO THE SACP (SOUTH AFRICAN
COMMUNIST PARTY) AND ANOTHER WAS THE DEFINITION OF ONE MAN";
        let sacp = long_of(caps, "SACP");
        assert_eq!(sacp.as_deref(), Some("SOUTH AFRICAN COMMUNIST PARTY"));
    }

    #[test]
    fn all_capitals_needs_initials() {
        // 90CAPETOWN97 and 06SANTIAGO401: each letter starts a word; small words skipped.
        let det = "RETURN TO SCHOOL RESULTED IN THE USUAL ACCUSATIONS AND
PHYSICAL CONFRONTATIONS BETWEEN THE DEPARTMENT OF
EDUCATION AND TRAINING (DET), AIDED BY THE POLICE,";
        let det = long_of(det, "DET");
        assert_eq!(det.as_deref(), Some("DEPARTMENT OF EDUCATION AND TRAINING"));
        let ngos = "¶D.  ARE THERE SUSPECT NON-GOVERNMENTAL ORGANIZATIONS (NGOS) IN THE COUNTRY";
        let ngos = long_of(ngos, "NGOS");
        assert_eq!(ngos.as_deref(), Some("NON-GOVERNMENTAL ORGANIZATIONS"));
        // 07ADDISABABA3404, 08SANJOSE885, 06SANJOSE258: letter-by-letter matching
        // would take "ASSISTANT SECRETARIES FRAZER", "COMMISSION OF WOMEN", "RIGID HULL".
        let garbage = "DEPARTMENT FOR ASSISTANT SECRETARIES FRAZER (AF), LOWENKRON

SUBJECT: COSTA RICA SUPPORTS US CANDIDACY FOR
INTER-AMERICAN COMMISSION OF WOMEN (CIM)

RIGID HULL INFLATABLE PATROL CRAFT (RHI): six RHI fast patrol";
        assert_eq!(pairs(garbage), []);
        // 09STATE82013 and 09SANJOSE75 in capitals, 09PARIS1355 in prose: in prose a letter
        // may come from inside a word after its initial, in capitals it may not.
        let prose = "concrete progress on nonproliferation issues leading up to
and at the 2010 Nuclear Nonproliferation Treaty (NPT) Review";
        let npt = long_of(prose, "NPT");
        assert_eq!(npt.as_deref(), Some("Nonproliferation Treaty"));
        let capitals = "SUBJECT: NUCLEAR NONPROLIFERATION TREATY (NPT) BILATERALS
WITH UK, FRANCE, AND GERMANY
SUBJECT: COSTA RICA'S ACCEPTANCE OF THE ILEA LAW ENFORCEMENT
DEVELOPMENT PROGRAM (LEMDP) 04/13 TO 05/22/09";
        assert_eq!(pairs(capitals), []);
    }

    #[test]
    fn words_in_prose_must_give_letters() {
        // 09MEXICO2264, 06PARIS953: a letter-by-letter match would take "pressing issues
        // facing Mexico's state-owned oil company" and "popularity of Socialist Party".
        let text = "addressing the highly sensitive topic.  The reform does not,
however, address the most pressing issues facing Mexico's
state-owned oil company (PEMEX).  Since oil accounts for over
the unexpectedly persistent popularity of Socialist Party
(PS) dark horse Segolene Royal (ref A) was an unforeseen";
        assert_eq!(pairs(text), []);
        // 09BAGHDAD1103, 08LONDON2960: a lone hyphen joins the parts of a name.
        let text = "¶1. (S/NF) Summary: Islamic Revolutionary Guard Corps - Quds
Force (IRGC-QF) officers are active in Iraq, conducting
spent within the requirements identified by Combined Security Transition Command - \
Afghanistan (CSTC-A).  Holtby said that the UK would work with the U.S.";
        let expected = [
            ("IRGC-QF", "Islamic Revolutionary Guard Corps - Quds Force"),
            (
                "CSTC-A",
                "Combined Security Transition Command - Afghanistan",
            ),
        ];
        assert_pairs(text, &expected);
    }

    #[test]
    fn initials_win_over_the_nearest_start() {
        // 09CAIRO1305, 08ISLAMABAD2051, 10MEXICO27: the nearest word that could start the
        // long form takes a letter from inside itself ("Security", "People's", "Assistance").
        let text =
            "Bakry who has close ties to MOI State Security Investigative Services (SSIS) is \
editor-in-chief of the sensationalist weekly tabloid \"Al-Osboa.\"
pointing out that his party - the Pakistan People's Party (PPP) - had lost leader
to implement a robust Diplomatic Security Anti-Terrorism
Assistance (ATA) program with associated funding levels";
        let expected = [
            ("SSIS", "State Security Investigative Services"),
            ("PPP", "Pakistan People's Party"),
            ("ATA", "Anti-Terrorism Assistance"),
        ];
        assert_pairs(text, &expected);
    }

    #[test]
    fn markings_references_and_numbers_are_not_definitions() {
        // 06BRASILIA2521, 79TEHRAN8980, a (S/NF) and a (C/NF) cable, classification lines.
        let text = "SUBJECT: BRAZILIANS BEGIN TO SPEAK OF AIR TRAFFIC CONTROL \"CRISIS\"
REF: BRASILIA 2315

¶1. (SBU) SUMMARY: Brazilian Air Traffic Controllers' continued \"work to rule\" \
operation, which reduces the number of aircraft each controller handles to the maximum \
allowed by International Civil Aviation Organization standards (14), has made flight \
delays routine in Brazil. The commander of the Brazilian Air Force, which is responsible \
for Air Traffic Control (ATC), and the Defense Minister were forced to acknowledge it.

¶2. (U) The work-to-rule operation was instituted primarily in response to the September \
29 mid-air collision and controllers' longstanding complaints that they were over-worked \
(reftel).

E.O. 12065: GDS 8/12/85 (TOMSETH, VICTOR L.) OR-P
¶1. (C - ENTIRE TEXT).
Classified By: DCM David S. Sedney. Reasons 1.4 (b) and (d).
¶1. (S/NF) Post understands that Treasury proposes the
¶1. (C/NF) During a May 19 lunch with USUN Deputy PermRep Wolff, Indian Deputy PermRep \
Ajai Malhotra (protect) reported that he had been sent to New York
Putin's expectations in the run-up to 2008 (ref A). Our
4. (CONFIDENTIAL) SECRET SUMMARY FOLLOWS (C)";
        let atc = ("ATC".to_string(), "Air Traffic Control".to_string());
        assert_eq!(pairs(text), [atc]);
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let odd = [
            "",
            "(",
            ")",
            "()",
            "((((((",
            ")))(((",
            "(ABC",
            "ABC)",
            "Über Straße Ärger (ÜSÄ)",
            "İstanbul İzmir (İİ) ǅemal (ǅ)",
            "日本 国 (日本) 東京 (ＡＢＣ)",
            "a (AB) b (A-B) c (-) d (.) e (') f (&&)",
            "the (The Thing) and (THE THING) (A B C D)",
            "X (AB: - ) Y (AB -) (AB ,) (AB;)",
            "\u{301}\u{301} (\u{301}A\u{301}B)",
        ];
        for text in odd {
            let _ = definitions(text);
        }
        // Long runs, multi-byte characters at every byte limit, and long words.
        let mut state = 7u32;
        let alphabet = [
            'a', 'B', ' ', '(', ')', '\n', 'é', '¶', '.', '-', '日', 'S', ',',
        ];
        let noise: String = (0..200_000)
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                alphabet[(state >> 16) as usize % alphabet.len()]
            })
            .collect();
        let _ = definitions(&noise);
        let long_word = format!("{} (AB) {}", "é".repeat(500), "(".repeat(10_000));
        let _ = definitions(&long_word);
        for pad in 0..8 {
            let text = format!("{}{} Big Bad (BB)", "x".repeat(pad), "日".repeat(120));
            assert_eq!(long_of(&text, "BB").as_deref(), Some("Big Bad"));
        }
    }

    #[test]
    fn passages_are_given_what_their_acronyms_stand_for_and_the_reverse() {
        let doc =
            crate::parse::parse_text(bundled("cables/09BAKU141.txt"), "09BAKU141").expect("parses");
        let defined = defined_in(&doc);
        let mia = |d: &&Definition| d.short == "MIA";
        let long = &defined.iter().find(mia).expect("MIA is defined").long;
        // A later paragraph that only writes "MIA" gets the words; one that only spells
        // them out gets the acronym; the defining one, which has both, gets nothing.
        let uses_short = doc
            .passages
            .iter()
            .find(|p| p.text.contains("MIA") && !p.text.contains(long.as_str()))
            .expect("a paragraph writes only MIA");
        assert!(aka(&defined, &uses_short.text).contains(long.as_str()));
        let defining = doc
            .passages
            .iter()
            .find(|p| p.text.contains("(MIA)"))
            .expect("defined");
        assert!(!aka(&defined, &defining.text).contains(long.as_str()));
        assert_eq!(aka(&[], &uses_short.text), "");
    }
}
