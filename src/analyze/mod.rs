//! The `analyze` job: run the pipeline over a corpus and write every table of a run.

use crate::aggregate::{ActorAggregator, Aggregator};
use crate::corpus::{self, CorpusOptions};
use crate::error::{Error, Result};
use crate::pipeline::{self, Analysis, Analyzer};
use crate::run::{
    ActorMentionRow, ActorSentimentRow, DocumentRow, HitRow, OutletFrameRow, OutletSummaryRow,
    OutletWordRow, RunDir, RunManifest, SideSchema, SkippedRow, Staged, Table, TableFormat,
    TableWriter, MANIFEST,
};
use crate::sentiment::disk_cache::DiskCache;
mod manifest;
use crate::sentiment::{ScoreCache, SentimentModel};
use crate::types::Skip;
use arrow_array::RecordBatch;
pub(crate) use manifest::manifest;
use manifest::{file_sha256, sentiment_info};
use std::borrow::Cow;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

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
    /// Set (e.g. by a Ctrl-C handler) to stop the run; nothing is written then.
    pub cancel: Option<Arc<AtomicBool>>,
    /// Most distinct (outlet, word) pairs kept for `outlet_words.csv` (keyness).
    pub max_word_pairs: usize,
    /// Write empty tables when no document could be analysed, instead of refusing.
    pub allow_empty: bool,
    /// Also write `report.html`, in the same commit as the tables.
    pub html: Option<crate::html::HtmlOptions>,
    /// CSV, Parquet or both, for every table.
    pub table_format: TableFormat,
    /// Keep model scores in this folder across runs (`--cache DIR`); only inputs not scored
    /// before by the same model run through it.
    pub cache: Option<PathBuf>,
}

impl AnalyzeOptions {
    /// Options with the defaults of `framescope analyze`: built-in rules named as such, chunks
    /// of 256 documents, one thread per core, no cancel flag.
    pub fn new(input: impl Into<PathBuf>, out: impl Into<PathBuf>) -> AnalyzeOptions {
        AnalyzeOptions {
            input: input.into(),
            out: out.into(),
            corpus: CorpusOptions::default(),
            chunk_size: 256,
            threads: None,
            rules_source: "built-in boilerplate.toml".into(),
            language_source: "built-in english.toml".into(),
            command: Vec::new(),
            cancel: None,
            max_word_pairs: crate::aggregate::DEFAULT_MAX_WORD_PAIRS,
            allow_empty: false,
            html: None,
            table_format: TableFormat::Csv,
            cache: None,
        }
    }
}

/// Progress reports from a running analysis.
pub enum Event<'a> {
    Skipped(&'a Skip),
    /// Documents analysed so far, and actor mentions scored so far.
    Progress {
        documents: usize,
        mentions: usize,
    },
}

/// What a run produced.
pub struct Outcome {
    pub documents: usize,
    pub hits: usize,
    pub mentions: usize,
    pub skipped: Vec<Skip>,
    pub warnings: Vec<String>,
    pub outlet_frames: Vec<OutletFrameRow>,
    pub outlet_summary: Vec<OutletSummaryRow>,
    /// Empty when the sentiment stage did not run.
    pub actor_sentiment: Vec<ActorSentimentRow>,
}

/// The rows of `hits.csv` for one analysed document.
pub fn hit_rows(a: &Analysis) -> impl Iterator<Item = HitRow<'_>> {
    a.hits.iter().zip(&a.evidence).map(|(h, e)| HitRow {
        doc_id: Cow::Borrowed(&a.doc.id),
        outlet: Cow::Borrowed(&a.doc.outlet),
        frame: Cow::Borrowed(&h.frame),
        side: h.side.as_deref().map(Cow::Borrowed),
        frame_side: h.frame_side.as_deref().map(Cow::Borrowed),
        agent: h.agent.as_deref().map(Cow::Borrowed),
        agent_side: h.agent_side.as_deref().map(Cow::Borrowed),
        agent_rule: h.agent_rule.as_deref().map(Cow::Borrowed),
        term: Cow::Borrowed(&h.term),
        matched: Cow::Borrowed(&e.matched),
        voice: h.voice,
        zone: h.zone,
        attributed: h.attributed,
        negated: h.negated,
        sentence_index: h.sentence_index,
        char_start: e.char_start,
        char_end: e.char_end,
        context: Cow::Borrowed(&e.context),
        context_offset: e.context_offset,
    })
}

