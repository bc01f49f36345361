//! Report stage: CSV tables, `run.json` and the terminal summary.
//!
//! All files of a run are staged as temporary files in the output folder and renamed into place
//! only when every table is complete, so a failed or interrupted run never leaves a half-written
//! table and the previous run's outputs stay intact.

use crate::aggregate::{zone_names, ActorSentimentRow, DocRow, OutletFrameRow, OutletSummaryRow};
use crate::lexicon::Lexicon;
use crate::pipeline::Analysis;
use crate::types::Skip;
use anyhow::{Context, Result};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Table file names, as written by `analyze`.
pub const HITS: &str = "hits.csv";
pub const DOCUMENTS: &str = "documents.csv";
pub const OUTLET_FRAMES: &str = "outlet_frames.csv";
pub const OUTLET_SUMMARY: &str = "outlet_summary.csv";
pub const SKIPPED: &str = "skipped.csv";
pub const RUN: &str = "run.json";
pub const OUTLET_WORDS: &str = "outlet_words.csv";

/// Opens a run's table for reading row by row; the error says how to get one.
pub fn open_table(path: &Path) -> Result<(csv::Reader<std::fs::File>, csv::StringRecord)> {
    let mut rdr = csv::Reader::from_path(path).with_context(|| {
        format!(
            "{}: cannot open (run `framescope analyze` first)",
            path.display()
        )
    })?;
    let headers = rdr
        .headers()
        .with_context(|| format!("{}: unreadable header", path.display()))?
        .clone();
    Ok((rdr, headers))
}

/// Reads a small table whole.
pub fn read_table(path: &Path) -> Result<(csv::StringRecord, Vec<csv::StringRecord>)> {
    let (mut rdr, headers) = open_table(path)?;
    let rows = rdr
        .records()
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("{}: unreadable", path.display()))?;
    Ok((headers, rows))
}

/// Index of a column by name; a missing column is an error naming the file.
pub fn col(headers: &csv::StringRecord, name: &str, path: &Path) -> Result<usize> {
    headers
        .iter()
        .position(|h| h == name)
        .with_context(|| format!("{}: missing column `{name}`", path.display()))
}

/// Output files staged in a folder until [`Staged::commit`].
pub struct Staged {
    dir: PathBuf,
    files: Vec<(tempfile::NamedTempFile, String)>,
}

impl Staged {
    pub fn new(dir: &Path) -> Result<Staged> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create output folder", dir.display()))?;
        Ok(Staged {
            dir: dir.to_path_buf(),
            files: Vec::new(),
        })
    }

    /// A new staged file; write through the returned handle.
    pub fn create(&mut self, name: &str) -> Result<BufWriter<File>> {
        let mut builder = tempfile::Builder::new();
        // Temporary files are private by default; the outputs get the usual umask-based mode.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let tmp = builder
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .with_context(|| format!("{}: cannot write in output folder", self.dir.display()))?;
        let handle = tmp
            .as_file()
            .try_clone()
            .with_context(|| format!("{}: cannot write", self.dir.display()))?;
        self.files.push((tmp, name.to_string()));
        Ok(BufWriter::with_capacity(1 << 16, handle))
    }

    /// Renames every staged file into place. Call only after all writers are flushed.
    pub fn commit(self) -> Result<()> {
        for (tmp, _) in &self.files {
            tmp.as_file()
                .sync_all()
                .with_context(|| format!("{}: cannot write", self.dir.display()))?;
        }
        for (tmp, name) in self.files {
            let dest = self.dir.join(&name);
            tmp.persist(&dest)
                .map_err(|e| anyhow::anyhow!("{}: cannot write: {}", dest.display(), e.error))?;
        }
        Ok(())
    }
}

/// Formats an optional number with fixed decimals; empty when absent.
pub fn num(x: Option<f64>, decimals: usize) -> String {
    x.map(|v| format!("{v:.decimals$}")).unwrap_or_default()
}

pub fn csv_writer(w: BufWriter<File>) -> csv::Writer<BufWriter<File>> {
    csv::WriterBuilder::new().from_writer(w)
}

pub const HITS_HEADER: [&str; 15] = [
    "doc_id",
    "outlet",
    "frame",
    "side",
    "term",
    "matched",
    "voice",
    "zone",
    "attributed",
    "negated",
    "sentence_index",
    "char_start",
    "char_end",
    "context",
    "context_offset",
];

