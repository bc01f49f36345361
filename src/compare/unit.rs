//! The unit of comparison: outlets, the values of a metadata column (`group`, `country`), or
//! calendar periods of a date column. A [`Grouping`] assigns each article of a run to one value
//! of the unit, and lists every article it had to leave out and why.

use super::data::RunData;
use super::period::{parse_date, Period};
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// What articles are grouped by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    Outlet,
    /// A metadata column of `documents.csv` (from the manifest or a CSV/JSONL column).
    Column(String),
    /// Calendar periods of an ISO date column.
    Period {
        period: Period,
        date_col: String,
    },
}

impl Unit {
    /// The word for one value of the unit, used as a column header: `outlet`, `group`, `month`.
    pub fn name(&self) -> &str {
        match self {
            Unit::Outlet => "outlet",
            Unit::Column(c) => c,
            Unit::Period { period, .. } => period.as_str(),
        }
    }

    /// Whether groups of this unit are made of several outlets (so that outlets, not
    /// articles, are the first stage of resampling).
    pub fn groups_outlets(&self) -> bool {
        !matches!(self, Unit::Outlet)
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unit::Outlet => f.write_str("outlet"),
            Unit::Column(c) => write!(f, "column {c}"),
            Unit::Period { period, date_col } => write!(f, "{period} of {date_col}"),
        }
    }
}

/// Most periods a grouping may span: a stray year 0001 among 2020 dates would otherwise make
/// a trend of 100,000 empty weeks.
pub const MAX_PERIODS: i64 = 10_000;

/// Date columns tried, in order, when `--date-col` is not given.
pub const DATE_COLUMNS: [&str; 3] = ["date", "published", "published_at"];

/// `--by` and `--date-col` as given, resolved against a run's metadata columns by
/// [`UnitSpec::resolve`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitSpec {
    /// `outlet`, `week|month|quarter|year`, a metadata column, or `column:NAME` for a column
    /// named like a period. `None` means outlets.
    pub by: Option<String>,
    pub date_col: Option<String>,
}

impl UnitSpec {
    pub fn new(by: Option<&str>, date_col: Option<&str>) -> UnitSpec {
        UnitSpec {
            by: by.map(str::to_string),
            date_col: date_col.map(str::to_string),
        }
    }

    /// The unit, checked against the run's metadata columns.
    pub fn resolve(&self, meta: &[String]) -> Result<Unit> {
        let by = self.by.as_deref().unwrap_or("outlet");
        let has = |c: &str| meta.iter().any(|m| m == c);
        let listed = || {
            if meta.is_empty() {
                "the run has no metadata columns".to_string()
            } else {
                format!("the run's metadata columns: {}", meta.join(", "))
            }
        };
        if let Ok(period) = by.parse::<Period>() {
            let date_col = match &self.date_col {
                Some(c) if has(c) => c.clone(),
                Some(c) => {
                    return Err(Error::Usage(format!(
                        "--date-col {c}: no such column in documents.csv ({})",
                        listed()
                    )))
                }
                None => match DATE_COLUMNS.iter().find(|c| has(c)) {
                    Some(c) => c.to_string(),
                    None => {
                        return Err(Error::Usage(format!(
                            "--by {by} needs a date column: name it with --date-col ({})",
                            listed()
                        )))
                    }
                },
            };
            return Ok(Unit::Period { period, date_col });
        }
        if self.date_col.is_some() {
            return Err(Error::Usage(format!(
                "--date-col applies only to --by {}",
                Period::NAMES.join("|")
            )));
        }
        let column = by.strip_prefix("column:").unwrap_or(by);
        if column == "outlet" {
            return Ok(Unit::Outlet);
        }
        if has(column) {
            Ok(Unit::Column(column.to_string()))
        } else {
            Err(Error::Usage(format!(
                "--by {by}: no such column in documents.csv ({}; or one of outlet, {})",
                listed(),
                Period::NAMES.join(", ")
            )))
        }
    }
}

/// An article the grouping could not place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    pub doc_id: String,
    /// Where the article came from (`file` or `file:line`).
    pub source: String,
    /// The line of `documents.csv` that holds it.
    pub line: usize,
    pub value: String,
    pub reason: String,
}

