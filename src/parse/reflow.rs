//! Reflow: turning hard-wrapped, page-broken text back into the paragraphs a reader sees.

use std::borrow::Cow;

/// Words that end a sentence-final line; a block ending otherwise continues in the next one.
fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end();
    matches!(
        t.chars().last(),
        Some('.' | '?' | '!' | ':' | ';' | '"' | '\u{201d}' | ')' | ']')
    ) || t.is_empty()
}

/// True when `s` starts with a lower-case letter: the mark of a sentence that goes on.
pub(crate) fn starts_lowercase(s: &str) -> bool {
    s.trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase())
}

/// Joins wrapped lines into one string, mending words hyphenated across lines.
pub(crate) fn join_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(line);
            continue;
        }
        // "anti-" + "trafficking": keep the hyphen, drop the line break.
        let hyphen_wrap = out.ends_with('-')
            && !out.ends_with("--")
            && !out.ends_with(" -")
            && starts_lowercase(line);
        if !hyphen_wrap {
            out.push(' ');
        }
        out.push_str(line);
    }
    collapse_spaces(&out)
}

/// Collapses runs of whitespace to one space, so that offsets mean the same in every copy.
pub(crate) fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// Undoes double spacing (a blank line after every printed line, as in some copies): single
/// blank lines go, runs of two or more become the one blank line that ends a paragraph.
/// `text` with its HTML character references read (`&amp;`, `&quot;`, `&#39;`, `&#x2019;`):
/// a copy saved from a web page as text keeps them, and a user searching a subject types
/// the characters. An unknown or broken reference stays as written.
pub(crate) fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 10);
        match end.and_then(|e| entity(&rest[1..e]).map(|c| (c, e))) {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character a reference's name (`amp`, `#39`, `#x2019`) stands for.
fn entity(name: &str) -> Option<char> {
    let code = match name {
        "amp" => return Some('&'),
        "quot" => return Some('"'),
        "apos" => return Some('\''),
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "nbsp" => return Some(' '),
        _ => name.strip_prefix('#')?,
    };
    let n = match code.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => code.parse().ok()?,
    };
    char::from_u32(n)
}

/// Text that is not double-spaced comes back unchanged. Double spacing puts a blank line
/// between most lines of wrapped text, and so inside most sentences: blank lines between
/// sentences, or between lines too long to be wrapped, part paragraphs (short ones, or a
/// paragraph to a line, as web pages and dumps write them), which must stay apart.
pub(crate) fn undouble<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let blank = |l: &str| l.trim().is_empty();
    let content = lines.iter().filter(|l| !blank(l)).count();
    let gaps: Vec<&str> = lines
        .windows(3)
        .filter(|w| !blank(w[0]) && blank(w[1]) && !blank(w[2]))
        .map(|w| w[0].trim_end())
        .collect();
    let mid_sentence = gaps
        .iter()
        .filter(|l| !l.ends_with(['.', ':', ';', '?', '!']))
        .count();
    // A wrapped line is at most some 80 characters; longer ones are whole paragraphs.
    let paragraph_lines = lines.iter().filter(|l| l.trim().len() > 100).count();
    if content < 8
        || gaps.len() * 10 < content * 6
        || mid_sentence * 2 < gaps.len()
        || paragraph_lines * 10 >= content
    {
        return lines.to_vec();
    }
    let mut out = Vec::with_capacity(content + content / 4);
    let mut run = 0;
    for l in lines {
        if blank(l) {
            run += 1;
            continue;
        }
        if run >= 2 && !out.is_empty() {
            out.push("");
        }
        run = 0;
        out.push(*l);
    }
    out
}

/// A run of non-blank lines, with whether a page break was removed right before it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Block {
    /// The lines, untrimmed.
    pub lines: Vec<String>,
    /// A page-break line or blank gap was dropped between this block and the previous one.
    pub after_page_break: bool,
}

impl Block {
    /// The block's text as one reflowed line.
    pub fn text(&self) -> String {
        join_lines(self.lines.iter().map(String::as_str))
    }
}

/// Splits lines into blank-line separated blocks, dropping lines `is_noise` rejects
/// (page breaks) and remembering where they were.
pub(crate) fn blocks<'a>(
    lines: impl IntoIterator<Item = &'a str>,
    is_page_break: impl Fn(&str) -> bool,
) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut cur = Block::default();
    let mut pending_break = false;
    for line in lines {
        if is_page_break(line) {
            pending_break = true;
            if !cur.lines.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.trim().is_empty() {
            if !cur.lines.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if cur.lines.is_empty() {
            cur.after_page_break = pending_break;
            pending_break = false;
        }
        cur.lines.push(line.to_string());
    }
    if !cur.lines.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether `next` continues the sentence that `prev` left open (split by a blank line or page break).
pub(crate) fn continues(prev: &str, next: &Block) -> bool {
    if ends_sentence(prev) {
        return false;
    }
    let first = next.lines.first().map(String::as_str).unwrap_or("");
    starts_lowercase(first) || next.after_page_break || prev.trim_end().ends_with(',')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_hyphenated_and_wrapped_lines() {
        assert_eq!(
            join_lines(["coordination of anti-", "trafficking efforts"]),
            "coordination of anti-trafficking efforts"
        );
        assert_eq!(
            join_lines(["MIA) --", "in conjunction"]),
            "MIA) -- in conjunction"
        );
    }

    #[test]
    fn double_spacing_is_undone() {
        let text =
            "one line\n\ngoes on\n\nhere.\n\n\nNew para\n\nwith two\n\nlines.\n\nand\n\nmore\n";
        let lines: Vec<&str> = text.lines().collect();
        let b = blocks(undouble(&lines), |_| false);
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].text(), "one line goes on here.");
    }

    #[test]
    fn page_break_splits_blocks_and_marks_them() {
        let text = "Some convicted\n\nBAKU 00001661 002 OF 003\n\ntraffickers received";
        let b = blocks(text.lines(), |l| l.contains(" OF 003"));
        assert_eq!(b.len(), 2);
        assert!(b[1].after_page_break);
        assert!(continues(&b[0].text(), &b[1]));
    }
}
