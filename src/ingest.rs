//! Batch indexing: a reader thread streams records out of files and archives, rayon parses
//! them in parallel, and tantivy's writer indexes them on its own threads, committing
//! regularly so that a crash loses at most the last few seconds of work.
//!
//! Runs are incremental: a file whose size and modification time are those recorded after
//! the last commit is not read again, and a document whose input hashes the same as what the
//! index holds is not written again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver};
use std::time::{Duration, Instant, UNIX_EPOCH};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::{IndexWriter, Term};

use crate::error::Error;
use crate::index::{Index, Stored};
use crate::journal::Journal;
use crate::source::{self, Piece};

/// Where the per-file stamps of the last committed run are kept, inside the index folder.
const STAMPS_FILE: &str = "tipsearch-files.json";

/// How a batch run behaves.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Memory tantivy's writer may use for its in-memory segments, in bytes.
    pub memory_bytes: usize,
    /// Longest time between two commits: what a crash can lose at most.
    pub commit_every: Duration,
    /// Drop documents whose source file no longer exists.
    pub prune: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            memory_bytes: 64 << 20,
            commit_every: Duration::from_secs(10),
            prune: false,
        }
    }
}

/// What a run did: the summary a user reads and the exit status depends on.
#[derive(Debug, Default)]
pub struct Summary {
    /// Files named or found in folders.
    pub files: usize,
    /// Files skipped because they did not change since the last run.
    pub files_unchanged: usize,
    /// Bytes of input files read.
    pub bytes: u64,
    /// Documents new to the index.
    pub indexed: usize,
    /// Documents whose input changed, replaced.
    pub updated: usize,
    /// Documents already in the index as they are.
    pub unchanged: usize,
    /// Second copies of a document already seen (another wrapping, file or run): stored once.
    pub duplicates: usize,
    /// Documents dropped: gone from a changed file, or (with `prune`) whose file is gone.
    pub removed: usize,
    /// Passages written.
    pub passages: usize,
    /// Everything that could not be read or parsed, each naming its file and reason.
    pub failures: Vec<Error>,
    /// Documents that went in with something the user should know.
    pub warnings: Vec<String>,
    /// Documents indexed with fields their text does not give (a lost body, an unknown
    /// year): in the index, not failures; the reasons are among the warnings.
    pub with_gaps: usize,
}

/// What a write of documents sent in one request did.
#[derive(Debug, Default, Serialize)]
pub struct Added {
    /// Documents new to the index.
    pub indexed: usize,
    /// Documents that replaced an earlier version.
    pub updated: usize,
    /// Second copies of a document in the same request.
    pub duplicates: usize,
    /// Ids of the documents written, in order.
    pub documents: Vec<String>,
    /// What could not be read, each naming where and why: the same errors a batch's
    /// [`Summary::failures`] holds, shown as their messages.
    #[serde(serialize_with = "messages")]
    pub failed: Vec<Error>,
}

fn messages<S: serde::Serializer>(errors: &[Error], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(errors.iter().map(ToString::to_string))
}

/// A writer held open between writes (a server's), so that each write pays only its share
/// of a commit; while it lives, no other process can write to the index.
///
/// After a write or commit fails it refuses everything with that failure: tantivy's writer
/// has lost its indexing threads by then, and a later commit would "succeed" with nothing
/// in it. The caller drops it and opens another, which replays the journal.
pub struct Writer {
    writer: IndexWriter,
    /// Ids written since the last commit, which the index's searcher cannot see yet.
    pending: HashSet<String>,
    /// Writes acknowledged before their commit (an index on disk only).
    journal: Option<Journal>,
    /// Why this writer stopped, once it has: the index and the reason.
    failed: Option<(String, String)>,
}

