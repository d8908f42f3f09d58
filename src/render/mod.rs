//! Renderers: sibling outputs over one [`Hit`] type.

pub mod json;
pub mod terminal;

use std::io::Write;

use crate::search::Hit;

/// An output format for search results; the CLI picks one, the rest of the program is blind to it.
pub trait Render {
    /// Writes one hit.
    fn hit(&mut self, out: &mut dyn Write, hit: &Hit) -> std::io::Result<()>;
}
