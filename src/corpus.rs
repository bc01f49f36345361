//! Corpus stage: read articles as a stream of [`Document`]s.
//!
//! Three layouts: a folder of `.txt` files (with an optional `manifest.csv`), a CSV file and a
//! JSON Lines file with one article per row. Documents are read lazily, one at a time, so
//! memory does not grow with the corpus. Inputs that cannot be analysed come out as
//! [`Entry::Skip`] with a reason; only problems that make the whole corpus unreadable are errors.

use crate::types::{Document, Skip, SkipKind};
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

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
    /// Decode files that are not UTF-8 with this encoding instead of skipping them.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Skip malformed CSV/JSONL rows (listing them) instead of stopping.
    pub skip_bad_rows: bool,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions {
            format: Format::Auto,
            outlet_from: OutletFrom::Manifest,
            columns: Columns::default(),
            encoding: None,
            skip_bad_rows: false,
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

/// Opens a corpus for streaming.
pub fn open(path: &Path, opts: &CorpusOptions) -> Result<Corpus> {
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
        Format::Dir => open_dir(path, opts),
        Format::Csv => open_csv(path, opts),
        Format::Jsonl => open_jsonl(path, opts),
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

fn open_dir(root: &Path, opts: &CorpusOptions) -> Result<Corpus> {
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.with_context(|| format!("{}: cannot list", root.display()))?;
        let p = entry.path();
        if entry.file_type().is_file()
            && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        {
            files.push(p.to_path_buf());
        }
    }
    let base = root.to_path_buf();
    let rel = move |p: &Path| {
        p.strip_prefix(&base)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let mut warnings = Vec::new();
    let manifest_path = root.join("manifest.csv");
    let use_manifest = opts.outlet_from == OutletFrom::Manifest && manifest_path.is_file();
    let (meta_columns, manifest) = if use_manifest {
        read_manifest(&manifest_path)?
    } else {
        (Vec::new(), HashMap::new())
    };
    if use_manifest {
        let present: BTreeSet<String> = files.iter().map(|p| rel(p)).collect();
        let mut missing: Vec<&String> = manifest.keys().filter(|f| !present.contains(*f)).collect();
        missing.sort();
        if !missing.is_empty() {
            let list: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
            warnings.push(format!(
                "{}: {} listed file(s) not found: {}",
                manifest_path.display(),
                missing.len(),
                list.join(", ")
            ));
        }
    } else if opts.outlet_from == OutletFrom::Manifest {
        warnings.push(format!(
            "{}: no manifest.csv; every article gets outlet \"unknown\" (use --outlet-from dir for one sub-folder per outlet)",
            root.display()
        ));
    }
    let outlet_from = opts.outlet_from;
    let encoding = opts.encoding;
    let entries = files.into_iter().map(move |path| {
        let name = rel(&path);
        let source = path.display().to_string();
        let (outlet, meta) = match outlet_from {
            OutletFrom::Manifest if use_manifest => match manifest.get(&name) {
                Some((outlet, meta)) => (outlet.clone(), meta.clone()),
                None => {
                    return Ok(Entry::Skip(Skip::new(
                        source,
                        SkipKind::NotInManifest,
                        "not listed in manifest.csv",
                    )))
                }
            },
            OutletFrom::Manifest => ("unknown".to_string(), BTreeMap::new()),
            OutletFrom::Dir => match Path::new(&name)
                .parent()
                .and_then(|p| p.components().next())
            {
                Some(c) => (
                    c.as_os_str().to_string_lossy().into_owned(),
                    BTreeMap::new(),
                ),
                None => ("unknown".to_string(), BTreeMap::new()),
            },
        };
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                return Ok(Entry::Skip(Skip::new(
                    source,
                    SkipKind::Unreadable,
                    format!("cannot read: {e}"),
                )))
            }
        };
        match decode(&bytes, encoding) {
            Ok(text) => Ok(Entry::Doc(Document {
                id: path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                outlet,
                meta,
                text,
                source,
                first_line_is_title: true,
            })),
            Err((kind, reason)) => Ok(Entry::Skip(Skip::new(source, kind, reason))),
        }
    });
    Ok(Corpus {
        meta_columns,
        warnings,
        entries: Box::new(entries),
    })
}

type Manifest = HashMap<String, (String, BTreeMap<String, String>)>;

