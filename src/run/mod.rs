//! The contract of a run folder: which tables it holds, one row type per table, the typed
//! `run.json`, the staged writer that commits a run, and the readers every command uses.
//!
//! ```no_run
//! use framescope::run::{RunDir, HitRow};
//!
//! let run = RunDir::open("reports/karabakh-2020")?;
//! println!("lexicon {}", run.manifest().lexicon.id);
//! for hit in run.rows::<HitRow>()? {
//!     let hit = hit?;
//!     println!("{} {} {}", hit.outlet, hit.frame, hit.matched);
//! }
//! # Ok::<(), framescope::Error>(())
//! ```

pub mod arrow;
mod cells;
pub mod last;
mod manifest;
mod rows;
mod side_rows;
mod stage;
mod table;

pub use cells::{serde_cells, CellError, CellSink, Column, ColumnType};
pub use manifest::{
    string_dtypes, ActorLabel, CacheInfo, CascadeInfo, Counts, FrameLabel, LexiconInfo,
    RunManifest, RunOptions, SentimentInfo, SideLabel,
};
pub use rows::{
    ActorMentionRow, ActorSentimentRow, HitRow, OutletFrameRow, OutletWordRow, SkippedRow,
    VoiceFilter,
};
pub use side_rows::{DocumentRow, OutletSummaryRow, SideSchema};
pub use stage::{write_file_atomic, Staged};
pub use table::{Columns, ReadRow, Record, Rows, TableError, TableWriter, WriteRow};

use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The tables of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    Hits,
    Documents,
    OutletFrames,
    OutletSummary,
    OutletWords,
    ActorMentions,
    OutletActorSentiment,
    Skipped,
}

crate::named_enum!(Table {
    Hits => "hits",
    Documents => "documents",
    OutletFrames => "outlet_frames",
    OutletSummary => "outlet_summary",
    OutletWords => "outlet_words",
    ActorMentions => "actor_mentions",
    OutletActorSentiment => "outlet_actor_sentiment",
    Skipped => "skipped",
});

/// The file format of one table file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    Csv,
    Parquet,
}

crate::named_enum!(FileFormat { Csv => "csv", Parquet => "parquet" });

/// Which files a run writes for each table (`analyze --table-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TableFormat {
    #[default]
    Csv,
    Parquet,
    Both,
}

crate::named_enum!(TableFormat { Csv => "csv", Parquet => "parquet", Both => "both" });

impl TableFormat {
    pub fn files(self) -> &'static [FileFormat] {
        match self {
            TableFormat::Csv => &[FileFormat::Csv],
            TableFormat::Parquet => &[FileFormat::Parquet],
            TableFormat::Both => &[FileFormat::Csv, FileFormat::Parquet],
        }
    }
}

impl Table {
    /// The table's CSV file name; see [`Table::file_name_as`] for other formats.
    pub fn file_name(self) -> String {
        self.file_name_as(FileFormat::Csv)
    }

    pub fn file_name_as(self, format: FileFormat) -> String {
        format!("{}.{}", self.as_str(), format.as_str())
    }

    /// Tables written only when the sentiment stage runs.
    pub fn needs_sentiment(self) -> bool {
        matches!(self, Table::ActorMentions | Table::OutletActorSentiment)
    }

    /// The number of rows `run.json` records for this table, where it records one.
    fn expected_rows(self, m: &RunManifest) -> Option<u64> {
        let n = match self {
            Table::Hits => m.counts.hits,
            Table::Documents => m.counts.documents,
            Table::Skipped => m.counts.skipped,
            Table::ActorMentions => m.sentiment.as_ref()?.mentions,
            _ => return None,
        };
        Some(n as u64)
    }
}

/// The manifest's file name.
pub const MANIFEST: &str = "run.json";

/// Where `analyze` writes when no `--out` is given, and where commands look for runs.
pub const REPORTS: &str = "reports";

/// A finished run's folder, opened through its `run.json`.
#[derive(Debug, Clone)]
pub struct RunDir {
    path: PathBuf,
    /// Where the run is for its readers, when it is read before its commit (the HTML report of
    /// `analyze --html` is made from the staged run but names the output folder).
    shown: Option<PathBuf>,
    manifest: RunManifest,
}

