//! What `compare` prints: the two-outlet comparison and the lean ranking, as a terminal table,
//! CSV or JSON. Labels that name sides come from the run's lexicon.

use super::OutputFormat;
use crate::compare::{Comparison, LeanRanking, LeanRow};
use crate::error::{Error, Result};
use crate::stats::{Interval, Keyness};
use std::fmt::Write as _;

/// How to render a comparison.
pub struct CompareView<'a> {
    pub format: OutputFormat,
    /// Distinctive words shown each way.
    pub top: usize,
    /// Bold for significant rows (terminal only).
    pub colour: bool,
    /// Where the full keyness table was written, if it was.
    pub keyness_file: Option<&'a str>,
}

/// Renders `compare A B`.
pub fn comparison(c: &Comparison, v: &CompareView) -> Result<String> {
    match v.format {
        OutputFormat::Csv => frames_csv(c),
        OutputFormat::Json => {
            let mut j = serde_json::to_value(c).map_err(Error::output)?;
            let top = |it: &mut dyn Iterator<Item = &Keyness>| -> Vec<serde_json::Value> {
                it.take(v.top)
                    .map(|k| serde_json::json!({"word": k.word, "count_a": k.count_a, "count_b": k.count_b, "z": k.z}))
                    .collect()
            };
            j["keyness_top_a"] = top(&mut c.keyness.iter()).into();
            j["keyness_top_b"] = top(&mut c.keyness.iter().rev()).into();
            j["keyness_file"] = v.keyness_file.into();
            Ok(serde_json::to_string_pretty(&j).map_err(Error::output)? + "\n")
        }
        OutputFormat::Table => Ok(table(c, v)),
    }
}

/// The full keyness table of a comparison, as CSV.
pub fn keyness_csv(c: &Comparison) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut put = |rec: [String; 6]| w.write_record(rec).map_err(Error::output);
    put(["word", "count_a", "count_b", "delta", "variance", "z"].map(String::from))?;
    for k in &c.keyness {
        put([
            k.word.clone(),
            k.count_a.to_string(),
            k.count_b.to_string(),
            format!("{:.6}", k.delta),
            format!("{:.6}", k.variance),
            format!("{:.6}", k.z),
        ])?;
    }
    into_string(w)
}

fn into_string(w: csv::Writer<Vec<u8>>) -> Result<String> {
    let bytes = w.into_inner().map_err(|e| Error::output(e.error()))?;
    String::from_utf8(bytes).map_err(Error::output)
}

fn n(x: Option<f64>, d: usize) -> String {
    match x {
        Some(v) if v.is_infinite() => "inf".into(),
        Some(v) => format!("{v:.d$}"),
        None => String::new(),
    }
}

fn ci(i: Option<Interval>, d: usize) -> (String, String) {
    (n(i.map(|i| i.low), d), n(i.map(|i| i.high), d))
}

/// One row per frame, the columns documented in the README.
fn frames_csv(c: &Comparison) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "frame",
        "side",
        "articles_a",
        "articles_b",
        "tokens_a",
        "tokens_b",
        "hits_a",
        "hits_b",
        "rate_a",
        "rate_b",
        "rate_diff",
        "diff_ci_low",
        "diff_ci_high",
        "rate_ratio",
        "ratio_ci_low",
        "ratio_ci_high",
        "p_perm",
        "q_bh",
        "note",
    ];
    w.write_record(header).map_err(Error::output)?;
    for r in &c.frames {
        let (dl, dh) = ci(r.diff_ci, 4);
        let (rl, rh) = ci(r.ratio_ci, 4);
        w.write_record([
            r.frame.clone(),
            r.side.clone(),
            r.articles_a.to_string(),
            r.articles_b.to_string(),
            r.tokens_a.to_string(),
            r.tokens_b.to_string(),
            r.hits_a.to_string(),
            r.hits_b.to_string(),
            n(r.rate_a, 4),
            n(r.rate_b, 4),
            n(r.rate_diff, 4),
            dl,
            dh,
            n(r.rate_ratio, 4),
            rl,
            rh,
            n(r.p_perm, 4),
            n(r.q_bh, 4),
            r.note.clone(),
        ])
        .map_err(Error::output)?;
    }
    into_string(w)
}

