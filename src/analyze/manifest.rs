//! The `run.json` of an analysis: what ran, with which lexicon, rules, options and model, and
//! what came out.

use super::{AnalyzeOptions, Outcome, Streamed};
use crate::error::{Error, Result};
use crate::pipeline::Analyzer;
use crate::run::{Counts, LexiconInfo, RunManifest, RunOptions, SentimentInfo, Table, TableFormat};
use crate::sentiment::SentimentModel;
use crate::types::Zone;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub(crate) fn manifest(
    opts: &AnalyzeOptions,
    format: TableFormat,
    analyzer: &Analyzer,
    sentiment: Option<SentimentInfo>,
    meta_columns: Vec<String>,
    o: &Outcome,
    outputs: &[Table],
) -> RunManifest {
    let mut by_reason = BTreeMap::new();
    for s in &o.skipped {
        *by_reason.entry(s.kind).or_default() += 1;
    }
    RunManifest {
        tool: "framescope".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        command: opts.command.clone(),
        input: opts.input.display().to_string(),
        format: opts.corpus.format,
        lexicon: LexiconInfo::of(&analyzer.lexicon),
        clean_rules: opts.rules_source.clone(),
        language: opts.language_source.clone(),
        options: RunOptions {
            outlet_from: opts.corpus.outlet_from,
            encoding: opts.corpus.encoding.map(|e| e.name().to_string()),
            skip_bad_rows: opts.corpus.skip_bad_rows,
            max_doc_bytes: opts.corpus.max_doc_bytes,
            max_word_pairs: opts.max_word_pairs,
            zones_in_rates: vec![Zone::Title, Zone::Body],
            title: opts.corpus.title,
            table_format: format,
        },
        sentiment,
        dtypes: crate::run::string_dtypes(&meta_columns),
        meta_columns,
        counts: Counts {
            documents: o.documents,
            hits: o.hits,
            outlets: o.outlet_summary.len(),
            skipped: o.skipped.len(),
            skipped_by_reason: by_reason,
            warnings: o.warnings.len(),
        },
        warnings: o.warnings.clone(),
        outputs: outputs
            .iter()
            .flat_map(|t| format.files().iter().map(|&f| t.file_name_as(f)))
            .collect(),
    }
}

/// What `run.json` says of the sentiment stage, when it ran.
pub(super) fn sentiment_info(
    model: Option<&SentimentModel>,
    model_sha256: Option<String>,
    exact_sha256: Option<String>,
    st: &Streamed,
) -> Option<SentimentInfo> {
    let (m, sha) = (model?, model_sha256?);
    Some(SentimentInfo {
        model: m.model_path.display().to_string(),
        model_sha256: sha,
        runtime: runtime_name(m),
        mentions: st.actor_agg.mentions,
        distinct_inputs_scored: st.cache.scored,
        zones_in_tables: vec![Zone::Title, Zone::Body],
        device: m.device,
        cache: st.cache.disk.as_ref().map(|d| crate::run::CacheInfo {
            file: d.path().display().to_string(),
            inputs_from_cache: d.hits,
            scores_held: d.held(),
        }),
        cascade: cascade_info(m, exact_sha256),
    })
}

fn cascade_info(m: &SentimentModel, sha256: Option<String>) -> Option<crate::run::CascadeInfo> {
    let (e, sha256) = (m.escalation()?, sha256?);
    Some(crate::run::CascadeInfo {
        exact_model_sha256: sha256,
        exact_model: e.model_path.display().to_string(),
        escalate_below: e.escalate_below,
        inputs_escalated: e.escalated,
    })
}

fn runtime_name(m: &SentimentModel) -> Option<String> {
    m.runtime_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
}

pub(super) fn file_sha256(path: &std::path::Path) -> Result<String> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::Model(format!("{}: cannot read: {e}", path.display())))?;
    Ok(Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}
