//! What `compare` prints: the two-outlet comparison and the lean ranking, as a terminal table,
//! CSV or JSON. Labels that name sides come from the run's lexicon.

use super::OutputFormat;
use crate::compare::{Comparison, LeanRanking, LeanRow};
use crate::error::{Error, Result};
use crate::stats::{Interval, Keyness, Scheme};
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
            let k = c.keyness.as_deref().unwrap_or_default();
            j["keyness_top_a"] = top(&mut k.iter()).into();
            j["keyness_top_b"] = top(&mut k.iter().rev()).into();
            j["keyness_file"] = v.keyness_file.into();
            Ok(serde_json::to_string_pretty(&j).map_err(Error::output)? + "\n")
        }
        OutputFormat::Table => Ok(table(c, v)),
    }
}

/// The full keyness table of a comparison, as CSV; `None` when the comparison has none.
pub fn keyness_csv(c: &Comparison) -> Result<Option<String>> {
    let Some(keyness) = &c.keyness else {
        return Ok(None);
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut put = |rec: [String; 6]| w.write_record(rec).map_err(Error::output);
    put(["word", "count_a", "count_b", "delta", "variance", "z"].map(String::from))?;
    for k in keyness {
        put([
            k.word.clone(),
            k.count_a.to_string(),
            k.count_b.to_string(),
            format!("{:.6}", k.delta),
            format!("{:.6}", k.variance),
            format!("{:.6}", k.z),
        ])?;
    }
    into_string(w).map(Some)
}

pub(super) fn into_string(w: csv::Writer<Vec<u8>>) -> Result<String> {
    let bytes = w.into_inner().map_err(|e| Error::output(e.error()))?;
    String::from_utf8(bytes).map_err(Error::output)
}

pub(super) fn n(x: Option<f64>, d: usize) -> String {
    match x {
        Some(v) if v.is_infinite() => "inf".into(),
        Some(v) => format!("{v:.d$}"),
        None => String::new(),
    }
}

pub(super) fn ci(i: Option<Interval>, d: usize) -> (String, String) {
    (n(i.map(|i| i.low), d), n(i.map(|i| i.high), d))
}

/// One row per frame, the columns documented in the README.
fn frames_csv(c: &Comparison) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "unit",
        "a",
        "b",
        "frame",
        "side",
        "outlets_a",
        "outlets_b",
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
        "scheme",
        "note",
    ];
    w.write_record(header).map_err(Error::output)?;
    for r in &c.frames {
        let (dl, dh) = ci(r.diff_ci, 4);
        let (rl, rh) = ci(r.ratio_ci, 4);
        w.write_record([
            c.unit.clone(),
            c.a.clone(),
            c.b.clone(),
            r.frame.clone(),
            r.side.clone(),
            r.outlets_a.to_string(),
            r.outlets_b.to_string(),
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
            c.scheme.to_string(),
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

/// "1 outlet", "3 outlets".
fn counted(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

pub(super) fn short(s: &str, w: usize) -> String {
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
    let outlets = |n: usize| match c.unit.as_str() {
        "outlet" => String::new(),
        _ => format!("{}, ", counted(n, "outlet")),
    };
    for (letter, name, n, (arts, toks)) in [
        ("A", &c.a, c.outlets_a, (articles.0, tokens.0)),
        ("B", &c.b, c.outlets_b, (articles.1, tokens.1)),
    ] {
        let unit = if c.unit == "outlet" {
            String::new()
        } else {
            format!("{} ", c.unit)
        };
        let _ = writeln!(
            o,
            "{letter} = {unit}{name}: {}{arts} articles, {toks} tokens",
            outlets(n)
        );
    }
    let over = match c.scheme {
        Scheme::Article => "articles",
        Scheme::TwoStage => "outlets",
    };
    let _ = writeln!(
        o,
        "Own voice, title+body, hits per 1,000 tokens. {:.0} % intervals ({} resamples, seed {}):\n{}.\nq: permutation test over {over}, Benjamini-Hochberg across frames.\n",
        s.level * 100.0,
        s.resamples,
        s.seed,
        c.scheme_note
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

/// "Lean (a - b) / (a + b) over title+body hits", saying which frames it leaves out.
fn lean_title(formula: Option<&str>, exclude: &[String]) -> String {
    let leaving = match exclude {
        [] => String::new(),
        fs => format!(", leaving out {}", fs.join(", ")),
    };
    match formula {
        Some(f) => format!("Lean {f} over title+body hits{leaving}"),
        None => "Lean: the lexicon declares no lean sides".to_string(),
    }
}

fn lean_section(o: &mut String, c: &Comparison) {
    let _ = writeln!(
        o,
        "\n{}",
        lean_title(c.lean_formula.as_deref(), &c.lean_exclude)
    );
    let _ = writeln!(
        o,
        "{:<28} {:>8} {:>7} {:<18} {:>7} {:<18}",
        short(&c.unit, 28),
        "articles",
        "own",
        "interval",
        "quote",
        "interval"
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
    let Some(keyness) = &c.keyness else {
        o.push('\n');
        o.push_str(&wrap(
            &format!(
                "Distinctive words: not available by {}, because words are counted per outlet \
                 and outlets have articles on both sides",
                c.unit
            ),
            100,
        ));
        return;
    };
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
    let a = list(&mut keyness.iter().filter(|k| k.z > 0.0));
    let b = list(&mut keyness.iter().rev().filter(|k| k.z < 0.0));
    o.push_str(&wrap(&format!("A: {a}"), 100));
    o.push_str(&wrap(&format!("B: {b}"), 100));
}

/// Wraps text at spaces to lines of at most `width` characters, continuation lines indented.
pub(super) fn wrap(text: &str, width: usize) -> String {
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
        short(&l.name, 28),
        l.articles,
        n(l.lean_own, 2),
        interval_text(l.lean_own_ci, &l.note, 2),
        n(l.lean_quote, 2),
        interval_text(l.lean_quote_ci, &l.note, 2)
    )
}

/// Renders `compare --all`: every outlet (group, period) with its lean, ranked (periods in
/// time order), and the matrix of lean differences (row minus column).
pub fn ranking(r: &LeanRanking, format: OutputFormat) -> Result<String> {
    match format {
        OutputFormat::Json => Ok(serde_json::to_string_pretty(&serde_json::json!({
            "unit": r.unit,
            "lean": r.formula,
            "lean_exclude": r.lean_exclude,
            "rows": r.rows,
            "lean_difference_matrix": r.matrix,
            "left_out": r.left_out,
        }))
        .map_err(Error::output)?
            + "\n"),
        OutputFormat::Csv => ranking_csv(r),
        OutputFormat::Table => Ok(ranking_table(r)),
    }
}

fn ranking_csv(r: &LeanRanking) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "rank",
        r.unit.as_str(),
        "outlets",
        "articles",
        "lean_own",
        "lean_own_ci_low",
        "lean_own_ci_high",
        "lean_quote",
        "lean_quote_ci_low",
        "lean_quote_ci_high",
        "scheme",
        "note",
    ];
    w.write_record(header).map_err(Error::output)?;
    for (i, row) in r.rows.iter().enumerate() {
        let (lo, hi) = ci(row.lean_own_ci, 4);
        let (qlo, qhi) = ci(row.lean_quote_ci, 4);
        w.write_record([
            (i + 1).to_string(),
            row.name.clone(),
            row.outlets.to_string(),
            row.articles.to_string(),
            n(row.lean_own, 4),
            lo,
            hi,
            n(row.lean_quote, 4),
            qlo,
            qhi,
            row.scheme.to_string(),
            row.note.clone(),
        ])
        .map_err(Error::output)?;
    }
    into_string(w)
}

fn ranking_table(r: &LeanRanking) -> String {
    let rows = &r.rows;
    let what = match r.unit.as_str() {
        "outlet" => "Outlets".to_string(),
        u => format!("By {u}"),
    };
    let order = if rows.first().is_some_and(|_| is_period(&r.unit)) {
        "in time order"
    } else {
        "ranked"
    };
    let mut o = match &r.formula {
        Some(f) => format!(
            "{what} {order} by own-voice lean {f}, title+body{}\n",
            match r.lean_exclude.as_slice() {
                [] => String::new(),
                fs => format!(", leaving out {}", fs.join(", ")),
            }
        ),
        None => format!("{what} (the lexicon declares no lean sides)\n"),
    };
    if let Some(scheme) = rows
        .iter()
        .map(|x| x.scheme)
        .max_by_key(|s| *s == Scheme::TwoStage)
    {
        let _ = writeln!(
            o,
            "Intervals: {}",
            match scheme {
                Scheme::TwoStage => "two-stage bootstrap (outlets, then articles within outlets) where a row has 2+ outlets",
                Scheme::Article => "bootstrap over articles",
            }
        );
    }
    let _ = writeln!(
        o,
        "{:<4}{:<28} {:>8} {:>7} {:<18} {:>7} {:<18}",
        "#",
        short(&r.unit, 28),
        "articles",
        "own",
        "interval",
        "quote",
        "interval"
    );
    for (i, row) in rows.iter().enumerate() {
        let _ = writeln!(o, "{:<4}{}", i + 1, lean_line(row));
    }
    let _ = writeln!(o, "\nLean difference, row minus column (own voice)");
    let w = 9;
    let _ = write!(o, "{:<4}", "");
    for j in 0..rows.len().min(10) {
        let _ = write!(o, "{:>w$}", j + 1);
    }
    let _ = writeln!(o);
    for (i, row) in r.matrix.iter().enumerate() {
        let _ = write!(o, "{:<4}", i + 1);
        for d in row.iter().take(10) {
            let _ = write!(o, "{:>w$}", n(*d, 2));
        }
        let _ = writeln!(o);
    }
    if rows.len() > 10 {
        let _ = writeln!(o, "(first 10 columns; --format csv or json for all)");
    }
    o
}

fn is_period(unit: &str) -> bool {
    crate::compare::Period::NAMES.contains(&unit)
}
