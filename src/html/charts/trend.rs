//! Frame rates over time: one small chart per frame, one line per group, intervals as
//! vertical whiskers. The numbers are `framescope trend`'s, computed by the same function.

use super::super::model::Report;
use super::super::text::trim_num;
use super::level_pct;
use crate::compare::{self, Grouping, Settings, Trend, TrendRow, MIN_ARTICLES};
use crate::error::Result;

pub(in crate::html) struct TrendChart {
    pub period: String,
    pub date_col: String,
    /// The column the lines are drawn by, if any.
    pub group_by: Option<String>,
    pub level: String,
    pub min_articles: usize,
    pub legend: Vec<LegendItem>,
    pub panels: Vec<Panel>,
    /// "3 more frames ..." or empty.
    pub more: String,
    /// Articles left out (no date, a date that does not parse), or empty.
    pub left_out: String,
}

pub(in crate::html) struct LegendItem {
    pub label: String,
    pub colour: usize,
}

pub(in crate::html) struct Panel {
    pub frame: String,
    pub label: String,
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub bottom: f64,
    pub y_ticks: Vec<Tick>,
    pub x_ticks: Vec<Tick>,
    pub series: Vec<Series>,
}

pub(in crate::html) struct Tick {
    pub at: f64,
    pub label: String,
}

pub(in crate::html) struct Series {
    pub group: String,
    pub colour: usize,
    /// SVG path through consecutive defined points; a period without articles breaks it.
    pub path: String,
    pub points: Vec<Point>,
}

pub(in crate::html) struct Point {
    pub period: String,
    pub cx: f64,
    pub cy: f64,
    /// `rate` as the trend CSV has it.
    pub value: String,
    pub title: String,
    /// (y of high, y of low, low text, high text): `ci_low`/`ci_high` of the CSV.
    pub ci: Option<(f64, f64, String, String)>,
}

/// Frames drawn at most (most own-voice hits first); the rest are counted.
const MAX_PANELS: usize = 8;
/// Lines per chart at most (groups with most articles first); colours `s0`..`s5`.
const MAX_LINES: usize = 6;
const W: f64 = 420.0;
const H: f64 = 210.0;
const LEFT: f64 = 46.0;
const RIGHT: f64 = W - 12.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = H - 40.0;

fn n4(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.4}")).unwrap_or_default()
}

/// The chart for `periods`, with a line per value of `groups` (or one line for all articles).
pub(in crate::html) fn trend(
    r: &Report,
    periods: &Grouping,
    groups: Option<&Grouping>,
    settings: &Settings,
) -> Result<TrendChart> {
    // Frames are chosen first, so intervals are computed only for the charts drawn.
    let mut frames: Vec<(usize, f64)> = compare::trend_hits(&r.data, periods, groups)
        .into_iter()
        .enumerate()
        .filter(|(_, h)| *h > 0.0)
        .collect();
    frames.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    let more = frames.len().saturating_sub(MAX_PANELS);
    frames.truncate(MAX_PANELS);
    // Lexicon order in the trend; the panels keep the order by hits. Without any hit, one
    // frame still gives the groups' article counts for the legend.
    let mut chosen: Vec<usize> = frames.iter().map(|f| f.0).collect();
    chosen.sort_unstable();
    if chosen.is_empty() && !r.data.frames.is_empty() {
        chosen.push(0);
    }
    let t = compare::trend(&r.data, periods, groups, &chosen, settings)?;
    let lines = lines(&t);
    let hidden_groups = t.groups.len() - lines.len();
    Ok(TrendChart {
        period: t.period.clone(),
        date_col: t.date_col.clone(),
        group_by: t.group_by.clone(),
        level: level_pct(settings.level),
        min_articles: MIN_ARTICLES,
        legend: lines
            .iter()
            .enumerate()
            .map(|(c, g)| LegendItem {
                label: if g.is_empty() {
                    "all articles".into()
                } else {
                    g.clone()
                },
                colour: c,
            })
            .collect(),
        panels: frames
            .iter()
            .map(|&(i, _)| panel(r, &t, &r.data.frames[i].0, &lines))
            .collect(),
        more: match (more, hidden_groups) {
            (0, 0) => String::new(),
            (f, g) => format!(
                "Not drawn: {f} more frame(s) with hits, {g} more group(s); all are in the CSV of \
                 framescope trend."
            ),
        },
        left_out: match t.left_out.len() {
            0 => String::new(),
            n => format!(
                "{n} article(s) left out: no date or a date that is not YYYY-MM-DD in column {} \
                 (framescope trend lists them).",
                t.date_col
            ),
        },
    })
}

