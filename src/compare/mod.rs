//! Comparisons from a finished run's tables: two outlets, two groups of outlets or two
//! periods, per frame with bootstrap intervals and permutation tests; lean with intervals;
//! actor sentiment; keyness; and trends over periods.
//!
//! Reads `documents.csv`, `hits.csv`, `outlet_frames.csv`, `outlet_words.csv` and, when present,
//! `actor_mentions.csv`; never re-runs the pipeline or the model. When a side is made of several
//! outlets, intervals come from a two-stage bootstrap and permutations move whole outlets
//! ([`Scheme::TwoStage`]); every output says which scheme it used.

mod actors;
mod data;
mod keyness;
mod lean;
pub mod period;
mod sample;
mod trend;
mod unit;

pub use actors::{actor_mean, ActorMean, ActorRow};
pub use data::RunData;
pub use keyness::{keyness, keyness_file_name, keyness_file_name_by, sample_keyness, slug};
pub use lean::{lean_row, rank, rank_by_lean, sample_lean, LeanRanking, LeanRow};
pub use period::Period;
pub use sample::{scheme_for, Sample, SampleRates, SchemeChoice};
pub use trend::{trend, trend_hits, Trend, TrendRow};
pub use unit::{Grouping, LeftOut, Unit, UnitSpec, DATE_COLUMNS};

use crate::error::{Error, Result};
use crate::stats::{self, ArticleCount, Interval, Keyness, Scheme};
use data::Doc;
use serde::Serialize;

/// Fewest articles per outlet for an interval or a test to mean anything.
pub const MIN_ARTICLES: usize = 5;
pub const N_TOO_SMALL: &str = "n too small";
/// The note when one side has no title+body tokens, so its rate is undefined.
pub const NO_TOKENS: &str = "rate undefined (no title+body tokens)";

/// Resampling settings.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub resamples: usize,
    pub seed: u64,
    pub level: f64,
    pub scheme: SchemeChoice,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            resamples: 2000,
            seed: 42,
            level: 0.95,
            scheme: SchemeChoice::Auto,
        }
    }
}

/// Per-frame comparison of two sides (own voice, title+body, per 1,000 tokens).
#[derive(Debug, Clone, Serialize)]
pub struct FrameRow {
    pub frame: String,
    pub side: String,
    pub outlets_a: usize,
    pub outlets_b: usize,
    pub articles_a: usize,
    pub articles_b: usize,
    pub tokens_a: f64,
    pub tokens_b: f64,
    pub hits_a: f64,
    pub hits_b: f64,
    pub rate_a: Option<f64>,
    pub rate_b: Option<f64>,
    pub rate_diff: Option<f64>,
    pub diff_ci: Option<Interval>,
    pub rate_ratio: Option<f64>,
    pub ratio_ci: Option<Interval>,
    pub p_perm: Option<f64>,
    pub q_bh: Option<f64>,
    pub note: String,
}

/// Everything `compare A B` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// `outlet`, a metadata column, or a period (`month`).
    pub unit: String,
    pub a: String,
    pub b: String,
    pub outlets_a: usize,
    pub outlets_b: usize,
    pub scheme: Scheme,
    /// The scheme in words, with the reason for a fallback.
    pub scheme_note: String,
    pub settings: SettingsOut,
    pub frames: Vec<FrameRow>,
    pub lean: Vec<LeanRow>,
    /// Frames left out of lean.
    pub lean_exclude: Vec<String>,
    pub actors: Vec<ActorRow>,
    /// "(a - b) / (a + b)" from the lexicon's lean sides; `None` when it declares none.
    pub lean_formula: Option<String>,
    /// Articles the unit could not place (no value, a date that does not parse).
    pub left_out: Vec<LeftOut>,
    /// Sorted by z, most A-typical first; `None` when a side does not hold whole outlets.
    #[serde(skip)]
    pub keyness: Option<Vec<Keyness>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SettingsOut {
    pub resamples: usize,
    pub seed: u64,
    pub level: f64,
    pub min_articles: usize,
}

pub(crate) fn none_if_nan(x: f64) -> Option<f64> {
    (!x.is_nan()).then_some(x)
}

fn rate_or_nan(a: &[ArticleCount]) -> f64 {
    stats::pooled_rate(a).unwrap_or(f64::NAN)
}

/// Rate ratio A/B: infinite when only B is zero, undefined when both are.
fn ratio(a: f64, b: f64) -> f64 {
    match (a, b) {
        (a, b) if b > 0.0 => a / b,
        (a, _) if a > 0.0 => f64::INFINITY,
        _ => f64::NAN,
    }
}

impl Settings {
    fn out(&self) -> SettingsOut {
        SettingsOut {
            resamples: self.resamples,
            seed: self.seed,
            level: self.level,
            min_articles: MIN_ARTICLES,
        }
    }
}

/// Compares outlets `a` and `b` (exact names).
pub fn compare(run: &RunData, a: &str, b: &str, s: &Settings) -> Comparison {
    let (sa, sb) = (run.outlet_sample(a), run.outlet_sample(b));
    compare_samples(run, &Unit::Outlet, [&sa, &sb], &[], s)
}

