//! Which cable this is: its post and serial from the banner, checked against the FM and DE
//! lines, and the garbled ids WikiLeaks published some cables under.
//!
//! The banner (`C O N F I D E N T I A L SAO PAULO 000335`) names the post and serial, but
//! hurried hands misspell it (`MOSOCW`, `SCTION 02 OF 02`), redact it, cut its serial short
//! or quote another cable's; the FM line names the post that sent the cable and the DE line
//! the serial's last four digits. Each is checked against the others.

use regex::Regex;

use super::cable::FM_LINE;
use super::tables;

/// The post and serial of a banner checked against those of the FM and DE lines. A banner
/// of another post and serial is a cable quoted in this one (07PARIS2725 opens with MOSCOW
/// 5154's banner); a banner serial that the DE serial extends was cut short (`BUENOS AIRES
/// 00167SIPDIS` for 1673). Otherwise the banner stands, its full serial over the DE line's
/// four digits.
pub(super) fn reconcile(banner: (String, String), fm_post: String, de: String) -> (String, String) {
    let same_post = squash(&banner.0) == squash(&fm_post);
    if !same_post && last4(&banner.1) != de {
        return (fm_post, de);
    }
    // The banner's own serial under a post name no table knows (`MOSOCW`, `ANKRA`) or a
    // redacted one (`XXXXXXXXXXXX`): the FM line names the post that sent it.
    if !same_post && unknown_post(&banner.0) && !unknown_post(&fm_post) {
        return (fm_post, banner.1);
    }
    if same_post && de.len() > banner.1.len() && de.starts_with(&banner.1) {
        return (banner.0, de);
    }
    banner
}

/// The whole serial of a cable from `post` whose DE line gives its last four digits `de`,
/// from the post and serial standing anywhere in the `head`: a banner run into another
/// line, as in a collapsed CSV row (`..."S E C R E T STATE 030927 ""NOFORN`).
fn full_serial(head: &str, post: &str, de: &str) -> Option<String> {
    let pattern = format!(r"\b{}\s+(\d{{5,8}})\b", regex::escape(post));
    let found = Regex::new(&pattern).ok()?;
    let serial = found
        .captures_iter(head)
        .map(|c| c[1].trim_start_matches('0').to_string())
        .find(|serial| last4(serial) == de);
    serial
}

/// The letters of a post's name, for comparing spellings.
fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphabetic()).collect()
}

/// The last four digits of a serial, as the DE line gives it.
pub(super) fn last4(s: &str) -> &str {
    // By characters: a banner's digits may be any script's (`１２`).
    let start = s.char_indices().rev().nth(3).map_or(0, |(i, _)| i);
    s[start..].trim_start_matches('0')
}

/// Whether two post names differ by a slip of the hand: letters swapped, one dropped or
/// added, or one changed (`MOSOCW`, `ANKRA` for `MOSCOW`, `ANKARA`).
fn near_spelling(a: &str, b: &str) -> bool {
    let letters = |s: &str| {
        let mut l: Vec<char> = squash(s).chars().collect();
        l.sort_unstable();
        l
    };
    let (a, b) = (letters(a), letters(b));
    let shared = a.iter().filter(|c| b.contains(c)).count();
    a.len().abs_diff(b.len()) <= 1 && a.len().max(b.len()) - shared <= 1
}

/// A post name that is redacted or that no table of posts knows: a misspelling.
fn unknown_post(post: &str) -> bool {
    post.chars().all(|c| c == 'X' || c == ' ') || !tables::known_post(post)
}

/// The ids WikiLeaks gave cables from a garbled banner, as (post, serial): the whole run
/// of a misspelled SECTION word before the post (`SCTION02OF02SAOPAULO`), or a misspelled
/// post that the FM line corrected (`MOSOCW`). A banner serial cut short
/// (`REYKJAVIK 00040QSITIVE` for DE #0401) gives none: its id is another cable's.
pub(super) fn garbled_aliases(
    banner: Option<&(String, String)>,
    id: Option<&(String, String)>,
    garbled_section: Option<String>,
) -> Option<(String, String)> {
    let ((banner_post, banner_serial), (post, serial)) = (banner?, id?);
    if banner_serial != serial {
        return None;
    }
    if let Some(section) = garbled_section {
        return Some((format!("{section}{}", squash(banner_post)), serial.clone()));
    }
    let misspelled = squash(banner_post) != squash(post) && !unknown_post(post);
    let redacted = banner_post.chars().all(|c| c == 'X' || c == ' ');
    (misspelled && !redacted).then(|| (squash(banner_post), serial.clone()))
}

/// Whether the id WikiLeaks published (`08SCTION02OF02SAOPAULO335`) is a garbled form of
/// the one the header gives (`08SAOPAULO335`): same year and serial, and a post no table
/// knows or one with a run before the header's post.
pub(super) fn published_garbled(published: &str, derived: &str) -> bool {
    let parts = |id: &str| {
        let post = id.trim_start_matches(|c: char| c.is_ascii_digit() || c == '?');
        let name = post.trim_end_matches(|c: char| c.is_ascii_digit());
        (
            id.get(..2).unwrap_or("").to_string(),
            name.to_string(),
            post[name.len()..].to_string(),
        )
    };
    let (p, d) = (parts(published), parts(derived));
    // A run before the post (`EFTOLONDON`) may still read as a place to the post tables.
    let run_before = p.1.len() > d.1.len() && p.1.ends_with(&d.1);
    p != d && p.0 == d.0 && p.2 == d.2 && (run_before || unknown_post(&p.1)) && !unknown_post(&d.1)
}

/// The post and serial of the cable: the banner's, checked against the FM line's post and
/// the DE line's serial (`de`), or theirs when there is no banner.
pub(super) fn sent_by(
    head: &str,
    banner: Option<(String, String)>,
    de: Option<String>,
) -> Option<(String, String)> {
    let fm_post = FM_LINE.captures(head).and_then(|c| {
        let fm = c[1].trim();
        fm.strip_prefix("AMEMBASSY ")
            .or_else(|| fm.strip_prefix("AMCONSUL "))
            .map(str::to_string)
            .or_else(|| fm.starts_with("SECSTATE").then(|| "STATE".to_string()))
    });
    match (banner, fm_post, de) {
        (None, Some(post), Some(serial)) => {
            let serial = full_serial(head, &post, &serial).unwrap_or(serial);
            Some((post, serial))
        }
        (Some(banner), Some(post), Some(serial)) => Some(reconcile(banner, post, serial)),
        // Without a DE line to check the serial by, only a near spelling of the FM line's post
        // is taken for a slip of it (`ANKRA`, `MOSOCW`).
        (Some(banner), Some(post), None)
            if unknown_post(&banner.0)
                && !unknown_post(&post)
                && near_spelling(&banner.0, &post) =>
        {
            Some((post, banner.1))
        }
        (banner, ..) => banner,
    }
}

/// The id of a cable from `post` with `serial`, sent in `year`; without a year, still the
/// best the text allows: `??BRASILIA1291`.
pub(super) fn id_of(year: Option<i32>, post: &str, serial: &str) -> String {
    let post: String = post.split_whitespace().collect();
    match year {
        Some(year) => format!("{:02}{post}{serial}", year % 100),
        None => format!("??{post}{serial}"),
    }
}
