//! The cables.csv dump: all 251,287 cables in one 1.7 GB file, so it is streamed row by row.

use std::io::{self, BufRead};
use std::ops::Range;

use crate::parse::Metadata;

/// Rows larger than this are reported and skipped; the longest real cables are far smaller.
pub(crate) const MAX_ROW_BYTES: usize = 16 * 1024 * 1024;

/// Columns: row, created, reference id, origin, classification, references, header, body.
const FIELD_COUNT: usize = 8;

/// One row of the dump, with the 1-based line number where it starts (for error messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CsvRow {
    pub line: u64,
    pub fields: Vec<String>,
}

/// A row that could not be read, and why; reading goes on with the next row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowError {
    pub line: u64,
    pub reason: String,
}

/// Streams rows from any buffered reader, holding at most one row in memory.
pub(crate) struct CsvRows<R: BufRead> {
    reader: R,
    limit: usize,
    /// Lines read so far, which is also the number of the last line read.
    lines: u64,
    /// Raw bytes of the row being read.
    row: Vec<u8>,
    /// A line read past the row before: the next row's first line, or a line being skipped.
    ahead: Vec<u8>,
    /// Set when `ahead` holds the first line of the next row.
    pending: Option<Pending>,
    /// Set after a broken row: skip lines until one starts a row.
    resync: bool,
    done: bool,
}

/// The first line of the next row, already read into `ahead`.
#[derive(Clone, Copy)]
struct Pending {
    line: u64,
    too_long: bool,
}

/// How reading one line ended.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum Line {
    Eof,
    Read,
    TooLong,
}

impl<R: BufRead> CsvRows<R> {
    /// Starts reading rows at the beginning of `reader`.
    pub(crate) fn new(reader: R) -> Self {
        CsvRows {
            reader,
            limit: MAX_ROW_BYTES,
            lines: 0,
            row: Vec::new(),
            ahead: Vec::new(),
            pending: None,
            resync: false,
            done: false,
        }
    }

    /// Lowers the row size limit so tests can exercise it with small rows.
    #[cfg(test)]
    pub(crate) fn with_limit(mut self, max_row_bytes: usize) -> Self {
        self.limit = max_row_bytes;
        self
    }

    /// Appends one line to `ahead` or `row` and counts it.
    fn read(&mut self, into_ahead: bool) -> io::Result<Line> {
        let buf = if into_ahead {
            &mut self.ahead
        } else {
            &mut self.row
        };
        let line = read_line(&mut self.reader, buf, self.limit)?;
        if line != Line::Eof {
            self.lines += 1;
        }
        Ok(line)
    }

    /// Reads the next line that is not blank into `ahead`; `None` at the end of the input.
    fn read_ahead(&mut self) -> io::Result<Option<Line>> {
        loop {
            self.ahead.clear();
            match self.read(true)? {
                Line::Eof => return Ok(None),
                _ if self.ahead.iter().all(u8::is_ascii_whitespace) => {}
                line => return Ok(Some(line)),
            }
        }
    }

    /// Describes the line just read into `ahead` as the first line of the next row.
    fn pending(&self, line: Line) -> Pending {
        let too_long = line == Line::TooLong;
        Pending {
            line: self.lines,
            too_long,
        }
    }

    /// Skips lines until one looks like the start of a row, and keeps it for the next row.
    fn skip_to_row_start(&mut self) -> io::Result<()> {
        while let Some(line) = self.read_ahead()? {
            if starts_row(&self.ahead) {
                self.pending = Some(self.pending(line));
                break;
            }
        }
        Ok(())
    }

