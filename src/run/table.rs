//! Reading and writing one table of a run through its row type.
//!
//! A reader checks the header against the row type once, then parses each row into it; any cell
//! that does not parse, a row with too few cells, a table cut short, is a [`TableError`] naming
//! the file, the line and the column. Nothing is read as a silent zero.

use super::arrow::{BatchBuilder, ParquetCells, ParquetOut};
use super::cells::{CellError, CellSink, Column};
use super::Table;
use arrow_array::RecordBatch;
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

/// A row type that can be written as a row of its table, in any format.
pub trait WriteRow {
    const TABLE: Table;
    /// What the columns depend on: `()` for tables with fixed columns.
    type Schema;
    /// The table's columns, names and types, in file order.
    fn columns(schema: &Self::Schema) -> Vec<Column>;
    /// Hands the row's cells to `sink`, in column order.
    fn cells(&self, sink: &mut dyn CellSink) -> Result<(), CellError>;

    fn header(schema: &Self::Schema) -> Vec<String> {
        Self::columns(schema).into_iter().map(|c| c.name).collect()
    }
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
    /// Parquet has rows, not lines: errors name the row.
    row_based: bool,
}

impl Record<'_> {
    fn error(&self, col: usize, message: String) -> TableError {
        let (line, message) = match self.row_based {
            true => (None, format!("row {}: {message}", self.line)),
            false => (Some(self.line), message),
        };
        TableError {
            file: self.cols.file.clone(),
            line,
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

/// Where a table's rows come from.
enum Source {
    Csv {
        rdr: csv::Reader<File>,
        /// A table written by framescope ends with a line break; one that does not was cut
        /// short.
        complete: bool,
    },
    Parquet(ParquetCells),
}

/// The rows of one table, parsed one at a time: memory does not grow with the table.
pub struct Rows<R: ReadRow> {
    src: Source,
    cols: Columns,
    layout: R::Layout,
    rec: csv::StringRecord,
    rows: u64,
    /// Rows `run.json` says the table holds, when it says.
    expected: Option<u64>,
    last_line: u64,
    done: bool,
}

fn columns(path: &Path, header: csv::StringRecord) -> Result<Columns, TableError> {
    if header.is_empty() || header.iter().all(str::is_empty) {
        return Err(TableError::file(path, "empty file: no header"));
    }
    let index = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.to_string(), i))
        .collect();
    Ok(Columns {
        file: path.to_path_buf(),
        header,
        index,
    })
}

