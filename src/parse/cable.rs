//! Cables: the ACP-127 header, the WikiLeaks preamble, the banner and the numbered body.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

use super::ident::{garbled_aliases, id_of, last4, published_garbled, sent_by};
use super::reflow::{self, Block};
use super::{refs, tables, tags, year};
use crate::model::{Document, Kind, Passage};

/// Compiles a regex written in this file; a bad pattern is a programming error caught by tests.
fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static regex compiles")
}

/// A classification word as it appears in banners, letter-spaced (`S E C R E T`) or not.
fn spaced(word: &str) -> String {
    word.chars()
        .map(|c| {
            if c == ' ' {
                r"\s*".to_string()
            } else {
                format!(r"{c}\s?")
            }
        })
        .collect::<String>()
        .trim_end_matches(r"\s?")
        .to_string()
}

/// The banner line. Its `SECTION n OF m` is any word before `n OF m` (`SCTION`, `SECTON`,
/// `Section 01 of 05` occur): a post is never followed by `n OF m`, a section always is.
static BANNER: LazyLock<Regex> = LazyLock::new(|| {
    let class = [
        "UNCLASSIFIED",
        "UNCLAS",
        "CONFIDENTIAL",
        "SECRET",
        "LIMITED OFFICIAL USE",
    ]
    .iter()
    .map(|w| spaced(w))
    .collect::<Vec<_>>()
    .join("|");
    re(&format!(
        r"(?m)^[ \t]*(?P<class>{class})(?P<caveat>(?:[ \t]*//[ \t]*[A-Z]+|[ \t]+NOFORN|[ \t]+SENSITIVE|[ \t]+E[ \t]?F[ \t]?T[ \t]?O|[ \t]+SBU)*)[ \t]+(?P<section>[A-Z]{{4,8}}[ \t]+\d+[ \t]+(?i:OF)[ \t]+\d+[ \t]+)?(?P<post>[A-Z][A-Z.'\- ]*?)[ \t]*(?P<serial>\d{{2,7}})(?:\D|$)"
    ))
});
static DTG: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?m)^[ \t]*(?:[ZOPRM]{1,2}\s+){0,2}(\d{2})(\d{2})(\d{2})Z\s+([A-Za-z]{3})\s+(\d{2}|\d{4})\b",
    )
});
static DE_LINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?m)^DE\s+[A-Z0-9]+\s+#\d+(?:/\d+)?\s+(\d{3})(\d{2})(\d{2})\b"));
pub(super) static FM_LINE: LazyLock<Regex> = LazyLock::new(|| re(r"(?m)^FM\s+(.+?)\s*$"));
static ZNY_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?m)^ZN[YR]\s+(C)CCCC|^ZN[YR]\s+(S)SSSS|^ZN[YR]\s+(U)UUUU|^ZN[YR]\s+(E)EEEE")
});
static TAGS: LazyLock<Regex> = LazyLock::new(|| re(r"(?m)(?:^|\s)TAGS\s*:[ \t]*(.*)$"));
/// The SUBJECT label, also `SUBJ` and one that lost its first letter (`UBJECT:`).
static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?m)(?:^[ \t]*|\s)(?:SUBJ(?:ECT)?|UBJECT)\s*:[ \t]*(.*)$|^[ \t]*SUBJ(?:ECT)?[ \t]+(.*)$")
});
static EO_LINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?m)(?:^[ \t]*|\s)E\.\s?O\.?\s*\d{4,5}\s*:?\s*(.*)$"));
/// The line that ends a banner's address block.
static ADDRESS_ENDS: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s*(?:E\.\s?O\.|TAGS\b|SUBJ(?:ECT)?\b|REF\b)"));
static SENSITIVE_WORD: LazyLock<Regex> = LazyLock::new(|| re(r"\bSENSITIVE\b"));
static CLASSIFIED_BY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?mi)^[ \t]*(?:Classified|Derived)\s+By\b"));
static PARTIAL_DATE_LONG: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?m)^\s*[A-Za-z]+,\s+(\d{1,2})\s+([A-Za-z]+)\s+(\d{4}),\s+(\d{1,2}):(\d{2})")
});
static CABLE_DATED: LazyLock<Regex> =
    LazyLock::new(|| re(r"Cable dated:\s*(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})"));
static CABLE_DATED_GLUED: LazyLock<Regex> =
    LazyLock::new(|| re(r"(Cable dated:\s*\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})"));
static GLUED_BODY: LazyLock<Regex> = LazyLock::new(|| re(r"¶\s?1|\((?:U|SBU|C|S|S/NF|C/NF)\)"));
static CABLE_ENDS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^[=*\-\s]*(?:cable ends|end (?:of )?cable|end of text)[=*\-\s]*$"));
static PREAMBLE_CREATED: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?"));
static PAGE_BREAK: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s*[A-Z][A-Z .'-]*\s\d{5,8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\s*$"));
/// The page part of a page-break marker (`00000071  002.2 OF 003`): the serial padded to
/// eight digits, the page and the page count. The post's name comes before it.
static PAGE_MARK: LazyLock<Regex> =
    LazyLock::new(|| re(r"\d{8}[ \t]+\d{3}(?:\.\d)?[ \t]+OF[ \t]+\d{3}\b"));
static FIRST_PARAGRAPH: LazyLock<Regex> = LazyLock::new(|| re(r"^1\s*\.\s+\(?"));
static DE_SERIAL: LazyLock<Regex> = LazyLock::new(|| re(r"(?m)^DE\s+[A-Z0-9]+\s+#(\d+)"));
/// Where a collapsed header puts the next field on the subject's line.
static SUBJECT_END: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"\s+(?:(?:REFS?|REFTELS?)\b|(?i:Refs?\s*:|Classified\s+By\b|Sensitive\s+But\s+Unclassified\b)|¶\s?1\b)",
        // A REF label glued to the subject's last word (`MARCH 24-28REF: A. CAIRO 452`).
        r"|[0-9A-Za-z)]REFS?:",
        // The first paragraph, numbered or marked, run in (`... OFFICIALS (U) We delivered`).
        r"|\s+1\.\s+\(?[A-Z]|\s+\((?:U|SBU|C|S)\)\s+[A-Z][a-z]",
        // A page header (`CAIRO 00002178  002 OF 003`).
        r"|\s+[A-Z][A-Z ]+\s\d{5,8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}",
    ))
});
/// "1. C) Summary": a marking that lost its opening bracket.
static HALF_MARKING: LazyLock<Regex> = LazyLock::new(|| re(r"^(U|SBU|C|S)\)\s+"));
static HEADER_ENDS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^\s*-{3,}\s*header ends\s*-{3,}\s*$"));
static WEB_LINK: LazyLock<Regex> = LazyLock::new(|| re(r"\[([^\]\n]*)\]\(#\)"));
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:(?P<pil>¶)\s*(?P<n1>\d{1,3})\.?|(?P<n2>\d{1,3})\s*[.)]|\(?(?P<l>[A-Z]|[a-z])[.)])(?P<sep>\s+|\s*\(|$|)",
    )
});
static MARKING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\(?\s*(?P<m>U|SBU|C|S|S/NF|C/NF|C/REL[^)]*|S/REL[^)]*|TS|FOUO|U/FOUO|LOU|SBU/NF|S//NF|C//NF)\s*(?:-[^)]*)?\)\s*",
    )
});

