//! REF blocks: the cables a cable cites, as canonical ids (`09STATE12345`), for the
//! reference graph (`tipsearch show ID --refs`).
//!
//! Two steps. [`in_header`] finds the labels (`REF:`, `Refs:`, `REFTEL:`, a `REF:` glued to
//! the subject) and gathers each block's lines; [`parse_references`] reads the items of a
//! block. Both take untrusted text: no panics, one pass over the text, no backtracking
//! beyond a few tokens.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

/// Compiles a regex written in this file; a bad pattern is a programming error caught by tests.
fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static regex compiles")
}

/// Posts as the cables' own ids spell them (`SANJOSE`, `THEHAGUE`, `USUNNEWYORK`): every post
/// of the ids in `cablegate-dev-index.tsv`, so that a REF line's `SAN JOSE` or `PORT-OF-SPAIN`
/// becomes the id the cited cable really has. A dev-corpus test keeps the list in step.
const DEV_POSTS: &str = include_str!("posts.txt");

/// Names REF lines give posts that no id spells: addressee forms and telegraphic
/// abbreviations, and the one mission the dev ids lack.
const ALIASES: &[(&str, &str)] = &[
    ("SECSTATE", "STATE"),
    ("SECSTATEWASHDC", "STATE"),
    ("USUN", "USUNNEWYORK"),
    ("USEU", "USEUBRUSSELS"),
    ("USEUBRUSSELS", "USEUBRUSSELS"),
    ("RIO", "RIODEJANEIRO"),
    ("VAT", "VATICAN"),
    ("TGG", "TEGUCIGALPA"),
    ("BSAS", "BUENOSAIRES"),
    ("CASA", "CASABLANCA"),
    ("DUBAIRPO", "RPODUBAI"),
];

/// Words that mark an item as something other than a cable (an e-mail, a resolution, an
/// intelligence report, a DoD message, a date): numbers after them until the next item
/// are not serials.
const NOT_CABLES: &[&str] = &[
    "EMAIL",
    "EMAILS",
    "E-MAIL",
    "E-MAILS",
    "TELCON",
    "TELCONS",
    "TELECON",
    "MEMCON",
    "FAX",
    "LETTER",
    "NOTE",
    "DIPNOTE",
    "NONPAPER",
    "MEMO",
    "IIR",
    "UNSCR",
    "UNSC",
    "RESOLUTION",
    "SECDEF",
    "OSC",
    "DTG",
    "MSG",
    "PAGE",
    "PARA",
    "PARAS",
    "PARAGRAPH",
    "PART",
    "SECTION",
    "ARTICLE",
    "REPORT",
    "REPORTS",
    "DAILY",
    "INCSR",
    "TD",
    "HOUSE",
    "WASHINGTON",
    "DC",
    "CFR",
    "USC",
    "LAW",
    "ACT",
    "ORDER",
    "NO",
    "NUMBER",
    "SPEECH",
    "STATEMENT",
    "RELEASE",
    "POINTS",
    "TASKER",
    "SVTC",
    "VTC",
    "MEETING",
    "SITREP",
    "PRESS",
    "DOCUMENT",
    "FAM",
    "USDAO",
    "USDLO",
    "HOTR",
    "UNCLAS",
    "UNCLASSIFIED",
    "CONFIDENTIAL",
    "SECRET",
    "NOFORN",
    "SIPDIS",
    "AMEMBASSY",
    "AMCONSUL",
    "PRIORITY",
    "IMMEDIATE",
    "ROUTINE",
    "ATTACHMENT",
    "CIAWASH",
    "SPRING",
    "SUMMER",
    "FALL",
    "WINTER",
];

/// Months: a number before one is a day (`24 DECEMBER 09`), a word after one is no post.
const MONTHS: &[&str] = &[
    "JAN",
    "FEB",
    "MAR",
    "APR",
    "MAY",
    "JUN",
    "JUL",
    "AUG",
    "SEP",
    "SEPT",
    "OCT",
    "NOV",
    "DEC",
    "JANUARY",
    "FEBRUARY",
    "MARCH",
    "APRIL",
    "JUNE",
    "JULY",
    "AUGUST",
    "SEPTEMBER",
    "OCTOBER",
    "NOVEMBER",
    "DECEMBER",
];

/// Words that end a post's name from the left (`DEPT OF STATE`): never part of one, except
/// in the names the known posts already spell (`PORT OF SPAIN`, `THE HAGUE`).
const FUNCTION_WORDS: &[&str] = &[
    "OF", "THE", "AND", "TO", "FROM", "IN", "ON", "AT", "FOR", "BY", "WITH", "SEE", "ALSO", "PER",
    "ALL", "NOTAL", "EXDIS", "NODIS", "LIMDIS", "PREVIOUS", "LATER", "EARLIER", "DATED", "DTD",
];

/// The most lines one block may run to: the longest lists in the dev cables have about
/// sixteen items, some with blank lines between them.
const MAX_BLOCK_LINES: usize = 40;