impl<R: ReadRow> Rows<R> {
    /// Opens a CSV table.
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
        let cols = columns(path, header)?;
        Self::with(Source::Csv { rdr, complete }, cols, schema, expected)
    }

    /// Opens a Parquet table: a file, or a folder of part files.
    pub(crate) fn open_parquet(
        path: &Path,
        schema: &R::Schema,
        expected: Option<u64>,
    ) -> Result<Rows<R>, TableError> {
        let cells = ParquetCells::open(path)?;
        let header = csv::StringRecord::from(cells.names().to_vec());
        let cols = columns(path, header)?;
        Self::with(Source::Parquet(cells), cols, schema, expected)
    }

    fn with(
        src: Source,
        cols: Columns,
        schema: &R::Schema,
        expected: Option<u64>,
    ) -> Result<Rows<R>, TableError> {
        let layout = R::layout(&cols, schema)?;
        Ok(Rows {
            src,
            cols,
            layout,
            rec: csv::StringRecord::new(),
            rows: 0,
            expected,
            last_line: 1,
            done: false,
        })
    }

    pub fn columns(&self) -> &Columns {
        &self.cols
    }

    /// The line of the row last returned (for Parquet, its row number from 1).
    pub fn line(&self) -> Option<u64> {
        (self.rows > 0).then_some(self.last_line)
    }

    fn at_end(&mut self) -> Option<TableError> {
        self.done = true;
        if let Source::Csv {
            complete: false, ..
        } = self.src
        {
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

    /// Reads the next record into `self.rec`: `Ok(false)` at the end.
    fn next_record(&mut self) -> Result<bool, TableError> {
        let (rdr, complete) = match &mut self.src {
            Source::Parquet(p) => {
                let more = p.read_record(&mut self.rec)?;
                if more {
                    self.last_line = self.rows + 1;
                }
                return Ok(more);
            }
            Source::Csv { rdr, complete } => (rdr, *complete),
        };
        match rdr.read_record(&mut self.rec) {
            Ok(more) => {
                if more {
                    self.last_line = self.rec.position().map_or(self.last_line, |p| p.line());
                }
                Ok(more)
            }
            Err(e) => {
                let line = e.position().map(|p| p.line());
                let cut = match complete {
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
                Err(TableError {
                    file: self.cols.file.clone(),
                    line,
                    column: None,
                    message,
                })
            }
        }
    }
}

impl<R: ReadRow> Iterator for Rows<R> {
    type Item = Result<R, TableError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_record() {
            Ok(true) => {
                self.rows += 1;
                let rec = Record {
                    cols: &self.cols,
                    rec: &self.rec,
                    line: self.last_line,
                    row_based: matches!(self.src, Source::Parquet(_)),
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
                Some(Err(e))
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

/// Writes a row's cells as one CSV record, the way the `csv` crate serializes a struct.
struct CsvCells<'w, W: Write> {
    w: &'w mut csv::Writer<W>,
    error: Option<csv::Error>,
}

impl<W: Write> CellSink for CsvCells<'_, W> {
    fn cell(&mut self, value: Option<&str>) {
        if self.error.is_none() {
            if let Err(e) = self.w.write_field(value.unwrap_or("")) {
                self.error = Some(e);
            }
        }
    }
}

/// Where a table's Arrow batches go.
enum ArrowDest {
    Parquet(Box<ParquetOut>),
    Memory(Vec<RecordBatch>),
}

struct ArrowOut {
    batch: BatchBuilder,
    dest: ArrowDest,
}

impl ArrowOut {
    fn flush(&mut self, file: &Path) -> Result<(), TableError> {
        let batch = self
            .batch
            .finish()
            .map_err(|e| TableError::file(file, format!("internal error: {e}")))?;
        match &mut self.dest {
            ArrowDest::Parquet(p) => p.write(&batch),
            ArrowDest::Memory(v) => {
                v.push(batch);
                Ok(())
            }
        }
    }
}

/// Writes the rows of one table: to a staged CSV file, a staged Parquet file, both, or Arrow
/// batches in memory.
pub struct TableWriter {
    table: Table,
    /// The file named in errors (the output folder's, not the staging folder's).
    file: PathBuf,
    csv: Option<csv::Writer<BufWriter<File>>>,
    arrow: Option<ArrowOut>,
}

impl TableWriter {
    /// A writer with no outputs yet; add them with [`TableWriter::csv`],
    /// [`TableWriter::parquet`] or [`TableWriter::memory`].
    pub(crate) fn new<R: WriteRow + ?Sized>(file: PathBuf) -> TableWriter {
        TableWriter {
            table: R::TABLE,
            file,
            csv: None,
            arrow: None,
        }
    }

    /// Also writes the table as CSV through `handle`, header first.
    pub(crate) fn csv<R: WriteRow + ?Sized>(
        mut self,
        handle: BufWriter<File>,
        file: &Path,
        schema: &R::Schema,
    ) -> Result<Self, TableError> {
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(handle);
        w.write_record(R::header(schema))
            .map_err(|e| write_error(file, e))?;
        self.file = file.to_path_buf();
        self.csv = Some(w);
        Ok(self)
    }

    /// Also writes the table as Parquet through `handle`.
    pub(crate) fn parquet<R: WriteRow + ?Sized>(
        mut self,
        handle: BufWriter<File>,
        file: &Path,
        schema: &R::Schema,
    ) -> Result<Self, TableError> {
        let batch = BatchBuilder::new(R::TABLE, &R::columns(schema));
        let out = ParquetOut::new(handle, file.to_path_buf(), batch.schema().clone())?;
        if self.csv.is_none() {
            self.file = file.to_path_buf();
        }
        self.arrow = Some(ArrowOut {
            batch,
            dest: ArrowDest::Parquet(Box::new(out)),
        });
        Ok(self)
    }

    /// A writer that keeps the table as Arrow batches, returned by [`TableWriter::finish`].
    pub fn memory<R: WriteRow + ?Sized>(schema: &R::Schema) -> TableWriter {
        let mut w = TableWriter::new::<R>(PathBuf::from(R::TABLE.as_str()));
        w.arrow = Some(ArrowOut {
            batch: BatchBuilder::new(R::TABLE, &R::columns(schema)),
            dest: ArrowDest::Memory(Vec::new()),
        });
        w
    }

    pub fn table(&self) -> Table {
        self.table
    }

    /// Writes one row; `R` must be this table's row type (any lifetime of it).
    pub fn write<R: WriteRow + ?Sized>(&mut self, row: &R) -> Result<(), TableError> {
        if R::TABLE != self.table {
            return Err(TableError::file(
                &self.file,
                format!("internal error: a {} row written to this table", R::TABLE),
            ));
        }
        let bug =
            |file: &Path, e: CellError| TableError::file(file, format!("internal error: {e}"));
        if let Some(w) = &mut self.csv {
            let mut cells = CsvCells { w, error: None };
            row.cells(&mut cells).map_err(|e| bug(&self.file, e))?;
            if let Some(e) = cells.error {
                return Err(write_error(&self.file, e));
            }
            w.write_record(None::<&[u8]>)
                .map_err(|e| write_error(&self.file, e))?;
        }
        if let Some(a) = &mut self.arrow {
            row.cells(&mut a.batch).map_err(|e| bug(&self.file, e))?;
            a.batch
                .end_row()
                .map_err(|e| TableError::file(&self.file, format!("internal error: {e}")))?;
            if a.batch.rows() >= super::arrow::BATCH_ROWS {
                a.flush(&self.file)?;
            }
        }
        Ok(())
    }

    /// Flushes everything to the staged files; returns the batches of an in-memory table.
    pub fn finish(mut self) -> Result<Vec<RecordBatch>, TableError> {
        let file = self.file.clone();
        if let Some(w) = self.csv.take() {
            w.into_inner()
                .map_err(|e| TableError::file(&file, format!("cannot write: {}", e.error())))?
                .flush()
                .map_err(|e| TableError::file(&file, format!("cannot write: {e}")))?;
        }
        let Some(mut a) = self.arrow.take() else {
            return Ok(Vec::new());
        };
        // A table with no rows still gets one (empty) batch, so it has a schema.
        let empty = matches!(&a.dest, ArrowDest::Memory(v) if v.is_empty());
        if a.batch.rows() > 0 || empty {
            a.flush(&file)?;
        }
        match a.dest {
            ArrowDest::Parquet(p) => {
                p.finish()?;
                Ok(Vec::new())
            }
            ArrowDest::Memory(v) => Ok(v),
        }
    }
}

fn write_error(file: &Path, e: csv::Error) -> TableError {
    TableError::file(file, format!("cannot write: {e}"))
}
