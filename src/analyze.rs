//! The `analyze` job: run the pipeline over a corpus and write every table of a run.

use crate::aggregate::{Aggregator, OutletFrameRow, OutletSummaryRow};
use crate::corpus::{self, CorpusOptions, OutletFrom};
use crate::pipeline::{self, Analyzer};
use crate::report::{self, Staged};
use crate::types::Skip;
use anyhow::{Context, Result};
use serde_json::json;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

/// What to analyse and where to write.
pub struct AnalyzeOptions {
    pub input: PathBuf,
    pub out: PathBuf,
    pub corpus: CorpusOptions,
    /// Documents pulled from the corpus per parallel batch.
    pub chunk_size: usize,
    /// Worker threads; `None` uses one per core.
    pub threads: Option<usize>,
    /// Where the clean and language rules came from, for `run.json`.
    pub rules_source: String,
    pub language_source: String,
    /// The command line, recorded in `run.json`.
    pub command: Vec<String>,
}

/// What a run produced.
pub struct Outcome {
    pub documents: usize,
    pub hits: usize,
    pub skipped: Vec<Skip>,
    pub warnings: Vec<String>,
    pub outlet_frames: Vec<OutletFrameRow>,
    pub outlet_summary: Vec<OutletSummaryRow>,
}

/// Runs the pipeline and writes `hits.csv`, `documents.csv`, `outlet_frames.csv`,
/// `outlet_summary.csv`, `skipped.csv` and `run.json` atomically into `opts.out`.
/// `on_skip` hears about each skipped input as it happens.
pub fn analyze(
    analyzer: &Analyzer,
    opts: &AnalyzeOptions,
    on_skip: &mut (dyn FnMut(&Skip) + Send),
) -> Result<Outcome> {
    let corpus = corpus::open(&opts.input, &opts.corpus)?;
    let meta = corpus.meta_columns.clone();
    let warnings = corpus.warnings.clone();
    let mut staged = Staged::new(&opts.out)?;
    let mut hits_w = report::csv_writer(staged.create(report::HITS)?);
    let mut docs_w = report::csv_writer(staged.create(report::DOCUMENTS)?);
    let mut agg = Aggregator::new(&analyzer.lexicon);
    hits_w.write_record(report::HITS_HEADER)?;
    docs_w.write_record(report::documents_header(&meta, agg.sides()))?;
    let mut skipped = Vec::new();

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    pool.install(|| {
        pipeline::run(corpus, analyzer, opts.chunk_size, |r| {
            match r {
                Ok(a) => {
                    let row = agg.add(&a)?;
                    report::write_hits(&mut hits_w, &a)?;
                    report::write_document(&mut docs_w, &meta, &a, &row)?;
                }
                Err(s) => {
                    on_skip(&s);
                    skipped.push(s);
                }
            }
            Ok(())
        })
    })?;

    let outlet_frames = agg.outlet_frames();
    let outlet_summary = agg.outlet_summary();
    let flush = |w: csv::Writer<std::io::BufWriter<std::fs::File>>| -> Result<()> {
        w.into_inner()
            .map_err(|e| anyhow::anyhow!("{}: cannot write: {}", opts.out.display(), e.error()))?
            .flush()
            .with_context(|| format!("{}: cannot write", opts.out.display()))
    };
    flush(hits_w)?;
    flush(docs_w)?;
    let mut w = report::csv_writer(staged.create(report::OUTLET_FRAMES)?);
    report::write_outlet_frames(&mut w, &outlet_frames)?;
    flush(w)?;
    let mut w = report::csv_writer(staged.create(report::OUTLET_SUMMARY)?);
    report::write_outlet_summary(&mut w, agg.sides(), &outlet_summary)?;
    flush(w)?;
    let mut w = report::csv_writer(staged.create(report::SKIPPED)?);
    report::write_skipped(&mut w, &skipped)?;
    flush(w)?;

    let mut by_reason: BTreeMap<String, usize> = BTreeMap::new();
    for s in &skipped {
        let kind = s.reason.split(" (").next().unwrap_or(&s.reason).to_string();
        *by_reason.entry(kind).or_default() += 1;
    }
    let lex = &analyzer.lexicon;
    let run = json!({
        "tool": "framescope",
        "version": env!("CARGO_PKG_VERSION"),
        "command": opts.command,
        "input": opts.input.display().to_string(),
        "format": format!("{:?}", opts.corpus.format).to_lowercase(),
        "lexicon": {
            "id": lex.id, "version": lex.version, "sha256": lex.hash, "source": lex.source,
            "frames": lex.frames.len(), "warnings": lex.warnings,
        },
        "clean_rules": opts.rules_source,
        "language": opts.language_source,
        "options": {
            "outlet_from": match opts.corpus.outlet_from { OutletFrom::Manifest => "manifest", OutletFrom::Dir => "dir" },
            "encoding": opts.corpus.encoding.map(|e| e.name()),
            "skip_bad_rows": opts.corpus.skip_bad_rows,
            "zones_in_rates": ["title", "body"],
        },
        "counts": {
            "documents": agg.documents,
            "hits": agg.hits,
            "outlets": outlet_summary.len(),
            "skipped": skipped.len(),
            "skipped_by_reason": by_reason,
            "warnings": warnings.len(),
        },
        "warnings": warnings,
        "outputs": [report::HITS, report::DOCUMENTS, report::OUTLET_FRAMES, report::OUTLET_SUMMARY, report::SKIPPED],
    });
    let mut w = staged.create(report::RUN)?;
    serde_json::to_writer_pretty(&mut w, &run)?;
    w.write_all(b"\n")?;
    w.flush()?;
    drop(w);
    staged.commit()?;
    Ok(Outcome {
        documents: agg.documents,
        hits: agg.hits,
        skipped,
        warnings,
        outlet_frames,
        outlet_summary,
    })
}
