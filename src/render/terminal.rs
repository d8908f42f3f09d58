//! Output for people: a header line per hit and the best fragment with matches marked.
//! Everything taken from a document goes through [`printable`]: its text is not ours to
//! let the terminal obey.

use std::io::Write;

use anstyle::{AnsiColor, Effects, Style};

use super::{printable, Counts, Render};
use crate::highlight::fragments;
use crate::search::{Expansion, Explanation, Hit, References, StoredDocument};
use crate::stats::{Series, Stats};
use crate::tiers::TierHistory;

/// Terminal renderer; colour and width are decided by the caller (`--color`, `NO_COLOR`,
/// tty, the terminal's size).
#[derive(Debug)]
pub struct Terminal {
    /// Emit ANSI colours.
    pub color: bool,
    /// Longest fragment text shown per hit, in bytes.
    pub max_len: usize,
    /// Columns a chart may fill.
    pub width: usize,
}

impl Terminal {
    /// A renderer with the default fragment length, 80 columns wide.
    pub fn new(color: bool) -> Terminal {
        Terminal {
            color,
            max_len: 400,
            width: 80,
        }
    }

    fn paint(&self, out: &mut dyn Write, style: Style, text: &str) -> std::io::Result<()> {
        let text = printable(text);
        if self.color {
            write!(out, "{}{}{}", style.render(), text, style.render_reset())
        } else {
            out.write_all(text.as_bytes())
        }
    }

    /// Writes `text[start..end]`, marking the highlight spans inside it.
    fn marked(
        &self,
        out: &mut dyn Write,
        text: &str,
        start: usize,
        end: usize,
        spans: &[[usize; 2]],
    ) -> std::io::Result<()> {
        let mark = Style::new()
            .fg_color(Some(AnsiColor::Red.into()))
            .effects(Effects::BOLD);
        let mut at = start;
        for [s, e] in spans
            .iter()
            .copied()
            .filter(|[s, e]| *s >= start && *e <= end)
        {
            if s < at {
                continue;
            }
            out.write_all(printable(&slice(text, at, s)).as_bytes())?;
            if self.color {
                self.paint(out, mark, &slice(text, s, e))?;
            } else {
                write!(out, "[{}]", printable(&slice(text, s, e)))?;
            }
            at = e;
        }
        out.write_all(printable(&slice(text, at, end)).as_bytes())
    }
}

/// `text[start..end]`, even when a span from the index does not fall on character
/// boundaries: a garbled character is better than a panic halfway through the output.
fn slice(text: &str, start: usize, end: usize) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(&text.as_bytes()[start..end])
}

impl Render for Terminal {
    fn hit(&mut self, out: &mut dyn Write, hit: &Hit) -> std::io::Result<()> {
        let dim = Style::new().effects(Effects::DIMMED);
        let id = Style::new()
            .fg_color(Some(AnsiColor::Cyan.into()))
            .effects(Effects::BOLD);
        write!(out, "{:>2}. ", hit.rank)?;
        self.paint(out, id, &hit.doc_id)?;
        let mut meta: Vec<String> = Vec::new();
        if let Some(d) = &hit.date {
            meta.push(d.get(..10).unwrap_or(d).to_string());
        }
        if let Some(o) = &hit.origin {
            meta.push(o.clone());
        }
        let mut place = String::new();
        if let Some(s) = &hit.section {
            place.push_str(s);
        }
        if let Some(p) = &hit.paragraph {
            if !place.is_empty() {
                place.push(' ');
            }
            place.push_str(&format!("¶{p}"));
        }
        if !place.is_empty() {
            meta.push(place);
        }
        self.paint(out, dim, &format!("  {}", meta.join(" · ")))?;
        // By document, the document is the result: its title says what it is.
        if hit.matching.is_some() {
            write!(out, "\n    {}", printable(&hit.title))?;
        }
        writeln!(out)?;
        let spans: Vec<(usize, usize)> = hit.highlights.iter().map(|[s, e]| (*s, *e)).collect();
        let frags = fragments(&hit.text, &spans, self.max_len);
        out.write_all(b"    ")?;
        if frags.first().is_some_and(|f| f.start > 0) {
            out.write_all("…".as_bytes())?;
        }
        for (i, f) in frags.iter().enumerate() {
            if i > 0 {
                out.write_all(" … ".as_bytes())?;
            }
            self.marked(out, &hit.text, f.start, f.end, &hit.highlights)?;
        }
        if frags.last().is_some_and(|f| f.end < hit.text.len()) {
            out.write_all("…".as_bytes())?;
        }
        if !hit.also_in.is_empty() {
            writeln!(out)?;
            self.paint(out, dim, &format!("    also in {}", hit.also_in.join(", ")))?;
        }
        if let Some(n) = hit.matching {
            writeln!(out)?;
            self.paint(out, dim, &format!("    {}", matching(n, &hit.also_at)))?;
        }
        if let Some(why) = &hit.explain {
            writeln!(out)?;
            self.paint(out, dim, &explanation(why))?;
        }
        writeln!(out)?;
        writeln!(out)
    }

