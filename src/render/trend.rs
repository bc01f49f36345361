//! What `trend` prints and writes: the long table (one row per period, group and frame) as
//! CSV or JSON, and a compact terminal table of rates.

use super::compare::{ci, into_string, n, short, wrap};
use super::OutputFormat;
use crate::compare::Trend;
use crate::error::{Error, Result};
use std::fmt::Write as _;

/// Columns of the long trend table, in order.
pub const COLUMNS: [&str; 14] = [
    "period", "group", "frame", "side", "outlets", "articles", "tokens", "hits", "rate", "ci_low",
    "ci_high", "scheme", "note", "date_col",
];

/// Renders a trend in `format`.
pub fn trend(t: &Trend, format: OutputFormat) -> Result<String> {
    match format {
        OutputFormat::Csv => csv(t),
        OutputFormat::Json => Ok(serde_json::to_string_pretty(t).map_err(Error::output)? + "\n"),
        OutputFormat::Table => Ok(table(t)),
    }
}

/// The long table: rates per 1,000 tokens and interval bounds at four decimals, as in the
/// run's own tables.
pub fn csv(t: &Trend) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS).map_err(Error::output)?;
    for r in &t.rows {
        let (lo, hi) = ci(r.ci, 4);
        w.write_record([
            r.period.clone(),
            r.group.clone(),
            r.frame.clone(),
            r.side.clone(),
            r.outlets.to_string(),
            r.articles.to_string(),
            r.tokens.to_string(),
            r.hits.to_string(),
            n(r.rate, 4),
            lo,
            hi,
            r.scheme.to_string(),
            r.note.clone(),
            t.date_col.clone(),
        ])
        .map_err(Error::output)?;
    }
    into_string(w)
}

/// Most characters a terminal line of the table takes.
const WIDTH: usize = 100;

/// One block per group: periods down, frames across (as many as fit in 100 columns).
fn table(t: &Trend) -> String {
    let mut o = format!(
        "Own-voice hits per 1,000 title+body tokens, by {} of {}{}\n",
        t.period,
        t.date_col,
        t.group_by
            .as_ref()
            .map_or_else(String::new, |g| format!(", per {g}"))
    );
    let colw = 11;
    let fit = ((WIDTH - 18) / (colw + 1)).max(1);
    let shown: Vec<&String> = t.frames.iter().take(fit).collect();
    for group in &t.groups {
        if t.group_by.is_some() {
            let _ = writeln!(
                o,
                "\n{}: {group}",
                t.group_by.as_deref().unwrap_or_default()
            );
        } else {
            o.push('\n');
        }
        let _ = write!(o, "{:<9}{:>9}", "period", "articles");
        for f in &shown {
            let _ = write!(o, " {:>colw$}", short(f, colw));
        }
        o.push('\n');
        for period in &t.periods {
            let cell = |frame: &str| {
                t.rows
                    .iter()
                    .find(|r| r.period == *period && r.group == *group && r.frame == frame)
            };
            let articles = shown
                .first()
                .and_then(|f| cell(f))
                .map_or(0, |r| r.articles);
            let _ = write!(o, "{:<9}{:>9}", short(period, 9), articles);
            for f in &shown {
                let rate = cell(f).and_then(|r| r.rate);
                let _ = write!(
                    o,
                    " {:>colw$}",
                    if articles == 0 {
                        "-".into()
                    } else {
                        n(rate, 2)
                    }
                );
            }
            o.push('\n');
        }
    }
    let hidden = t.frames.len() - shown.len();
    if hidden > 0 {
        let _ = writeln!(
            o,
            "\n{hidden} more frame(s) in the CSV; name frames to show them: trend FRAME ..."
        );
    }
    o.push('\n');
    o.push_str(&wrap(
        &format!(
            "Intervals ({:.0} %, {} resamples, seed {}) are in the CSV: two-stage bootstrap \
             (outlets, then articles) where a cell has 2+ outlets, else over articles; none \
             below {} articles.",
            t.settings.level * 100.0,
            t.settings.resamples,
            t.settings.seed,
            t.settings.min_articles
        ),
        WIDTH,
    ));
    o
}
