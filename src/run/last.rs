//! Which run "the last run" is: `analyze` records the run folder it wrote, per working folder,
//! in a small state file; `kwic`, `compare`, `trend` and `report` without `--from` read that
//! run, wherever `--out` put it, and fall back to the newest run under `reports/`.
//!
//! The state folder is passed in (the command line takes it from `FRAMESCOPE_HOME` or the
//! platform's state folder), so the library reads no environment.

use super::{RunDir, MANIFEST, REPORTS};
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Where a run was found, for the line that says which run a command read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// `--from DIR`.
    Given,
    /// The run the last `analyze` in this working folder wrote.
    LastAnalyze,
    /// The newest `run.json` under `reports/`.
    NewestUnderReports,
}

/// The state file that holds the last run of working folder `cwd`.
pub fn pointer_file(state_dir: &Path, cwd: &Path) -> PathBuf {
    // FNV-1a of the folder's path: stable, and one small file per folder.
    let hash = cwd
        .as_os_str()
        .as_encoded_bytes()
        .iter()
        .fold(0xcbf29ce484222325u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)
        });
    state_dir.join(format!("last-run-{hash:016x}"))
}

/// Records `run` (made absolute) as the last run of `cwd`. A convenience only: failing to
/// write the state file never fails the run, so the error is returned for the caller to drop.
pub fn record(state_dir: &Path, cwd: &Path, run: &Path) -> std::io::Result<()> {
    let run = if run.is_absolute() {
        run.to_path_buf()
    } else {
        cwd.join(run)
    };
    std::fs::create_dir_all(state_dir)?;
    let text = format!("{}\n{}\n", run.display(), cwd.display());
    super::write_file_atomic(&pointer_file(state_dir, cwd), text.as_bytes())
        .map(|_| ())
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// The last run recorded for `cwd`, if its folder still holds a run.
pub fn recorded(state_dir: &Path, cwd: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(pointer_file(state_dir, cwd)).ok()?;
    let mut lines = text.lines();
    let (run, folder) = (lines.next()?, lines.next()?);
    // A hash collision between two folders must not hand one the other's run.
    (Path::new(folder) == cwd && Path::new(run).join(MANIFEST).is_file()).then(|| run.into())
}

/// The run in `from`; else the last run `analyze` recorded for `cwd` (when `state_dir` is
/// given); else the newest run under `reports/`.
pub fn locate(
    from: Option<&Path>,
    state_dir: Option<&Path>,
    cwd: &Path,
) -> Result<(RunDir, Found)> {
    if let Some(dir) = from {
        return Ok((RunDir::open(dir)?, Found::Given));
    }
    if let Some(run) = state_dir.and_then(|s| recorded(s, cwd)) {
        return Ok((RunDir::open(run)?, Found::LastAnalyze));
    }
    match RunDir::latest(Path::new(REPORTS)) {
        Some(dir) => Ok((RunDir::open(dir)?, Found::NewestUnderReports)),
        None => Err(Error::NoRun(format!(
            "no run found: no analyze recorded for this folder and none under {REPORTS}/ \
             (run `framescope analyze` first or pass --from DIR)"
        ))),
    }
}
