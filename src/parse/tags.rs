//! The TAGS line of a cable's header, as hurried hands typed it.
//!
//! Tag filters and facets are only as good as this line, and it comes in many forms: `TAGS:`,
//! `TAG:`, `Tags:`, one-letter slips (`TAS:`, `TGS:`, `TABS:`), no colon at all, an empty
//! label with the tags on the next line, tags glued together (`PGOVPREL`), and page-break
//! text or header words run in after them. A line that only mentions tags (`C O R R E C T E
//! D COPY -- ADDED E.O., TAGS, AND CLASS BY`) is not the TAGS line.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::tables;

/// The subject tags the dev cables' own TAGS lines use, built by `scripts/parse/tags.py`:
/// the pieces a glued run of tags may be split into, with the two-letter country tags.
const SUBJECT_TAGS: &str = include_str!("tags.txt");

static SUBJECTS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| SUBJECT_TAGS.lines().map(str::trim).collect());

/// A label at the start of a header line, and what follows it.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t¶]*([A-Za-z]{3,5})[ \t]*([:.;]?)[ \t]*(.*)$").expect("static regex compiles")
});

/// Words of the header that stand where tags do but never are tags.
const NOT_TAGS: &[&str] = &[
    "SIPDIS",
    "SECRET",
    "CONFIDENTIAL",
    "UNCLAS",
    "UNCLASSIFIED",
    "NOFORN",
    "SENSITIVE",
];

/// The tags of the header `lines` (up to the first paragraph), and the line after them:
/// the first TAGS line that holds tags, with its continuation lines.
/// WikiLeaks' preamble writes `Tags:` above the cable and drops the TAGS line's continuation
/// lines: the cable's own TAGS line below it, when there is one, is read instead.
pub(crate) fn in_header(lines: &[&str]) -> Option<(Vec<String>, usize)> {
    let mut found = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| label_value(l).map(|v| (i, v)))
        .filter_map(|(i, value)| Some((i, read_from(lines, i, value)?)));
    let (at, first) = found.next()?;
    let preamble = lines[at].trim_start().starts_with("Tags:");
    match preamble.then(|| found.next()).flatten() {
        Some((_, own)) => Some(own),
        None => Some(first),
    }
}

/// What follows a TAGS label at the start of `line`: `TAGS` and `TAG` in any case, with or
/// without a colon; a one-letter slip of `TAGS` only with its colon.
fn label_value(line: &str) -> Option<&str> {
    let c = LABEL.captures(line)?;
    let label = c[1].to_ascii_uppercase();
    let colon = !c[2].is_empty();
    let exact = label == "TAGS" || label == "TAG";
    (exact || (colon && one_slip(&label, "TAGS"))).then(|| c.get(3).map_or("", |m| m.as_str()))
}

/// Whether `a` is `b` with one letter added, dropped or changed.
fn one_slip(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = |x: &[u8], y: &[u8]| {
        x.iter()
            .rev()
            .zip(y.iter().rev())
            .take_while(|(p, q)| p == q)
            .count()
    };
    match a.len() as isize - b.len() as isize {
        0 => prefix + suffix(a, b) + 1 >= a.len() && a != b,
        1 | -1 => prefix + suffix(a, b) >= a.len().min(b.len()),
        _ => false,
    }
}

/// The tags of the TAGS line at `at` whose label is followed by `value`, with the lines that
/// continue it; `None` when they hold no tag.
fn read_from(lines: &[&str], at: usize, value: &str) -> Option<(Vec<String>, usize)> {
    let mut raw = value.to_string();
    let mut end = at + 1;
    for line in lines.iter().skip(at + 1).take(2) {
        let l = line.trim();
        let continues = raw.trim().is_empty() || raw.trim_end().ends_with(',');
        if l.is_empty() || !(continues || tag_shaped(l)) || label_value(l).is_some() {
            break;
        }
        raw.push(' ');
        raw.push_str(l);
        end += 1;
    }
    let tags = split(&raw);
    (!tags.is_empty()).then_some((tags, end))
}

/// A wrapped TAGS line goes on with a few more tag-shaped words, nothing else.
fn tag_shaped(line: &str) -> bool {
    let words: Vec<&str> = line.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    !words.is_empty()
        && words.len() <= 6
        && words
            .iter()
            .all(|w| (2..=6).contains(&w.len()) && w.chars().all(|c| c.is_ascii_uppercase()))
}

/// The tags of a TAGS line's text, upper case, each once, glued runs split. A word with a
/// digit (a page header, a date-time group) or a colon (the next field run in) ends them.
pub(crate) fn split(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tok in s.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
        let tok = tok.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '-');
        if tok.is_empty() {
            continue;
        }
        let up = tok.to_ascii_uppercase();
        if up.starts_with("SUBJ") || tok.contains(':') || up == "PAGE" || has_digit(tok) {
            break;
        }
        if NOT_TAGS.contains(&up.as_str()) {
            continue;
        }
        for tag in unglue(&up) {
            if !out.contains(&tag) {
                out.push(tag);
            }
        }
    }
    out
}

fn has_digit(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
}

/// A run of glued tags split into known tags (`PGOVPREL` → `PGOV PREL`), when exactly one
/// split has the fewest pieces, every piece a subject or country tag and one a subject tag;
/// anything else (a known tag, a name, a word such as `POLITICAL`) stays whole.
fn unglue(word: &str) -> Vec<String> {
    let glued = (6..=MAX_GLUED).contains(&word.len())
        && !SUBJECTS.contains(word)
        && word.bytes().all(|b| b.is_ascii_uppercase());
    match glued.then(|| only_fewest_split(word)).flatten() {
        Some(pieces) if pieces.iter().any(|p| p.len() >= 4) => {
            pieces.into_iter().map(str::to_string).collect()
        }
        _ => vec![word.to_string()],
    }
}