/// The most words a post's name runs to (`BANDAR SERI BEGAWAN`, `RIO DE JANEIRO`, with room).
const MAX_POST_WORDS: usize = 5;

/// Tokens a parenthesis may hold before it is taken as a stray bracket, not a group.
const MAX_GROUP_TOKENS: usize = 16;

/// A label at the start of a line, in any case: `REF:`, `Refs:`, `REF.`, `REFTELS:`,
/// `Ref(s):`, `REF A:`, `PROGRAM REF:`.
static LABEL_START: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^[ \t]*(?:PROGRAM[ \t]+)?REF(?:S|TELS?|\(S\))?(?:[ \t]*[:.]+|[ \t]+|$)")
});
/// A label inside a line, after the subject or glued to it (`...RESULTSREF: A.`): in
/// capitals or capitalised, with its colon, so that prose (`see ref. A`) is not one.
static LABEL_INSIDE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:[A-Z]|\s)(?:REF|REFS|REFTELS?|REF\(S\)|Ref|Refs|Ref\(s\))[ \t]*:"));
/// Where the REF text stops when a collapsed copy runs the next field or the body on.
static STOP: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)CLASSIFIED\s*BY|DERIVED\s+FROM|\bREASONS?\s*:?\s*1\.\s?[4-5]|SENSITIVE\s+BUT",
        r"|\bSUMMARY\b",
        r"|\bE\.\s?O\.\s*\d|\bTAGS\s*:|(?:^|\s)SUBJ(?:ECT)?\s*:|\bZFR\b|\bVZCZC|(?:^|\s)1\s?\.\s+[A-Z(]",
        r"|¶\s*1\b|\bTHIS\s+(?:IS\s+AN\s+ACTION|MESSAGE|CABLE)|\bACTION\s+REQUEST",
        r"|\bPLEASE\s+(?:PROTECT|HANDLE|SEE|PASS|TREAT)|\bNOTE\s*:|\bEND\s+SUMMARY",
    ))
});
/// A portion marking, `(SBU)`: inside a REF line it may open the body run on after the list,
/// or belong to an item (`12/12/08 (U) EMAIL FROM POLOFF`).
static MARKING: LazyLock<Regex> =
    LazyLock::new(|| re(r"\(\s*(?:U|SBU|SBU/NF|S/NF|C/NF|S//NF|C//NF|TS|FOUO|U/FOUO)\s*\)"));
/// Four lower-case words in a row: the body's prose, run on after the list. Items are in
/// capitals or capitalised (`Sao Paulo 42`), and their notes are short (`and previous`).
static PROSE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:^|\s)[a-z][a-z']*,?\s+[a-z][a-z']*,?\s+[a-z][a-z']*,?\s+[a-z][a-z']*\b")
});
/// A page header of old cables (`PAGE 02 ROME 01234 01 OF 02 082030Z`) and a page-break
/// marker (`TRIPOLI 00000590 001.2 OF 003`): the serials in them are the citing cable's.
static PAGE_MARKS: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"\bPAGE\s+\d{1,3}\s+[A-Z][A-Z .'-]*?\s+\d{3,8}\s+\d{2,3}(?:\.\d)?\s+OF\s+\d{2,3}(?:\s+\d{6}Z)?",
        r"|(?:[A-Z][A-Z.'-]*[ \t]+){0,3}\d{8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}",
    ))
});

static KNOWN_POSTS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    DEV_POSTS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .chain(ALIASES.iter().map(|(_, to)| *to))
        .collect()
});

/// The references of every REF block in a cable's header, in order and without duplicates,
/// and the line after the last block that counted (0 if none did), where the body may start.
/// Labels are looked for in `lines[..head_end]` (the header); a block may run past it, as a
/// list whose items start with `¶B.` does. `year` is the citing cable's, for items without
/// one.
pub(crate) fn in_header(
    lines: &[&str],
    head_end: usize,
    year: Option<i32>,
) -> (Vec<String>, usize) {
    let mut refs: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut end = 0;
    let mut i = 0;
    while i < head_end.min(lines.len()) {
        let Some((at, capitals)) = label(lines[i]) else {
            i += 1;
            continue;
        };
        let (text, next) = gather(lines, i, at);
        let found = parse_references(&text, year);
        // A mixed-case label that cites nothing is prose ("Ref. B, Costa Rica ..."), which
        // must stay in the body.
        if capitals || !found.is_empty() {
            end = next;
        }
        for id in found {
            if seen.insert(id.clone()) {
                refs.push(id);
            }
        }
        i = next.max(i + 1);
    }
    (refs, end)
}

/// The cable ids cited by the REF blocks in `text` (a cable's header, or any part of it that
/// holds its REF lines), in order and without duplicates; items without a year take
/// `citing_year`. Public so that tools can measure the REF reader on labelled lines
/// (`examples/parser_accuracy`) without building whole cables.
pub fn references_in(text: &str, citing_year: Option<i32>) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    in_header(&lines, lines.len(), citing_year).0
}