/// Compares values `a` and `b` of a grouping (indices into `g.values`).
pub fn compare_units(run: &RunData, g: &Grouping, a: usize, b: usize, s: &Settings) -> Comparison {
    let (sa, sb) = (run.sample(g, a), run.sample(g, b));
    compare_samples(run, &g.unit, [&sa, &sb], &g.left_out, s)
}

fn compare_samples(
    run: &RunData,
    unit: &Unit,
    [a, b]: [&Sample; 2],
    left_out: &[LeftOut],
    s: &Settings,
) -> Comparison {
    let enough = a.articles() >= MIN_ARTICLES && b.articles() >= MIN_ARTICLES;
    let (scheme, scheme_note) = scheme_for(unit, &[a, b], s.scheme);
    let keyness = match unit {
        Unit::Outlet => Some(keyness(run, &a.name, &b.name)),
        _ => sample_keyness(run, a, b),
    };
    Comparison {
        unit: unit.name().to_string(),
        a: a.name.clone(),
        b: b.name.clone(),
        outlets_a: a.outlets(),
        outlets_b: b.outlets(),
        scheme,
        scheme_note,
        settings: s.out(),
        frames: frame_rows(run, [a, b], scheme, enough, s),
        lean: vec![sample_lean(a, unit, s), sample_lean(b, unit, s)],
        lean_exclude: run.lean_exclude.clone(),
        actors: actors::actor_rows(run, [a, b], scheme, enough, s),
        lean_formula: run.lean_formula(),
        left_out: left_out.to_vec(),
        keyness,
    }
}

/// Per outlet, each article's hits of frame `f` and tokens.
fn counts(sample: &Sample, f: usize) -> Vec<Vec<ArticleCount>> {
    sample.map(|d: &Doc| ArticleCount {
        hits: d.frame_hits[f],
        tokens: d.tokens,
    })
}

/// Per-frame rates of A and B with intervals, permutation p and BH q.
fn frame_rows(
    run: &RunData,
    [a, b]: [&Sample; 2],
    scheme: Scheme,
    enough: bool,
    s: &Settings,
) -> Vec<FrameRow> {
    let mut frames: Vec<FrameRow> = run
        .frames
        .iter()
        .enumerate()
        .map(|(f, (frame, side))| {
            let (ca, cb) = (counts(a, f), counts(b, f));
            let (fa, fb) = (ca.concat(), cb.concat());
            let (ra, rb) = (stats::pooled_rate(&fa), stats::pooled_rate(&fb));
            // Each frame gets its own stream, so adding a frame does not change the others.
            let seed = s.seed.wrapping_add(f as u64);
            // Without tokens on one side its rate is undefined, and so is any test of it.
            let defined = ra.is_some() && rb.is_some();
            let (diff_ci, ratio_ci, p_perm) = if enough && defined {
                let groups = [&ca[..], &cb[..]];
                let boot = stats::bootstrap_clustered(&groups, scheme, s.resamples, seed, |g| {
                    rate_or_nan(&g[0]) - rate_or_nan(&g[1])
                });
                let boot_ratio =
                    stats::bootstrap_clustered(&groups, scheme, s.resamples, seed, |g| {
                        ratio(rate_or_nan(&g[0]), rate_or_nan(&g[1]))
                    });
                let p =
                    stats::permutation_p_clustered(&ca, &cb, scheme, s.resamples, seed, |x, y| {
                        rate_or_nan(x) - rate_or_nan(y)
                    });
                (
                    stats::percentile_interval(boot, s.level),
                    stats::percentile_interval(boot_ratio, s.level),
                    Some(p),
                )
            } else {
                (None, None, None)
            };
            FrameRow {
                frame: frame.clone(),
                side: side.clone(),
                outlets_a: a.outlets(),
                outlets_b: b.outlets(),
                articles_a: fa.len(),
                articles_b: fb.len(),
                tokens_a: stats::total(fa.iter().map(|c| c.tokens)),
                tokens_b: stats::total(fb.iter().map(|c| c.tokens)),
                hits_a: stats::total(fa.iter().map(|c| c.hits)),
                hits_b: stats::total(fb.iter().map(|c| c.hits)),
                rate_a: ra,
                rate_b: rb,
                rate_diff: ra.zip(rb).map(|(x, y)| x - y),
                diff_ci,
                rate_ratio: ra.zip(rb).and_then(|(x, y)| none_if_nan(ratio(x, y))),
                ratio_ci,
                p_perm,
                q_bh: None,
                note: match (enough, defined) {
                    (false, _) => N_TOO_SMALL.into(),
                    (true, false) => NO_TOKENS.into(),
                    (true, true) => String::new(),
                },
            }
        })
        .collect();
    let q = stats::benjamini_hochberg(&frames.iter().map(|r| r.p_perm).collect::<Vec<_>>());
    for (r, q) in frames.iter_mut().zip(q) {
        r.q_bh = q;
    }
    frames
}

/// `kind` names the unit in the message: `outlet`, `group`, `month`.
pub fn check_distinct(a: &str, b: &str, kind: &str) -> Result<()> {
    if a == b {
        return Err(Error::Usage(format!(
            "compare needs two different {kind}s (both resolved to {a:?})"
        )));
    }
    Ok(())
}
