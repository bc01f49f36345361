//! A folder of `.txt` files, with an optional `manifest.csv`.

use super::reader::CsvReader;
use super::{
    decode, meta_columns, too_large, Corpus, CorpusOptions, Entry, MetaColumn, OutletFrom,
};
use crate::types::{Document, Skip, SkipKind};
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

/// One `.txt` file found under the corpus folder.
struct Found {
    path: PathBuf,
    /// Path relative to the corpus folder, with `/` between parts.
    rel: String,
    /// The file it is, after following symlinks.
    real: PathBuf,
    via_symlink: bool,
}

/// A file to read, or an input skipped while listing the folder.
enum Item {
    File(PathBuf, String),
    Skip(Skip),
}

/// Skips met during the walk, each with the number of files found before it.
type WalkSkips = Vec<(usize, Skip)>;

/// Lists the `.txt` files under `root`, following symlinks to files and folders. A symlink
/// loop, a dangling symlink or an unlistable folder becomes a skip; the walk goes on.
fn walk(root: &Path) -> Result<(Vec<Found>, WalkSkips)> {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) if e.depth() == 0 => {
                return Err(e).with_context(|| format!("{}: cannot list", root.display()))
            }
            Err(e) => {
                if let Some(skip) = walk_error(&e) {
                    skipped.push((found.len(), skip));
                }
                continue;
            }
        };
        let p = entry.path();
        if entry.file_type().is_file() && is_txt(p) {
            let rel = rel(root, p);
            let real = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
            // Reached through a symlink (to it or to a folder above it).
            let via_symlink = real != real_root.join(&rel);
            found.push(Found {
                path: p.to_path_buf(),
                rel,
                real,
                via_symlink,
            });
        }
    }
    Ok((found, skipped))
}

fn is_txt(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The skip for an entry the walk could not follow, if it concerns the corpus.
fn walk_error(e: &walkdir::Error) -> Option<Skip> {
    let path = e.path()?;
    let source = path.display().to_string();
    if let Some(ancestor) = e.loop_ancestor() {
        return Some(Skip::new(
            source,
            SkipKind::Symlink,
            format!(
                "symlink loop: leads back to {}; not followed",
                ancestor.display()
            ),
        ));
    }
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link && std::fs::metadata(path).is_err() {
        if !is_txt(path) {
            return None;
        }
        let target = std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        return Some(Skip::new(
            source,
            SkipKind::Unreadable,
            format!("broken symlink (its target {target} does not exist)"),
        ));
    }
    Some(Skip::new(
        source,
        SkipKind::Unreadable,
        format!("cannot list: {}", crate::clean::one_line(e)),
    ))
}

/// Keeps one path per real file: the one the manifest lists, else one not reached through a
/// symlink, else the first. The others are skipped, naming the one kept.
fn dedupe(found: Vec<Found>, listed: impl Fn(&str) -> bool) -> Vec<Item> {
    let mut best: HashMap<&Path, usize> = HashMap::new();
    for (i, f) in found.iter().enumerate() {
        let rank = |f: &Found| (!listed(&f.rel), f.via_symlink);
        best.entry(&f.real)
            .and_modify(|b| {
                if rank(f) < rank(&found[*b]) {
                    *b = i;
                }
            })
            .or_insert(i);
    }
    let keep: Vec<usize> = found.iter().map(|f| best[f.real.as_path()]).collect();
    let rels: Vec<String> = found.iter().map(|f| f.rel.clone()).collect();
    found
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            if keep[i] == i {
                Item::File(f.path, f.rel)
            } else {
                Item::Skip(Skip::new(
                    f.path.display().to_string(),
                    SkipKind::Symlink,
                    format!(
                        "same file as {} (through a symlink); read once",
                        rels[keep[i]]
                    ),
                ))
            }
        })
        .collect()
}

