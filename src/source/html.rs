//! WikiLeaks cable pages and State Department report pages (HTML): many cables exist only
//! as the site's pages, and the TIP reports were published as pages, so read them as text.

use scraper::{ElementRef, Html, Node, Selector};

use crate::parse::{self, Metadata};

/// Why a page that is no cable at all is refused.
const NOT_A_CABLE: &str =
    "neither a WikiLeaks cable page (no cable table or text block) nor a TIP report page";
/// Why a page that stops halfway is refused: indexing half a cable would hide the rest.
const CUT_OFF: &str = "the HTML page is cut off before the end of the cable text";
/// The metadata the cable table carries.
const LABELS: [&str; 5] = [
    "Reference ID",
    "Created",
    "Released",
    "Classification",
    "Origin",
];

/// About twice the tags of any cable page (they have under 3,000): html5ever's time grows
/// with the square of nesting depth, so a crafted page of deeply nested tags is refused
/// unread: 6,000 nested `<pre>`s, the costliest found, take half a second, and 36,000 nested
/// `<div>`s took 12 s.
const MAX_TAGS: usize = 6_000;

/// What a page holds: a cable's text and the metadata of its table, or a report's text.
#[derive(Debug)]
pub(crate) struct Page {
    /// The cable table's metadata; `None` for a report page, or a cable page without one.
    pub meta: Option<Metadata>,
    /// The text blocks, one blank line apart.
    pub text: String,
}

/// Reads a WikiLeaks cable page (its table's metadata and its text blocks) or a State
/// Department report page (its text).
pub(crate) fn read_page(html: &str) -> Result<Page, String> {
    if html.bytes().filter(|b| *b == b'<').count() > MAX_TAGS {
        return Err(format!(
            "more than {MAX_TAGS} tags: not a WikiLeaks cable page"
        ));
    }
    let doc = Html::parse_document(html);
    let table = elements(doc.root_element(), "table")
        .find(|t| t.value().classes().any(|c| c.eq_ignore_ascii_case("cable")));
    // The text blocks sit beside the cable table; looking only there keeps the sidebar and
    // navigation out even if a later site layout puts a <pre> in them.
    let scope = table
        .and_then(|t| t.parent())
        .and_then(ElementRef::wrap)
        .unwrap_or_else(|| doc.root_element());
    let blocks: Vec<String> = outermost_pre(scope)
        .into_iter()
        .map(text_of)
        .filter(|b| !b.trim().is_empty())
        .collect();
    if table.is_none() && blocks.is_empty() {
        let text = report_page_text(&doc, html);
        return match parse::looks_like_report(&text) {
            true => Ok(Page { meta: None, text }),
            false => Err(NOT_A_CABLE.to_string()),
        };
    }
    if is_cut_off(html, table.is_some(), blocks.len()) {
        return Err(CUT_OFF.to_string());
    }

    let meta = table.map(metadata);
    let mut out = String::new();
    for block in &blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        // Only trailing newlines go: the layout puts exactly one blank line between parts.
        out.push_str(block.trim_end_matches(['\n', '\r']));
        out.push('\n');
    }
    Ok(Page { meta, text: out })
}

/// Elements whose text is the site's, not the report's.
const CHROME: [&str; 10] = [
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "select",
];

/// Elements that make a paragraph of their own.
const BLOCK: [&str; 20] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "body",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "td",
    "th",
    "dd",
    "dt",
    "blockquote",
    "pre",
    "figcaption",
];

/// A report page as plain text: the address it was saved from (when the file says it) and
/// its title, then each block's text as a paragraph, without the site's navigation, header
/// and footer. Its main content, when marked, is all that is read.
fn report_page_text(doc: &Html, html: &str) -> String {
    let mut paragraphs: Vec<String> = saved_address(doc, html).into_iter().collect();
    paragraphs.extend(first(doc, "title").map(text_of).map(|t| one_line(&t)));
    let scope = first(doc, "main")
        .or_else(|| first(doc, "article"))
        .unwrap_or_else(|| doc.root_element());
    let mut block = None;
    let mut current = String::new();
    for node in scope.descendants() {
        match node.value() {
            Node::Text(text) if !node.ancestors().any(|a| is_one_of(a.value(), &CHROME)) => {
                let holder = node
                    .ancestors()
                    .find(|a| is_one_of(a.value(), &BLOCK))
                    .map(|a| a.id());
                if holder != block {
                    paragraphs.extend(Some(one_line(&current)).filter(|p| !p.is_empty()));
                    current.clear();
                    block = holder;
                }
                current.push_str(text);
            }
            Node::Element(e) if e.name() == "br" => current.push(' '),
            _ => {}
        }
    }
    paragraphs.extend(Some(one_line(&current)).filter(|p| !p.is_empty()));
    paragraphs.join("\n\n")
}

