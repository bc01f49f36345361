//! Typed tables: a run's rows as Arrow record batches, written to Parquet (or kept in memory
//! for the Python package), and Parquet tables read back as the same text cells the CSV reader
//! yields, so every row type has one parser.

use super::cells::{CellSink, Column, ColumnType};
use super::table::TableError;
use super::Table;
use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::collections::HashMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows per record batch (and per read batch).
pub const BATCH_ROWS: usize = 8192;

/// Schema metadata key naming the table a file holds.
pub const TABLE_KEY: &str = "framescope.table";

fn data_type(kind: ColumnType) -> DataType {
    match kind {
        ColumnType::Str | ColumnType::OptStr => DataType::Utf8,
        ColumnType::Int => DataType::Int64,
        ColumnType::Bool => DataType::Boolean,
        ColumnType::Float | ColumnType::OptFloat => DataType::Float64,
    }
}

/// The Arrow schema of a table with these columns.
pub fn schema(table: Table, columns: &[Column]) -> SchemaRef {
    let fields: Vec<Field> = columns
        .iter()
        .map(|c| Field::new(&c.name, data_type(c.kind), c.kind.nullable()))
        .collect();
    let meta = HashMap::from([(TABLE_KEY.to_string(), table.as_str().to_string())]);
    Arc::new(Schema::new_with_metadata(fields, meta))
}

enum Builder {
    Str(StringBuilder),
    Int(Int64Builder),
    Bool(BooleanBuilder),
    Float(Float64Builder),
}

/// Builds record batches from rows of cells.
pub struct BatchBuilder {
    schema: SchemaRef,
    kinds: Vec<ColumnType>,
    builders: Vec<Builder>,
    at: usize,
    rows: usize,
    error: Option<String>,
}

impl BatchBuilder {
    pub fn new(table: Table, columns: &[Column]) -> BatchBuilder {
        let builders = columns
            .iter()
            .map(|c| match c.kind {
                ColumnType::Str | ColumnType::OptStr => Builder::Str(StringBuilder::new()),
                ColumnType::Int => Builder::Int(Int64Builder::new()),
                ColumnType::Bool => Builder::Bool(BooleanBuilder::new()),
                ColumnType::Float | ColumnType::OptFloat => Builder::Float(Float64Builder::new()),
            })
            .collect();
        BatchBuilder {
            schema: schema(table, columns),
            kinds: columns.iter().map(|c| c.kind).collect(),
            builders,
            at: 0,
            rows: 0,
            error: None,
        }
    }

    pub fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    fn push(&mut self, value: Option<&str>) -> Result<(), String> {
        let i = self.at;
        let (Some(kind), Some(b)) = (self.kinds.get(i), self.builders.get_mut(i)) else {
            return Err(format!("more cells than the {} columns", self.kinds.len()));
        };
        let expected = |what: &str, v: &str| format!("expected {what}, found {v:?}");
        match (b, value) {
            (Builder::Str(b), Some(v)) => b.append_value(v),
            (Builder::Str(b), None) if *kind == ColumnType::Str => b.append_value(""),
            (Builder::Str(b), None) => b.append_null(),
            (Builder::Float(b), None) | (Builder::Float(b), Some("")) if kind.nullable() => {
                b.append_null()
            }
            (Builder::Float(b), Some(v)) => {
                b.append_value(v.parse().map_err(|_| expected("a number", v))?)
            }
            (Builder::Int(b), Some(v)) => {
                b.append_value(v.parse().map_err(|_| expected("a whole number", v))?)
            }
            (Builder::Bool(b), Some(v)) => b.append_value(match v {
                "true" => true,
                "false" => false,
                _ => return Err(expected("true or false", v)),
            }),
            (_, None) => {
                return Err("a missing value in a column that has no missing values".into())
            }
        }
        Ok(())
    }

