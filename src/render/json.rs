//! JSON Lines output: one hit per line, for programs.

use std::io::Write;

use super::Render;
use crate::search::Hit;

/// Writes each hit as one JSON object on its own line.
#[derive(Debug, Default)]
pub struct JsonLines;

impl Render for JsonLines {
    fn hit(&mut self, out: &mut dyn Write, hit: &Hit) -> std::io::Result<()> {
        serde_json::to_writer(&mut *out, hit)?;
        out.write_all(b"\n")
    }
}
