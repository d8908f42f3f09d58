//! Writes the stemmed lexicon tables (`src/lexicon/*.stems`) from the word tables, after
//! `scripts/lexicon/*.py` have rebuilt those: `cargo run --release --example lexicon`.
//! The library searches the stemmed tables where they lie instead of stemming every word
//! at start; a unit test fails while they are stale.

use anyhow::{Context, Result};

fn main() -> Result<()> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lexicon");
    for (name, text) in tipsearch::stemmed_lexicon() {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