    /// Ends a row; fails if a cell did not fit its column or the row has too few cells.
    pub fn end_row(&mut self) -> Result<(), String> {
        let at = std::mem::take(&mut self.at);
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        if at != self.kinds.len() {
            return Err(format!(
                "{at} cells, but the table has {} columns",
                self.kinds.len()
            ));
        }
        self.rows += 1;
        Ok(())
    }

    /// The rows so far as one batch; the builder starts empty again.
    pub fn finish(&mut self) -> Result<RecordBatch, arrow_schema::ArrowError> {
        let arrays: Vec<ArrayRef> = self
            .builders
            .iter_mut()
            .map(|b| -> ArrayRef {
                match b {
                    Builder::Str(b) => Arc::new(b.finish()),
                    Builder::Int(b) => Arc::new(b.finish()),
                    Builder::Bool(b) => Arc::new(b.finish()),
                    Builder::Float(b) => Arc::new(b.finish()),
                }
            })
            .collect();
        self.rows = 0;
        RecordBatch::try_new(self.schema.clone(), arrays)
    }
}

impl CellSink for BatchBuilder {
    fn cell(&mut self, value: Option<&str>) {
        if self.error.is_none() {
            if let Err(e) = self.push(value) {
                let col = self.schema.fields().get(self.at).map_or("?", |f| f.name());
                self.error = Some(format!("column `{col}`: {e}"));
            }
        }
        self.at += 1;
    }
}

/// A Parquet file being written, batch by batch.
pub struct ParquetOut {
    writer: ArrowWriter<BufWriter<File>>,
    file: PathBuf,
}

/// Parquet settings: Snappy pages (read by every engine), no timestamps, so the same rows give
/// the same bytes.
fn properties() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_created_by(format!("framescope {}", env!("CARGO_PKG_VERSION")))
        .build()
}

impl ParquetOut {
    pub fn new(
        handle: BufWriter<File>,
        file: PathBuf,
        schema: SchemaRef,
    ) -> Result<ParquetOut, TableError> {
        let writer = ArrowWriter::try_new(handle, schema, Some(properties()))
            .map_err(|e| TableError::file(&file, format!("cannot write: {e}")))?;
        Ok(ParquetOut { writer, file })
    }

    pub fn write(&mut self, batch: &RecordBatch) -> Result<(), TableError> {
        self.writer
            .write(batch)
            .map_err(|e| TableError::file(&self.file, format!("cannot write: {e}")))
    }

    pub fn finish(self) -> Result<(), TableError> {
        let file = self.file;
        let inner = self
            .writer
            .into_inner()
            .map_err(|e| TableError::file(&file, format!("cannot write: {e}")))?;
        inner
            .into_inner()
            .map_err(|e| TableError::file(&file, format!("cannot write: {}", e.error())))?
            .sync_all()
            .map_err(|e| TableError::file(&file, format!("cannot write: {e}")))
    }
}

/// A whole Parquet file of these batches (which share one schema), in memory.
pub fn parquet_bytes(batches: &[RecordBatch]) -> Result<Vec<u8>, parquet::errors::ParquetError> {
    let Some(first) = batches.first() else {
        return Err(parquet::errors::ParquetError::General("no batches".into()));
    };
    let mut w = ArrowWriter::try_new(Vec::new(), first.schema(), Some(properties()))?;
    for b in batches {
        w.write(b)?;
    }
    w.into_inner()
}

/// The files of a Parquet table: the file itself, or the part files of a folder of that name
/// (as Spark, DuckDB and pandas write a partitioned table), in name order.
pub fn parquet_parts(path: &Path) -> Result<Vec<PathBuf>, TableError> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries =
        std::fs::read_dir(path).map_err(|e| TableError::file(path, format!("cannot read: {e}")))?;
    let mut parts: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            // Spark's _SUCCESS and .crc files and hidden files are not parts.
            !name.starts_with('_') && !name.starts_with('.') && name.ends_with(".parquet")
        })
        .collect();
    // By part number, then name: Spark numbers parts part-00000 ... part-99999, part-100000.
    parts.sort_by_cached_key(|p| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let digits: String = name
            .strip_prefix("part-")
            .unwrap_or("")
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        (digits.len(), digits, name)
    });
    if parts.is_empty() {
        return Err(TableError::file(
            path,
            "a folder with no .parquet part files",
        ));
    }
    Ok(parts)
}