impl Index {
    /// Takes the index's writer lock for a series of writes. Writes a crashed writer had
    /// acknowledged but not committed are applied and committed first.
    pub fn open_writer(&self, memory_bytes: usize) -> Result<Writer, Error> {
        // The lock first: the journal belongs to whoever holds it.
        let index_writer = self.writer(memory_bytes)?;
        let (journal, entries) = match self.path() {
            Some(dir) => {
                let (journal, entries) = Journal::open(dir)?;
                (Some(journal), entries)
            }
            None => (None, Vec::new()),
        };
        let mut writer = Writer {
            writer: index_writer,
            pending: HashSet::new(),
            journal,
            failed: None,
        };
        for entry in &entries {
            // Each was read without failure when it was journaled.
            writer.write_bytes(self, &entry.name, &entry.body)?;
        }
        if !entries.is_empty() {
            writer.commit(self)?;
        }
        Ok(writer)
    }
}

impl Writer {
    /// Reads the documents of `bytes` (text, a WikiLeaks page, JSON Lines, an archive) as
    /// `tipsearch index` reads files, writes them, and commits: when this returns, they are
    /// durable and searchable.
    pub fn add_bytes(&mut self, index: &Index, name: &str, bytes: &[u8]) -> Result<Added, Error> {
        let added = self.write_bytes(index, name, bytes)?;
        self.commit(index)?;
        Ok(added)
    }

    /// As [`Writer::add_bytes`], without the commit: several writes can share one, and
    /// none of them is durable or visible until [`Writer::commit`].
    pub fn write_bytes(&mut self, index: &Index, name: &str, bytes: &[u8]) -> Result<Added, Error> {
        self.usable()?;
        let records = source::read_bytes(name, bytes);
        let outcomes: Vec<Result<Vec<source::Parsed>, Error>> = records
            .into_par_iter()
            .map(|r| r.and_then(|record| source::parse_record(&record)))
            .collect();
        let parsed = source::each_document(outcomes);
        let searcher = index.searcher()?;
        let mut added = Added::default();
        let mut seen = HashSet::new();
        for p in parsed {
            let p = match p.and_then(|p| Index::admissible(&p.document, name).map(|()| p)) {
                Ok(p) => p,
                Err(e) => {
                    added.failed.push(e);
                    continue;
                }
            };
            let id = p.document.doc_id.clone();
            if !seen.insert(id.clone()) {
                added.duplicates += 1;
                continue;
            }
            let term = Term::from_field_text(index.fields.doc_id, &id);
            let exists = self.pending.contains(&id) || searcher.doc_freq(&term)? > 0;
            if let Err(e) = index.write_document(&self.writer, &p.document, p.hash, "", exists) {
                return Err(self.fail(index, e));
            }
            if exists {
                added.updated += 1;
            } else {
                added.indexed += 1;
            }
            self.pending.insert(id.clone());
            added.documents.push(id);
        }
        Ok(added)
    }

    /// As [`Writer::write_bytes`], and durable when this returns: journaled and synced,
    /// so that a crash or a failed commit loses nothing of it; searchable after the next
    /// [`Writer::commit`].
    pub fn write_journaled(
        &mut self,
        index: &Index,
        name: &str,
        bytes: &[u8],
    ) -> Result<Added, Error> {
        let added = self.write_bytes(index, name, bytes)?;
        if !added.documents.is_empty() {
            self.journal(name, bytes)?;
            self.sync_journal()?;
        }
        Ok(added)
    }

    /// Commits what was written and makes it visible to the next search. The journal is
    /// emptied only by a commit that succeeded.
    pub fn commit(&mut self, index: &Index) -> Result<(), Error> {
        self.usable()?;
        if !self.pending.is_empty() {
            if let Err(e) = self.writer.commit() {
                return Err(self.fail(index, e.into()));
            }
            self.pending.clear();
            index.reload()?;
        }
        if let Some(journal) = &mut self.journal {
            journal.clear()?;
        }
        Ok(())
    }

    /// The failure that stopped this writer, if one has.
    fn usable(&self) -> Result<(), Error> {
        match &self.failed {
            Some((path, reason)) => Err(Error::Unwritable {
                path: path.clone(),
                reason: reason.clone(),
            }),
            None => Ok(()),
        }
    }

    /// Stops this writer for good, remembering why.
    fn fail(&mut self, index: &Index, e: Error) -> Error {
        let e = unwritable(index, &mut self.writer, e);
        if let Error::Unwritable { path, reason } = &e {
            self.failed = Some((path.clone(), reason.clone()));
        }
        e
    }

