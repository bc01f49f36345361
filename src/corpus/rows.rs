//! Row corpora: a CSV file or a JSON Lines file with one article per row.

use super::reader::{fields_on_line, split_lines, Bytes, CsvReader, QuotedField, RawRecord};
use super::{
    decode_row, meta_columns, open_source, too_large, Columns, Corpus, CorpusOptions, Entry,
    MetaColumn, TitleRule,
};
use crate::types::{Document, Skip, SkipKind};
use anyhow::{bail, Result};
use std::collections::VecDeque;
use std::path::Path;

/// Resolved column positions (CSV) or names (JSONL) of a row corpus.
struct RowSchema {
    columns: Columns,
    has_id: bool,
    /// Whether the title comes from the title column (else from the first line, or none).
    title_column: bool,
    first_line_is_title: bool,
    meta: Vec<MetaColumn>,
}

impl RowSchema {
    /// A document from a row, or a skip saying why the row cannot be one.
    fn entry(&self, get: &dyn Fn(&str) -> Option<String>, source: String, row: usize) -> Entry {
        match self.document(get, source.clone(), row) {
            Ok(d) => Entry::Doc(d),
            Err(reason) => Entry::Skip(Skip::new(source, SkipKind::BadRow, reason)),
        }
    }

    /// Builds a document from a row's fields; `get` looks a column up by name.
    fn document(
        &self,
        get: &dyn Fn(&str) -> Option<String>,
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
        let title = if self.title_column {
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
        let (text, first_line_is_title) = if !self.title_column {
            (body, self.first_line_is_title)
        } else if title.is_empty() {
            (body, false)
        } else {
            (format!("{title}\n\n{body}"), true)
        };
        let meta = self
            .meta
            .iter()
            .map(|m| (m.name.clone(), get(&m.key).unwrap_or_default()))
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

/// A bad row: skipped under `--skip-bad-rows`, else an error naming file and line.
fn bad_row(skip_bad: bool, source: String, reason: String) -> Result<Entry> {
    if skip_bad {
        Ok(Entry::Skip(Skip::new(source, SkipKind::BadRow, reason)))
    } else {
        Err(anyhow::anyhow!(
            "{source}: {reason} (use --skip-bad-rows to skip such rows)"
        ))
    }
}

/// At least this many lines inside one quoted field that read as rows of their own mean the
/// quote was left open and swallowed them.
const SWALLOWED_ROWS: usize = 3;

/// A quoted field spanning lines of which most (and at least [`SWALLOWED_ROWS`]) have
/// exactly a row's number of fields: an unclosed quote that swallowed the rows after it.
fn swallowed(rec: &RawRecord, expected: usize) -> Option<(QuotedField, usize)> {
    rec.multiline.iter().find_map(|q| {
        let field = rec.fields.get(q.index)?;
        let mut lines = split_lines(field);
        lines.next();
        let (mut all, mut rows) = (0, 0);
        for line in lines.filter(|l| !l.is_empty()) {
            all += 1;
            rows += usize::from(fields_on_line(line) == expected);
        }
        (rows >= SWALLOWED_ROWS && 2 * rows >= all).then_some((*q, rows))
    })
}

/// What a CSV record amounts to before its fields are read.
enum Check {
    Ok,
    /// Skip or fail with this line and reason, then read on from `resume` if given.
    Bad(usize, String, SkipKind, Option<(u64, usize)>),
}

fn check_record(rec: &RawRecord, expected: usize, max: usize) -> Check {
    if let Some(q) = rec.unclosed {
        let reason =
            "unclosed quote: the quoted field opened on this line runs to the end of the file";
        return Check::Bad(q.line, reason.into(), SkipKind::BadRow, q.resume);
    }
    if rec.too_large {
        let reason = too_large("row", rec.size, max);
        return Check::Bad(rec.line, reason, SkipKind::TooLarge, None);
    }
    if let Some((q, rows)) = swallowed(rec, expected) {
        let reason = format!(
            "unclosed quote? the quoted field opened on this line closes only on line {}, taking in {rows} lines that read as rows",
            rec.end_line
        );
        return Check::Bad(q.line, reason, SkipKind::BadRow, q.resume);
    }
    if rec.fields.len() != expected {
        let reason = format!("row has {} fields, expected {expected}", rec.fields.len());
        return Check::Bad(rec.line, reason, SkipKind::BadRow, None);
    }
    Check::Ok
}

pub(super) fn open_csv(path: &Path, opts: &CorpusOptions, max: usize) -> Result<Corpus> {
    let shown = path.display().to_string();
    let encoding = opts.encoding;
    let mut rdr = CsvReader::new(open_source(path, encoding, &shown)?, max)
        .map_err(|e| anyhow::anyhow!("{shown}: cannot read: {e}"))?;
    let headers: Vec<String> = match rdr.read_record() {
        Err(e) => bail!("{shown}: cannot read: {e}"),
        Ok(None) => Vec::new(),
        Ok(Some(rec)) => {
            if let Check::Bad(line, reason, ..) = check_record(&rec, rec.fields.len(), max) {
                bail!("{shown}:{line}: header: {reason}");
            }
            let mut headers = Vec::new();
            for f in &rec.fields {
                let h = decode_row(f, encoding).map_err(|r| anyhow::anyhow!("{shown}:1: {r}"))?;
                headers.push(h.trim().to_string());
            }
            headers
        }
    };
    let c = &opts.columns;
    for required in [&c.outlet, &c.text] {
        if !headers.iter().any(|h| h == required) {
            bail!(
                "{shown}: missing required column `{required}` (found: {})",
                headers.join(", ")
            );
        }
    }
    let mut warnings = Vec::new();
    let keys = headers
        .iter()
        .filter(|h| ![&c.id, &c.outlet, &c.text, &c.title].contains(h))
        .cloned()
        .collect();
    let (title_column, first_line_is_title) =
        title_rule(opts.title, headers.contains(&c.title), &c.title, &shown)?;
    let schema = RowSchema {
        columns: c.clone(),
        has_id: headers.contains(&c.id),
        title_column,
        first_line_is_title,
        meta: meta_columns(&shown, keys, &mut warnings),
    };
    let meta_names = schema.meta.iter().map(|m| m.name.clone()).collect();
    let skip_bad = opts.skip_bad_rows;
    let expected = headers.len();
    let mut row = 0usize;
    let mut done = false;
    let entries = std::iter::from_fn(move || {
        if done {
            return None;
        }
        let rec = match rdr.read_record() {
            Ok(Some(r)) => r,
            Ok(None) => return None,
            Err(e) => {
                done = true;
                return Some(Err(anyhow::anyhow!("{shown}: cannot read: {e}")));
            }
        };
        row += 1;
        if let Check::Bad(line, reason, kind, resume) = check_record(&rec, expected, max) {
            let source = format!("{shown}:{line}");
            let out = match kind {
                SkipKind::BadRow => bad_row(skip_bad, source, reason),
                _ => Ok(Entry::Skip(Skip::new(source, kind, reason))),
            };
            match (&out, resume) {
                (Err(_), _) => done = true,
                (Ok(_), Some((offset, line))) => {
                    if let Err(e) = rdr.seek(offset, line) {
                        done = true;
                        return Some(Err(anyhow::anyhow!("{shown}: cannot read: {e}")));
                    }
                }
                (Ok(_), None) => {}
            }
            return Some(out);
        }
        let source = format!("{shown}:{}", rec.line);
        let mut fields = Vec::with_capacity(rec.fields.len());
        for f in &rec.fields {
            match decode_row(f, encoding) {
                Ok(s) => fields.push(s),
                Err(reason) => {
                    let out = bad_row(skip_bad, source, reason);
                    done = out.is_err();
                    return Some(out);
                }
            }
        }
        let get = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .and_then(|i| fields.get(i))
                .cloned()
        };
        Some(Ok(schema.entry(&get, source, row)))
    });
    Ok(Corpus {
        meta_columns: meta_names,
        warnings,
        entries: Box::new(entries),
    })
}

/// The JSON type of a value, as a reason names it.
fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// Why a row's outlet, text, title or id is not text, if it is not.
fn wrong_type(map: &serde_json::Map<String, serde_json::Value>, c: &Columns) -> Option<String> {
    for name in [&c.outlet, &c.text, &c.title, &c.id] {
        let ok = match map.get(name.as_str()) {
            None | Some(serde_json::Value::Null | serde_json::Value::String(_)) => true,
            // A numeric id is a fine id.
            Some(serde_json::Value::Number(_)) => name == &c.id,
            Some(_) => false,
        };
        if !ok {
            let t = json_type(&map[name.as_str()]);
            return Some(format!(
                "field `{name}` is {} {t}, not a string",
                article(t)
            ));
        }
    }
    None
}

fn article(t: &str) -> &'static str {
    if t.starts_with(['a', 'o']) {
        "an"
    } else {
        "a"
    }
}

/// Lines read ahead while looking for the first row: at most this many.
const LOOK_AHEAD: usize = 1000;

/// A line as read: its full length and its bytes (empty when over the cap).
type Line = (u64, Vec<u8>);

/// The metadata keys of the first row that is a JSON object (checking its required fields).
/// The lines read to find it are kept in `ahead`, to be read again as rows.
fn first_row_keys<R: std::io::Read + std::io::Seek>(
    bytes: &mut Bytes<R>,
    ahead: &mut VecDeque<Line>,
    opts: &CorpusOptions,
    max: usize,
    shown: &str,
) -> Result<(Vec<String>, bool)> {
    let c = &opts.columns;
    while ahead.len() < LOOK_AHEAD {
        let mut buf = Vec::new();
        let Some(len) = bytes
            .read_line(&mut buf, max)
            .map_err(|e| anyhow::anyhow!("{shown}:{}: cannot read: {e}", ahead.len() + 1))?
        else {
            break;
        };
        ahead.push_back((len, buf));
        let lineno = ahead.len();
        let buf = &ahead[lineno - 1].1;
        if len > max as u64 {
            continue;
        }
        let Ok(text) = decode_row(buf, opts.encoding) else {
            continue;
        };
        if let Some(keys) = object_keys(&text, c, &format!("{shown}:{lineno}"))? {
            return Ok(keys);
        }
    }
    Ok((Vec::new(), false))
}

/// The metadata keys of a row, and whether it has the title field, if the row is a JSON
/// object; an object without the outlet or text field is an error naming `at`.
fn object_keys(text: &str, c: &Columns, at: &str) -> Result<Option<(Vec<String>, bool)>> {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str(text) else {
        return Ok(None);
    };
    for required in [&c.outlet, &c.text] {
        if !map.contains_key(required.as_str()) {
            let found: Vec<&str> = map.keys().map(String::as_str).collect();
            bail!(
                "{at}: missing required field `{required}` (found: {})",
                found.join(", ")
            );
        }
    }
    let has_title = map.contains_key(c.title.as_str());
    let keys = map
        .keys()
        .filter(|k| ![&c.id, &c.outlet, &c.text, &c.title].contains(k))
        .cloned()
        .collect();
    Ok(Some((keys, has_title)))
}

/// The layout of a JSON Lines corpus: its metadata keys and whether it has a title field,
/// from the first of `lines` that is a JSON object (as [`crate::corpus::open`] finds them in
/// a file's first rows). `lines` are `(line number, text)`.
pub fn jsonl_layout(
    shown: &str,
    lines: &[(usize, &str)],
    opts: &CorpusOptions,
) -> Result<JsonlLayout> {
    for (lineno, text) in lines.iter().take(LOOK_AHEAD) {
        if let Some((keys, has_title)) =
            object_keys(text, &opts.columns, &format!("{shown}:{lineno}"))?
        {
            return Ok(JsonlLayout { keys, has_title });
        }
    }
    Ok(JsonlLayout::default())
}

/// What the rows of a JSON Lines corpus are read with: found once, from its first rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonlLayout {
    /// Metadata keys of the first row, in name order (a JSON object's keys have no order).
    pub keys: Vec<String>,
    pub has_title: bool,
}

