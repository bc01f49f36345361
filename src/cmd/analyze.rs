//! framescope analyze CORPUS [options]
//!
//! Reads a corpus (a folder of .txt articles with manifest.csv, a CSV file or a JSON Lines file),
//! finds every framing term of the lexicon, tells own voice from quoted voice, prints a per-outlet
//! table of own-voice rates per 1,000 tokens and writes the CSV tables to
//! reports/<corpus name>/ (or --out DIR).

use framescope::analyze::{analyze, AnalyzeOptions, Event, Outcome};
use framescope::corpus::{Columns, CorpusOptions, Format, OutletFrom, TitleRule};
use framescope::job::{Built, RuleFiles};
use framescope::pipeline::Analyzer;
use framescope::render::terminal;
use framescope::run::{Table, TableFormat};
use framescope::sentiment::SentimentModel;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

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
    #[arg(long, default_value = "auto", value_parser = super::enum_parser::<Format>(Format::NAMES))]
    format: Format,
    /// Where a folder corpus's outlets come from.
    #[arg(long, default_value = "manifest", value_parser = super::enum_parser::<OutletFrom>(OutletFrom::NAMES))]
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
    /// Where titles come from, for every format: `auto` (the title column if the corpus has
    /// one, a CSV/JSONL column or a folder manifest's column, else the first line),
    /// `first-line`, `column` or `none` (all body).
    #[arg(long, default_value = "auto", value_parser = super::enum_parser::<TitleRule>(TitleRule::NAMES))]
    title: TitleRule,
    /// Decode files that are not UTF-8 with this encoding (e.g. latin1, windows-1251).
    #[arg(long)]
    encoding: Option<String>,
    /// Skip any article (file or row) larger than this many bytes; it is never read whole.
    #[arg(long, value_name = "BYTES", default_value_t = framescope::corpus::DEFAULT_MAX_DOC_BYTES)]
    max_doc_bytes: usize,
    /// Skip malformed CSV/JSONL rows instead of stopping (they are listed in skipped.csv).
    #[arg(long)]
    skip_bad_rows: bool,
    /// Most distinct (outlet, word) pairs kept for keyness; past it the rarest words are left
    /// out of outlet_words.csv (and a warning says so), so memory stays bounded.
    #[arg(long, default_value_t = framescope::aggregate::DEFAULT_MAX_WORD_PAIRS)]
    max_words: usize,
    /// Write empty tables when no document could be analysed (by default that is an error and
    /// the output folder is left as it was).
    #[arg(long)]
    allow_empty: bool,
    /// Exit with code 3 if any input was skipped or any warning was given.
    #[arg(long)]
    strict: bool,
    /// Worker threads [default: one per core].
    #[arg(long)]
    threads: Option<usize>,
    /// Skip the sentiment stage (no model or ONNX Runtime needed).
    #[arg(long)]
    no_sentiment: bool,
    /// Keep model scores in this folder across runs: a rerun (after a lexicon edit, with more
    /// articles) scores only inputs the same model has not scored before.
    #[arg(long, value_name = "DIR")]
    cache: Option<PathBuf>,
    #[command(flatten)]
    model: super::ModelArgs,
    /// Do not print the summary tables.
    #[arg(long, short)]
    quiet: bool,
    /// Also write report.html (charts and evidence) next to the tables.
    #[arg(long)]
    html: bool,
    /// Table files to write: `csv`, `parquet` (typed columns, for pandas, DuckDB, Spark) or
    /// `both`. compare, kwic, trend and report read either.
    #[arg(long, default_value = "csv", value_parser = super::enum_parser::<TableFormat>(TableFormat::NAMES))]
    table_format: TableFormat,
    #[command(flatten)]
    report: super::report::ReportArgs,
}

