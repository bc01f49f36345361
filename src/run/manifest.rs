//! `run.json`: what a run read, with which lexicon, rules and model, and what it wrote.
//! Written once by `analyze`, read by every command that uses the run's tables.

use crate::corpus::{Format, OutletFrom, TitleRule};
use crate::lexicon::Lexicon;
use crate::types::{SkipKind, Zone};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The typed contents of `run.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunManifest {
    pub tool: String,
    /// framescope's version.
    pub version: String,
    /// The command line, without the program name.
    pub command: Vec<String>,
    /// The corpus path as given.
    pub input: String,
    pub format: Format,
    pub lexicon: LexiconInfo,
    /// Where the cleaning and language rules came from.
    pub clean_rules: String,
    pub language: String,
    pub options: RunOptions,
    /// `None` when the sentiment stage did not run.
    pub sentiment: Option<SentimentInfo>,
    /// Metadata columns of `documents.csv`, in file order.
    pub meta_columns: Vec<String>,
    /// Columns that readers must keep as text, whatever they look like: ids such as `001`
    /// or `2020-10-15` would otherwise become numbers or dates (`pandas.read_csv(...,
    /// dtype=run["dtypes"])`).
    #[serde(default)]
    pub dtypes: BTreeMap<String, String>,
    pub counts: Counts,
    pub warnings: Vec<String>,
    /// The table files of this run.
    pub outputs: Vec<String>,
}

/// The lexicon a run used: identity, and the labels the report and `compare` print.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LexiconInfo {
    pub id: String,
    pub version: String,
    pub sha256: String,
    pub source: String,
    pub title: String,
    pub frames: usize,
    pub warnings: Vec<String>,
    /// The two sides of the lean score, (a, b): lean = (a - b) / (a + b).
    pub lean: Option<(String, String)>,
    /// Frames whose hits do not count toward lean.
    #[serde(default)]
    pub lean_exclude: Vec<String>,
    pub sides: Vec<SideLabel>,
    pub actors: Vec<ActorLabel>,
    pub frame_labels: Vec<FrameLabel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SideLabel {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorLabel {
    pub id: String,
    pub name: String,
    pub side: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameLabel {
    pub id: String,
    pub label: String,
    pub side: Option<String>,
    pub description: String,
    /// Agent side -> side served, for a frame whose side follows its agent.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub side_by_agent: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_side: Option<String>,
}

impl FrameLabel {
    pub fn is_agent_dependent(&self) -> bool {
        !self.side_by_agent.is_empty()
    }
}

impl LexiconInfo {
    pub fn of(lex: &Lexicon) -> LexiconInfo {
        LexiconInfo {
            id: lex.id.clone(),
            version: lex.version.clone(),
            sha256: lex.hash.clone(),
            source: lex.source.clone(),
            title: lex.title.clone(),
            frames: lex.frames.len(),
            warnings: lex.warnings.clone(),
            lean: lex.lean.clone(),
            lean_exclude: lex.lean_exclude.clone(),
            sides: lex
                .sides
                .iter()
                .map(|s| SideLabel {
                    id: s.id.clone(),
                    label: s.label.clone(),
                })
                .collect(),
            actors: lex
                .actors
                .iter()
                .map(|a| ActorLabel {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    side: a.side.clone(),
                })
                .collect(),
            frame_labels: lex
                .frames
                .iter()
                .map(|f| FrameLabel {
                    id: f.id.clone(),
                    label: f.label.clone(),
                    side: f.side.clone(),
                    description: f.description.clone(),
                    side_by_agent: f.side_by_agent.iter().cloned().collect(),
                    default_side: f.default_side.clone(),
                })
                .collect(),
        }
    }

    /// Whether the run's frame `frame` takes its side from its agent.
    pub fn is_agent_dependent(&self, frame: &str) -> bool {
        self.frame_labels
            .iter()
            .any(|f| f.id == frame && f.is_agent_dependent())
    }

    /// Side ids in lexicon order: the order of every per-side column.
    pub fn side_ids(&self) -> Vec<String> {
        self.sides.iter().map(|s| s.id.clone()).collect()
    }

    /// "a - b" for labels of the lean score, from the lexicon's declared sides.
    pub fn lean_label(&self) -> Option<String> {
        self.lean.as_ref().map(|(a, b)| format!("{a} - {b}"))
    }

    /// The full formula, "(a - b) / (a + b)".
    pub fn lean_formula(&self) -> Option<String> {
        self.lean
            .as_ref()
            .map(|(a, b)| format!("({a} - {b}) / ({a} + {b})"))
    }

    pub fn side_label(&self, id: &str) -> Option<&str> {
        self.sides
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.label.as_str())
    }
}

/// Options that shaped the tables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunOptions {
    pub outlet_from: OutletFrom,
    pub encoding: Option<String>,
    pub skip_bad_rows: bool,
    /// Documents larger than this many bytes were skipped.
    pub max_doc_bytes: usize,
    /// Most distinct (outlet, word) pairs kept for keyness.
    pub max_word_pairs: usize,
    /// Zones counted in rates and lean.
    pub zones_in_rates: Vec<Zone>,
    /// Where titles came from.
    #[serde(default)]
    pub title: TitleRule,
    /// The format of the tables: `csv`, `parquet` or `both`.
    #[serde(default)]
    pub table_format: super::TableFormat,
}

/// The sentiment model a run used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentimentInfo {
    pub model: String,
    pub model_sha256: String,
    /// File name of the ONNX Runtime library.
    pub runtime: Option<String>,
    /// Scored mentions: the rows of `actor_mentions.csv`.
    pub mentions: usize,
    /// Distinct (sentence, mention) inputs the model ran on.
    pub distinct_inputs_scored: usize,
    /// Zones counted in `outlet_actor_sentiment.csv`.
    pub zones_in_tables: Vec<Zone>,
    /// Where the model ran (`--device`).
    #[serde(default)]
    pub device: crate::sentiment::Device,
    /// The score cache of `--cache DIR`, when one was used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<CacheInfo>,
    /// The cascade's second model, when the model folder declares one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cascade: Option<CascadeInfo>,
}

/// How a cascade (`labels.json` `cascade`) split a run's inputs between its two models.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CascadeInfo {
    /// The exact model that rescored the inputs the fast model was unsure of.
    pub exact_model: String,
    pub exact_model_sha256: String,
    /// An input whose top probability from the fast model was below this was rescored.
    pub escalate_below: f32,
    /// Distinct inputs the exact model rescored (a subset of `distinct_inputs_scored`).
    pub inputs_escalated: usize,
}

/// What the score cache (`analyze --cache DIR`) gave a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CacheInfo {
    pub file: String,
    /// Distinct inputs whose scores came from the cache instead of the model.
    pub inputs_from_cache: usize,
    /// Scores in the cache after the run.
    pub scores_held: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub documents: usize,
    pub hits: usize,
    pub outlets: usize,
    pub skipped: usize,
    pub skipped_by_reason: BTreeMap<SkipKind, usize>,
    pub warnings: usize,
}

/// The `dtypes` hint of `run.json`: every identifier and metadata column is a string.
pub fn string_dtypes(meta_columns: &[String]) -> BTreeMap<String, String> {
    [
        "doc_id", "outlet", "source", "actor", "frame", "term", "word",
    ]
    .iter()
    .map(|c| c.to_string())
    .chain(meta_columns.iter().cloned())
    .map(|c| (c, "string".to_string()))
    .collect()
}