fn paint(s: &str, code: &str, on: bool) -> String {
    if on {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn interval_text(i: Option<Interval>, note: &str, d: usize) -> String {
    match i {
        Some(i) => format!("[{}, {}]", n(Some(i.low), d), n(Some(i.high), d)),
        None if !note.is_empty() => note.to_string(),
        None => "-".into(),
    }
}

fn short(s: &str, w: usize) -> String {
    if s.chars().count() <= w {
        s.to_string()
    } else {
        s.chars().take(w - 1).collect::<String>() + "…"
    }
}

/// The terminal report; at most 100 columns wide.
fn table(c: &Comparison, v: &CompareView) -> String {
    let mut o = String::new();
    frames_section(&mut o, c, v.colour);
    lean_section(&mut o, c);
    actors_section(&mut o, c);
    keyness_section(&mut o, c, v);
    o
}

fn frames_section(o: &mut String, c: &Comparison, colour: bool) {
    let s = &c.settings;
    let (articles, tokens) = c.frames.first().map_or(((0, 0), (0.0, 0.0)), |f| {
        ((f.articles_a, f.articles_b), (f.tokens_a, f.tokens_b))
    });
    let _ = writeln!(
        o,
        "A = {}: {} articles, {} tokens",
        c.a, articles.0, tokens.0
    );
    let _ = writeln!(
        o,
        "B = {}: {} articles, {} tokens",
        c.b, articles.1, tokens.1
    );
    let _ = writeln!(
        o,
        "Own voice, title+body, hits per 1,000 tokens. {:.0} % intervals: bootstrap over articles\n({} resamples, seed {}); q: permutation test over articles, Benjamini-Hochberg across frames.\n",
        s.level * 100.0,
        s.resamples,
        s.seed
    );
    let _ = writeln!(
        o,
        "{:<26} {:<4} {:>7} {:>7} {:>8} {:<20} {:>6} {:>6}",
        "frame", "side", "rate A", "rate B", "A - B", "interval", "A / B", "q"
    );
    for r in &c.frames {
        let line = format!(
            "{:<26} {:<4} {:>7} {:>7} {:>8} {:<20} {:>6} {:>6}",
            short(&r.frame, 26),
            r.side,
            n(r.rate_a, 2),
            n(r.rate_b, 2),
            n(r.rate_diff, 2),
            interval_text(r.diff_ci, &r.note, 2),
            n(r.rate_ratio, 2),
            n(r.q_bh, 3)
        );
        let significant = r.q_bh.is_some_and(|q| q < 0.05);
        let line = match significant {
            true => paint(&line, "1", colour),
            false => line,
        };
        let _ = writeln!(o, "{line}");
    }
}

fn lean_section(o: &mut String, c: &Comparison) {
    match &c.lean_formula {
        Some(f) => {
            let _ = writeln!(o, "\nLean {f} over title+body hits");
        }
        None => {
            let _ = writeln!(o, "\nLean: the lexicon declares no lean sides");
        }
    }
    let _ = writeln!(
        o,
        "{:<28} {:>8} {:>7} {:<18} {:>7} {:<18}",
        "outlet", "articles", "own", "interval", "quote", "interval"
    );
    for l in &c.lean {
        let _ = writeln!(o, "{}", lean_line(l));
    }
}

fn actors_section(o: &mut String, c: &Comparison) {
    if c.actors.is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "\nSentiment toward actors, own voice: mean p_pos - p_neg (mentions)"
    );
    let _ = writeln!(
        o,
        "{:<24} {:>14} {:>14} {:>8} {:<20}",
        "actor", "A", "B", "A - B", "interval"
    );
    for r in &c.actors {
        let _ = writeln!(
            o,
            "{:<24} {:>14} {:>14} {:>8} {:<20}",
            short(&r.actor, 24),
            format!("{} ({})", n(r.mean_a, 2), r.mentions_a),
            format!("{} ({})", n(r.mean_b, 2), r.mentions_b),
            n(r.diff, 2),
            interval_text(r.diff_ci, &r.note, 2)
        );
    }
}

fn keyness_section(o: &mut String, c: &Comparison, v: &CompareView) {
    let _ = writeln!(
        o,
        "\nDistinctive words, own voice (weighted log-odds z; every word in the file below)"
    );
    if let Some(f) = v.keyness_file {
        let _ = writeln!(o, "{f}");
    }
    let list = |it: &mut dyn Iterator<Item = &Keyness>| -> String {
        it.take(v.top)
            .map(|k| format!("{} ({:.1})", k.word, k.z))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let a = list(&mut c.keyness.iter().filter(|k| k.z > 0.0));
    let b = list(&mut c.keyness.iter().rev().filter(|k| k.z < 0.0));
    o.push_str(&wrap(&format!("A: {a}"), 100));
    o.push_str(&wrap(&format!("B: {b}"), 100));
}

/// Wraps text at spaces to lines of at most `width` characters, continuation lines indented.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = "   ".to_string();
        } else if !line.is_empty() && line != "   " {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

fn lean_line(l: &LeanRow) -> String {
    format!(
        "{:<28} {:>8} {:>7} {:<18} {:>7} {:<18}",
        short(&l.outlet, 28),
        l.articles,
        n(l.lean_own, 2),
        interval_text(l.lean_own_ci, &l.note, 2),
        n(l.lean_quote, 2),
        interval_text(l.lean_quote_ci, &l.note, 2)
    )
}

/// Renders `compare --all`: outlets ranked by own-voice lean, and the matrix of lean
/// differences (row minus column).
pub fn ranking(r: &LeanRanking, format: OutputFormat) -> Result<String> {
    let rows = &r.rows;
    match format {
        OutputFormat::Json => Ok(serde_json::to_string_pretty(&serde_json::json!({
            "lean": r.formula,
            "outlets": rows,
            "lean_difference_matrix": r.matrix,
        }))
        .map_err(Error::output)?
            + "\n"),
        OutputFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let header = [
                "rank",
                "outlet",
                "articles",
                "lean_own",
                "lean_own_ci_low",
                "lean_own_ci_high",
                "lean_quote",
                "note",
            ];
            w.write_record(header).map_err(Error::output)?;
            for (i, r) in rows.iter().enumerate() {
                let (lo, hi) = ci(r.lean_own_ci, 4);
                w.write_record([
                    (i + 1).to_string(),
                    r.outlet.clone(),
                    r.articles.to_string(),
                    n(r.lean_own, 4),
                    lo,
                    hi,
                    n(r.lean_quote, 4),
                    r.note.clone(),
                ])
                .map_err(Error::output)?;
            }
            into_string(w)
        }
        OutputFormat::Table => {
            let mut o = match &r.formula {
                Some(f) => format!("Outlets by own-voice lean {f}, title+body\n"),
                None => "Outlets (the lexicon declares no lean sides)\n".to_string(),
            };
            let _ = writeln!(
                o,
                "{:<4}{:<28} {:>8} {:>7} {:<18} {:>7} {:<18}",
                "#", "outlet", "articles", "own", "interval", "quote", "interval"
            );
            for (i, r) in rows.iter().enumerate() {
                let _ = writeln!(o, "{:<4}{}", i + 1, lean_line(r));
            }
            let _ = writeln!(o, "\nLean difference, row minus column (own voice)");
            let w = 9;
            let _ = write!(o, "{:<4}", "");
            for j in 0..rows.len() {
                let _ = write!(o, "{:>w$}", j + 1);
            }
            let _ = writeln!(o);
            for (i, row) in r.matrix.iter().enumerate() {
                let _ = write!(o, "{:<4}", i + 1);
                for d in row {
                    let _ = write!(o, "{:>w$}", n(*d, 2));
                }
                let _ = writeln!(o);
            }
            Ok(o)
        }
    }
}