/// Everything read from the top of a cable before its body.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::ident::reconcile;

    #[test]
    fn page_break_markers_inside_lines_go_and_lines_of_their_own_stay() {
        let banner = "CONFIDENTIAL SECTION 01 OF 03 SAO PAULO 000428\n\n";
        let text = format!(
            "{banner}GOL WANTS TO RENEGOTIATE CONTRACTS, INCREASE  SAO PAULO 00000428  002.2 OF 003   ITS SHARE\n\
             SAO PAULO 00000428 003 OF 003 2006.\n\
             the talks went on\n\
             SAO PAULO 00000428 002 OF 003\n\
             PARTY ALIGNMENTS SAO PAULO\n\n00000428 003 OF 003\n\n---\n"
        );
        let got = drop_inline_page_breaks(&text);
        assert_eq!(
            got,
            format!(
                "{banner}GOL WANTS TO RENEGOTIATE CONTRACTS, INCREASE ITS SHARE\n\
                 2006.\n\
                 the talks went on\n\
                 SAO PAULO 00000428 002 OF 003\n\
                 PARTY ALIGNMENTS\n\n\n\n---\n"
            )
        );
    }

    #[test]
    fn the_fm_and_de_lines_overrule_a_banner_that_disagrees() {
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        // 07PARIS2725 quotes MOSCOW 5154's banner; FM PARIS, DE #2725.
        // Found by the fuzzer: a serial of fullwidth digits is cut by characters.
        let wide = reconcile(pair("PARIS", "１２"), "PARIS".into(), "12".into());
        assert_eq!(wide, pair("PARIS", "１２"));
        let quoted = reconcile(pair("MOSCOW", "5154"), "PARIS".into(), "2725".into());
        assert_eq!(quoted, pair("PARIS", "2725"));
        // 07BUENOSAIRES1673: "BUENOS AIRES 00167SIPDIS", DE #1673.
        let cut = reconcile(
            pair("BUENOS AIRES", "167"),
            "BUENOS AIRES".into(),
            "1673".into(),
        );
        assert_eq!(cut, pair("BUENOS AIRES", "1673"));
        // STATE 30927: the DE line keeps four digits; the banner's serial stands.
        let long = reconcile(pair("STATE", "30927"), "STATE".into(), "927".into());
        assert_eq!(long, pair("STATE", "30927"));
        // A garbled section word no longer takes the post's place.
        let line = "SECRET SECTION 01 of 05 ROME 000097";
        let b = BANNER.captures(line).expect("a banner");
        assert_eq!((&b["post"], &b["serial"]), ("ROME", "000097"));
        let b = BANNER.captures("C O N F I D E N T I A L SCTION 02 OF 03 ANKARA 001234");
        assert_eq!(b.map(|b| b["post"].to_string()), Some("ANKARA".to_string()));
    }

    fn parsed(text: &str) -> crate::model::Document {
        crate::parse::parse_text(text, "t.txt").expect("parses")
    }

    /// A header in the shape of 10SHENYANG4's, with `banner` in place of its banner line.
    fn header_with(banner: &str) -> String {
        format!(
            "DE RUEHSH #0004/01 0070012\nZNY SSSSS ZZH\nR 070012Z JAN 10\nFM AMCONSUL SHENYANG\n\
             TO RUEHC/SECSTATE WASHDC 8952\n\n{banner}\n\nNOFORN\n\nE.O. 12958: DECL: 01/07/2020\n\
             TAGS: CH ECON KN\nSUBJECT: NORTH KOREA TRADE\n\n1. (S) Summary: trade is down.\n"
        )
    }

    #[test]
    fn a_garbled_banner_gives_the_post_that_sent_it_and_keeps_the_garbled_id_as_an_alias() {
        // 10SHENYANG4's banner has its post redacted.
        let redacted = parsed(&header_with(
            "S E C R E T SECTION 01 OF 02 XXXXXXXXXXXX 000004",
        ));
        assert_eq!(
            (redacted.doc_id.as_str(), redacted.aliases.len()),
            ("10SHENYANG4", 0)
        );
        let misspelled = parsed(&header_with("S E C R E T SHENYAGN 000004"));
        assert_eq!(misspelled.doc_id, "10SHENYANG4");
        assert_eq!(misspelled.aliases, ["10SHENYAGN4"]);
        // With no DE line to check the serial by, a near spelling of the FM line's post.
        let no_de =
            header_with("S E C R E T SHENYAGN 000004").replace("DE RUEHSH #0004/01 0070012\n", "");
        assert_eq!(parsed(&no_de).doc_id, "10SHENYANG4");
        let other = header_with("S E C R E T SECTION 01 OF 02 BEIJNG 000004")
            .replace("DE RUEHSH #0004/01 0070012\n", "");
        assert_eq!(parsed(&other).doc_id, "10BEIJNG4");
        let section = parsed(&header_with("S E C R E T SCTION 01 OF 02 SHENYANG 000004"));
        assert_eq!(section.doc_id, "10SHENYANG4");
        assert_eq!(section.aliases, ["10SCTION01OF02SHENYANG4"]);
        // 06REYKJAVIK401's banner serial is cut short: the DE line completes it, and the
        // short id, another cable's, is no alias.
        let cut = parsed(&header_with("SECRET SHENYANG 00004QSITIVE").replace("#0004", "#0040"));
        assert_eq!(
            (cut.doc_id.as_str(), cut.aliases.len()),
            ("10SHENYANG40", 0)
        );
    }

    #[test]
    fn a_banner_in_lower_case_or_run_into_another_line_still_gives_the_serial() {
        // 09STATE68250 types its banner in lower case; the DE line has only #8250.
        let lower =
            "DE RUEHC #8250 1821729\nZNY SSSSS ZZH\nP R 011706Z JUL 09\nFM SECSTATE WASHDC\n\
                     TO RUEHRL/AMEMBASSY BERLIN PRIORITY 0000\n\nS e c r e t state 068250\n\n\
                     Sipdis\n\nE.o. 12958: decl: 07/01/2034\nSubject: german test chamber\n\n\
                     1. (U) This is an action request.\n";
        assert_eq!(parsed(lower).doc_id, "09STATE68250");
        // 09STATE30927, a CSV row that runs the banner into the address.
        let run_in = "DE RUEHC #0927 0901915\nZNY SSSSS ZZH\nR 311858Z MAR 09\nFM SECSTATE WASHDC\n\
                      TO AMEMBASSY BUENOS AIRES 6302\n\n18:58,09X,\"S E C R E T STATE 030927 \"\"NOFORN \
                      ,,\"\"TAGS: PINR PGOV AR\n\nSUBJECT: (C) KUDOS FOR BUENOS AIRES 000174\n\n\
                      1. (C/NF) INR/B ANALYSTS GREATLY APPRECIATED REFTEL.\n";
        assert_eq!(parsed(run_in).doc_id, "09STATE30927");
    }

    #[test]
    fn a_garbled_published_id_becomes_an_alias_of_the_headers() {
        // 08SCTION02OF02SAOPAULO335, as WikiLeaks published it.
        let text = "Reference ID: 08SCTION02OF02SAOPAULO335\nCreated: 2008-06-26 09:09\n\
                    Classification: CONFIDENTIAL\nOrigin: Consulate Sao Paulo\n\n\
                    DE RUEHSO #0335/02 1780929\nZNY CCCCC ZZH\nP 260929Z JUN 08\n\
                    FM AMCONSUL SAO PAULO\nTO RUEHC/SECSTATE WASHDC PRIORITY 8348\n\n\
                    C O N F I D E N T I A L SCTION 02 OF 02 SAO PAULO 000335\n\n\
                    SIPDIS\n\nE.O. 12958: DECL: 06/25/2018\nTAGS: PGOV BR\nSUBJECT: ELECTIONS\n\n\
                    1. (C) The race is on.\n";
        let doc = parsed(text);
        assert_eq!(doc.doc_id, "08SAOPAULO335");
        assert_eq!(doc.aliases, ["08SCTION02OF02SAOPAULO335"]);
    }

    /// The subject of a header, read the way `parse_header` reads it.
    fn subject(header: &str) -> String {
        let lines: Vec<&str> = header.lines().collect();
        let c = SUBJECT.captures(header).expect("a SUBJECT label");
        let at = header[..c.get(0).expect("a match").end()]
            .matches('\n')
            .count();
        let first = c.get(1).or(c.get(2)).map_or("", |m| m.as_str()).trim();
        subject_from(&lines, at, first).0
    }

    #[test]
    fn the_subject_ends_where_the_next_field_starts() {
        // 09CAIRO200: the label alone, the subject after a blank line, run into REF.
        let header = "SUBJECT:\n\nINVITATION TO NNSA SEMINAR DELIVERED REF: STATE 5535 (U) We \
                      delivered reftel points\n";
        assert_eq!(subject(header), "INVITATION TO NNSA SEMINAR DELIVERED");
        // 08CAIRO524: a REF label glued to the last word.
        let glued = "SUBJECT: SCENESETTER FOR MINDEF VISIT MARCH 24-28REF: A. CAIRO 452\n";
        assert_eq!(subject(glued), "SCENESETTER FOR MINDEF VISIT MARCH 24-28");
        // 09STOCKHOLM736: a mixed-case label and a page header on the same line.
        let mixed = "SUBJECT: IPR UPDATE: PIRATE BAY  Ref: A) STOCKHOLM 733  \
                     STOCKHOLM 00000736  001.2 OF 002\n";
        assert_eq!(subject(mixed), "IPR UPDATE: PIRATE BAY");
        // A copy saved from a web page: entities, an escaped dump's line-end backslash.
        let saved =
            "SUBJ: US &amp; EU &quot;TALKS&quot; ON &#39;09 &#x2013; RESULTS \\\nREF: A. X 1\n";
        assert_eq!(subject(saved), "US & EU \"TALKS\" ON '09 \u{2013} RESULTS");
        // 09CAIRO1046: the SBU line, then the first paragraph.
        let sbu = "SUBJECT: H1N1 OUTBREAK SHUTS DOWN AUC SENSITIVE BUT UNCLASSIFIED. PLEASE \
                   HANDLE ACCORDINGLY. 1.(SBU): THE MINISTRY\n";
        assert_eq!(subject(sbu), "H1N1 OUTBREAK SHUTS DOWN AUC");
        // A word that starts like REF is part of the subject.
        assert_eq!(
            subject("SUBJECT: UN REFORM INITIATIVE\n"),
            "UN REFORM INITIATIVE"
        );
    }

    #[test]
    fn subject_labels_as_typed() {
        let want = "ESSA MOOSA TALKS ABOUT MANDELA";
        assert_eq!(subject("SUBJ:  ESSA MOOSA TALKS ABOUT MANDELA \n"), want);
        // 08MANAMA492's label lost its first letter.
        assert_eq!(subject("UBJECT: ESSA MOOSA TALKS ABOUT MANDELA\n"), want);
        let wrapped = "SUBJECT: ESSA MOOSA TALKS\nABOUT MANDELA\n\n1. (C) Summary";
        assert_eq!(subject(wrapped), want);
    }

    #[test]
    fn a_caveat_below_the_banner_counts_and_a_paragraph_marking_does_not() {
        // The address block of 06BRASILIA773: SENSITIVE at the end of its ninth line.
        let block = "SIPDIS\nSTATE PASS USTR:MSULLIVAN\nDOE FOR GWARD/SLADISLAW\n\
                     TREASURY FOR OASIA:FPARODI AID/W FOR LAC/AA SENSITIVE SIPDIS";
        assert_eq!(
            classification_from_banner("UNCLAS", "", block),
            "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
        );
        assert_eq!(
            classification_from_banner("UNCLAS", "", "SIPDIS"),
            "UNCLASSIFIED"
        );
        assert_eq!(
            classification_from_banner("S E C R E T", "", "NOFORN\nSIPDIS"),
            "SECRET//NOFORN"
        );
    }

    #[test]
    fn every_pattern_compiles() {
        for r in [
            &BANNER,
            &DTG,
            &DE_LINE,
            &FM_LINE,
            &ZNY_LINE,
            &TAGS,
            &SUBJECT,
            &EO_LINE,
            &CLASSIFIED_BY,
            &PARTIAL_DATE_LONG,
            &CABLE_DATED,
            &PREAMBLE_CREATED,
            &PAGE_BREAK,
            &WEB_LINK,
            &NUMBER,
            &MARKING,
        ] {
            let _ = r.is_match("");
        }
    }
}