/// One line of a JSON Lines file read elsewhere (by the Python package, by Spark): its text,
/// its 1-based line number, and its row number (counting only lines that are not blank).
#[derive(Debug, Clone)]
pub struct JsonlLine {
    pub line: usize,
    pub row: usize,
    pub text: String,
}

/// Whether a line is blank: blank lines are not rows (nor counted as rows).
pub fn is_blank_line(text: &str) -> bool {
    text.trim().is_empty()
}

fn jsonl_schema(
    shown: &str,
    layout: &JsonlLayout,
    opts: &CorpusOptions,
    warnings: &mut Vec<String>,
) -> Result<RowSchema> {
    let (title_column, first_line_is_title) =
        title_rule(opts.title, layout.has_title, &opts.columns.title, shown)?;
    Ok(RowSchema {
        columns: opts.columns.clone(),
        has_id: true,
        title_column,
        first_line_is_title,
        meta: meta_columns(shown, layout.keys.clone(), warnings),
    })
}

/// A JSON Lines corpus from lines read elsewhere, read with the layout of its first rows: the
/// same documents, ids, sources (`shown:line`) and skips as `open` gives for the whole file.
pub fn jsonl_from_lines(
    shown: &str,
    layout: &JsonlLayout,
    lines: Vec<JsonlLine>,
    opts: &CorpusOptions,
) -> Result<Corpus> {
    let mut warnings = Vec::new();
    let schema = jsonl_schema(shown, layout, opts, &mut warnings)?;
    let meta_names = schema.meta.iter().map(|m| m.name.clone()).collect();
    let (shown, skip_bad, max) = (shown.to_string(), opts.skip_bad_rows, opts.max_doc_bytes);
    let mut failed = false;
    let entries = lines.into_iter().filter_map(move |l| {
        if failed {
            return None;
        }
        let source = format!("{shown}:{}", l.line);
        if l.text.len() > max {
            let reason = too_large("row", l.text.len() as u64, max);
            return Some(Ok(Entry::Skip(Skip::new(
                source,
                SkipKind::TooLarge,
                reason,
            ))));
        }
        let out = json_row(&schema, &l.text, source, l.row, skip_bad)?;
        failed = out.is_err();
        Some(out)
    });
    Ok(Corpus {
        meta_columns: meta_names,
        warnings,
        entries: Box::new(entries),
    })
}

