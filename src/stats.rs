//! Statistics for comparing outlets: bootstrap intervals over articles, permutation tests,
//! Benjamini-Hochberg q-values, and weighted log-odds keyness (Monroe, Colaresi and Quinn 2008).
//!
//! Articles, not tokens, are the unit of resampling: words in one text are not independent.
//! When the compared groups are made of outlets, outlets are the first stage of resampling
//! ([`Scheme::TwoStage`]): four articles from one agency are not four independent draws.
//! Every random step takes an explicit seed (ChaCha8), so results are reproducible everywhere.

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One article's counts: hits (numerator) and tokens (denominator).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ArticleCount {
    pub hits: f64,
    pub tokens: f64,
}

/// The sum of counts; `0.0`, not the `-0.0` that `Iterator::sum` gives an empty float list.
pub fn total(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |a, x| a + x)
}

/// Pooled rate per 1,000 tokens; `None` without tokens.
pub fn pooled_rate(articles: &[ArticleCount]) -> Option<f64> {
    let (h, t) = articles
        .iter()
        .fold((0.0, 0.0), |(h, t), a| (h + a.hits, t + a.tokens));
    (t > 0.0).then(|| 1000.0 * h / t)
}

/// The `q`-th quantile (0..=1) of sorted values, linear interpolation between order statistics.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    let w = pos - lo as f64;
    if w == 0.0 {
        sorted[lo]
    } else {
        sorted[lo] * (1.0 - w) + sorted[hi] * w
    }
}

/// A two-sided percentile interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

/// Percentile interval at `level` (e.g. 0.95) of the values; NaN values (undefined resamples)
/// are dropped, and no interval is given when more than 5 % of resamples were undefined.
pub fn percentile_interval(mut values: Vec<f64>, level: f64) -> Option<Interval> {
    let n = values.len();
    values.retain(|v| !v.is_nan());
    if values.is_empty() || (n - values.len()) * 20 > n {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let tail = (1.0 - level) / 2.0;
    Some(Interval {
        low: quantile(&values, tail),
        high: quantile(&values, 1.0 - tail),
    })
}

/// Resamples each group's articles with replacement `resamples` times and returns the statistic
/// of each resample. Groups are resampled independently (stratified bootstrap).
pub fn bootstrap<T: Copy, F>(groups: &[&[T]], resamples: usize, seed: u64, mut stat: F) -> Vec<f64>
where
    F: FnMut(&[Vec<T>]) -> f64,
{
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut bufs: Vec<Vec<T>> = groups.iter().map(|g| Vec::with_capacity(g.len())).collect();
    (0..resamples)
        .map(|_| {
            for (buf, g) in bufs.iter_mut().zip(groups) {
                buf.clear();
                buf.extend((0..g.len()).map(|_| g[rng.random_range(0..g.len())]));
            }
            stat(&bufs)
        })
        .collect()
}

/// How a sample was drawn, and so how it is resampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scheme {
    /// Articles resampled as if drawn independently.
    Article,
    /// Outlets resampled within each group, then articles within each outlet; permutations
    /// move whole outlets between groups.
    TwoStage,
}

crate::named_enum!(Scheme {
    Article => "article",
    TwoStage => "two-stage",
});

/// One resample of clustered items: under [`Scheme::TwoStage`] the clusters are drawn with
/// replacement and then the items of each drawn cluster; under [`Scheme::Article`] the items of
/// all clusters are drawn as one pool.
fn resample_clusters<T: Copy>(
    clusters: &[Vec<T>],
    flat: &[T],
    scheme: Scheme,
    rng: &mut ChaCha8Rng,
    buf: &mut Vec<T>,
) {
    buf.clear();
    match scheme {
        Scheme::Article => {
            buf.extend((0..flat.len()).map(|_| flat[rng.random_range(0..flat.len())]))
        }
        Scheme::TwoStage => {
            for _ in 0..clusters.len() {
                let c = &clusters[rng.random_range(0..clusters.len())];
                buf.extend((0..c.len()).map(|_| c[rng.random_range(0..c.len())]));
            }
        }
    }
}

/// [`bootstrap`] for samples made of clusters (articles within outlets). Each group is a list
/// of non-empty clusters; the statistic sees each group's resampled items as one list. With
/// [`Scheme::Article`] this draws exactly what [`bootstrap`] draws on the flattened groups.
pub fn bootstrap_clustered<T: Copy, F>(
    groups: &[&[Vec<T>]],
    scheme: Scheme,
    resamples: usize,
    seed: u64,
    mut stat: F,
) -> Vec<f64>
where
    F: FnMut(&[Vec<T>]) -> f64,
{
    let flat: Vec<Vec<T>> = groups.iter().map(|g| g.concat()).collect();
    if scheme == Scheme::Article {
        let refs: Vec<&[T]> = flat.iter().map(Vec::as_slice).collect();
        return bootstrap(&refs, resamples, seed, stat);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut bufs: Vec<Vec<T>> = flat.iter().map(|g| Vec::with_capacity(g.len())).collect();
    (0..resamples)
        .map(|_| {
            for ((buf, g), f) in bufs.iter_mut().zip(groups).zip(&flat) {
                resample_clusters(g, f, scheme, &mut rng, buf);
            }
            stat(&bufs)
        })
        .collect()
}

/// [`permutation_p`] for clustered samples: under [`Scheme::TwoStage`] whole clusters (outlets)
/// are shuffled between A and B, keeping each side's number of clusters, because articles of
/// one outlet are not exchangeable with another's.
pub fn permutation_p_clustered<T: Copy, F>(
    a: &[Vec<T>],
    b: &[Vec<T>],
    scheme: Scheme,
    resamples: usize,
    seed: u64,
    mut stat: F,
) -> f64
where
    F: FnMut(&[T], &[T]) -> f64,
{
    let (fa, fb) = (a.concat(), b.concat());
    if scheme == Scheme::Article {
        return permutation_p(&fa, &fb, resamples, seed, stat);
    }
    let observed = stat(&fa, &fb).abs();
    let mut pooled: Vec<&Vec<T>> = a.iter().chain(b).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut xa, mut xb) = (Vec::new(), Vec::new());
    let mut extreme = 0usize;
    for _ in 0..resamples {
        pooled.shuffle(&mut rng);
        let (pa, pb) = pooled.split_at(a.len());
        xa.clear();
        xb.clear();
        pa.iter().for_each(|c| xa.extend_from_slice(c));
        pb.iter().for_each(|c| xb.extend_from_slice(c));
        if stat(&xa, &xb).abs() >= observed - 1e-12 {
            extreme += 1;
        }
    }
    (1 + extreme) as f64 / (1 + resamples) as f64
}