/// Where the REF text on `line` starts, and whether the label is in capitals.
fn label(line: &str) -> Option<(usize, bool)> {
    if let Some(m) = LABEL_START.find(line) {
        let rest = &line[m.end()..];
        // "Reference", "refugees" and "REFORM" are words, not labels.
        if !rest.starts_with(|c: char| c.is_ascii_lowercase()) || m.as_str().contains(':') {
            let capitals = m.as_str().contains("REF");
            return Some((m.end(), capitals));
        }
    }
    let m = LABEL_INSIDE.find(line)?;
    Some((m.end(), m.as_str().contains("REF")))
}

/// The text of the block whose label ends at byte `at` of `lines[first]`, and the index of
/// the line after it. Continuation lines run until a blank line, another field or the body;
/// a blank line ends the block unless the next line carries the list's next item letter.
fn gather(lines: &[&str], first: usize, at: usize) -> (String, usize) {
    let mut text = lines[first].get(at..).unwrap_or("").to_string();
    let mut letter = last_item_letter(&text);
    let mut end = first + 1;
    let mut k = first + 1;
    let limit = lines.len().min(first + 1 + MAX_BLOCK_LINES);
    while k < limit {
        let t = lines[k].trim();
        if t.is_empty() {
            let next = (k + 1..lines.len().min(k + 3)).find(|&n| !lines[n].trim().is_empty());
            match next {
                Some(n) if opens_next_item(lines[n], letter, text.trim().is_empty()) => {
                    k = n;
                    continue;
                }
                _ => break,
            }
        }
        if is_page_line(t) {
            k += 1;
            continue;
        }
        if is_handling_notice(t) {
            // Not the list, nor the body: the block covers it so that it is no passage.
            k += 1;
            end = k;
            continue;
        }
        let next_item = letter.is_some_and(|l| item_letter(t) == Some(next_letter(l)));
        if !next_item && ends_block(t) {
            break;
        }
        text.push('\n');
        text.push_str(t);
        letter = last_item_letter(t).or(letter);
        k += 1;
        end = k;
    }
    (text, end)
}

/// The letter of the item a line opens (`B.`, `(B)`, `¶B.`, `b)`), upper-cased.
fn item_letter(line: &str) -> Option<char> {
    let t = line.trim_start().trim_start_matches('¶').trim_start();
    let t = t.strip_prefix('(').unwrap_or(t);
    let mut chars = t.chars();
    let letter = chars.next().filter(char::is_ascii_alphabetic)?;
    matches!(chars.next(), Some('.' | ')' | ':')).then(|| letter.to_ascii_uppercase())
}

/// The last item letter in a piece of REF text: the item a following line must succeed.
fn last_item_letter(text: &str) -> Option<char> {
    let bytes = text.as_bytes();
    let mut last = None;
    for (i, w) in bytes.windows(2).enumerate() {
        // After a space, a bracket or a `¶` (whose last byte is past ASCII).
        let boundary = i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'(' | b';' | b',' | 0x80..);
        if boundary && w[0].is_ascii_alphabetic() && matches!(w[1], b'.' | b')' | b':') {
            let after = bytes.get(i + 2);
            if after.is_none_or(|b| b.is_ascii_whitespace()) {
                last = Some(w[0].to_ascii_uppercase() as char);
            }
        }
    }
    last
}

/// True when the line after a blank line goes on with the list: it opens the item after
/// `letter` (or any item, when the label stood alone on its line).
fn opens_next_item(line: &str, letter: Option<char>, label_alone: bool) -> bool {
    let Some(next) = item_letter(line) else {
        return false;
    };
    if ends_block(line.trim()) {
        return false;
    }
    let expected = letter.map_or('B', next_letter);
    label_alone || next == expected
}

/// Page-break markers, page headers and lone classification words: lines inside a block
/// that belong to the page, not to the list.
fn is_page_line(t: &str) -> bool {
    let bare: String = t.split_whitespace().collect();
    matches!(
        bare.as_str(),
        "CONFIDENTIAL" | "SECRET" | "UNCLASSIFIED" | "UNCLAS" | "LIMITEDOFFICIALUSE" | "\\"
    ) || t.contains("OF")
        && PAGE_MARKS
            .find(t)
            .is_some_and(|m| m.start() == 0 && m.end() + 12 >= t.len())
}

/// "SENSITIVE BUT UNCLASSIFIED, PLEASE PROTECT ACCORDINGLY" and the like, on its own line
/// after the list.
fn is_handling_notice(t: &str) -> bool {
    let upper = t.get(..t.len().min(40)).unwrap_or(t).to_ascii_uppercase();
    [
        "SENSITIVE BUT",
        "THIS MESSAGE IS SENSITIVE",
        "PLEASE HANDLE",
        "PLEASE PROTECT",
        "ACCORDINGLY",
    ]
    .iter()
    .any(|s| upper.starts_with(s))
}

