//! Searching an index in a folder this process may not write to: a copy on read-only
//! media, another user's index, a container's read-only mount.
//!
//! tantivy takes a lock file before every read of its list of segments, so that a writer
//! in another process does not delete a segment being opened; a folder that cannot hold
//! that file cannot be searched at all. Here the read lock is granted without a file
//! (nothing this process does can delete a segment), and every write is refused with a
//! message that says why.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr, META_LOCK,
};
use tantivy::Directory;

/// An index folder opened for reading only.
#[derive(Debug, Clone)]
pub(crate) struct ReadOnly {
    inner: MmapDirectory,
    dir: PathBuf,
}

impl ReadOnly {
    pub fn open(dir: &Path) -> Result<ReadOnly, tantivy::TantivyError> {
        let inner = MmapDirectory::open(dir)?;
        Ok(ReadOnly {
            inner,
            dir: dir.to_path_buf(),
        })
    }

    fn refused(&self) -> io::Error {
        io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{} is read-only for this process", self.dir.display()),
        )
    }
}

/// Whether this process may create files in `dir`, tried with a file of its own (never
/// tantivy's lock files, which other processes may be holding).
pub(crate) fn writable(dir: &Path) -> bool {
    let probe = dir.join(format!(".tipsearch-probe-{}", std::process::id()));
    let made = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe);
    match made {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        Err(e) => !matches!(
            e.kind(),
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
        ),
    }
}

impl Directory for ReadOnly {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(self.refused()),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::wrap_io_error(
            self.refused(),
            path.to_path_buf(),
        ))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(self.refused())
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match lock.filepath == META_LOCK.filepath {
            true => Ok(DirectoryLock::from(Box::new(()))),
            false => Err(LockError::IoError(Arc::new(self.refused()))),
        }
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(callback)
    }
}