pub fn write_hits<W: Write>(w: &mut csv::Writer<W>, a: &Analysis) -> Result<()> {
    for (h, e) in a.hits.iter().zip(&a.evidence) {
        w.write_record([
            a.doc.id.as_str(),
            &a.doc.outlet,
            &h.frame,
            h.side.as_deref().unwrap_or(""),
            &h.term,
            &e.matched,
            h.voice.as_str(),
            h.zone.as_str(),
            bool_str(h.attributed),
            bool_str(h.negated),
            &h.sentence_index.to_string(),
            &e.char_start.to_string(),
            &e.char_end.to_string(),
            &e.context,
            &e.context_offset.to_string(),
        ])?;
    }
    Ok(())
}

fn bool_str(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

pub fn documents_header(meta: &[String], sides: &[String]) -> Vec<String> {
    let mut h: Vec<String> = vec!["doc_id".into(), "outlet".into()];
    h.extend(meta.iter().cloned());
    h.extend(
        [
            "source",
            "tokens",
            "tokens_other_zones",
            "sentences",
            "hits_own",
            "hits_quote",
            "hits_other_zones",
        ]
        .map(String::from),
    );
    h.extend(sides.iter().map(|s| format!("own_{s}")));
    h.extend(sides.iter().map(|s| format!("quote_{s}")));
    h.extend(["lean", "dropped_lines", "duplicate_paragraphs"].map(String::from));
    h
}

pub fn write_document<W: Write>(
    w: &mut csv::Writer<W>,
    meta: &[String],
    a: &Analysis,
    r: &DocRow,
) -> Result<()> {
    let mut rec: Vec<String> = vec![a.doc.id.clone(), a.doc.outlet.clone()];
    rec.extend(
        meta.iter()
            .map(|m| a.doc.meta.get(m).cloned().unwrap_or_default()),
    );
    rec.push(a.doc.source.clone());
    rec.extend(
        [
            r.tokens,
            r.tokens_other,
            r.sentences,
            r.hits_own,
            r.hits_quote,
            r.hits_other_zones,
        ]
        .map(|n| n.to_string()),
    );
    rec.extend(r.own_by_side.iter().map(usize::to_string));
    rec.extend(r.quote_by_side.iter().map(usize::to_string));
    rec.push(num(r.lean, 4));
    rec.push(a.dropped_lines.to_string());
    rec.push(a.duplicate_paragraphs.to_string());
    w.write_record(&rec)?;
    Ok(())
}

pub fn write_outlet_frames<W: Write>(
    w: &mut csv::Writer<W>,
    rows: &[OutletFrameRow],
) -> Result<()> {
    let mut header: Vec<String> = [
        "outlet",
        "frame",
        "side",
        "articles",
        "tokens",
        "hits_own",
        "hits_quote",
        "hits_own_attributed",
        "hits_own_negated",
    ]
    .map(String::from)
    .to_vec();
    header.extend(zone_names().map(|z| format!("hits_{z}")));
    header.extend(
        [
            "rate_own_per_1k",
            "mean_article_rate_own_per_1k",
            "share_articles_own",
        ]
        .map(String::from),
    );
    w.write_record(&header)?;
    for r in rows {
        let mut rec = vec![r.outlet.clone(), r.frame.clone(), r.side.clone()];
        rec.extend(
            [
                r.articles,
                r.tokens,
                r.hits_own,
                r.hits_quote,
                r.hits_own_attributed,
                r.hits_own_negated,
            ]
            .map(|n| n.to_string()),
        );
        rec.extend(r.hits_by_zone.iter().map(usize::to_string));
        rec.push(num(r.rate_own, 4));
        rec.push(num(r.mean_article_rate_own, 4));
        rec.push(num(r.share_articles_own, 4));
        w.write_record(&rec)?;
    }
    Ok(())
}

pub fn write_outlet_summary<W: Write>(
    w: &mut csv::Writer<W>,
    sides: &[String],
    rows: &[OutletSummaryRow],
) -> Result<()> {
    let mut header: Vec<String> = ["outlet", "articles", "tokens"].map(String::from).to_vec();
    header.extend(sides.iter().map(|s| format!("own_{s}")));
    header.extend(sides.iter().map(|s| format!("quote_{s}")));
    header.extend(["lean_own", "lean_quote"].map(String::from));
    w.write_record(&header)?;
    for r in rows {
        let mut rec = vec![
            r.outlet.clone(),
            r.articles.to_string(),
            r.tokens.to_string(),
        ];
        rec.extend(r.own_by_side.iter().map(usize::to_string));
        rec.extend(r.quote_by_side.iter().map(usize::to_string));
        rec.push(num(r.lean_own, 4));
        rec.push(num(r.lean_quote, 4));
        w.write_record(&rec)?;
    }
    Ok(())
}

pub fn write_skipped<W: Write>(w: &mut csv::Writer<W>, skipped: &[Skip]) -> Result<()> {
    w.write_record(["source", "reason"])?;
    for s in skipped {
        w.write_record([&s.source, &s.reason])?;
    }
    Ok(())
}

/// The terminal summary: frames down, outlets across, own-voice rate per 1,000 tokens.
pub fn terminal_table(
    lex: &Lexicon,
    frames: &[OutletFrameRow],
    summary: &[OutletSummaryRow],
) -> String {
    let outlets: Vec<String> = summary.iter().map(|s| s.outlet.clone()).collect();
    let mut t = grid("frame (own voice, per 1k tokens)", &outlets);
    for f in &lex.frames {
        let mut row = vec![f.id.clone(), f.side.clone().unwrap_or_else(|| "-".into())];
        for s in summary {
            let r = frames
                .iter()
                .find(|r| r.outlet == s.outlet && r.frame == f.id);
            row.push(match r {
                Some(r) if r.hits_own > 0 => format!("{:.2}", r.rate_own.unwrap_or(0.0)),
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

pub const ACTOR_MENTIONS: &str = "actor_mentions.csv";
pub const OUTLET_ACTOR_SENTIMENT: &str = "outlet_actor_sentiment.csv";

pub const ACTOR_MENTIONS_HEADER: [&str; 16] = [
    "doc_id",
    "outlet",
    "actor",
    "side",
    "mention",
    "sentence_index",
    "voice",
    "zone",
    "label",
    "p_neg",
    "p_neu",
    "p_pos",
    "char_start",
    "char_end",
    "context",
    "context_offset",
];

pub fn write_actor_mentions<W: Write>(w: &mut csv::Writer<W>, a: &Analysis) -> Result<()> {
    for (m, e) in a.mentions.iter().zip(&a.mention_evidence) {
        let Some(p) = m.probs else { continue };
        w.write_record([
            a.doc.id.as_str(),
            &a.doc.outlet,
            &m.actor,
            m.side.as_deref().unwrap_or(""),
            &e.matched,
            &m.sentence_index.to_string(),
            m.voice.as_str(),
            m.zone.as_str(),
            crate::evaluate::CLASSES[crate::sentiment::argmax(&p)],
            &format!("{:.4}", p[0]),
            &format!("{:.4}", p[1]),
            &format!("{:.4}", p[2]),
            &e.char_start.to_string(),
            &e.char_end.to_string(),
            &e.context,
            &e.context_offset.to_string(),
        ])?;
    }
    Ok(())
}

pub fn write_outlet_actor_sentiment<W: Write>(
    w: &mut csv::Writer<W>,
    rows: &[ActorSentimentRow],
) -> Result<()> {
    w.write_record([
        "outlet",
        "actor",
        "side",
        "voice",
        "mentions",
        "share_negative",
        "share_neutral",
        "share_positive",
        "mean_score",
    ])?;
    for r in rows {
        let share = |i: usize| num(r.shares.map(|s| s[i]), 4);
        w.write_record([
            r.outlet.clone(),
            r.actor.clone(),
            r.side.clone(),
            r.voice.to_string(),
            r.mentions.to_string(),
            share(0),
            share(1),
            share(2),
            num(r.mean_score, 4),
        ])?;
    }
    Ok(())
}

/// The terminal summary of sentiment: actors down, outlets across, mean score (p_pos - p_neg)
/// of own-voice mentions with their count.
pub fn terminal_sentiment_table(
    lex: &Lexicon,
    outlets: &[String],
    rows: &[ActorSentimentRow],
) -> String {
    let mut t = grid("actor (own voice: mean p_pos - p_neg, n)", outlets);
    for a in &lex.actors {
        let mut row = vec![a.id.clone(), a.side.clone().unwrap_or_else(|| "-".into())];
        for o in outlets {
            let r = rows
                .iter()
                .find(|r| &r.outlet == o && r.actor == a.id && r.voice == "own");
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

pub fn write_outlet_words<W: Write>(
    w: &mut csv::Writer<W>,
    rows: &[(&str, &str, u64)],
) -> Result<()> {
    w.write_record(["outlet", "word", "count"])?;
    for (outlet, word, n) in rows {
        w.write_record([*outlet, *word, &n.to_string()])?;
    }
    Ok(())
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
