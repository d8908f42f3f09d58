//! Distinct: the same passage printed in several documents (copies of a cable, a
//! paragraph quoted in another) is shown once, naming the other documents.

use std::collections::HashMap;
use std::hash::Hasher;

use super::Hit;

/// Hits in rank order, each text once.
#[derive(Default)]
pub(super) struct Distinct {
    hits: Vec<Hit>,
    seen: HashMap<u64, usize>,
}

impl Distinct {
    /// Adds `hit` unless a hit with the same text is there already, which then names
    /// `hit`'s document.
    pub fn push(&mut self, mut hit: Hit) {
        let key = letters_hash(&hit.text);
        if let Some(&k) = self.seen.get(&key) {
            let first = &mut self.hits[k];
            if first.doc_id != hit.doc_id && !first.also_in.contains(&hit.doc_id) {
                first.also_in.push(hit.doc_id);
            }
            return;
        }
        self.seen.insert(key, self.hits.len());
        hit.rank = self.hits.len() + 1;
        self.hits.push(hit);
    }

    pub fn len(&self) -> usize {
        self.hits.len()
    }

    /// The hits from `offset`, at most `limit`.
    pub fn page(self, offset: usize, limit: usize) -> Vec<Hit> {
        self.hits.into_iter().skip(offset).take(limit).collect()
    }
}

/// A hash of a text's letters and digits, case aside: two copies of one passage that differ
/// only in spacing, punctuation or wrapping hash alike.
fn letters_hash(text: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    // Eight letters to a write: one write per byte costs more than the rest of the search.
    let (mut chunk, mut filled) = (0u64, 0);
    let mut push = |byte: u8, h: &mut rustc_hash::FxHasher| {
        chunk = chunk << 8 | u64::from(byte);
        filled += 1;
        if filled == 8 {
            h.write_u64(chunk);
            (chunk, filled) = (0, 0);
        }
    };
    if text.is_ascii() {
        for &b in text.as_bytes().iter().filter(|b| b.is_ascii_alphanumeric()) {
            push(b.to_ascii_lowercase(), &mut h);
        }
        h.write_u64(chunk);
        h.write_u8(filled);
        return h.finish();
    }
    for ch in text.chars().filter(|ch| ch.is_alphanumeric()) {
        if ch.is_ascii() {
            push(ch.to_ascii_lowercase() as u8, &mut h);
        } else {
            for l in ch.to_lowercase() {
                let mut buf = [0; 4];
                l.encode_utf8(&mut buf)
                    .bytes()
                    .for_each(|b| push(b, &mut h));
            }
        }
    }
    h.write_u64(chunk);
    h.write_u8(filled);
    h.finish()
}