fn is_one_of(node: &Node, names: &[&str]) -> bool {
    node.as_element().is_some_and(|e| names.contains(&e.name()))
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn first<'a>(doc: &'a Html, name: &'a str) -> Option<ElementRef<'a>> {
    elements(doc.root_element(), name).next()
}

/// Where the page says it was saved from: its canonical link, its `og:url`, or the
/// `saved from url=` comment browsers write.
fn saved_address(doc: &Html, html: &str) -> Option<String> {
    // `<!-- saved from url=(0051)https://2001-2009.state.gov/... -->`: the address runs to
    // the next space (hyphens are part of it), after its length in brackets.
    let comment = html
        .find("saved from url=")
        .map(|k| &html[k + "saved from url=".len()..])
        .and_then(|rest| rest.split_whitespace().next())
        .map(|url| url.trim_end_matches("-->"))
        .map(|url| url.trim_start_matches(|c: char| c != 'h').to_string());
    let linked = |selector: &str, attribute: &str| {
        let selector = Selector::parse(selector).ok()?;
        let element = doc.select(&selector).next()?;
        element.value().attr(attribute).map(str::to_string)
    };
    linked("link[rel=canonical]", "href")
        .or_else(|| linked("meta[property='og:url']", "content"))
        .or(comment)
        .filter(|url| url.starts_with("http"))
}

/// The `pre` elements inside `root` that no other `pre` holds, in document order. html5ever
/// nests unclosed ones (a page cut and pasted as text), and reading each would read the
/// innermost text once per level of nesting: the square of the page.
fn outermost_pre(root: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    let mut out = Vec::new();
    // The last node of the `pre` taken last: nodes up to it are inside it.
    let mut inside_until = None;
    for node in root.descendants() {
        if let Some(last) = inside_until {
            if node.id() == last {
                inside_until = None;
            }
            continue;
        }
        let Some(e) = ElementRef::wrap(node).filter(|e| e.value().name() == "pre") else {
            continue;
        };
        inside_until = node
            .descendants()
            .last()
            .map(|d| d.id())
            .filter(|&id| id != node.id());
        out.push(e);
    }
    out
}

/// The elements named `name` inside `root`, in document order.
fn elements<'a>(root: ElementRef<'a>, name: &'a str) -> impl Iterator<Item = ElementRef<'a>> + 'a {
    root.descendants()
        .filter_map(ElementRef::wrap)
        .filter(move |e| e.value().name() == name)
}

/// The text a reader sees in an element: entities decoded, links as their text, `<br>` as a
/// newline, and nothing from scripts or styles.
fn text_of(element: ElementRef<'_>) -> String {
    let mut out = String::new();
    for node in element.descendants() {
        match node.value() {
            Node::Text(text) => {
                let in_code = node
                    .parent()
                    .and_then(ElementRef::wrap)
                    .is_some_and(|p| matches!(p.value().name(), "script" | "style"));
                if !in_code {
                    out.push_str(text);
                }
            }
            Node::Element(e) if e.name() == "br" => out.push('\n'),
            _ => {}
        }
    }
    out
}

/// The metadata of the cable table: a row of `<th>` labels over a row of `<td>` values,
/// matched by column so the page's column order does not matter.
fn metadata(table: ElementRef<'_>) -> Metadata {
    let rows: Vec<ElementRef<'_>> = elements(table, "tr").collect();
    let cells = |name: &str| {
        rows.iter()
            .map(|row| {
                row.children()
                    .filter_map(ElementRef::wrap)
                    .filter(|c| c.value().name() == name)
                    .map(|c| one_line(&text_of(c)))
                    .collect::<Vec<_>>()
            })
            // The first row of its kind: later <td> rows hold extras such as press links.
            .find(|cells| !cells.is_empty())
            .unwrap_or_default()
    };
    let (labels, values) = (cells("th"), cells("td"));
    let mut meta = Metadata::default();
    for label in LABELS {
        let column = labels.iter().position(|l| l.eq_ignore_ascii_case(label));
        if let Some(value) = column.and_then(|c| values.get(c)) {
            meta.set(label, value);
        }
    }
    meta
}

