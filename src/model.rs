//! The typed document that every parser produces and every later step consumes.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Which layout a document was parsed from; drives filters and display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A State Department diplomatic cable.
    Cable,
    /// A country narrative of the annual Trafficking in Persons report.
    TipReport,
    /// An interim assessment published between two annual reports.
    TipInterim,
}

impl Kind {
    /// The name used in the index, in `kind:` filters and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Cable => "cable",
            Kind::TipReport => "tip_report",
            Kind::TipInterim => "tip_interim",
        }
    }

    /// Parses the name users type in `kind:` filters.
    pub fn from_name(s: &str) -> Option<Kind> {
        match s.to_ascii_lowercase().replace('-', "_").as_str() {
            "cable" | "cables" => Some(Kind::Cable),
            "tip_report" | "report" | "tip" => Some(Kind::TipReport),
            "tip_interim" | "interim" => Some(Kind::TipInterim),
            _ => None,
        }
    }
}

/// One paragraph as a reader sees it: the unit that is indexed and ranked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    /// Heading of the section the paragraph sits in, as printed.
    pub section: Option<String>,
    /// Paragraph number as printed, normalised (`3`, `A`, `5.B`).
    pub number: Option<String>,
    /// Portion marking (`U`, `SBU`, `C`, `S`, `S/NF`).
    pub marking: Option<String>,
    /// The reflowed text of the paragraph.
    pub text: String,
}

/// A parsed cable or report: metadata plus passages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable identifier (`09BAKU911`, `TIP-2009-AZERBAIJAN`).
    pub doc_id: String,
    /// Other ids the same document was published under: WikiLeaks named some cables after
    /// a garbled banner (`08SCTION02OF02SAOPAULO335`), and researchers cite those names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// What kind of document this is.
    pub kind: Kind,
    /// Human title: a cable's subject, a report's country and year.
    pub title: String,
    /// When it was written (UTC); year precision for reports.
    #[serde(with = "time::serde::rfc3339::option")]
    pub date: Option<OffsetDateTime>,
    /// Sending post (`Embassy Baku`).
    pub origin: Option<String>,
    /// Overall classification (`CONFIDENTIAL//NOFORN`).
    pub classification: Option<String>,
    /// TAGS line entries, upper case.
    pub tags: Vec<String>,
    /// SUBJECT line of a cable.
    pub subject: Option<String>,
    /// Cables this one cites, as canonical ids.
    pub references: Vec<String>,
    /// Country the document is about.
    pub country: Option<String>,
    /// TIP tier placement (`Tier 2 Watch List`).
    pub tier: Option<String>,
    /// Where the text came from (a path, or `bundled:...`).
    pub source: String,
    /// Publisher notes and disclaimers: kept for display, never ranked.
    pub notes: Vec<String>,
    /// The ranked paragraphs, in reading order.
    pub passages: Vec<Passage>,
}
