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
mod device;
pub mod disk_cache;
mod mentions;
mod model;

pub use crate::types::{Polarity, Probabilities};
pub use cache::ScoreCache;
pub use device::Device;
pub use mentions::MentionFinder;
pub use model::{
    find_model_dir, find_runtime, find_runtime_in, InputFormat, SentimentModel, SentimentOptions,
    Target, MODEL_SUBDIR, RUNTIME_SUBDIR,
};

/// Folders that may hold `models/` (the model and the ONNX Runtime library), in search order:
/// the working folder (a checkout), the executable's folder, the checkout above
/// `target/release/`, `$FRAMESCOPE_HOME`, and the data folder `scripts/setup.sh` installs into
/// (`$XDG_DATA_HOME/framescope`, else `~/.local/share/framescope`).
pub fn data_roots() -> Vec<std::path::PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(std::path::PathBuf::from)
    };
    let mut roots = vec![std::path::PathBuf::from(".")];
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(std::path::PathBuf::from))
    {
        if let Some(checkout) = exe_dir.parent().and_then(|p| p.parent()) {
            roots.push(exe_dir.clone());
            roots.push(checkout.to_path_buf());
        } else {
            roots.push(exe_dir);
        }
    }
    roots.extend(env("FRAMESCOPE_HOME"));
    roots.extend(
        env("XDG_DATA_HOME")
            .map(|d| d.join("framescope"))
            .or_else(|| env("HOME").map(|h| h.join(".local/share/framescope"))),
    );
    roots
}
