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
            "article bootstrap (--scheme article): articles resampled as independent draws"
                .into(),
        );
    }
    if !unit.groups_outlets() {
        return (Scheme::Article, "article bootstrap within each outlet".into());
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
