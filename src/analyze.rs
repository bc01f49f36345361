//! The `analyze` job: run the pipeline over a corpus and write every table of a run.

use crate::aggregate::{
    ActorAggregator, ActorSentimentRow, Aggregator, OutletFrameRow, OutletSummaryRow,
};
use crate::corpus::{self, CorpusOptions, OutletFrom};
use crate::pipeline::{self, Analysis, Analyzer};
use crate::report::{self, Staged};
use crate::sentiment::{SentimentModel, Target};
use crate::types::Skip;
use anyhow::{Context, Result};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
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
}

/// The run was stopped through [`AnalyzeOptions::cancel`]; no output was changed.
#[derive(Debug, thiserror::Error)]
#[error("interrupted: no tables written, previous outputs left as they were")]
pub struct Interrupted;

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

/// Model outputs of inputs already scored in this run, so a sentence repeated across articles
/// (wire copy republished by several outlets) is scored once. Bounded: when its keys pass
/// `CACHE_BYTES` it starts afresh, so memory stays flat on any corpus.
#[derive(Default)]
struct ScoreCache {
    map: HashMap<(String, usize, usize), [f32; 3]>,
    bytes: usize,
}

const CACHE_BYTES: usize = 64 << 20;

/// Scores the actor mentions of a chunk in place; returns the number of inputs the model ran on.
fn score_chunk(
    model: &SentimentModel,
    cache: &mut ScoreCache,
    chunk: &mut [Result<Analysis, Skip>],
) -> Result<usize> {
    let mut keys: Vec<(String, usize, usize)> = Vec::new();
    for a in chunk.iter().flatten() {
        for e in &a.mention_evidence {
            // The model reads the context (whitespace collapsed), so locate the mention there.
            let start = e
                .context
                .char_indices()
                .nth(e.context_offset)
                .map_or(e.context.len(), |(b, _)| b);
            let len = pipeline::collapse_whitespace(&e.matched).len();
            keys.push((e.context.clone(), start, (start + len).min(e.context.len())));
        }
    }
    // Start afresh between chunks, never within one: every key of this chunk stays cached
    // until its mentions have their scores.
    if cache.bytes > CACHE_BYTES {
        cache.map.clear();
        cache.bytes = 0;
    }
    let mut missing: Vec<&(String, usize, usize)> = keys
        .iter()
        .filter(|k| !cache.map.contains_key(*k))
        .collect();
    missing.sort_unstable();
    missing.dedup();
    let targets: Vec<Target> = missing
        .iter()
        .map(|(sentence, start, end)| Target {
            sentence,
            start: *start,
            end: *end,
        })
        .collect();
    let probs = model.score(&targets)?;
    for (k, p) in missing.iter().zip(probs) {
        cache.bytes += k.0.len() + 48;
        cache.map.insert((*k).clone(), p);
    }
    let mut it = keys.iter();
    for a in chunk.iter_mut().flatten() {
        for m in &mut a.mentions {
            m.probs = it.next().and_then(|k| cache.map.get(k).copied());
        }
    }
    Ok(targets.len())
}

