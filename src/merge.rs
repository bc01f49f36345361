//! Finishing a run whose per-document tables were written elsewhere, in parts (by the Spark
//! job, one part per partition): the per-outlet tables and `run.json` are made here, from the
//! `documents` and `hits` rows, by the same aggregator `analyze` uses, so they equal the CLI's.
//!
//! The folder must hold `documents.parquet`, `hits.parquet`, `outlet_words.parquet` and
//! `skipped.parquet`, each a file or a folder of part files read in name order, with documents
//! in corpus order and each document's hits in the order `analyze` writes them.

use crate::aggregate::Aggregator;
use crate::analyze::{AnalyzeOptions, Outcome};
use crate::error::{Error, Result};
use crate::pipeline::Analyzer;
use crate::run::{
    DocumentRow, FileFormat, HitRow, Rows, SideSchema, SkippedRow, Table, TableError, TableFormat,
    TableWriter, WriteRow, MANIFEST,
};
use crate::types::Skip;
use std::path::Path;

/// Tables the parts must provide.
pub const PART_TABLES: [Table; 4] = [
    Table::Documents,
    Table::Hits,
    Table::OutletWords,
    Table::Skipped,
];

fn rows<R: crate::run::ReadRow>(dir: &Path, schema: &R::Schema) -> Result<Rows<R>> {
    let path = dir.join(R::TABLE.file_name_as(FileFormat::Parquet));
    if !path.exists() {
        return Err(Error::NoRun(format!(
            "{}: missing (a folder of parts needs {})",
            path.display(),
            PART_TABLES
                .map(|t| t.file_name_as(FileFormat::Parquet))
                .join(", ")
        )));
    }
    Ok(Rows::open_parquet(&path, schema, None)?)
}

/// Writes one table as a single Parquet file, atomically.
fn write_table<R: WriteRow>(dir: &Path, schema: &R::Schema, rows: &[R]) -> Result<()> {
    let mut w = TableWriter::memory::<R>(schema);
    for r in rows {
        w.write(r)?;
    }
    let batches = w.finish()?;
    let path = dir.join(R::TABLE.file_name_as(FileFormat::Parquet));
    let bytes = crate::run::arrow::parquet_bytes(&batches)
        .map_err(|e| TableError::file(&path, format!("cannot write: {e}")))?;
    crate::run::write_file_atomic(&path, &bytes)?;
    Ok(())
}

/// Reads the part tables in `dir`, writes `outlet_frames.parquet`, `outlet_summary.parquet`
/// and then `run.json`, and returns what a CLI run of the same corpus would have returned.
/// `meta` are the corpus's metadata columns and `warnings` what reading it warned about.
pub fn finish_parts(
    dir: &Path,
    analyzer: &Analyzer,
    opts: &AnalyzeOptions,
    meta: Vec<String>,
    warnings: Vec<String>,
) -> Result<Outcome> {
    let lex = &analyzer.lexicon;
    let schema = SideSchema {
        meta: meta.clone(),
        sides: lex.sides.iter().map(|s| s.id.clone()).collect(),
    };
    let mut agg = Aggregator::new(lex).with_max_word_pairs(opts.max_word_pairs);
    let mut hits = rows::<HitRow<'static>>(dir, &())?.peekable();
    let mut doc_hits = Vec::new();
    for doc in rows::<DocumentRow>(dir, &schema)? {
        let doc = doc?;
        doc_hits.clear();
        while let Some(h) = hits.next_if(|h| h.as_ref().map_or(true, |h| h.doc_id == doc.doc_id)) {
            doc_hits.push(h?);
        }
        agg.add_rows(&doc, &doc_hits)
            .map_err(|e| Error::Input(format!("{}: {e}", dir.display())))?;
    }
    if let Some(h) = hits.next() {
        let h = h?;
        return Err(Error::Input(format!(
            "{}: hits of document {:?} come after its row in documents, or it has none: \
             hits must be in document order",
            dir.join("hits.parquet").display(),
            h.doc_id
        )));
    }
    let mut skipped = Vec::new();
    for s in rows::<SkippedRow>(dir, &())? {
        let s = s?;
        skipped.push(Skip::new(s.source, s.kind, s.reason));
    }
    // Summed by the job that wrote the parts; read through once so a bad part is an error now.
    let mut word_pairs = 0usize;
    for w in rows::<crate::run::OutletWordRow<'static>>(dir, &())? {
        w?;
        word_pairs += 1;
    }
    let mut warnings = warnings;
    if word_pairs > opts.max_word_pairs {
        warnings.push(format!(
            "outlet_words: {word_pairs} distinct outlet-word pairs, more than the budget of {} \
             (--max-words): all are kept here, where `framescope analyze` would have left out \
             the rarest",
            opts.max_word_pairs
        ));
    }
    let outcome = Outcome {
        documents: agg.documents,
        hits: agg.hits,
        mentions: 0,
        skipped,
        warnings,
        outlet_frames: agg.outlet_frames(),
        outlet_summary: agg.outlet_summary(),
        actor_sentiment: Vec::new(),
    };
    write_table(dir, &(), &outcome.outlet_frames)?;
    write_table(dir, &schema, &outcome.outlet_summary)?;
    let outputs = [
        Table::Hits,
        Table::Documents,
        Table::OutletFrames,
        Table::OutletSummary,
        Table::OutletWords,
        Table::Skipped,
    ];
    let manifest = crate::analyze::manifest(
        opts,
        TableFormat::Parquet,
        analyzer,
        None,
        meta,
        &outcome,
        &outputs,
    );
    let mut text = serde_json::to_string_pretty(&manifest)
        .map_err(|e| Error::Output(format!("{MANIFEST}: {e}")))?;
    text.push('\n');
    crate::run::write_file_atomic(&dir.join(MANIFEST), text.as_bytes())?;
    Ok(outcome)
}