/// The rows of `actor_mentions.csv` for one analysed document: its scored mentions.
pub fn mention_rows(a: &Analysis) -> impl Iterator<Item = ActorMentionRow<'_>> {
    a.mentions
        .iter()
        .zip(&a.mention_evidence)
        .filter_map(|(m, e)| {
            let p = m.probs?;
            Some(ActorMentionRow {
                doc_id: Cow::Borrowed(&a.doc.id),
                outlet: Cow::Borrowed(&a.doc.outlet),
                actor: Cow::Borrowed(&m.actor),
                side: m.side.as_deref().map(Cow::Borrowed),
                mention: Cow::Borrowed(&e.matched),
                sentence_index: m.sentence_index,
                voice: m.voice,
                zone: m.zone,
                label: p.label(),
                p_neg: f64::from(p.negative()),
                p_neu: f64::from(p.neutral()),
                p_pos: f64::from(p.positive()),
                char_start: e.char_start,
                char_end: e.char_end,
                context: Cow::Borrowed(&e.context),
                context_offset: e.context_offset,
            })
        })
}

/// The streaming tables of a run, open while documents arrive.
struct Writers {
    hits: TableWriter,
    docs: TableWriter,
    mentions: Option<TableWriter>,
}

/// Where a run's tables go: a staged run folder, or Arrow batches in memory.
enum Output<'o> {
    Staged(&'o mut Staged),
    Memory(&'o mut Vec<(Table, Vec<RecordBatch>)>),
}

impl Output<'_> {
    fn table<R: crate::run::WriteRow + ?Sized>(
        &mut self,
        schema: &R::Schema,
    ) -> Result<TableWriter> {
        Ok(match self {
            Output::Staged(s) => s.table::<R>(schema)?,
            Output::Memory(_) => TableWriter::memory::<R>(schema),
        })
    }

    fn finish(&mut self, w: TableWriter) -> Result<()> {
        let table = w.table();
        let batches = w.finish()?;
        if let Output::Memory(m) = self {
            m.push((table, batches));
        }
        Ok(())
    }
}

/// A run held in memory: its tables as Arrow batches, in the order a run writes them, and
/// the `run.json` a run folder of the same input would hold.
pub struct MemoryRun {
    pub tables: Vec<(Table, Vec<RecordBatch>)>,
    pub manifest: RunManifest,
    pub outcome: Outcome,
}

/// Runs the pipeline and writes every table of a run and `run.json`, atomically, into
/// `opts.out`: `hits`, `documents`, `outlet_frames`, `outlet_summary`, `outlet_words`,
/// `skipped` and, with a sentiment model, `actor_mentions` and `outlet_actor_sentiment`.
/// The analyzer must have been built `with_actor_mentions` when a model is given.
pub fn analyze(
    analyzer: &Analyzer,
    model: Option<&SentimentModel>,
    opts: &AnalyzeOptions,
    on_event: &mut (dyn FnMut(Event) + Send),
) -> Result<Outcome> {
    let corpus = corpus::open(&opts.input, &opts.corpus).map_err(Error::input)?;
    let mut staged = Staged::new(&opts.out)?;
    staged.set_table_format(opts.table_format);
    let (outcome, manifest) = run_into(
        corpus,
        analyzer,
        model,
        opts,
        Output::Staged(&mut staged),
        on_event,
    )?;
    write_manifest(&mut staged, &manifest)?;
    if let Some(h) = &opts.html {
        write_report(&mut staged, h)?;
    }
    if opts
        .cancel
        .as_ref()
        .is_some_and(|c| c.load(Ordering::Relaxed))
    {
        return Err(Error::Interrupted);
    }
    staged.commit()?;
    Ok(outcome)
}

