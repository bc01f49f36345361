//! The outlets x frames heatmap: frame columns grouped by side, cell colours on one scale, and
//! the colour legend.

use super::super::model::{FrameInfo, Report};
use super::super::text::{counted, slug, trim_num};
use crate::compare::{Grouping, SampleRates};

pub(in crate::html) struct Heatmap {
    /// What a row is: `outlet`, or the `--by` unit (`group`, `month` ...).
    pub unit: String,
    pub groups: Vec<GroupHead>,
    pub columns: Vec<Column>,
    pub rows: Vec<HeatRow>,
    pub legend: Legend,
}

/// A side's header cell over its frames' columns.
pub(in crate::html) struct GroupHead {
    pub label: String,
    pub span: usize,
    /// Index of the side colour (`g0`..`g3` in the CSS).
    pub colour: usize,
}

pub(in crate::html) struct Column {
    pub label: String,
    pub description: String,
}

pub(in crate::html) struct HeatRow {
    pub name: String,
    /// "12 articles, 3456 tokens".
    pub note: String,
    /// One per column; `None` where `outlet_frames.csv` has no row.
    pub cells: Vec<Option<HeatCell>>,
}

pub(in crate::html) struct HeatCell {
    pub background: String,
    /// White text on the darker end of the ramp.
    pub dark: bool,
    pub frame_slug: String,
    /// The row's outlet (`data-outlet`), or its group or period (`data-group`).
    pub row: String,
    pub row_attr: &'static str,
    pub frame: String,
    /// `rate_own_per_1k` as the table has it.
    pub value: String,
    pub title: String,
    /// The rate at one decimal, or "·" for none.
    pub shown: String,
}

pub(in crate::html) struct Legend {
    pub scale_max: f64,
    pub stops: Vec<Stop>,
    pub ticks: Vec<LegendTick>,
}

pub(in crate::html) struct Stop {
    pub offset: f64,
    pub colour: String,
}

pub(in crate::html) struct LegendTick {
    pub x: f64,
    pub label: String,
}

/// The label of the column group of frames that echo no side (not a side's name).
const NO_SIDE: &str = "No side";

/// The heatmap with a row per outlet (`rows` = `None`) or per value of a grouping.
pub(in crate::html) fn heatmap(r: &Report, by: Option<&Grouping>) -> Heatmap {
    let unit_rows: Option<Vec<(String, SampleRates)>> = by.map(|g| {
        r.data
            .samples(g)
            .iter()
            .map(|sample| (sample.name.clone(), sample.rates()))
            .filter(|(_, s)| s.articles > 0)
            .collect()
    });
    let max = match &unit_rows {
        None => r
            .cells
            .values()
            .filter_map(|c| c.rate.parse::<f64>().ok())
            .fold(0.0_f64, f64::max),
        Some(rows) => rows
            .iter()
            .flat_map(|(_, s)| s.frames.iter().filter_map(|f| f.1))
            .fold(0.0_f64, f64::max),
    };
    // A round maximum gives the legend round ticks; an all-zero table still gets a scale.
    let scale_max = if max > 0.0 { nice_ceil(max) } else { 1.0 };
    let groups = frame_groups(r);
    let frames: Vec<&FrameInfo> = groups
        .iter()
        .flat_map(|(_, fs)| fs.iter().copied())
        .collect();
    let frame_index = |f: &FrameInfo| r.data.frames.iter().position(|(id, _)| *id == f.id);
    let rows = match (&unit_rows, by) {
        (Some(unit_rows), Some(g)) => unit_rows
            .iter()
            .map(|(name, s)| HeatRow {
                name: name.clone(),
                note: format!(
                    "{}, {}",
                    counted(s.outlets, "outlet"),
                    counted(s.articles, "article")
                ),
                cells: frames
                    .iter()
                    .map(|f| {
                        let (hits, rate) = s.frames[frame_index(f)?];
                        Some(unit_cell(g.unit.name(), name, f, hits, rate, scale_max))
                    })
                    .collect(),
            })
            .collect(),
        _ => r
            .outlets
            .iter()
            .map(|o| HeatRow {
                name: o.name.clone(),
                note: format!("{}, {} tokens", counted(o.articles, "article"), o.tokens),
                cells: frames
                    .iter()
                    .map(|f| cell(r, &o.name, f, scale_max))
                    .collect(),
            })
            .collect(),
    };
    Heatmap {
        unit: by.map_or("outlet", |g| g.unit.name()).to_string(),
        groups: groups
            .iter()
            .enumerate()
            .map(|(i, (label, fs))| GroupHead {
                label: label.clone(),
                span: fs.len(),
                colour: i % 4,
            })
            .collect(),
        columns: frames
            .iter()
            .map(|f| Column {
                label: f.label.clone(),
                description: f.description.clone(),
            })
            .collect(),
        rows,
        legend: legend(scale_max),
    }
}

