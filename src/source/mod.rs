//! Reading sources: files, folders and archives in every wrapping a cable comes in (plain
//! text, WikiLeaks pages, the cables.csv dump, JSON Lines, gzip and tar), streamed record by
//! record so that a 1.7 GB dump never sits in memory whole.

mod csv;
mod html;
mod jsonl;
mod pdf;

use std::cell::Cell;
use std::collections::HashSet;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::xxh3_64;

use self::csv::Line;

use crate::error::Error;
use crate::model::{Document, Passage};
use crate::parse::{self, Metadata};

/// Largest single document read: real cables and country narratives stay well under 1 MB, so
/// anything bigger is not one, and refusing it early keeps memory bounded.
pub const MAX_DOCUMENT_BYTES: usize = 32 << 20;

/// Largest PDF read: the yearly report is one file of several hundred pages, photographs
/// included, tens of megabytes.
pub const MAX_PDF_BYTES: usize = 256 << 20;

/// How deep archives may nest (`.tar.gz` inside `.tar`), so a crafted file cannot recurse forever.
const MAX_NESTING: u8 = 4;

/// How a record's bytes are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// A cable or report as plain text (also a cables.csv row, rendered as text).
    Text,
    /// A WikiLeaks cable page.
    Html,
    /// One JSON Lines record: `text` plus metadata that overrides the parser's.
    Json,
    /// A PDF: the TIP report as published, every country of a year in one file.
    Pdf,
}

/// One document's raw input as found in a source, not yet parsed.
#[derive(Debug)]
pub struct Record {
    /// Where it came from: a path, `archive.tar.gz:member` or `dump.csv:line 12`.
    pub name: String,
    layout: Layout,
    bytes: Vec<u8>,
    /// A cable's metadata that its reader found beside the text (a cables.csv row's
    /// columns), handed to the parser as it is.
    meta: Option<Metadata>,
}

impl Record {
    /// Size of the raw input in bytes.
    pub(crate) fn size(&self) -> usize {
        self.bytes.len()
    }
}

/// A parsed record: the document, a fingerprint of its input, and anything odd about it.
#[derive(Debug)]
pub struct Parsed {
    /// The document.
    pub document: Document,
    /// Hash of the record's bytes: an equal hash means the same input, so nothing to re-index.
    pub hash: u64,
    /// What the user should know although the document went in (a guessed encoding, a lost body).
    pub warnings: Vec<String>,
    /// What could not be derived from the text (a lost body, an unknown year): the
    /// document is indexed with these fields empty, and the run counts it apart.
    pub gaps: Vec<String>,
    /// Pages of the PDF the document came from, counted on the file's first document only
    /// (0 for other files): a long report's progress is shown in pages.
    pub pages: usize,
}

/// The one passage of a cable known only by its header: enough words to find it by.
fn header_only(document: &Document) -> String {
    let mut text = format!(
        "{}: the text of this cable was lost in copying.",
        document.doc_id
    );
    if let Some(origin) = &document.origin {
        text.push_str(&format!(" From {origin}."));
    }
    if !document.tags.is_empty() {
        text.push_str(&format!(" TAGS: {}.", document.tags.join(" ")));
    }
    text
}

/// Parses one record into the documents it holds (one, or one per country of a TIP report
/// page of several narratives); pure, so records parse in parallel. As with
/// [`parse::parse_text`], no passage is longer than [`parse::MAX_PASSAGE_BYTES`].
pub fn parse_record(record: &Record) -> Result<Vec<Parsed>, Error> {
    let name = record.name.as_str();
    let hash = xxh3_64(&record.bytes);
    let refused = |reason| Error::Parse {
        source_name: name.to_string(),
        reason,
    };
    let mut pages = 0;
    let (documents, warning) = match record.layout {
        Layout::Pdf => {
            let extracted = pdf::to_text(&record.bytes).map_err(refused)?;
            pages = extracted.pages;
            (parse::parse_documents(&extracted.text, name)?, None)
        }
        layout => {
            let decoded = parse::decode(&record.bytes, name)?;
            let documents = match layout {
                Layout::Html => {
                    let page = html::read_page(&decoded.text).map_err(refused)?;
                    match &page.meta {
                        Some(meta) => vec![parse::parse_cable(&page.text, name, meta)?],
                        None => parse::parse_documents(&page.text, name)?,
                    }
                }
                Layout::Json => vec![jsonl::parse_line(&decoded.text, name)?],
                _ => match &record.meta {
                    Some(meta) => vec![parse::parse_cable(&decoded.text, name, meta)?],
                    None => parse::parse_documents(&decoded.text, name)?,
                },
            };
            (documents, decoded.warning)
        }
    };
    let several = documents.len() > 1;
    Ok(documents
        .into_iter()
        .map(|document| {
            // The documents of one file share its bytes: each is told apart by its id.
            let hash = match several {
                true => hash ^ xxh3_64(document.doc_id.as_bytes()),
                false => hash,
            };
            let mut parsed = finish(document, hash, warning.clone(), name);
            parsed.pages = std::mem::take(&mut pages);
            parsed
        })
        .collect())
}