/// The rows of a Parquet table as text cells, batch by batch.
pub struct ParquetCells {
    parts: std::vec::IntoIter<PathBuf>,
    file: PathBuf,
    names: Vec<String>,
    reader: Option<ParquetRecordBatchReader>,
    batch: Vec<StringArray>,
    at: usize,
    len: usize,
}

fn open_part(path: &Path) -> Result<(ParquetRecordBatchReader, Vec<String>), TableError> {
    let file = File::open(path).map_err(|e| TableError::file(path, format!("cannot open: {e}")))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|e| TableError::file(path, format!("not a Parquet file, or cut short: {e}")))?;
    let names = builder
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let reader = builder
        .with_batch_size(BATCH_ROWS)
        .build()
        .map_err(|e| TableError::file(path, format!("unreadable: {e}")))?;
    Ok((reader, names))
}

impl ParquetCells {
    /// Opens a table (a file, or a folder of parts); every part must have the same columns.
    pub fn open(path: &Path) -> Result<ParquetCells, TableError> {
        let mut parts = parquet_parts(path)?.into_iter();
        let first = parts.next().unwrap_or_else(|| path.to_path_buf());
        let (reader, names) = open_part(&first)?;
        Ok(ParquetCells {
            parts,
            file: first,
            names,
            reader: Some(reader),
            batch: Vec::new(),
            at: 0,
            len: 0,
        })
    }

    /// Column names, in file order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The part file being read.
    pub fn file(&self) -> &Path {
        &self.file
    }

    fn next_batch(&mut self) -> Result<bool, TableError> {
        loop {
            let Some(reader) = &mut self.reader else {
                let Some(next) = self.parts.next() else {
                    return Ok(false);
                };
                let (reader, names) = open_part(&next)?;
                if names != self.names {
                    return Err(TableError::file(
                        &next,
                        format!("columns differ from those of {}", self.file.display()),
                    ));
                }
                self.file = next;
                self.reader = Some(reader);
                continue;
            };
            match reader.next() {
                Some(Ok(batch)) => {
                    self.batch = batch
                        .columns()
                        .iter()
                        .map(|c| as_text(c, &self.file))
                        .collect::<Result<_, _>>()?;
                    self.at = 0;
                    self.len = batch.num_rows();
                    if self.len > 0 {
                        return Ok(true);
                    }
                }
                Some(Err(e)) => {
                    return Err(TableError::file(&self.file, format!("unreadable: {e}")));
                }
                None => self.reader = None,
            }
        }
    }

    /// Reads the next row into `rec`; `false` at the end of the table.
    pub fn read_record(&mut self, rec: &mut csv::StringRecord) -> Result<bool, TableError> {
        if self.at >= self.len && !self.next_batch()? {
            return Ok(false);
        }
        rec.clear();
        for col in &self.batch {
            rec.push_field(if col.is_null(self.at) {
                ""
            } else {
                col.value(self.at)
            });
        }
        self.at += 1;
        Ok(true)
    }
}

/// A column as text: numbers in their shortest exact form, booleans as `true`/`false`.
fn as_text(col: &ArrayRef, file: &Path) -> Result<StringArray, TableError> {
    let text = arrow_cast::cast(col, &DataType::Utf8).map_err(|e| {
        TableError::file(
            file,
            format!("a column of type {} cannot be read: {e}", col.data_type()),
        )
    })?;
    text.as_any()
        .downcast_ref::<StringArray>()
        .cloned()
        .ok_or_else(|| TableError::file(file, "a column could not be read as text"))
}