/// The longest run split: a dozen tags glued together; longer is not a TAGS line.
const MAX_GLUED: usize = 64;

/// The one split of `word` into known tags with the fewest pieces, if exactly one has.
fn only_fewest_split(word: &str) -> Option<Vec<&str>> {
    let known = |p: &str| SUBJECTS.contains(p) || tables::country_for_tag(p).is_some();
    // best[i]: the fewest pieces word[..i] splits into, in how many ways (2 meaning more
    // than one), and where the last piece of one such split starts.
    let mut best: Vec<Option<(usize, u8, usize)>> = vec![None; word.len() + 1];
    best[0] = Some((0, 1, 0));
    for end in 1..=word.len() {
        for start in end.saturating_sub(5)..end {
            let Some((pieces, ways, _)) = best[start] else {
                continue;
            };
            if !known(&word[start..end]) {
                continue;
            }
            best[end] = match best[end] {
                Some((p, w, s)) if p == pieces + 1 => Some((p, (w + ways).min(2), s)),
                Some(kept) if kept.0 < pieces + 1 => Some(kept),
                _ => Some((pieces + 1, ways, start)),
            };
        }
    }
    let (_, ways, _) = best[word.len()]?;
    (ways == 1).then(|| {
        let mut pieces = Vec::new();
        let mut end = word.len();
        while let Some((_, _, start)) = best[end].filter(|_| end > 0) {
            pieces.push(&word[start..end]);
            end = start;
        }
        pieces.reverse();
        pieces
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(header: &str) -> Vec<String> {
        let lines: Vec<&str> = header.lines().collect();
        in_header(&lines).map(|(t, _)| t).unwrap_or_default()
    }

    #[test]
    fn labels_as_typed_by_hurried_hands() {
        for line in [
            "TAGS: PGOV PREL KTIP",
            "TAG: PGOV PREL KTIP",
            "Tags: pgov, prel, ktip",
            "TAGs PGOV PREL KTIP",
            "TAS: PGOV PREL KTIP",
            "TGS: PGOV PREL KTIP",
            "TABS: PGOV PREL KTIP",
            "TAGS PGOV PREL KTIP",
        ] {
            assert_eq!(tags(line), ["PGOV", "PREL", "KTIP"], "{line}");
        }
        // A slip needs its colon: a line of prose is not a TAGS line.
        assert!(tags("TABS WERE KEPT ON THE MINISTER").is_empty());
    }

    #[test]
    fn a_line_that_mentions_tags_is_not_the_tags_line() {
        // 08TBILISI1349's correction notice comes before its TAGS line.
        let header = "C O R R E C T E D COPY -- ADDED E.O., TAGS, AND CLASS BY\n\n\
                      E.O. 12958:  DECL: 08/11/2018\nTAGS: PGOV PREL PHUM RU GG\n";
        assert_eq!(tags(header), ["PGOV", "PREL", "PHUM", "RU", "GG"]);
    }

    #[test]
    fn the_cables_own_tags_line_outranks_the_preambles() {
        // 09BAKU141's preamble, then its header, whose TAGS line wraps (made up).
        let header = "Tags:  KTIP PHUM PREF AJ \npdf how-to read a cable\nVZCZCXYZ0003\n\n\
                      E.O. 12958: N/A\nTAGS: KTIP PHUM PREF\nAJ ELAB\nSUBJECT: AZERBAIJAN\n";
        assert_eq!(tags(header), ["KTIP", "PHUM", "PREF", "AJ", "ELAB"]);
        assert_eq!(
            tags("Tags:  KTIP PHUM AJ\nSUBJECT: X\n"),
            ["KTIP", "PHUM", "AJ"]
        );
    }

    #[test]
    fn an_empty_label_takes_the_next_line() {
        // 09LONDON2178.
        let header = "TAGS: \nPGOV, PHUM, PINR, PREL, PROP, PTER, CASC, IR, UK \n\
                      SUBJECT: IRAN: HMG \"WILL DISCUSS\" RAISING CASES OF\n";
        let want = [
            "PGOV", "PHUM", "PINR", "PREL", "PROP", "PTER", "CASC", "IR", "UK",
        ];
        assert_eq!(tags(header), want);
    }

    #[test]
    fn glued_tags_split_only_where_the_split_is_unambiguous() {
        // 09CAIRO2190, 08THEHAGUE553, 08SANJOSE400.
        assert_eq!(
            split("ASECKFRDCVISKIRFPHUMSMIGEG"),
            ["ASEC", "KFRD", "CVIS", "KIRF", "PHUM", "SMIG", "EG"]
        );
        assert_eq!(
            split("PREL KNNPMNUC PARM"),
            ["PREL", "KNNP", "MNUC", "PARM"]
        );
        assert_eq!(split("SNARCS"), ["SNAR", "CS"]);
        // Words and names stay whole.
        assert_eq!(
            split("POLITICAL POLICY MQADHAFI"),
            ["POLITICAL", "POLICY", "MQADHAFI"]
        );
    }

    #[test]
    fn header_words_and_page_breaks_are_never_tags() {
        assert_eq!(split("PGOV PREL SIPDIS"), ["PGOV", "PREL"]);
        assert_eq!(
            split("PGOV PREL PAGE 02 ROME 01234 01 OF 02"),
            ["PGOV", "PREL"]
        );
        assert_eq!(split("PGOV, PREL 121212Z DEC 08"), ["PGOV", "PREL"]);
    }
}