#[derive(Debug, Default)]
struct Header {
    id: Option<String>,
    year: Option<i32>,
    date: Option<OffsetDateTime>,
    classification: Option<String>,
    origin: Option<String>,
    tags: Vec<String>,
    subject: Option<String>,
    references: Vec<String>,
    /// Garbled ids the cable was published under.
    aliases: Vec<String>,
    /// Index of the first line of the body.
    body_start: usize,
    partial: bool,
}

/// What WikiLeaks says of a cable beside its text: the preamble it prepends to a text file
/// (`Reference ID:` lines, or labels then values), a cables.csv row's columns, a cable
/// page's table. A reader that holds it hands it to [`parse_with`] as it is.
#[derive(Debug, Default, Clone)]
pub(crate) struct Metadata {
    pub(crate) id: Option<String>,
    pub(crate) created: Option<OffsetDateTime>,
    pub(crate) classification: Option<String>,
    pub(crate) origin: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) title: Option<String>,
}

impl Metadata {
    /// Sets the field a WikiLeaks label names (`Reference ID`, `Identifier`, `Created` as
    /// `YYYY-MM-DD HH:MM`, `Classification`, `Origin`); an empty value, an unknown label,
    /// or a second `Created` changes nothing.
    pub(crate) fn set(&mut self, label: &str, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        match label {
            "Reference ID" | "Identifier" => self.id = Some(value.to_string()),
            "Created" if self.created.is_none() => self.created = created(value),
            "Classification" => self.classification = Some(value.to_string()),
            "Origin" => self.origin = Some(value.to_string()),
            _ => {}
        }
    }
}

/// WikiLeaks' `Created` date and time (`2009-11-23 14:03`).
fn created(value: &str) -> Option<OffsetDateTime> {
    let c = PREAMBLE_CREATED.captures(value)?;
    datetime(
        num(c.get(1))?,
        Month::try_from(num::<u8>(c.get(2))?).ok()?,
        num(c.get(3))?,
        num(c.get(4)).unwrap_or(0),
        num(c.get(5)).unwrap_or(0),
    )
}

const PREAMBLE_LABELS: [&str; 6] = [
    "Reference ID",
    "Identifier",
    "Created",
    "Released",
    "Classification",
    "Origin",
];