    /// Reads the next row: `Ok(None)` at the end of the input, `Err` only for I/O errors.
    fn read_row(&mut self) -> io::Result<Option<Result<CsvRow, RowError>>> {
        if std::mem::take(&mut self.resync) {
            self.skip_to_row_start()?;
        }
        let first = match self.pending.take() {
            Some(first) => first,
            None => match self.read_ahead()? {
                None => return Ok(None),
                Some(line) => self.pending(line),
            },
        };
        std::mem::swap(&mut self.row, &mut self.ahead);
        let start = first.line;
        let bad = |reason: String| {
            Ok(Some(Err(RowError {
                line: start,
                reason,
            })))
        };
        // Every later failure leaves the reader mid-row, so the next call must resynchronise.
        self.resync = true;
        if first.too_long {
            return bad(too_large(self.limit));
        }
        if after_number(&self.row).is_none() {
            return bad("the line does not start a row".to_string());
        }

        let mut scan = Scanner::default();
        let mut line_at = 0;
        loop {
            match scan.scan(&self.row) {
                Step::End => break,
                Step::More => {
                    line_at = self.row.len();
                    match self.read(false)? {
                        Line::Read => {}
                        Line::TooLong => return bad(too_large(self.limit)),
                        // The last row may lack its final newline.
                        Line::Eof if scan.state == State::Closed => break,
                        Line::Eof => {
                            let field = scan.fields.len() + 1;
                            return bad(format!(
                                "the input ends inside field {field}: a quote never closes"
                            ));
                        }
                    }
                }
                Step::Bad(problem) => {
                    // A quote that never closed swallows the next row's first line; start there.
                    if self.lines != start && starts_row(&self.row[line_at..]) {
                        self.ahead.clear();
                        self.ahead.extend_from_slice(&self.row[line_at..]);
                        self.pending = Some(self.pending(Line::Read));
                        self.resync = false;
                    }
                    return bad(format!("{problem} on line {}", self.lines));
                }
            }
        }

        // A stray quote at the end of a line also looks like the end of a row; the row is
        // only whole if the next line starts a row.
        let end = self.lines;
        match self.read_ahead()? {
            None => {}
            Some(_) if after_number(&self.ahead).is_none() => {
                return bad(format!(
                    "a quote on line {end} ends the row but line {} goes on with it",
                    self.lines
                ));
            }
            Some(line) => self.pending = Some(self.pending(line)),
        }
        self.resync = false;
        let fields = scan
            .fields
            .iter()
            .map(|r| unescape(&self.row[r.clone()]))
            .collect();
        Ok(Some(Ok(CsvRow {
            line: start,
            fields,
        })))
    }
}

impl<R: BufRead> Iterator for CsvRows<R> {
    type Item = Result<CsvRow, RowError>;

    /// Returns the next row or row error; an I/O error is reported once and ends the rows.
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.read_row() {
            Ok(Some(item)) => Some(item),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                let reason = format!("cannot read the input: {e}");
                Some(Err(RowError {
                    line: self.lines + 1,
                    reason,
                }))
            }
        }
    }
}

/// Appends one line, newline included, to `buf`, keeping `buf` within `cap` bytes.
pub(crate) fn read_line<R: BufRead + ?Sized>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<Line> {
    let mut status = Line::Eof;
    // Past `cap` the line is still consumed, but dropped, so no line can exhaust memory.
    loop {
        let avail = match reader.fill_buf() {
            Ok(avail) => avail,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(status);
        }
        let (len, ends) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        if status != Line::TooLong {
            let room = cap.saturating_sub(buf.len());
            buf.extend_from_slice(&avail[..len.min(room)]);
            status = if len > room {
                Line::TooLong
            } else {
                Line::Read
            };
        }
        reader.consume(len);
        if ends {
            return Ok(status);
        }
    }
}

/// Where the scanner is within a row.
#[derive(Clone, Copy, PartialEq, Default)]
enum State {
    /// Before the opening quote of a field.
    #[default]
    Open,
    Inside,
    /// After the closing quote of a field.
    Closed,
}

/// Finds the fields of a row as it grows a line at a time, resuming where it stopped.
#[derive(Default)]
struct Scanner {
    state: State,
    pos: usize,
    start: usize,
    fields: Vec<Range<usize>>,
}

/// What the scanner made of the bytes it has been given so far.
enum Step {
    More,
    End,
    Bad(String),
}