/// A parsed document with what its reader must know: the warnings of its file, and the
/// fields its text did not give (a lost body is replaced by its subject or header).
fn finish(mut document: Document, hash: u64, warning: Option<String>, name: &str) -> Parsed {
    let mut warnings: Vec<String> = warning.into_iter().collect();
    let mut gaps = Vec::new();
    if document.passages.is_empty() {
        // A cable whose body was lost in copying is still worth finding by its subject, or
        // by its header (id, date, tags) when the subject was lost too.
        let (section, text, gap) = match document.subject.clone() {
            Some(subject) => (
                "Subject",
                subject,
                "its text was lost; indexed by its subject",
            ),
            None => (
                "Header",
                header_only(&document),
                "its text and subject were lost; indexed by its header",
            ),
        };
        // Capped as parsed passages are: a subject can run on for pages when its line is garbled.
        let passage = Passage {
            section: Some(section.to_string()),
            number: None,
            marking: None,
            text,
        };
        document.passages = parse::cap_passages(vec![passage], parse::MAX_PASSAGE_BYTES);
        gaps.push(gap.to_string());
    }
    if document.doc_id.starts_with("??") {
        gaps.push("nothing in its text gives the year it was sent".to_string());
    }
    for gap in &gaps {
        warnings.push(format!(
            "{name}: {} indexed with gaps: {gap}",
            document.doc_id
        ));
    }
    Parsed {
        document,
        hash,
        warnings,
        gaps,
        pages: 0,
    }
}

/// Each document of each outcome of [`parse_record`], one outcome apiece.
pub(crate) fn each_document<E>(
    outcomes: Vec<Result<Vec<Parsed>, E>>,
) -> impl Iterator<Item = Result<Parsed, E>> {
    outcomes.into_iter().flat_map(|o| {
        let (docs, failure) = match o {
            Ok(docs) => (docs, None),
            Err(e) => (Vec::new(), Some(Err(e))),
        };
        docs.into_iter().map(Ok).chain(failure)
    })
}

/// Reads and parses every document under `paths` (files, folders, archives, dumps), in
/// parallel, handing each outcome to `each` as it comes: `tipsearch parse` without an index.
pub fn read_paths(paths: &[PathBuf], each: &mut dyn FnMut(Result<Parsed, Error>)) {
    use rayon::prelude::*;
    let (files, failures) = collect_files(paths);
    failures.into_iter().for_each(|e| each(Err(e)));
    for f in &files {
        read_file_chunked(f, &f.display().to_string(), &|_| {}, &mut |piece| {
            match piece {
                Piece::Records(records) => {
                    let parsed: Vec<_> = records.par_iter().map(parse_record).collect();
                    each_document(parsed).for_each(&mut *each);
                }
                Piece::Failure(e) => each(Err(e)),
            }
            true
        });
    }
}

/// Records handed on at a time, to be parsed in parallel: enough to keep every core busy,
/// few enough (in number and in bytes) to bound memory.
const CHUNK_RECORDS: usize = 256;
const CHUNK_BYTES: usize = 8 << 20;

/// What [`read_file_chunked`] hands on, in the file's order.
pub(crate) enum Piece {
    /// Records read, up to [`CHUNK_RECORDS`] or [`CHUNK_BYTES`].
    Records(Vec<Record>),
    /// Something that could not be read.
    Failure(Error),
}

/// As [`read_file`], handing records on in chunks and each failure in its place; reading
/// stops when `each` returns false. Returns whether it read to the end.
pub(crate) fn read_file_chunked(
    path: &Path,
    name: &str,
    on_bytes: &dyn Fn(u64),
    each: &mut dyn FnMut(Piece) -> bool,
) -> bool {
    let (mut chunk, mut bytes, mut open) = (Vec::new(), 0, true);
    read_file(path, name, on_bytes, &mut |r| {
        if !open {
            return;
        }
        match r {
            Ok(record) => {
                bytes += record.size();
                chunk.push(record);
                if chunk.len() >= CHUNK_RECORDS || bytes >= CHUNK_BYTES {
                    bytes = 0;
                    open = each(Piece::Records(std::mem::take(&mut chunk)));
                }
            }
            Err(e) => {
                if !chunk.is_empty() {
                    bytes = 0;
                    open = each(Piece::Records(std::mem::take(&mut chunk)));
                }
                open = open && each(Piece::Failure(e));
            }
        }
    });
    open && (chunk.is_empty() || each(Piece::Records(chunk)))
}

/// Lists the files under `paths` (recursively, sorted); a missing path, or anything that is
/// neither a file nor a folder, is a failure.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    let mut walk = Walk::default();
    for p in paths {
        walk.visit(p);
    }
    (walk.files, walk.failures)
}

