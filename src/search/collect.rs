//! Collectors: what a search gathers besides ranked passages.

use std::collections::HashSet;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::index::fast;

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
        self.ords
            .into_iter()
            .filter_map(|ord| {
                let mut id = String::new();
                column.ord_to_str(ord, &mut id).ok().filter(|ok| *ok)?;
                Some(id)
            })
            .collect()
    }
}
