//! Output for people: a header line per hit and the best fragment with matches marked.

use std::io::Write;

use anstyle::{AnsiColor, Effects, Style};

use super::Render;
use crate::highlight::fragments;
use crate::highlight::Expansion;
use crate::search::{Explanation, Hit};

/// Terminal renderer; colour is decided by the caller (`--color`, `NO_COLOR`, tty).
#[derive(Debug)]
pub struct Terminal {
    /// Emit ANSI colours.
    pub color: bool,
    /// Longest fragment text shown per hit, in bytes.
    pub max_len: usize,
}

impl Terminal {
    /// A renderer with the default fragment length.
    pub fn new(color: bool) -> Terminal {
        Terminal {
            color,
            max_len: 400,
        }
    }

    fn paint(&self, out: &mut dyn Write, style: Style, text: &str) -> std::io::Result<()> {
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
            out.write_all(&text.as_bytes()[at..s])?;
            if self.color {
                self.paint(out, mark, &text[s..e])?;
            } else {
                write!(out, "[{}]", &text[s..e])?;
            }
            at = e;
        }
        out.write_all(&text.as_bytes()[at..end])
    }
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
        if let Some(why) = &hit.explain {
            writeln!(out)?;
            self.paint(out, dim, &explanation(why))?;
        }
        writeln!(out)?;
        writeln!(out)
    }
}

/// An explanation in a few lines: the parts of the score, then each concept's evidence.
fn explanation(why: &Explanation) -> String {
    let w = &why.weights;
    let mut lines = vec![format!(
        "    score {:.3} = passage {:.3} + document {:.3}×{} + coverage {:.3}×{} + proximity {:.3}×{} + number {}×{}",
        why.score,
        why.passage,
        why.document,
        w.document,
        why.coverage,
        w.coverage,
        why.proximity,
        w.proximity,
        why.quantity,
        w.quantity
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