/// Above this many articles, a lexicon that matched nothing gets a warning.
const NO_MATCH_WARN_ABOVE: usize = 20;

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    // Ctrl-C stops the run at the next batch; staged tables are then discarded.
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
    let files = RuleFiles {
        lexicon: a.lexicon.clone(),
        clean: a.clean.clone(),
        language: a.language.clone(),
    };
    let built = files.build()?;
    for w in &built.analyzer.lexicon.warnings {
        eprintln!("warning: {w}");
    }
    let opts = options(&a, &built, cancel)?;
    if a.no_sentiment && a.cache.is_some() {
        eprintln!("warning: --cache keeps model scores: it does nothing with --no-sentiment");
    }
    let model = match a.no_sentiment {
        true => None,
        false => Some(SentimentModel::load(&a.model.options()?)?),
    };
    let mut analyzer = built.analyzer;
    if model.is_some() {
        analyzer = analyzer.with_actor_mentions();
    }
    let outcome = with_progress(|on_event| analyze(&analyzer, model.as_ref(), &opts, on_event))?;
    // So that kwic, compare, trend and report find this run from this folder, wherever --out
    // put it. Best effort: a read-only state folder only loses the convenience.
    if let (Some(state), Ok(cwd)) = (super::state_dir(), std::env::current_dir()) {
        let _ = framescope::run::last::record(&state, &cwd, &opts.out);
    }
    for w in &outcome.warnings {
        eprintln!("warning: {w}");
    }
    if outcome.hits == 0 && outcome.documents > NO_MATCH_WARN_ABOVE {
        eprintln!(
            "warning: lexicon {} matched nothing in {} articles: is it the lexicon for this corpus? \
             (--lexicon FILE; `framescope lexicon check FILE` lists its terms)",
            analyzer.lexicon.id, outcome.documents
        );
    }
    if !a.quiet {
        print_summary(&analyzer, &outcome, model.is_some(), &opts)?;
    }
    let lex = &analyzer.lexicon;
    // Said on every run: without --lexicon the Karabakh lexicon runs on any corpus.
    eprintln!(
        "lexicon: {} {} ({}){}",
        lex.id,
        lex.version,
        super::terminal_safe(&lex.source),
        if a.lexicon.is_none() {
            "; the default: give your own with --lexicon FILE"
        } else {
            ""
        }
    );
    eprintln!(
        "{} documents, {} hits, {} actor mentions, {} skipped; tables written to {}",
        outcome.documents,
        outcome.hits,
        outcome.mentions,
        outcome.skipped.len(),
        opts.out.display()
    );
    if opts.html.is_some() {
        eprintln!(
            "report written to {}",
            opts.out.join(framescope::html::REPORT).display()
        );
    }
    let warnings = outcome.warnings.len() + analyzer.lexicon.warnings.len();
    if a.strict && (!outcome.skipped.is_empty() || warnings > 0) {
        eprintln!(
            "error: --strict: {} input(s) skipped, {warnings} warning(s)",
            outcome.skipped.len(),
        );
        return Ok(ExitCode::from(super::EXIT_STRICT));
    }
    Ok(ExitCode::SUCCESS)
}

/// The job, built from the arguments.
fn options(a: &Args, built: &Built, cancel: Arc<AtomicBool>) -> anyhow::Result<AnalyzeOptions> {
    let encoding = match &a.encoding {
        Some(label) => Some(framescope::job::encoding(label)?),
        None => None,
    };
    let out = a.out.clone().unwrap_or_else(|| {
        let name = a
            .corpus
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "corpus".into());
        PathBuf::from(framescope::run::REPORTS).join(name)
    });
    Ok(AnalyzeOptions {
        input: a.corpus.clone(),
        out,
        corpus: CorpusOptions {
            format: a.format,
            outlet_from: a.outlet_from,
            columns: Columns {
                id: a.id_col.clone(),
                outlet: a.outlet_col.clone(),
                text: a.text_col.clone(),
                title: a.title_col.clone(),
            },
            title: a.title,
            encoding,
            skip_bad_rows: a.skip_bad_rows,
            max_doc_bytes: a.max_doc_bytes,
        },
        chunk_size: 256,
        threads: a.threads,
        rules_source: built.rules_source.clone(),
        language_source: built.language_source.clone(),
        command: std::env::args().skip(1).collect(),
        cancel: Some(cancel),
        max_word_pairs: a.max_words,
        allow_empty: a.allow_empty,
        html: match a.html {
            true => Some(a.report.options()?),
            false => None,
        },
        table_format: a.table_format,
        cache: a.cache.clone(),
    })
}

/// Runs `f` with a spinner on stderr (drawn only when stderr is a terminal) that shows
/// progress and prints skipped inputs as they come.
fn with_progress<T>(f: impl FnOnce(&mut (dyn FnMut(Event) + Send)) -> T) -> T {
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    let result = f(&mut |e| match e {
        Event::Skipped(s) => bar.suspend(|| {
            eprintln!(
                "skipped: {}: {}",
                super::terminal_safe(&s.source),
                super::terminal_safe(&s.reason)
            )
        }),
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
    result
}

fn print_summary(
    analyzer: &Analyzer,
    outcome: &Outcome,
    sentiment: bool,
    opts: &AnalyzeOptions,
) -> anyhow::Result<()> {
    let lex = &analyzer.lexicon;
    let width = super::terminal_width();
    let mut text =
        terminal::terminal_table(lex, &outcome.outlet_frames, &outcome.outlet_summary, width);
    text.push('\n');
    if sentiment {
        let outlets: Vec<String> = outcome
            .outlet_summary
            .iter()
            .map(|s| s.outlet.clone())
            .collect();
        text.push_str(&terminal::terminal_sentiment_table(
            lex,
            &outlets,
            &outcome.actor_sentiment,
            width,
        ));
        text.push('\n');
    }
    let format = opts.table_format.files()[0];
    text.push_str(&format!(
        "Every number, for every outlet ({}; --quiet leaves these tables out):\n  {}\n  {}\n",
        format.as_str().to_uppercase(),
        opts.out
            .join(Table::OutletFrames.file_name_as(format))
            .display(),
        opts.out
            .join(Table::OutletSummary.file_name_as(format))
            .display()
    ));
    Ok(super::print(&super::terminal_safe_lines(&text))?)
}
