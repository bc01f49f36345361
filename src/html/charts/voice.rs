//! Own voice vs quotes: per outlet, a stacked bar per side (own solid, quoted pale), all bars
//! on one scale so lengths compare across outlets.

use super::super::model::{Report, SideInfo};
use super::VIEW_WIDTH;

pub(in crate::html) struct VoiceChart {
    pub width: f64,
    pub height: f64,
    pub groups: Vec<BarGroup>,
    pub legend: Vec<Swatch>,
    /// Hits of the longest bar, which spans the full bar width.
    pub longest: u64,
}

/// One outlet's bars.
pub(in crate::html) struct BarGroup {
    pub outlet: String,
    pub label_x: f64,
    pub label_y: f64,
    pub bars: Vec<Bar>,
}

pub(in crate::html) struct Bar {
    pub outlet: String,
    pub side: String,
    pub side_label: String,
    pub own: u64,
    pub quote: u64,
    /// " (60 % own)", empty without hits.
    pub share: String,
    /// Index of the side colour (`s0`..`s3` in the CSS).
    pub colour: usize,
    pub x: f64,
    pub y: f64,
    pub height: f64,
    pub own_width: f64,
    pub quote_x: f64,
    pub quote_width: f64,
    pub note_x: f64,
    pub note_y: f64,
}

pub(in crate::html) struct Swatch {
    pub colour: usize,
    pub label: String,
}

const LEFT: f64 = 230.0;
const BAR_WIDTH: f64 = 420.0;
const BAR_H: f64 = 14.0;
const BAR_GAP: f64 = 4.0;
const GROUP_GAP: f64 = 12.0;
const PAD: f64 = 10.0;

/// `None` when `outlet_summary.csv` has no side columns.
pub(in crate::html) fn voice(r: &Report) -> Option<VoiceChart> {
    let sides: Vec<&SideInfo> = r
        .sides
        .iter()
        .filter(|s| r.outlets.iter().any(|o| o.by_side.contains_key(&s.id)))
        .collect();
    if sides.is_empty() {
        return None;
    }
    let longest = r
        .outlets
        .iter()
        .flat_map(|o| o.by_side.values().map(|(a, b)| a + b))
        .max()
        .unwrap_or(0)
        .max(1);
    let n = sides.len() as f64;
    let group_h = BAR_H * n + BAR_GAP * (n - 1.0) + GROUP_GAP;
    let groups = r
        .outlets
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let y0 = PAD + group_h * i as f64;
            BarGroup {
                outlet: o.name.clone(),
                label_x: LEFT - 12.0,
                label_y: y0 + BAR_H - 2.0,
                bars: sides
                    .iter()
                    .enumerate()
                    .map(|(k, s)| {
                        let (own, quote) = o.by_side.get(&s.id).copied().unwrap_or((0, 0));
                        let y = y0 + (BAR_H + BAR_GAP) * k as f64;
                        bar(&o.name, s, k, (own, quote), y, longest as f64)
                    })
                    .collect(),
            }
        })
        .collect();
    Some(VoiceChart {
        width: VIEW_WIDTH,
        height: PAD + group_h * r.outlets.len() as f64 + PAD,
        groups,
        legend: sides
            .iter()
            .enumerate()
            .map(|(k, s)| Swatch {
                colour: k % 4,
                label: s.label.clone(),
            })
            .collect(),
        longest,
    })
}

fn bar(outlet: &str, s: &SideInfo, k: usize, (own, quote): (u64, u64), y: f64, max: f64) -> Bar {
    let (own_width, quote_width) = (own as f64 / max * BAR_WIDTH, quote as f64 / max * BAR_WIDTH);
    let total = own + quote;
    Bar {
        outlet: outlet.to_string(),
        side: s.id.clone(),
        side_label: s.label.clone(),
        own,
        quote,
        share: if total > 0 {
            format!(" ({:.0} % own)", own as f64 * 100.0 / total as f64)
        } else {
            String::new()
        },
        colour: k % 4,
        x: LEFT,
        y,
        height: BAR_H,
        own_width,
        quote_x: LEFT + own_width,
        quote_width,
        note_x: LEFT + own_width + quote_width + 6.0,
        note_y: y + BAR_H - 3.0,
    }
}
