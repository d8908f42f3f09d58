//! Results by document: each document once, shown by its best passage, with how many of
//! its passages match and where the next best are, so that one long cable cannot fill a
//! page a researcher is browsing.

use std::collections::HashMap;
use std::hash::Hash;

use super::Hit;

/// Next best passages named per document: enough to say where else to look.
pub const MAX_ALSO: usize = 3;

/// Documents in rank order, each with its best passage; `K` tells documents apart.
pub(super) struct ByDocument<K> {
    hits: Vec<Hit>,
    at: HashMap<K, usize>,
}

impl<K> Default for ByDocument<K> {
    fn default() -> Self {
        ByDocument {
            hits: Vec::new(),
            at: HashMap::new(),
        }
    }
}

impl<K: Hash + Eq> ByDocument<K> {
    /// Documents gathered.
    pub fn len(&self) -> usize {
        self.hits.len()
    }

    /// Whether document `key` has its hit already.
    pub fn has(&self, key: &K) -> bool {
        self.at.contains_key(key)
    }

    /// Adds the best passage of document `key`, not seen before.
    pub fn push(&mut self, key: K, mut hit: Hit) {
        hit.rank = self.hits.len() + 1;
        hit.matching = Some(1);
        self.at.insert(key, self.hits.len());
        self.hits.push(hit);
    }

    /// Whether another passage of `key` would be named, so that a caller need not read a
    /// passage only to drop its name.
    pub fn wants_label(&self, key: &K) -> bool {
        self.at
            .get(key)
            .is_some_and(|&k| self.hits[k].also_at.len() < MAX_ALSO)
    }

    /// Counts another matching passage of document `key`, named `label` when given.
    pub fn also(&mut self, key: &K, label: Option<String>) {
        let Some(&k) = self.at.get(key) else {
            return;
        };
        let hit = &mut self.hits[k];
        hit.matching = Some(hit.matching.unwrap_or(1) + 1);
        let fresh = |l: &String| hit.also_at.len() < MAX_ALSO && !hit.also_at.contains(l);
        if let Some(label) = label.filter(fresh) {
            hit.also_at.push(label);
        }
    }

    /// The documents from `offset`, at most `limit`.
    pub fn page(self, offset: usize, limit: usize) -> Vec<Hit> {
        self.hits.into_iter().skip(offset).take(limit).collect()
    }
}

/// How a passage is named among its document's: its paragraph number, else its place.
pub fn label(hit: &Hit) -> String {
    match &hit.paragraph {
        Some(p) => format!("¶{p}"),
        None => format!("passage {}", hit.ordinal),
    }
}