/// True when the raw page stops before the cable text is complete. HTML parsers close open
/// elements silently at the end of input, so this looks at the source itself.
fn is_cut_off(html: &str, has_table: bool, blocks: usize) -> bool {
    let lower = html.to_ascii_lowercase();
    let open_block = lower
        .rfind("<pre")
        .is_some_and(|start| !lower[start..].contains("</pre"));
    // A cable page has a header block and a body block; with fewer and no end of document, the
    // page stopped between them (or inside the table). A page cut only after the body is kept.
    let ended = lower.contains("</html");
    open_block || (has_table && !ended && blocks < 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// Real WikiLeaks pages of dev cables, kept with the tests.
    fn page(name: &str) -> String {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/html");
        let path = PathBuf::from(dir).join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// One sample page, read.
    fn read(name: &str) -> Page {
        read_page(&page(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// The text of one sample page.
    fn converted(name: &str) -> String {
        read(name).text
    }

    /// The text of a page, or why it was refused.
    fn text_of_page(html: &str) -> Result<String, String> {
        read_page(html).map(|p| p.text)
    }

    /// A page's metadata as id, created (year, month, day, hour, minute), classification
    /// and origin.
    type Fields = (
        Option<String>,
        Option<(i32, u8, u8, u8, u8)>,
        Option<String>,
        Option<String>,
    );

    fn fields(meta: &Metadata) -> Fields {
        let created = meta
            .created
            .map(|d| (d.year(), d.month() as u8, d.day(), d.hour(), d.minute()));
        (
            meta.id.clone(),
            created,
            meta.classification.clone(),
            meta.origin.clone(),
        )
    }

    #[test]
    fn metadata_comes_from_the_cable_table() {
        let page = read("08MUMBAI491.html");
        // Values are links here, and a second <td> row lists press articles.
        let want = (
            Some("08MUMBAI491".into()),
            Some((2008, 10, 15, 4, 4)),
            Some("CONFIDENTIAL".into()),
            Some("Consulate Mumbai".into()),
        );
        assert_eq!(page.meta.as_ref().map(fields), Some(want));
        assert!(page.text.starts_with("VZCZCXRO5829\n"));
        assert!(!page.text.contains("thehindu.com") && !page.text.contains("Reference ID"));
        let page = read("09BAKU179.html");
        let want = (
            Some("09BAKU179".into()),
            Some((2009, 3, 6, 12, 12)),
            Some("SECRET//NOFORN".into()),
            Some("Embassy Baku".into()),
        );
        assert_eq!(page.meta.as_ref().map(fields), Some(want));
        assert!(page
            .text
            .starts_with("P 061232Z MAR 09\nFM AMEMBASSY BAKU\n"));
    }

    #[test]
    fn partial_extract_keeps_its_note_then_the_body() {
        let page = read("05ANKARA6106.html");
        let origin = page.meta.and_then(|m| m.origin);
        assert_eq!(origin.as_deref(), Some("Embassy Ankara"));
        let text = page.text;
        assert!(text.starts_with("This record is a partial extract of the original cable."));
        assert!(text.contains("not available.\n\nC O N F I D E N T I A L SECTION 01 OF 05"));
    }

    #[test]
    fn body_keeps_tags_subject_and_line_breaks() {
        let text = converted("05ANKARA6106.html");
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.contains(&"TAGS: PGOV PINS PREL PTER TU"));
        assert!(lines.contains(&"SUBJECT: COMBATING EXTREMISM "));
        // Paragraph links keep the pilcrow the page shows.
        assert!(lines.iter().any(|l| l.starts_with("¶1. (C) Summary.")));
        assert!(text.trim_end().ends_with("MCELDOWNEY"));
        // &#x000A; is how these pages write line breaks.
        assert!(!text.contains("&#x") && !text.contains("<a"));
    }

    #[test]
    fn sidebar_and_scripts_stay_out() {
        let text = converted("09BAKU179.html");
        // A tag only the sidebar lists, and the sidebar's own headings.
        assert!(!text.contains("ASECKFRDCVISKIRFPHUMSMIGEG"));
        assert!(!text.contains("Browse latest releases"));
        assert!(!text.contains("Currently released so far"));
        assert!(!text.contains("cables.js"));
    }

    #[test]
    #[ignore = "needs ../shared/data/cablegate-html; .ci/run runs it"]
    fn every_sample_page_converts() {
        let dir = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/cablegate-html"
        ));
        let entries = std::fs::read_dir(&dir).expect("../shared/data/cablegate-html");
        let pages = entries.flatten().map(|e| e.path());
        for path in pages.filter(|p| p.extension().is_some_and(|x| x == "html")) {
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let html = std::fs::read_to_string(&path).unwrap_or_default();
            let page = read_page(&html).unwrap_or_else(|e| panic!("{stem}: {e}"));
            assert_eq!(page.meta.and_then(|m| m.id).as_deref(), Some(stem));
            assert!(page.text.contains("TAGS"), "{stem}");
        }
    }

    #[test]
    fn a_truncated_page_is_refused() {
        let html = page("09BAKU179.html");
        let body = html.rfind("<code><pre>").unwrap_or(0);
        let middle = html[body..].find("Classified By").map_or(0, |i| body + i);
        assert_eq!(text_of_page(&html[..middle]), Err(CUT_OFF.to_string()));
        // Cut between the header block and the body block.
        assert_eq!(text_of_page(&html[..body]), Err(CUT_OFF.to_string()));
        // Cut after the body: the cable text is whole.
        let end = html.rfind("</pre>").unwrap_or(0) + "</pre></code>".len();
        assert!(text_of_page(&html[..end]).is_ok());
    }

    #[test]
    fn entities_links_and_breaks_are_read_as_text() {
        let html = "<html><body><div><table class='cable'><tr><th>Reference ID</th>\
            <th>Origin</th></tr><tr><td><a href='/x'>09X1</a></td><td>A &amp; B</td></tr>\
            </table><pre>FM X<br>TO Y</pre><pre>TAGS: <a href='/t'>PGOV</a>&#x000A;\
            SUBJECT: &quot;Q&quot; &#169; &lt;</pre></div></body></html>";
        let page = read_page(html).expect("a cable page");
        let meta = page.meta.expect("the table's metadata");
        assert_eq!(
            (meta.id.as_deref(), meta.origin.as_deref()),
            (Some("09X1"), Some("A & B"))
        );
        assert_eq!(page.text, "FM X\nTO Y\n\nTAGS: PGOV\nSUBJECT: \"Q\" © <\n");
    }

    #[test]
    fn a_page_of_too_many_tags_is_refused_unread() {
        let nested = "<div>".repeat(MAX_TAGS + 1);
        let e = text_of_page(&nested).unwrap_err();
        assert!(e.contains(&format!("more than {MAX_TAGS} tags")), "{e}");
    }

    #[test]
    fn a_saved_page_gives_the_whole_address_it_was_saved_from() {
        let html = "<!-- saved from url=(0063)https://2009-2017.state.gov/j/tip/rls/tiprpt/2016/index.htm -->\n\
                    <html><body><p>x</p></body></html>";
        let doc = Html::parse_document(html);
        assert_eq!(
            saved_address(&doc, html).as_deref(),
            Some("https://2009-2017.state.gov/j/tip/rls/tiprpt/2016/index.htm")
        );
        let glued = "<!-- saved from url=(0020)https://a-b.gov/x-->";
        let doc = Html::parse_document(glued);
        assert_eq!(
            saved_address(&doc, glued).as_deref(),
            Some("https://a-b.gov/x")
        );
    }

    #[test]
    fn garbage_is_not_a_cable_page() {
        let refused = Err(NOT_A_CABLE.to_string());
        assert_eq!(text_of_page(""), refused);
        assert_eq!(text_of_page("just some text, no markup"), refused);
        assert_eq!(
            text_of_page("<html><body><p>Hello</p></body></html>"),
            refused
        );
        assert_eq!(text_of_page("<<<>>></pre><table></<a href=&#xZZ;"), refused);
        // Found by the fuzzer: unclosed <pre>s nest, and each line was read once per level.
        let unclosed = "<code><pre>FM AMCONSUL SAO PAULO\n".repeat(50) + "</pre></code>";
        let text = text_of_page(&unclosed).expect("read");
        assert_eq!(text.matches("SAO PAULO").count(), 50, "{text}");
        let deep = "<div>".repeat(1_000) + "<b><i>".repeat(2_000).as_str();
        assert_eq!(text_of_page(&deep), refused);
    }
}
