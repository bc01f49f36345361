//! Lean per outlet: own and quoted voice as dots on [-1, 1], ordered, with intervals.

use super::super::model::{OutletInfo, Report};
use super::super::text::counted;
use super::{ci_text, level_pct, Axis, Dot, GridLine, VIEW_WIDTH};
use crate::compare::{self, Grouping, Settings, MIN_ARTICLES};
use std::cmp::Ordering;

pub(in crate::html) struct LeanChart {
    /// The lexicon's labels of the lean pair: a (toward +1) and b (toward -1).
    pub side_a: String,
    pub side_b: String,
    pub level: String,
    pub min_articles: usize,
    /// Frames left out of lean, comma-separated, or empty.
    pub exclude: String,
    pub width: f64,
    pub height: f64,
    pub grid: Vec<GridLine>,
    pub rows: Vec<LeanRow>,
    /// Where the axis end labels sit.
    pub left: f64,
    pub right: f64,
    pub base_y: f64,
}

pub(in crate::html) struct LeanRow {
    pub outlet: String,
    /// `outlet`, or `group` for a row of a group or period.
    pub row_attr: &'static str,
    pub label_x: f64,
    pub text_y: f64,
    /// Neither lean is defined: say so where the dots would be.
    pub no_hits: bool,
    pub dots: Vec<Dot>,
    pub note_x: f64,
    /// "3 articles (no interval)".
    pub note: String,
}

fn n4(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.4}")).unwrap_or_default()
}

const AXIS: Axis = Axis {
    left: 230.0,
    width: 440.0,
};
const TOP: f64 = 34.0;
const ROW_H: f64 = 26.0;

/// `None` when the lexicon declares no lean pair of sides. Rows are outlets, or the values of
/// `by` (a group's or period's lean pools its outlets' articles, with `compare --all --by`'s
/// intervals).
pub(in crate::html) fn lean(
    r: &Report,
    settings: &Settings,
    by: Option<&Grouping>,
) -> Option<LeanChart> {
    let (a, b) = r.run.lexicon.lean.as_ref()?;
    let units: Vec<OutletInfo>;
    let outlets = match by {
        None => ordered(&r.outlets),
        Some(g) => {
            units = compare::rank(&r.data, g, settings)
                .rows
                .into_iter()
                .filter(|x| x.articles > 0)
                .map(|x| OutletInfo {
                    name: x.name,
                    articles: x.articles,
                    tokens: String::new(),
                    lean_own: n4(x.lean_own),
                    lean_quote: n4(x.lean_quote),
                    by_side: Default::default(),
                })
                .collect();
            units.iter().collect()
        }
    };
    let attr = if by.is_some() { "group" } else { "outlet" };
    let bottom = TOP + ROW_H * outlets.len() as f64;
    Some(LeanChart {
        side_a: r.side_label(a),
        side_b: r.side_label(b),
        level: level_pct(settings.level),
        min_articles: MIN_ARTICLES,
        exclude: r.data.lean_exclude.join(", "),
        width: VIEW_WIDTH,
        height: bottom + 30.0,
        grid: AXIS.grid(TOP, bottom),
        rows: outlets
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let stats = match by {
                    None => compare::lean_row(&r.data, &o.name, settings),
                    Some(g) => {
                        let v = g.values.iter().position(|x| *x == o.name).unwrap_or(0);
                        compare::sample_lean(&r.data.sample(g, v), &g.unit, settings)
                    }
                };
                row(o, &stats, attr, TOP + ROW_H * (i as f64 + 0.5), settings)
            })
            .collect(),
        left: AXIS.left,
        right: AXIS.right(),
        base_y: bottom + 20.0,
    })
}

/// Most side-a first; outlets without own-voice side terms last, by name.
fn ordered(outlets: &[OutletInfo]) -> Vec<&OutletInfo> {
    let mut rows: Vec<(&OutletInfo, Option<f64>)> = outlets
        .iter()
        .map(|o| (o, o.lean_own.parse::<f64>().ok()))
        .collect();
    rows.sort_by(|x, y| match (x.1, y.1) {
        (Some(p), Some(q)) => q.total_cmp(&p).then_with(|| x.0.name.cmp(&y.0.name)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => x.0.name.cmp(&y.0.name),
    });
    rows.into_iter().map(|(o, _)| o).collect()
}

/// The intervals are `compare`'s, so the report and `compare` never disagree.
fn row(
    o: &OutletInfo,
    stats: &compare::LeanRow,
    row_attr: &'static str,
    y: f64,
    settings: &Settings,
) -> LeanRow {
    let voices = [
        (
            "own",
            -4.0,
            &o.lean_own,
            stats.lean_own_ci.as_ref(),
            "own-voice",
        ),
        (
            "quote",
            4.0,
            &o.lean_quote,
            stats.lean_quote_ci.as_ref(),
            "quoted-voice",
        ),
    ];
    let dots = voices
        .into_iter()
        .filter_map(|(class, dy, value, ci, what)| {
            let title = format!(
                "{}: {what} lean {value}{}",
                o.name,
                ci_text(ci, settings.level)
            );
            AXIS.dot(y + dy, class, value, ci, title)
        })
        .collect();
    let no_interval = if o.articles < MIN_ARTICLES {
        " (no interval)"
    } else {
        ""
    };
    LeanRow {
        outlet: o.name.clone(),
        row_attr,
        label_x: AXIS.left - 12.0,
        text_y: y + 4.0,
        no_hits: o.lean_own.is_empty() && o.lean_quote.is_empty(),
        dots,
        note_x: AXIS.right() + 16.0,
        note: format!("{}{no_interval}", counted(o.articles, "article")),
    }
}