/// Two-sided permutation p-value for a difference between groups A and B: the group labels
/// of the pooled articles are shuffled `resamples` times (group sizes kept) and
/// p = (1 + #{|d*| >= |d|}) / (1 + resamples).
pub fn permutation_p<T: Copy, F>(a: &[T], b: &[T], resamples: usize, seed: u64, mut stat: F) -> f64
where
    F: FnMut(&[T], &[T]) -> f64,
{
    let observed = stat(a, b).abs();
    let mut pooled: Vec<T> = a.iter().chain(b).copied().collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut extreme = 0usize;
    for _ in 0..resamples {
        pooled.shuffle(&mut rng);
        let (pa, pb) = pooled.split_at(a.len());
        // A small tolerance so ties computed in a different order still count as ties.
        if stat(pa, pb).abs() >= observed - 1e-12 {
            extreme += 1;
        }
    }
    (1 + extreme) as f64 / (1 + resamples) as f64
}

/// Benjamini-Hochberg adjusted p-values (q-values), in input order; `None` entries stay `None`
/// and do not count as tests.
pub fn benjamini_hochberg(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut idx: Vec<usize> = (0..p.len()).filter(|&i| p[i].is_some()).collect();
    let m = idx.len() as f64;
    idx.sort_by(|&x, &y| p[y].unwrap_or(0.0).total_cmp(&p[x].unwrap_or(0.0)));
    let mut out = vec![None; p.len()];
    let mut running = 1.0f64;
    // Largest p first: q_(i) = min over j >= i of p_(j) * m / j.
    for (k, &i) in idx.iter().enumerate() {
        let rank = m - k as f64;
        running = running.min(p[i].unwrap_or(1.0) * m / rank);
        out[i] = Some(running.min(1.0));
    }
    out
}

/// Lean = (a - b) / (a + b); NaN when both are zero.
pub fn lean(a: f64, b: f64) -> f64 {
    if a + b > 0.0 {
        (a - b) / (a + b)
    } else {
        f64::NAN
    }
}

/// One word's weighted log-odds between two groups.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyness {
    pub word: String,
    pub count_a: u64,
    pub count_b: u64,
    /// Log-odds ratio with the informative Dirichlet prior (natural logarithms); positive means
    /// more typical of A.
    pub delta: f64,
    pub variance: f64,
    /// delta / sqrt(variance).
    pub z: f64,
}

/// Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn
/// 2008, eq. 16-22). `prior` holds each word's count in the background corpus (here the whole
/// corpus), used as its Dirichlet parameter alpha_w, with alpha_0 = the sum of alpha_w:
///
/// delta_w = ln((y_aw + a_w) / (n_a + a_0 - y_aw - a_w)) - ln((y_bw + a_w) / (n_b + a_0 - y_bw - a_w))
/// var_w   = 1 / (y_aw + a_w) + 1 / (y_bw + a_w)
///
/// Words are `(word, count_a, count_b, prior)`; results are sorted by z, most A-typical first,
/// ties by word.
pub fn log_odds(words: &[(String, u64, u64, f64)]) -> Vec<Keyness> {
    let n_a: f64 = words.iter().map(|w| w.1 as f64).sum();
    let n_b: f64 = words.iter().map(|w| w.2 as f64).sum();
    let a0: f64 = words.iter().map(|w| w.3).sum();
    let mut out: Vec<Keyness> = words
        .iter()
        .filter(|w| w.3 > 0.0)
        .map(|(word, ya, yb, aw)| {
            let (ya, yb) = (*ya as f64, *yb as f64);
            let delta =
                ((ya + aw) / (n_a + a0 - ya - aw)).ln() - ((yb + aw) / (n_b + a0 - yb - aw)).ln();
            let variance = 1.0 / (ya + aw) + 1.0 / (yb + aw);
            Keyness {
                word: word.clone(),
                count_a: ya as u64,
                count_b: yb as u64,
                delta,
                variance,
                z: delta / variance.sqrt(),
            }
        })
        .collect();
    out.sort_by(|x, y| y.z.total_cmp(&x.z).then_with(|| x.word.cmp(&y.word)));
    out
}
