//! Outlet comparison from a finished run's tables: per-frame rates with bootstrap intervals
//! and permutation tests, lean with intervals, actor sentiment, and keyness.
//!
//! Reads `documents.csv`, `hits.csv`, `outlet_frames.csv`, `outlet_words.csv` and, when present,
//! `actor_mentions.csv`; never re-runs the pipeline or the model.

use crate::kwic::resolve_outlet;
use crate::report::{self, col, open_table, read_table};
use crate::stats::{self, ArticleCount, Interval, Keyness};
use anyhow::{bail, Context, Result};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Fewest articles per outlet for an interval or a test to mean anything.
pub const MIN_ARTICLES: usize = 5;
pub const N_TOO_SMALL: &str = "n too small";

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

/// One article of the run.
#[derive(Debug, Clone)]
struct Doc {
    outlet: String,
    tokens: f64,
    /// Own-voice title+body hits per frame index.
    frame_hits: Vec<f64>,
    /// Title+body hits of the two lean sides: (own a, own b, quote a, quote b).
    lean: [f64; 4],
    /// Own-voice title+body sentiment scores (p_pos - p_neg) per actor.
    actor_scores: HashMap<String, Vec<f64>>,
    /// The same for quoted voice.
    actor_quote_scores: HashMap<String, Vec<f64>>,
}

/// A run's tables, loaded for comparison.
pub struct RunData {
    docs: Vec<Doc>,
    /// (frame id, side) in lexicon order.
    pub frames: Vec<(String, String)>,
    pub outlets: Vec<String>,
    pub lean_sides: Option<(String, String)>,
    pub actors: Vec<String>,
    pub has_sentiment: bool,
    words: HashMap<String, HashMap<String, u64>>,
}