    fn document(&mut self, out: &mut dyn Write, doc: &StoredDocument) -> std::io::Result<()> {
        writeln!(out, "{}", printable(&document_head(doc)))?;
        let mut section: Option<&String> = None;
        for h in &doc.passages {
            if h.section.as_ref() != section {
                if let Some(s) = &h.section {
                    writeln!(out, "== {}\n", printable(s))?;
                }
                section = h.section.as_ref();
            }
            match &h.paragraph {
                Some(p) => writeln!(out, "¶{}  {}\n", printable(p), printable(&h.text))?,
                None => writeln!(out, "{}\n", printable(&h.text))?,
            }
        }
        Ok(())
    }

    fn stats(&mut self, out: &mut dyn Write, s: &Stats) -> std::io::Result<()> {
        writeln!(out, "{} documents, {} passages", s.documents, s.passages)?;
        for (label, counts, n) in [
            ("kind", &s.kinds, 10),
            ("year", &s.years, usize::MAX),
            ("origin", &s.origins, 15),
            ("tag", &s.tags, 15),
            ("classification", &s.classifications, 10),
        ] {
            writeln!(out, "{label:>14}: {}", printable(&counted(counts, n)))?;
        }
        Ok(())
    }

    fn facets(&mut self, out: &mut dyn Write, stats: &Stats) -> std::io::Result<()> {
        self.stats(out, stats)
    }

    fn references(&mut self, out: &mut dyn Write, r: &References) -> std::io::Result<()> {
        writeln!(out, "{}", printable(&format!("{}  {}", r.doc_id, r.title)))?;
        for (label, list) in [("cites", &r.cites), ("cited by", &r.cited_by)] {
            writeln!(out, "\n{label} ({}):", list.len())?;
            for c in list {
                let date = c.date.as_deref().map_or("", |d| d.get(..10).unwrap_or(d));
                let line = match &c.title {
                    Some(t) => format!("  {:<20} {date}  {t}", c.doc_id),
                    None => format!("  {:<20} (not in the index)", c.doc_id),
                };
                writeln!(out, "{}", printable(&line))?;
            }
        }
        Ok(())
    }

    /// One bar per period, labelled with it and its count of documents, the longest
    /// filling the width; an empty period shows no bar, a small one at least one block.
    fn series(&mut self, out: &mut dyn Write, s: &Series) -> std::io::Result<()> {
        let label = s.series.iter().map(|b| b.period.len()).max().unwrap_or(0);
        let most = s
            .series
            .iter()
            .map(|b| b.documents)
            .max()
            .unwrap_or(0)
            .max(1);
        let digits = most.to_string().len();
        let room = self.width.saturating_sub(label + digits + 3).max(10) as u64;
        let bar = Style::new().fg_color(Some(AnsiColor::Cyan.into()));
        for b in &s.series {
            write!(out, "{:>label$} ", printable(&b.period))?;
            let blocks = (b.documents * room).div_ceil(most) as usize;
            self.paint(out, bar, &"█".repeat(blocks))?;
            writeln!(out, " {}", b.documents)?;
        }
        Ok(())
    }

    /// A line per document: its id, date and title.
    fn record(&mut self, out: &mut dyn Write, doc: &StoredDocument) -> std::io::Result<()> {
        let date = doc.date.as_deref().map_or("", |d| d.get(..10).unwrap_or(d));
        let line = format!("{:<24} {date:<10}  {}", doc.doc_id, doc.title);
        writeln!(out, "{}", printable(&line))
    }

    /// Each country, then a line per year: its tier, its reports, its KTIP cables.
    fn tiers(&mut self, out: &mut dyn Write, histories: &[TierHistory]) -> std::io::Result<()> {
        for h in histories {
            writeln!(out, "{}", printable(&h.country))?;
            if let Some(note) = &h.note {
                writeln!(out, "  ({})", printable(note))?;
            }
            for y in &h.years {
                let tier = y.tier.as_deref().unwrap_or("-");
                let docs = match y.documents.is_empty() {
                    true => "-".to_string(),
                    false => y.documents.join(", "),
                };
                let line = format!(
                    "  {}  {tier:<18}  {docs:<40}  KTIP cables: {}",
                    y.year, y.ktip_cables
                );
                writeln!(out, "{}", printable(&line))?;
            }
        }
        Ok(())
    }

    fn count(&mut self, out: &mut dyn Write, n: Counts) -> std::io::Result<()> {
        writeln!(out, "{} passages in {} documents", n.passages, n.documents)
    }
}