/// True when a line is the next field, the body or another label rather than more items.
fn ends_block(t: &str) -> bool {
    const STARTS: &[&str] = &[
        "CLASSIFIED",
        "DERIVED",
        "SUBJ",
        "TAGS",
        "E.O",
        "E. O",
        "SIPDIS",
        "SENSITIVE",
        "SUMMARY",
        "(U)",
        "(SBU)",
        "(C)",
        "(S)",
        "(S/NF)",
        "(C/NF)",
        "¶1",
        "---",
        "===",
        "***",
        "ID:",
        "REFID",
        "CLASSIFICATION:",
        "VZCZC",
        "PLEASE ",
        "THIS ",
        "BEGIN",
        "ACTION ",
        "NOTE",
        "COMMENT",
        "UNCLAS ",
        "CONFIDENTIAL ",
        "SECRET ",
        "C O N",
        "S E C",
        "U N C",
    ];
    let upper = t.get(..t.len().min(16)).unwrap_or(t).to_ascii_uppercase();
    STARTS.iter().any(|s| upper.starts_with(s))
        || LABEL_START.is_match(t)
        || paragraph_number(t)
        || PROSE.is_match(t)
}

/// `1.`, `2)`, `¶12.` opening a line: a numbered paragraph of the body.
fn paragraph_number(t: &str) -> bool {
    let t = t.trim_start_matches('¶').trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&digits)
        && matches!(t.as_bytes().get(digits), Some(b'.' | b')'))
        && t.as_bytes()
            .get(digits + 1)
            .is_none_or(|b| !b.is_ascii_digit())
}

/// One piece of REF text.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    /// Letters, with hyphens or apostrophes inside (`PORT-OF-SPAIN`).
    Word(&'a str),
    /// Digits, or a year typed with the letter O for its zero (`O4`).
    Num(&'a str),
    /// An id written whole: `08CAIRO2408`, or a post and serial run together: `BOGOTA2629`.
    Glued(Option<&'a str>, &'a str, &'a str),
    /// A date (`3/30/09`, `9-18-2008`) with its last part, the year if it has 2 or 4 digits.
    Date(Option<&'a str>),
    Open,
    Close,
    /// `;`: the end of an item.
    End,
    /// A line break: it ends what an item's note (an e-mail, an IIR) hides, nothing else.
    Newline,
    /// A serial with its year after a slash: `00933/08`.
    SerialYear(&'a str, &'a str),
    /// `,`, `&`, `AND`: another serial of the same post may follow.
    Join,
    /// Anything else (`301601Z`, `TD-314/63777-05`, `U.S.`, `:`).
    Other,
}

/// Splits upper-cased REF text into tokens.
fn tokens(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let is_sep = |c: char| c.is_whitespace() || "();:,&|\"".contains(c);
    for piece in text.split_inclusive(is_sep) {
        let (chunk, sep) = match piece.char_indices().last() {
            Some((i, c)) if is_sep(c) => (&piece[..i], Some(c)),
            _ => (piece, None),
        };
        for part in chunk.split("--") {
            chunk_tokens(part, &mut out);
        }
        match sep {
            Some('(') => out.push(Tok::Open),
            Some(')') => out.push(Tok::Close),
            Some(';' | '|') => out.push(Tok::End),
            Some('\n') => out.push(Tok::Newline),
            Some(',' | '&') => out.push(Tok::Join),
            _ => {}
        }
    }
    out
}

/// The tokens of one chunk between spaces and brackets: a trailing `.` or `:` is split off
/// (`A.`, `REF:`), a leading apostrophe dropped (`'08`).
fn chunk_tokens<'a>(chunk: &'a str, out: &mut Vec<Tok<'a>>) {
    let chunk = chunk.trim_start_matches(['\'', '¶', '-']);
    // An item letter run into its item: `B.TRIPOLI 566`.
    let b = chunk.as_bytes();
    if b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b'.' && b[2].is_ascii_alphanumeric() {
        out.push(Tok::Word(&chunk[..1]));
        return chunk_tokens(&chunk[2..], out);
    }
    let core = chunk.trim_end_matches(['.', '-']);
    if core.is_empty() {
        return;
    }
    out.push(classify(core));
}

fn classify(s: &str) -> Tok<'_> {
    let b = s.as_bytes();
    if b.iter().all(u8::is_ascii_digit) {
        return Tok::Num(s);
    }
    match s {
        "AND" => return Tok::Join,
        // A label inside the list (`A. REF A: LIMA 3646`) opens an item.
        "REF" | "REFS" | "REFTEL" | "REFTELS" => return Tok::End,
        _ => {}
    }
    if b.len() == 2 && (b[0] == b'O' && b[1].is_ascii_digit()) {
        return Tok::Num(s);
    }
    if b.iter()
        .all(|c| c.is_ascii_alphabetic() || *c == b'-' || *c == b'\'')
    {
        return Tok::Word(s);
    }
    if let Some((serial, year)) = s.split_once('/') {
        // `00933/08`: a serial and its year (a date's first part has at most two digits).
        let digits = |x: &str| !x.is_empty() && x.bytes().all(|c| c.is_ascii_digit());
        if serial.len() >= 3 && digits(serial) && digits(year) && year_digits(year).is_some() {
            return Tok::SerialYear(serial, year);
        }
    }
    if b.iter()
        .all(|c| c.is_ascii_digit() || *c == b'/' || *c == b'-')
    {
        let year = s
            .rsplit(['/', '-'])
            .next()
            .filter(|y| y.len() == 2 || y.len() == 4);
        return Tok::Date(year);
    }
    glued(s).unwrap_or(Tok::Other)
}

/// `08CAIRO2408` or `BOGOTA2629`.
fn glued(s: &str) -> Option<Tok<'_>> {
    let lead = s.bytes().take_while(u8::is_ascii_digit).count();
    let letters = s[lead..]
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let serial = &s[lead + letters..];
    let ok = (lead == 0 || lead == 2)
        && letters >= 3
        && !serial.is_empty()
        && serial.bytes().all(|c| c.is_ascii_digit());
    ok.then(|| {
        Tok::Glued(
            (lead == 2).then(|| &s[..2]),
            &s[lead..lead + letters],
            serial,
        )
    })
}