/// A walk through folders, following symlinks.
#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    failures: Vec<Error>,
    /// Folders already listed: a symlink back up the tree (`d/a -> .`) would otherwise be
    /// followed until the OS gives up, each such link doubling the work.
    seen: HashSet<FolderKey>,
}

impl Walk {
    fn visit(&mut self, path: &Path) {
        let io_failure = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => return self.failures.push(io_failure(e)),
        };
        if meta.is_file() {
            return self.files.push(path.to_path_buf());
        }
        if !meta.is_dir() {
            return self.failures.push(not_regular(path));
        }
        match folder_key(path, &meta) {
            Ok(key) if !self.seen.insert(key) => return,
            Ok(_) => {}
            Err(e) => return self.failures.push(io_failure(e)),
        }
        let entries = match std::fs::read_dir(path) {
            Ok(e) => e,
            Err(e) => return self.failures.push(io_failure(e)),
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for c in children {
            // Hidden files and folders (.git, editor swap files) are not documents.
            if !is_hidden(&c.to_string_lossy()) {
                self.visit(&c);
            }
        }
    }
}

/// What makes a folder the same folder whatever path reaches it.
#[cfg(unix)]
type FolderKey = (u64, u64);
#[cfg(not(unix))]
type FolderKey = PathBuf;

#[cfg(unix)]
fn folder_key(_path: &Path, meta: &std::fs::Metadata) -> io::Result<FolderKey> {
    // Device and inode also catch loops made by bind mounts, where paths differ.
    use std::os::unix::fs::MetadataExt;
    Ok((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn folder_key(path: &Path, _meta: &std::fs::Metadata) -> io::Result<FolderKey> {
    std::fs::canonicalize(path)
}

/// A FIFO, socket or device: opening one may block forever and reading one yields no cable.
fn not_regular(path: &Path) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source: io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (a FIFO, socket or device), not read",
        ),
    }
}

fn is_hidden(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|n| n.starts_with('.'))
}

/// Most bytes a body held in memory ([`read_bytes`], the server's `POST /documents`) may
/// expand to, all decompression counted: the same as the largest plain body the server takes,
/// so that a 1 MB gzip cannot make it hold gigabytes.
pub const MAX_EXPANDED_BYTES: usize = 16 << 20;

/// Most bytes one archive member may hold or expand to when a file is read ([`read_file`]):
/// a cable is at most a few hundred KB, so a bigger member is a decompression bomb or no
/// cable, and is skipped while the rest of the archive is read.
pub const MAX_MEMBER_BYTES: usize = 64 << 20;

/// Caps on what a source may expand to.
#[derive(Debug, Clone, Copy)]
struct Limits {
    /// For the whole source.
    total: u64,
    /// What the whole source is, for the error: `a body held in memory`.
    scope: &'static str,
    /// For each archive member.
    member: u64,
}

/// A file on disk is read whole however large (cables.csv.gz expands to 1.7 GB); only its
/// members are capped.
const FILE_LIMITS: Limits = Limits {
    total: u64::MAX,
    scope: "one file",
    member: MAX_MEMBER_BYTES as u64,
};

/// A body is held in memory with every record read from it, so its expansion is capped.
const BODY_LIMITS: Limits = Limits {
    total: MAX_EXPANDED_BYTES as u64,
    scope: "a body held in memory",
    member: MAX_MEMBER_BYTES as u64,
};

/// Reads every record of one file (all members of an archive, all rows of a dump), handing
/// each to `emit` as soon as it is read; `on_bytes` hears how many bytes of the file were read.
pub fn read_file(
    path: &Path,
    name: &str,
    on_bytes: &dyn Fn(u64),
    emit: &mut dyn FnMut(Result<Record, Error>),
) {
    // Checked before opening, because opening a FIFO waits for a writer that may never come.
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => return emit(Err(not_regular(path))),
        _ => {}
    }
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(source) => {
            return emit(Err(Error::Io {
                path: path.to_path_buf(),
                source,
            }))
        }
    };
    let reader = BufReader::with_capacity(
        1 << 18,
        Counting {
            inner: file,
            on_bytes,
        },
    );
    read_source(name, Box::new(reader), FILE_LIMITS, emit);
}

/// Reads every record of a document or archive held in memory (a body sent to the server):
/// the same layouts as files, named `name`, expanding to at most [`MAX_EXPANDED_BYTES`].
pub fn read_bytes(name: &str, bytes: &[u8]) -> Vec<Result<Record, Error>> {
    read_bytes_within(name, bytes, BODY_LIMITS)
}

fn read_bytes_within(name: &str, bytes: &[u8], limits: Limits) -> Vec<Result<Record, Error>> {
    let mut out = Vec::new();
    read_source(name, Box::new(io::Cursor::new(bytes)), limits, &mut |r| {
        out.push(r)
    });
    out
}

