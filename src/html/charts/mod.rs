//! Chart geometry: every position, length and colour the SVG charts draw, computed here into
//! plain structs, so the templates only place numbers and the tests can recompute them.

pub(super) mod heatmap;
pub(super) mod lean;
pub(super) mod sentiment;
pub(super) mod trend;
pub(super) mod voice;

use super::text::trim_num;
use crate::stats::Interval;

/// Width of every SVG chart's view box; the CSS scales it to the page.
pub(super) const VIEW_WIDTH: f64 = 860.0;

/// A horizontal dot plot on [-1, 1] (lean and sentiment share it, so they read alike).
pub(super) struct Axis {
    pub left: f64,
    pub width: f64,
}

/// A vertical grid line with its tick label above the plot.
pub(super) struct GridLine {
    pub x: f64,
    pub top: f64,
    pub bottom: f64,
    pub label_y: f64,
    pub label: String,
    /// The zero line is drawn darker: it divides the two sides.
    pub zero: bool,
}

/// An interval drawn as a line through its dot; `low`/`high` are the values, `x1`/`x2` pixels.
pub(super) struct Whisker {
    pub x1: f64,
    pub x2: f64,
    pub low: f64,
    pub high: f64,
}

/// One dot of a dot plot, carrying the table's text of its value.
pub(super) struct Dot {
    /// `own` (filled) or `quote` (open).
    pub class: &'static str,
    pub cx: f64,
    pub cy: f64,
    pub value: String,
    pub title: String,
    pub ci: Option<Whisker>,
}

impl Axis {
    pub fn x(&self, v: f64) -> f64 {
        self.left + (v.clamp(-1.0, 1.0) + 1.0) / 2.0 * self.width
    }

    pub fn right(&self) -> f64 {
        self.left + self.width
    }

    /// Grid lines at -1, -0.5, 0, 0.5, 1 from `top` to `bottom`.
    pub fn grid(&self, top: f64, bottom: f64) -> Vec<GridLine> {
        (0..=4)
            .map(|k| {
                let v = -1.0 + f64::from(k) * 0.5;
                GridLine {
                    x: self.x(v),
                    top,
                    bottom,
                    label_y: top - 6.0,
                    label: trim_num(v),
                    zero: v == 0.0,
                }
            })
            .collect()
    }

    /// The dot for `value_text` (a table cell) at height `y`; `None` when the cell is empty,
    /// because an undefined value has no place on the axis.
    pub fn dot(
        &self,
        y: f64,
        class: &'static str,
        value_text: &str,
        ci: Option<&Interval>,
        title: String,
    ) -> Option<Dot> {
        let v = value_text.parse::<f64>().ok()?;
        Some(Dot {
            class,
            cx: self.x(v),
            cy: y,
            value: value_text.to_string(),
            title,
            ci: ci.map(|c| Whisker {
                x1: self.x(c.low),
                x2: self.x(c.high),
                low: c.low,
                high: c.high,
            }),
        })
    }
}

/// ", 95 % interval -0.12 to 0.34" for a tooltip, or nothing without an interval.
pub(super) fn ci_text(ci: Option<&Interval>, level: f64) -> String {
    ci.map(|c| {
        format!(
            ", {:.0} % interval {:.2} to {:.2}",
            level * 100.0,
            c.low,
            c.high
        )
    })
    .unwrap_or_default()
}

/// The interval level as the prose states it ("95").
pub(super) fn level_pct(level: f64) -> String {
    format!("{:.0}", level * 100.0)
}
