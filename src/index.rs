//! The tantivy index: schema, creation, opening and writing documents as passages.
//!
//! [`Index`] is one type whose methods are split by concept, each beside the code it
//! uses, as tantivy splits its `Searcher`: here what makes and opens an index; in
//! `ingest.rs` writing batches (`index_paths`, `remove_documents`, `open_writer`); in
//! `search/mod.rs` searching (`search`, `count`, `facets`), in `search/request.rs` a whole
//! request (`answer`), in `search/lookup.rs` lookups by id (`document`, `references`); in
//! `stats.rs` counts (`stats`, `document_count`); in `guard.rs` the guard every read runs
//! under (`reading`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tantivy::directory::error::LockError;
use tantivy::index::SegmentId;
use tantivy::indexer::{IndexWriterOptions, LogMergePolicy};
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::{DateTime, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::acronyms;
use crate::analyzer::{self, ANALYZER};
use crate::error::Error;
use crate::generation::{PerGeneration, PerSegment};
use crate::model::Document;
use crate::quantities;
use crate::read_only;
use crate::search::collect::Names;

/// Bumped whenever the schema or the analyzer changes meaning; an index of another version
/// must be rebuilt.
pub const SCHEMA_VERSION: u32 = 7;
const VERSION_FILE: &str = "tipsearch-version";
/// Longest document id the index takes: ids are short (`09BAKU141`, `TIP-2009-AZERBAIJAN`),
/// and one that is not would be a mistake in the input, which every lookup would pay for.
pub const MAX_ID_BYTES: usize = 256;
/// Segments larger than this are not merged again (see [`Index::writer`]): at 20 times the
/// dev corpus, runs stay under 400 MB and searches see about 20 segments.
const MERGE_MAX_PASSAGES: usize = 100_000;

/// Handles to every field, resolved once.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields {
    pub text: Field,
    pub title: Field,
    pub about: Field,
    pub section: Field,
    pub aka: Field,
    pub defines: Field,
    pub section_display: Field,
    pub doc_id: Field,
    pub alias: Field,
    pub kind: Field,
    pub date: Field,
    pub origin: Field,
    pub origin_display: Field,
    pub classification: Field,
    pub tags: Field,
    pub country: Field,
    pub country_display: Field,
    pub tier: Field,
    pub tier_display: Field,
    pub paragraph: Field,
    pub marking: Field,
    pub source: Field,
    pub file: Field,
    pub hash: Field,
    pub references: Field,
    pub ordinal: Field,
    pub numbers: Field,
    pub units: Field,
}

fn analysed(stored: bool, positions: bool) -> TextOptions {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::WithFreqs
    };
    let opts = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(record),
    );
    if stored {
        opts.set_stored()
    } else {
        opts
    }
}

/// The schema: one tantivy document per passage, carrying its document's fields.
pub(crate) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let f = Fields {
        text: b.add_text_field("text", analysed(true, true)),
        title: b.add_text_field("title", analysed(true, true)),
        // The country the document is about, as words, on every passage: a cable from San
        // José seldom names Costa Rica in the paragraph that answers, nor always in its
        // subject. Apart from the title so that `subject:` still searches the subject alone.
        about: b.add_text_field("about", analysed(false, true)),
        section: b.add_text_field("section", analysed(false, true)),
        // What the acronyms a passage uses stand for, and the acronyms of the long forms
        // it spells out, as its own document defines them: a query's words and the text's
        // often differ by exactly that.
        aka: b.add_text_field("aka", analysed(false, true)),
        // The acronyms a document defines, on its first passage, both ways: `l:european
        // union=eu` and `s:eu=european union`. The term dictionary is then the corpus's own
        // table of acronyms, with how many documents define each (see `search::expand`).
        defines: b.add_text_field("defines", STRING),
        section_display: b.add_text_field("section_display", STORED),
        doc_id: b.add_text_field(fast::DOC_ID, STRING | STORED | FAST),
        // The other ids a document was published under (see `Document::aliases`), upper
        // case as ids are: `id:` filters and lookups by id match them too.
        alias: b.add_text_field("alias", STRING | STORED),
        kind: b.add_text_field(fast::KIND, STRING | STORED | FAST),
        date: b.add_date_field(
            fast::DATE,
            DateOptions::default()
                .set_indexed()
                .set_stored()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        ),
        origin: b.add_text_field("origin", analysed(false, true)),
        origin_display: b.add_text_field(fast::ORIGIN, STORED | FAST),
        classification: b.add_text_field(fast::CLASSIFICATION, STRING | STORED | FAST),
        tags: b.add_text_field(fast::TAGS, STRING | STORED | FAST),
        country: b.add_text_field("country", STRING),
        country_display: b.add_text_field("country_display", STORED),
        tier: b.add_text_field("tier", STRING),
        tier_display: b.add_text_field("tier_display", STORED),
        paragraph: b.add_text_field("paragraph", STRING | STORED),
        marking: b.add_text_field("marking", STRING | STORED),
        source: b.add_text_field("source", STORED),
        // The file on disk a document came from (an archive for its members): what
        // incremental runs and `--prune` compare with the file system.
        file: b.add_text_field(fast::FILE, STRING | FAST),
        hash: b.add_u64_field(fast::HASH, FAST),
        references: b.add_text_field("references", STRING | STORED),
        ordinal: b.add_u64_field(
            fast::ORDINAL,
            NumericOptions::default().set_stored().set_fast(),
        ),
        // How many numbers a passage writes: a question of how many, how much or how long
        // is answered by a passage that gives one.
        numbers: b.add_u64_field(fast::NUMBERS, FAST),
        // The kinds of quantity a passage writes (a sum of money, a percentage): a
        // question of a cost or a rate is answered by a passage that writes one.
        units: b.add_u64_field(fast::UNITS, FAST),
    };
    (b.build(), f)
}