    /// Records `bytes`, already written with [`Writer::write_bytes`], in the journal, so
    /// that [`Writer::sync_journal`] can make them durable before the commit. Returns
    /// `false` for an index in memory, which has no journal.
    pub(crate) fn journal(&mut self, name: &str, bytes: &[u8]) -> Result<bool, Error> {
        match &mut self.journal {
            Some(journal) => journal.append(name, bytes).map(|()| true),
            None => Ok(false),
        }
    }

    /// Makes every journaled write durable.
    pub(crate) fn sync_journal(&mut self) -> Result<(), Error> {
        match &mut self.journal {
            Some(journal) => journal.sync(),
            None => Ok(()),
        }
    }

    /// The tantivy writer, once the journal has been replayed (batch runs, removals).
    pub(crate) fn into_inner(self) -> IndexWriter {
        self.writer
    }
}

/// A failed write as the user should read it: the operating system's reason (`No space
/// left on device`), never tantivy's "An index writer was killed", which is all a write
/// learns once an indexing thread has died. That thread's own error comes out of the next
/// commit, which joins the threads.
pub(crate) fn unwritable(index: &Index, writer: &mut IndexWriter, e: Error) -> Error {
    let e = match e {
        Error::Tantivy(tantivy::TantivyError::ErrorInThread(_)) => match writer.commit() {
            Err(cause) => Error::Tantivy(cause),
            Ok(_) => e,
        },
        e => e,
    };
    let reason = match e {
        Error::Tantivy(tantivy::TantivyError::IoError(io)) => io.to_string(),
        e => e.to_string(),
    };
    Error::Unwritable {
        path: index.label(),
        reason,
    }
}

/// Hears how a run goes, so that the CLI can draw a progress bar; every method may be
/// called from the reader thread.
pub trait Progress: Sync {
    /// The run starts with this many files and bytes to read.
    fn start(&self, _files: usize, _bytes: u64) {}
    /// Bytes of input were read (or skipped as unchanged).
    fn advance(&self, _bytes: u64) {}
    /// A file was finished.
    fn file_done(&self) {}
    /// Something could not be read or parsed; the run goes on.
    fn failure(&self, _error: &Error) {}
    /// A document went in with a warning.
    fn warning(&self, _message: &str) {}
    /// Pages of a PDF were read.
    fn pages(&self, _pages: usize) {}
}

/// A [`Progress`] that reports nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl Progress for Silent {}

/// Size and modification time of a file when it was last read, and what it held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    size: u64,
    mtime_ns: u128,
    documents: usize,
    /// Records of the file that failed, `(where, why)`: reported again, without re-reading,
    /// while the file stays the same, so the exit status does not depend on the run.
    #[serde(default)]
    failures: Vec<(String, String)>,
}

fn stamp_of(meta: &std::fs::Metadata) -> Stamp {
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    Stamp {
        size: meta.len(),
        mtime_ns,
        documents: 0,
        failures: Vec::new(),
    }
}

/// What the reader thread hands to the writer, in file order.
enum Msg {
    /// A new file begins; `unchanged` ones send nothing more.
    File {
        key: String,
        stamp: Option<Stamp>,
        unchanged: bool,
    },
    /// What the file held: records, or a failure in its place.
    Read(Piece),
}

/// The file being written and what it has produced so far.
struct Current {
    key: String,
    stamp: Option<Stamp>,
    ids: HashSet<String>,
    failures: Vec<(String, String)>,
    /// The file itself could not be read: nothing about it is worth remembering.
    unreadable: bool,
}

/// The writer's side of a run: what the index holds and what this run has done.
struct Run<'a> {
    index: &'a Index,
    writer: IndexWriter,
    catalog: HashMap<String, Stored>,
    /// The ids each file held when the run began, to find those a changed file no longer holds.
    by_file: HashMap<String, Vec<String>>,
    stamps: HashMap<String, Stamp>,
    seen: HashSet<String>,
    summary: Summary,
    current: Option<Current>,
    progress: &'a dyn Progress,
    /// Something was written or deleted since the last commit.
    dirty: bool,
}

