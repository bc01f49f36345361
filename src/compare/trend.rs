//! Rates per period (and per group within each period), with intervals: the long table behind
//! `framescope trend` and the report's trend chart.

use super::data::RunData;
use super::sample::{scheme_for, Sample};
use super::unit::{Grouping, LeftOut, Unit};
use super::{none_if_nan, Settings, SettingsOut, MIN_ARTICLES, N_TOO_SMALL};
use crate::error::Result;
use crate::stats::{self, ArticleCount, Interval, Scheme};
use serde::Serialize;

/// One frame in one period (and group): own-voice title+body hits per 1,000 tokens.
#[derive(Debug, Clone, Serialize)]
pub struct TrendRow {
    pub period: String,
    /// The group's value; empty without `--group-by`.
    pub group: String,
    pub frame: String,
    pub side: String,
    pub outlets: usize,
    pub articles: usize,
    pub tokens: f64,
    pub hits: f64,
    pub rate: Option<f64>,
    pub ci: Option<Interval>,
    pub scheme: Scheme,
    pub note: String,
}

/// A trend: every period from the first dated article to the last, in time order.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    /// `week`, `month`, `quarter` or `year`.
    pub period: String,
    pub date_col: String,
    pub group_by: Option<String>,
    pub periods: Vec<String>,
    /// Group values in order; one empty name without `--group-by`.
    pub groups: Vec<String>,
    pub frames: Vec<String>,
    pub settings: SettingsOut,
    /// Period, then group, then frame (lexicon order).
    pub rows: Vec<TrendRow>,
    pub left_out: Vec<LeftOut>,
}

/// The trend of `frames` (frame indices of the run, lexicon order) over `periods`, within each
/// value of `groups` when given.
pub fn trend(
    run: &RunData,
    periods: &Grouping,
    groups: Option<&Grouping>,
    frames: &[usize],
    s: &Settings,
) -> Result<Trend> {
    let Unit::Period { period, date_col } = &periods.unit else {
        return Err(crate::error::Error::Usage(
            "a trend needs periods: --by week|month|quarter|year".into(),
        ));
    };
    let group_values: Vec<String> =
        groups.map_or_else(|| vec![String::new()], |g| g.values.clone());
    // One sample per (period, group), built in one pass over the articles.
    let ng = group_values.len();
    let names: Vec<String> = periods
        .values
        .iter()
        .flat_map(|p| {
            group_values
                .iter()
                .map(move |g| format!("{p} {g}").trim().to_string())
        })
        .collect();
    let cell_of: Vec<Option<usize>> = (0..periods.of_doc.len())
        .map(|i| {
            let g = match groups {
                Some(gr) => gr.of_doc[i]?,
                None => 0,
            };
            Some(periods.of_doc[i]? * ng + g)
        })
        .collect();
    let samples = run.samples_of(&names, &cell_of);
    let unit = groups.map_or(&periods.unit, |gr| &gr.unit);
    let mut rows = Vec::new();
    for (p, period_name) in periods.values.iter().enumerate() {
        for (g, group_name) in group_values.iter().enumerate() {
            let sample = &samples[p * ng + g];
            let (scheme, _) = scheme_for(unit, &[sample], s.scheme);
            for &f in frames {
                rows.push(TrendRow {
                    period: period_name.clone(),
                    group: group_name.clone(),
                    ..cell(run, sample, f, scheme, s)
                });
            }
        }
    }
    let mut left_out = periods.left_out.clone();
    let mut seen: std::collections::HashSet<String> =
        left_out.iter().map(|l| l.doc_id.clone()).collect();
    for l in groups.into_iter().flat_map(|g| &g.left_out) {
        if seen.insert(l.doc_id.clone()) {
            left_out.push(l.clone());
        }
    }
    left_out.sort_by_key(|l| l.line);
    Ok(Trend {
        period: period.to_string(),
        date_col: date_col.clone(),
        group_by: groups.map(|g| g.unit.name().to_string()),
        periods: periods.values.clone(),
        groups: group_values,
        frames: frames.iter().map(|&f| run.frames[f].0.clone()).collect(),
        settings: s.out(),
        rows,
        left_out,
    })
}

/// Frame `f` in one period (and group); the caller names the period and group.
fn cell(run: &RunData, sample: &Sample, f: usize, scheme: Scheme, s: &Settings) -> TrendRow {
    let counts = sample.map(|d| ArticleCount {
        hits: d.frame_hits[f],
        tokens: d.tokens,
    });
    let flat = counts.concat();
    let enough = flat.len() >= MIN_ARTICLES;
    let rate = stats::pooled_rate(&flat);
    let ci = (enough && rate.is_some())
        .then(|| {
            // The same stream per frame as `compare`, so adding a frame changes no other.
            let seed = s.seed.wrapping_add(f as u64);
            let vals = stats::bootstrap_clustered(&[&counts[..]], scheme, s.resamples, seed, |c| {
                stats::pooled_rate(&c[0]).unwrap_or(f64::NAN)
            });
            stats::percentile_interval(vals, s.level)
        })
        .flatten();
    let (frame, side) = &run.frames[f];
    TrendRow {
        period: String::new(),
        group: String::new(),
        frame: frame.clone(),
        side: side.clone(),
        outlets: sample.outlets(),
        articles: flat.len(),
        tokens: stats::total(flat.iter().map(|c| c.tokens)),
        hits: stats::total(flat.iter().map(|c| c.hits)),
        rate: rate.and_then(none_if_nan),
        ci,
        scheme,
        note: match (flat.is_empty(), enough) {
            (true, _) => "no articles".into(),
            (false, false) => N_TOO_SMALL.into(),
            _ => String::new(),
        },
    }
}

/// Own-voice title+body hits of every frame (lexicon order) over the articles a trend keeps:
/// those with a period and, when grouped, a group. Cheap, so a caller can choose frames before
/// paying for their intervals.
pub fn trend_hits(run: &RunData, periods: &Grouping, groups: Option<&Grouping>) -> Vec<f64> {
    let mut hits = vec![0.0; run.frames.len()];
    for (i, d) in run.docs.iter().enumerate() {
        let kept = periods.of_doc[i].is_some() && groups.is_none_or(|g| g.of_doc[i].is_some());
        if kept {
            for (h, x) in hits.iter_mut().zip(&d.frame_hits) {
                *h += x;
            }
        }
    }
    hits
}

impl RunData {
    /// Frame indices for frame ids given on the command line (exact, else case-insensitive,
    /// else a unique prefix); all frames when none are given.
    pub fn frame_indices(&self, wanted: &[String]) -> Result<Vec<usize>> {
        let ids: Vec<String> = self.frames.iter().map(|(id, _)| id.clone()).collect();
        if wanted.is_empty() {
            return Ok((0..ids.len()).collect());
        }
        let mut out = Vec::new();
        for w in wanted {
            let id = crate::kwic::resolve_name(w, &ids, "frame")?;
            let i = ids.iter().position(|x| x == id).unwrap_or(0);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        Ok(out)
    }
}