/// The fast fields' names, for the columns read outside the schema: the schema and every
/// reader use these, so that a rename cannot leave a reader behind.
pub(crate) mod fast {
    /// The `doc_id` column.
    pub const DOC_ID: &str = "doc_id";
    /// The `kind` column.
    pub const KIND: &str = "kind";
    /// The `date` column.
    pub const DATE: &str = "date";
    /// The `origin_display` column.
    pub const ORIGIN: &str = "origin_display";
    /// The `classification` column.
    pub const CLASSIFICATION: &str = "classification";
    /// The `tags` column.
    pub const TAGS: &str = "tags";
    /// The `file` column.
    pub const FILE: &str = "file";
    /// The `hash` column.
    pub const HASH: &str = "hash";
    /// The `ordinal` column.
    pub const ORDINAL: &str = "ordinal";
    /// The `numbers` column.
    pub const NUMBERS: &str = "numbers";
    /// The `units` column.
    pub const UNITS: &str = "units";
}

/// The index writer's memory when nobody says otherwise (the server's writes, a library
/// caller's `add_documents`, `tipsearch index` without `--memory`).
pub const WRITER_MEMORY: usize = 64 << 20;

/// A document's aliases as the index keeps them: upper case, as `id:` values and lookups
/// are, each once, and never its own id (which would match twice for nothing).
fn aliases_of(doc: &Document) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in &doc.aliases {
        let a = a.trim().to_uppercase();
        if !a.is_empty() && a != doc.doc_id && !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

/// Lower-cases a value for the exact-match fields users filter on case-blind.
pub(crate) fn exact(value: &str) -> String {
    value.trim().to_lowercase()
}

/// An open index: the tantivy index, its fields, and one reader shared by every search.
pub struct Index {
    pub(crate) inner: tantivy::Index,
    pub(crate) fields: Fields,
    pub(crate) path: Option<PathBuf>,
    /// Opened at the first search, not before: a batch run never needs one, and an open
    /// reader follows every commit, holding each new segment in memory.
    reader: OnceLock<IndexReader>,
    /// The documents a generation of the reader holds, counted once for it: ranking needs
    /// the count in every search, and counting reads every passage.
    pub(crate) documents_seen: PerGeneration<u64>,
    /// Each segment's document ids by their ordinal in its `doc_id` column: ranking turns
    /// the passages it finds into their documents' ids in every search, and reading one id
    /// from the column's dictionary decodes a block of it. Kept per segment, so that a
    /// commit reads only its new segments' ids.
    pub(crate) document_ids: PerSegment<Vec<String>>,
}

impl Index {
    fn wrap(inner: tantivy::Index, path: Option<PathBuf>) -> Result<Index, Error> {
        inner
            .tokenizers()
            .register(ANALYZER, analyzer::text_analyzer());
        let (_, fields) = schema();
        Ok(Index {
            inner,
            fields,
            path,
            reader: OnceLock::new(),
            documents_seen: PerGeneration::default(),
            document_ids: PerSegment::default(),
        })
    }

    /// The segments committed so far.
    pub(crate) fn segment_ids(&self) -> Result<HashSet<SegmentId>, Error> {
        Ok(self.inner.searchable_segment_ids()?.into_iter().collect())
    }

    /// Merges the segments committed since `before` into as few as
    /// [`MERGE_MAX_PASSAGES`] allows, and waits for the merges.
    ///
    /// Each indexing thread writes its own segments, and a search pays for every segment
    /// (a term lookup and a scorer per term in each): one segment instead of three makes
    /// a search on the dev corpus about a fifth faster. Only a run's own segments are
    /// merged, so the cost is that of writing the run's documents once more, whatever the
    /// size of the index; older segments are left to the merge policy.
    pub(crate) fn compact(
        &self,
        writer: &mut IndexWriter,
        before: &HashSet<SegmentId>,
    ) -> Result<(), Error> {
        let mut new: Vec<(SegmentId, u32)> = self
            .inner
            .searchable_segment_metas()?
            .into_iter()
            .filter(|m| !before.contains(&m.id()) && (m.num_docs() as usize) < MERGE_MAX_PASSAGES)
            .map(|m| (m.id(), m.num_docs()))
            .collect();
        new.sort_by_key(|&(_, docs)| docs);
        let mut groups: Vec<Vec<SegmentId>> = Vec::new();
        let mut size = usize::MAX;
        for (id, docs) in new {
            if size.saturating_add(docs as usize) > MERGE_MAX_PASSAGES {
                groups.push(Vec::new());
                size = 0;
            }
            size += docs as usize;
            if let Some(group) = groups.last_mut() {
                group.push(id);
            }
        }
        for group in groups.into_iter().filter(|g| g.len() > 1) {
            match writer.merge(&group).wait() {
                // The merge policy took some of these segments into a merge of its own in
                // the meantime: they are being compacted already.
                Err(tantivy::TantivyError::InvalidArgument(_)) => continue,
                merged => merged?,
            };
        }
        Ok(())
    }

    /// Builds an index in memory (the bundled corpus, tests).
    pub fn in_memory() -> Result<Index, Error> {
        Index::wrap(tantivy::Index::create_in_ram(schema().0), None)
    }

    /// Opens the index at `dir`, checking that this build can read it.
    pub fn open(dir: &Path) -> Result<Index, Error> {
        check_version(dir)?;
        require_meta(dir)?;
        let damaged = |e: tantivy::TantivyError| Error::Damaged {
            path: dir.to_path_buf(),
            problem: e.to_string(),
        };
        let inner = match read_only::writable(dir) {
            true => tantivy::Index::open_in_dir(dir).map_err(damaged)?,
            false => Index::open_read_only(dir)?,
        };
        Index::wrap(inner, Some(dir.to_path_buf()))
    }

    /// The tantivy index in `dir` for reading only: no lock file is made, and every write
    /// is refused saying the folder is read-only.
    fn open_read_only(dir: &Path) -> Result<tantivy::Index, Error> {
        let directory = read_only::ReadOnly::open(dir)?;
        tantivy::Index::open(directory).map_err(|e| Error::Damaged {
            path: dir.to_path_buf(),
            problem: e.to_string(),
        })
    }

    /// Opens the index at `dir` through `directory`, a tantivy directory over that folder:
    /// how a test puts a disk that fails on demand under a real index (the journal stays a
    /// plain file in `dir`).
    pub fn open_in_directory(
        dir: &Path,
        directory: Box<dyn tantivy::Directory>,
    ) -> Result<Index, Error> {
        check_version(dir)?;
        Index::wrap(tantivy::Index::open(directory)?, Some(dir.to_path_buf()))
    }

    /// Opens the index at `dir`, creating it (and the folder) when there is none. A folder
    /// that holds files but no index is refused, never replaced: creating an index there
    /// would delete what it holds.
    pub fn open_or_create(dir: &Path) -> Result<Index, Error> {
        let io = |path: PathBuf| move |source| Error::Io { path, source };
        if dir.join(VERSION_FILE).exists() && dir.join("meta.json").exists() {
            return Index::open(dir);
        }
        std::fs::create_dir_all(dir).map_err(io(dir.to_path_buf()))?;
        let inner = if dir.join("meta.json").exists() {
            // A crash between creating the index and recording its version.
            tantivy::Index::open_in_dir(dir)?
        } else {
            refuse_occupied(dir)?;
            tantivy::Index::create_in_dir(dir, schema().0)?
        };
        let version = dir.join(VERSION_FILE);
        std::fs::write(&version, SCHEMA_VERSION.to_string()).map_err(io(version))?;
        Index::wrap(inner, Some(dir.to_path_buf()))
    }

    /// Deletes the index at `dir`, refusing folders that are not tipsearch indexes.
    pub fn remove(dir: &Path) -> Result<(), Error> {
        if !dir.exists() {
            return Ok(());
        }
        if !dir.join(VERSION_FILE).exists() {
            return Err(Error::NotAnIndex {
                path: dir.to_path_buf(),
                reason: "not a tipsearch index; not deleting it".into(),
            });
        }
        std::fs::remove_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })
    }

    /// A searcher over the last commit. The shared reader is reloaded by hand after our own
    /// commits, and by tantivy on other processes' commits.
    pub(crate) fn searcher(&self) -> Result<Searcher, Error> {
        if let Some(r) = self.reader.get() {
            return Ok(r.searcher());
        }
        let reader = self
            .inner
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(self.reader.get_or_init(|| reader).searcher())
    }

    /// Makes our own commit visible to the next search at once.
    pub(crate) fn reload(&self) -> Result<(), Error> {
        if let Some(r) = self.reader.get() {
            r.reload()?;
        }
        Ok(())
    }

    /// How messages name this index: its folder, or `in memory`.
    pub(crate) fn label(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(|| "in memory".to_string(), |p| p.display().to_string())
    }

    /// The folder the index lives in (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// A writer within `memory_bytes`, with as many indexing threads as that budget allows;
    /// tantivy's lock file keeps a second writer out.
    ///
    /// A merge maps every segment it reads, so the memory of a run grows with the largest
    /// merge: one merge thread, and segments of more than [`MERGE_MAX_PASSAGES`] passages
    /// are left as they are, which keeps a run's memory flat however large the index.
    pub(crate) fn writer(&self, memory_bytes: usize) -> Result<IndexWriter, Error> {
        const PER_THREAD_MIN: usize = 20 << 20;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = cores.min(4).min(memory_bytes / PER_THREAD_MIN).max(1);
        let options = IndexWriterOptions::builder()
            .memory_budget_per_thread((memory_bytes / threads).max(PER_THREAD_MIN))
            .num_worker_threads(threads)
            .num_merge_threads(1)
            .build();
        let mut merges = LogMergePolicy::default();
        merges.set_max_docs_before_merge(MERGE_MAX_PASSAGES);
        let writer: IndexWriter = self
            .inner
            .writer_with_options(options)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(LockError::IoError(io), _) => {
                    Error::Unwritable {
                        path: self.label(),
                        reason: io.to_string(),
                    }
                }
                tantivy::TantivyError::LockFailure(..) => Error::Locked(self.label()),
                e => Error::Tantivy(e),
            })?;
        writer.set_merge_policy(Box::new(merges));
        Ok(writer)
    }

    /// Adds (or replaces) whole documents and commits them: for callers that already hold
    /// parsed documents (tests, the bundled corpus).
    pub fn add_documents(&self, docs: &[Document]) -> Result<(), Error> {
        // Through open_writer: a crashed server's journaled writes go in first, not after.
        let mut writer = self.open_writer(WRITER_MEMORY)?.into_inner();
        for doc in docs {
            self.write_document(&writer, doc, 0, "", true)?;
        }
        writer.commit()?;
        self.reload()
    }

    /// Refuses a document the index would not take, before anything of it is written.
    pub(crate) fn admissible(doc: &Document, source_name: &str) -> Result<(), Error> {
        let ids = std::iter::once(&doc.doc_id).chain(&doc.aliases);
        match ids
            .map(|id| (id, id.len()))
            .find(|(_, n)| *n > MAX_ID_BYTES)
        {
            Some((id, n)) => Err(Error::Parse {
                source_name: source_name.to_string(),
                reason: format!(
                    "{}...: the id is {n} bytes long, longer than the {MAX_ID_BYTES} an id may be",
                    id.chars().take(40).collect::<String>()
                ),
            }),
            None => Ok(()),
        }
    }

    /// Queues one document's passages, replacing (with `replace`) any passages it had before;
    /// `hash` and `file` are what later runs compare with to skip unchanged input.
    pub(crate) fn write_document(
        &self,
        writer: &IndexWriter,
        doc: &Document,
        hash: u64,
        file: &str,
        replace: bool,
    ) -> Result<(), Error> {
        let f = &self.fields;
        if replace {
            writer.delete_term(Term::from_field_text(f.doc_id, &doc.doc_id));
        }
        // The document's own values once, not once per passage.
        let date = doc
            .date
            .map(|d| DateTime::from_timestamp_secs(d.unix_timestamp()));
        let classification = doc.classification.as_deref().map(str::to_uppercase);
        let tags: Vec<String> = doc.tags.iter().map(|t| t.to_uppercase()).collect();
        let country = doc.country.as_deref().map(|c| (exact(c), c));
        let tier = doc.tier.as_deref().map(|t| (exact(t), t));
        let defined = acronyms::defined_in(doc);
        let aliases = aliases_of(doc);
        for (i, p) in doc.passages.iter().enumerate() {
            let mut d = TantivyDocument::default();
            d.add_text(f.text, &p.text);
            if i == 0 {
                for def in &defined {
                    let (short, long) = (acronyms::key(&def.short), acronyms::key(&def.long));
                    d.add_text(f.defines, format!("l:{long}={short}"));
                    d.add_text(f.defines, format!("s:{short}={long}"));
                }
            }
            let aka = acronyms::aka(&defined, &p.text);
            if !aka.is_empty() {
                d.add_text(f.aka, &aka);
            }
            d.add_text(f.title, &doc.title);
            if let Some(s) = &p.section {
                d.add_text(f.section, s);
                d.add_text(f.section_display, s);
            }
            d.add_text(f.doc_id, &doc.doc_id);
            for a in &aliases {
                d.add_text(f.alias, a);
            }
            d.add_text(f.kind, doc.kind.as_str());
            if let Some(date) = date {
                d.add_date(f.date, date);
            }
            if let Some(o) = &doc.origin {
                d.add_text(f.origin, o);
                d.add_text(f.origin_display, o);
            }
            if let Some(c) = &classification {
                d.add_text(f.classification, c);
            }
            for t in &tags {
                d.add_text(f.tags, t);
            }
            if let Some((key, c)) = &country {
                d.add_text(f.about, c);
                d.add_text(f.country, key);
                d.add_text(f.country_display, c);
            }
            if let Some((key, t)) = &tier {
                d.add_text(f.tier, key);
                d.add_text(f.tier_display, t);
            }
            if let Some(n) = &p.number {
                d.add_text(f.paragraph, n);
            }
            if let Some(m) = &p.marking {
                d.add_text(f.marking, m);
            }
            d.add_text(f.source, &doc.source);
            d.add_text(f.file, file);
            d.add_u64(f.hash, hash);
            for r in &doc.references {
                d.add_text(f.references, r);
            }
            d.add_u64(f.ordinal, i as u64);
            d.add_u64(f.numbers, quantities::numbers_in(&p.text));
            d.add_u64(f.units, quantities::units_in(&p.text));
            writer.add_document(d)?;
        }
        Ok(())
    }

    /// Every document in the index with the hash and file it was written with, read from
    /// fast fields (one passage per document), so an incremental run knows what it has.
    pub(crate) fn catalog(&self) -> Result<HashMap<String, Stored>, Error> {
        // A reader of its own, dropped after: the shared one would follow the run's commits.
        let reader = self
            .inner
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        let mut out = HashMap::new();
        for segment in searcher.segment_readers() {
            let ff = segment.fast_fields();
            let (Some(ids), Some(files)) = (ff.str(fast::DOC_ID)?, ff.str(fast::FILE)?) else {
                continue;
            };
            let hashes = ff.u64("hash")?;
            let ordinals = ff.u64(fast::ORDINAL)?;
            // Ordinals first, strings after in one pass over each dictionary: reading a
            // string alone decodes a block of the dictionary.
            let mut firsts = Vec::new();
            for doc in segment.doc_ids_alive() {
                if ordinals.first(doc) != Some(0) {
                    continue;
                }
                if let (Some(i), Some(f)) = (ids.term_ords(doc).next(), files.term_ords(doc).next())
                {
                    firsts.push((i, f, hashes.first(doc).unwrap_or(0)));
                }
            }
            let id_of = Names::read(Some(&ids), firsts.iter().map(|d| d.0));
            let file_of = Names::read(Some(&files), firsts.iter().map(|d| d.1));
            for &(i, f, hash) in &firsts {
                let (Some(id), Some(file)) = (id_of.get(i), file_of.get(f)) else {
                    continue;
                };
                let file = file.to_string();
                out.insert(id.to_string(), Stored { hash, file });
            }
        }
        Ok(out)
    }
}

