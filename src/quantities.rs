//! Questions of quantity and the passages that answer them. A question of how many, how
//! much or how long is answered by a passage that gives a number; a question of what
//! something cost, paid or earned by one that writes a sum of money; a question of a
//! rate or a share by one that writes a percentage. The index records what each passage
//! writes ([`numbers_in`], [`units_in`]); the ranking asks what the question wants
//! ([`asks_quantity`], [`asks_units`]).

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::lexicon;

/// A sum of money: a number with a currency.
pub(crate) const MONEY: u64 = 1;
/// A percentage.
pub(crate) const PERCENT: u64 = 2;

/// The words of one kind of the quantity table (`scripts/lexicon/quantities.py`, from
/// WordNet).
fn of_kind(kind: &str) -> impl Iterator<Item = &'static str> + '_ {
    lexicon::QUANTITIES
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .filter(move |(k, _)| *k == kind)
        .map(|(_, w)| w)
}

static CURRENCY: LazyLock<HashSet<&'static str>> = LazyLock::new(|| of_kind("currency").collect());

/// The currency codes cables write beside a sum (`USD 100`, `332 USD`, `EUR 2 million`):
/// the codes of the two currencies they report most, which WordNet's names do not cover.
const CODES: [&str; 3] = ["usd", "us$", "eur"];

/// Words that ask for a quantity, after `how` or on their own: English question forms, not
/// words of any particular question.
const QUANTITY_AFTER_HOW: [&str; 5] = ["many", "much", "long", "often", "far"];
const QUANTITY_WORDS: [&str; 14] = [
    "amount",
    "budget",
    "cost",
    "estimate",
    "number",
    "percent",
    "percentage",
    "price",
    "proportion",
    "rate",
    "ratio",
    "salary",
    "share",
    "total",
];

/// Whether a question asks for a quantity (`how many`, `number of`, `what share`), which a
/// passage answers with a number.
pub(crate) fn asks_quantity(words: &[String]) -> bool {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let how = lower
        .windows(2)
        .any(|w| w[0] == "how" && QUANTITY_AFTER_HOW.contains(&w[1].as_str()));
    how || lower.iter().any(|w| QUANTITY_WORDS.contains(&w.as_str()))
}

/// The kinds of quantity a question asks for ([`MONEY`], [`PERCENT`]), or 0, from the
/// stems of its words (as the index's analyzer makes them).
pub(crate) fn asks_units<'a>(stems: impl IntoIterator<Item = &'a str>) -> u64 {
    let kind = |k: &str| match k {
        "money" => MONEY,
        "rate" => PERCENT,
        _ => 0,
    };
    let asked = stems.into_iter().flat_map(lexicon::asked_by);
    asked.fold(0, |kinds, k| kinds | kind(k))
}

/// How many numbers `text` writes (runs of digits, and number words), paragraph numbers
/// and years aside: those say nothing about a quantity.
pub(crate) fn numbers_in(text: &str) -> u64 {
    const WORDS: [&str; 12] = [
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen", "hundred",
        "thousand",
    ];
    let words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let is_year = |w: &str| w.len() == 4 && (w.starts_with("19") || w.starts_with("20"));
    words
        .filter(|w| {
            let digits = w.bytes().all(|b| b.is_ascii_digit());
            (digits && !is_year(w)) || WORDS.contains(&w.to_lowercase().as_str())
        })
        .count() as u64
}

/// A word without the punctuation around it; `$`, `%` and the like kept.
fn token(word: &str) -> &str {
    let keep = |c: char| c.is_alphanumeric() || "$€£¥%".contains(c);
    word.trim_matches(|c: char| !keep(c))
}

fn is_number(t: &str) -> bool {
    t.starts_with(|c: char| c.is_ascii_digit())
}

fn is_code(t: &str) -> bool {
    CODES.iter().any(|c| c.eq_ignore_ascii_case(t))
}

/// A currency's name, singular or plural (`dinar`, `dinars`, `rupees`), or code.
fn is_currency(t: &str) -> bool {
    let t = t.to_lowercase();
    let singular = t.strip_suffix('s').unwrap_or(&t);
    CURRENCY.contains(t.as_str()) || CURRENCY.contains(singular) || is_code(&t)
}

