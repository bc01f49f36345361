//! Sentiment stage: sentiment toward each actor mention, from a fine-tuned transformer run
//! through ONNX Runtime.
//!
//! Three parts, each in its own file: [`MentionFinder`] finds the lexicon's actor aliases in a
//! document's token stream; [`SentimentModel`] classifies the sentiment a sentence expresses
//! toward one marked mention (negative, neutral, positive) and returns [`Probabilities`];
//! [`ScoreCache`] scores each distinct (sentence, mention) of a run once.
//!
//! The model is loaded from a folder (`models/target-sentiment/`: `model.onnx`,
//! `tokenizer.json`, `labels.json`); the ONNX Runtime library is loaded at run time from
//! `ORT_DYLIB_PATH` or `models/runtime/` (installed by `scripts/setup.sh`). Nothing is
//! downloaded.

mod cache;
mod mentions;
mod model;

pub use crate::types::{Polarity, Probabilities};
pub use cache::ScoreCache;
pub use mentions::MentionFinder;
pub use model::{
    find_model_dir, find_runtime, find_runtime_in, InputFormat, SentimentModel, SentimentOptions,
    Target, MODEL_SUBDIR, RUNTIME_SUBDIR,
};