impl Scanner {
    /// Scans `row` from where the last call stopped.
    fn scan(&mut self, row: &[u8]) -> Step {
        while self.pos < row.len() {
            match self.state {
                State::Open if row[self.pos] == b'"' => {
                    self.state = State::Inside;
                    self.pos += 1;
                    self.start = self.pos;
                }
                State::Open => {
                    let field = self.fields.len() + 1;
                    return Step::Bad(format!("field {field} does not start with a quote"));
                }
                State::Inside => match row[self.pos..]
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\\'))
                {
                    None => self.pos = row.len(),
                    // The escaped byte may be on the next line, so `pos` may pass the end.
                    Some(i) if row[self.pos + i] == b'\\' => self.pos += i + 2,
                    Some(i) => {
                        self.fields.push(self.start..self.pos + i);
                        self.state = State::Closed;
                        self.pos += i + 1;
                    }
                },
                State::Closed => {
                    self.pos += 1;
                    match row[self.pos - 1] {
                        b',' => self.state = State::Open,
                        b'\r' => {}
                        b'\n' => return Step::End,
                        _ => {
                            let field = self.fields.len();
                            return Step::Bad(format!(
                                "field {field} has an unescaped quote or lacks its closing one"
                            ));
                        }
                    }
                }
            }
        }
        Step::More
    }
}

/// Strips one or more ASCII digits and then `sep` from the front of `s`.
fn digits_then<'a>(s: &'a [u8], sep: &[u8]) -> Option<&'a [u8]> {
    let n = s.iter().take_while(|b| b.is_ascii_digit()).count();
    if n == 0 {
        return None;
    }
    s[n..].strip_prefix(sep)
}

/// What follows `"<row number>","` at the start of a line: the loose test for a row start.
fn after_number(line: &[u8]) -> Option<&[u8]> {
    digits_then(line.strip_prefix(b"\"")?, b"\",\"")
}

/// True for a line that begins like a row, date included: `"12","3/4/2005 `.
fn starts_row(line: &[u8]) -> bool {
    // Stricter than `after_number`: it finds the way back in after a broken row, where stray
    // text is most likely to fool a loose test.
    let date = after_number(line).and_then(|s| digits_then(s, b"/"));
    date.and_then(|s| digits_then(s, b"/"))
        .and_then(|s| digits_then(s, b" "))
        .is_some()
}

