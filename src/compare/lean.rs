//! Lean of outlets, groups and periods, with intervals, and the ranking of every value of a
//! unit by lean.

use super::data::{Doc, RunData};
use super::sample::{scheme_for, Sample};
use super::unit::{Grouping, LeftOut, Unit};
use super::{none_if_nan, Settings, MIN_ARTICLES, N_TOO_SMALL};
use crate::stats::{self, Interval, Scheme};
use serde::Serialize;

/// Lean of one outlet, group or period, own voice and quote voice.
#[derive(Debug, Clone, Serialize)]
pub struct LeanRow {
    /// The outlet, group or period.
    pub name: String,
    pub outlets: usize,
    pub articles: usize,
    pub lean_own: Option<f64>,
    pub lean_own_ci: Option<Interval>,
    pub lean_quote: Option<f64>,
    pub lean_quote_ci: Option<Interval>,
    pub scheme: Scheme,
    pub note: String,
}

fn lean_of(docs: &[&Doc], own: bool) -> f64 {
    let (i, j) = if own { (0, 1) } else { (2, 3) };
    let (a, b) = docs
        .iter()
        .fold((0.0, 0.0), |(a, b), d| (a + d.lean[i], b + d.lean[j]));
    stats::lean(a, b)
}

/// Lean of an outlet with bootstrap intervals over its articles.
pub fn lean_row(run: &RunData, outlet: &str, s: &Settings) -> LeanRow {
    sample_lean(&run.outlet_sample(outlet), &Unit::Outlet, s)
}

/// Lean of a sample, with intervals by the sample's scheme.
pub fn sample_lean(sample: &Sample, unit: &Unit, s: &Settings) -> LeanRow {
    let docs = sample.docs();
    let enough = docs.len() >= MIN_ARTICLES;
    let (scheme, _) = scheme_for(unit, &[sample], s.scheme);
    let ci = |own: bool| {
        enough
            .then(|| {
                let vals = stats::bootstrap_clustered(
                    &[&sample.clusters[..]],
                    scheme,
                    s.resamples,
                    s.seed,
                    |g| lean_of(&g[0], own),
                );
                stats::percentile_interval(vals, s.level)
            })
            .flatten()
    };
    LeanRow {
        name: sample.name.clone(),
        outlets: sample.outlets(),
        articles: docs.len(),
        lean_own: none_if_nan(lean_of(&docs, true)),
        lean_own_ci: ci(true),
        lean_quote: none_if_nan(lean_of(&docs, false)),
        lean_quote_ci: ci(false),
        scheme,
        note: if enough {
            String::new()
        } else {
            N_TOO_SMALL.into()
        },
    }
}

/// Every value of a unit with its lean, and the matrix of differences (row minus column).
#[derive(Debug, Clone, Serialize)]
pub struct LeanRanking {
    /// `outlet`, `group`, `month` ...
    pub unit: String,
    pub formula: Option<String>,
    /// Frames left out of lean.
    pub lean_exclude: Vec<String>,
    /// Highest lean first, values without a lean last by name; periods in time order.
    pub rows: Vec<LeanRow>,
    pub matrix: Vec<Vec<Option<f64>>>,
    pub left_out: Vec<LeftOut>,
}

/// Ranks every outlet of the run by own-voice lean.
pub fn rank_by_lean(run: &RunData, s: &Settings) -> LeanRanking {
    let outlets = run
        .grouping(&Unit::Outlet)
        .expect("grouping by outlet needs no column");
    rank(run, &outlets, s)
}

/// Lean of every value of `g`: ranked, except periods, which stay in time order.
pub fn rank(run: &RunData, g: &Grouping, s: &Settings) -> LeanRanking {
    let mut rows: Vec<LeanRow> = run
        .samples(g)
        .iter()
        .map(|sample| sample_lean(sample, &g.unit, s))
        .filter(|r| r.articles > 0 || matches!(g.unit, Unit::Period { .. }))
        .collect();
    if !matches!(g.unit, Unit::Period { .. }) {
        rows.sort_by(|x, y| {
            y.lean_own
                .unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&x.lean_own.unwrap_or(f64::NEG_INFINITY))
                .then(x.name.cmp(&y.name))
        });
    }
    let matrix = rows
        .iter()
        .map(|x| {
            rows.iter()
                .map(|y| x.lean_own.zip(y.lean_own).map(|(p, q)| p - q))
                .collect()
        })
        .collect();
    LeanRanking {
        unit: g.unit.name().to_string(),
        formula: run.lean_formula(),
        lean_exclude: run.lean_exclude.clone(),
        rows,
        matrix,
        left_out: g.left_out.clone(),
    }
}