impl RunDir {
    /// Opens the run in `path`; a missing or malformed `run.json` is an error naming it.
    pub fn open(path: impl AsRef<Path>) -> Result<RunDir, Error> {
        let path = path.as_ref();
        let file = path.join(MANIFEST);
        let text = std::fs::read_to_string(&file).map_err(|e| {
            Error::NoRun(format!(
                "{}: no run here ({e}; run `framescope analyze` first)",
                file.display()
            ))
        })?;
        let manifest: RunManifest = serde_json::from_str(&text).map_err(|e| TableError {
            file: file.clone(),
            line: Some(e.line() as u64),
            column: None,
            message: format!("not a run.json of this framescope version: {e}"),
        })?;
        Ok(RunDir {
            path: path.to_path_buf(),
            shown: None,
            manifest,
        })
    }

    /// Opens a staged run in `dir` that will be committed to `shown`.
    pub fn open_staged(dir: &Path, shown: &Path) -> Result<RunDir, Error> {
        let mut run = RunDir::open(dir)?;
        run.shown = Some(shown.to_path_buf());
        Ok(run)
    }

    /// The folder to name to users: the output folder, also for a staged run.
    pub fn shown_path(&self) -> &Path {
        self.shown.as_deref().unwrap_or(&self.path)
    }

    /// The run in `from`, else the newest run (newest `run.json`) under `reports/`.
    pub fn locate(from: Option<&Path>) -> Result<RunDir, Error> {
        match from {
            Some(dir) => RunDir::open(dir),
            None => match RunDir::latest(Path::new(REPORTS)) {
                Some(dir) => RunDir::open(dir),
                None => Err(Error::NoRun(format!(
                    "no run found under {REPORTS}/ (run `framescope analyze` first or pass --from DIR)"
                ))),
            },
        }
    }

    /// The folder under `root` whose `run.json` is newest.
    pub fn latest(root: &Path) -> Option<PathBuf> {
        let mut best: Option<(std::time::SystemTime, PathBuf)> = None;
        for entry in std::fs::read_dir(root).ok()?.flatten() {
            let run = entry.path().join(MANIFEST);
            if let Ok(t) = run.metadata().and_then(|m| m.modified()) {
                if best.as_ref().is_none_or(|(bt, _)| t > *bt) {
                    best = Some((t, entry.path()));
                }
            }
        }
        best.map(|(_, p)| p)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn manifest(&self) -> &RunManifest {
        &self.manifest
    }

    /// The format a table is read from: Parquet when the run wrote it (it is typed), else CSV.
    pub fn format_of(&self, table: Table) -> Option<FileFormat> {
        [FileFormat::Parquet, FileFormat::Csv]
            .into_iter()
            .find(|&f| self.manifest.outputs.contains(&table.file_name_as(f)))
    }

    /// The file a table is read from (its CSV name when the run did not write it).
    pub fn table_path(&self, table: Table) -> PathBuf {
        let format = self.format_of(table).unwrap_or(FileFormat::Csv);
        self.path.join(table.file_name_as(format))
    }

    /// Whether this run wrote `table`, in any format.
    pub fn has(&self, table: Table) -> bool {
        self.format_of(table).is_some()
    }

    /// The rows of a table, parsed one at a time, from CSV or Parquet alike.
    pub fn rows<R: ReadRow>(&self) -> Result<Rows<R>, TableError> {
        let path = self.table_path(R::TABLE);
        let Some(format) = self.format_of(R::TABLE) else {
            let why = if R::TABLE.needs_sentiment() {
                "the sentiment stage did not run (analyze without --no-sentiment)"
            } else {
                "run.json does not list it"
            };
            return Err(TableError::file(&path, format!("not in this run: {why}")));
        };
        let expected = R::TABLE.expected_rows(&self.manifest);
        let schema = R::schema(&self.manifest);
        match format {
            FileFormat::Csv => Rows::open(&path, &schema, expected),
            FileFormat::Parquet => Rows::open_parquet(&path, &schema, expected),
        }
    }

    /// Every row of a table; for small tables.
    pub fn read_all<R: ReadRow>(&self) -> Result<Vec<R>, TableError> {
        self.rows::<R>()?.collect()
    }
}