fn read_manifest(path: &Path) -> Result<(Vec<String>, Manifest)> {
    let shown = path.display();
    let mut rdr = csv::Reader::from_path(path).with_context(|| format!("{shown}: cannot open"))?;
    let headers = rdr
        .headers()
        .with_context(|| format!("{shown}: cannot read the header"))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "{shown}: missing required column `{name}` (found: {})",
                    headers.iter().collect::<Vec<_>>().join(", ")
                )
            })
    };
    let (fcol, ocol) = (col("file")?, col("outlet")?);
    let meta_columns: Vec<String> = headers
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != fcol && i != ocol)
        .map(|(_, h)| h.trim().to_string())
        .collect();
    let mut map = Manifest::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| anyhow::anyhow!("{}", csv_error(&shown.to_string(), &e)))?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let file = rec.get(fcol).unwrap_or("").trim().to_string();
        let outlet = rec.get(ocol).unwrap_or("").trim().to_string();
        if file.is_empty() || outlet.is_empty() {
            bail!("{shown}:{line}: empty `file` or `outlet`");
        }
        let meta = headers
            .iter()
            .zip(rec.iter())
            .enumerate()
            .filter(|&(i, _)| i != fcol && i != ocol)
            .map(|(_, (h, v))| (h.trim().to_string(), v.to_string()))
            .collect();
        if map.insert(file.clone(), (outlet, meta)).is_some() {
            bail!("{shown}:{line}: file {file:?} is listed twice");
        }
    }
    Ok((meta_columns, map))
}

/// One line, naming file and line, for a CSV error.
fn csv_error(file: &str, e: &csv::Error) -> String {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    let what = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("row has {len} fields, expected {expected_len}")
        }
        csv::ErrorKind::Utf8 { err, .. } => format!("not UTF-8 ({err})"),
        _ => crate::clean::one_line(e),
    };
    format!("{file}:{line}: {what}")
}

/// Resolved column positions (CSV) or names (JSONL) of a row corpus.
struct RowSchema {
    columns: Columns,
    has_id: bool,
    has_title: bool,
}

impl RowSchema {
    /// A document from a row, or a skip saying why the row cannot be one.
    fn entry(
        &self,
        get: &dyn Fn(&str) -> Option<String>,
        meta_columns: &[String],
        source: String,
        row: usize,
    ) -> Entry {
        match self.document(get, meta_columns, source.clone(), row) {
            Ok(d) => Entry::Doc(d),
            Err(reason) => Entry::Skip(Skip::new(source, SkipKind::BadRow, reason)),
        }
    }

    /// Builds a document from a row's fields; `get` looks a column up by name.
    fn document(
        &self,
        get: &dyn Fn(&str) -> Option<String>,
        meta_columns: &[String],
        source: String,
        row: usize,
    ) -> Result<Document, String> {
        let c = &self.columns;
        let body = get(&c.text).unwrap_or_default();
        let outlet = get(&c.outlet).unwrap_or_default().trim().to_string();
        if outlet.is_empty() {
            return Err(format!("empty `{}`", c.outlet));
        }
        if body.trim().is_empty() {
            return Err(format!("empty `{}`", c.text));
        }
        let title = if self.has_title {
            get(&c.title).unwrap_or_default()
        } else {
            String::new()
        };
        let title = title.trim();
        let id = if self.has_id {
            get(&c.id).unwrap_or_default().trim().to_string()
        } else {
            String::new()
        };
        let id = if id.is_empty() {
            format!("row-{row}")
        } else {
            id
        };
        let (text, first_line_is_title) = if title.is_empty() {
            (body, false)
        } else {
            (format!("{title}\n\n{body}"), true)
        };
        let meta = meta_columns
            .iter()
            .map(|m| (m.clone(), get(m).unwrap_or_default()))
            .collect();
        Ok(Document {
            id,
            outlet,
            meta,
            text,
            source,
            first_line_is_title,
        })
    }
}