/// True when the text looks like a cable rather than a report narrative.
pub(crate) fn looks_like_cable(text: &Cleaned) -> bool {
    let text = &text.0;
    let head = &text[..text.char_indices().nth(6000).map_or(text.len(), |(i, _)| i)];
    let signals = [
        BANNER.is_match(head),
        DTG.is_match(head),
        FM_LINE.is_match(head),
        TAGS.is_match(head),
        head.contains("Reference ID:") || head.lines().any(|l| l.trim() == "Identifier"),
        head.contains("partial extract of the original cable"),
        SUBJECT.is_match(head),
    ];
    signals.iter().filter(|s| **s).count() >= 2
}

/// A text through [`clean`], once: both telling whether it is a cable and parsing it read it.
pub(crate) struct Cleaned(String);

impl Cleaned {
    /// Cleans `text` (see [`clean`]).
    pub(crate) fn new(text: &str) -> Cleaned {
        Cleaned(clean(text))
    }
}

/// Removes web-page artefacts so that every wrapping reads the same: `[PGOV](#)` is `PGOV`,
/// and `[1](#)2.` is the `¶2.` the page lost.
fn clean(text: &str) -> String {
    // Each step runs only where the text has what it mends: most texts need none of them,
    // and each would copy the whole text.
    // U+2028 and U+2029 are how some copies break their lines.
    let mut text = if text.contains(['\r', '\u{2028}', '\u{2029}']) {
        text.replace("\r\n", "\n")
            .replace(['\r', '\u{2028}', '\u{2029}'], "\n")
    } else {
        text.to_string()
    };
    // A row of the cables.csv dump: fields split by tabs, lines ending in a backslash, quotes
    // escaped MySQL-style. Read it as the same lines the other wrappings have.
    let continued = if text.contains('\\') {
        text.lines().filter(|l| l.ends_with('\\')).count()
    } else {
        0
    };
    if continued >= 3 && continued * 3 >= text.lines().count() {
        text = text
            .lines()
            .map(|l| l.strip_suffix('\\').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .replace("\\\"", "\"")
            .replace('\t', "\n");
    }
    // A cables.csv row pasted into a text file leaves its field separator at the start of
    // the banner's line (`","C O N F I D E N T I A L ...`).
    if text.contains("\",\"") {
        text = text
            .lines()
            .map(|l| l.trim_start().strip_prefix("\",\"").unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n");
    }
    if text.contains("[1](#)") {
        text = text.replace("[1](#)", "¶");
    }
    // Partial extracts sometimes glue the banner to the date line.
    if text.contains("Cable dated:") {
        text = CABLE_DATED_GLUED.replace_all(&text, "$1\n").into_owned();
    }
    if let Cow::Owned(dropped) = drop_inline_page_breaks(&text) {
        text = dropped;
    }
    if text.contains("](#)") {
        text = WEB_LINK.replace_all(&text, "$1").into_owned();
    }
    text
}

/// Removes page-break markers that sit inside a line (`... INCREASE  TRIPOLI 00000071
/// 002.2 OF 003   ITS SHARE`), as copies whose lines were run together have them. A marker
/// alone on its line is left to the page-break rules, which also join the sentence it cut.
/// The post's name is the banner's where the marker has it, so that a post of several
/// words goes and the capitals before it stay; otherwise the one word before the serial.
fn drop_inline_page_breaks(text: &str) -> Cow<'_, str> {
    if !text.contains(" OF ") {
        return Cow::Borrowed(text);
    }
    let mut head_end = text.len().min(4000);
    while !text.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let head = &text[..head_end];
    let banner_post = BANNER
        .captures(head)
        .and_then(|c| c.name("post"))
        .map(|m| m.as_str().trim())
        .filter(|p| !p.is_empty());
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for m in PAGE_MARK.find_iter(text) {
        let line_start = text[..m.start()].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[m.end()..]
            .find('\n')
            .map_or(text.len(), |i| m.end() + i);
        // From the line's start, or from the end of a marker already dropped on this line.
        let start = line_start.max(copied);
        let before = text[start..m.start()].trim_end();
        let post_len = match banner_post {
            Some(post) if before.ends_with(post) => post.len(),
            _ => before.len() - before.rfind([' ', '\t']).map_or(0, |i| i + 1),
        };
        let post = &before[before.len() - post_len..];
        let kept = before[..before.len() - post_len].trim_end();
        let after = text[m.end()..line_end].trim();
        let is_post = !post.is_empty()
            && post
                .chars()
                .all(|c| c.is_ascii_uppercase() || " .'-".contains(c));
        let alone = start == line_start && kept.is_empty() && after.is_empty();
        if before.is_empty() && after.is_empty() && start == line_start {
            // The serial alone, its post left at the end of the line before (a heading).
            let prev_end = text[copied..line_start].trim_end().len() + copied;
            if let Some(post) = banner_post.filter(|p| text[copied..prev_end].ends_with(p)) {
                let cut = prev_end - post.len();
                if cut == copied || text[..cut].ends_with([' ', '\t', '\n']) {
                    out.push_str(text[copied..cut].trim_end_matches([' ', '\t']));
                    out.push_str(&text[prev_end..line_start]);
                    copied = m.end();
                }
            }
            continue;
        }
        if !is_post || alone {
            continue;
        }
        out.push_str(&text[copied..start]);
        out.push_str(kept);
        if !kept.is_empty() && !after.is_empty() {
            out.push(' ');
        }
        copied =
            m.end() + (text[m.end()..line_end].len() - text[m.end()..line_end].trim_start().len());
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The month a name starts with, in any case: `FEB`, `Feb.`, `February`.
pub(super) fn month_from_abbrev(s: &str) -> Option<Month> {
    let m = match s.get(..3)?.to_ascii_uppercase().as_str() {
        "JAN" => Month::January,
        "FEB" => Month::February,
        "MAR" => Month::March,
        "APR" => Month::April,
        "MAY" => Month::May,
        "JUN" => Month::June,
        "JUL" => Month::July,
        "AUG" => Month::August,
        "SEP" => Month::September,
        "OCT" => Month::October,
        "NOV" => Month::November,
        "DEC" => Month::December,
        _ => return None,
    };
    Some(m)
}

/// Two-digit years in cables run from the 1960s to the 2010s.
fn full_year(yy: i32) -> i32 {
    match yy {
        0..=49 => 2000 + yy,
        50..=99 => 1900 + yy,
        _ => yy,
    }
}

fn datetime(year: i32, month: Month, day: u8, hour: u8, minute: u8) -> Option<OffsetDateTime> {
    let date = Date::from_calendar_date(year, month, day).ok()?;
    let time = Time::from_hms(hour, minute, 0).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

fn num<T: std::str::FromStr>(s: Option<regex::Match<'_>>) -> Option<T> {
    s?.as_str().parse().ok()
}

fn parse_preamble(lines: &[&str]) -> Metadata {
    let mut p = Metadata::default();
    let top: Vec<&str> = lines.iter().take(40).map(|l| l.trim()).collect();
    let set = |label: &str, value: &str, p: &mut Metadata| p.set(label, value);
    // "Label: value" lines.
    for line in &top {
        for label in PREAMBLE_LABELS {
            if let Some(rest) = line.strip_prefix(label).and_then(|r| r.strip_prefix(':')) {
                set(label, rest, &mut p);
            }
        }
    }
    // A run of bare labels followed by as many values (the layout of some mirrors).
    let mut i = 0;
    while i < top.len() {
        let labels: Vec<&str> = top[i..]
            .iter()
            .take_while(|l| PREAMBLE_LABELS.contains(l))
            .copied()
            .collect();
        if labels.len() >= 2 {
            let values = &top[i + labels.len()..];
            for (label, value) in labels.iter().zip(values.iter()) {
                set(label, value, &mut p);
            }
            break;
        }
        i += 1;
    }
    // The cables.csv columns, one per line: row, created, id, origin, classification, references.
    let is_id = |l: &str| {
        let b = l.as_bytes();
        (6..=30).contains(&b.len())
            && b.iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && b[..2].iter().all(u8::is_ascii_digit)
            && b[2..].iter().any(u8::is_ascii_uppercase)
            && b[b.len() - 1].is_ascii_digit()
    };
    for k in 2..top.len().saturating_sub(2) {
        if is_id(top[k])
            && PREAMBLE_CREATED.is_match(top[k - 1])
            && !top[k - 2].is_empty()
            && top[k - 2].chars().all(|c| c.is_ascii_digit())
        {
            p.id.get_or_insert_with(|| top[k].to_string());
            set("Created", top[k - 1], &mut p);
            p.origin.get_or_insert_with(|| top[k + 1].to_string());
            p.classification
                .get_or_insert_with(|| top[k + 2].to_string());
            break;
        }
    }
    for (k, line) in top.iter().enumerate() {
        if let Some(rest) = line.strip_prefix("Tags:") {
            p.tags = tags::split(rest);
        }
        if line.starts_with("Cable title:") {
            let rest = line.trim_start_matches("Cable title:").trim();
            let title = if rest.is_empty() {
                top.get(k + 1..)
                    .and_then(|r| r.iter().find(|l| !l.is_empty()).copied())
            } else {
                Some(rest)
            };
            p.title = title.map(str::to_string);
        }
    }
    p
}

/// The subject whose label stands on line `at`, followed there by `first`, and the line after
/// it. A label alone on its line has the subject below it, after at most two blank lines.
fn subject_from(lines: &[&str], at: usize, first: &str) -> (String, usize) {
    let mut start = at + 1;
    let mut subject = first.to_string();
    if subject.is_empty() {
        let below = lines
            .iter()
            .skip(start)
            .take(3)
            .position(|l| !l.trim().is_empty());
        if let Some(k) = below {
            subject = lines[start + k].trim().to_string();
            start += k + 1;
        }
    }
    let (more, end) = continuation(lines, start, 3);
    for l in more {
        subject.push(' ');
        subject.push_str(l);
    }
    // Escaped dumps end lines in a backslash and escape quotes; saved pages keep entities.
    let subject = subject.replace("\\\"", "\"").replace('\\', " ");
    let mut subject = reflow::decode_entities(&subject).into_owned();
    // A collapsed header puts the next field on the same line.
    if let Some(m) = SUBJECT_END.find(&subject) {
        let glued = m
            .as_str()
            .starts_with(|c: char| c.is_ascii_alphanumeric() || c == ')');
        subject.truncate(m.start() + glued as usize);
    }
    (reflow::collapse_spaces(&subject), end.max(start))
}

/// Lines that continue a header field: stop at a blank line or the start of another field.
fn continuation<'a>(lines: &[&'a str], from: usize, max: usize) -> (Vec<&'a str>, usize) {
    let mut out = Vec::new();
    let mut end = from;
    for (k, line) in lines.iter().enumerate().skip(from).take(max) {
        let t = line.trim();
        // A page break between a field and its next line is not part of the field.
        if t.contains("OF") && PAGE_BREAK.is_match(line) {
            continue;
        }
        if t.is_empty()
            || t.starts_with("REF")
            || t.starts_with("TAGS")
            || t.starts_with("SUBJ")
            || t.starts_with("E.O")
            || CLASSIFIED_BY.is_match(t)
            || starts_numbered(t)
            || t.chars().all(|c| c == '-' || c == '_' || c == ' ')
        {
            break;
        }
        out.push(t);
        end = k + 1;
    }
    (out, end)
}

/// The classification a banner, its caveats, the address block `after` it and the
/// paragraph markings give. Measured on the dev cables without a preamble: SENSITIVE
/// anywhere in the address block of an UNCLAS banner marked all 438 of the cables WikiLeaks
/// lists as FOR OFFICIAL USE ONLY, and none of the others; `(SBU)` markings alone did not
/// (44 of 54 are plain UNCLASSIFIED). NOFORN in the banner or the block marked 302 of the
/// 311 NOFORN cables and 6 others; `(S/NF)` and `(C/NF)` markings alone are no rule: 40 of
/// the 42 cables they alone would mark are not NOFORN in WikiLeaks' metadata.
fn classification_from_banner(class: &str, caveat: &str, after: &str) -> String {
    let class: String = class.split_whitespace().collect();
    let caveats: String = caveat.split_whitespace().collect::<Vec<_>>().join(" ");
    let base = match class.as_str() {
        "UNCLAS" | "UNCLASSIFIED" => "UNCLASSIFIED",
        "CONFIDENTIAL" => "CONFIDENTIAL",
        "SECRET" => "SECRET",
        _ => "LIMITED OFFICIAL USE",
    };
    let window = format!("{caveats}\n{after}");
    let sensitive = SENSITIVE_WORD.is_match(&window)
        || window.contains("FOR OFFICIAL USE ONLY")
        || window.lines().any(|l| l.trim() == "SBU")
        || caveats.contains("SBU");
    let noforn = window.contains("NOFORN");
    match base {
        "UNCLASSIFIED" if sensitive => "UNCLASSIFIED//FOR OFFICIAL USE ONLY".to_string(),
        "CONFIDENTIAL" | "SECRET" if noforn => format!("{base}//NOFORN"),
        _ => base.to_string(),
    }
}

fn parse_header(lines: &[&str], text: &str, given: Option<&Metadata>) -> Header {
    let pre = given.cloned().unwrap_or_else(|| parse_preamble(lines));
    let mut h = Header {
        partial: text.contains("partial extract of the original cable"),
        ..Header::default()
    };
    // Found by position, not by counting from the top: a header of thousands of REF or E.O.
    // lines would otherwise cost the square of its length.
    let newlines: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    let line_of = |byte: usize| newlines.partition_point(|&i| i < byte);

    // The first paragraph marker bounds the header: fields after it are quotes in the body.
    let first_para = lines
        .iter()
        .position(|l| {
            let t = l.trim_start();
            pilcrow_paragraph(t) || FIRST_PARAGRAPH.is_match(t)
        })
        .unwrap_or(lines.len());
    let head_end_byte: usize = lines
        .iter()
        .take(first_para)
        .map(|l| l.len() + 1)
        .sum::<usize>()
        .min(text.len());
    let head = &text[..head_end_byte];
    let mut body_start = 0usize;

    let de_serial = DE_SERIAL
        .captures(head)
        .map(|c| c[1].trim_start_matches('0').to_string());
    // A banner typed in lower case (`S e c r e t state 068250`) counts when the DE line
    // agrees with its serial: prose starting with "Secret" and a number would not.
    let upper: String;
    let banner = match BANNER.captures(head) {
        Some(b) => Some(b),
        None => {
            upper = head.to_ascii_uppercase();
            BANNER.captures(&upper).filter(|b| {
                let serial = b["serial"].trim_start_matches('0');
                de_serial.as_deref().is_some_and(|de| last4(serial) == de)
            })
        }
    };
    let mut serial_id = None;
    let mut garbled_section = None;
    if let Some(b) = &banner {
        let end_line = line_of(b.get(0).map_or(0, |m| m.end()));
        body_start = body_start.max(end_line + 1);
        // The address block that follows, up to the E.O., TAGS or SUBJECT line: where a
        // SENSITIVE or NOFORN caveat stands when it is not on the banner itself.
        let after: String = lines
            .iter()
            .skip(end_line)
            .take(40)
            .take_while(|l| !ADDRESS_ENDS.is_match(l))
            .copied()
            .collect::<Vec<_>>()
            .join("\n");
        h.classification = Some(classification_from_banner(
            &b["class"],
            &b["caveat"],
            &after,
        ));
        serial_id = Some((
            b["post"].trim().to_string(),
            b["serial"].trim_start_matches('0').to_string(),
        ));
        // WikiLeaks named a cable whose SECTION word is misspelled after the whole run, and
        // one whose EFTO caveat no SECTION line separates from the post after the caveat
        // ("UNCLAS E F T O LONDON 002363" is its 09EFTOLONDON2363).
        let efto = b["caveat"]
            .split_whitespace()
            .collect::<String>()
            .ends_with("EFTO")
            && b.name("section").is_none();
        garbled_section = b
            .name("section")
            .map(|m| m.as_str().split_whitespace().collect::<String>())
            .filter(|s| !s.starts_with("SECTION"))
            .or_else(|| efto.then(|| "EFTO".to_string()));
    }
    if h.classification.is_none() {
        if let Some(z) = ZNY_LINE.captures(head) {
            let letter = (1..=4).find_map(|i| z.get(i)).map_or("", |m| m.as_str());
            h.classification = Some(
                match letter {
                    "C" => "CONFIDENTIAL",
                    "S" => "SECRET",
                    _ => "UNCLASSIFIED",
                }
                .to_string(),
            );
        }
    }

    // Dates: the date-time group, then the dates partial extracts carry, then the preamble.
    if let Some(c) = DTG.captures(head) {
        let year = full_year(c[5].parse::<i32>().unwrap_or(0) % 100);
        h.year = Some(year);
        h.date = month_from_abbrev(&c[4])
            .and_then(|m| datetime(year, m, num(c.get(1))?, num(c.get(2))?, num(c.get(3))?));
    }
    if h.date.is_none() {
        if let Some(c) = CABLE_DATED.captures(head) {
            h.date = (|| {
                datetime(
                    num(c.get(1))?,
                    Month::try_from(num::<u8>(c.get(2))?).ok()?,
                    num(c.get(3))?,
                    num(c.get(4))?,
                    num(c.get(5))?,
                )
            })();
        } else if let Some(c) = PARTIAL_DATE_LONG.captures(head) {
            h.date = (|| {
                datetime(
                    num(c.get(3))?,
                    month_from_abbrev(&c[2])?,
                    num(c.get(1))?,
                    num(c.get(4))?,
                    num(c.get(5))?,
                )
            })();
        }
    }
    // Without a date-time group, the year is weighed from the text's dated clues.
    let clue_year = || {
        // Without the citing year, only the dated references are read.
        let referenced: Vec<i32> = refs::references_in(head, None)
            .iter()
            .filter_map(|id| id.get(..2)?.parse::<i32>().ok())
            .map(full_year)
            .collect();
        year::from_clues(head, text, &referenced)
    };
    if h.date.is_none() {
        // The DE line has the Julian day and time, but no year.
        // The clues are weighed only when there is a DE line to date: they read the text.
        let de = DE_LINE.captures(head);
        let year = || pre.created.map(|d| d.year()).or_else(clue_year);
        if let Some((c, year)) = de.and_then(|c| Some((c, year()?))) {
            h.date = (|| {
                let day: u16 = c[1].parse().ok()?;
                let date = Date::from_ordinal_date(year, day).ok()?;
                let time = Time::from_hms(c[2].parse().ok()?, c[3].parse().ok()?, 0).ok()?;
                Some(PrimitiveDateTime::new(date, time).assume_utc())
            })();
        }
    }
    if h.date.is_none() {
        h.date = pre.created;
    }
    if h.year.is_none() {
        h.year = h.date.map(|d| d.year()).or_else(clue_year);
    }
    // The FM line names the post that sent the cable and the DE line its serial (modulo
    // 10,000): with no banner they make the id, and they overrule a banner that disagrees.
    let banner_id = serial_id.clone();
    serial_id = sent_by(head, serial_id, de_serial);
    let year = h.year;
    let id_of = |(post, serial): &(String, String)| id_of(year, post, serial);
    let derived = serial_id.as_ref().map(id_of);
    h.aliases = garbled_aliases(banner_id.as_ref(), serial_id.as_ref(), garbled_section)
        .as_ref()
        .map(id_of)
        .into_iter()
        .collect();
    h.id = match (pre.id.clone(), derived) {
        (Some(published), Some(derived)) if published_garbled(&published, &derived) => {
            h.aliases = vec![published];
            Some(derived)
        }
        (published, derived) => published.or(derived),
    };
    if pre.classification.is_some() {
        h.classification = pre.classification.clone();
    }
    h.origin = pre
        .origin
        .clone()
        .or_else(|| {
            FM_LINE
                .captures(head)
                .and_then(|c| tables::origin_from_fm(&c[1]))
        })
        .or_else(|| {
            serial_id
                .as_ref()
                .and_then(|(post, _)| tables::origin_from_post(post))
        });

    // TAGS, SUBJECT and REF may each wrap onto following lines.
    if let Some((tags, end)) = tags::in_header(&lines[..first_para.min(lines.len())]) {
        h.tags = tags;
        body_start = body_start.max(end);
    } else if let Some(c) = TAGS.captures(head) {
        // A header collapsed onto few lines puts TAGS mid-line.
        body_start = body_start.max(line_of(c.get(0).map_or(0, |m| m.end())) + 1);
        h.tags = tags::split(&c[1]);
    }
    if h.tags.is_empty() {
        h.tags = pre.tags.clone();
    }
    if let Some(c) = SUBJECT.captures(head) {
        let line = line_of(c.get(0).map_or(0, |m| m.end()));
        let first = c.get(1).or(c.get(2)).map_or("", |m| m.as_str()).trim();
        let (subject, end) = subject_from(lines, line, first);
        if !subject.is_empty() {
            h.subject = Some(subject);
        }
        body_start = body_start.max(end);
    }
    if h.subject.is_none() {
        h.subject = pre.title.clone();
    }
    let (references, refs_end) = refs::in_header(lines, first_para, h.year);
    h.references = references;
    body_start = body_start.max(refs_end);
    for m in EO_LINE.find_iter(head) {
        body_start = body_start.max(line_of(m.end()) + 1);
    }
    // Matches come in order, so one before the blank line found last ends there too: looking
    // afresh for each costs the square of a text without blank lines (undoubled ones).
    let mut last_end: Option<usize> = None;
    for m in CLASSIFIED_BY.find_iter(head) {
        let line = line_of(m.start());
        // "Classified By" runs until the blank line that ends its reasons.
        let end = match last_end {
            Some(end) if line <= end => end,
            _ => lines
                .iter()
                .enumerate()
                .skip(line)
                .find(|(_, l)| l.trim().is_empty())
                .map_or(lines.len(), |(k, _)| k),
        };
        last_end = Some(end);
        body_start = body_start.max(end.min(first_para));
    }
    h.body_start = body_start.min(lines.len());
    h
}

/// Lines that never belong to a passage: distribution markers and boilerplate.
fn is_boilerplate(line: &str) -> bool {
    let t = line.trim();
    matches!(
        t,
        "SIPDIS" | "NOFORN" | "SENSITIVE" | "SBU" | "CORRECTED COPY" | "E F T O"
    ) || t.starts_with("SENSITIVE BUT UNCLASSIFIED")
        || t.starts_with("C O R R E C T E D")
        || t.starts_with("This record is a partial extract")
        || t.starts_with("Declassified/Released US Department of State")
        || t.starts_with("Systematic Review")
        // Cheap tests first: this runs on every line of every cable.
        || (mentions_end(t) && CABLE_ENDS.is_match(t))
        || (line.contains("OF")
            && (PAGE_BREAK.is_match(line) || PAGE_MARK.find(t).is_some_and(|m| m.len() == t.len())))
        || is_banner_line(t)
}

/// Whether a line holds "end" in any case, as every [`CABLE_ENDS`] line does.
fn mentions_end(t: &str) -> bool {
    t.as_bytes()
        .windows(3)
        .any(|w| w.eq_ignore_ascii_case(b"end"))
}

/// A line that is only a classification banner (`C O N F I D E N T I A L LIMA 001733`),
/// as a repeated header block leaves one in the body.
fn is_banner_line(t: &str) -> bool {
    t.len() <= 90
        && t.starts_with(['U', 'C', 'S', 'L'])
        && BANNER
            .captures(t)
            .and_then(|c| c.get(0))
            .is_some_and(|m| t[m.end()..].trim().is_empty())
}

fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.chars().all(|c| matches!(c, '-' | '_' | '=' | '*' | ' '))
}

/// The drafter's name closing a cable (`DERSE`, `LU`).
fn is_signature(s: &str) -> bool {
    let words = s.split_whitespace().count();
    (1..=3).contains(&words)
        && s.len() <= 40
        && s.chars()
            .all(|c| c.is_uppercase() || c.is_whitespace() || c == '.' || c == '-')
}

/// Upper-case text with no sentence end: a heading when it stands alone.
fn is_caps_heading(s: &str) -> bool {
    s.len() <= 100
        && !s.trim_end().ends_with('.')
        && s.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && s.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

struct Numbered<'a> {
    number: Option<String>,
    numeric: Option<u32>,
    pilcrow: bool,
    letter: bool,
    marking: Option<String>,
    rest: &'a str,
}

/// True when a line opens with a paragraph number or letter.
/// A pilcrow that opens a paragraph: `¶1.`, `¶ 2.`, `¶A.`. A pilcrow before another letter
/// is a lettered item further on (`¶B.` of a REF list, 09STATE114986's `¶W. KULLMAN` in the
/// address block) or a stray one (73TEHRAN2077's `¶E. O. 11652`), not the body's start.
fn pilcrow_paragraph(t: &str) -> bool {
    let Some(rest) = t.strip_prefix('¶') else {
        return false;
    };
    let rest = rest.trim_start();
    rest.starts_with(|c: char| c.is_ascii_digit() || c == '(')
        || rest.starts_with("A.")
        || rest.starts_with("A)")
}

fn starts_numbered(t: &str) -> bool {
    split_number(t, None).number.is_some()
}

/// Splits the paragraph number and portion marking off a paragraph; a letter glued to its
/// text (`C.The`) counts only when it is the `expected` next letter.
fn split_number(text: &str, expected: Option<char>) -> Numbered<'_> {
    let mut out = Numbered {
        number: None,
        numeric: None,
        pilcrow: false,
        letter: false,
        marking: None,
        rest: text,
    };
    // What NUMBER can match at all: `¶`, a digit, `(`, or a letter and `.` or `)`.
    let mut chars = text.chars();
    let (first, second) = (chars.next(), chars.next());
    let may_be_numbered = match first {
        Some('¶' | '(') => true,
        Some(c) if c.is_ascii_digit() => true,
        Some(c) if c.is_ascii_alphabetic() => matches!(second, Some('.' | ')')),
        _ => false,
    };
    let number = if may_be_numbered {
        NUMBER.captures(text)
    } else {
        None
    };
    if let Some(c) = number.filter(|c| {
        let glued = c.name("sep").is_some_and(|s| s.as_str().is_empty());
        let at_end = c.get(0).is_some_and(|m| m.end() == text.len());
        !glued
            || at_end
            || c.name("l").and_then(|l| l.as_str().chars().next()) == expected && expected.is_some()
    }) {
        if let Some(n) = c.name("n1").or(c.name("n2")) {
            out.numeric = n.as_str().parse().ok();
            out.number = out.numeric.map(|n| n.to_string());
            out.pilcrow = c.name("pil").is_some();
        } else if let Some(l) = c.name("l") {
            out.number = Some(l.as_str().to_ascii_uppercase());
            out.letter = true;
        }
        // The separator may have eaten the "(" that opens a portion marking.
        let end = c.get(0).map_or(0, |m| m.end());
        let end = if c.name("sep").is_some_and(|s| s.as_str().ends_with('(')) {
            end - 1
        } else {
            end
        };
        out.rest = &text[end..];
    }
    if let Some(c) = MARKING.captures(out.rest) {
        // A lone "(C)" after a number is a marking; "(C)" opening prose without a number is too.
        out.marking = Some(c["m"].replace("//", "/"));
        out.rest = &out.rest[c.get(0).map_or(0, |m| m.end())..];
    } else if out.number.is_some() {
        // "1. C) Summary": a marking that lost its opening bracket.
        if let Some(c) = HALF_MARKING.captures(out.rest) {
            out.marking = Some(c[1].to_string());
            out.rest = &out.rest[c.get(0).map_or(0, |m| m.end())..];
        }
    }
    out
}

