//! Keyword in context: every hit of a frame from a finished run's `hits.csv`, streamed.

use crate::error::{Error, Result};
use crate::run::{DocumentRow, HitRow, OutletSummaryRow, RunDir, Table, TableError};
use crate::types::{Voice, Zone};

/// Which hits [`for_each`] passes on.
#[derive(Debug, Clone, Default)]
pub struct KwicFilter {
    pub frame: String,
    /// Outlet name: exact, else case-insensitive, else a unique prefix.
    pub outlet: Option<String>,
    pub voice: Option<Voice>,
    pub zone: Option<Zone>,
}

/// The run's outlets, in table order (from `outlet_summary.csv`).
pub fn outlets(run: &RunDir) -> Result<Vec<String>> {
    Ok(run
        .read_all::<OutletSummaryRow>()?
        .into_iter()
        .map(|r| r.outlet)
        .collect())
}

/// Resolves an outlet name: an exact match wins, then a unique case-insensitive match, then a
/// unique case-insensitive prefix.
pub fn resolve_outlet<'a>(wanted: &str, outlets: &'a [String]) -> Result<&'a str> {
    resolve_name(wanted, outlets, "outlet")
}

/// [`resolve_outlet`] for the values of any unit (`kind` names them in messages: `outlet`,
/// `group`, `month`).
pub fn resolve_name<'a>(wanted: &str, names: &'a [String], kind: &str) -> Result<&'a str> {
    if let Some(o) = names.iter().find(|o| *o == wanted) {
        return Ok(o);
    }
    let w = wanted.to_lowercase();
    let pick = |matches: Vec<&'a String>| -> Option<Result<&'a str>> {
        match matches.as_slice() {
            [] => None,
            [one] => Some(Ok(one.as_str())),
            many => Some(Err(Error::Usage(format!(
                "{wanted:?} matches several values of {kind}: {} (give the exact name)",
                many.iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )))),
        }
    };
    let same: Vec<&String> = names.iter().filter(|o| o.to_lowercase() == w).collect();
    if let Some(r) = pick(same) {
        return r;
    }
    let prefixed: Vec<&String> = names
        .iter()
        .filter(|o| o.to_lowercase().starts_with(&w))
        .collect();
    pick(prefixed).unwrap_or_else(|| {
        Err(Error::Usage(format!(
            "no {kind} matches {wanted:?} ({kind} values: {})",
            names.join(", ")
        )))
    })
}

/// Calls `f` on every hit that passes the filter, in file order, one row in memory at a time;
/// returns how many passed. An unknown frame or outlet is an error before any row is read.
pub fn for_each(
    run: &RunDir,
    filter: &KwicFilter,
    mut f: impl FnMut(&HitRow) -> Result<()>,
) -> Result<usize> {
    let frames = &run.manifest().lexicon.frame_labels;
    if !frames.iter().any(|fr| fr.id == filter.frame) {
        return Err(Error::Usage(format!(
            "no frame {:?} in the run's lexicon (frames: {})",
            filter.frame,
            frames
                .iter()
                .map(|f| f.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let outlet = match &filter.outlet {
        Some(o) => Some(resolve_outlet(o, &outlets(run)?)?.to_string()),
        None => None,
    };
    // Every hit must belong to a document of this run: a hits.csv copied from another run,
    // or a documents.csv cut short, is an error rather than evidence without its article.
    let mut docs = std::collections::HashSet::new();
    for d in run.rows::<DocumentRow>()? {
        docs.insert(d?.doc_id);
    }
    let mut n = 0;
    let mut rows = run.rows::<HitRow>()?;
    while let Some(row) = rows.next() {
        let row = row?;
        if !docs.contains(&*row.doc_id) {
            return Err(TableError {
                file: run.table_path(Table::Hits),
                line: rows.line(),
                column: Some("doc_id".into()),
                message: format!("document {:?} is not in documents.csv", row.doc_id),
            }
            .into());
        }
        let pass = row.frame == filter.frame
            && outlet.as_deref().is_none_or(|o| row.outlet == o)
            && filter.voice.is_none_or(|v| row.voice == v)
            && filter.zone.is_none_or(|z| row.zone == z);
        if pass {
            n += 1;
            f(&row)?;
        }
    }
    Ok(n)
}

/// Who does the act and the side it serves: "by azerbaijan -> am", or "no agent -> az" when
/// the frame's default side applies.
pub fn agent_note(row: &HitRow) -> String {
    let side = row.side.as_deref().unwrap_or("no side");
    match &row.agent {
        Some(a) => format!("by {a} -> {side}"),
        None => format!("no agent -> {side}"),
    }
}

/// Left context, match and right context, each side cut to `side` characters.
pub fn split(row: &HitRow, side: usize) -> (String, String, String) {
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
