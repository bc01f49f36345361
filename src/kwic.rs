//! Keyword in context: every hit of a frame from a finished run's `hits.csv`.

use crate::report;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// One hit, as `kwic` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KwicRow {
    pub doc_id: String,
    pub outlet: String,
    pub frame: String,
    pub term: String,
    pub matched: String,
    pub voice: String,
    pub zone: String,
    pub attributed: bool,
    pub negated: bool,
    pub context: String,
    /// Character offset of `matched` in `context`.
    pub context_offset: usize,
}

/// Filters for [`load`].
#[derive(Debug, Clone, Default)]
pub struct KwicFilter {
    pub frame: String,
    /// Case-insensitive outlet name or unique prefix.
    pub outlet: Option<String>,
    pub voice: Option<String>,
    pub zone: Option<String>,
}

/// The output folder of the most recent run under `root` (newest `run.json`).
pub fn latest_run(root: &Path) -> Option<PathBuf> {
    let mut best: Option<(std::time::SystemTime, PathBuf)> = None;
    for entry in std::fs::read_dir(root).ok()?.flatten() {
        let run = entry.path().join(report::RUN);
        if let Ok(t) = run.metadata().and_then(|m| m.modified()) {
            if best.as_ref().is_none_or(|(bt, _)| t > *bt) {
                best = Some((t, entry.path()));
            }
        }
    }
    best.map(|(_, p)| p)
}

/// Resolves an outlet name given as a case-insensitive name or unique prefix.
pub fn resolve_outlet<'a>(wanted: &str, outlets: &'a [String]) -> Result<&'a str> {
    let w = wanted.to_lowercase();
    if let Some(o) = outlets.iter().find(|o| o.to_lowercase() == w) {
        return Ok(o);
    }
    let matches: Vec<&String> = outlets
        .iter()
        .filter(|o| o.to_lowercase().starts_with(&w))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => bail!(
            "no outlet matches {wanted:?} (outlets: {})",
            outlets.join(", ")
        ),
        many => bail!(
            "{wanted:?} matches several outlets: {}",
            many.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Reads every hit of a run folder, in file order.
pub fn load_all(dir: &Path) -> Result<Vec<KwicRow>> {
    let mut all = Vec::new();
    for_each_hit(dir, |row| {
        all.push(row);
        Ok(())
    })?;
    Ok(all)
}

/// Calls `f` on every hit of a run folder, in file order, one row in memory at a time.
pub fn for_each_hit(dir: &Path, mut f: impl FnMut(KwicRow) -> Result<()>) -> Result<()> {
    let path = dir.join(report::HITS);
    let (mut rdr, headers) = report::open_table(&path)?;
    let c: Vec<usize> = [
        "doc_id",
        "outlet",
        "frame",
        "term",
        "matched",
        "voice",
        "zone",
        "attributed",
        "negated",
        "context",
        "context_offset",
    ]
    .iter()
    .map(|n| report::col(&headers, n, &path))
    .collect::<Result<_>>()?;
    for rec in rdr.records() {
        let rec = rec.with_context(|| format!("{}: unreadable row", path.display()))?;
        let get = |i: usize| rec.get(c[i]).unwrap_or("").to_string();
        f(KwicRow {
            doc_id: get(0),
            outlet: get(1),
            frame: get(2),
            term: get(3),
            matched: get(4),
            voice: get(5),
            zone: get(6),
            attributed: get(7) == "true",
            negated: get(8) == "true",
            context: get(9),
            context_offset: get(10).parse().unwrap_or(0),
        })?;
    }
    Ok(())
}

/// Reads the hits of a run folder that pass the filter, in file order.
pub fn load(dir: &Path, filter: &KwicFilter) -> Result<Vec<KwicRow>> {
    let all = load_all(dir)?;
    let path = dir.join(report::HITS);
    let mut frames: Vec<&str> = all.iter().map(|r| r.frame.as_str()).collect();
    frames.sort_unstable();
    frames.dedup();
    if !frames.contains(&filter.frame.as_str()) {
        bail!(
            "no hits of frame {:?} in {} (frames with hits: {})",
            filter.frame,
            path.display(),
            frames.join(", ")
        );
    }
    let outlet = match &filter.outlet {
        Some(o) => {
            let mut outlets: Vec<String> = all.iter().map(|r| r.outlet.clone()).collect();
            outlets.sort();
            outlets.dedup();
            Some(resolve_outlet(o, &outlets)?.to_string())
        }
        None => None,
    };
    Ok(all
        .into_iter()
        .filter(|r| r.frame == filter.frame)
        .filter(|r| outlet.as_ref().is_none_or(|o| &r.outlet == o))
        .filter(|r| filter.voice.as_ref().is_none_or(|v| &r.voice == v))
        .filter(|r| filter.zone.as_ref().is_none_or(|z| &r.zone == z))
        .collect())
}

/// Left context, match and right context, each side cut to `side` characters.
pub fn split(row: &KwicRow, side: usize) -> (String, String, String) {
    let chars: Vec<char> = row.context.chars().collect();
    let start = row.context_offset.min(chars.len());
    let end = (start + row.matched.chars().count()).min(chars.len());
    let left: String = chars[start.saturating_sub(side)..start].iter().collect();
    let right: String = chars[end..(end + side).min(chars.len())].iter().collect();
    let left = if start > side {
        format!("…{left}")
    } else {
        left
    };
    let right = if chars.len() > end + side {
        format!("{right}…")
    } else {
        right
    };
    (left, chars[start..end].iter().collect(), right)
}