/// Cuts the body into passages with their numbers, markings and section headings.
fn body_passages(lines: &[&str]) -> Vec<Passage> {
    let mut blocks = reflow::blocks(lines.iter().copied(), |l| {
        is_boilerplate(l) && PAGE_BREAK.is_match(l)
    });
    // Drop boilerplate lines inside blocks; split blocks at paragraph markers that follow a sentence end.
    let mut split: Vec<Block> = Vec::new();
    for b in blocks.drain(..) {
        let mut cur = Block {
            lines: Vec::new(),
            after_page_break: b.after_page_break,
        };
        for line in b.lines {
            if is_boilerplate(&line) {
                continue;
            }
            let starts_para = starts_numbered(line.trim_start()) && {
                let t = line.trim_start();
                t.starts_with('¶') || t.chars().next().is_some_and(|c| c.is_ascii_digit())
            };
            let prev_done = cur.lines.last().is_none_or(|l| {
                let l = l.trim_end();
                l.ends_with('.') || l.ends_with(':') || is_rule(l)
            });
            if starts_para && prev_done && !cur.lines.is_empty() {
                split.push(std::mem::replace(
                    &mut cur,
                    Block {
                        lines: Vec::new(),
                        after_page_break: false,
                    },
                ));
            }
            cur.lines.push(line);
        }
        if !cur.lines.is_empty() {
            split.push(cur);
        }
    }

    // Merge sentences split by blank lines or page breaks.
    let mut paras: Vec<(String, bool)> = Vec::new(); // (text, block is a dashed heading)
                                                     // A heading is a line or two of a printed page; a longer underlined block is prose, or
                                                     // each passage after it would carry all of it as its section.
    const HEADING_BYTES: usize = 200;
    for b in split {
        let rules = b.lines.iter().filter(|l| is_rule(l)).count();
        let content: Vec<&str> = b
            .lines
            .iter()
            .map(String::as_str)
            .filter(|l| !is_rule(l))
            .collect();
        if content.is_empty() {
            if let Some(last) = paras.last_mut() {
                last.1 = last.0.len() <= HEADING_BYTES; // a rule under a block underlines it
            }
            continue;
        }
        let text = reflow::join_lines(content.iter().copied());
        let dashed = rules > 0 && content.len() <= 2 && text.len() <= HEADING_BYTES;
        if let Some(last) = paras.last_mut() {
            if !last.1 && !dashed && reflow::continues(&last.0, &b) && !starts_numbered(&text) {
                last.0.push(' ');
                last.0.push_str(&text);
                continue;
            }
        }
        paras.push((text, dashed));
    }

    let mut out: Vec<Passage> = Vec::new();
    let mut section: Option<String> = None;
    let mut section_number: Option<String> = None;
    let mut section_marking: Option<String> = None;
    let mut current_number: Option<String> = None;
    let mut last_numeric: Option<u32> = None;
    let n = paras.len();
    for (k, (text, dashed)) in paras.iter().enumerate() {
        let is_last = k + 1 == n;
        let words = text.split_whitespace().count();
        if is_last && is_signature(text) {
            continue; // the drafter's signature
        }
        if *dashed {
            section = Some(text.trim_end_matches(':').trim().to_string());
            section_number = None;
            section_marking = None;
            continue;
        }
        let expected = current_number
            .as_deref()
            .and_then(|n| n.rsplit('.').next())
            .and_then(|l| l.chars().next())
            .filter(|c| c.is_ascii_uppercase())
            .and_then(|c| char::from_u32(c as u32 + 1));
        let mut p = split_number(text, expected);
        // "15." after "4." is "¶5." whose pilcrow a web page turned into "1".
        if let (Some(num), Some(prev)) = (p.numeric, last_numeric) {
            let s = num.to_string();
            if !p.pilcrow && num != prev + 1 && s.len() >= 2 && s.starts_with('1') {
                if let Ok(fixed) = s[1..].parse::<u32>() {
                    if fixed == prev + 1 {
                        p.numeric = Some(fixed);
                        p.number = Some(fixed.to_string());
                    }
                }
            }
        }
        let rest = p.rest.trim();
        if rest.is_empty() {
            continue;
        }
        // A numbered paragraph that is only a capitalised title heads the lettered ones below it.
        if p.numeric.is_some() && is_caps_heading(rest) && words <= 16 {
            section = Some(rest.trim_end_matches(':').to_string());
            section_number = p.number.clone();
            section_marking = p.marking.clone();
            current_number = p.number.clone();
            last_numeric = p.numeric;
            continue;
        }
        // A short unnumbered line before a numbered paragraph, or in capitals, is a heading.
        let next_numbered = paras
            .get(k + 1)
            .is_some_and(|(t, _)| split_number(t, None).numeric.is_some());
        if p.number.is_none()
            && k + 1 < n
            && rest.len() <= 130
            && words <= 18
            && !rest.ends_with(['.', ',', ';', '"', ')', '?', '!'])
            && rest.chars().next().is_some_and(|c| c.is_uppercase())
            && (next_numbered || is_caps_heading(rest))
        {
            section = Some(rest.trim_end_matches(':').to_string());
            section_number = None;
            section_marking = None;
            continue;
        }
        if p.numeric.is_some() {
            last_numeric = p.numeric;
            if section_number.is_some() {
                // A new numbered paragraph leaves the numbered section.
                section_number = None;
                section_marking = None;
                if section.is_some() && p.numeric.is_some() {
                    section = None;
                }
            }
        }
        let number = match (&p.number, p.letter, &section_number) {
            (Some(l), true, Some(sec)) => Some(format!("{sec}.{l}")),
            (Some(n), _, _) => Some(n.clone()),
            (None, _, _) => current_number.clone(),
        };
        current_number = number.clone();
        out.push(Passage {
            section: section.clone(),
            number,
            marking: p.marking.or_else(|| section_marking.clone()),
            text: rest.to_string(),
        });
    }
    out
}