impl Index {
    /// Indexes files and folders (recursively; archives, dumps and JSON Lines included),
    /// skipping what has not changed; a file that fails is reported and the rest go in.
    pub fn index_paths(
        &self,
        paths: &[PathBuf],
        opts: &IngestOptions,
        progress: &dyn Progress,
    ) -> Result<Summary, Error> {
        // Through open_writer, so that a crashed server's journaled writes go in first.
        let writer = self.open_writer(opts.memory_bytes)?.into_inner();
        let segments_before = self.segment_ids()?;
        let (files, failures) = source::collect_files(paths);
        let catalog = self.catalog()?;
        let mut by_file: HashMap<String, Vec<String>> = HashMap::new();
        for (id, stored) in &catalog {
            by_file
                .entry(stored.file.clone())
                .or_default()
                .push(id.clone());
        }
        let mut run = Run {
            index: self,
            writer,
            catalog,
            by_file,
            stamps: self.load_stamps(),
            seen: HashSet::new(),
            summary: Summary::default(),
            current: None,
            progress,
            dirty: false,
        };
        for f in failures {
            run.fail(f);
        }
        let sizes: Vec<Option<std::fs::Metadata>> =
            files.iter().map(|f| std::fs::metadata(f).ok()).collect();
        let total: u64 = sizes.iter().flatten().map(|m| m.len()).sum();
        run.summary.files = files.len();
        run.summary.bytes = total;
        progress.start(files.len(), total);
        let known = run.stamps.clone();
        let (tx, rx) = sync_channel::<Msg>(4);
        std::thread::scope(|scope| -> Result<(), Error> {
            scope.spawn(move || read_all(&files, &sizes, &known, progress, tx));
            run.consume(rx, opts.commit_every)
        })?;
        if opts.prune {
            run.prune();
        }
        run.commit()?;
        self.compact(&mut run.writer, &segments_before)?;
        self.reload()?;
        Ok(run.summary)
    }

    /// Deletes documents by id and commits; returns the ids that were in the index. Their
    /// files lose their stamps, so that indexing those files again brings them back.
    pub fn remove_documents(&self, ids: &[String]) -> Result<Vec<String>, Error> {
        // The journal first: a write it replayed later would bring a removed document back.
        let mut writer = self.open_writer(32 << 20)?.into_inner();
        let catalog = self.catalog()?;
        let mut stamps = self.load_stamps();
        let mut removed = Vec::new();
        for id in ids {
            let id = id.trim().to_uppercase();
            if let Some(stored) = catalog.get(&id) {
                writer.delete_term(Term::from_field_text(self.fields.doc_id, &id));
                stamps.remove(&stored.file);
                removed.push(id);
            }
        }
        writer.commit()?;
        self.save_stamps(&stamps)?;
        self.reload()?;
        Ok(removed)
    }