/// The canonical ids of the items in one REF block's text (what follows the label),
/// in order and without duplicates. Items without a year take `citing_year`'s; without one
/// either, they are left out.
pub(crate) fn parse_references(text: &str, citing_year: Option<i32>) -> Vec<String> {
    let stop = STOP.find(text).map_or(text.len(), |m| m.start());
    let stop = body_marking(&text[..stop]).unwrap_or(stop);
    let prose = PROSE.find(&text[..stop]).map_or(stop, |m| m.start());
    let upper = text[..prose].to_uppercase();
    let cleaned = PAGE_MARKS.replace_all(&upper, " ; ");
    let toks = tokens(&cleaned);
    let mut reader = Reader {
        toks: &toks,
        default_yy: citing_year.map(|y| format!("{:02}", y.rem_euclid(100))),
        out: Vec::new(),
        seen: HashSet::new(),
        last: None,
        joined: false,
        poisoned: false,
        letter: None,
    };
    reader.read();
    reader.out
}

/// Where a portion marking opens a paragraph of the body (more than a short note follows it
/// on its line), if one does.
fn body_marking(text: &str) -> Option<usize> {
    MARKING.find_iter(text).map(|m| m.start()).find(|&at| {
        let rest = &text[at..];
        rest.find('\n').unwrap_or(rest.len()) > 80
    })
}

/// The state of a pass over one block's tokens.
struct Reader<'t, 'a> {
    toks: &'t [Tok<'a>],
    default_yy: Option<String>,
    out: Vec<String>,
    seen: HashSet<String>,
    /// The post and year of the last item read: `, 12399` after it is another serial.
    last: Option<(String, String)>,
    /// A `,` `&` or `AND` came after the last serial.
    joined: bool,
    /// The current item is not a cable (an e-mail, an IIR): its numbers are no serials.
    poisoned: bool,
    /// The last item letter seen, which tells `(C)` the item from `(C)` the marking.
    letter: Option<char>,
}

