//! The write-ahead journal of a long-lived writer (the server's): each write's raw bytes
//! are appended and synced before the write is acknowledged, and the journal is emptied by
//! the commit that makes those writes part of the index.
//!
//! A tantivy commit writes and syncs a whole segment, tens of milliseconds; appending a
//! record and syncing one file costs a few. So a write can be acknowledged as durable at
//! once and committed (made searchable) a moment later, together with the writes around
//! it. After a crash the writer that opens the index next replays what the journal holds:
//! writes replace documents by id, so replaying one that did reach the index is harmless.
//!
//! A record is `name length (u32 LE) · body length (u32 LE) · CRC-32 of name and body ·
//! name · body`. A record cut short by a crash, which was never acknowledged, ends the
//! journal and is dropped.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::Error;

/// The journal's file name inside the index folder.
const FILE_NAME: &str = "tipsearch-journal";

/// Bytes before a record's name.
const HEAD: usize = 12;

/// Longest name a record may carry: names are layout hints such as `request.jsonl`.
const MAX_NAME: usize = 1024;

/// One journaled write: the name that hints at its layout, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub name: String,
    pub body: Vec<u8>,
}

/// An open journal, positioned at its end.
pub(crate) struct Journal {
    file: File,
    path: PathBuf,
    /// Whether bytes were appended since the last sync.
    unsynced: bool,
    /// Bytes the journal holds.
    len: u64,
}

impl Journal {
    /// Opens (or creates) the journal of the index in `dir`, returning the complete records
    /// it already holds; a torn last record is cut off.
    pub fn open(dir: &Path) -> Result<(Journal, Vec<Entry>), Error> {
        let path = dir.join(FILE_NAME);
        let io = |source| Error::Io {
            path: path.clone(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(io)?;
        let (entries, valid) = decode(&bytes);
        if valid < bytes.len() {
            file.set_len(valid as u64).map_err(io)?;
            file.sync_data().map_err(io)?;
        }
        file.seek(SeekFrom::Start(valid as u64)).map_err(io)?;
        let journal = Journal {
            file,
            path,
            unsynced: false,
            len: valid as u64,
        };
        Ok((journal, entries))
    }

    fn io(&self, source: std::io::Error) -> Error {
        Error::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// Appends one write; it is durable only after [`Journal::sync`].
    pub fn append(&mut self, name: &str, body: &[u8]) -> Result<(), Error> {
        let name = &name.as_bytes()[..name.len().min(MAX_NAME)];
        let (Ok(name_len), Ok(body_len)) = (u32::try_from(name.len()), u32::try_from(body.len()))
        else {
            return Err(self.io(std::io::Error::other("a write of 4 GiB or more")));
        };
        let mut crc = crc32fast::Hasher::new();
        crc.update(name);
        crc.update(body);
        let mut record = Vec::with_capacity(HEAD + name.len() + body.len());
        record.extend_from_slice(&name_len.to_le_bytes());
        record.extend_from_slice(&body_len.to_le_bytes());
        record.extend_from_slice(&crc.finalize().to_le_bytes());
        record.extend_from_slice(name);
        record.extend_from_slice(body);
        self.file.write_all(&record).map_err(|e| self.io(e))?;
        self.unsynced = true;
        self.len += record.len() as u64;
        Ok(())
    }

    /// Makes every appended write durable.
    pub fn sync(&mut self) -> Result<(), Error> {
        if self.unsynced {
            self.file.sync_data().map_err(|e| self.io(e))?;
            self.unsynced = false;
        }
        Ok(())
    }

    /// Empties the journal, once a commit holds everything in it.
    pub fn clear(&mut self) -> Result<(), Error> {
        if self.len > 0 {
            self.file.set_len(0).map_err(|e| self.io(e))?;
            self.file.seek(SeekFrom::Start(0)).map_err(|e| self.io(e))?;
            self.file.sync_data().map_err(|e| self.io(e))?;
            self.len = 0;
            self.unsynced = false;
        }
        Ok(())
    }
}

/// The complete records at the start of `bytes`, and how many bytes they take.
fn decode(bytes: &[u8]) -> (Vec<Entry>, usize) {
    let mut entries = Vec::new();
    let mut at = 0;
    while let Some(head) = bytes.get(at..at + HEAD) {
        let word = |k: usize| u32::from_le_bytes([head[k], head[k + 1], head[k + 2], head[k + 3]]);
        let (name_len, body_len, crc) = (word(0) as usize, word(4) as usize, word(8));
        if name_len > MAX_NAME {
            break;
        }
        let start = at + HEAD;
        let Some(end) = start.checked_add(name_len + body_len) else {
            break;
        };
        let Some(payload) = bytes.get(start..end) else {
            break;
        };
        if crc32fast::hash(payload) != crc {
            break;
        }
        let (name, body) = payload.split_at(name_len);
        entries.push(Entry {
            name: String::from_utf8_lossy(name).into_owned(),
            body: body.to_vec(),
        });
        at = end;
    }
    (entries, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_survive_reopening_and_a_torn_tail_is_dropped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut j, found) = Journal::open(dir.path()).expect("open");
        assert!(found.is_empty());
        j.append("request.txt", b"first").expect("append");
        j.append("request.jsonl", b"{\"text\": \"second\"}\n")
            .expect("append");
        j.sync().expect("sync");
        drop(j);
        // A crash in the middle of a third append.
        let path = dir.path().join(FILE_NAME);
        let mut file = OpenOptions::new().append(true).open(&path).expect("open");
        file.write_all(&[11, 0, 0, 0, 200, 0, 0, 0, 1, 2])
            .expect("write");
        drop(file);

        let (mut j, found) = Journal::open(dir.path()).expect("reopen");
        let names: Vec<&str> = found.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["request.txt", "request.jsonl"]);
        assert_eq!(found[0].body, b"first");
        j.append("request.txt", b"third").expect("append");
        j.sync().expect("sync");
        drop(j);
        let (mut j, found) = Journal::open(dir.path()).expect("reopen");
        assert_eq!(
            found.len(),
            3,
            "the torn record was cut off, not kept in the way"
        );
        assert_eq!(found[2].body, b"third");

        j.clear().expect("clear");
        drop(j);
        let (_, found) = Journal::open(dir.path()).expect("reopen");
        assert!(found.is_empty());
    }

    #[test]
    fn a_damaged_record_ends_the_journal() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut j, _) = Journal::open(dir.path()).expect("open");
        j.append("a", b"one").expect("append");
        j.append("b", b"two").expect("append");
        j.sync().expect("sync");
        drop(j);
        let path = dir.path().join(FILE_NAME);
        let mut bytes = std::fs::read(&path).expect("read");
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&path, &bytes).expect("write");
        let (_, found) = Journal::open(dir.path()).expect("reopen");
        assert_eq!(found.len(), 1);
    }
}
