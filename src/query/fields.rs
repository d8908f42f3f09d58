//! The fields a query may filter on: one table that the parser, its error messages, the
//! README's query table and the API's description all read, so that they cannot drift.

/// One field of the query language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// The name users type before the colon.
    pub name: &'static str,
    /// Other names for it (`title` for `subject`).
    pub aliases: &'static [&'static str],
    /// A filter as a user would write it; the README's query table shows it.
    pub example: &'static str,
}

/// Every field, in the order the README lists them.
pub const FIELDS: &[FieldSpec] = &[
    spec("tag", &["tags"], "tag:KTIP"),
    spec("origin", &["from"], "origin:baku"),
    spec("kind", &["type"], "kind:cable"),
    spec("country", &[], "country:azerbaijan"),
    spec("tier", &[], "tier:\"tier 2 watch list\""),
    spec("section", &[], "section:protection"),
    spec("subject", &["title"], "subject:\"interim assessment\""),
    spec("id", &["doc"], "id:09BAKU141"),
    spec("ref", &["cites"], "ref:09STATE109948"),
    spec("classification", &["class"], "classification:secret"),
    spec("date", &["year"], "date:2009-01-01..2009-12-31"),
];

const fn spec(
    name: &'static str,
    aliases: &'static [&'static str],
    example: &'static str,
) -> FieldSpec {
    FieldSpec {
        name,
        aliases,
        example,
    }
}

/// The field `name` (any case) names, by its name or an alias.
pub fn known(name: &str) -> Option<&'static FieldSpec> {
    let name = name.to_ascii_lowercase();
    FIELDS
        .iter()
        .find(|f| f.name == name || f.aliases.contains(&name.as_str()))
}

/// The field names, for messages.
pub fn names() -> String {
    let names: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
    names.join(", ")
}

/// The field a name of three letters or more that is no field was probably meant to be:
/// one typing slip away (a letter added, dropped, changed, or two swapped).
pub fn likely_typo(name: &str) -> Option<&'static str> {
    let name = name.to_ascii_lowercase();
    if name.len() < 3 || known(&name).is_some() {
        return None;
    }
    let all = FIELDS
        .iter()
        .flat_map(|f| std::iter::once(f.name).chain(f.aliases.iter().copied()));
    all.into_iter()
        .find(|candidate| one_slip(&name, candidate))
        .and_then(|candidate| known(candidate).map(|f| f.name))
}

/// Whether `a` and `b` differ by one edit or one swap of neighbouring letters.
fn one_slip(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match (ra.len(), rb.len()) {
        (0, 0) => false,
        (x, y) if x == y + 1 => ra[1..] == *rb,
        (x, y) if y == x + 1 => rb[1..] == *ra,
        (x, y) if x == y => {
            ra[1..] == rb[1..] || (x >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_point_at_the_field_meant() {
        assert_eq!(likely_typo("tga"), Some("tag"));
        assert_eq!(likely_typo("orgin"), Some("origin"));
        assert_eq!(likely_typo("contry"), Some("country"));
        assert_eq!(likely_typo("titel"), Some("subject"));
        assert_eq!(likely_typo("azerbaijan"), None);
        assert_eq!(likely_typo("tag"), None, "a field is no slip");
        assert_eq!(known("TITLE").map(|f| f.name), Some("subject"));
    }
}