impl<'a> Reader<'_, 'a> {
    fn read(&mut self) {
        let mut i = 0;
        while i < self.toks.len() {
            i = match self.toks[i] {
                Tok::End => {
                    self.new_item();
                    i + 1
                }
                Tok::Join => {
                    // What follows is another serial or another item, not the note's rest.
                    self.joined = self.last.is_some();
                    self.poisoned = false;
                    i + 1
                }
                Tok::Newline => {
                    self.poisoned = false;
                    i + 1
                }
                Tok::Open => match self.group(i) {
                    Some(next) => next,
                    None => return,
                },
                Tok::Word(w) if w.len() == 1 => self.item_letter(w, i),
                Tok::Word(_) => self.run(i),
                Tok::Num(n) => self.number(n, i),
                Tok::Glued(yy, post, serial) => {
                    self.glued(yy, post, serial);
                    i + 1
                }
                Tok::Date(_) | Tok::SerialYear(..) | Tok::Close | Tok::Other => {
                    self.joined = false;
                    i + 1
                }
            };
        }
    }

    fn new_item(&mut self) {
        self.last = None;
        self.joined = false;
        self.poisoned = false;
    }

    /// `A.`, `(B)`, `c)`: a new item.
    fn item_letter(&mut self, w: &str, i: usize) -> usize {
        self.new_item();
        self.letter = w.chars().next();
        i + 1
    }

    /// A bracketed group at `i`: an item letter `(B)`, a year `(08)` (after the serial it
    /// dates, or before the post it goes with), or a note `(NOTAL)` to skip. `None` when the
    /// group is a portion marking `(C)` that starts the body.
    fn group(&mut self, i: usize) -> Option<usize> {
        let close = (i + 1..self.toks.len().min(i + 2 + MAX_GROUP_TOKENS))
            .find(|&k| self.toks[k] == Tok::Close);
        let Some(close) = close else {
            return Some(i + 1);
        };
        match self.toks[i + 1..close] {
            [Tok::Word(w)] if w.len() == 1 => {
                let c = w.chars().next()?;
                // "(C)" and "(S)" are portion markings unless the list's letters are near
                // ("B. X (C) Y", "C. (C) KUWAIT 1061", "D. (C) PARIS 953").
                let in_list = self
                    .letter
                    .is_some_and(|l| (l as u8).abs_diff(c as u8) <= 2);
                if matches!(c, 'C' | 'S') && !in_list {
                    return None;
                }
                Some(self.item_letter(w, close))
            }
            // A year before the post it goes with: "(08) SAO PAULO 497". One after a serial
            // was read with the serial.
            [Tok::Num(y)] if year_digits(y).is_some() && self.starts_item(close + 1) => {
                Some(self.run_with_year(close + 1, Some(y)))
            }
            _ => Some(close + 1),
        }
    }

    /// True when an item (`STATE 123`, `SAO PAULO 9`) starts at token `i`.
    fn starts_item(&self, i: usize) -> bool {
        let mut j = i + self.words_at(i).len();
        if j > i && self.toks.get(j) == Some(&Tok::Newline) {
            j += 1;
        }
        j > i && matches!(self.toks.get(j), Some(Tok::Num(_) | Tok::SerialYear(..)))
            || matches!(self.toks.get(i), Some(Tok::Glued(..)))
    }

    /// A number at `i`: a year before an item, another serial after `,`/`AND`, or noise.
    fn number(&mut self, n: &str, i: usize) -> usize {
        if year_digits(n).is_some() && self.starts_item(i + 1) {
            return self.run_with_year(i + 1, Some(n));
        }
        let serial_follows_join = self.joined && !self.poisoned && !self.before_month(i + 1);
        self.joined = false;
        if serial_follows_join {
            if let Some((post, yy)) = self.last.clone() {
                self.emit(&yy, &post, n);
            }
        }
        i + 1
    }

    /// A run of words at `i` and, if a number follows, the item it names.
    fn run(&mut self, i: usize) -> usize {
        self.run_with_year(i, None)
    }

    fn run_with_year(&mut self, i: usize, year: Option<&str>) -> usize {
        let words = self.words_at(i);
        let mut j = i + words.len();
        self.joined = false;
        // A month may be part of a post's name (`RIO DE JAN`); otherwise it, like "EMAIL",
        // makes the item something other than a cable.
        let named = || near_post(&squash(name_tail(&words))).is_some();
        if words.iter().any(|w| not_cable(w)) && !named() {
            self.poisoned = true;
            self.last = None;
            return j;
        }
        // The serial may have gone to the next line: "D) 2008 BAKU\n917".
        if self.toks.get(j) == Some(&Tok::Newline) {
            j += 1;
        }
        let (serial, own_year) = match self.toks.get(j) {
            Some(Tok::Num(n)) => (*n, None),
            Some(Tok::SerialYear(n, y)) => (*n, Some(*y)),
            _ => return i + words.len(),
        };
        // A year and a known post start a new item even inside an e-mail's or an IIR's note.
        // No post's name has more words than this; a longer run is text before one.
        let name = &words[words.len().saturating_sub(MAX_POST_WORDS)..];
        let strong = year.is_some() && resolve(name, false).is_some();
        if (self.poisoned && !strong) || self.before_month(j + 1) {
            return j + 1;
        }
        self.poisoned = false;
        // No post's name has more words than this; a longer run is text before one.
        let Some(post) = resolve(name, true) else {
            self.last = None;
            return j + 1;
        };
        let yy = year
            .or(own_year)
            .and_then(year_digits)
            .or_else(|| self.year_after(j + 1))
            .or_else(|| self.default_yy.clone());
        match yy {
            Some(yy) => {
                self.emit(&yy, &post, serial);
                self.last = Some((post, yy));
            }
            None => self.last = None,
        }
        j + 1
    }

    /// The words (not item letters) from token `i` on.
    fn words_at(&self, i: usize) -> Vec<&'a str> {
        self.toks[i.min(self.toks.len())..]
            .iter()
            .map_while(|t| match t {
                Tok::Word(w) if w.len() > 1 => Some(*w),
                _ => None,
            })
            .collect()
    }

    /// `08CAIRO2408` or `BOGOTA2629`: only for posts the lists know, since `EUP2008...` (an
    /// OSC report number) has the same shape.
    fn glued(&mut self, yy: Option<&str>, post: &str, serial: &str) {
        self.joined = false;
        if self.poisoned || not_cable(post) {
            return;
        }
        let Some(post) = resolve(&[post], false) else {
            return;
        };
        if let Some(yy) = yy.map(str::to_string).or(self.default_yy.clone()) {
            self.emit(&yy, &post, serial);
            self.last = Some((post, yy));
        }
    }

    /// A year written after the serial at `i`: `(08)`, `(2005)`, a date `3/30/09` or
    /// `24 SEP 2009`.
    fn year_after(&self, i: usize) -> Option<String> {
        match self.toks.get(i..(i + 3).min(self.toks.len()))? {
            [Tok::Open, Tok::Num(y), Tok::Close] if !self.starts_item(i + 3) => year_digits(y),
            [Tok::Date(Some(y)), ..] => year_digits(y),
            [Tok::Num(d), Tok::Word(m), Tok::Num(y)] if d.len() <= 2 && is_month(m) => {
                year_digits(y)
            }
            _ => None,
        }
    }

    /// True when the token at `i` is a month: the number before it is a day, not a serial.
    fn before_month(&self, i: usize) -> bool {
        matches!(self.toks.get(i), Some(Tok::Word(w)) if is_month(w))
    }

    fn emit(&mut self, yy: &str, post: &str, serial: &str) {
        let serial = serial.trim_start_matches('0');
        if serial.is_empty() || serial.len() > 7 || !serial.bytes().all(|b| b.is_ascii_digit()) {
            return;
        }
        let id = format!("{yy}{post}{serial}");
        if self.seen.insert(id.clone()) {
            self.out.push(id);
        }
    }
}