fn read_source<'a>(
    name: &str,
    reader: Box<dyn BufRead + 'a>,
    limits: Limits,
    emit: &mut dyn FnMut(Result<Record, Error>),
) {
    let budget = Budget::new(name, limits.total, limits.scope, None);
    let stream = Stream {
        name,
        hint: name,
        depth: 0,
        budget: &budget,
        limits,
    };
    read_stream(stream, reader, emit);
}

/// One stream being read, within a source.
#[derive(Clone, Copy)]
struct Stream<'a> {
    /// What records and failures are called: `a.tar.gz:member`.
    name: &'a str,
    /// The name its layout is guessed from: `a.tar` for `a.tar.gz`.
    hint: &'a str,
    /// How many archives it is inside.
    depth: u8,
    /// What decompressing it may still produce.
    budget: &'a Budget<'a>,
    limits: Limits,
}

impl Stream<'_> {
    fn failure(&self, reason: String) -> Result<Record, Error> {
        Err(Error::Parse {
            source_name: self.name.to_string(),
            reason,
        })
    }
}

fn read_stream<'a>(
    s: Stream<'a>,
    mut reader: Box<dyn BufRead + 'a>,
    emit: &mut dyn FnMut(Result<Record, Error>),
) {
    let head = match reader.fill_buf() {
        Ok(h) => h,
        Err(e) => return emit(s.failure(read_failure(s.name, &e))),
    };
    let format = sniff(s.hint, head);
    if matches!(format, Format::Gzip | Format::Tar) && s.depth >= MAX_NESTING {
        return emit(s.failure("archives are nested too deeply".to_string()));
    }
    match format {
        Format::Gzip => read_gzip(s, reader, emit),
        Format::Tar => read_tar(s, reader, emit),
        Format::Csv => read_csv(s.name, reader, emit),
        Format::JsonLines => read_json_lines(s.name, reader, emit),
        Format::Text => emit(read_document(s, reader, Layout::Text)),
        Format::Html => emit(read_document(s, reader, Layout::Html)),
        Format::Pdf => emit(read_document(s, reader, Layout::Pdf)),
    }
}

fn read_gzip<'a>(
    s: Stream<'a>,
    reader: Box<dyn BufRead + 'a>,
    emit: &mut dyn FnMut(Result<Record, Error>),
) {
    let inner = strip_suffix_ci(s.hint, ".gz")
        .or_else(|| strip_suffix_ci(s.hint, ".tgz").map(|h| format!("{h}.tar")))
        .unwrap_or_else(|| s.hint.to_string());
    // Counted as it comes out of the decoder, so a bomb stops at the cap, not in memory.
    let decoded = Expanding {
        inner: flate2::bufread::MultiGzDecoder::new(reader),
        budget: s.budget,
    };
    let stream = Stream {
        hint: &inner,
        depth: s.depth + 1,
        ..s
    };
    read_stream(stream, Box::new(BufReader::new(decoded)), emit);
}

fn read_csv(
    name: &str,
    reader: Box<dyn BufRead + '_>,
    emit: &mut dyn FnMut(Result<Record, Error>),
) {
    for row in csv::CsvRows::new(reader) {
        emit(match row {
            Ok(row) => {
                let at = format!("{name}:line {}", row.line);
                match csv::row_to_cable(&row) {
                    Ok((meta, text)) => Ok(Record {
                        name: at,
                        layout: Layout::Text,
                        bytes: text.into_bytes(),
                        meta: Some(meta),
                    }),
                    Err(reason) => Err(Error::Parse {
                        source_name: at,
                        reason,
                    }),
                }
            }
            Err(e) => Err(Error::Parse {
                source_name: format!("{name}:line {}", e.line),
                reason: e.reason,
            }),
        });
    }
}

/// One cable or report: the whole stream, up to [`MAX_DOCUMENT_BYTES`].
fn read_document(
    s: Stream<'_>,
    reader: Box<dyn BufRead + '_>,
    layout: Layout,
) -> Result<Record, Error> {
    let mut bytes = Vec::new();
    let most = match layout {
        Layout::Pdf => MAX_PDF_BYTES,
        _ => MAX_DOCUMENT_BYTES,
    };
    if let Err(e) = reader.take(most as u64 + 1).read_to_end(&mut bytes) {
        return s.failure(read_failure(s.name, &e));
    }
    if bytes.len() > most {
        return s.failure(format!(
            "larger than {} MB, which no single cable or report is",
            most >> 20
        ));
    }
    Ok(Record {
        name: s.name.to_string(),
        layout,
        bytes,
        meta: None,
    })
}

