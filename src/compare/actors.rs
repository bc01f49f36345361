//! Mean sentiment toward each actor (p_pos - p_neg over title+body mentions), per side of a
//! comparison and per outlet, with intervals.

use super::data::{Doc, RunData};
use super::sample::Sample;
use super::{none_if_nan, Settings, MIN_ARTICLES, N_TOO_SMALL};
use crate::stats::{self, Interval, Scheme};
use serde::Serialize;

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

/// Mean of per-article (sum, count) pairs.
fn pooled_mean(g: &[(f64, f64)]) -> f64 {
    let (sum, n) = g.iter().fold((0.0, 0.0), |a, x| (a.0 + x.0, a.1 + x.1));
    if n > 0.0 {
        sum / n
    } else {
        f64::NAN
    }
}

/// Sentiment toward `actor` in `outlet` (own voice if `own`, else quoted voice).
pub fn actor_mean(run: &RunData, outlet: &str, actor: &str, own: bool, s: &Settings) -> ActorMean {
    let sample = run.outlet_sample(outlet);
    let docs = sample.docs();
    let scores = scores_of(&docs, actor, own);
    // Per article (sum, count), so a resample costs one pass over articles.
    let per_doc = sample.map(|d| {
        let v = scores_of(std::slice::from_ref(&d), actor, own);
        (v.iter().sum::<f64>(), v.len() as f64)
    });
    let ci = (docs.len() >= MIN_ARTICLES && !scores.is_empty())
        .then(|| {
            let vals = stats::bootstrap_clustered(
                &[&per_doc[..]],
                Scheme::Article,
                s.resamples,
                s.seed,
                |g| pooled_mean(&g[0]),
            );
            stats::percentile_interval(vals, s.level)
        })
        .flatten();
    ActorMean {
        mentions: scores.len(),
        mean: none_if_nan(mean(&scores)),
        ci,
    }
}

/// Mean own-voice sentiment toward each actor in A and B, with the difference's interval.
pub(super) fn actor_rows(
    run: &RunData,
    [a, b]: [&Sample; 2],
    scheme: Scheme,
    enough: bool,
    s: &Settings,
) -> Vec<ActorRow> {
    run.actors
        .iter()
        .map(|actor| {
            let scores = |docs: &[&Doc]| scores_of(docs, actor, true);
            let (sa, sb) = (scores(&a.docs()), scores(&b.docs()));
            let (ma, mb) = (mean(&sa), mean(&sb));
            let per_doc = |x: &Sample| {
                x.map(|d| {
                    let v = scores(std::slice::from_ref(&d));
                    (v.iter().sum::<f64>(), v.len() as f64)
                })
            };
            let diff_ci = enough
                .then(|| {
                    let (pa, pb) = (per_doc(a), per_doc(b));
                    let vals =
                        stats::bootstrap_clustered(&[&pa, &pb], scheme, s.resamples, s.seed, |g| {
                            pooled_mean(&g[0]) - pooled_mean(&g[1])
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