/// The item letter after `c`.
fn next_letter(c: char) -> char {
    (c as u8).saturating_add(1) as char
}

/// The two-digit year of `02`, `2008` or `1990`: years outside 1950–2049 are not years.
fn year_digits(s: &str) -> Option<String> {
    match s.len() {
        2 if s.bytes().all(|b| b.is_ascii_digit()) => Some(s.to_string()),
        2 if s.starts_with('O') => Some(format!("0{}", s.get(1..)?)),
        4 => {
            let y: u32 = s.parse().ok()?;
            (1950..2050).contains(&y).then(|| format!("{:02}", y % 100))
        }
        _ => None,
    }
}

fn is_month(w: &str) -> bool {
    MONTHS.contains(&w)
}

fn not_cable(w: &str) -> bool {
    // A run of X is a redaction (`XXXXXXXXXXXX 12`), not a post.
    NOT_CABLES.contains(&w) || is_month(w) || w.bytes().all(|b| b == b'X')
}

/// The canonical spelling of the post a run of words names, from its last words: a known
/// post or alias (`SAO PAULO`, `SECSTATE`, `HAGUE`, `MEXICO CITY`), or one of the near misses
/// [`near_post`] takes; failing those, when `unknown` allows, the words themselves
/// (`NUEVO LAREDO`), for posts the lists lack.
fn resolve(words: &[&str], unknown: bool) -> Option<String> {
    for k in 0..words.len() {
        if let Some(p) = known(&squash(&words[k..])) {
            return Some(p);
        }
    }
    let tail = name_tail(words);
    let compact = squash(tail);
    if let Some(p) = near_post(&compact) {
        return Some(p);
    }
    (unknown && compact.len() >= 4 && tail.len() <= 3).then_some(compact)
}

/// The words after the last function word (`DEPT OF STATE` → `STATE`).
fn name_tail<'w, 'a>(words: &'w [&'a str]) -> &'w [&'a str] {
    let from = words
        .iter()
        .rposition(|w| FUNCTION_WORDS.contains(w))
        .map_or(0, |k| k + 1);
    words.get(from..).unwrap_or(&[])
}

/// Words as one name, as ids write posts: `PORT-OF-SPAIN` and `SAO PAULO` lose their gaps.
fn squash(words: &[&str]) -> String {
    words.iter().flat_map(|w| w.split(['-', '\''])).collect()
}

/// The known post `compact` falls just short of: the one post it begins or ends (`RIODEJAN`,
/// `ADDIS`, `DELHI`, `TALLIN`) or is one letter off (`BUENOSAIREDS`, `BEIJINJG`).
fn near_post(compact: &str) -> Option<String> {
    // Short words begin or end too many posts by chance ("PART", "TRIP", "IRAN").
    if compact.len() >= 5 {
        let cut =
            |p: &str| p.len() > compact.len() && (p.starts_with(compact) || p.ends_with(compact));
        if let Some(p) = unique(cut) {
            return known(p);
        }
    }
    if compact.len() >= 6 {
        if let Some(p) = unique(|p| one_edit_apart(p, compact)) {
            return known(p);
        }
    }
    None
}

/// `compact` as a known post, through the aliases, `CITY` and `THE`.
fn known(compact: &str) -> Option<String> {
    if let Some((_, to)) = ALIASES.iter().find(|(from, _)| *from == compact) {
        return Some((*to).to_string());
    }
    let city = compact.strip_suffix("CITY").filter(|c| !c.is_empty());
    let the = format!("THE{compact}");
    let found = [Some(compact), city, Some(the.as_str())]
        .into_iter()
        .flatten()
        .find(|c| KNOWN_POSTS.contains(c))
        .map(str::to_string);
    found
}

