//! Throughput of the sentiment stage: targets per second over the first N targets of a
//! NewsMTSC file, median of several timed passes after a warm-up pass.
//!
//! cargo run --release --example bench_sentiment -- FILE.jsonl [N] [THREADS] [PASSES] [BATCH] [MODEL_DIR] [DEVICE]

use framescope::evaluate::read_newsmtsc;
use framescope::sentiment::{SentimentModel, SentimentOptions, Target};
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args
        .first()
        .map(String::as_str)
        .unwrap_or("../shared/data/newsmtsc/devtest_rw.jsonl");
    let n: usize = args.get(1).map_or(Ok(512), |s| s.parse())?;
    let threads: usize = args.get(2).map_or(Ok(2), |s| s.parse())?;
    let passes: usize = args.get(3).map_or(Ok(5), |s| s.parse())?;
    let batch: usize = args.get(4).map_or(Ok(32), |s| s.parse())?;
    let model_dir = args
        .get(5)
        .map_or("models/target-sentiment", String::as_str);
    let examples = read_newsmtsc(file.as_ref())?;
    let examples = &examples[..n.min(examples.len())];
    let model = SentimentModel::load(&SentimentOptions {
        model_dir: model_dir.into(),
        runtime: None,
        threads,
        batch_size: batch,
        device: match args.get(6) {
            Some(d) => d.parse().map_err(anyhow::Error::msg)?,
            None => Default::default(),
        },
    })?;
    let targets: Vec<Target> = examples.iter().map(|e| e.target()).collect();
    model.score(&targets)?;
    let mut rates: Vec<f64> = (0..passes)
        .map(|_| {
            let t = Instant::now();
            model
                .score(&targets)
                .map(|_| targets.len() as f64 / t.elapsed().as_secs_f64())
        })
        .collect::<anyhow::Result<_>>()?;
    rates.sort_by(f64::total_cmp);
    if let Some(e) = model.escalation() {
        // Every pass rescored the same targets.
        let per_pass = e.escalated / (passes + 1);
        println!(
            "cascade: {per_pass} of {} targets ({:.1} %) below {} went to {}",
            targets.len(),
            100.0 * per_pass as f64 / targets.len() as f64,
            e.escalate_below,
            e.model_path.display()
        );
    }
    println!(
        "framescope threads={threads} targets={} batch={batch} median {:.1}/s (min {:.1}, max {:.1})",
        targets.len(),
        rates[rates.len() / 2],
        rates[0],
        rates[rates.len() - 1]
    );
    Ok(())
}