/// A document's header for reading: id and title, then date, origin, classification and
/// tags, then the other ids it was published under.
fn document_head(doc: &StoredDocument) -> String {
    let meta = [
        doc.date.clone(),
        doc.origin.clone(),
        doc.classification.clone(),
        Some(doc.tags.join(" ")),
    ];
    let meta: Vec<String> = meta
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    let mut head = format!("{}  {}\n{}\n", doc.doc_id, doc.title, meta.join(" · "));
    if !doc.aliases.is_empty() {
        head.push_str(&format!("also published as {}\n", doc.aliases.join(", ")));
    }
    head
}

/// Counts for people: the `n` largest (all, in their order, for `usize::MAX`), then how
/// many more there are.
fn counted(counts: &std::collections::BTreeMap<String, u64>, n: usize) -> String {
    let mut line: Vec<String> = if n == usize::MAX {
        counts.iter().map(|(k, c)| format!("{k} {c}")).collect()
    } else {
        Stats::top(counts, n)
            .iter()
            .map(|(k, c)| format!("{k} {c}"))
            .collect()
    };
    let more = counts.len().saturating_sub(line.len());
    if more > 0 {
        line.push(format!("(+{more} more)"));
    }
    line.join(", ")
}

/// A document's other matching passages: how many, and where the next best are.
fn matching(n: usize, also_at: &[String]) -> String {
    let passages = if n == 1 { "passage" } else { "passages" };
    match also_at {
        [] => format!("{n} matching {passages}"),
        _ => format!("{n} matching {passages}; also {}", also_at.join(", ")),
    }
}

/// An explanation in a few lines: the parts of the score, then each concept's evidence.
fn explanation(why: &Explanation) -> String {
    let w = &why.weights;
    let mut lines = vec![format!(
        "    score {:.3} = passage {:.3} + document {:.3}×{} + coverage {:.3}×{} + proximity {:.3}×{} + specificity {:.3}×{} + number {}×{} + unit {}×{}",
        why.score,
        why.passage,
        why.document,
        w.document,
        why.coverage,
        w.coverage,
        why.proximity,
        w.proximity,
        why.specificity,
        w.specific,
        why.quantity,
        w.quantity,
        why.unit,
        w.unit
    )];
    for e in &why.evidence {
        let via = match e.expansion {
            Expansion::Typed => String::new(),
            other => format!(
                " via {}",
                serde_json::to_value(other)
                    .unwrap_or_default()
                    .as_str()
                    .unwrap_or("")
            ),
        };
        let place = serde_json::to_value(e.place).unwrap_or_default();
        lines.push(format!(
            "      {:<20} as {:<18} in {:<9}{via} +{:.3} (weight {})",
            e.concept,
            e.form,
            place.as_str().unwrap_or(""),
            e.score,
            w.evidence(e)
        ));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(text: &str, highlights: Vec<[usize; 2]>) -> Hit {
        Hit {
            rank: 1,
            score: 1.0,
            doc_id: "09BAKU\u{1b}[2J911".into(),
            aliases: Vec::new(),
            kind: "cable".into(),
            title: "t".into(),
            date: Some("2009-11-23T14:03:00Z".into()),
            origin: Some("Embassy \u{9b}31mBaku".into()),
            classification: None,
            tags: vec![],
            section: Some("Victims\u{7}".into()),
            paragraph: Some("2".into()),
            ordinal: 1,
            text: text.into(),
            highlights,
            source: "x".into(),
            also_in: vec!["10BAKU\u{1b}1".into()],
            matching: None,
            also_at: Vec::new(),
            explain: None,
        }
    }

    #[test]
    fn controls_from_documents_are_shown_escaped() {
        let text = "Victims \u{1b}]0;owned\u{7} were \u{1b}[8mhidden\u{1b}[0m in shelters.";
        let at = text.find("shelters").unwrap();
        for color in [false, true] {
            let mut out = Vec::new();
            Terminal::new(color)
                .hit(&mut out, &hit(text, vec![[at, at + 8]]))
                .unwrap();
            let out = String::from_utf8(out).unwrap();
            // Colour codes are ours to emit; once they are out, no control may be left.
            let painted = strip_ansi(&out);
            assert!(
                !painted.chars().any(|c| c.is_control() && c != '\n'),
                "{painted:?}"
            );
            assert!(
                painted.contains("09BAKU\\u{1b}[2J911")
                    && painted.contains("\\u{9b}31mBaku")
                    && painted.contains("Victims\\u{7}")
                    && painted.contains("\\u{1b}]0;owned\\u{7}")
                    && painted.contains("10BAKU\\u{1b}1"),
                "{painted}"
            );
            assert!(painted.contains("shelters"), "{painted}");
        }
    }

    /// The output with this renderer's own colour codes taken out.
    fn strip_ansi(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find("\u{1b}[") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            let end = after.find('m').map_or(after.len(), |m| m + 1);
            rest = &after[end..];
        }
        out.push_str(rest);
        out
    }
}