fn cell(r: &Report, outlet: &str, f: &FrameInfo, scale_max: f64) -> Option<HeatCell> {
    let c = r.cells.get(&(outlet.to_string(), f.id.clone()))?;
    let v = c.rate.parse::<f64>().unwrap_or(0.0);
    let (background, dark) = ramp(v / scale_max);
    Some(HeatCell {
        background,
        dark,
        frame_slug: slug(&f.id),
        row: outlet.to_string(),
        row_attr: "outlet",
        frame: f.id.clone(),
        value: c.rate.clone(),
        title: format!(
            "{outlet}: {} own-voice hits ({} quoted) in {}; {} per 1,000 tokens",
            c.hits_own, c.hits_quote, f.label, c.rate
        ),
        shown: if v == 0.0 {
            "·".to_string()
        } else {
            format!("{v:.1}")
        },
    })
}

/// A cell of a group or period row: the pooled own-voice rate of its articles.
fn unit_cell(
    unit: &str,
    name: &str,
    f: &FrameInfo,
    hits: f64,
    rate: Option<f64>,
    scale_max: f64,
) -> HeatCell {
    let v = rate.unwrap_or(0.0);
    let (background, dark) = ramp(v / scale_max);
    let value = rate.map(|x| format!("{x:.4}")).unwrap_or_default();
    HeatCell {
        background,
        dark,
        frame_slug: slug(&f.id),
        row: name.to_string(),
        row_attr: "group",
        frame: f.id.clone(),
        title: format!(
            "{unit} {name}: {hits} own-voice hits in {}; {value} per 1,000 tokens",
            f.label
        ),
        value,
        shown: if v == 0.0 {
            "·".to_string()
        } else {
            format!("{v:.1}")
        },
    }
}

/// Side groups in display order: each side in lexicon order, then frames without a side.
fn frame_groups(r: &Report) -> Vec<(String, Vec<&FrameInfo>)> {
    let mut groups: Vec<(String, Vec<&FrameInfo>)> = r
        .sides
        .iter()
        .map(|s| {
            (
                s.label.clone(),
                r.frames.iter().filter(|f| f.side == s.id).collect(),
            )
        })
        .collect();
    groups.push((
        NO_SIDE.to_string(),
        r.frames.iter().filter(|f| f.side.is_empty()).collect(),
    ));
    groups.retain(|(_, fs)| !fs.is_empty());
    groups
}

/// The legend: the ramp from 0 to the scale maximum on a 300 px bar starting at x = 10.
fn legend(scale_max: f64) -> Legend {
    Legend {
        scale_max,
        stops: (0..=8)
            .map(|k| {
                let t = f64::from(k) / 8.0;
                Stop {
                    offset: t,
                    colour: ramp(t).0,
                }
            })
            .collect(),
        ticks: (0..=4)
            .map(|k| LegendTick {
                x: 10.0 + 300.0 * f64::from(k) / 4.0,
                label: trim_num(scale_max * f64::from(k) / 4.0),
            })
            .collect(),
    }
}

/// Sequential colour ramp (ColorBrewer Blues) for heatmap cells; `t` in 0..=1. Also says
/// whether the colour is dark enough to need white text.
fn ramp(t: f64) -> (String, bool) {
    const STOPS: [[u8; 3]; 9] = [
        [0xf7, 0xfb, 0xff],
        [0xde, 0xeb, 0xf7],
        [0xc6, 0xdb, 0xef],
        [0x9e, 0xca, 0xe1],
        [0x6b, 0xae, 0xd6],
        [0x42, 0x92, 0xc6],
        [0x21, 0x71, 0xb5],
        [0x08, 0x51, 0x9c],
        [0x08, 0x30, 0x6b],
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * (STOPS.len() - 1) as f64;
    let i = (x.floor() as usize).min(STOPS.len() - 2);
    let f = x - i as f64;
    let c: Vec<u8> = (0..3)
        .map(|k| {
            let (a, b) = (f64::from(STOPS[i][k]), f64::from(STOPS[i + 1][k]));
            (a + (b - a) * f).round() as u8
        })
        .collect();
    (format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]), t > 0.55)
}

/// A round number at or above `x` (1, 2, 2.5, 5 times a power of ten).
pub(super) fn nice_ceil(x: f64) -> f64 {
    let p = 10f64.powf(x.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * p >= x {
            return m * p;
        }
    }
    10.0 * p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramp_darkens_with_the_value_and_scale_is_round() {
        let sum = |t: f64| {
            let hex = ramp(t).0;
            (0..3)
                .map(|i| u32::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap())
                .sum::<u32>()
        };
        assert!((0..10).all(|k| sum(f64::from(k) / 10.0) >= sum(f64::from(k + 1) / 10.0)));
        assert_eq!(ramp(f64::NAN).0, "#f7fbff");
        assert_eq!(nice_ceil(20.8), 25.0);
        assert_eq!(nice_ceil(3.0), 5.0);
    }
}
