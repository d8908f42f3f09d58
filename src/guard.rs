//! Reading a damaged index is an error that names the index and the way out, never a crash.
//!
//! tantivy trusts the files it wrote: a term dictionary with a few flipped bytes can make it
//! panic deep in a search (out-of-range slices in the FST), where a `Result` never reaches.
//! Every read of the index goes through [`reading`], which turns both a panic and tantivy's
//! corruption errors into [`Error::Damaged`].

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use tantivy::TantivyError;

use crate::error::Error;
use crate::index::Index;

thread_local! {
    /// How many guarded reads this thread is inside: their panics are reported as errors.
    static GUARDED: Cell<u32> = const { Cell::new(0) };
}

impl Index {
    /// Runs a read of the index; a panic or a corruption error inside it becomes
    /// [`Error::Damaged`] naming this index.
    pub(crate) fn reading<T>(&self, work: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
        GUARDED.with(|g| g.set(g.get() + 1));
        let outcome = catch_unwind(AssertUnwindSafe(work));
        GUARDED.with(|g| g.set(g.get() - 1));
        match outcome {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => Err(self.damaged_by(e)),
            Err(payload) => Err(Error::Damaged {
                path: PathBuf::from(self.label()),
                problem: format!("reading it failed ({})", panic_message(&*payload)),
            }),
        }
    }

    /// tantivy's errors that mean its files are not what it wrote.
    fn damaged_by(&self, e: Error) -> Error {
        match e {
            Error::Tantivy(
                e @ (TantivyError::DataCorruption(_)
                | TantivyError::OpenReadError(_)
                | TantivyError::IoError(_)),
            ) if self.path().is_some() => Error::Damaged {
                path: PathBuf::from(self.label()),
                problem: e.to_string(),
            },
            e => e,
        }
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string())
}

/// Keeps the panics of guarded reads off stderr (they come back as errors, which the
/// caller reports once); any other panic is reported as before.
pub fn quiet_guarded_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if GUARDED.with(Cell::get) == 0 {
            previous(info);
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_reading_is_an_error_naming_the_index() {
        let index = Index::in_memory().expect("index");
        let out: Result<(), Error> = index.reading(|| panic!("index out of range"));
        let message = out.expect_err("the panic is an error").to_string();
        assert!(message.contains("in memory is damaged"), "{message}");
        assert!(message.contains("index out of range"), "{message}");
        assert!(message.contains("--rebuild"), "{message}");
    }
}