fn read_tar<'a>(
    s: Stream<'a>,
    reader: Box<dyn BufRead + 'a>,
    emit: &mut dyn FnMut(Result<Record, Error>),
) {
    let broken = |e: io::Error| match too_large(&e) {
        Some(_) => s.failure(read_failure(s.name, &e)),
        None => s.failure(format!("broken tar archive: {e}")),
    };
    let mut archive = tar::Archive::new(reader);
    let entries = match archive.entries() {
        Ok(e) => e,
        Err(e) => return emit(broken(e)),
    };
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            // A damaged header leaves no way to find the next member.
            Err(e) => return emit(broken(e)),
        };
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let member = entry.path().map(|p| p.to_string_lossy().into_owned());
        let member = member.unwrap_or_else(|_| "?".to_string());
        if !is_hidden(&member) {
            read_member(s, &member, entry, emit);
        }
        // The member that went over the source's cap said so; what follows would only repeat it.
        if s.budget.spent() {
            return;
        }
    }
}

/// Reads one file of a tar archive, within its own cap: an oversize member is named and
/// skipped, and the next one read.
fn read_member<'a>(
    s: Stream<'a>,
    member: &str,
    entry: tar::Entry<'_, Box<dyn BufRead + 'a>>,
    emit: &mut dyn FnMut(Result<Record, Error>),
) {
    let name = format!("{}:{member}", s.name);
    let limit = s.limits.member;
    if entry.size() > limit {
        return emit(Err(Error::Parse {
            source_name: name,
            reason: format!(
                "a member of {} bytes, over the {} limit for one archive member; skipped",
                entry.size(),
                in_units(limit)
            ),
        }));
    }
    let budget = Budget::new(&name, limit, "one archive member", Some(s.budget));
    let stream = Stream {
        name: &name,
        hint: member,
        depth: s.depth + 1,
        budget: &budget,
        limits: s.limits,
    };
    read_stream(stream, Box::new(BufReader::new(entry)), emit);
}

/// What decompression within one source or member may still produce.
struct Budget<'a> {
    /// The source or member, for the error.
    name: String,
    limit: u64,
    /// What the limit is for: `one archive member`.
    scope: &'static str,
    used: Cell<u64>,
    /// The enclosing source or member, charged as well: a member's expansion is its source's.
    outer: Option<&'a Budget<'a>>,
}

impl<'a> Budget<'a> {
    fn new(name: &str, limit: u64, scope: &'static str, outer: Option<&'a Budget<'a>>) -> Self {
        Budget {
            name: name.to_string(),
            limit,
            scope,
            used: Cell::new(0),
            outer,
        }
    }

    fn charge(&self, n: u64) -> io::Result<()> {
        let used = self.used.get().saturating_add(n);
        self.used.set(used);
        if used > self.limit {
            return Err(io::Error::other(TooLarge {
                name: self.name.clone(),
                limit: self.limit,
                scope: self.scope,
            }));
        }
        self.outer.map_or(Ok(()), |o| o.charge(n))
    }

    fn spent(&self) -> bool {
        self.used.get() > self.limit || self.outer.is_some_and(Budget::spent)
    }
}

/// Decompressed bytes, charged to a budget as they come.
struct Expanding<'a, R> {
    inner: R,
    budget: &'a Budget<'a>,
}

impl<R: Read> Read for Expanding<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.budget.charge(n as u64)?;
        Ok(n)
    }
}

/// A source or member that expanded past its cap.
#[derive(Debug)]
struct TooLarge {
    name: String,
    limit: u64,
    scope: &'static str,
}

impl TooLarge {
    /// The problem, without the name.
    fn excess(&self) -> String {
        format!(
            "expands to more than {} when decompressed, the limit for {}",
            in_units(self.limit),
            self.scope
        )
    }
}

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.name, self.excess())
    }
}

/// A limit as people say it: `64 MB`, or bytes when under one.
fn in_units(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

impl std::error::Error for TooLarge {}

fn too_large(e: &io::Error) -> Option<&TooLarge> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<TooLarge>())
}

/// Why `name` could not be read; a cap says which source or member went over it, unless that
/// is `name` itself.
fn read_failure(name: &str, e: &io::Error) -> String {
    match too_large(e) {
        Some(t) if t.name == name => t.excess(),
        Some(t) => t.to_string(),
        None => format!("could not be read: {e}"),
    }
}

fn read_json_lines(
    name: &str,
    mut reader: Box<dyn BufRead + '_>,
    emit: &mut dyn FnMut(Result<Record, Error>),
) {
    let mut line_no = 0u64;
    loop {
        line_no += 1;
        let mut bytes = Vec::new();
        let at = || format!("{name}:line {line_no}");
        // An overlong line is skipped as it is read, so a 100 MB line costs no memory.
        match csv::read_line(&mut reader, &mut bytes, MAX_DOCUMENT_BYTES) {
            Ok(Line::Eof) => return,
            Ok(Line::TooLong) => emit(Err(Error::Parse {
                source_name: at(),
                reason: format!("line longer than {} MB", MAX_DOCUMENT_BYTES >> 20),
            })),
            Ok(Line::Read) if bytes.iter().all(u8::is_ascii_whitespace) => {}
            Ok(Line::Read) => emit(Ok(Record {
                name: at(),
                layout: Layout::Json,
                bytes,
                meta: None,
            })),
            Err(e) => {
                return emit(Err(Error::Parse {
                    source_name: at(),
                    reason: read_failure(name, &e),
                }))
            }
        }
    }
}

