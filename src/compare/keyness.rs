//! Distinctive words of one side against the other (weighted log-odds), from the run's
//! per-outlet word counts.

use super::data::RunData;
use super::sample::Sample;
use crate::stats::{self, Keyness};
use std::collections::{BTreeMap, HashMap};

/// Keyness of outlet A against outlet B, with the whole corpus as the prior.
pub fn keyness(run: &RunData, a: &str, b: &str) -> Vec<Keyness> {
    keyness_of(run, &[a], &[b])
}

/// Keyness of two samples, or `None` when an outlet has articles outside its side: words are
/// counted per outlet (`outlet_words.csv`), so a side must hold whole outlets, as groups of
/// outlets do and periods do not.
pub fn sample_keyness<'a>(run: &RunData, a: &Sample<'a>, b: &Sample<'a>) -> Option<Vec<Keyness>> {
    let whole = |s: &Sample<'a>| -> Option<Vec<&'a str>> {
        s.clusters
            .iter()
            .map(|c| {
                let outlet = c[0].outlet.as_str();
                let all = run.docs.iter().filter(|d| d.outlet == outlet).count();
                (all == c.len()).then_some(outlet)
            })
            .collect()
    };
    Some(keyness_of(run, &whole(a)?, &whole(b)?))
}

fn keyness_of(run: &RunData, a: &[&str], b: &[&str]) -> Vec<Keyness> {
    let mut prior: BTreeMap<&str, f64> = BTreeMap::new();
    for ws in run.words.values() {
        for (w, &n) in ws {
            *prior.entry(w.as_str()).or_default() += n as f64;
        }
    }
    let sum = |outlets: &[&str]| -> HashMap<&str, u64> {
        let mut m = HashMap::new();
        for ws in outlets.iter().filter_map(|o| run.words.get(*o)) {
            for (w, &n) in ws {
                *m.entry(w.as_str()).or_default() += n;
            }
        }
        m
    };
    let (wa, wb) = (sum(a), sum(b));
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

/// `keyness_<A>_vs_<B>.csv`, with names made file-name safe: letters and digits kept,
/// anything else `-`, each name cut to 40 characters (and then told apart by a hash), so any
/// outlet or group name gives a short, valid file name.
pub fn keyness_file_name(a: &str, b: &str) -> String {
    format!("keyness_{}_vs_{}.csv", slug(a), slug(b))
}

/// [`keyness_file_name`] with the unit in front when it is not `outlet`
/// (`keyness_group_state_vs_independent.csv`), so group and outlet tables never collide.
pub fn keyness_file_name_by(unit: &str, a: &str, b: &str) -> String {
    match unit {
        "outlet" => keyness_file_name(a, b),
        u => format!("keyness_{}_{}_vs_{}.csv", slug(u), slug(a), slug(b)),
    }
}

/// A file-name-safe form of a name (see [`keyness_file_name`]).
pub fn slug(s: &str) -> String {
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
}
