//! Terminal tables of a run: outlets across, frames or actors down. A table wider than the
//! terminal is split into pages of outlets, each repeating the row labels, so no line is
//! longer than the width asked for.

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
    width: usize,
) -> String {
    let label = "frame, own per 1k tokens";
    let labels: Vec<String> = lex.frames.iter().map(|f| f.id.clone()).collect();
    // Looked up, not searched, and built once for all pages: thousands of outlets stay linear.
    let cells: HashMap<(&str, &str), &OutletFrameRow> = frames
        .iter()
        .map(|r| ((r.outlet.as_str(), r.frame.as_str()), r))
        .collect();
    paged(label, &labels, summary, width, |page, name_w| {
        page_table(lex, &cells, page, label, name_w)
    })
}

/// Narrowest width of an outlet column (its name is cut with `…` to fit).
const OUTLET_COL: usize = 14;
/// Widest an outlet name is shown.
const MAX_NAME: usize = 28;

/// Splits `summary`'s outlets into pages that fit `width` and renders each with `render`.
fn paged<T>(
    label: &str,
    row_labels: &[String],
    items: &[T],
    width: usize,
    render: impl Fn(&[T], usize) -> String,
) -> String {
    // Label column, side column, then outlets; each column costs its text, 2 of padding and
    // 1 border.
    let label_w = row_labels
        .iter()
        .map(|l| l.chars().count())
        .chain([label.chars().count().min(24), 22])
        .max()
        .unwrap_or(22);
    let fixed = label_w + 3 + 4 + 3 + 1;
    let room = width.saturating_sub(fixed);
    let per_page = (room / (OUTLET_COL + 3)).max(1);
    // Names get what the page leaves, up to a readable maximum.
    let name_w = (room / per_page.min(items.len()).max(1))
        .saturating_sub(3)
        .clamp(OUTLET_COL, MAX_NAME);
    if items.len() <= per_page {
        return render(items, name_w);
    }
    let pages = items.len().div_ceil(per_page);
    let mut out = String::new();
    for (i, page) in items.chunks(per_page).enumerate() {
        out.push_str(&format!(
            "outlets {}-{} of {} (page {} of {pages})\n",
            i * per_page + 1,
            i * per_page + page.len(),
            items.len(),
            i + 1
        ));
        out.push_str(&render(page, name_w));
        out.push('\n');
    }
    out
}

fn page_table(
    lex: &Lexicon,
    cells: &HashMap<(&str, &str), &OutletFrameRow>,
    summary: &[OutletSummaryRow],
    label: &str,
    name_w: usize,
) -> String {
    let outlets: Vec<String> = summary.iter().map(|s| s.outlet.clone()).collect();
    let mut t = grid(label, &outlets, name_w);
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
    width: usize,
) -> String {
    let label = "actor, own: p_pos-p_neg";
    let labels: Vec<String> = lex.actors.iter().map(|a| a.id.clone()).collect();
    let own: HashMap<(&str, &str), &ActorSentimentRow> = rows
        .iter()
        .filter(|r| r.voice == VoiceFilter::Own)
        .map(|r| ((r.outlet.as_str(), r.actor.as_str()), r))
        .collect();
    paged(label, &labels, outlets, width, |page, name_w| {
        sentiment_page(lex, page, &own, label, name_w)
    })
}

fn sentiment_page(
    lex: &Lexicon,
    outlets: &[String],
    own: &HashMap<(&str, &str), &ActorSentimentRow>,
    label: &str,
    name_w: usize,
) -> String {
    let mut t = grid(label, outlets, name_w);
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
fn grid(label: &str, outlets: &[String], name_w: usize) -> comfy_table::Table {
    use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
    let mut t = Table::new();
    // Widths are fixed here, not guessed by comfy-table from a terminal it may not see.
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    let mut header = vec![cut(label, 24), "side".to_string()];
    header.extend(outlets.iter().map(|o| cut_middle(o, name_w)));
    t.set_header(header);
    t
}

/// `s`, cut to `n` characters with a final `…`.
fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

/// `s` cut to `n` characters by dropping its middle, so names that share a long prefix
/// ("Regional Outlet Number 1", "... 12") stay apart.
fn cut_middle(s: &str, n: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= n {
        return s.to_string();
    }
    let head = (n - 1) / 2;
    let tail = n - 1 - head;
    let mut out: String = chars[..head].iter().collect();
    out.push('…');
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// Right-aligns the outlet columns and renders the table.
fn right_align_values(t: &mut comfy_table::Table) -> String {
    for c in t.column_iter_mut().skip(2) {
        c.set_cell_alignment(comfy_table::CellAlignment::Right);
    }
    t.to_string()
}