/// What a stream holds, judged from its first bytes first and its name second: a file name is
/// a hint, the content is evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Gzip,
    Tar,
    Csv,
    JsonLines,
    Html,
    Text,
    Pdf,
}

fn sniff(hint: &str, head: &[u8]) -> Format {
    if head.starts_with(&[0x1f, 0x8b]) {
        return Format::Gzip;
    }
    if head.starts_with(b"%PDF-") {
        return Format::Pdf;
    }
    if head.get(257..262) == Some(b"ustar") {
        return Format::Tar;
    }
    let start = head
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(head)
        .trim_ascii_start();
    sniff_opening(start).unwrap_or_else(|| by_name(hint))
}

/// What the first non-blank bytes of a text show, if anything.
fn sniff_opening(start: &[u8]) -> Option<Format> {
    let opening = String::from_utf8_lossy(&start[..start.len().min(16)]).to_ascii_lowercase();
    // WikiLeaks pages open with `<?xml version=...?>` then `<!DOCTYPE html PUBLIC ...`.
    if ["<?xml", "<!doctype", "<html"]
        .iter()
        .any(|p| opening.starts_with(p))
    {
        return Some(Format::Html);
    }
    if looks_like_csv_row(&start[..start.len().min(512)]) {
        return Some(Format::Csv);
    }
    // No cable or narrative opens with a JSON object.
    looks_like_json_line(start).then_some(Format::JsonLines)
}

/// The layout a name suggests, for content that shows none.
fn by_name(hint: &str) -> Format {
    let lower = hint.to_ascii_lowercase();
    let ends = |suffixes: &[&str]| suffixes.iter().any(|s| lower.ends_with(s));
    if ends(&[".tar"]) {
        Format::Tar
    } else if ends(&[".html", ".htm"]) {
        Format::Html
    } else if ends(&[".jsonl", ".ndjson"]) {
        Format::JsonLines
    } else if ends(&[".pdf"]) {
        Format::Pdf
    } else {
        Format::Text
    }
}

/// A first line that is a JSON object, or the start of one cut off where `start` ends.
fn looks_like_json_line(start: &[u8]) -> bool {
    if !start.starts_with(b"{") {
        return false;
    }
    let line = start.split(|b| *b == b'\n').next().unwrap_or(start);
    match serde_json::from_slice::<serde::de::IgnoredAny>(line) {
        Ok(_) => true,
        Err(e) => e.is_eof(),
    }
}

/// The start of a cables.csv row: `"<row>","<M/D/YYYY> `.
fn looks_like_csv_row(start: &[u8]) -> bool {
    let Some(rest) = start.strip_prefix(b"\"") else {
        return false;
    };
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let Some(rest) = rest[digits..].strip_prefix(b"\",\"") else {
        return false;
    };
    let date = rest
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b'/')
        .count();
    digits > 0 && date >= 8 && rest.get(date) == Some(&b' ')
}

fn strip_suffix_ci(s: &str, suffix: &str) -> Option<String> {
    let cut = s.len().checked_sub(suffix.len())?;
    (s.is_char_boundary(cut) && s[cut..].eq_ignore_ascii_case(suffix)).then(|| s[..cut].to_string())
}

