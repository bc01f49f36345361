//! The articles on one side of a comparison, held by outlet, and the resampling scheme that
//! follows from how they were drawn.

use super::data::{Doc, RunData};
use super::unit::{Grouping, Unit};
use crate::stats::Scheme;
use serde::Serialize;

/// Which resampling scheme to use: `auto` picks two-stage whenever every side has two or more
/// outlets and the unit groups outlets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SchemeChoice {
    #[default]
    Auto,
    /// Articles as independent draws, whatever the unit (for comparison with two-stage).
    Article,
}

crate::named_enum!(SchemeChoice {
    Auto => "auto",
    Article => "article",
});

/// The articles of one value of a unit, grouped by outlet (outlets in name order).
pub struct Sample<'a> {
    pub name: String,
    pub(super) clusters: Vec<Vec<&'a Doc>>,
}

impl<'a> Sample<'a> {
    pub fn articles(&self) -> usize {
        self.clusters.iter().map(Vec::len).sum()
    }

    pub fn outlets(&self) -> usize {
        self.clusters.len()
    }

    pub(super) fn docs(&self) -> Vec<&'a Doc> {
        self.clusters.concat()
    }

    /// Per outlet, `f` of each article.
    pub(super) fn map<T>(&self, f: impl Fn(&'a Doc) -> T) -> Vec<Vec<T>> {
        self.clusters
            .iter()
            .map(|c| c.iter().map(|d| f(d)).collect())
            .collect()
    }
}

/// The scheme used for `samples`, and the sentence that says so in every output.
pub fn scheme_for(unit: &Unit, samples: &[&Sample], choice: SchemeChoice) -> (Scheme, String) {
    if choice == SchemeChoice::Article {
        return (
            Scheme::Article,
            "article bootstrap (--scheme article): articles resampled as independent draws".into(),
        );
    }
    if !unit.groups_outlets() {
        return (
            Scheme::Article,
            "article bootstrap within each outlet".into(),
        );
    }
    if let Some(one) = samples.iter().find(|s| s.outlets() < 2) {
        return (
            Scheme::Article,
            format!(
                "article bootstrap: {} has {} outlet, so outlets cannot be resampled",
                one.name,
                one.outlets()
            ),
        );
    }
    (
        Scheme::TwoStage,
        "two-stage bootstrap: outlets resampled within each group, then articles within each \
         outlet; permutations move whole outlets between groups"
            .into(),
    )
}

impl RunData {
    /// The articles of value `v` of a grouping.
    pub fn sample(&self, g: &Grouping, v: usize) -> Sample<'_> {
        self.sample_where(g.values[v].clone(), |i| g.of_doc[i] == Some(v))
    }

    /// The articles of every value of a grouping, in one pass over the run.
    pub fn samples(&self, g: &Grouping) -> Vec<Sample<'_>> {
        self.samples_of(&g.values, &g.of_doc)
    }

    /// Samples named `names`, article `i` going to `of_doc[i]` (or nowhere).
    pub(super) fn samples_of(&self, names: &[String], of_doc: &[Option<usize>]) -> Vec<Sample<'_>> {
        let mut by_value: Vec<std::collections::BTreeMap<&str, Vec<&Doc>>> =
            vec![Default::default(); names.len()];
        for (d, v) in self.docs.iter().zip(of_doc) {
            if let Some(v) = v {
                by_value[*v].entry(d.outlet.as_str()).or_default().push(d);
            }
        }
        by_value
            .into_iter()
            .zip(names)
            .map(|(m, name)| Sample {
                name: name.clone(),
                clusters: m.into_values().collect(),
            })
            .collect()
    }

    /// The articles of one outlet.
    pub fn outlet_sample(&self, outlet: &str) -> Sample<'_> {
        self.sample_where(outlet.to_string(), |i| self.docs[i].outlet == outlet)
    }

    pub(super) fn sample_where(&self, name: String, keep: impl Fn(usize) -> bool) -> Sample<'_> {
        let mut by_outlet: std::collections::BTreeMap<&str, Vec<&Doc>> = Default::default();
        for (i, d) in self.docs.iter().enumerate() {
            if keep(i) {
                by_outlet.entry(d.outlet.as_str()).or_default().push(d);
            }
        }
        Sample {
            name,
            clusters: by_outlet.into_values().collect(),
        }
    }
}

/// Own-voice title+body rates of every frame, pooled over a sample's articles: the numbers of
/// a heatmap row for a group or period (they equal `compare`'s `rate_a`/`rate_b`).
#[derive(Debug, Clone)]
pub struct SampleRates {
    pub outlets: usize,
    pub articles: usize,
    pub tokens: f64,
    /// Per frame, in lexicon order: own-voice hits and the rate per 1,000 tokens.
    pub frames: Vec<(f64, Option<f64>)>,
}

impl Sample<'_> {
    pub fn rates(&self) -> SampleRates {
        let docs = self.docs();
        let tokens = crate::stats::total(docs.iter().map(|d| d.tokens));
        let nframes = docs.first().map_or(0, |d| d.frame_hits.len());
        SampleRates {
            outlets: self.outlets(),
            articles: docs.len(),
            tokens,
            frames: (0..nframes)
                .map(|f| {
                    let counts: Vec<crate::stats::ArticleCount> = docs
                        .iter()
                        .map(|d| crate::stats::ArticleCount {
                            hits: d.frame_hits[f],
                            tokens: d.tokens,
                        })
                        .collect();
                    let hits = crate::stats::total(counts.iter().map(|c| c.hits));
                    (hits, crate::stats::pooled_rate(&counts))
                })
                .collect(),
        }
    }
}