/// Parses one cable, whatever its wrapping; `None` when the text holds no cable at all.
/// The note on a cable whose year nothing in its text gives: its id begins with `??`.
pub(crate) const YEAR_UNKNOWN: &str =
    "Nothing in the text gives the year this cable was sent, so its id begins with ??.";

/// Parses a cable, with the metadata its reader holds when `given` (then no preamble is
/// looked for in the text), else with the preamble its text carries, if any.
pub(crate) fn parse_with(text: &Cleaned, source: &str, given: Option<&Metadata>) -> Document {
    let text = reflow::undouble(&text.0.lines().collect::<Vec<_>>()).join("\n");
    let lines: Vec<&str> = text.lines().collect();
    let h = parse_header(&lines, &text, given);
    // Some copies carry a cut-off first rendering, a metadata block and a "header ends"
    // line before the whole cable: its body is the one after the last such line.
    let body_start = match lines.iter().rposition(|l| HEADER_ENDS.is_match(l)) {
        Some(k) => {
            let rest = &lines[k + 1..];
            k + 1 + parse_header(rest, &rest.join("\n"), None).body_start
        }
        None => h.body_start,
    };
    let mut passages = body_passages(&lines[body_start..]);
    if passages.is_empty() {
        // A collapsed copy glues the body onto a header line: start at the first portion
        // marking or paragraph mark after the subject.
        let from = SUBJECT.find(&text).map_or(0, |m| m.end());
        if let Some(m) = GLUED_BODY.find(&text[from..]) {
            let rest: Vec<&str> = text[from + m.start()..].lines().collect();
            passages = body_passages(&rest);
        }
    }
    // Not even a post and serial: an id from the text itself, so that it is still found.
    let doc_id = h.id.clone().unwrap_or_else(|| {
        format!(
            "??{:08X}",
            xxhash_rust::xxh3::xxh3_64(text.as_bytes()) as u32
        )
    });
    let country = h
        .subject
        .as_deref()
        .and_then(|s| s.split(':').next())
        .and_then(tables::country_by_name)
        .or_else(|| h.tags.iter().find_map(|t| tables::country_for_tag(t)))
        .map(str::to_string);
    let mut notes = Vec::new();
    if h.partial {
        notes.push("This record is a partial extract of the original cable.".to_string());
    }
    if doc_id.starts_with("??") {
        notes.push(YEAR_UNKNOWN.to_string());
    }
    Document {
        title: h.subject.clone().unwrap_or_else(|| doc_id.clone()),
        doc_id,
        kind: Kind::Cable,
        date: h.date,
        origin: h.origin,
        classification: h.classification,
        tags: h.tags,
        subject: h.subject,
        references: h.references,
        aliases: h.aliases,
        country,
        tier: None,
        source: source.to_string(),
        notes,
        passages,
    }
}