/// Runs the pipeline over an opened corpus and keeps every table in memory (the Python
/// package's `analyze`): the same rows, in the same order, as [`analyze`] writes.
pub fn analyze_in_memory(
    corpus: corpus::Corpus,
    analyzer: &Analyzer,
    model: Option<&SentimentModel>,
    opts: &AnalyzeOptions,
    on_event: &mut (dyn FnMut(Event) + Send),
) -> Result<MemoryRun> {
    let mut tables = Vec::new();
    let (outcome, mut manifest) = run_into(
        corpus,
        analyzer,
        model,
        opts,
        Output::Memory(&mut tables),
        on_event,
    )?;
    // No file was written: the tables are in `tables`.
    manifest.outputs.clear();
    Ok(MemoryRun {
        tables,
        manifest,
        outcome,
    })
}

/// Streams the corpus, writes every table to `out` and returns what the run's `run.json` says.
fn run_into(
    corpus: corpus::Corpus,
    analyzer: &Analyzer,
    model: Option<&SentimentModel>,
    opts: &AnalyzeOptions,
    mut out: Output,
    on_event: &mut (dyn FnMut(Event) + Send),
) -> Result<(Outcome, RunManifest)> {
    let meta = corpus.meta_columns.clone();
    let warnings = corpus.warnings.clone();
    let schema = SideSchema {
        meta: meta.clone(),
        sides: analyzer
            .lexicon
            .sides
            .iter()
            .map(|s| s.id.clone())
            .collect(),
    };
    let mut w = Writers {
        hits: out.table::<HitRow>(&())?,
        docs: out.table::<DocumentRow>(&schema)?,
        mentions: match model {
            Some(_) => Some(out.table::<ActorMentionRow>(&())?),
            None => None,
        },
    };
    let model_sha256 = match model {
        Some(m) => Some(file_sha256(&m.model_path)?),
        None => None,
    };
    let exact_sha256 = model
        .and_then(SentimentModel::escalation)
        .map(|e| file_sha256(&e.model_path))
        .transpose()?;
    let mut warnings = warnings;
    let mut st = Streamed {
        agg: Aggregator::new(&analyzer.lexicon).with_max_word_pairs(opts.max_word_pairs),
        actor_agg: ActorAggregator::new(&analyzer.lexicon),
        skipped: Vec::new(),
        cache: ScoreCache::default(),
    };
    if let (Some(m), Some(sha), Some(dir)) = (model, &model_sha256, &opts.cache) {
        let (disk, warning) = open_cache(m, sha, dir)?;
        warnings.extend(warning);
        st.cache.disk = Some(disk);
    }
    stream(
        corpus, analyzer, model, opts, &meta, &mut w, &mut st, on_event,
    )?;
    if let Some(disk) = &mut st.cache.disk {
        // The run's tables do not depend on the cache: a cache that cannot be written costs
        // the next run time, not this run's results.
        if let Err(e) = disk.save() {
            warnings.push(format!("--cache: scores not kept: {e}"));
        }
    }
    let warnings = run_warnings(opts, &st, warnings)?;
    let outcome = Outcome {
        documents: st.agg.documents,
        hits: st.agg.hits,
        mentions: st.actor_agg.mentions,
        skipped: std::mem::take(&mut st.skipped),
        warnings,
        outlet_frames: st.agg.outlet_frames(),
        outlet_summary: st.agg.outlet_summary(),
        actor_sentiment: if model.is_some() {
            st.actor_agg.rows()
        } else {
            Vec::new()
        },
    };
    let outputs = write_tables(&mut out, w, &schema, &st, &outcome)?;
    let sentiment = sentiment_info(model, model_sha256, exact_sha256, &st);
    let manifest = manifest(
        opts,
        opts.table_format,
        analyzer,
        sentiment,
        meta,
        &outcome,
        &outputs,
    );
    Ok((outcome, manifest))
}