/// One non-blank JSON Lines row as a document or a skip; `None` for a blank line. A row that
/// is not a JSON object is an error unless `skip_bad`.
fn json_row(
    schema: &RowSchema,
    text: &str,
    source: String,
    row: usize,
    skip_bad: bool,
) -> Option<Result<Entry>> {
    if is_blank_line(text) {
        return None;
    }
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return Some(bad_row(skip_bad, source, format!("not JSON ({e})"))),
    };
    let serde_json::Value::Object(map) = value else {
        return Some(bad_row(skip_bad, source, "not a JSON object".into()));
    };
    if let Some(reason) = wrong_type(&map, &schema.columns) {
        return Some(Ok(Entry::Skip(Skip::new(source, SkipKind::BadRow, reason))));
    }
    let get = |name: &str| {
        map.get(name).and_then(|v| match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Null => None,
            other => Some(other.to_string()),
        })
    };
    Some(Ok(schema.entry(&get, source, row)))
}

/// (title from the column, else first line is the title) for a title rule, given whether the
/// corpus has the title column.
pub(super) fn title_rule(
    rule: TitleRule,
    has_column: bool,
    column: &str,
    shown: &str,
) -> Result<(bool, bool)> {
    Ok(match rule {
        TitleRule::Auto if has_column => (true, false),
        TitleRule::Auto | TitleRule::FirstLine => (false, true),
        TitleRule::Column if has_column => (true, false),
        TitleRule::Column => {
            bail!("{shown}: --title column needs a `{column}` column (or name it with --title-col)")
        }
        TitleRule::None => (false, false),
    })
}

