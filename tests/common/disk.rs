//! A disk that fills up on demand: a tantivy directory over a real folder whose writes fail
//! with the operating system's "No space left on device" while `full` is set, to test what
//! a writer does when a commit fails, without a small filesystem to mount.

use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, FileHandle, MmapDirectory, TerminatingWrite, WatchCallback, WatchHandle,
    WritePtr,
};
use tantivy::Directory;

/// `ENOSPC`, as Linux reports a full disk.
fn no_space() -> io::Error {
    io::Error::from_raw_os_error(28)
}

/// A folder whose writes fail while `full` is set.
#[derive(Debug, Clone)]
pub struct FillingDisk {
    inner: MmapDirectory,
    pub full: Arc<AtomicBool>,
}

impl FillingDisk {
    pub fn open(dir: &Path) -> FillingDisk {
        FillingDisk {
            inner: MmapDirectory::open(dir).expect("an index folder"),
            full: Arc::new(AtomicBool::new(false)),
        }
    }

    fn check(&self) -> io::Result<()> {
        match self.full.load(Ordering::SeqCst) {
            true => Err(no_space()),
            false => Ok(()),
        }
    }
}

/// A file being written on a disk that may fill up.
struct Filling {
    inner: WritePtr,
    full: Arc<AtomicBool>,
}

impl Filling {
    fn check(&self) -> io::Result<()> {
        match self.full.load(Ordering::SeqCst) {
            true => Err(no_space()),
            false => Ok(()),
        }
    }
}

impl Write for Filling {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.check()?;
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.check()?;
        self.inner.flush()
    }
}

impl TerminatingWrite for Filling {
    fn terminate_ref(&mut self, token: AntiCallToken) -> io::Result<()> {
        self.check()?;
        self.inner.terminate_ref(token)
    }
}

impl Directory for FillingDisk {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.check()
            .map_err(|e| OpenWriteError::wrap_io_error(e, path.to_path_buf()))?;
        let inner = self.inner.open_write(path)?;
        let full = self.full.clone();
        Ok(io::BufWriter::new(Box::new(Filling { inner, full })))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.check()?;
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(callback)
    }
}
