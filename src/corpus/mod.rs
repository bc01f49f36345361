//! Corpus stage: read articles as a stream of [`Document`]s.
//!
//! Three layouts: a folder of `.txt` files (with an optional `manifest.csv`), a CSV file and a
//! JSON Lines file with one article per row. Documents are read lazily, one at a time, so
//! memory does not grow with the corpus. Inputs that cannot be analysed come out as
//! [`Entry::Skip`] with a reason; only problems that make the whole corpus unreadable are errors.

mod dir;
mod reader;
mod rows;

pub use rows::{is_blank_line, jsonl_from_lines, jsonl_layout, JsonlLayout, JsonlLine};

use crate::types::{Document, Skip, SkipKind};
use anyhow::{bail, Result};
use std::io::{Read, Seek};
use std::path::Path;

/// Default for [`open_limited`]'s cap: a document (file or row) larger than this many bytes is
/// skipped, never read whole.
pub const DEFAULT_MAX_DOC_BYTES: usize = 50_000_000;

/// How the input is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Decide from the path: a folder, `.csv`, or `.jsonl`/`.ndjson`.
    Auto,
    Dir,
    Csv,
    Jsonl,
}

/// Where a folder corpus gets each article's outlet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutletFrom {
    /// The `outlet` column of `manifest.csv` (outlet `unknown` without a manifest).
    Manifest,
    /// The first sub-folder under the corpus folder.
    Dir,
}

crate::named_enum!(Format { Auto => "auto", Dir => "dir", Csv => "csv", Jsonl => "jsonl" });
crate::named_enum!(OutletFrom { Manifest => "manifest", Dir => "dir" });

/// Where an article's title comes from: one rule for every format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TitleRule {
    /// `column` when the corpus has a title column (a CSV/JSONL column, or a column of a
    /// folder's `manifest.csv`), else `first-line`.
    #[default]
    Auto,
    /// The first line of the text is the title.
    FirstLine,
    /// The title column (`--title-col`) is the title; the text is all body.
    Column,
    /// No title: the whole text is body.
    None,
}

crate::named_enum!(TitleRule {
    Auto => "auto",
    FirstLine => "first-line",
    Column => "column",
    None => "none",
});

/// Column names of a row corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    pub id: String,
    pub outlet: String,
    pub text: String,
    pub title: String,
}

impl Default for Columns {
    fn default() -> Self {
        Columns {
            id: "id".into(),
            outlet: "outlet".into(),
            text: "text".into(),
            title: "title".into(),
        }
    }
}

/// Options for reading a corpus.
#[derive(Debug, Clone)]
pub struct CorpusOptions {
    pub format: Format,
    pub outlet_from: OutletFrom,
    pub columns: Columns,
    pub title: TitleRule,
    /// Decode files that are not UTF-8 with this encoding instead of skipping them.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Skip malformed CSV/JSONL rows (listing them) instead of stopping.
    pub skip_bad_rows: bool,
    /// A document (file or row) larger than this is skipped and never read whole.
    pub max_doc_bytes: usize,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions {
            format: Format::Auto,
            outlet_from: OutletFrom::Manifest,
            columns: Columns::default(),
            title: TitleRule::Auto,
            encoding: None,
            skip_bad_rows: false,
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
        }
    }
}

/// One item of the corpus stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Doc(Document),
    Skip(Skip),
}

/// An opened corpus: metadata known up front, then a stream of entries.
pub struct Corpus {
    /// Names of the metadata columns every document may carry, in output order.
    pub meta_columns: Vec<String>,
    /// Problems found while opening (e.g. manifest rows naming missing files).
    pub warnings: Vec<String>,
    pub entries: Box<dyn Iterator<Item = Result<Entry>> + Send>,
}

/// Opens a corpus for streaming, skipping documents over [`DEFAULT_MAX_DOC_BYTES`].
pub fn open(path: &Path, opts: &CorpusOptions) -> Result<Corpus> {
    open_limited(path, opts, opts.max_doc_bytes)
}

/// Opens a corpus for streaming; a document (file or row) of more than `max_doc_bytes` bytes
/// is skipped ([`SkipKind::TooLarge`]) and at most that much of it is held in memory.
pub fn open_limited(path: &Path, opts: &CorpusOptions, max_doc_bytes: usize) -> Result<Corpus> {
    let max = max_doc_bytes.max(1);
    let format = match opts.format {
        Format::Auto if path.is_dir() => Format::Dir,
        Format::Auto => match path.extension().and_then(|e| e.to_str()).map(str::to_lowercase) {
            Some(e) if e == "csv" => Format::Csv,
            Some(e) if e == "jsonl" || e == "ndjson" || e == "json" => Format::Jsonl,
            _ if !path.exists() => bail!("{}: no such file or folder", path.display()),
            _ => bail!(
                "{}: cannot tell the corpus format (expected a folder, .csv or .jsonl; use --format)",
                path.display()
            ),
        },
        f => f,
    };
    match format {
        Format::Dir => dir::open_dir(path, opts, max),
        Format::Csv => rows::open_csv(path, opts, max),
        Format::Jsonl => rows::open_jsonl(path, opts, max),
        Format::Auto => unreachable!("resolved above"),
    }
}