fn open_csv(path: &Path, opts: &CorpusOptions) -> Result<Corpus> {
    let shown = path.display().to_string();
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(path)
        .with_context(|| format!("{shown}: cannot open"))?;
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| anyhow::anyhow!("{}", csv_error(&shown, &e)))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let c = &opts.columns;
    for required in [&c.outlet, &c.text] {
        if !headers.iter().any(|h| h == required) {
            bail!(
                "{shown}: missing required column `{required}` (found: {})",
                headers.join(", ")
            );
        }
    }
    let schema = RowSchema {
        columns: c.clone(),
        has_id: headers.contains(&c.id),
        has_title: headers.contains(&c.title),
    };
    let meta_columns: Vec<String> = headers
        .iter()
        .filter(|h| ![&c.id, &c.outlet, &c.text, &c.title].contains(h))
        .cloned()
        .collect();
    let meta = meta_columns.clone();
    let skip_bad = opts.skip_bad_rows;
    let mut row = 0usize;
    let entries = rdr.into_records().map(move |rec| {
        row += 1;
        match rec {
            Err(e) => {
                let msg = csv_error(&shown, &e);
                if skip_bad {
                    let (source, reason) = split_source(&msg);
                    Ok(Entry::Skip(Skip::new(source, SkipKind::BadRow, reason)))
                } else {
                    Err(anyhow::anyhow!(
                        "{msg} (use --skip-bad-rows to skip such rows)"
                    ))
                }
            }
            Ok(rec) => {
                let line = rec.position().map(|p| p.line()).unwrap_or(0);
                let source = format!("{shown}:{line}");
                let get = |name: &str| {
                    headers
                        .iter()
                        .position(|h| h == name)
                        .and_then(|i| rec.get(i))
                        .map(str::to_string)
                };
                Ok(schema.entry(&get, &meta, source, row))
            }
        }
    });
    Ok(Corpus {
        meta_columns,
        warnings: Vec::new(),
        entries: Box::new(entries),
    })
}

fn split_source(msg: &str) -> (String, String) {
    // "file:line: reason" -> ("file:line", "reason")
    match msg.match_indices(": ").next() {
        Some((i, _)) => (msg[..i].to_string(), msg[i + 2..].to_string()),
        None => (String::new(), msg.to_string()),
    }
}

fn open_jsonl(path: &Path, opts: &CorpusOptions) -> Result<Corpus> {
    let shown = path.display().to_string();
    let file = File::open(path).with_context(|| format!("{shown}: cannot open"))?;
    let c = opts.columns.clone();
    // Metadata columns are those of the first valid row; later rows may leave them empty.
    let mut meta_columns = Vec::new();
    {
        let first =
            BufReader::new(File::open(path).with_context(|| format!("{shown}: cannot open"))?);
        for line in first.lines().map_while(|l| l.ok()) {
            if let Ok(serde_json::Value::Object(map)) =
                serde_json::from_str::<serde_json::Value>(&line)
            {
                for required in [&c.outlet, &c.text] {
                    if !map.contains_key(required.as_str()) {
                        let found: Vec<&str> = map.keys().map(String::as_str).collect();
                        bail!(
                            "{shown}:1: missing required field `{required}` (found: {})",
                            found.join(", ")
                        );
                    }
                }
                meta_columns = map
                    .keys()
                    .filter(|k| ![&c.id, &c.outlet, &c.text, &c.title].contains(k))
                    .cloned()
                    .collect();
                break;
            }
        }
    }
    let schema = RowSchema {
        columns: c,
        has_id: true,
        has_title: true,
    };
    let skip_bad = opts.skip_bad_rows;
    let meta = meta_columns.clone();
    let mut lines = BufReader::new(file).split(b'\n').enumerate();
    let mut row = 0usize;
    let entries = std::iter::from_fn(move || loop {
        let (i, line) = lines.next()?;
        let lineno = i + 1;
        let bad = |reason: String| -> Option<Result<Entry>> {
            if skip_bad {
                Some(Ok(Entry::Skip(Skip::new(
                    format!("{shown}:{lineno}"),
                    SkipKind::BadRow,
                    reason,
                ))))
            } else {
                Some(Err(anyhow::anyhow!(
                    "{shown}:{lineno}: {reason} (use --skip-bad-rows to skip such rows)"
                )))
            }
        };
        let bytes = match line {
            Ok(b) => b,
            Err(e) => return Some(Err(anyhow::anyhow!("{shown}:{lineno}: cannot read: {e}"))),
        };
        let Ok(text) = std::str::from_utf8(&bytes) else {
            return bad("not UTF-8".into());
        };
        if text.trim().is_empty() {
            continue;
        }
        row += 1;
        let value: serde_json::Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => return bad(format!("not JSON ({e})")),
        };
        let serde_json::Value::Object(map) = value else {
            return bad("not a JSON object".into());
        };
        let get = |name: &str| {
            map.get(name).and_then(|v| match v {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Null => None,
                other => Some(other.to_string()),
            })
        };
        let source = format!("{shown}:{lineno}");
        return Some(Ok(schema.entry(&get, &meta, source, row)));
    });
    Ok(Corpus {
        meta_columns,
        warnings: Vec::new(),
        entries: Box::new(entries),
    })
}
