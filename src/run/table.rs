//! Reading and writing one table of a run through its row type.
//!
//! A reader checks the header against the row type once, then parses each row into it; any cell
//! that does not parse, a row with too few cells, a table cut short, is a [`TableError`] naming
//! the file, the line and the column. Nothing is read as a silent zero.

use super::Table;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// A run table that cannot be read as its row type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct TableError {
    pub file: PathBuf,
    /// 1-based line of the file, when the problem is in one row.
    pub line: Option<u64>,
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ": column `{c}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl TableError {
    pub(crate) fn file(file: &Path, message: impl Into<String>) -> TableError {
        TableError {
            file: file.to_path_buf(),
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

/// A row type that can be written as a line of its table.
pub trait WriteRow {
    const TABLE: Table;
    /// What the header depends on: `()` for tables with fixed columns.
    type Schema;
    fn header(schema: &Self::Schema) -> Vec<String>;
    fn write<W: Write>(&self, w: &mut csv::Writer<W>) -> csv::Result<()>;
}

/// A row type that can be parsed from a line of its table.
pub trait ReadRow: Sized {
    const TABLE: Table;
    type Schema;
    /// Column positions, resolved from the header once.
    type Layout;
    /// The schema a run's manifest implies for this table.
    fn schema(m: &super::RunManifest) -> Self::Schema;
    fn layout(cols: &Columns, schema: &Self::Schema) -> Result<Self::Layout, TableError>;
    fn read(rec: &Record, layout: &Self::Layout) -> Result<Self, TableError>;
}

/// The header of a table being read.
pub struct Columns {
    file: PathBuf,
    header: csv::StringRecord,
    index: HashMap<String, usize>,
}

impl Columns {
    /// Position of a column; a missing column is an error naming the file.
    pub fn index(&self, name: &str) -> Result<usize, TableError> {
        self.index.get(name).copied().ok_or_else(|| {
            TableError::file(&self.file, format!("missing column `{name}` in the header"))
        })
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.header.iter()
    }

    pub fn file(&self) -> &Path {
        &self.file
    }
}

/// One row being read, with what is needed to say where a bad cell is.
pub struct Record<'r> {
    cols: &'r Columns,
    rec: &'r csv::StringRecord,
    line: u64,
}

impl Record<'_> {
    fn error(&self, col: usize, message: String) -> TableError {
        TableError {
            file: self.cols.file.clone(),
            line: Some(self.line),
            column: self.cols.header.get(col).map(str::to_string),
            message,
        }
    }

    pub fn str(&self, col: usize) -> &str {
        self.rec.get(col).unwrap_or("")
    }

    pub fn string(&self, col: usize) -> Result<String, TableError> {
        Ok(self.str(col).to_string())
    }

    /// A count: a whole number from 0 up.
    pub fn count(&self, col: usize) -> Result<usize, TableError> {
        let s = self.str(col);
        s.parse()
            .map_err(|_| self.error(col, format!("expected a whole number, found {s:?}")))
    }

    /// Counts in several columns, in the order given.
    pub fn counts(&self, cols: &[usize]) -> Result<Vec<usize>, TableError> {
        cols.iter().map(|&c| self.count(c)).collect()
    }

    /// A number, or an empty cell for "not defined".
    pub fn opt_number(&self, col: usize) -> Result<Option<f64>, TableError> {
        super::rows::parse_opt_f64(self.str(col)).map_err(|e| self.error(col, e))
    }

    /// The whole row through serde, by column name.
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T, TableError> {
        self.rec
            .deserialize(Some(&self.cols.header))
            .map_err(|e| match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => {
                    let col = err.field().map_or(usize::MAX, |f| f as usize);
                    let msg = match err.kind() {
                        csv::DeserializeErrorKind::Message(m) => m.clone(),
                        k => format!("{k} (found {:?})", self.str(col)),
                    };
                    self.error(col, msg)
                }
                _ => self.error(usize::MAX, e.to_string()),
            })
    }
}

/// The rows of one table, parsed one at a time: memory does not grow with the table.
pub struct Rows<R: ReadRow> {
    rdr: csv::Reader<File>,
    cols: Columns,
    layout: R::Layout,
    rec: csv::StringRecord,
    rows: u64,
    /// Rows `run.json` says the table holds, when it says.
    expected: Option<u64>,
    /// A table written by framescope ends with a line break; one that does not was cut short.
    complete: bool,
    last_line: u64,
    done: bool,
}