/// Decodes file bytes, or says why they cannot be analysed.
pub fn decode(
    bytes: &[u8],
    fallback: Option<&'static encoding_rs::Encoding>,
) -> Result<String, (SkipKind, String)> {
    let text = if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err((
                SkipKind::BadEncoding,
                format!("invalid {} after its byte-order mark", enc.name()),
            ));
        }
        text.into_owned()
    } else if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err((
            SkipKind::Binary,
            format!("binary file (NUL byte at offset {nul})"),
        ));
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(e) => match fallback {
                Some(enc) => enc.decode_without_bom_handling(bytes).0.into_owned(),
                None => {
                    return Err((
                        SkipKind::BadEncoding,
                        format!(
                            "not UTF-8 (byte offset {}); use --encoding to decode it",
                            e.valid_up_to()
                        ),
                    ))
                }
            },
        }
    };
    if text.contains('\0') {
        return Err((SkipKind::Binary, "binary file (NUL character)".into()));
    }
    if text.trim().is_empty() {
        let what = if text.is_empty() {
            "empty file"
        } else {
            "whitespace-only file"
        };
        return Err((SkipKind::Empty, what.into()));
    }
    Ok(text)
}

/// Columns of `documents.csv` that framescope writes itself; the per-side columns are
/// `own_<side>` and `quote_<side>`.
const OUTPUT_COLUMNS: [&str; 12] = crate::run::DocumentRow::OWN_COLUMNS;

fn is_output_column(name: &str) -> bool {
    OUTPUT_COLUMNS.contains(&name) || name.starts_with("own_") || name.starts_with("quote_")
}

/// A metadata column: its name in the input and its name in `documents.csv`.
#[derive(Debug, Clone)]
pub(crate) struct MetaColumn {
    pub key: String,
    pub name: String,
}

/// Output names for metadata columns: a column named like one of `documents.csv`'s own gets a
/// `meta_` prefix (as often as needed to be unique), with a warning naming them.
fn meta_columns(file: &str, keys: Vec<String>, warnings: &mut Vec<String>) -> Vec<MetaColumn> {
    let mut out: Vec<MetaColumn> = Vec::with_capacity(keys.len());
    for key in &keys {
        let mut name = key.clone();
        if is_output_column(key) {
            name = format!("meta_{key}");
            while keys.contains(&name) || out.iter().any(|m| m.name == name) {
                name = format!("meta_{name}");
            }
        }
        out.push(MetaColumn {
            key: key.clone(),
            name,
        });
    }
    let renamed: Vec<String> = out
        .iter()
        .filter(|m| m.name != m.key)
        .map(|m| format!("`{}` to `{}`", m.key, m.name))
        .collect();
    if !renamed.is_empty() {
        warnings.push(format!(
            "{file}: metadata column(s) renamed, as documents.csv has its own columns of those names: {}",
            renamed.join(", ")
        ));
    }
    out
}

/// The bytes of a row corpus: a file (seekable), a pipe (read once), or decoded text.
enum Source {
    File(std::fs::File),
    Pipe(std::io::Chain<std::io::Cursor<Vec<u8>>, std::fs::File>),
    Memory(std::io::Cursor<Vec<u8>>),
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Source::File(f) => f.read(buf),
            Source::Pipe(p) => p.read(buf),
            Source::Memory(m) => m.read(buf),
        }
    }
}

impl Seek for Source {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        match self {
            Source::File(f) => f.seek(pos),
            Source::Memory(m) => m.seek(pos),
            Source::Pipe(_) => Err(std::io::Error::new(
                std::io::ErrorKind::Unsupported,
                "cannot go back in a pipe to read the rows after a bad one",
            )),
        }
    }
}

/// Opens a row corpus's bytes. Files in an encoding that is not a superset of ASCII (UTF-16,
/// by byte-order mark or `--encoding`) are decoded whole to UTF-8 first; all others are
/// streamed and decoded row by row.
fn open_source(
    path: &Path,
    encoding: Option<&'static encoding_rs::Encoding>,
    shown: &str,
) -> Result<Source> {
    use anyhow::Context;
    let mut file = std::fs::File::open(path).with_context(|| format!("{shown}: cannot open"))?;
    let regular = file.metadata().is_ok_and(|m| m.is_file());
    let mut head = Vec::with_capacity(3);
    (&mut file)
        .take(3)
        .read_to_end(&mut head)
        .with_context(|| format!("{shown}: cannot read"))?;
    let bom = encoding_rs::Encoding::for_bom(&head).map(|(e, _)| e);
    let wide = bom.or(encoding).is_some_and(|e| !e.is_ascii_compatible());
    if !wide {
        if regular {
            file.rewind()
                .with_context(|| format!("{shown}: cannot read"))?;
            return Ok(Source::File(file));
        }
        return Ok(Source::Pipe(std::io::Cursor::new(head).chain(file)));
    }
    let mut bytes = head;
    file.read_to_end(&mut bytes)
        .with_context(|| format!("{shown}: cannot read"))?;
    let enc = bom.or(encoding).unwrap_or(encoding_rs::UTF_8);
    let (text, _, bad) = enc.decode(&bytes);
    if bad {
        bail!("{shown}: not valid {}", enc.name());
    }
    Ok(Source::Memory(std::io::Cursor::new(
        text.into_owned().into_bytes(),
    )))
}

/// Decodes one row's bytes: UTF-8, or the `--encoding` when they are not UTF-8.
fn decode_row(
    bytes: &[u8],
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<String, String> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => match encoding {
            Some(enc) => Ok(enc.decode_without_bom_handling(bytes).0.into_owned()),
            None => Err(format!(
                "not UTF-8 (byte offset {} in the row); use --encoding to decode it",
                e.valid_up_to()
            )),
        },
    }
}

/// The reason for skipping a document of `len` bytes over the cap.
fn too_large(what: &str, len: u64, max: usize) -> String {
    format!("{what} is {len} bytes, more than the limit of {max} bytes (--max-doc-bytes)")
}