pub(super) fn open_jsonl(path: &Path, opts: &CorpusOptions, max: usize) -> Result<Corpus> {
    let shown = path.display().to_string();
    let encoding = opts.encoding;
    let mut bytes = Bytes::new(open_source(path, encoding, &shown)?)
        .map_err(|e| anyhow::anyhow!("{shown}: cannot read: {e}"))?;
    // Metadata columns are those of the first valid row; later rows may leave them empty.
    let mut ahead = VecDeque::new();
    let (keys, has_title) = first_row_keys(&mut bytes, &mut ahead, opts, max, &shown)?;
    let mut warnings = Vec::new();
    let layout = JsonlLayout { keys, has_title };
    let schema = jsonl_schema(&shown, &layout, opts, &mut warnings)?;
    let meta_names = schema.meta.iter().map(|m| m.name.clone()).collect();
    let skip_bad = opts.skip_bad_rows;
    let mut buf = Vec::new();
    let mut lineno = 0usize;
    let mut row = 0usize;
    let mut done = false;
    let entries = std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        let next = match ahead.pop_front() {
            Some((len, line)) => {
                buf = line;
                Ok(Some(len))
            }
            None => bytes.read_line(&mut buf, max),
        };
        let len = match next {
            Ok(Some(len)) => len,
            Ok(None) => return None,
            Err(e) => {
                done = true;
                return Some(Err(anyhow::anyhow!(
                    "{shown}:{}: cannot read: {e}",
                    lineno + 1
                )));
            }
        };
        lineno += 1;
        let source = format!("{shown}:{lineno}");
        if len > max as u64 {
            row += 1;
            let reason = too_large("row", len, max);
            return Some(Ok(Entry::Skip(Skip::new(
                source,
                SkipKind::TooLarge,
                reason,
            ))));
        }
        let text = match decode_row(&buf, encoding) {
            Ok(t) => t,
            Err(reason) => {
                let out = bad_row(skip_bad, source, reason);
                done = out.is_err();
                return Some(out);
            }
        };
        if is_blank_line(&text) {
            continue;
        }
        row += 1;
        let out = json_row(&schema, &text, source, row, skip_bad)?;
        done = out.is_err();
        return Some(out);
    });
    Ok(Corpus {
        meta_columns: meta_names,
        warnings,
        entries: Box::new(entries),
    })
}
