//! The server's one writer thread, and what `/health` learns from it.
//!
//! Every `POST /documents` is handed to this thread, which holds the index's writer. What
//! it acknowledges is durable: journaled and synced before the answer, committed a moment
//! later. When a write, the journal or a commit fails (a full disk, the index folder
//! deleted), the writer is dropped, `/health` turns `degraded` with the reason, and writes
//! are refused with 503 until a new writer opens, which replays the journal: a failed
//! commit never empties it, so nothing acknowledged is lost.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use crate::index::WRITER_MEMORY;
use crate::ingest::{Added, Writer};
use crate::Index;

/// How long a write acknowledged from the journal waits, at most, for the commit that
/// makes it searchable: writes arriving meanwhile share that commit.
const COMMIT_AFTER: Duration = Duration::from_millis(250);

/// How often a stopped writer is tried again, so that writes resume (and `/health`
/// recovers) once the disk has room, without waiting for a write to ask.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// One `POST /documents` waiting for the writer.
pub(super) struct WriteJob {
    pub name: &'static str,
    pub body: axum::body::Bytes,
    /// Answer only once the documents are searchable, not as soon as they are durable.
    pub wait: bool,
    /// The documents, or why writes cannot be made durable now.
    pub reply: oneshot::Sender<Result<Added, String>>,
}

/// What the server knows of its index's health: shared by the writer thread, the
/// searches and `/health`.
#[derive(Debug, Default)]
pub(crate) struct Health {
    /// Why writes cannot be made durable, while they cannot.
    writes: Mutex<Option<String>>,
    /// Why the index cannot be read correctly, once a search found out.
    reads: Mutex<Option<String>>,
}

impl Health {
    /// What is wrong, if anything: reads first, as they are the worse.
    pub fn problem(&self) -> Option<String> {
        let reads = self.reads.lock().map(|p| p.clone()).unwrap_or_default();
        reads.or_else(|| self.write_problem())
    }

    /// Why writes are refused, if they are.
    pub fn write_problem(&self) -> Option<String> {
        self.writes.lock().map(|p| p.clone()).unwrap_or_default()
    }

    fn set_writes(&self, problem: Option<String>) {
        if let Ok(mut p) = self.writes.lock() {
            *p = problem;
        }
    }

    /// Records that the index could not be read (damaged files, a search that panicked).
    pub fn set_reads(&self, problem: String) {
        if let Ok(mut p) = self.reads.lock() {
            *p = Some(problem);
        }
    }
}