/// The groups drawn: those with most articles, at most [`MAX_LINES`], in the trend's order.
fn lines(t: &Trend) -> Vec<String> {
    let articles = |g: &str| -> usize {
        t.rows
            .iter()
            .filter(|r| r.group == g && t.frames.first() == Some(&r.frame))
            .map(|r| r.articles)
            .sum()
    };
    let mut by_size: Vec<(usize, &String)> = t.groups.iter().map(|g| (articles(g), g)).collect();
    by_size.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(y.1)));
    let keep: Vec<&String> = by_size.iter().take(MAX_LINES).map(|x| x.1).collect();
    t.groups
        .iter()
        .filter(|g| keep.contains(g))
        .cloned()
        .collect()
}

fn panel(r: &Report, t: &Trend, frame: &str, lines: &[String]) -> Panel {
    let rows: Vec<&TrendRow> = t.rows.iter().filter(|x| x.frame == frame).collect();
    let top_value = rows
        .iter()
        .filter(|x| lines.contains(&x.group))
        .flat_map(|x| [x.rate, x.ci.map(|c| c.high)])
        .flatten()
        .fold(0.0_f64, f64::max);
    let y_max = if top_value > 0.0 {
        super::heatmap::nice_ceil(top_value)
    } else {
        1.0
    };
    let n = t.periods.len().max(1) as f64;
    let x = |i: usize| LEFT + (i as f64 + 0.5) * (RIGHT - LEFT) / n;
    let y = |v: f64| BOTTOM - v.clamp(0.0, y_max) / y_max * (BOTTOM - TOP);
    let step = t.periods.len().div_ceil(6).max(1);
    let label = r
        .frames
        .iter()
        .find(|f| f.id == frame)
        .map_or_else(|| frame.to_string(), |f| f.label.clone());
    Panel {
        frame: frame.to_string(),
        label,
        width: W,
        height: H,
        left: LEFT,
        right: RIGHT,
        bottom: BOTTOM,
        y_ticks: (0..=4)
            .map(|k| {
                let v = y_max * f64::from(k) / 4.0;
                Tick {
                    at: y(v),
                    label: trim_num(v),
                }
            })
            .collect(),
        x_ticks: t
            .periods
            .iter()
            .enumerate()
            .filter(|(i, _)| i % step == 0)
            .map(|(i, p)| Tick {
                at: x(i),
                label: p.clone(),
            })
            .collect(),
        series: lines
            .iter()
            .enumerate()
            .map(|(c, g)| series(t, &rows, g, c, &x, &y))
            .collect(),
    }
}

fn series(
    t: &Trend,
    rows: &[&TrendRow],
    group: &str,
    colour: usize,
    x: &dyn Fn(usize) -> f64,
    y: &dyn Fn(f64) -> f64,
) -> Series {
    let mut path = String::new();
    let mut points = Vec::new();
    let mut pen_down = false;
    for (i, period) in t.periods.iter().enumerate() {
        let row = rows
            .iter()
            .find(|r| r.period == *period && r.group == group);
        let Some((row, rate)) = row.and_then(|r| r.rate.map(|v| (r, v))) else {
            pen_down = false;
            continue;
        };
        let (cx, cy) = (x(i), y(rate));
        path.push_str(&format!(
            "{}{cx:.1} {cy:.1} ",
            if pen_down { "L" } else { "M" }
        ));
        pen_down = true;
        let who = if group.is_empty() {
            String::new()
        } else {
            format!("{group}, ")
        };
        points.push(Point {
            period: period.clone(),
            cx,
            cy,
            value: n4(Some(rate)),
            title: format!(
                "{who}{period}: {} per 1,000 tokens ({} hits, {} articles){}",
                n4(Some(rate)),
                row.hits,
                row.articles,
                row.ci.map_or_else(String::new, |c| format!(
                    ", interval {:.2} to {:.2}",
                    c.low, c.high
                ))
            ),
            ci: row
                .ci
                .map(|c| (y(c.high), y(c.low), n4(Some(c.low)), n4(Some(c.high)))),
        });
    }
    Series {
        group: group.to_string(),
        colour,
        path: path.trim_end().to_string(),
        points,
    }
}
