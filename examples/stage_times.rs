//! Where the time of `analyze --no-sentiment` goes, stage by stage, on one thread.
//!
//! cargo run --release --example stage_times -- CORPUS
//!
//! Reads the corpus's documents into memory (time = read + decode), then runs
//! each stage over all of them in turn (clean, voice, tokenize, attribution, match), then the
//! whole per-document analysis (the stages plus evidence contexts and word counts), and finally
//! the full `analyze` job on one thread writing every table to a temporary folder: what it takes
//! beyond reading and analysing is aggregation and CSV writing (the job's reader and writer
//! threads run beside its one worker, so this is time not hidden by overlap). Prints a Markdown
//! table.

use framescope::analyze::{analyze, AnalyzeOptions};
use framescope::clean::{clean, CleanRules};
use framescope::corpus::{self, CorpusOptions, Entry};
use framescope::lexicon::Lexicon;
use framescope::matching::{tokenize_sentences, Matcher};
use framescope::pipeline::Analyzer;
use framescope::tokenize::Tokens;
use framescope::voice::{mark_attributed, voice, Language};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = PathBuf::from(args.first().map_or("corpus/karabakh-2020", String::as_str));
    let lexicon = Lexicon::from_file(Path::new("lexicons/karabakh-2020.toml"))?;
    let rules = CleanRules::from_file(Path::new("lexicons/boilerplate.toml"))?;
    let lang = Language::from_file(Path::new("lexicons/english.toml"))?;
    let matcher = Matcher::new(&lexicon, &lang);

    let t = Instant::now();
    let docs: Vec<_> = corpus::open(&path, &CorpusOptions::default())?
        .entries
        .filter_map(|e| match e {
            Ok(Entry::Doc(d)) => Some(d),
            _ => None,
        })
        .collect();
    let read = t.elapsed().as_secs_f64();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();

    let t = Instant::now();
    let cleaned: Vec<_> = docs.iter().map(|d| clean(d, &rules)).collect();
    let t_clean = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut voiced: Vec<_> = docs
        .iter()
        .zip(&cleaned)
        .map(|(d, c)| voice(&d.text, c))
        .collect();
    let t_voice = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let tokens: Vec<Tokens> = docs
        .iter()
        .zip(&voiced)
        .map(|(d, v)| {
            let mut buf = Tokens::default();
            tokenize_sentences(&d.text, v, &mut buf);
            buf
        })
        .collect();
    let t_tok = t.elapsed().as_secs_f64();
    let t = Instant::now();
    for (v, tk) in voiced.iter_mut().zip(&tokens) {
        mark_attributed(v, tk, &lang);
    }
    let t_attr = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut hits = 0;
    for ((v, tk), d) in voiced.iter().zip(&tokens).zip(&docs) {
        hits += black_box(matcher.find(&d.text, tk, v)).len();
    }
    let t_match = t.elapsed().as_secs_f64();
    drop((cleaned, voiced, tokens));

    let analyzer = Analyzer::new(lexicon, rules, lang);
    let n = docs.len();
    let t = Instant::now();
    let mut buf = Tokens::default();
    for d in docs {
        black_box(analyzer.analyze(d, &mut buf));
    }
    let t_analyze = t.elapsed().as_secs_f64();

    let out = tempfile::tempdir()?;
    let t = Instant::now();
    analyze(
        &analyzer,
        None,
        &AnalyzeOptions {
            input: path.clone(),
            out: out.path().to_path_buf(),
            corpus: CorpusOptions::default(),
            chunk_size: 256,
            threads: Some(1),
            rules_source: String::new(),
            language_source: String::new(),
            table_format: Default::default(),
            cache: None,
            command: Vec::new(),
            cancel: None,
            max_word_pairs: framescope::aggregate::DEFAULT_MAX_WORD_PAIRS,
            allow_empty: false,
            html: None,
        },
        &mut |_| {},
    )?;
    let t_job = t.elapsed().as_secs_f64();

    let mb = bytes as f64 / 1e6;
    let stages = t_clean + t_voice + t_tok + t_attr + t_match;
    println!("{n} articles, {mb:.1} MB of text, {hits} hits; one thread\n");
    println!("| stage | seconds | share of job | MB/s |");
    println!("|---|---:|---:|---:|");
    let row = |name: &str, s: f64| {
        println!(
            "| {name} | {s:.2} | {:.0} % | {:.0} |",
            100.0 * s / t_job,
            mb / s
        )
    };
    row("read + decode (JSON)", read);
    row("clean (zones, boilerplate)", t_clean);
    row("voice (sentences, quotes)", t_voice);
    row("tokenize", t_tok);
    row("attribution", t_attr);
    row("match (Aho-Corasick + conditions)", t_match);
    row(
        "evidence contexts, word counts",
        (t_analyze - stages).max(0.0),
    );
    row(
        "aggregate + write CSV (rest of the job)",
        (t_job - read - t_analyze).max(0.0),
    );
    row("whole `analyze` job", t_job);
    Ok(())
}
