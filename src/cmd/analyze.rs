//! framescope analyze CORPUS [options]
//!
//! Reads a corpus (a folder of .txt articles with manifest.csv, a CSV file or a JSON Lines file),
//! finds every framing term of the lexicon, tells own voice from quoted voice, prints a per-outlet
//! table of own-voice rates per 1,000 tokens and writes the CSV tables to
//! reports/<corpus name>/ (or --out DIR).

use framescope::analyze::{analyze, AnalyzeOptions, Event};
use framescope::clean::{CleanRules, BUILTIN_RULES};
use framescope::corpus::{Columns, CorpusOptions, Format, OutletFrom};
use framescope::lexicon::Lexicon;
use framescope::pipeline::Analyzer;
use framescope::report;
use framescope::sentiment::SentimentModel;
use framescope::voice::{Language, BUILTIN_LANGUAGE};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Built-in copy of the demo lexicon, used when lexicons/karabakh-2020.toml is not around.
const BUILTIN_LEXICON: &str = include_str!("../../lexicons/karabakh-2020.toml");

#[derive(clap::Args)]
#[command(about = "Analyse a corpus and write per-outlet framing tables")]
pub struct Args {
    /// Corpus: a folder of .txt files, a .csv file or a .jsonl file.
    corpus: PathBuf,
    /// Output folder [default: reports/<corpus name>].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Lexicon file [default: lexicons/karabakh-2020.toml].
    #[arg(long)]
    lexicon: Option<PathBuf>,
    /// Cleaning rules [default: lexicons/boilerplate.toml].
    #[arg(long)]
    clean: Option<PathBuf>,
    /// Language rules for voice and negation [default: lexicons/english.toml].
    #[arg(long)]
    language: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "auto")]
    format: Format,
    /// Where a folder corpus's outlets come from.
    #[arg(long, value_enum, default_value = "manifest")]
    outlet_from: OutletFrom,
    /// Column (CSV) or field (JSONL) holding the article text.
    #[arg(long, default_value = "text")]
    text_col: String,
    #[arg(long, default_value = "outlet")]
    outlet_col: String,
    #[arg(long, default_value = "id")]
    id_col: String,
    #[arg(long, default_value = "title")]
    title_col: String,
    /// Decode files that are not UTF-8 with this encoding (e.g. latin1, windows-1251).
    #[arg(long)]
    encoding: Option<String>,
    /// Skip malformed CSV/JSONL rows instead of stopping (they are listed in skipped.csv).
    #[arg(long)]
    skip_bad_rows: bool,
    /// Exit with code 3 if any input was skipped or any warning was given.
    #[arg(long)]
    strict: bool,
    /// Worker threads [default: one per core].
    #[arg(long)]
    threads: Option<usize>,
    /// Skip the sentiment stage (no model or ONNX Runtime needed).
    #[arg(long)]
    no_sentiment: bool,
    #[command(flatten)]
    model: super::ModelArgs,
    /// Do not print the summary tables.
    #[arg(long, short)]
    quiet: bool,
    /// Also write report.html (charts and evidence) next to the tables.
    #[arg(long)]
    html: bool,
    #[command(flatten)]
    report: super::report::ReportArgs,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    // Ctrl-C stops the run at the next batch; staged tables are then discarded.
    let html_options = if a.html {
        Some(a.report.options()?)
    } else {
        None
    };
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
    let lexicon = match &a.lexicon {
        Some(p) => Lexicon::from_file(p)?,
        None => {
            let (text, source) = super::data_file(None, "karabakh-2020.toml", BUILTIN_LEXICON)?;
            Lexicon::parse(&text, &source)?
        }
    };
    for w in &lexicon.warnings {
        eprintln!("warning: {w}");
    }
    let (text, rules_source) =
        super::data_file(a.clean.as_deref(), "boilerplate.toml", BUILTIN_RULES)?;
    let rules = CleanRules::parse(&text, &rules_source)?;
    let (text, language_source) =
        super::data_file(a.language.as_deref(), "english.toml", BUILTIN_LANGUAGE)?;
    let language = Language::parse(&text, &language_source)?;
    let encoding = match &a.encoding {
        Some(label) => Some(
            encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
                anyhow::anyhow!("unknown encoding {label:?} (try latin1, windows-1252, utf-16le)")
            })?,
        ),
        None => None,
    };
    let out = a.out.clone().unwrap_or_else(|| {
        let name = a
            .corpus
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "corpus".into());
        PathBuf::from("reports").join(name)
    });
    let opts = AnalyzeOptions {
        input: a.corpus.clone(),
        out: out.clone(),
        corpus: CorpusOptions {
            format: a.format,
            outlet_from: a.outlet_from,
            columns: Columns {
                id: a.id_col,
                outlet: a.outlet_col,
                text: a.text_col,
                title: a.title_col,
            },
            encoding,
            skip_bad_rows: a.skip_bad_rows,
        },
        chunk_size: 256,
        threads: a.threads,
        rules_source,
        language_source,
        command: std::env::args().skip(1).collect(),
        cancel: Some(cancel),
    };
    let model = if a.no_sentiment {
        None
    } else {
        Some(SentimentModel::load(&a.model.options())?)
    };
    let mut analyzer = Analyzer::new(lexicon, rules, language);
    if model.is_some() {
        analyzer = analyzer.with_actor_mentions();
    }
    // Drawn only when stderr is a terminal.
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    let outcome = analyze(&analyzer, model.as_ref(), &opts, &mut |e| match e {
        Event::Skipped(s) => bar.suspend(|| eprintln!("skipped: {}: {}", s.source, s.reason)),
        Event::Progress {
            documents,
            mentions,
        } => {
            bar.set_message(format!(
                "{documents} documents, {mentions} actor mentions scored"
            ));
            bar.tick();
        }
    });
    bar.finish_and_clear();
    let outcome = outcome?;
    for w in &outcome.warnings {
        eprintln!("warning: {w}");
    }
    if !a.quiet {
        println!(
            "{}",
            report::terminal_table(
                &analyzer.lexicon,
                &outcome.outlet_frames,
                &outcome.outlet_summary
            )
        );
        if model.is_some() {
            let outlets: Vec<String> = outcome
                .outlet_summary
                .iter()
                .map(|s| s.outlet.clone())
                .collect();
            println!(
                "{}",
                report::terminal_sentiment_table(
                    &analyzer.lexicon,
                    &outlets,
                    &outcome.actor_sentiment
                )
            );
        }
    }
    eprintln!(
        "{} documents, {} hits, {} actor mentions, {} skipped; tables written to {}",
        outcome.documents,
        outcome.hits,
        outcome.mentions,
        outcome.skipped.len(),
        out.display()
    );
    if let Some(o) = &html_options {
        let path = framescope::html::write(&out, None, o)?;
        eprintln!("report written to {}", path.display());
    } else if out.join(framescope::html::REPORT).is_file() {
        eprintln!(
            "warning: {} is from an earlier run; update it with `framescope report {}`",
            out.join(framescope::html::REPORT).display(),
            out.display()
        );
    }
    if a.strict && (!outcome.skipped.is_empty() || !outcome.warnings.is_empty()) {
        eprintln!(
            "error: --strict: {} input(s) skipped, {} warning(s)",
            outcome.skipped.len(),
            outcome.warnings.len()
        );
        return Ok(ExitCode::from(super::EXIT_STRICT));
    }
    Ok(ExitCode::SUCCESS)
}