/// Undoes the dump's escapes (`\"`, `\'`, `\\`) and CRLF line ends, decoding lossily.
fn unescape(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.iter().position(|&b| matches!(b, b'\\' | b'\r')) {
        out.extend_from_slice(&rest[..i]);
        match (rest[i], rest.get(i + 1)) {
            (b'\\', Some(&c @ (b'"' | b'\'' | b'\\'))) => {
                out.push(c);
                rest = &rest[i + 2..];
            }
            (b'\r', Some(b'\n')) => rest = &rest[i + 1..],
            // `\n`, `\t` and the like never stand for control characters in the dump.
            (b, _) => {
                out.push(b);
                rest = &rest[i + 1..];
            }
        }
    }
    out.extend_from_slice(rest);
    // A stray non-UTF-8 byte should cost a character (U+FFFD), not the whole cable.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The reason given for a row over `limit` bytes.
fn too_large(limit: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if limit >= MIB && limit.is_multiple_of(MIB) {
        format!("row is larger than {} MiB", limit / MIB)
    } else {
        format!("row is larger than {limit} bytes")
    }
}

/// A row as a cable's metadata (its id, date, origin and classification columns) and its
/// text (header, then body), for the parser to read together.
pub(crate) fn row_to_cable(row: &CsvRow) -> Result<(Metadata, String), String> {
    let [_, created, id, origin, classification, _, header, body] = row.fields.as_slice() else {
        return Err(format!(
            "expected {FIELD_COUNT} fields, found {}",
            row.fields.len()
        ));
    };
    let (header, body) = (header.trim_end(), body.trim_end());
    if body.trim_start().is_empty() {
        return Err("the row has no cable text".to_string());
    }
    let mut meta = Metadata::default();
    meta.set("Reference ID", id);
    meta.set("Created", &iso_datetime(created).unwrap_or_default());
    meta.set("Classification", classification);
    meta.set("Origin", origin);
    let text = match header.is_empty() {
        true => format!("{body}\n"),
        false => format!("{header}\n\n{body}\n"),
    };
    Ok((meta, text))
}

/// `M/D/YYYY H:MM` as `YYYY-MM-DD HH:MM`, or `None` if it is not a plausible date and time.
fn iso_datetime(s: &str) -> Option<String> {
    let (date, time) = s.trim().split_once(' ')?;
    let [month, day, year] = numbers(date, '/')?;
    let [hour, minute] = numbers(time.trim(), ':')?;
    let valid = (1..=12).contains(&month) && (1..=31).contains(&day) && year >= 1000;
    (valid && hour < 24 && minute < 60)
        .then(|| format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}"))
}

/// Exactly `N` numbers of one to four digits separated by `sep`.
fn numbers<const N: usize>(s: &str, sep: char) -> Option<[u32; N]> {
    let mut out = [0; N];
    let mut parts = s.split(sep);
    for slot in &mut out {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 4 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    parts.next().is_none().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufReader, Read};

    /// Two real rows of the cables.csv dump, kept with the tests.
    fn sample() -> Vec<u8> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cables-sample.csv");
        std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Reads everything with the given row size limit.
    fn read_all(data: &[u8], limit: usize) -> Vec<Result<CsvRow, RowError>> {
        CsvRows::new(data).with_limit(limit).collect()
    }

    /// Each item as its line and id, or as the line of the error.
    fn outline(items: &[Result<CsvRow, RowError>]) -> Vec<Result<(u64, &str), u64>> {
        fn id(r: &CsvRow) -> (u64, &str) {
            (r.line, r.fields.get(2).map_or("", |s| s))
        }
        items
            .iter()
            .map(|i| i.as_ref().map(id).map_err(|e| e.line))
            .collect()
    }

    /// The reason of the first error.
    fn first_reason(items: &[Result<CsvRow, RowError>]) -> String {
        items
            .iter()
            .find_map(|i| i.as_ref().err())
            .map(|e| e.reason.clone())
            .unwrap_or_default()
    }

    /// Replaces the first `from` in `data`, failing the test if it is not there.
    fn edit(data: &[u8], from: &str, to: &str) -> Vec<u8> {
        let text = String::from_utf8(data.to_vec()).expect("sample is UTF-8");
        assert!(text.contains(from), "sample lacks {from:?}");
        text.replacen(from, to, 1).into_bytes()
    }

    /// The sample split into its two rows (row 2 starts on line 116).
    fn rows_of(data: &[u8]) -> (Vec<u8>, Vec<u8>) {
        let at = data
            .windows(5)
            .position(|w| w == b"\n\"2\",")
            .expect("row 2")
            + 1;
        (data[..at].to_vec(), data[at..].to_vec())
    }

    const GOOD: [Result<(u64, &str), u64>; 2] =
        [Ok((1, "66BUENOSAIRES2481")), Ok((116, "72TEHRAN1164"))];

    #[test]
    fn reads_the_sample_rows() {
        let data = sample();
        let items = read_all(&data, MAX_ROW_BYTES);
        assert_eq!(outline(&items), GOOD);
        let rows: Vec<&CsvRow> = items.iter().flatten().collect();
        assert!(rows.iter().all(|r| r.fields.len() == 8));
        let f = &rows[0].fields;
        assert_eq!(
            f[0..6],
            [
                "1",
                "12/28/1966 18:48",
                "66BUENOSAIRES2481",
                "Embassy Buenos Aires",
                "UNCLASSIFIED",
                "66STATE106206"
            ]
        );
        assert!(f[6].starts_with("P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\n"));
        assert!(f[7].contains("OF \"PREFERENTIAL JURISDICTION\" FOR FISHING"));
        assert!(!f[7].contains('\\'));
        let f = &rows[1].fields;
        assert_eq!(f[5], "72MOSCOW1603|72TEHRAN1091|72TEHRAN263");
        assert!(f[7].contains("SHAH'S REQUEST") && !f[7].contains('\\'));
    }

    #[test]
    fn a_row_is_its_metadata_and_its_text() {
        let data = sample();
        let items = read_all(&data, MAX_ROW_BYTES);
        let cables: Vec<(Metadata, String)> = items
            .iter()
            .flatten()
            .map(|r| row_to_cable(r).expect("cable"))
            .collect();
        let (meta, text) = &cables[0];
        assert_eq!(meta.id.as_deref(), Some("66BUENOSAIRES2481"));
        assert_eq!(
            meta.created.map(|d| d.to_string()).as_deref(),
            Some("1966-12-28 18:48:00.0 +00:00:00")
        );
        assert_eq!(meta.classification.as_deref(), Some("UNCLASSIFIED"));
        assert_eq!(meta.origin.as_deref(), Some("Embassy Buenos Aires"));
        assert!(text.starts_with("P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\n"));
        assert!(text.contains("STATE GRNC\n\nUNCLASSIFIED BUENOS AIRES 2481 \n"));
        assert!(text.ends_with("GP-3 \nSACCIO\n"));
        assert!(
            !text.contains("Reference ID"),
            "no preamble is written for the parser"
        );
        let (meta, text) = &cables[1];
        assert_eq!(meta.created.map(|d| d.year()), Some(1972));
        assert!(text.contains("CSAF\n\nUNCLASSIFIED SECTION 01 OF 01 TEHRAN 1164"));
    }

    #[test]
    fn stray_quote_mid_line_costs_only_its_row() {
        let data = sample();
        let items = read_all(
            &edit(&data, "\\\"PREFERENTIAL", "\"PREFERENTIAL"),
            MAX_ROW_BYTES,
        );
        assert_eq!(outline(&items), [Err(1), GOOD[1]]);
        assert!(
            first_reason(&items).contains("line 38"),
            "{}",
            first_reason(&items)
        );
    }

    #[test]
    fn stray_quote_at_line_end_costs_only_its_row() {
        let data = sample();
        let broken = edit(&data, "JURISDICTION\\\" \nSTILL", "JURISDICTION\"\nSTILL");
        let items = read_all(&broken, MAX_ROW_BYTES);
        assert_eq!(outline(&items), [Err(1), GOOD[1]]);
        assert!(
            first_reason(&items).contains("line 55"),
            "{}",
            first_reason(&items)
        );
    }

    #[test]
    fn quote_that_never_closes_costs_only_its_row() {
        let data = sample();
        let items = read_all(&edit(&data, "SACCIO \n\"\n", "SACCIO \n"), MAX_ROW_BYTES);
        assert_eq!(outline(&items), [Err(1), Ok((115, "72TEHRAN1164"))]);
        let cut = &data[..data.len() - 2];
        assert_eq!(outline(&read_all(cut, MAX_ROW_BYTES)), [GOOD[0], Err(116)]);
    }

    #[test]
    fn oversized_rows_are_skipped() {
        let data = sample();
        let (one, two) = rows_of(&data);
        // Row 2 (7 kB) is over the limit, row 1 (5 kB) under it.
        let items = read_all(&[two.clone(), one.clone()].concat(), 6000);
        let row_one_line = two.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        assert_eq!(
            outline(&items),
            [Err(1), Ok((row_one_line, "66BUENOSAIRES2481"))]
        );
        assert_eq!(first_reason(&items), "row is larger than 6000 bytes");
        // A single giant line, and one that starts right after a good row.
        let giant = format!("\"3\",\"1/1/2000 0:00\",\"{}\"\n", "x".repeat(20_000));
        let input = [one.as_slice(), giant.as_bytes(), &one].concat();
        let items = read_all(&input, 6000);
        assert_eq!(
            outline(&items),
            [GOOD[0], Err(116), Ok((117, "66BUENOSAIRES2481"))]
        );
        assert_eq!(too_large(MAX_ROW_BYTES), "row is larger than 16 MiB");
    }

    #[test]
    fn field_count_and_empty_body_are_text_errors() {
        let input = b"\"3\",\"1/2/2003 4:05\",\"03X1\",\"o\",\"c\",\"\",\"h\"\n\
                      \"4\",\"1/2/2003 4:05\",\"03X2\",\"o\",\"c\",\"\",\"h\",\"  \n\"\n";
        let items = read_all(input, MAX_ROW_BYTES);
        assert_eq!(outline(&items), [Ok((1, "03X1")), Ok((2, "03X2"))]);
        let rows: Vec<&CsvRow> = items.iter().flatten().collect();
        assert_eq!(
            row_to_cable(rows[0]).map(|(_, text)| text),
            Err("expected 8 fields, found 7".to_string())
        );
        assert_eq!(
            row_to_cable(rows[1]).map(|(_, text)| text),
            Err("the row has no cable text".to_string())
        );
    }

    #[test]
    fn crlf_input_reads_the_same() {
        let data = sample();
        let crlf = String::from_utf8(data.clone())
            .expect("UTF-8")
            .replace('\n', "\r\n");
        assert_eq!(
            read_all(crlf.as_bytes(), MAX_ROW_BYTES),
            read_all(&data, MAX_ROW_BYTES)
        );
    }

    #[test]
    fn blank_lines_and_missing_final_newline() {
        assert!(read_all(b"", MAX_ROW_BYTES).is_empty());
        assert!(read_all(b"\n\r\n  \n", MAX_ROW_BYTES).is_empty());
        let data = sample();
        let (one, two) = rows_of(&data);
        let input = [b"\n".as_slice(), &one, b"\n \r\n", &two[..two.len() - 1]].concat();
        let items = read_all(&input, MAX_ROW_BYTES);
        assert_eq!(
            outline(&items),
            [Ok((2, "66BUENOSAIRES2481")), Ok((119, "72TEHRAN1164"))]
        );
    }

    #[test]
    fn junk_before_a_row_is_one_error() {
        let data = sample();
        let input = [b"garbage\n\"x\",\"y\"\n".as_slice(), &data].concat();
        let items = read_all(&input, MAX_ROW_BYTES);
        assert_eq!(
            outline(&items),
            [
                Err(1),
                Ok((3, "66BUENOSAIRES2481")),
                Ok((118, "72TEHRAN1164"))
            ]
        );
    }

    #[test]
    fn io_error_is_reported_once_and_ends_reading() {
        /// Yields its bytes, then fails.
        struct Failing(Vec<u8>, usize);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = buf.len().min(self.0.len() - self.1);
                if n == 0 {
                    return Err(io::Error::other("disk on fire"));
                }
                buf[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
                self.1 += n;
                Ok(n)
            }
        }
        let data = sample();
        let reader = BufReader::with_capacity(64, Failing(data[..6000].to_vec(), 0));
        let items: Vec<_> = CsvRows::new(reader).take(10).collect();
        assert_eq!(outline(&items), [GOOD[0], Err(135)]);
        assert!(first_reason(&items).contains("disk on fire"));
    }

    #[test]
    fn bad_utf8_is_replaced() {
        let data = sample();
        let at = data
            .windows(6)
            .position(|w| w == b"SACCIO")
            .expect("SACCIO");
        let mut bad = data.clone();
        bad.insert(at, 0xFF);
        let items = read_all(&bad, MAX_ROW_BYTES);
        assert_eq!(outline(&items), GOOD);
        assert!(items[0]
            .as_ref()
            .is_ok_and(|r| r.fields[7].contains("\u{FFFD}SACCIO")));
    }

    #[test]
    fn tiny_buffers_read_the_same() {
        let data = sample();
        let items: Vec<_> = CsvRows::new(BufReader::with_capacity(3, data.as_slice())).collect();
        assert_eq!(items, read_all(&data, MAX_ROW_BYTES));
    }

    #[test]
    fn escapes_and_dates() {
        assert_eq!(unescape(br#"a\"b\\c\n\'d\x\"#), r#"a"b\c\n'd\x\"#);
        assert_eq!(unescape(b"a\r\nb\rc"), "a\nb\rc");
        assert_eq!(
            iso_datetime("2/5/1972 9:30").as_deref(),
            Some("1972-02-05 09:30")
        );
        for bad in [
            "",
            "13/1/2000 1:00",
            "1/1/2000",
            "1/1/2000 24:00",
            "1/1/+200 1:00",
            "a/b/c d:e",
        ] {
            assert_eq!(iso_datetime(bad), None, "{bad}");
        }
        let row = |created: &str| CsvRow {
            line: 1,
            fields: ["1", created, "X", "", "C", "", "", "BODY"]
                .map(String::from)
                .to_vec(),
        };
        let (meta, text) = row_to_cable(&row("junk")).expect("a cable");
        assert_eq!((meta.id.as_deref(), meta.created), (Some("X"), None));
        assert_eq!(
            (meta.classification.as_deref(), meta.origin),
            (Some("C"), None)
        );
        assert_eq!(text, "BODY\n");
        let (meta, _) = row_to_cable(&row("1/2/2003 4:05")).expect("a cable");
        assert_eq!(
            meta.created
                .map(|d| (d.year(), d.day(), d.hour(), d.minute())),
            Some((2003, 2, 4, 5))
        );
    }
}