/// Column options name columns of a CSV/JSONL corpus; a folder has only its manifest, whose
/// outlet column `--outlet-col` may name. Any other is an error, not silently ignored.
fn check_folder_options(root: &Path, opts: &CorpusOptions) -> Result<()> {
    let (c, d) = (&opts.columns, super::Columns::default());
    let manifest = root.join("manifest.csv");
    if c.outlet != d.outlet && (opts.outlet_from == OutletFrom::Dir || !manifest.is_file()) {
        bail!(
            "{}: --outlet-col {} names a column of manifest.csv, and this folder corpus has {}",
            root.display(),
            c.outlet,
            if opts.outlet_from == OutletFrom::Dir {
                "--outlet-from dir"
            } else {
                "no manifest.csv"
            }
        );
    }
    for (flag, given, default) in [("--text-col", &c.text, &d.text), ("--id-col", &c.id, &d.id)] {
        if given != default {
            bail!(
                "{}: {flag} applies to CSV and JSONL corpora; a folder corpus has one article per \
                 file (its id is the file name, its text the file)",
                root.display()
            );
        }
    }
    Ok(())
}

pub(super) fn open_dir(root: &Path, opts: &CorpusOptions, max: usize) -> Result<Corpus> {
    let (found, walk_skips) = walk(root)?;
    let mut warnings = Vec::new();
    let manifest_path = root.join("manifest.csv");
    check_folder_options(root, opts)?;
    let use_manifest = opts.outlet_from == OutletFrom::Manifest && manifest_path.is_file();
    let (meta_columns, manifest) = if use_manifest {
        read_manifest(
            &manifest_path,
            &opts.columns.outlet,
            opts.encoding,
            &mut warnings,
        )?
    } else {
        (Vec::new(), HashMap::new())
    };
    let items = dedupe(found, |rel| manifest.contains_key(rel));
    // Walk skips go back where the walk met them, before the file found after them.
    let mut entries_in_order: Vec<Item> = Vec::with_capacity(items.len() + walk_skips.len());
    let mut walk_skips = walk_skips.into_iter().peekable();
    for (i, item) in items.into_iter().enumerate() {
        while let Some((_, s)) = walk_skips.next_if(|(at, _)| *at <= i) {
            entries_in_order.push(Item::Skip(s));
        }
        entries_in_order.push(item);
    }
    entries_in_order.extend(walk_skips.map(|(_, s)| Item::Skip(s)));
    if use_manifest {
        let present: BTreeSet<&str> = entries_in_order
            .iter()
            .filter_map(|i| match i {
                Item::File(_, rel) => Some(rel.as_str()),
                Item::Skip(_) => None,
            })
            .collect();
        let mut missing: Vec<&str> = manifest
            .keys()
            .map(String::as_str)
            .filter(|f| !present.contains(f))
            .collect();
        missing.sort();
        if !missing.is_empty() {
            warnings.push(format!(
                "{}: {} listed file(s) not found: {}",
                manifest_path.display(),
                missing.len(),
                missing.join(", ")
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
    let title_col = opts.columns.title.clone();
    let has_title = meta_columns.iter().any(|m| m.name == title_col);
    let (title_column, first_line) = super::rows::title_rule(
        opts.title,
        has_title,
        &title_col,
        &manifest_path.display().to_string(),
    )?;
    let entries = entries_in_order.into_iter().map(move |item| {
        let (path, name) = match item {
            Item::File(p, n) => (p, n),
            Item::Skip(s) => return Ok(Entry::Skip(s)),
        };
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
        let bytes = match read_capped(&path, max) {
            Ok(Ok(b)) => b,
            Ok(Err(len)) => {
                return Ok(Entry::Skip(Skip::new(
                    source,
                    SkipKind::TooLarge,
                    too_large("file", len, max),
                )))
            }
            Err(e) => {
                return Ok(Entry::Skip(Skip::new(
                    source,
                    SkipKind::Unreadable,
                    format!("cannot read: {e}"),
                )))
            }
        };
        match decode(&bytes, encoding) {
            Ok(text) => {
                let title = meta.get(&title_col).map_or("", |t| t.trim());
                let (text, first_line_is_title) = match (title_column, title.is_empty()) {
                    (true, false) => (format!("{title}\n\n{text}"), true),
                    (true, true) => (text, false),
                    (false, _) => (text, first_line),
                };
                Ok(Entry::Doc(Document {
                    id: path
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    outlet,
                    meta,
                    text,
                    source,
                    first_line_is_title,
                }))
            }
            Err((kind, reason)) => Ok(Entry::Skip(Skip::new(source, kind, reason))),
        }
    });
    Ok(Corpus {
        meta_columns: meta_columns.into_iter().map(|m| m.name).collect(),
        warnings,
        entries: Box::new(entries),
    })
}

/// A file's bytes, or its length when it has more than `max` bytes (then it is not read).
fn read_capped(path: &Path, max: usize) -> std::io::Result<Result<Vec<u8>, u64>> {
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len > max as u64 {
        return Ok(Err(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > max {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}

/// A manifest path as the walk spells it: `/` between parts, no `.` parts or empty parts
/// (`./a.txt`, `sub\b.txt` and `sub//b.txt` name `a.txt`, `sub/b.txt`).
fn normalize_path(p: &str) -> String {
    p.split(['/', '\\'])
        .filter(|part| !part.is_empty() && *part != ".")
        .collect::<Vec<_>>()
        .join("/")
}

type Manifest = HashMap<String, (String, BTreeMap<String, String>)>;

fn read_manifest(
    path: &Path,
    outlet_col: &str,
    encoding: Option<&'static encoding_rs::Encoding>,
    warnings: &mut Vec<String>,
) -> Result<(Vec<MetaColumn>, Manifest)> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).with_context(|| format!("{shown}: cannot open"))?;
    let text =
        decode(&bytes, encoding).map_err(|(_, reason)| anyhow::anyhow!("{shown}: {reason}"))?;
    let mut rdr = CsvReader::new(std::io::Cursor::new(text.into_bytes()), usize::MAX)
        .with_context(|| format!("{shown}: cannot read"))?;
    let mut next = || -> Result<Option<(usize, Vec<String>)>> {
        let Some(rec) = rdr
            .read_record()
            .with_context(|| format!("{shown}: cannot read"))?
        else {
            return Ok(None);
        };
        if let Some(q) = rec.unclosed {
            bail!("{shown}:{}: unclosed quote: the quoted field opened on this line runs to the end of the file", q.line);
        }
        let fields = rec
            .fields
            .into_iter()
            .map(|f| String::from_utf8_lossy(&f).into_owned())
            .collect();
        Ok(Some((rec.line, fields)))
    };
    let headers: Vec<String> = next()?
        .map(|(_, h)| h.iter().map(|h| h.trim().to_string()).collect())
        .unwrap_or_default();
    let col = |name: &str| {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            anyhow::anyhow!(
                "{shown}: missing required column `{name}` (found: {})",
                headers.join(", ")
            )
        })
    };
    let (fcol, ocol) = (col("file")?, col(outlet_col)?);
    let others: Vec<usize> = (0..headers.len())
        .filter(|&i| i != fcol && i != ocol)
        .collect();
    let meta = meta_columns(
        &shown,
        others.iter().map(|&i| headers[i].clone()).collect(),
        warnings,
    );
    let mut map = Manifest::new();
    while let Some((line, rec)) = next()? {
        if rec.len() != headers.len() {
            bail!(
                "{shown}:{line}: row has {} fields, expected {}",
                rec.len(),
                headers.len()
            );
        }
        let file = normalize_path(rec[fcol].trim());
        let outlet = rec[ocol].trim().to_string();
        if file.is_empty() || outlet.is_empty() {
            bail!("{shown}:{line}: empty `file` or `outlet`");
        }
        let values = others
            .iter()
            .zip(&meta)
            .map(|(&i, m)| (m.name.clone(), rec[i].clone()))
            .collect();
        if map.insert(file.clone(), (outlet, values)).is_some() {
            bail!("{shown}:{line}: file {file:?} is listed twice");
        }
    }
    Ok((meta, map))
}