/// The score cache of this model, tokenizer and runtime in `dir`.
fn open_cache(
    m: &SentimentModel,
    model_sha256: &str,
    dir: &std::path::Path,
) -> Result<(DiskCache, Option<String>)> {
    let model_dir = m.model_path.parent().unwrap_or(std::path::Path::new("."));
    let mut files = vec![
        model_dir.join("labels.json"),
        model_dir.join("tokenizer.json"),
        m.runtime_path.clone(),
    ];
    // A cascade's second model decides scores too.
    files.extend(m.escalation().map(|e| e.model_path));
    let files: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
    // A GPU's arithmetic may differ from the CPU's in the last digits, so its scores are kept
    // apart (CPU identities stay as they were, so existing caches stay valid).
    let model_id = match m.device {
        crate::sentiment::Device::Cpu => model_sha256.to_string(),
        device => format!("{model_sha256} {device}"),
    };
    let identity = crate::sentiment::disk_cache::scorer_identity(&model_id, &files)
        .map_err(|e| Error::Model(format!("--cache: cannot read the model's files: {e}")))?;
    DiskCache::open(dir, &identity).map_err(|e| Error::Output(format!("--cache: {e}")))
}

/// Refuses a run in which nothing could be analysed, and adds the warnings the streaming
/// stage found to the corpus's.
fn run_warnings(
    opts: &AnalyzeOptions,
    st: &Streamed,
    warnings: Vec<String>,
) -> Result<Vec<String>> {
    if st.agg.documents == 0 && !opts.allow_empty {
        // An empty or wholly unreadable corpus must not replace a previous run's tables.
        return Err(Error::Input(format!(
            "{}: no document could be analysed ({} skipped); nothing written \
             (pass --allow-empty to write empty tables)",
            opts.input.display(),
            st.skipped.len()
        )));
    }
    let mut warnings = warnings;
    let pruned = st.agg.words_pruned_at_or_below();
    if pruned > 0 {
        warnings.push(format!(
            "outlet_words.csv: more than {} distinct outlet-word pairs, so words counted {pruned} \
             time(s) or fewer in an outlet were left out (keyness covers the more frequent words)",
            opts.max_word_pairs
        ));
    }

    Ok(warnings)
}

/// Renders `report.html` from the staged tables, so the report commits with them or not at all.
fn write_report(staged: &mut Staged, h: &crate::html::HtmlOptions) -> Result<()> {
    let run = RunDir::open_staged(staged.dir(), staged.out())?;
    let page = crate::html::render(&run, h)?;
    let mut f = staged.create(crate::html::REPORT)?;
    f.write_all(page.as_bytes())
        .and_then(|()| f.flush())
        .map_err(|e| {
            let dest = staged.out().join(crate::html::REPORT);
            Error::Output(format!("{}: cannot write: {e}", dest.display()))
        })
}

/// What the streaming stage accumulates besides the streamed tables.
struct Streamed {
    agg: Aggregator,
    actor_agg: ActorAggregator,
    skipped: Vec<Skip>,
    cache: ScoreCache,
}

/// Streams the corpus through the pipeline (and the model), writing per-document rows as
/// they come.
#[allow(clippy::too_many_arguments)]
fn stream(
    corpus: corpus::Corpus,
    analyzer: &Analyzer,
    model: Option<&SentimentModel>,
    opts: &AnalyzeOptions,
    meta: &[String],
    w: &mut Writers,
    st: &mut Streamed,
    on_event: &mut (dyn FnMut(Event) + Send),
) -> Result<()> {
    let cancelled = || {
        opts.cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::Input(format!("cannot start worker threads: {e}")))?;
    let streamed = pool.install(|| {
        pipeline::run(
            corpus,
            analyzer,
            opts.chunk_size,
            opts.cancel.as_deref(),
            |mut chunk| {
                if cancelled() {
                    return Err(Stop::Interrupted.into());
                }
                if let Some(model) = model {
                    st.cache
                        .score_chunk(model, &mut chunk)
                        .map_err(|e| Stop::Model(Error::model(e)))?;
                }
                for r in chunk {
                    match r {
                        Ok(a) => write_document(&a, meta, &mut st.agg, &mut st.actor_agg, w)?,
                        Err(s) => {
                            on_event(Event::Skipped(&s));
                            st.skipped.push(s);
                        }
                    }
                }
                on_event(Event::Progress {
                    documents: st.agg.documents,
                    mentions: st.actor_agg.mentions,
                });
                Ok(())
            },
        )
    });
    streamed.map_err(|e| match e.downcast::<Stop>() {
        Ok(Stop::Interrupted) => Error::Interrupted,
        Ok(Stop::Model(e) | Stop::Run(e)) => e,
        Err(e) if e.is::<pipeline::Cancelled>() => Error::Interrupted,
        Err(e) => Error::input(e),
    })
}

