//! Outlet comparison from a finished run's tables: per-frame rates with bootstrap intervals
//! and permutation tests, lean with intervals, actor sentiment, and keyness.
//!
//! Reads `documents.csv`, `hits.csv`, `outlet_frames.csv`, `outlet_words.csv` and, when present,
//! `actor_mentions.csv`; never re-runs the pipeline or the model.

mod data;

pub use data::RunData;

use crate::error::{Error, Result};
use crate::stats::{self, ArticleCount, Interval, Keyness};
use data::Doc;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

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
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            resamples: 2000,
            seed: 42,
            level: 0.95,
        }
    }
}

/// Per-frame comparison of two outlets (own voice, title+body, per 1,000 tokens).
#[derive(Debug, Clone, Serialize)]
pub struct FrameRow {
    pub frame: String,
    pub side: String,
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

/// Lean of one outlet, own voice and quote voice.
#[derive(Debug, Clone, Serialize)]
pub struct LeanRow {
    pub outlet: String,
    pub articles: usize,
    pub lean_own: Option<f64>,
    pub lean_own_ci: Option<Interval>,
    pub lean_quote: Option<f64>,
    pub lean_quote_ci: Option<Interval>,
    pub note: String,
}

/// Mean own-voice sentiment toward an actor in A and B.
#[derive(Debug, Clone, Serialize)]
pub struct ActorRow {
    pub actor: String,
    pub mentions_a: usize,
    pub mentions_b: usize,
    pub mean_a: Option<f64>,
    pub mean_b: Option<f64>,
    pub diff: Option<f64>,
    pub diff_ci: Option<Interval>,
    pub note: String,
}

/// Everything `compare A B` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub a: String,
    pub b: String,
    pub settings: SettingsOut,
    pub frames: Vec<FrameRow>,
    pub lean: Vec<LeanRow>,
    pub actors: Vec<ActorRow>,
    /// "(a - b) / (a + b)" from the lexicon's lean sides; `None` when it declares none.
    pub lean_formula: Option<String>,
    /// Sorted by z, most A-typical first.
    #[serde(skip)]
    pub keyness: Vec<Keyness>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SettingsOut {
    pub resamples: usize,
    pub seed: u64,
    pub level: f64,
    pub min_articles: usize,
}

fn none_if_nan(x: f64) -> Option<f64> {
    (!x.is_nan()).then_some(x)
}

fn counts(docs: &[&Doc], f: usize) -> Vec<ArticleCount> {
    docs.iter()
        .map(|d| ArticleCount {
            hits: d.frame_hits[f],
            tokens: d.tokens,
        })
        .collect()
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

fn lean_of(docs: &[&Doc], own: bool) -> f64 {
    let (i, j) = if own { (0, 1) } else { (2, 3) };
    let (a, b) = docs
        .iter()
        .fold((0.0, 0.0), |(a, b), d| (a + d.lean[i], b + d.lean[j]));
    stats::lean(a, b)
}

/// Lean of an outlet with bootstrap intervals over its articles.
pub fn lean_row(run: &RunData, outlet: &str, s: &Settings) -> LeanRow {
    let docs = run.docs_of(outlet);
    let enough = docs.len() >= MIN_ARTICLES;
    let ci = |own: bool| {
        enough
            .then(|| {
                let vals = stats::bootstrap(&[&docs[..]], s.resamples, s.seed, |g| {
                    let refs: Vec<&Doc> = g[0].to_vec();
                    lean_of(&refs, own)
                });
                stats::percentile_interval(vals, s.level)
            })
            .flatten()
    };
    LeanRow {
        outlet: outlet.to_string(),
        articles: docs.len(),
        lean_own: none_if_nan(lean_of(&docs, true)),
        lean_own_ci: ci(true),
        lean_quote: none_if_nan(lean_of(&docs, false)),
        lean_quote_ci: ci(false),
        note: if enough {
            String::new()
        } else {
            N_TOO_SMALL.into()
        },
    }
}

/// Mean sentiment score toward an actor in one outlet and voice, with a bootstrap interval
/// over the outlet's articles.
#[derive(Debug, Clone, Serialize)]
pub struct ActorMean {
    pub mentions: usize,
    pub mean: Option<f64>,
    pub ci: Option<Interval>,
}

fn scores_of(docs: &[&Doc], actor: &str, own: bool) -> Vec<f64> {
    docs.iter()
        .flat_map(|d| {
            let m = if own {
                &d.actor_scores
            } else {
                &d.actor_quote_scores
            };
            m.get(actor).into_iter().flatten().copied()
        })
        .collect()
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        f64::NAN
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

/// Sentiment toward `actor` in `outlet` (own voice if `own`, else quoted voice).
pub fn actor_mean(run: &RunData, outlet: &str, actor: &str, own: bool, s: &Settings) -> ActorMean {
    let docs = run.docs_of(outlet);
    let scores = scores_of(&docs, actor, own);
    // Per article (sum, count), so a resample costs one pass over articles.
    let per_doc: Vec<(f64, f64)> = docs
        .iter()
        .map(|d| {
            let v = scores_of(std::slice::from_ref(d), actor, own);
            (v.iter().sum(), v.len() as f64)
        })
        .collect();
    let ci = (docs.len() >= MIN_ARTICLES && !scores.is_empty())
        .then(|| {
            let vals = stats::bootstrap(&[&per_doc[..]], s.resamples, s.seed, |g| {
                let (sum, n) = g[0].iter().fold((0.0, 0.0), |a, x| (a.0 + x.0, a.1 + x.1));
                if n > 0.0 {
                    sum / n
                } else {
                    f64::NAN
                }
            });
            stats::percentile_interval(vals, s.level)
        })
        .flatten();
    ActorMean {
        mentions: scores.len(),
        mean: none_if_nan(mean(&scores)),
        ci,
    }
}

/// Compares outlets `a` and `b` (exact names).
pub fn compare(run: &RunData, a: &str, b: &str, s: &Settings) -> Comparison {
    let (da, db) = (run.docs_of(a), run.docs_of(b));
    let enough = da.len() >= MIN_ARTICLES && db.len() >= MIN_ARTICLES;
    Comparison {
        a: a.to_string(),
        b: b.to_string(),
        settings: SettingsOut {
            resamples: s.resamples,
            seed: s.seed,
            level: s.level,
            min_articles: MIN_ARTICLES,
        },
        frames: frame_rows(run, &da, &db, enough, s),
        lean: vec![lean_row(run, a, s), lean_row(run, b, s)],
        actors: actor_rows(run, &da, &db, enough, s),
        lean_formula: run.lean_formula(),
        keyness: keyness(run, a, b),
    }
}

/// Per-frame rates of A and B with intervals, permutation p and BH q.
fn frame_rows(
    run: &RunData,
    da: &[&Doc],
    db: &[&Doc],
    enough: bool,
    s: &Settings,
) -> Vec<FrameRow> {
    let mut frames: Vec<FrameRow> = run
        .frames
        .iter()
        .enumerate()
        .map(|(f, (frame, side))| {
            let (ca, cb) = (counts(da, f), counts(db, f));
            let (ra, rb) = (stats::pooled_rate(&ca), stats::pooled_rate(&cb));
            // Each frame gets its own stream, so adding a frame does not change the others.
            let seed = s.seed.wrapping_add(f as u64);
            // Without tokens on one side its rate is undefined, and so is any test of it.
            let defined = ra.is_some() && rb.is_some();
            let (diff_ci, ratio_ci, p_perm) = if enough && defined {
                let boot = stats::bootstrap(&[&ca[..], &cb[..]], s.resamples, seed, |g| {
                    rate_or_nan(&g[0]) - rate_or_nan(&g[1])
                });
                let boot_ratio = stats::bootstrap(&[&ca[..], &cb[..]], s.resamples, seed, |g| {
                    ratio(rate_or_nan(&g[0]), rate_or_nan(&g[1]))
                });
                let p = stats::permutation_p(&ca, &cb, s.resamples, seed, |x, y| {
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
                articles_a: da.len(),
                articles_b: db.len(),
                tokens_a: ca.iter().map(|c| c.tokens).sum(),
                tokens_b: cb.iter().map(|c| c.tokens).sum(),
                hits_a: ca.iter().map(|c| c.hits).sum(),
                hits_b: cb.iter().map(|c| c.hits).sum(),
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

/// Mean own-voice sentiment toward each actor in A and B, with the difference's interval.
fn actor_rows(
    run: &RunData,
    da: &[&Doc],
    db: &[&Doc],
    enough: bool,
    s: &Settings,
) -> Vec<ActorRow> {
    run.actors
        .iter()
        .map(|actor| {
            let scores = |docs: &[&Doc]| scores_of(docs, actor, true);
            let (sa, sb) = (scores(da), scores(db));
            let (ma, mb) = (mean(&sa), mean(&sb));
            let diff_ci = enough
                .then(|| {
                    let vals = stats::bootstrap(&[da, db], s.resamples, s.seed, |g| {
                        let (x, y): (Vec<&Doc>, Vec<&Doc>) = (g[0].to_vec(), g[1].to_vec());
                        mean(&scores(&x)) - mean(&scores(&y))
                    });
                    stats::percentile_interval(vals, s.level)
                })
                .flatten();
            ActorRow {
                actor: actor.clone(),
                mentions_a: sa.len(),
                mentions_b: sb.len(),
                mean_a: none_if_nan(ma),
                mean_b: none_if_nan(mb),
                diff: none_if_nan(ma - mb),
                diff_ci,
                note: if enough {
                    String::new()
                } else {
                    N_TOO_SMALL.into()
                },
            }
        })
        .collect()
}

/// Outlets ranked by own-voice lean, with the matrix of differences (row minus column).
#[derive(Debug, Clone, Serialize)]
pub struct LeanRanking {
    pub formula: Option<String>,
    /// Highest lean first; outlets without a lean last, by name.
    pub rows: Vec<LeanRow>,
    pub matrix: Vec<Vec<Option<f64>>>,
}

/// Ranks every outlet of the run by own-voice lean.
pub fn rank_by_lean(run: &RunData, s: &Settings) -> LeanRanking {
    let mut rows: Vec<LeanRow> = run.outlets.iter().map(|o| lean_row(run, o, s)).collect();
    rows.sort_by(|x, y| {
        y.lean_own
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&x.lean_own.unwrap_or(f64::NEG_INFINITY))
            .then(x.outlet.cmp(&y.outlet))
    });
    let matrix = rows
        .iter()
        .map(|x| {
            rows.iter()
                .map(|y| x.lean_own.zip(y.lean_own).map(|(p, q)| p - q))
                .collect()
        })
        .collect();
    LeanRanking {
        formula: run.lean_formula(),
        rows,
        matrix,
    }
}

/// Keyness of A against B, with the whole corpus as the prior.
pub fn keyness(run: &RunData, a: &str, b: &str) -> Vec<Keyness> {
    let mut prior: BTreeMap<&str, f64> = BTreeMap::new();
    for ws in run.words.values() {
        for (w, &n) in ws {
            *prior.entry(w.as_str()).or_default() += n as f64;
        }
    }
    let empty = HashMap::new();
    let (wa, wb) = (
        run.words.get(a).unwrap_or(&empty),
        run.words.get(b).unwrap_or(&empty),
    );
    let words: Vec<(String, u64, u64, f64)> = prior
        .iter()
        .map(|(w, &p)| {
            (
                w.to_string(),
                wa.get(*w).copied().unwrap_or(0),
                wb.get(*w).copied().unwrap_or(0),
                p,
            )
        })
        .filter(|w| w.1 + w.2 > 0)
        .collect();
    stats::log_odds(&words)
}

/// `keyness_<A>_vs_<B>.csv`, with outlet names made file-name safe: letters and digits kept,
/// anything else `-`, each name cut to 40 characters (and then told apart by a hash), so any
/// outlet name gives a short, valid file name.
pub fn keyness_file_name(a: &str, b: &str) -> String {
    let slug = |s: &str| -> String {
        let safe: String = s
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        if safe.chars().count() <= 40 {
            return safe;
        }
        let short: String = safe.chars().take(32).collect();
        // FNV-1a: stable across runs and platforms.
        let hash = s.bytes().fold(0xcbf29ce484222325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
        });
        format!("{short}-{:07x}", hash & 0xfff_ffff)
    };
    format!("keyness_{}_vs_{}.csv", slug(a), slug(b))
}

pub fn check_distinct(a: &str, b: &str) -> Result<()> {
    if a == b {
        return Err(Error::Usage(format!(
            "compare needs two different outlets (both resolved to {a:?})"
        )));
    }
    Ok(())
}