/// Runs the pipeline and writes `hits.csv`, `documents.csv`, `outlet_frames.csv`,
/// `outlet_summary.csv`, `skipped.csv`, `run.json` and, with a sentiment model,
/// `actor_mentions.csv` and `outlet_actor_sentiment.csv`, atomically into `opts.out`.
/// The analyzer must have been built `with_actor_mentions` when a model is given.
pub fn analyze(
    analyzer: &Analyzer,
    model: Option<&SentimentModel>,
    opts: &AnalyzeOptions,
    on_event: &mut (dyn FnMut(Event) + Send),
) -> Result<Outcome> {
    let corpus = corpus::open(&opts.input, &opts.corpus)?;
    let meta = corpus.meta_columns.clone();
    let warnings = corpus.warnings.clone();
    let mut staged = Staged::new(&opts.out)?;
    let mut hits_w = report::csv_writer(staged.create(report::HITS)?);
    let mut docs_w = report::csv_writer(staged.create(report::DOCUMENTS)?);
    let mut mentions_w = match model {
        Some(_) => Some(report::csv_writer(staged.create(report::ACTOR_MENTIONS)?)),
        None => None,
    };
    let mut agg = Aggregator::new(&analyzer.lexicon);
    let mut actor_agg = ActorAggregator::new(&analyzer.lexicon);
    hits_w.write_record(report::HITS_HEADER)?;
    docs_w.write_record(report::documents_header(&meta, agg.sides()))?;
    if let Some(w) = &mut mentions_w {
        w.write_record(report::ACTOR_MENTIONS_HEADER)?;
    }
    let mut skipped = Vec::new();
    let mut distinct_inputs = 0usize;
    let mut cache = ScoreCache::default();
    let check = || -> Result<()> {
        match &opts.cancel {
            Some(c) if c.load(Ordering::Relaxed) => Err(Interrupted.into()),
            _ => Ok(()),
        }
    };

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    pool.install(|| {
        pipeline::run(corpus, analyzer, opts.chunk_size, |mut chunk| {
            check()?;
            if let Some(model) = model {
                distinct_inputs += score_chunk(model, &mut cache, &mut chunk)?;
            }
            for r in chunk {
                match r {
                    Ok(a) => {
                        let row = agg.add(&a)?;
                        report::write_hits(&mut hits_w, &a)?;
                        report::write_document(&mut docs_w, &meta, &a, &row)?;
                        if let Some(w) = &mut mentions_w {
                            report::write_actor_mentions(w, &a)?;
                            actor_agg.add(&a);
                        }
                    }
                    Err(s) => {
                        on_event(Event::Skipped(&s));
                        skipped.push(s);
                    }
                }
            }
            on_event(Event::Progress {
                documents: agg.documents,
                mentions: actor_agg.mentions,
            });
            Ok(())
        })
    })?;

    let outlet_frames = agg.outlet_frames();
    let outlet_summary = agg.outlet_summary();
    let actor_sentiment = if model.is_some() {
        actor_agg.rows()
    } else {
        Vec::new()
    };
    let flush = |w: csv::Writer<std::io::BufWriter<std::fs::File>>| -> Result<()> {
        w.into_inner()
            .map_err(|e| anyhow::anyhow!("{}: cannot write: {}", opts.out.display(), e.error()))?
            .flush()
            .with_context(|| format!("{}: cannot write", opts.out.display()))
    };
    flush(hits_w)?;
    flush(docs_w)?;
    let mut outputs = vec![report::HITS, report::DOCUMENTS];
    if let Some(w) = mentions_w {
        flush(w)?;
        let mut w = report::csv_writer(staged.create(report::OUTLET_ACTOR_SENTIMENT)?);
        report::write_outlet_actor_sentiment(&mut w, &actor_sentiment)?;
        flush(w)?;
        outputs.extend([report::ACTOR_MENTIONS, report::OUTLET_ACTOR_SENTIMENT]);
    }
    let mut w = report::csv_writer(staged.create(report::OUTLET_FRAMES)?);
    report::write_outlet_frames(&mut w, &outlet_frames)?;
    flush(w)?;
    let mut w = report::csv_writer(staged.create(report::OUTLET_SUMMARY)?);
    report::write_outlet_summary(&mut w, agg.sides(), &outlet_summary)?;
    flush(w)?;
    let mut w = report::csv_writer(staged.create(report::OUTLET_WORDS)?);
    report::write_outlet_words(&mut w, &agg.outlet_words())?;
    flush(w)?;
    let mut w = report::csv_writer(staged.create(report::SKIPPED)?);
    report::write_skipped(&mut w, &skipped)?;
    flush(w)?;
    outputs.extend([
        report::OUTLET_FRAMES,
        report::OUTLET_SUMMARY,
        report::OUTLET_WORDS,
        report::SKIPPED,
    ]);

    let mut by_reason: BTreeMap<String, usize> = BTreeMap::new();
    for s in &skipped {
        let kind = s.reason.split(" (").next().unwrap_or(&s.reason).to_string();
        *by_reason.entry(kind).or_default() += 1;
    }
    let lex = &analyzer.lexicon;
    let sentiment = match model {
        Some(m) => json!({
            "model": m.model_path.display().to_string(),
            "model_sha256": file_sha256(&m.model_path)?,
            "runtime": m.runtime_path.file_name().map(|n| n.to_string_lossy().into_owned()),
            "mentions": actor_agg.mentions,
            "distinct_inputs_scored": distinct_inputs,
            "zones_in_tables": ["title", "body"],
        }),
        None => json!("off (--no-sentiment)"),
    };
    let run = json!({
        "tool": "framescope",
        "version": env!("CARGO_PKG_VERSION"),
        "command": opts.command,
        "input": opts.input.display().to_string(),
        "format": format!("{:?}", opts.corpus.format).to_lowercase(),
        "lexicon": {
            "id": lex.id, "version": lex.version, "sha256": lex.hash, "source": lex.source,
            "frames": lex.frames.len(), "warnings": lex.warnings,
            "lean": lex.lean.as_ref().map(|(a, b)| [a, b]),
            "title": lex.title,
            "sides": lex.sides.iter().map(|s| json!({"id": s.id, "label": s.label})).collect::<Vec<_>>(),
            "actors": lex.actors.iter().map(|a| json!({"id": a.id, "name": a.name, "side": a.side})).collect::<Vec<_>>(),
            "frame_labels": lex.frames.iter().map(|f| json!({
                "id": f.id, "label": f.label, "side": f.side, "description": f.description,
            })).collect::<Vec<_>>(),
        },
        "clean_rules": opts.rules_source,
        "language": opts.language_source,
        "options": {
            "outlet_from": match opts.corpus.outlet_from { OutletFrom::Manifest => "manifest", OutletFrom::Dir => "dir" },
            "encoding": opts.corpus.encoding.map(|e| e.name()),
            "skip_bad_rows": opts.corpus.skip_bad_rows,
            "zones_in_rates": ["title", "body"],
        },
        "sentiment": sentiment,
        "counts": {
            "documents": agg.documents,
            "hits": agg.hits,
            "outlets": outlet_summary.len(),
            "skipped": skipped.len(),
            "skipped_by_reason": by_reason,
            "warnings": warnings.len(),
        },
        "warnings": warnings,
        "outputs": outputs,
    });
    let mut w = staged.create(report::RUN)?;
    serde_json::to_writer_pretty(&mut w, &run)?;
    w.write_all(b"\n")?;
    w.flush()?;
    drop(w);
    check()?;
    staged.commit()?;
    Ok(Outcome {
        documents: agg.documents,
        hits: agg.hits,
        mentions: actor_agg.mentions,
        skipped,
        warnings,
        outlet_frames,
        outlet_summary,
        actor_sentiment,
    })
}

fn file_sha256(path: &std::path::Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    Ok(Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}
