//! Terminal tables of a run: outlets across, frames or actors down.

use crate::lexicon::Lexicon;
use crate::run::{ActorSentimentRow, OutletFrameRow, OutletSummaryRow, VoiceFilter};
use std::collections::HashMap;

fn num(x: Option<f64>, decimals: usize) -> String {
    x.map(|v| format!("{v:.decimals$}")).unwrap_or_default()
}

/// The terminal summary: frames down, outlets across, own-voice rate per 1,000 tokens.
pub fn terminal_table(
    lex: &Lexicon,
    frames: &[OutletFrameRow],
    summary: &[OutletSummaryRow],
) -> String {
    let outlets: Vec<String> = summary.iter().map(|s| s.outlet.clone()).collect();
    // Looked up, not searched: thousands of outlets stay linear.
    let cells: HashMap<(&str, &str), &OutletFrameRow> = frames
        .iter()
        .map(|r| ((r.outlet.as_str(), r.frame.as_str()), r))
        .collect();
    let mut t = grid("frame (own voice, per 1k tokens)", &outlets);
    for f in &lex.frames {
        let mut row = vec![f.id.clone(), f.side.clone().unwrap_or_else(|| "-".into())];
        for s in summary {
            let r = cells.get(&(s.outlet.as_str(), f.id.as_str()));
            row.push(match r {
                Some(r) if r.hits_own > 0 => format!("{:.2}", r.rate_own_per_1k.unwrap_or(0.0)),
                _ => "·".into(),
            });
        }
        t.add_row(row);
    }
    let mut add = |label: &str, f: &dyn Fn(&OutletSummaryRow) -> String| {
        let mut row = vec![label.to_string(), String::new()];
        row.extend(summary.iter().map(f));
        t.add_row(row);
    };
    if let Some((a, b)) = &lex.lean {
        add(&format!("lean own ({a} - {b})"), &|s| num(s.lean_own, 2));
        add(&format!("lean quote ({a} - {b})"), &|s| {
            num(s.lean_quote, 2)
        });
    }
    add("articles", &|s| s.articles.to_string());
    add("tokens (title+body)", &|s| s.tokens.to_string());
    right_align_values(&mut t)
}

/// The terminal summary of sentiment: actors down, outlets across, mean score (p_pos - p_neg)
/// of own-voice mentions with their count.
pub fn terminal_sentiment_table(
    lex: &Lexicon,
    outlets: &[String],
    rows: &[ActorSentimentRow],
) -> String {
    let own: HashMap<(&str, &str), &ActorSentimentRow> = rows
        .iter()
        .filter(|r| r.voice == VoiceFilter::Own)
        .map(|r| ((r.outlet.as_str(), r.actor.as_str()), r))
        .collect();
    let mut t = grid("actor (own voice: mean p_pos - p_neg, n)", outlets);
    for a in &lex.actors {
        let mut row = vec![a.id.clone(), a.side.clone().unwrap_or_else(|| "-".into())];
        for o in outlets {
            let r = own.get(&(o.as_str(), a.id.as_str()));
            row.push(
                match r.and_then(|r| r.mean_score.map(|m| (m, r.mentions))) {
                    Some((m, n)) => format!("{m:+.2} ({n})"),
                    None => "·".into(),
                },
            );
        }
        t.add_row(row);
    }
    right_align_values(&mut t)
}

/// A terminal table with a label column, a side column and one column per outlet.
fn grid(label: &str, outlets: &[String]) -> comfy_table::Table {
    use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    let mut header = vec![label.to_string(), "side".to_string()];
    header.extend(outlets.iter().cloned());
    t.set_header(header);
    t
}

/// Right-aligns the outlet columns and renders the table.
fn right_align_values(t: &mut comfy_table::Table) -> String {
    for c in t.column_iter_mut().skip(2) {
        c.set_cell_alignment(comfy_table::CellAlignment::Right);
    }
    t.to_string()
}