    fn load_stamps(&self) -> HashMap<String, Stamp> {
        self.path
            .as_ref()
            .and_then(|p| std::fs::read(p.join(STAMPS_FILE)).ok())
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Writes the stamps of committed files next to the index, atomically (write, then rename).
    fn save_stamps(&self, stamps: &HashMap<String, Stamp>) -> Result<(), Error> {
        let Some(dir) = &self.path else {
            return Ok(());
        };
        let tmp = dir.join(format!("{STAMPS_FILE}.tmp"));
        let io = |source| Error::Io {
            path: tmp.clone(),
            source,
        };
        let bytes = serde_json::to_vec(stamps).map_err(|e| io(std::io::Error::other(e)))?;
        std::fs::write(&tmp, bytes).map_err(io)?;
        std::fs::rename(&tmp, dir.join(STAMPS_FILE)).map_err(io)
    }
}

/// The identity of a file across runs: its absolute path.
fn file_key(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// The reader thread: walks the files in order, skipping unchanged ones, and sends their
/// records in chunks; the bounded channel keeps it from running far ahead of the writer.
fn read_all(
    files: &[PathBuf],
    metas: &[Option<std::fs::Metadata>],
    known: &HashMap<String, Stamp>,
    progress: &dyn Progress,
    tx: std::sync::mpsc::SyncSender<Msg>,
) {
    for (path, meta) in files.iter().zip(metas) {
        let key = file_key(path);
        let stamp = meta.as_ref().map(stamp_of);
        let size = stamp.as_ref().map_or(0, |s| s.size);
        let unchanged = match (&stamp, known.get(&key)) {
            (Some(now), Some(then)) => now.size == then.size && now.mtime_ns == then.mtime_ns,
            _ => false,
        };
        if tx
            .send(Msg::File {
                key,
                stamp,
                unchanged,
            })
            .is_err()
        {
            return;
        }
        if unchanged {
            progress.advance(size);
            progress.file_done();
            continue;
        }
        let name = path.display().to_string();
        let read = source::read_file_chunked(path, &name, &|n| progress.advance(n), &mut |piece| {
            tx.send(Msg::Read(piece)).is_ok()
        });
        if !read {
            return;
        }
        progress.file_done();
    }
}

impl Run<'_> {
    fn consume(&mut self, rx: Receiver<Msg>, commit_every: Duration) -> Result<(), Error> {
        let mut last_commit = Instant::now();
        for msg in rx {
            match msg {
                Msg::File {
                    key,
                    stamp,
                    unchanged,
                } => {
                    self.finish_file();
                    if unchanged {
                        let (documents, failures) = self
                            .stamps
                            .get(&key)
                            .map(|s| (s.documents, s.failures.clone()))
                            .unwrap_or_default();
                        self.summary.files_unchanged += 1;
                        self.summary.unchanged += documents;
                        for (source_name, reason) in failures {
                            self.fail(Error::Parse {
                                source_name,
                                reason,
                            });
                        }
                    } else {
                        self.current = Some(Current {
                            key,
                            stamp,
                            ids: HashSet::new(),
                            failures: Vec::new(),
                            unreadable: false,
                        });
                    }
                }
                Msg::Read(Piece::Records(records)) => {
                    let parsed: Vec<_> = records.par_iter().map(source::parse_record).collect();
                    for p in source::each_document(parsed) {
                        match p {
                            Ok(p) => self.write(p)?,
                            Err(e) => self.fail(e),
                        }
                    }
                }
                Msg::Read(Piece::Failure(e)) => self.fail(e),
            }
            if last_commit.elapsed() >= commit_every {
                self.commit()?;
                last_commit = Instant::now();
            }
        }
        self.finish_file();
        Ok(())
    }

    fn fail(&mut self, e: Error) {
        if let Some(c) = &mut self.current {
            match &e {
                Error::Parse {
                    source_name,
                    reason,
                } => c.failures.push((source_name.clone(), reason.clone())),
                _ => c.unreadable = true,
            }
        }
        self.progress.failure(&e);
        self.summary.failures.push(e);
    }

    /// Decides what one parsed document means for the index, and writes it if it is new or changed.
    fn write(&mut self, p: source::Parsed) -> Result<(), Error> {
        if p.pages > 0 {
            self.progress.pages(p.pages);
        }
        for w in p.warnings {
            self.progress.warning(&w);
            self.summary.warnings.push(w);
        }
        if !p.gaps.is_empty() {
            self.summary.with_gaps += 1;
        }
        let Some(current) = &mut self.current else {
            return Ok(());
        };
        if let Err(e) = Index::admissible(&p.document, &current.key) {
            self.fail(e);
            return Ok(());
        }
        let id = p.document.doc_id.clone();
        current.ids.insert(id.clone());
        if !self.seen.insert(id.clone()) {
            self.summary.duplicates += 1;
            return Ok(());
        }
        match self.catalog.get(&id) {
            Some(old) if old.hash == p.hash => {
                if old.file == current.key {
                    self.summary.unchanged += 1;
                } else {
                    self.summary.duplicates += 1;
                }
                return Ok(());
            }
            // Another copy (another wrapping, another file) is already stored: keep it,
            // unless its file is gone, which makes this one its successor.
            Some(old) if old.file != current.key && Path::new(&old.file).exists() => {
                self.summary.duplicates += 1;
                return Ok(());
            }
            Some(_) => self.summary.updated += 1,
            None => self.summary.indexed += 1,
        }
        let replace = self.catalog.contains_key(&id);
        let written =
            self.index
                .write_document(&self.writer, &p.document, p.hash, &current.key, replace);
        if let Err(e) = written {
            return Err(unwritable(self.index, &mut self.writer, e));
        }
        self.dirty = true;
        self.summary.passages += p.document.passages.len();
        self.catalog.insert(
            id,
            Stored {
                hash: p.hash,
                file: current.key.clone(),
            },
        );
        Ok(())
    }

    /// Closes the current file: its documents that did not come back are gone from it, and
    /// unless something failed in it, it need not be read again while it stays the same.
    fn finish_file(&mut self) {
        let Some(c) = self.current.take() else {
            return;
        };
        for id in self.by_file.remove(&c.key).unwrap_or_default() {
            let still_here = self.catalog.get(&id).is_some_and(|s| s.file == c.key);
            if still_here && !c.ids.contains(&id) {
                self.delete(&id);
            }
        }
        match c.stamp {
            Some(mut stamp) if !c.unreadable => {
                stamp.documents = c.ids.len();
                stamp.failures = c.failures;
                self.stamps.insert(c.key, stamp);
            }
            _ => {
                self.stamps.remove(&c.key);
            }
        }
    }

    fn delete(&mut self, id: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.index.fields.doc_id, id));
        self.catalog.remove(id);
        self.summary.removed += 1;
        self.dirty = true;
    }

    /// Drops the documents whose file is gone (the bundled corpus has no file to check).
    fn prune(&mut self) {
        let gone: Vec<String> = self
            .catalog
            .iter()
            .filter(|(_, s)| !s.file.is_empty() && !Path::new(&s.file).exists())
            .map(|(id, _)| id.clone())
            .collect();
        for id in gone {
            self.delete(&id);
        }
        self.stamps.retain(|key, _| Path::new(key).exists());
    }

    /// Commits what was written, then records the stamps of the files finished before it:
    /// the stamps never claim more than the index holds.
    fn commit(&mut self) -> Result<(), Error> {
        if self.dirty {
            if let Err(e) = self.writer.commit() {
                return Err(unwritable(self.index, &mut self.writer, e.into()));
            }
            self.dirty = false;
        }
        let mut stamps = self.stamps.clone();
        if let Some(c) = &self.current {
            stamps.remove(&c.key);
        }
        self.index.save_stamps(&stamps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CABLE: &str = include_str!("../corpus/cables/09BAKU141.txt");

    #[test]
    fn journaled_writes_lost_before_their_commit_are_replayed_by_the_next_writer() {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = Index::open_or_create(dir.path()).expect("index");
        let mut writer = index.open_writer(32 << 20).expect("writer");
        let added = writer
            .write_bytes(&index, "request.txt", CABLE.as_bytes())
            .expect("write");
        assert_eq!(added.documents, ["09BAKU141"]);
        assert!(writer
            .journal("request.txt", CABLE.as_bytes())
            .expect("journal"));
        writer.sync_journal().expect("sync");
        // The writer goes away uncommitted, as in a crash.
        drop(writer);
        let index = Index::open(dir.path()).expect("reopen");
        assert_eq!(index.document_count().expect("count"), 0);

        let mut writer = index.open_writer(32 << 20).expect("writer");
        assert_eq!(index.document_count().expect("count"), 1, "replayed");
        // Committed, the journal is empty: a third writer adds nothing twice.
        writer.commit(&index).expect("commit");
        drop(writer);
        let _writer = index.open_writer(32 << 20).expect("writer");
        assert_eq!(index.document_count().expect("count"), 1);
        assert_eq!(
            index
                .document("09BAKU141")
                .expect("document")
                .passages
                .len(),
            {
                let fresh = Index::in_memory().expect("memory");
                fresh
                    .add_documents(&[crate::parse_text(CABLE, "09BAKU141.txt").expect("parse")])
                    .expect("add");
                fresh
                    .document("09BAKU141")
                    .expect("document")
                    .passages
                    .len()
            }
        );
    }
}
