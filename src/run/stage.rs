//! Staging a run's outputs so that they appear together or not at all.

use super::table::{TableError, TableWriter, WriteRow};
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// Output files staged in a folder until [`Staged::commit`]: each is written to a temporary file
/// there and renamed into place only when every output is complete.
pub struct Staged {
    dir: PathBuf,
    files: Vec<(tempfile::NamedTempFile, String)>,
}

impl Staged {
    pub fn new(dir: &Path) -> Result<Staged, TableError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| TableError::file(dir, format!("cannot create output folder: {e}")))?;
        Ok(Staged {
            dir: dir.to_path_buf(),
            files: Vec::new(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A new staged file named `name` once committed; write through the returned handle.
    pub fn create(&mut self, name: &str) -> Result<BufWriter<File>, TableError> {
        let dest = self.dir.join(name);
        let mut builder = tempfile::Builder::new();
        // Temporary files are private by default; the outputs get the usual umask-based mode.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let tmp = builder
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .map_err(|e| TableError::file(&dest, format!("cannot write: {e}")))?;
        let handle = tmp
            .as_file()
            .try_clone()
            .map_err(|e| TableError::file(&dest, format!("cannot write: {e}")))?;
        self.files.push((tmp, name.to_string()));
        Ok(BufWriter::with_capacity(1 << 16, handle))
    }

    /// A staged table, its header written.
    pub fn table<R: WriteRow + ?Sized>(
        &mut self,
        schema: &R::Schema,
    ) -> Result<TableWriter, TableError> {
        let name = R::TABLE.file_name();
        let handle = self.create(&name)?;
        TableWriter::new::<R>(handle, self.dir.join(name), schema)
    }

    /// Renames every staged file into place. Call only after all writers are finished.
    pub fn commit(self) -> Result<(), TableError> {
        for (tmp, name) in &self.files {
            tmp.as_file().sync_all().map_err(|e| {
                TableError::file(&self.dir.join(name), format!("cannot write: {e}"))
            })?;
        }
        for (tmp, name) in self.files {
            let dest = self.dir.join(&name);
            tmp.persist(&dest)
                .map_err(|e| TableError::file(&dest, format!("cannot write: {}", e.error)))?;
        }
        Ok(())
    }
}