/// The kinds of quantity `text` writes: [`MONEY`] for a currency sign or code before a
/// number (`$2 billion`, `USD 100`) or a currency's name or code after one (`400,000
/// dinars`, `10 million euros`, `332 USD`); [`PERCENT`] for a number with `%`, `percent`
/// or `per cent`. Read at index time for every passage, so it allocates only for the word
/// after a number.
pub(crate) fn units_in(text: &str) -> u64 {
    const SCALE: [&str; 4] = ["thousand", "million", "billion", "trillion"];
    let tokens: Vec<&str> = text.split_whitespace().map(token).collect();
    let is = |t: &str, word: &str| t.eq_ignore_ascii_case(word);
    let mut kinds = 0;
    for (i, &t) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1).copied().unwrap_or("");
        let signed = t.strip_prefix(['$', '€', '£', '¥']).is_some_and(is_number);
        if signed || (is_code(t) && is_number(next)) {
            kinds |= MONEY;
        }
        if !is_number(t) {
            continue;
        }
        let rest = &tokens[i + 1..];
        let at = rest.iter().position(|w| !SCALE.iter().any(|s| is(w, s)));
        let after = at.map_or("", |k| rest[k]);
        let cent = at
            .and_then(|k| rest.get(k + 1))
            .is_some_and(|w| is(w, "cent"));
        if t.ends_with('%') || is(after, "percent") || (is(after, "per") && cent) {
            kinds |= PERCENT;
        }
        if !after.is_empty() && is_currency(after) {
            kinds |= MONEY;
        }
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn quantity_questions_are_told_apart() {
        assert!(asks_quantity(&words("how many women stopped each month")));
        assert!(asks_quantity(&words("number of trafficking cases")));
        assert!(!asks_quantity(&words("how police inspect brothels")));
    }

    fn asks(question: &str) -> u64 {
        let stems = analyzer::terms(&mut analyzer::text_analyzer(), question);
        asks_units(stems.iter().map(String::as_str))
    }

    #[test]
    fn questions_of_money_and_rates_are_told_apart() {
        assert_eq!(asks("monthly salary of Cuban doctor in Venezuela"), MONEY);
        assert_eq!(asks("UNHCR Cairo recognition rate"), PERCENT);
        assert_eq!(asks("Uzbek journalist plans to seek asylum"), 0);
    }

    #[test]
    fn numbers_are_counted_but_not_years() {
        // 08REYKJAVIK36, paragraph 4, and a sentence of 09BAKU141 with only a year.
        let stopped = "police stopped four women per month, of 38 attendees in 2007";
        assert_eq!(numbers_in(stopped), 2);
        assert_eq!(numbers_in("In 2008 the GOAJ adopted the law."), 0);
    }

    #[test]
    fn sums_and_percentages_are_found_in_cables_sentences() {
        // 09CARACAS442, 08ALGIERS787, 09MOSCOW367 and 09CAIRO2297 (the dev cables).
        assert_eq!(units_in("they only make 715 BsF (332 USD) a month"), MONEY);
        assert_eq!(units_in("offered each 400,000 dinars and a job"), MONEY);
        assert_eq!(units_in("cost Gazprom $2 billion in sales"), MONEY);
        let rate = "the Ethiopian rate of refugee acceptance is only 20 percent";
        assert_eq!(units_in(rate), PERCENT);
        assert_eq!(units_in("some 12 per cent, and 15%"), PERCENT);
        assert_eq!(units_in("a grant of €2 million, £ and ¥"), MONEY);
        // A paragraph reference, a year and a count are neither.
        assert_eq!(units_in("see para 5; in 2008, 38 attendees"), 0);
    }

    #[test]
    fn no_text_makes_the_reader_of_sums_panic() {
        // Every string of up to four of these: signs of several bytes beside digits and
        // the words the reader looks for, as real text glues them (`£ing` was one).
        let parts = ["$", "€", "£", "¥", "%", "1", " ", "usd", "per", "cent", "é"];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            texts = texts
                .iter()
                .flat_map(|t| parts.iter().map(move |p| format!("{t}{p}")))
                .collect();
            for t in &texts {
                let _ = units_in(t);
            }
        }
    }
}
