//! framescope compare A B [--from DIR] [--format table|csv|json] [--out FILE]
//! framescope compare --all [--from DIR]
//!
//! Compares two outlets from the last run's tables (or --from DIR): per frame, own-voice rates
//! per 1,000 title+body tokens with bootstrap intervals over articles, a permutation test and
//! Benjamini-Hochberg q-values; lean with intervals; sentiment toward each actor; distinctive
//! words (weighted log-odds, written in full to keyness_A_vs_B.csv in the run folder).
//! With --all: outlets ranked by lean, and the matrix of lean differences.

use framescope::compare::{self, Comparison, LeanRow, RunData, Settings};
use framescope::kwic::latest_run;
use framescope::stats::Interval;
use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(about = "Compare outlets' framing with intervals and tests, from the last run's tables")]
pub struct Args {
    /// Outlets to compare (case-insensitive; a unique prefix is enough).
    #[arg(required_unless_present = "all", num_args = 2, value_names = ["A", "B"])]
    outlets: Vec<String>,
    /// Rank all outlets by lean and show the matrix of lean differences.
    #[arg(long, conflicts_with = "outlets")]
    all: bool,
    /// Run folder [default: the newest under reports/].
    #[arg(long)]
    from: Option<PathBuf>,
    #[arg(long, value_parser = ["table", "csv", "json"], default_value = "table")]
    format: String,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Seed of the bootstrap and permutation draws.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Bootstrap resamples and permutations.
    #[arg(long, default_value_t = 2000)]
    resamples: usize,
    /// Distinctive words shown each way.
    #[arg(long, default_value_t = 15)]
    top: usize,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let dir = match &a.from {
        Some(d) => d.clone(),
        None => latest_run(Path::new("reports")).ok_or_else(|| {
            anyhow::anyhow!(
                "no run found under reports/ (run `framescope analyze` first or pass --from DIR)"
            )
        })?,
    };
    let run = RunData::load(&dir)?;
    let settings = Settings {
        resamples: a.resamples.max(1),
        seed: a.seed,
        ..Settings::default()
    };
    let colour = a.out.is_none() && a.format == "table" && std::io::stdout().is_terminal();
    let text = if a.all {
        all(&run, &settings, &a.format)?
    } else {
        let (x, y) = (run.outlet(&a.outlets[0])?, run.outlet(&a.outlets[1])?);
        compare::check_distinct(&x, &y)?;
        let c = compare::compare(&run, &x, &y, &settings);
        let kfile = dir.join(compare::keyness_file_name(&x, &y));
        write_keyness(&kfile, &c)?;
        match a.format.as_str() {
            "csv" => frames_csv(&c)?,
            "json" => {
                let mut v = serde_json::to_value(&c)?;
                let top = |it: &mut dyn Iterator<Item = &framescope::stats::Keyness>| -> Vec<serde_json::Value> {
                    it.take(a.top).map(|k| serde_json::json!({"word": k.word, "count_a": k.count_a, "count_b": k.count_b, "z": k.z})).collect()
                };
                v["keyness_top_a"] = top(&mut c.keyness.iter()).into();
                v["keyness_top_b"] = top(&mut c.keyness.iter().rev()).into();
                v["keyness_file"] = kfile.display().to_string().into();
                serde_json::to_string_pretty(&v)? + "\n"
            }
            _ => table(&c, a.top, colour, &kfile),
        }
    };
    match &a.out {
        Some(path) => write_atomic(path, text.as_bytes())?,
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
    tmp.write_all(bytes)?;
    tmp.persist(path)
        .map_err(|e| anyhow::anyhow!("{}: cannot write: {}", path.display(), e.error))?;
    Ok(())
}

fn write_keyness(path: &Path, c: &Comparison) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["word", "count_a", "count_b", "delta", "variance", "z"])?;
    for k in &c.keyness {
        w.write_record([
            k.word.clone(),
            k.count_a.to_string(),
            k.count_b.to_string(),
            format!("{:.6}", k.delta),
            format!("{:.6}", k.variance),
            format!("{:.6}", k.z),
        ])?;
    }
    write_atomic(path, &w.into_inner()?)
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
fn frames_csv(c: &Comparison) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
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
    ])?;
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
        ])?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
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
fn table(c: &Comparison, top: usize, colour: bool, kfile: &Path) -> String {
    let mut o = String::new();
    let (f0, s) = (&c.frames[0], &c.settings);
    let _ = writeln!(
        o,
        "A = {}: {} articles, {} tokens",
        c.a, f0.articles_a, f0.tokens_a
    );
    let _ = writeln!(
        o,
        "B = {}: {} articles, {} tokens",
        c.b, f0.articles_b, f0.tokens_b
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
        let _ = writeln!(
            o,
            "{}",
            if significant {
                paint(&line, "1", colour)
            } else {
                line
            }
        );
    }
    let _ = writeln!(o, "\nLean (az - am) / (az + am) over title+body hits");
    let _ = writeln!(
        o,
        "{:<28} {:>8} {:>7} {:<18} {:>7} {:<18}",
        "outlet", "articles", "own", "interval", "quote", "interval"
    );
    for l in &c.lean {
        let _ = writeln!(o, "{}", lean_line(l));
    }
    if !c.actors.is_empty() {
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
    let _ = writeln!(
        o,
        "\nDistinctive words, own voice (weighted log-odds z; every word in the file below)"
    );
    let _ = writeln!(o, "{}", kfile.display());
    let list = |it: &mut dyn Iterator<Item = &framescope::stats::Keyness>| -> String {
        it.take(top)
            .map(|k| format!("{} ({:.1})", k.word, k.z))
            .collect::<Vec<_>>()
            .join(", ")
    };
    o.push_str(&wrap(
        &format!("A: {}", list(&mut c.keyness.iter().filter(|k| k.z > 0.0))),
        100,
    ));
    o.push_str(&wrap(
        &format!(
            "B: {}",
            list(&mut c.keyness.iter().rev().filter(|k| k.z < 0.0))
        ),
        100,
    ));
    o
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

/// Outlets ranked by own-voice lean, and the matrix of lean differences (row minus column).
fn all(run: &RunData, s: &Settings, format: &str) -> anyhow::Result<String> {
    let mut rows: Vec<LeanRow> = run
        .outlets
        .iter()
        .map(|o| compare::lean_row(run, o, s))
        .collect();
    rows.sort_by(|x, y| {
        y.lean_own
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&x.lean_own.unwrap_or(f64::NEG_INFINITY))
            .then(x.outlet.cmp(&y.outlet))
    });
    let diff = |x: &LeanRow, y: &LeanRow| x.lean_own.zip(y.lean_own).map(|(p, q)| p - q);
    match format {
        "json" => {
            let matrix: Vec<Vec<Option<f64>>> = rows
                .iter()
                .map(|x| rows.iter().map(|y| diff(x, y)).collect())
                .collect();
            Ok(serde_json::to_string_pretty(
                &serde_json::json!({"outlets": rows, "lean_difference_matrix": matrix}),
            )? + "\n")
        }
        "csv" => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record([
                "rank",
                "outlet",
                "articles",
                "lean_own",
                "lean_own_ci_low",
                "lean_own_ci_high",
                "lean_quote",
                "note",
            ])?;
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
                ])?;
            }
            Ok(String::from_utf8(w.into_inner()?)?)
        }
        _ => {
            let mut o =
                String::from("Outlets by own-voice lean (az - am) / (az + am), title+body\n");
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
            for (i, x) in rows.iter().enumerate() {
                let _ = write!(o, "{:<4}", i + 1);
                for y in &rows {
                    let _ = write!(o, "{:>w$}", n(diff(x, y), 2));
                }
                let _ = writeln!(o);
            }
            Ok(o)
        }
    }
}