/// Counts the bytes read from a file, for the progress bar.
struct Counting<'a, R> {
    inner: R,
    on_bytes: &'a dyn Fn(u64),
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        (self.on_bytes)(n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cable_that_lost_its_text_and_subject_is_indexed_by_its_header() {
        // The whole of 09TRIPOLI694 as the dev set has it: the copy stops at TAGS.
        let text = "DE RUEHTRO #0694/01 2381525\nZNY CCCCC ZZH ZFR\nP R 261525Z AUG 09\n\
                    FM AMEMBASSY TRIPOLI\nTO RUEHC/SECSTATE WASHDC PRIORITY 5195\n\n\
                    C O N F I D E N T I A L SECTION 01 OF 05 TRIPOLI 000694\n\nSIPDIS\n\n\
                    E.O. 12958: DECL:  8/26/2009\nTAGS: PREL PGOV PHUM LY\n";
        let records = read_bytes("t.txt", text.as_bytes());
        let record = records
            .into_iter()
            .next()
            .expect("one record")
            .expect("read");
        let mut parsed = parse_record(&record).expect("indexed, not refused");
        assert_eq!(parsed.len(), 1);
        let parsed = parsed.remove(0);
        assert_eq!(parsed.document.doc_id, "09TRIPOLI694");
        assert_eq!(parsed.gaps.len(), 1, "{:?}", parsed.gaps);
        let passage = &parsed.document.passages[0].text;
        assert!(
            passage.contains("09TRIPOLI694") && passage.contains("PHUM"),
            "{passage}"
        );
    }

    #[test]
    fn sniffs_content_before_names() {
        assert_eq!(sniff("x.txt", &[0x1f, 0x8b, 8, 0]), Format::Gzip);
        assert_eq!(sniff("page", b"  <!DOCTYPE html><html>"), Format::Html);
        assert_eq!(sniff("report.txt", b"%PDF-1.7\n%\xe2\xe3"), Format::Pdf);
        assert_eq!(sniff("report.pdf", b"junk before %PDF-1.7"), Format::Pdf);
        assert_eq!(sniff("a.jsonl", b"{\"text\": \"x\"}"), Format::JsonLines);
        assert_eq!(
            sniff("dump.txt", b"\"1\",\"12/28/1966 18:48\",\"66X1\""),
            Format::Csv
        );
        assert_eq!(sniff("cable.txt", b"UNCLAS BAKU 000911"), Format::Text);
    }

    #[test]
    fn a_wikileaks_page_is_html_whatever_its_name() {
        let page = b"<?xml version='1.0' encoding='utf-8' ?>\n<!DOCTYPE html PUBLIC \
                     \"-//W3C//DTD XHTML 1.0 Transitional//EN\">\n<html lang='en'>";
        for name in ["09BAKU179.txt", "request.txt", "cable", "x.jsonl"] {
            assert_eq!(sniff(name, page), Format::Html, "{name}");
        }
        assert_eq!(sniff("a.txt", b"\n <!DOCTYPE html PUBLIC"), Format::Html);
        assert_eq!(sniff("a.txt", b"\xef\xbb\xbf<?XML version"), Format::Html);
    }

    #[test]
    fn a_real_wikileaks_page_named_txt_parses_as_its_cable() {
        let page = include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/html/09BAKU179.html"
        ));
        let records = read_bytes("request.txt", page);
        let parsed = parse_record(records[0].as_ref().unwrap()).unwrap();
        assert_eq!(parsed[0].document.doc_id, "09BAKU179");
    }

    #[test]
    fn json_lines_are_json_lines_whatever_their_name() {
        let lines =
            b"  {\"text\": \"UNCLAS BAKU 000911\", \"tags\": [\"PREL\"]}\n{\"text\": \"x\"}\n";
        for name in ["request.html", "request.txt", "notes", "page.htm"] {
            assert_eq!(sniff(name, lines), Format::JsonLines, "{name}");
        }
        // A first line cut off by the end of what was looked at is judged by what came.
        assert_eq!(
            sniff("a.html", b"{\"text\": \"UNCLAS BA"),
            Format::JsonLines
        );
        let records = read_bytes("request.html", lines);
        assert_eq!(records.len(), 2);
        assert!(records
            .iter()
            .all(|r| r.as_ref().is_ok_and(|r| r.layout == Layout::Json)));
    }

    #[test]
    fn a_brace_that_opens_no_json_leaves_it_to_the_name() {
        let text = b"{draft} UNCLAS BAKU 000911\n";
        assert_eq!(sniff("cable.txt", text), Format::Text);
        assert_eq!(sniff("cable.html", text), Format::Html);
        assert_eq!(sniff("broken.jsonl", b"{\"text\": }\n"), Format::JsonLines);
        assert_eq!(sniff("old.tar", b"cable.txt\0\0\0"), Format::Tar);
    }

    #[test]
    fn overlong_json_lines_are_named_and_the_next_ones_read() {
        let line = format!("{}\n{{\"text\": 3}}\n", "x".repeat(MAX_DOCUMENT_BYTES + 10));
        let records = read_bytes("big.jsonl", line.as_bytes());
        assert_eq!(records.len(), 2);
        let first = records[0].as_ref().unwrap_err().to_string();
        assert!(
            first.starts_with("big.jsonl:line 1: line longer than 32 MB"),
            "{first}"
        );
        assert!(records[1].is_ok());
    }

    /// A folder with two links to itself and a socket: the walk must end, list the file once
    /// and name the socket.
    #[cfg(unix)]
    fn loops_and_a_socket() -> (tempfile::TempDir, PathBuf, std::os::unix::net::UnixListener) {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("d");
        std::fs::create_dir_all(d.join("sub")).unwrap();
        std::fs::write(d.join("cable.txt"), "UNCLAS BAKU 000911").unwrap();
        symlink(".", d.join("a")).unwrap();
        symlink(".", d.join("b")).unwrap();
        symlink("..", d.join("sub/up")).unwrap();
        let socket = std::os::unix::net::UnixListener::bind(d.join("sock")).unwrap();
        (dir, d, socket)
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_walked_once_and_non_files_named() {
        let (_dir, d, _socket) = loops_and_a_socket();
        let (files, failures) = collect_files(std::slice::from_ref(&d));
        assert_eq!(files, vec![d.join("cable.txt")]);
        let failures: Vec<String> = failures.iter().map(ToString::to_string).collect();
        let expected = format!(
            "{}: not a regular file (a FIFO, socket or device), not read",
            d.join("sock").display()
        );
        assert_eq!(failures, vec![expected]);
    }

    #[cfg(unix)]
    #[test]
    fn a_non_file_named_on_the_command_line_is_refused_unopened() {
        let (_dir, d, _socket) = loops_and_a_socket();
        let sock = d.join("sock");
        let (files, failures) = collect_files(std::slice::from_ref(&sock));
        assert!(files.is_empty());
        assert_eq!(failures.len(), 1);
        let mut read = Vec::new();
        read_file(&sock, "sock", &|_| {}, &mut |r| read.push(r));
        let message = read[0].as_ref().unwrap_err().to_string();
        assert!(
            message.ends_with("not a regular file (a FIFO, socket or device), not read"),
            "{message}"
        );
    }

    /// `lines` copies of `line`, gzipped as they are written: a bomb without its expansion ever
    /// being held in the test either.
    fn gzip_of(line: &[u8], lines: usize) -> Vec<u8> {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let block = line.repeat(((64 << 10) / line.len()).max(1));
        for _ in 0..(lines * line.len()).div_ceil(block.len()) {
            gz.write_all(&block).unwrap();
        }
        gz.finish().unwrap()
    }

    fn tar_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut tar = tar::Builder::new(Vec::new());
        for (path, bytes) in members {
            let mut header = tar::Header::new_gnu();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o644);
            tar.append_data(&mut header, path, *bytes).unwrap();
        }
        tar.into_inner().unwrap()
    }

    fn messages(records: &[Result<Record, Error>]) -> Vec<Result<String, String>> {
        let outline = |r: &Result<Record, Error>| match r {
            Ok(record) => Ok(record.name.clone()),
            Err(e) => Err(e.to_string()),
        };
        records.iter().map(outline).collect()
    }

    #[test]
    fn a_gzip_bomb_body_stops_at_the_expansion_cap() {
        let bomb = gzip_of(b" ", 40 << 20);
        assert!(bomb.len() < 1 << 20);
        let records = read_bytes("bomb.txt.gz", &bomb);
        assert_eq!(
            messages(&records),
            vec![Err(
                "bomb.txt.gz: expands to more than 16 MB when decompressed, \
                 the limit for a body held in memory"
                    .to_string()
            )]
        );
    }

    #[test]
    fn a_json_lines_bomb_body_keeps_at_most_the_cap() {
        let line = b"{\"text\": \"UNCLAS BAKU 000911\"}\n";
        let records = read_bytes("lines.jsonl.gz", &gzip_of(line, (40 << 20) / line.len()));
        let kept: usize = records.iter().flatten().map(Record::size).sum();
        assert!(kept <= MAX_EXPANDED_BYTES, "{kept} bytes kept");
        let last = records.last().unwrap().as_ref().unwrap_err().to_string();
        assert!(
            last.ends_with(
                "expands to more than 16 MB when decompressed, the limit for a body held in memory"
            ),
            "{last}"
        );
        assert_eq!(records.iter().filter(|r| r.is_err()).count(), 1);
    }

    #[test]
    fn an_oversize_member_is_named_and_the_next_one_read() {
        let bomb = gzip_of(b" ", 1 << 20);
        let big = vec![b'x'; 100 << 10];
        let cable = b"UNCLAS BAKU 000911";
        let tar = tar_of(&[
            ("bomb.txt.gz", &bomb),
            ("big.txt", &big),
            ("cable.txt", cable),
        ]);
        let limits = Limits {
            member: 64 << 10,
            ..FILE_LIMITS
        };
        let records = read_bytes_within("batch.tar", &tar, limits);
        let expected = [
            Err(
                "batch.tar:bomb.txt.gz: expands to more than 65536 bytes when decompressed, \
                 the limit for one archive member",
            ),
            Err(
                "batch.tar:big.txt: a member of 102400 bytes, over the 65536 bytes limit \
                 for one archive member; skipped",
            ),
            Ok("batch.tar:cable.txt"),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|r| r.map(str::to_string).map_err(str::to_string))
            .collect();
        assert_eq!(messages(&records), expected);
    }

    #[test]
    fn a_body_over_its_cap_inside_an_archive_is_named_once() {
        let bomb = gzip_of(b" ", 20 << 20);
        let tar = tar_of(&[
            ("cable.txt", b"UNCLAS BAKU 000911"),
            ("bomb.txt.gz", &bomb),
            ("after.txt", b"x"),
        ]);
        let body = gzip_of(&tar, 1);
        let records = read_bytes("batch.tar.gz", &body);
        assert_eq!(
            messages(&records),
            vec![
                Ok("batch.tar.gz:cable.txt".to_string()),
                Err(
                    "batch.tar.gz:bomb.txt.gz: batch.tar.gz expands to more than 16 MB when \
                     decompressed, the limit for a body held in memory"
                        .to_string()
                )
            ]
        );
    }
}
