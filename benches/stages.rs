//! Criterion micro-benchmarks of the per-document stages on the demo corpus's five articles:
//! clean, voice, tokenize, match, and the whole per-document analysis.
//!
//! cargo bench --bench stages            (HTML-free; results in target/criterion/)
//!
//! Throughput is bytes of article text, so numbers read as MB/s per core.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use framescope::clean::{clean, CleanRules};
use framescope::corpus::{self, CorpusOptions, Entry};
use framescope::lexicon::Lexicon;
use framescope::matching::{tokenize_sentences, Matcher};
use framescope::pipeline::Analyzer;
use framescope::tokenize::Tokens;
use framescope::types::Document;
use framescope::voice::{voice, Language};
use std::hint::black_box;
use std::path::Path;

fn demo_docs() -> Vec<Document> {
    let c = corpus::open(Path::new("corpus/karabakh-2020"), &CorpusOptions::default())
        .expect("demo corpus (run from the repository root)");
    c.entries
        .filter_map(|e| match e {
            Ok(Entry::Doc(d)) => Some(d),
            _ => None,
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let docs = demo_docs();
    let bytes: u64 = docs.iter().map(|d| d.text.len() as u64).sum();
    let lexicon = Lexicon::from_file(Path::new("lexicons/karabakh-2020.toml")).unwrap();
    let rules = CleanRules::from_file(Path::new("lexicons/boilerplate.toml")).unwrap();
    let lang = Language::from_file(Path::new("lexicons/english.toml")).unwrap();
    let matcher = Matcher::new(&lexicon, &lang);
    let cleaned: Vec<_> = docs.iter().map(|d| clean(d, &rules)).collect();
    let voiced: Vec<_> = docs
        .iter()
        .zip(&cleaned)
        .map(|(d, c)| voice(&d.text, c))
        .collect();
    let tokens: Vec<Tokens> = docs
        .iter()
        .zip(&voiced)
        .map(|(d, v)| {
            let mut t = Tokens::default();
            tokenize_sentences(&d.text, v, &mut t);
            t
        })
        .collect();

    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("clean", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(clean(d, &rules));
            }
        })
    });
    g.bench_function("voice", |b| {
        b.iter(|| {
            for (d, cl) in docs.iter().zip(&cleaned) {
                black_box(voice(&d.text, cl));
            }
        })
    });
    g.bench_function("tokenize", |b| {
        let mut buf = Tokens::default();
        b.iter(|| {
            for (d, v) in docs.iter().zip(&voiced) {
                tokenize_sentences(&d.text, v, &mut buf);
                black_box(buf.tokens.len());
            }
        })
    });
    g.bench_function("match", |b| {
        b.iter(|| {
            for ((t, v), d) in tokens.iter().zip(&voiced).zip(&docs) {
                black_box(matcher.find(&d.text, t, v));
            }
        })
    });
    let analyzer = Analyzer::new(lexicon.clone(), rules.clone(), lang.clone());
    g.bench_function("analyze_document", |b| {
        let mut buf = Tokens::default();
        b.iter_batched(
            || docs.clone(),
            |docs| {
                for d in docs {
                    black_box(analyzer.analyze(d, &mut buf));
                }
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
