//! framescope eval-sentiment FILE.jsonl [--model DIR] [--format text|json]
//!
//! Scores every target of a NewsMTSC-format file with the sentiment model and prints F1m,
//! accuracy, F1pn, per-class scores and the confusion matrix. The first line of the text
//! output is `F1m 0.xxxx`.

use framescope::evaluate::{metrics, read_newsmtsc};
use framescope::sentiment::{SentimentModel, Target};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(about = "Evaluate the sentiment model on NewsMTSC-format data")]
pub struct Args {
    /// NewsMTSC JSON Lines file (sentence_normalized, targets with from/to/polarity).
    file: PathBuf,
    #[command(flatten)]
    model: super::ModelArgs,
    #[arg(long, value_parser = ["text", "json"], default_value = "text")]
    format: String,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let examples = read_newsmtsc(&a.file)?;
    if examples.is_empty() {
        anyhow::bail!(
            "{}: no targets to evaluate (expected NewsMTSC JSON Lines)",
            a.file.display()
        );
    }
    let model = SentimentModel::load(&a.model.options()?)?;
    let targets: Vec<Target> = examples.iter().map(|e| e.target()).collect();
    let probs = model.score(&targets)?;
    let gold: Vec<usize> = examples.iter().map(|e| e.label).collect();
    let pred: Vec<usize> = probs.iter().map(|p| p.label().index()).collect();
    let m = metrics(&gold, &pred);
    if a.format == "json" {
        super::print(&(serde_json::to_string_pretty(&m)? + "\n"))?;
    } else {
        super::print(&m.to_text())?;
    }
    Ok(ExitCode::SUCCESS)
}