impl<R: ReadRow> Rows<R> {
    pub(crate) fn open(
        path: &Path,
        schema: &R::Schema,
        expected: Option<u64>,
    ) -> Result<Rows<R>, TableError> {
        let mut file =
            File::open(path).map_err(|e| TableError::file(path, format!("cannot open: {e}")))?;
        let complete = ends_with_newline(&mut file)
            .map_err(|e| TableError::file(path, format!("cannot read: {e}")))?;
        let mut rdr = csv::ReaderBuilder::new().from_reader(file);
        let header = rdr
            .headers()
            .map_err(|e| TableError::file(path, format!("unreadable header: {e}")))?
            .clone();
        if header.is_empty() || header.iter().all(str::is_empty) {
            return Err(TableError::file(path, "empty file: no header"));
        }
        let index = header
            .iter()
            .enumerate()
            .map(|(i, h)| (h.to_string(), i))
            .collect();
        let cols = Columns {
            file: path.to_path_buf(),
            header,
            index,
        };
        let layout = R::layout(&cols, schema)?;
        Ok(Rows {
            rdr,
            cols,
            layout,
            rec: csv::StringRecord::new(),
            rows: 0,
            expected,
            complete,
            last_line: 1,
            done: false,
        })
    }

    pub fn columns(&self) -> &Columns {
        &self.cols
    }

    /// The line of the row last returned.
    pub fn line(&self) -> Option<u64> {
        (self.rows > 0).then_some(self.last_line)
    }

    fn at_end(&mut self) -> Option<TableError> {
        self.done = true;
        if !self.complete {
            return Some(TableError {
                file: self.cols.file.clone(),
                line: Some(self.last_line),
                column: None,
                message: "the table is cut short (its last line has no line end)".into(),
            });
        }
        match self.expected {
            Some(n) if n != self.rows => Some(TableError::file(
                &self.cols.file,
                format!(
                    "{} rows, but run.json counts {n}: the table was cut short or edited",
                    self.rows
                ),
            )),
            _ => None,
        }
    }
}

impl<R: ReadRow> Iterator for Rows<R> {
    type Item = Result<R, TableError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.rdr.read_record(&mut self.rec) {
            Ok(true) => {
                self.rows += 1;
                self.last_line = self.rec.position().map_or(self.last_line, |p| p.line());
                let rec = Record {
                    cols: &self.cols,
                    rec: &self.rec,
                    line: self.last_line,
                };
                let row = R::read(&rec, &self.layout);
                if row.is_err() {
                    self.done = true;
                }
                Some(row)
            }
            Ok(false) => self.at_end().map(Err),
            Err(e) => {
                self.done = true;
                let line = e.position().map(|p| p.line());
                let cut = match self.complete {
                    true => "",
                    false => "; the table is cut short (its last line has no line end)",
                };
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("{len} cells, but the header has {expected_len}{cut}"),
                    csv::ErrorKind::Utf8 { .. } => "not UTF-8".into(),
                    _ => format!("unreadable: {e}"),
                };
                Some(Err(TableError {
                    file: self.cols.file.clone(),
                    line,
                    column: None,
                    message,
                }))
            }
        }
    }
}

fn ends_with_newline(file: &mut File) -> std::io::Result<bool> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    file.seek(SeekFrom::Start(0))?;
    Ok(last[0] == b'\n')
}

/// Writes rows of one table into a staged file, header first.
pub struct TableWriter {
    w: csv::Writer<BufWriter<File>>,
    file: PathBuf,
    table: Table,
}

impl TableWriter {
    pub(crate) fn new<R: WriteRow + ?Sized>(
        handle: BufWriter<File>,
        file: PathBuf,
        schema: &R::Schema,
    ) -> Result<Self, TableError> {
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(handle);
        w.write_record(R::header(schema))
            .map_err(|e| write_error(&file, e))?;
        Ok(TableWriter {
            w,
            file,
            table: R::TABLE,
        })
    }

    /// Writes one row; `R` must be this table's row type (any lifetime of it).
    pub fn write<R: WriteRow + ?Sized>(&mut self, row: &R) -> Result<(), TableError> {
        if R::TABLE != self.table {
            return Err(TableError::file(
                &self.file,
                format!("internal error: a {} row written to this table", R::TABLE),
            ));
        }
        row.write(&mut self.w)
            .map_err(|e| write_error(&self.file, e))
    }

    /// Flushes everything to the staged file.
    pub fn finish(self) -> Result<(), TableError> {
        let file = self.file;
        self.w
            .into_inner()
            .map_err(|e| TableError::file(&file, format!("cannot write: {}", e.error())))?
            .flush()
            .map_err(|e| TableError::file(&file, format!("cannot write: {e}")))
    }
}

fn write_error(file: &Path, e: csv::Error) -> TableError {
    TableError::file(file, format!("cannot write: {e}"))
}
