//! The TIP report as the State Department publishes it every year: one PDF of several
//! hundred pages, two columns a page. Its text is read in reading order, without running
//! headers, page numbers and photo captions, words hyphenated across lines mended, one
//! paragraph a block, for the report parser to split by country.
//!
//! `pdf-extract` (on `lopdf`) decodes the fonts and hands over every character with its
//! position; the order in which a page draws its text is not its reading order, so the
//! lines are rebuilt from positions and the columns read left to right.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// A character as drawn: where its baseline starts and ends, and its size.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    end: f64,
    y: f64,
    size: f64,
    text: String,
}

/// A line of one column: its glyphs joined, where it starts and its baseline.
#[derive(Debug, Clone)]
struct Line {
    x: f64,
    end: f64,
    y: f64,
    size: f64,
    text: String,
}

/// Every page's glyphs, as `pdf-extract` draws them.
#[derive(Default)]
struct Pages {
    pages: Vec<(MediaBox, Vec<Glyph>)>,
}

impl OutputDev for Pages {
    fn begin_page(
        &mut self,
        _page: u32,
        media: &MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        let media = MediaBox {
            llx: media.llx,
            lly: media.lly,
            urx: media.urx,
            ury: media.ury,
        };
        self.pages.push((media, Vec::new()));
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        // The size as drawn: the font's size through the text matrix's scale.
        let across = font_size * (trm.m11 + trm.m21);
        let up = font_size * (trm.m12 + trm.m22);
        let size = (across * up).abs().sqrt();
        if let Some((_, glyphs)) = self.pages.last_mut() {
            glyphs.push(Glyph {
                x: trm.m31,
                end: trm.m31 + width * size,
                y: trm.m32,
                size,
                text: text.to_string(),
            });
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// What a PDF holds: its text in reading order, and how many pages it has (the progress
/// of a long report is counted in pages).
#[derive(Debug)]
pub(crate) struct Extracted {
    pub text: String,
    pub pages: usize,
}

/// Reads a PDF's text (see the module's comment). A PDF the library cannot read, or
/// whose reading fails, is refused with the reason; nothing panics.
pub(crate) fn to_text(bytes: &[u8]) -> Result<Extracted, String> {
    let pages = catch_unwind(AssertUnwindSafe(|| glyphs_of(bytes)))
        .map_err(|_| "the PDF could not be read (its structure is damaged)".to_string())??;
    let count = pages.len();
    let body = body_size(&pages);
    let mut blocks: Vec<String> = running_title(&pages).into_iter().collect();
    let mut lines: Vec<Line> = Vec::new();
    for (media, glyphs) in &pages {
        lines.extend(reading_order(media, glyphs, body));
    }
    blocks.extend(paragraphs(&lines, body));
    Ok(Extracted {
        text: blocks.join("\n\n"),
        pages: count,
    })
}

fn glyphs_of(bytes: &[u8]) -> Result<Vec<(MediaBox, Vec<Glyph>)>, String> {
    let doc = pdf_extract::Document::load_mem(bytes).map_err(|e| format!("not a PDF: {e}"))?;
    let mut out = Pages::default();
    pdf_extract::output_doc(&doc, &mut out).map_err(|e| format!("the PDF's text: {e}"))?;
    Ok(out.pages)
}

/// The commonest glyph size, in tenths of a point: the body text's. Smaller text is a
/// caption, a footnote or a page furniture; larger, a heading.
fn body_size(pages: &[(MediaBox, Vec<Glyph>)]) -> f64 {
    let mut counts: Vec<(i64, usize)> = Vec::new();
    for g in pages.iter().flat_map(|(_, g)| g) {
        let key = (g.size * 10.0).round() as i64;
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => counts.push((key, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(k, n)| (n, -k))
        .map_or(10.0, |(k, _)| k as f64 / 10.0)
}

/// Share of the page's height at its top and bottom that holds running headers, footers
/// and page numbers.
const MARGIN: f64 = 0.06;

fn in_top_margin(media: &MediaBox, y: f64) -> bool {
    y > media.ury - MARGIN * (media.ury - media.lly)
}

fn in_margin(media: &MediaBox, y: f64) -> bool {
    in_top_margin(media, y) || y < media.lly + MARGIN * (media.ury - media.lly)
}

/// The first page's running header (`2008 TRAFFICKING IN PERSONS REPORT`): the report's
/// title, kept once for its year though every page's copy is dropped.
fn running_title(pages: &[(MediaBox, Vec<Glyph>)]) -> Option<String> {
    let (media, glyphs) = pages.first()?;
    let top: Vec<Glyph> = glyphs
        .iter()
        .filter(|g| in_top_margin(media, g.y))
        .cloned()
        .collect();
    let lines = lines_of(top, None);
    let title = lines
        .into_iter()
        .map(|l| l.text)
        .collect::<Vec<_>>()
        .join(" ");
    Some(title).filter(|t| t.chars().any(char::is_alphabetic))
}

/// A page's lines in reading order: text across the middle of the page first (titles),
/// then the left column top to bottom, then the right; the margins' furniture and text
/// smaller than the body's (captions) left out.
fn reading_order(media: &MediaBox, glyphs: &[Glyph], body: f64) -> Vec<Line> {
    let kept: Vec<Glyph> = glyphs
        .iter()
        .filter(|g| !in_margin(media, g.y) && g.size >= 0.9 * body)
        .cloned()
        .collect();
    let middle = (media.llx + media.urx) / 2.0;
    let mut lines = lines_of(kept, Some(middle));
    let column = |l: &Line| match (l.x < middle, l.end <= middle + body) {
        (true, true) => 1,
        (false, _) => 2,
        (true, false) => 0,
    };
    lines.sort_by(|a, b| {
        column(a)
            .cmp(&column(b))
            .then(b.y.total_cmp(&a.y))
            .then(a.x.total_cmp(&b.x))
    });
    lines
}

/// Glyphs gathered into lines: those on one baseline and within a column's reach of each
/// other, left to right, a space where a gap shows one. A line never runs across the
/// `gutter` (the page's middle), however narrow the gap between the columns.
fn lines_of(mut glyphs: Vec<Glyph>, gutter: Option<f64>) -> Vec<Line> {
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Line> = Vec::new();
    for g in glyphs {
        let joins = lines.last().is_some_and(|l| {
            let crosses = gutter.is_some_and(|m| l.end <= m && g.x >= m);
            (l.y - g.y).abs() < 0.3 * g.size.max(1.0)
                && g.x - l.end < 2.0 * g.size.max(1.0)
                && !crosses
        });
        match lines.last_mut() {
            Some(l) if joins => {
                if g.x - l.end > 0.15 * g.size && !l.text.ends_with(' ') {
                    l.text.push(' ');
                }
                l.text.push_str(&g.text);
                l.end = l.end.max(g.end);
                l.size = l.size.max(g.size);
            }
            _ => lines.push(Line {
                x: g.x,
                end: g.end,
                y: g.y,
                size: g.size,
                text: g.text,
            }),
        }
    }
    lines.retain(|l| !l.text.trim().is_empty());
    lines
}

/// Lines in reading order made paragraphs: a heading (larger than the body) stands alone;
/// a paragraph ends at a gap wider than a line's or at a short line that ends a sentence,
/// and runs on from one column and page into the next.
fn paragraphs(lines: &[Line], body: f64) -> Vec<String> {
    let width = lines.iter().map(|l| l.end - l.x).fold(0.0f64, f64::max);
    let mut out: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut previous: Option<&Line> = None;
    for line in lines {
        let heading = line.size > 1.1 * body;
        let gap = previous.is_some_and(|p| p.y > line.y && p.y - line.y > 1.8 * body);
        let ended = previous.is_some_and(|p| {
            p.size > 1.1 * body || (p.text.ends_with('.') && p.end - p.x < 0.8 * width)
        });
        if heading || gap || ended {
            out.extend(Some(mend(&current)).filter(|p| !p.is_empty()));
            current.clear();
        }
        current.push(line.text.trim());
        previous = Some(line);
    }
    out.extend(Some(mend(&current)).filter(|p| !p.is_empty()));
    out
}

/// Printed lines joined into one paragraph, a word hyphenated across two lines written
/// whole (`imprison-` `ment` is `imprisonment`): between lower-case letters, the hyphen at
/// a line's end is the typesetter's. Next to a capital or a digit it is the word's, kept
/// without the line break (`COVID-` `19` is `COVID-19`).
fn mend(lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines {
        let before = out.strip_suffix('-').and_then(|o| o.chars().next_back());
        let after = line.chars().next();
        match (before, after) {
            _ if out.is_empty() => {}
            (Some(b), Some(a)) if b.is_lowercase() && a.is_lowercase() => {
                out.pop();
            }
            (Some(b), Some(a)) if b.is_alphanumeric() && a.is_alphanumeric() => {}
            _ => out.push(' '),
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphens_at_line_ends_are_the_typesetters() {
        assert_eq!(
            mend(&["years of imprison-", "ment. Police"]),
            "years of imprisonment. Police"
        );
        assert_eq!(
            mend(&["the COVID-", "19 pandemic"]),
            "the COVID-19 pandemic"
        );
        assert_eq!(mend(&["a line", "another"]), "a line another");
    }

    fn glyph(x: f64, text: &str) -> Glyph {
        Glyph {
            x,
            end: x + 5.0,
            y: 700.0,
            size: 10.0,
            text: text.into(),
        }
    }

    #[test]
    fn a_narrow_gutter_still_parts_the_columns() {
        // The left column's line ends 12 points before the right one's starts: nearer than
        // the gap that would join two runs of one line, but across the page's middle.
        let glyphs = vec![glyph(290.0, "a"), glyph(307.0, "b")];
        let parted: Vec<String> = lines_of(glyphs.clone(), Some(300.0))
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(parted, ["a", "b"]);
        assert_eq!(lines_of(glyphs, None).len(), 1);
    }

    #[test]
    fn garbage_is_refused_with_a_reason() {
        let e = to_text(b"%PDF-1.4 not really").unwrap_err();
        assert!(e.contains("PDF"), "{e}");
    }
}