/// The one known post or alias that `pred` holds for, if exactly one does.
fn unique(pred: impl Fn(&str) -> bool) -> Option<&'static str> {
    let names = KNOWN_POSTS
        .iter()
        .copied()
        .chain(ALIASES.iter().map(|(from, _)| *from));
    let mut found = names.filter(|p| pred(p));
    let first = found.next()?;
    let first_post = known(first);
    found.all(|p| known(p) == first_post).then_some(first)
}

/// True when `a` and `b` differ by one letter added, dropped, changed or two swapped.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > 1 || a == b {
        return false;
    }
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ra, rb) = (
        a.len() - pre - suf.min(a.len() - pre),
        b.len() - pre - suf.min(b.len() - pre),
    );
    let swapped =
        ra == 2 && rb == 2 && a.get(pre) == b.get(pre + 1) && a.get(pre + 1) == b.get(pre);
    ra.max(rb) <= 1 || swapped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        for r in [
            &LABEL_START,
            &LABEL_INSIDE,
            &STOP,
            &MARKING,
            &PROSE,
            &PAGE_MARKS,
        ] {
            let _ = r.is_match("");
        }
        assert!(KNOWN_POSTS.contains("SANJOSE") && KNOWN_POSTS.contains("USEUBRUSSELS"));
    }

    #[test]
    fn references_take_the_citing_year() {
        assert_eq!(
            parse_references("A. STATE 109948 B. BAKU 856", Some(2009)),
            ["09STATE109948", "09BAKU856"]
        );
        assert_eq!(
            parse_references("(A) 2008 STATE 132759; (B) 2009 STATE 5577", Some(2009)),
            ["08STATE132759", "09STATE5577"]
        );
        assert_eq!(
            parse_references("SAN JOSE 2060 (NOTAL)", Some(2006)),
            ["06SANJOSE2060"]
        );
    }

    #[test]
    fn the_requirement_forms_read_as_cable_ids() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Ref(s): A) State 12345\nB) Hague 77",
                &["09STATE12345", "09THEHAGUE77"],
            ),
            ("PROGRAM REF: RIO DE JAN 55", &["09RIODEJANEIRO55"]),
            ("ELECTION RESULTSREF: A. LONDON 1234", &["09LONDON1234"]),
            ("REF. PORT-OF-SPAIN 0042", &["09PORTOFSPAIN42"]),
            (
                "REF: STATE 12345 AND 12399",
                &["09STATE12345", "09STATE12399"],
            ),
            ("REF: STATE 12345, 12399", &["09STATE12345", "09STATE12399"]),
            (
                "REF: 06 TBILISI 123; 2007 MANAGUA 456; (99) ROME 789",
                &["06TBILISI123", "07MANAGUA456", "99ROME789"],
            ),
            (
                "REF: ASUNCION 321 (08), O4 USUN NEW YORK 5",
                &["08ASUNCION321", "04USUNNEWYORK5"],
            ),
            ("REF: SMITH-JONES EMAIL 05/11/07", &[]),
            ("REF: UNSCR 1737", &[]),
            ("REF: IIR 6 832 0123 08", &[]),
            ("REF: SECDEF 281234Z MAR 08", &[]),
            ("REF: OSC EUP20080512950001", &[]),
            (
                "REF: BAKU 856 AND PREVIOUS\nPAGE 02 ROME 01234 01 OF 02",
                &["09BAKU856"],
            ),
            (
                "REF:\n\n¶A. SAO PAULO 1\n\n¶B. SECSTATE 2",
                &["09SAOPAULO1", "09STATE2"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(references_in(text, Some(2009)), *want, "{text:?}");
        }
    }

    #[test]
    fn no_input_panics() {
        let long_run = format!(
            "REF: {} 12 {}",
            "WORD ".repeat(20_000),
            "1, ".repeat(20_000)
        );
        let long_list = format!("REF: {}", "STATE 1234, ".repeat(20_000));
        let odd = [
            "",
            "REF",
            "REF:",
            "REF: (",
            "REF: ((((",
            "REF: )",
            "REF: A.",
            "REF: ¶",
            "REF:¶B.¶",
            "REF: O",
            "REF: 00",
            "REF: 2008",
            "REF: ß 12 ẞ",
            "REF: Ünï 12",
            "REF: 08\u{0}X1",
            "REF: A.B.C.D. 1",
            "REF: 99999999999999999999 STATE 1",
            "REF: STATE 0000000",
            "REF: 12/ /34 --05/DEC/ (C) (S) (U)",
            "REFS:\n\n\n\n(A) STATE 1",
        ];
        for text in odd
            .iter()
            .copied()
            .chain([long_run.as_str(), long_list.as_str()])
        {
            for year in [None, Some(2009), Some(-5), Some(i32::MAX)] {
                let _ = references_in(text, year);
            }
        }
        assert_eq!(
            references_in("REF: STATE 0000000", Some(2009)),
            Vec::<String>::new()
        );
    }
}