impl RunData {
    pub fn load(dir: &Path) -> Result<RunData> {
        let run: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(report::RUN))
                .with_context(|| format!("{}: no run.json", dir.display()))?,
        )?;
        let lean_sides = run["lexicon"]["lean"].as_array().and_then(|a| {
            Some((
                a.first()?.as_str()?.to_string(),
                a.get(1)?.as_str()?.to_string(),
            ))
        });

        let p = dir.join(report::OUTLET_FRAMES);
        let (h, rows) = read_table(&p)?;
        let (fc, sc) = (col(&h, "frame", &p)?, col(&h, "side", &p)?);
        let mut frames: Vec<(String, String)> = Vec::new();
        for r in &rows {
            let f = (r[fc].to_string(), r[sc].to_string());
            if !frames.contains(&f) {
                frames.push(f);
            }
        }
        let frame_index: HashMap<&str, usize> = frames
            .iter()
            .enumerate()
            .map(|(i, f)| (f.0.as_str(), i))
            .collect();

        let p = dir.join(report::DOCUMENTS);
        let (h, rows) = read_table(&p)?;
        let (ic, oc, tc) = (
            col(&h, "doc_id", &p)?,
            col(&h, "outlet", &p)?,
            col(&h, "tokens", &p)?,
        );
        let mut docs = Vec::with_capacity(rows.len());
        let mut doc_index: HashMap<String, usize> = HashMap::new();
        for r in &rows {
            doc_index.insert(r[ic].to_string(), docs.len());
            docs.push(Doc {
                outlet: r[oc].to_string(),
                tokens: r[tc]
                    .parse()
                    .with_context(|| format!("{}: bad tokens value", p.display()))?,
                frame_hits: vec![0.0; frames.len()],
                lean: [0.0; 4],
                actor_scores: HashMap::new(),
                actor_quote_scores: HashMap::new(),
            });
        }

        // hits.csv and actor_mentions.csv can be large: read them a row at a time.
        let p = dir.join(report::HITS);
        let (mut rdr, h) = open_table(&p)?;
        let c: Vec<usize> = ["doc_id", "frame", "side", "voice", "zone"]
            .iter()
            .map(|n| col(&h, n, &p))
            .collect::<Result<_>>()?;
        for r in rdr.records() {
            let r = r.with_context(|| format!("{}: unreadable row", p.display()))?;
            let (Some(&d), Some(&f)) = (doc_index.get(&r[c[0]]), frame_index.get(&r[c[1]])) else {
                continue;
            };
            if r[c[4]] != *"title" && r[c[4]] != *"body" {
                continue;
            }
            let own = &r[c[3]] == "own";
            if own {
                docs[d].frame_hits[f] += 1.0;
            }
            if let Some((a, b)) = &lean_sides {
                let side = &r[c[2]];
                let slot = match (side == a, side == b, own) {
                    (true, _, true) => Some(0),
                    (_, true, true) => Some(1),
                    (true, _, false) => Some(2),
                    (_, true, false) => Some(3),
                    _ => None,
                };
                if let Some(s) = slot {
                    docs[d].lean[s] += 1.0;
                }
            }
        }

        let mut actors: Vec<String> = Vec::new();
        let p = dir.join(report::ACTOR_MENTIONS);
        let has_sentiment = p.is_file();
        if has_sentiment {
            let (mut rdr, h) = open_table(&p)?;
            let c: Vec<usize> = ["doc_id", "actor", "voice", "zone", "p_neg", "p_pos"]
                .iter()
                .map(|n| col(&h, n, &p))
                .collect::<Result<_>>()?;
            for r in rdr.records() {
                let r = r.with_context(|| format!("{}: unreadable row", p.display()))?;
                let Some(&d) = doc_index.get(&r[c[0]]) else {
                    continue;
                };
                if !actors.iter().any(|a| a == &r[c[1]]) {
                    actors.push(r[c[1]].to_string());
                }
                if &r[c[3]] != "title" && &r[c[3]] != "body" {
                    continue;
                }
                let score = r[c[5]].parse::<f64>().unwrap_or(f64::NAN)
                    - r[c[4]].parse::<f64>().unwrap_or(f64::NAN);
                let by_actor = match &r[c[2]] {
                    "own" => &mut docs[d].actor_scores,
                    "quote" => &mut docs[d].actor_quote_scores,
                    _ => continue,
                };
                by_actor.entry(r[c[1]].to_string()).or_default().push(score);
            }
        }

        let mut words: HashMap<String, HashMap<String, u64>> = HashMap::new();
        let p = dir.join(report::OUTLET_WORDS);
        if p.is_file() {
            let (h, rows) = read_table(&p)?;
            let (oc, wc, nc) = (
                col(&h, "outlet", &p)?,
                col(&h, "word", &p)?,
                col(&h, "count", &p)?,
            );
            for r in &rows {
                words
                    .entry(r[oc].to_string())
                    .or_default()
                    .insert(r[wc].to_string(), r[nc].parse().unwrap_or(0));
            }
        }
        let mut outlets: Vec<String> = docs.iter().map(|d| d.outlet.clone()).collect();
        outlets.sort();
        outlets.dedup();
        Ok(RunData {
            docs,
            frames,
            outlets,
            lean_sides,
            actors,
            has_sentiment,
            words,
        })
    }

    pub fn outlet(&self, wanted: &str) -> Result<String> {
        Ok(resolve_outlet(wanted, &self.outlets)?.to_string())
    }

    fn docs_of(&self, outlet: &str) -> Vec<&Doc> {
        self.docs.iter().filter(|d| d.outlet == outlet).collect()
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
    let mut frames: Vec<FrameRow> = run
        .frames
        .iter()
        .enumerate()
        .map(|(f, (frame, side))| {
            let (ca, cb) = (counts(&da, f), counts(&db, f));
            let (ra, rb) = (stats::pooled_rate(&ca), stats::pooled_rate(&cb));
            // Each frame gets its own stream, so adding a frame does not change the others.
            let seed = s.seed.wrapping_add(f as u64);
            let (diff_ci, ratio_ci, p_perm) = if enough {
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
                note: if enough {
                    String::new()
                } else {
                    N_TOO_SMALL.into()
                },
            }
        })
        .collect();
    let q = stats::benjamini_hochberg(&frames.iter().map(|r| r.p_perm).collect::<Vec<_>>());
    for (r, q) in frames.iter_mut().zip(q) {
        r.q_bh = q;
    }

    let actors = run
        .actors
        .iter()
        .map(|actor| {
            let scores = |docs: &[&Doc]| scores_of(docs, actor, true);
            let (sa, sb) = (scores(&da), scores(&db));
            let (ma, mb) = (mean(&sa), mean(&sb));
            let diff_ci = enough
                .then(|| {
                    let vals = stats::bootstrap(&[&da[..], &db[..]], s.resamples, s.seed, |g| {
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
        .collect();

    Comparison {
        a: a.to_string(),
        b: b.to_string(),
        settings: SettingsOut {
            resamples: s.resamples,
            seed: s.seed,
            level: s.level,
            min_articles: MIN_ARTICLES,
        },
        frames,
        lean: vec![lean_row(run, a, s), lean_row(run, b, s)],
        actors,
        keyness: keyness(run, a, b),
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

/// `keyness_<A>_vs_<B>.csv`, with outlet names made file-name safe.
pub fn keyness_file_name(a: &str, b: &str) -> String {
    let slug = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect::<String>()
    };
    format!("keyness_{}_vs_{}.csv", slug(a), slug(b))
}

pub fn check_distinct(a: &str, b: &str) -> Result<()> {
    if a == b {
        bail!("compare needs two different outlets (both resolved to {a:?})");
    }
    Ok(())
}
