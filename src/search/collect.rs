//! Collectors: what a search gathers besides ranked passages.

use std::collections::{HashMap, HashSet};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::index::fast;

/// The strings of a column's ordinals `sorted` (ascending, each once), in that order, read
/// in one pass over its dictionary: reading each alone decodes a block of the dictionary
/// per string, which made a count over thousands of documents take a tenth of a second.
/// An ordinal the column lacks (the pass then fails) is read alone, as an empty string
/// when missing.
pub(crate) fn strings_of(column: &StrColumn, sorted: &[u64]) -> Vec<String> {
    let mut out = Vec::with_capacity(sorted.len());
    let each = |s: &[u8]| out.push(String::from_utf8_lossy(s).into_owned());
    if column
        .dictionary()
        .sorted_ords_to_term_cb(sorted, each)
        .unwrap_or(false)
    {
        return out;
    }
    let one = |&ord: &u64| {
        let mut s = String::new();
        column.ord_to_str(ord, &mut s).ok().filter(|found| *found)?;
        Some(s)
    };
    sorted.iter().map(|o| one(o).unwrap_or_default()).collect()
}

/// A column's strings for some of its ordinals, read in one pass over its dictionary (see
/// [`strings_of`]) and then looked up by ordinal: for harvests that meet the same ordinals
/// many times, or in no order.
pub(crate) struct Names {
    ords: Vec<u64>,
    strings: Vec<String>,
}

impl Names {
    /// The strings of `ords` (in any order, repeats allowed) in `column`; none without one.
    pub(crate) fn read(column: Option<&StrColumn>, ords: impl IntoIterator<Item = u64>) -> Names {
        let mut ords: Vec<u64> = ords.into_iter().collect();
        ords.sort_unstable();
        ords.dedup();
        let strings = column.map_or_else(Vec::new, |c| strings_of(c, &ords));
        Names { ords, strings }
    }

    /// The string of `ord`, if it was read.
    pub(crate) fn get(&self, ord: u64) -> Option<&str> {
        let k = self.ords.binary_search(&ord).ok()?;
        self.strings.get(k).map(String::as_str)
    }
}

/// Collects the document ids of matching passages, from the fast field.
pub(crate) struct DocIds;

impl Collector for DocIds {
    type Fruit = HashSet<String>;
    type Child = SegmentDocIds;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentDocIds> {
        Ok(SegmentDocIds {
            column: reader.fast_fields().str(fast::DOC_ID)?,
            ords: HashSet::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashSet<String>>) -> tantivy::Result<HashSet<String>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

pub(crate) struct SegmentDocIds {
    column: Option<tantivy::columnar::StrColumn>,
    ords: HashSet<u64>,
}

impl SegmentCollector for SegmentDocIds {
    type Fruit = HashSet<String>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(ord) = self.column.as_ref().and_then(|c| c.term_ords(doc).next()) {
            self.ords.insert(ord);
        }
    }

    fn harvest(self) -> HashSet<String> {
        let Some(column) = self.column else {
            return HashSet::new();
        };
        let mut ords: Vec<u64> = self.ords.into_iter().collect();
        ords.sort_unstable();
        let ids = strings_of(&column, &ords).into_iter();
        ids.filter(|id| !id.is_empty()).collect()
    }
}

/// Collects where the matching passages are: each document's id with the ordinals (from
/// 0) of its passages that match.
pub(crate) struct PassagePlaces;

impl Collector for PassagePlaces {
    type Fruit = HashMap<String, HashSet<u64>>;
    type Child = SegmentPassagePlaces;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentPassagePlaces> {
        Ok(SegmentPassagePlaces {
            ids: reader.fast_fields().str(fast::DOC_ID)?,
            ordinals: reader.fast_fields().u64(fast::ORDINAL)?,
            places: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut all: Self::Fruit = HashMap::new();
        for (id, ordinals) in fruits.into_iter().flatten() {
            all.entry(id).or_default().extend(ordinals);
        }
        Ok(all)
    }
}

pub(crate) struct SegmentPassagePlaces {
    ids: Option<tantivy::columnar::StrColumn>,
    ordinals: tantivy::columnar::Column<u64>,
    places: HashMap<u64, HashSet<u64>>,
}

impl SegmentCollector for SegmentPassagePlaces {
    type Fruit = HashMap<String, HashSet<u64>>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let ord = self.ids.as_ref().and_then(|c| c.term_ords(doc).next());
        if let (Some(ord), Some(ordinal)) = (ord, self.ordinals.first(doc)) {
            self.places.entry(ord).or_default().insert(ordinal);
        }
    }

    fn harvest(self) -> Self::Fruit {
        let Some(column) = self.ids else {
            return HashMap::new();
        };
        let mut places: Vec<(u64, HashSet<u64>)> = self.places.into_iter().collect();
        places.sort_unstable_by_key(|(ord, _)| *ord);
        let ords: Vec<u64> = places.iter().map(|(ord, _)| *ord).collect();
        let ids = strings_of(&column, &ords);
        let named = ids.into_iter().zip(places).map(|(id, (_, at))| (id, at));
        named.filter(|(id, _)| !id.is_empty()).collect()
    }
}