/// Opens the index's writer (replaying its journal) and starts the thread that owns it.
pub(super) fn start(
    index: Arc<Index>,
    health: Arc<Health>,
) -> Result<std::sync::mpsc::Sender<WriteJob>, crate::Error> {
    // A folder that cannot be written (read-only, full) is still served: reads go on,
    // writes are refused saying why, and tried again until they can be made.
    let (writer, due) = match index.open_writer(WRITER_MEMORY) {
        Ok(writer) => (Some(writer), None),
        Err(e @ crate::Error::Unwritable { .. }) => {
            eprintln!("tipsearch: writes are refused for now: {e}");
            health.set_writes(Some(e.to_string()));
            (None, Some(Instant::now() + RETRY_AFTER))
        }
        Err(e) => return Err(e),
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let writes = Writes {
        index,
        writer,
        health,
        due,
    };
    std::thread::spawn(move || writes.run(rx));
    Ok(tx)
}

/// The writer thread's state.
struct Writes {
    index: Arc<Index>,
    /// `None` after a failure, until a new one opens.
    writer: Option<Writer>,
    health: Arc<Health>,
    /// When the next commit (or the next try at a new writer) is due.
    due: Option<Instant>,
}

impl Writes {
    /// Takes every write waiting, writes them all, appends them to the journal and syncs
    /// it once, then answers; commits follow within [`COMMIT_AFTER`], or before the
    /// answer for a write that waits for one, or to an index in memory (no journal).
    fn run(mut self, jobs: Receiver<WriteJob>) {
        loop {
            let first = match self.due {
                None => jobs.recv().ok(),
                Some(at) => match jobs.recv_timeout(at.saturating_duration_since(Instant::now())) {
                    Ok(job) => Some(job),
                    Err(RecvTimeoutError::Timeout) => {
                        self.on_due();
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => None,
                },
            };
            let Some(first) = first else {
                self.commit();
                return;
            };
            let mut batch = vec![first];
            batch.extend(jobs.try_iter());
            let results = self.write(&batch);
            for (job, result) in batch.into_iter().zip(results) {
                // The client may be gone; its documents are written all the same.
                let _ = job.reply.send(result);
            }
        }
    }

    /// Writes a batch: each job's documents, or the reason none can be made durable.
    fn write(&mut self, batch: &[WriteJob]) -> Vec<Result<Added, String>> {
        if let Err(reason) = self.ready() {
            return batch.iter().map(|_| Err(reason.clone())).collect();
        }
        let mut results = Vec::with_capacity(batch.len());
        let mut journaled = true;
        for job in batch {
            match self.write_one(job) {
                Ok((added, in_journal)) => {
                    journaled &= in_journal;
                    results.push(Ok(added));
                }
                Err(reason) => return self.refuse_all(batch, reason),
            }
        }
        if let Err(reason) = self.sync() {
            return self.refuse_all(batch, reason);
        }
        if !journaled || batch.iter().any(|job| job.wait) {
            if let Err(reason) = self.try_commit() {
                return self.refuse_all(batch, reason);
            }
        } else {
            self.due = self.due.or(Some(Instant::now() + COMMIT_AFTER));
        }
        results
    }

    fn refuse_all(&mut self, batch: &[WriteJob], reason: String) -> Vec<Result<Added, String>> {
        let reason = self.stop(reason);
        batch.iter().map(|_| Err(reason.clone())).collect()
    }

    /// Writes one job and journals it; says whether it is in the journal.
    fn write_one(&mut self, job: &WriteJob) -> Result<(Added, bool), String> {
        let writer = self.writer.as_mut().ok_or("the writer has stopped")?;
        let added = writer
            .write_bytes(&self.index, job.name, &job.body)
            .map_err(|e| e.to_string())?;
        if added.documents.is_empty() {
            return Ok((added, true));
        }
        let journaled = writer
            .journal(job.name, &job.body)
            .map_err(|e| format!("the journal could not be written: {e}"))?;
        Ok((added, journaled))
    }

    fn sync(&mut self) -> Result<(), String> {
        match &mut self.writer {
            Some(w) => w
                .sync_journal()
                .map_err(|e| format!("the journal could not be synced: {e}")),
            None => Err("the writer has stopped".into()),
        }
    }

    fn try_commit(&mut self) -> Result<(), String> {
        self.due = None;
        match &mut self.writer {
            Some(w) => w.commit(&self.index).map_err(|e| e.to_string()),
            None => Ok(()),
        }
    }

    /// A writer that can make writes durable: the index folder must still be there, and
    /// a writer that failed is replaced by a new one (which replays the journal).
    fn ready(&mut self) -> Result<(), String> {
        if let Some(dir) = self.index.path() {
            if !dir.join("meta.json").exists() {
                return Err(self.stop(format!(
                    "the index folder {} is gone or no longer holds an index",
                    dir.display()
                )));
            }
        }
        if self.writer.is_none() {
            match self.index.open_writer(WRITER_MEMORY) {
                Ok(w) => self.writer = Some(w),
                Err(e) => return Err(self.stop(e.to_string())),
            }
        }
        self.health.set_writes(None);
        Ok(())
    }

    /// Drops the writer (its uncommitted writes are in the journal), says why in
    /// `/health`, and tries again later.
    fn stop(&mut self, reason: String) -> String {
        if self.writer.take().is_some() {
            eprintln!(
                "tipsearch: writes stopped, the journal keeps what was acknowledged: {reason}"
            );
        }
        self.health.set_writes(Some(reason.clone()));
        self.due = Some(Instant::now() + RETRY_AFTER);
        reason
    }

    /// The commit that follows journaled writes, or another try at a writer.
    fn on_due(&mut self) {
        if self.writer.is_none() {
            if self.ready().is_err() {
                return;
            }
            self.due = None;
            return;
        }
        self.commit();
    }

    fn commit(&mut self) {
        if let Err(reason) = self.try_commit() {
            self.stop(reason);
        }
    }
}