/// Finishes the streamed tables and writes the per-outlet ones; returns every table written.
fn write_tables(
    out: &mut Output,
    w: Writers,
    schema: &SideSchema,
    st: &Streamed,
    outcome: &Outcome,
) -> Result<Vec<Table>> {
    out.finish(w.hits)?;
    out.finish(w.docs)?;
    let mut outputs = vec![Table::Hits, Table::Documents];
    if let Some(m) = w.mentions {
        out.finish(m)?;
        write_all(out, &(), &outcome.actor_sentiment)?;
        outputs.extend([Table::ActorMentions, Table::OutletActorSentiment]);
    }
    write_all(out, &(), &outcome.outlet_frames)?;
    write_all(out, schema, &outcome.outlet_summary)?;
    write_all::<OutletWordRow>(out, &(), &st.agg.outlet_words())?;
    let skipped_rows: Vec<SkippedRow> = outcome
        .skipped
        .iter()
        .map(|s| SkippedRow {
            source: s.source.clone(),
            kind: s.kind,
            reason: s.reason.clone(),
        })
        .collect();
    write_all(out, &(), &skipped_rows)?;
    outputs.extend([
        Table::OutletFrames,
        Table::OutletSummary,
        Table::OutletWords,
        Table::Skipped,
    ]);
    Ok(outputs)
}

fn write_manifest(staged: &mut Staged, manifest: &RunManifest) -> Result<()> {
    let dest = staged.dir().join(MANIFEST);
    let failed =
        |e: &dyn std::fmt::Display| Error::Output(format!("{}: cannot write: {e}", dest.display()));
    let mut f = staged.create(MANIFEST)?;
    serde_json::to_writer_pretty(&mut f, manifest).map_err(|e| failed(&e))?;
    f.write_all(b"\n")
        .and_then(|()| f.flush())
        .map_err(|e| failed(&e))
}

/// Why the streaming stage stopped early, carried through `anyhow` by the pipeline.
#[derive(Debug, thiserror::Error)]
enum Stop {
    #[error("interrupted")]
    Interrupted,
    #[error("{0}")]
    Model(Error),
    #[error("{0}")]
    Run(Error),
}

fn write_document(
    a: &Analysis,
    meta: &[String],
    agg: &mut Aggregator,
    actor_agg: &mut ActorAggregator,
    w: &mut Writers,
) -> anyhow::Result<()> {
    let row = agg
        .add(a)
        .map_err(|e| Stop::Run(Error::input(e)))?
        .into_row(a, meta);
    let stop = |e: crate::run::TableError| Stop::Run(e.into());
    for h in hit_rows(a) {
        w.hits.write(&h).map_err(stop)?;
    }
    w.docs.write(&row).map_err(stop)?;
    if let Some(m) = &mut w.mentions {
        for r in mention_rows(a) {
            m.write(&r).map_err(stop)?;
        }
        actor_agg.add(a);
    }
    Ok(())
}

fn write_all<R: crate::run::WriteRow>(
    out: &mut Output,
    schema: &R::Schema,
    rows: &[R],
) -> Result<()> {
    let mut w = out.table::<R>(schema)?;
    for r in rows {
        w.write(r)?;
    }
    out.finish(w)
}
