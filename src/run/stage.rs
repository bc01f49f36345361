//! Committing a run as one step, so an output folder is always wholly the old run or wholly
//! the new one.
//!
//! A run is written into a hidden staging folder beside the output folder, then swapped in with
//! one atomic directory exchange (`renameat2(RENAME_EXCHANGE)` on Linux; elsewhere two renames,
//! with a moment in which the folder is absent but never mixed). A lock file beside the folder
//! keeps two runs from writing it at once; staging folders left by killed runs are removed by
//! the next run that holds the lock.

use super::table::{TableError, TableWriter, WriteRow};
use super::{FileFormat, Table, TableFormat, MANIFEST};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

const STAGE_MARK: &str = ".framescope-stage-";
const LOCK_MARK: &str = ".framescope.lock";

/// A run being written, committed by [`Staged::commit`]; dropped uncommitted, it leaves the
/// output folder as it was.
pub struct Staged {
    out: PathBuf,
    dir: PathBuf,
    files: Vec<PathBuf>,
    _lock: File,
    committed: bool,
    format: TableFormat,
}

fn err(path: &Path, what: &str, e: impl std::fmt::Display) -> TableError {
    TableError::file(path, format!("{what}: {e}"))
}

impl Staged {
    /// Locks `out` for this run and makes its staging folder. `out` may not exist yet; if it
    /// exists it must be a folder that is empty or holds a framescope run.
    pub fn new(out: &Path) -> Result<Staged, TableError> {
        let out = match std::fs::canonicalize(out) {
            // A symlinked output folder: the run goes where the link points.
            Ok(real) if out.is_symlink() => real,
            _ => out.to_path_buf(),
        };
        let name = out
            .file_name()
            .ok_or_else(|| TableError::file(&out, "not a folder name for the output"))?
            .to_string_lossy()
            .into_owned();
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        check_output_folder(&out)?;
        std::fs::create_dir_all(&parent)
            .map_err(|e| err(&parent, "cannot create output folder", e))?;
        let lock_path = parent.join(format!(".{name}{LOCK_MARK}"));
        let lock = File::create(&lock_path).map_err(|e| err(&lock_path, "cannot write", e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(TableError::file(
                    &out,
                    format!(
                        "another framescope run is writing this folder (it holds {}); \
                         wait for it to finish or choose another --out",
                        lock_path.display()
                    ),
                ))
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(err(&lock_path, "cannot lock", e)),
        }
        remove_orphans(&parent, &name);
        let dir = parent.join(format!(
            ".{name}{STAGE_MARK}{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        std::fs::create_dir(&dir).map_err(|e| err(&dir, "cannot write in output folder", e))?;
        Ok(Staged {
            out,
            dir,
            files: Vec::new(),
            _lock: lock,
            committed: false,
            format: TableFormat::Csv,
        })
    }

    /// The staging folder: where this run's files are until the commit.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The output folder the run is committed to.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// A new file of the run; write through the returned handle.
    pub fn create(&mut self, name: &str) -> Result<BufWriter<File>, TableError> {
        let path = self.dir.join(name);
        let f = File::create(&path).map_err(|e| err(&self.out.join(name), "cannot write", e))?;
        self.files.push(path);
        Ok(BufWriter::with_capacity(1 << 16, f))
    }

    /// Writes tables in these formats from now on (CSV by default).
    pub fn set_table_format(&mut self, format: TableFormat) {
        self.format = format;
    }

    pub fn table_format(&self) -> TableFormat {
        self.format
    }

    /// A new table of the run, in each format of the run's table format.
    pub fn table<R: WriteRow + ?Sized>(
        &mut self,
        schema: &R::Schema,
    ) -> Result<TableWriter, TableError> {
        let mut w = TableWriter::new::<R>(self.out.join(R::TABLE.file_name()));
        for &f in self.format.files() {
            let name = R::TABLE.file_name_as(f);
            let handle = self.create(&name)?;
            let shown = self.out.join(&name);
            w = match f {
                FileFormat::Csv => w.csv::<R>(handle, &shown, schema)?,
                FileFormat::Parquet => w.parquet::<R>(handle, &shown, schema)?,
            };
        }
        Ok(w)
    }

    /// Swaps the staged run in. Files of an earlier run that this run did not write (tables of
    /// a stage that did not run, an old report) go with the old run; other files the user put
    /// in the folder are kept.
    pub fn commit(mut self) -> Result<(), TableError> {
        for f in &self.files {
            File::open(f)
                .and_then(|f| f.sync_all())
                .map_err(|e| err(f, "cannot write", e))?;
        }
        if self.out.is_dir() {
            self.keep_user_files()?;
            exchange(&self.dir, &self.out)
                .map_err(|e| err(&self.out, "cannot commit the run", e))?;
            self.committed = true;
            // Now the staging name holds the old run.
            let _ = std::fs::remove_dir_all(&self.dir);
        } else {
            std::fs::rename(&self.dir, &self.out)
                .map_err(|e| err(&self.out, "cannot commit the run", e))?;
            self.committed = true;
        }
        if let Some(parent) = self.out.parent() {
            let _ = File::open(parent).and_then(|d| d.sync_all());
        }
        Ok(())
    }

    /// Links files that no framescope run writes into the staging folder, so the swap keeps
    /// them (hard links: if the run dies before the swap, the originals are untouched).
    fn keep_user_files(&self) -> Result<(), TableError> {
        let entries = std::fs::read_dir(&self.out).map_err(|e| err(&self.out, "cannot read", e))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_run_output(&name) || self.dir.join(&name).exists() {
                continue;
            }
            let (from, to) = (entry.path(), self.dir.join(&name));
            let kept = std::fs::hard_link(&from, &to)
                .or_else(|_| copy_any(&from, &to))
                .map_err(|e| err(&from, "cannot keep this file in the new run", e));
            kept?;
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Files that belong to a run: replaced or dropped when a new run is committed.
fn is_run_output(name: &str) -> bool {
    name == MANIFEST
        || name == "report.html"
        || Table::ALL.iter().any(|t| {
            [FileFormat::Csv, FileFormat::Parquet]
                .iter()
                .any(|&f| t.file_name_as(f) == name)
        })
        || (name.starts_with("keyness_") && name.ends_with(".csv"))
}

fn check_output_folder(out: &Path) -> Result<(), TableError> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(TableError::file(out, "exists and is not a folder"));
    }
    let mut entries = std::fs::read_dir(out).map_err(|e| err(out, "cannot read", e))?;
    if out.join(MANIFEST).is_file() || entries.next().is_none() {
        return Ok(());
    }
    Err(TableError::file(
        out,
        "is not empty and holds no framescope run (no run.json): choose a new or empty --out",
    ))
}

/// Removes staging folders of runs that were killed before their commit. Called with the lock
/// held, so no live run owns them.
fn remove_orphans(parent: &Path, name: &str) {
    let prefix = format!(".{name}{STAGE_MARK}");
    for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn copy_any(from: &Path, to: &Path) -> std::io::Result<()> {
    if from.is_dir() {
        std::fs::create_dir(to)?;
        for e in std::fs::read_dir(from)? {
            let e = e?;
            copy_any(&e.path(), &to.join(e.file_name()))?;
        }
        Ok(())
    } else {
        std::fs::copy(from, to).map(|_| ())
    }
}

/// Swaps two folders atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))
    };
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: both arguments are valid NUL-terminated paths that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        // File systems without RENAME_EXCHANGE.
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::ENOTSUP) => swap_by_rename(a, b),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    swap_by_rename(a, b)
}

/// Two renames through a third name: `b` is briefly absent, never half old and half new.
fn swap_by_rename(a: &Path, b: &Path) -> std::io::Result<()> {
    let mut aside = a.as_os_str().to_owned();
    aside.push(".old");
    let aside = PathBuf::from(aside);
    std::fs::rename(b, &aside)?;
    if let Err(e) = std::fs::rename(a, b) {
        let _ = std::fs::rename(&aside, b);
        return Err(e);
    }
    std::fs::rename(&aside, a)
}

/// Writes one file whole or not at all: a temporary file beside it, renamed into place. A
/// symlink at `path` is written through (its target is replaced), not replaced by a file.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<PathBuf, TableError> {
    let dest = match std::fs::canonicalize(path) {
        Ok(real) if path.is_symlink() => real,
        _ => path.to_path_buf(),
    };
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    // Temporary files are private by default; outputs get the usual umask-based mode.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder
        .prefix(".framescope-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| err(&dest, "cannot write", e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| err(&dest, "cannot write", e))?;
    tmp.persist(&dest)
        .map_err(|e| err(&dest, "cannot write", e.error))?;
    Ok(dest)
}