/// Checks that the index in `dir` was written by this schema version.
fn check_version(dir: &Path) -> Result<(), Error> {
    let version = std::fs::read_to_string(dir.join(VERSION_FILE)).map_err(|_| Error::NoIndex {
        path: dir.to_path_buf(),
    })?;
    if version.trim() != SCHEMA_VERSION.to_string() {
        return Err(Error::SchemaVersion {
            path: dir.to_path_buf(),
            found: version.trim().to_string(),
            expected: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// A tipsearch index without tantivy's list of segments cannot be read, and must not be
/// taken for an empty one.
fn require_meta(dir: &Path) -> Result<(), Error> {
    if dir.join("meta.json").exists() {
        return Ok(());
    }
    Err(Error::Damaged {
        path: dir.to_path_buf(),
        problem: "meta.json, the list of its segments, is missing".into(),
    })
}

/// Refuses to create an index in a folder that already holds files (tantivy's lock files
/// aside, which a crash during creation can leave).
fn refuse_occupied(dir: &Path) -> Result<(), Error> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let others = entries
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with(".tantivy-"))
        .count();
    match others {
        0 => Ok(()),
        _ if dir.join(VERSION_FILE).exists() => require_meta(dir),
        n => Err(Error::NotAnIndex {
            path: dir.to_path_buf(),
            reason: format!("holds {n} files but no tipsearch index; give an empty or new folder"),
        }),
    }
}

/// What the index holds of one document, for deciding whether new input changes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stored {
    /// Hash of the input it was parsed from.
    pub hash: u64,
    /// The file on disk it came from.
    pub file: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_only_folder_is_searched_without_a_lock_and_refuses_writes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = Index::open_or_create(dir.path()).expect("index");
        let (name, text) = crate::bundled::DOCUMENTS[0];
        let mut writer = index.open_writer(32 << 20).expect("writer");
        writer
            .add_bytes(&index, name, text.as_bytes())
            .expect("written");
        drop((writer, index));
        let lock = dir.path().join(".tantivy-meta.lock");
        let _ = std::fs::remove_file(&lock);
        let inner = Index::open_read_only(dir.path()).expect("opens read-only");
        let index = Index::wrap(inner, Some(dir.path().to_path_buf())).expect("wrapped");
        assert_eq!(index.document_count().expect("reads"), 1);
        assert!(!lock.exists(), "a read takes no lock file");
        let refused = index.open_writer(32 << 20).err().expect("no writer");
        assert!(refused.to_string().contains("read-only"), "{refused}");
    }

    #[test]
    fn a_folder_without_meta_json_is_refused_not_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = Index::open_or_create(dir.path()).expect("index");
        let (name, text) = crate::bundled::DOCUMENTS[0];
        index
            .open_writer(32 << 20)
            .and_then(|mut w| w.add_bytes(&index, name, text.as_bytes()))
            .expect("written");
        drop(index);
        std::fs::remove_file(dir.path().join("meta.json")).expect("meta.json removed");
        let files = std::fs::read_dir(dir.path()).expect("folder").count();
        for refused in [Index::open_or_create(dir.path()), Index::open(dir.path())] {
            let message = refused.err().expect("refused").to_string();
            assert!(
                message.contains("meta.json") && message.contains("--rebuild"),
                "{message}"
            );
        }
        let left = std::fs::read_dir(dir.path()).expect("folder").count();
        assert_eq!(files, left, "no segment file was deleted");
    }

    #[test]
    fn an_index_from_before_aliases_is_refused_with_the_rebuild_command() {
        // Version 3 had no alias field: its documents could not be found by their aliases,
        // and this build's field handles would not fit its schema.
        let dir = tempfile::tempdir().expect("tempdir");
        drop(Index::open_or_create(dir.path()).expect("index"));
        std::fs::write(dir.path().join(VERSION_FILE), "3").expect("version written");
        let refused = Index::open(dir.path()).err().expect("refused");
        assert!(matches!(&refused, Error::SchemaVersion { found, .. } if found == "3"));
        assert!(refused.to_string().contains("--rebuild"), "{refused}");
    }
}