/// Every article of a run assigned to one value of a unit.
#[derive(Debug, Clone)]
pub struct Grouping {
    pub unit: Unit,
    /// The unit's values in order (periods in time order, every period from the first to the
    /// last, so a trend shows the empty ones).
    pub values: Vec<String>,
    /// Index into `values` of each article of the run, `None` for one left out.
    pub(super) of_doc: Vec<Option<usize>>,
    pub left_out: Vec<LeftOut>,
}

impl Grouping {
    /// The value index of `name` (exact, else case-insensitive, else a unique prefix).
    pub fn find(&self, wanted: &str) -> Result<usize> {
        let name = crate::kwic::resolve_name(wanted, &self.values, self.unit.name())?;
        Ok(self.values.iter().position(|v| v == name).unwrap_or(0))
    }

    /// Articles per value.
    pub fn sizes(&self) -> Vec<usize> {
        let mut n = vec![0; self.values.len()];
        for v in self.of_doc.iter().flatten() {
            n[*v] += 1;
        }
        n
    }

    /// One line for standard error saying what was left out, or `None`; the first few
    /// articles are named, all of them are in the JSON output.
    pub fn left_out_note(&self) -> Option<String> {
        let first = self.left_out.first()?;
        let more = match self.left_out.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        Some(format!(
            "warning: {} article(s) left out of the {}: documents.csv line {} ({}): {}{more}",
            self.left_out.len(),
            self.unit,
            first.line,
            first.source,
            first.reason,
        ))
    }
}

impl RunData {
    /// Assigns every article to a value of `unit`; an empty value or, for periods, a date that
    /// does not parse leaves the article out and lists it.
    pub fn grouping(&self, unit: &Unit) -> Result<Grouping> {
        let col = match unit {
            Unit::Outlet => None,
            Unit::Column(c) | Unit::Period { date_col: c, .. } => Some(self.meta_index(c)?),
        };
        let mut left_out = Vec::new();
        let mut keys: Vec<Option<i64>> = Vec::with_capacity(self.docs.len());
        let mut names: BTreeMap<String, i64> = BTreeMap::new();
        for (i, d) in self.docs.iter().enumerate() {
            let value = col.map_or(d.outlet.as_str(), |c| d.meta[c].as_str());
            let mut leave = |reason: String| {
                left_out.push(LeftOut {
                    doc_id: d.id.clone(),
                    source: d.source.clone(),
                    line: i + 2,
                    value: value.to_string(),
                    reason,
                });
                None
            };
            let key = match unit {
                _ if value.trim().is_empty() => {
                    leave(format!("no value in column {}", unit.name()))
                }
                Unit::Period { period, date_col } => match parse_date(value) {
                    Ok(date) => Some(period.ordinal(date)),
                    Err(e) => leave(format!("{e} in column {date_col}")),
                },
                _ => {
                    let next = names.len() as i64;
                    Some(*names.entry(value.to_string()).or_insert(next))
                }
            };
            keys.push(key);
        }
        let (values, index): (Vec<String>, BTreeMap<i64, usize>) = match unit {
            Unit::Period { period, .. } => {
                let (lo, hi) = (keys.iter().flatten().min(), keys.iter().flatten().max());
                if let Some((l, h)) = lo.zip(hi).filter(|(l, h)| *h - *l >= MAX_PERIODS) {
                    return Err(Error::Usage(format!(
                        "the dates span {} {period}s ({} to {}); check the dates, or use a longer period",
                        h - l + 1,
                        period.label(*l),
                        period.label(*h)
                    )));
                }
                // No dated article: no periods.
                let (lo, hi) = lo.zip(hi).map_or((0, -1), |(l, h)| (*l, *h));
                let values = (lo..=hi).map(|o| period.label(o)).collect();
                (values, (lo..=hi).map(|o| (o, (o - lo) as usize)).collect())
            }
            _ => {
                // BTreeMap order: values sorted by name.
                let values: Vec<String> = names.keys().cloned().collect();
                let index = names
                    .values()
                    .enumerate()
                    .map(|(sorted, &first_seen)| (first_seen, sorted))
                    .collect();
                (values, index)
            }
        };
        Ok(Grouping {
            unit: unit.clone(),
            values,
            of_doc: keys.into_iter().map(|k| k.map(|k| index[&k])).collect(),
            left_out,
        })
    }

    fn meta_index(&self, column: &str) -> Result<usize> {
        self.meta_columns
            .iter()
            .position(|c| c == column)
            .ok_or_else(|| Error::Usage(format!("no column {column} in documents.csv")))
    }
}
