//! The benchmark corpus generator (`examples/gen_corpus.rs`): deterministic output, and corpora
//! that `framescope analyze` reads in every format with the outlet profiles, quotes and zones
//! showing up in its tables.
//!

use assert_cmd::Command;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

type Row = HashMap<String, String>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The example binary of the profile this test was built with (target/<profile>/examples/).
/// `cargo test` builds it; under a target filter (`cargo test --test gen_corpus`) cargo skips
/// examples, so a missing or stale binary is built here once.
fn generator_path() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let exe = std::env::current_exe().expect("test binary path");
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("test binary lives in target/<profile>/deps");
        let bin = profile_dir
            .join("examples")
            .join(format!("gen_corpus{}", std::env::consts::EXE_SUFFIX));
        let src = root().join("examples/gen_corpus.rs");
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        let stale = match (modified(&bin), modified(&src)) {
            (Some(b), Some(s)) => b < s,
            _ => true,
        };
        if stale {
            let profile = profile_dir
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("debug");
            let mut build = std::process::Command::new(env!("CARGO"));
            build
                .args(["build", "--offline", "--example", "gen_corpus"])
                .current_dir(root());
            match profile {
                "debug" => {}
                "release" => {
                    build.arg("--release");
                }
                other => {
                    build.args(["--profile", other]);
                }
            }
            let status = build.status().expect("run cargo build");
            assert!(status.success(), "cargo build --example gen_corpus failed");
        }
        assert!(bin.is_file(), "{} not built", bin.display());
        bin
    })
    .clone()
}

fn generator() -> Command {
    let mut c = Command::new(generator_path());
    c.current_dir(root());
    c
}

fn framescope() -> Command {
    let mut c = Command::cargo_bin("framescope").unwrap();
    // No shared "last run" state between tests (see `framescope::run::last`).
    c.env("FRAMESCOPE_HOME", "/nonexistent/framescope-test-home");
    c.current_dir(root());
    c
}

/// Runs the generator and returns what it printed on stderr.
fn generate(out: &Path, articles: u32, outlets: u32, seed: u64, format: &str) -> String {
    let assert = generator()
        .args(["--articles", &articles.to_string()])
        .args(["--outlets", &outlets.to_string()])
        .args(["--seed", &seed.to_string()])
        .args(["--format", format])
        .arg("--out")
        .arg(out)
        .assert()
        .success();
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

fn analyze(corpus: &Path, out: &Path) {
    framescope()
        .arg("analyze")
        .arg(corpus)
        .args(["--no-sentiment", "-q", "--out"])
        .arg(out)
        .assert()
        .success();
}

fn read_rows(path: &Path) -> Vec<Row> {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let headers = rdr.headers().unwrap().clone();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// `counts` of a finished run.
fn counts(out: &Path) -> serde_json::Value {
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    run["counts"].clone()
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a.jsonl"),
        dir.path().join("b.jsonl"),
        dir.path().join("c.jsonl"),
    );
    let summary = generate(&a, 40, 5, 42, "jsonl");
    generate(&b, 40, 5, 42, "jsonl");
    generate(&c, 40, 5, 43, "jsonl");
    let (a, b, c) = (
        std::fs::read(&a).unwrap(),
        std::fs::read(&b).unwrap(),
        std::fs::read(&c).unwrap(),
    );
    assert_eq!(a, b, "same arguments must give the same bytes");
    assert_ne!(a, c, "another seed must give another corpus");
    assert_eq!(a.iter().filter(|&&x| x == b'\n').count(), 40);
    assert_eq!(summary.lines().count(), 1, "one-line summary: {summary}");
    assert!(summary.contains("40 articles, 5 outlets"), "{summary}");
    assert!(summary.contains(&format!("{} bytes", a.len())), "{summary}");
}

#[test]
fn bad_arguments_give_one_line_errors() {
    for args in [
        &["--articles", "0", "--outlets", "1", "--seed", "1"][..],
        &["--articles", "3", "--outlets", "4", "--seed", "1"],
        &["--articles", "three", "--outlets", "1", "--seed", "1"],
    ] {
        let dir = tempfile::tempdir().unwrap();
        let assert = generator()
            .args(args)
            .arg("--out")
            .arg(dir.path().join("x.jsonl"))
            .assert()
            .failure();
        let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("gen_corpus: error: "), "{args:?}: {err}");
        assert!(!dir.path().join("x.jsonl").exists());
    }
}

#[test]
fn analyze_reads_a_jsonl_corpus_with_profiles_quotes_and_zones() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("gen.jsonl");
    let out = dir.path().join("out");
    generate(&corpus, 60, 4, 7, "jsonl");

    // Every line has exactly the promised fields.
    let text = std::fs::read_to_string(&corpus).unwrap();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let keys: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            BTreeSet::from(["id", "outlet", "title", "text", "published"])
        );
    }

    analyze(&corpus, &out);
    let n = counts(&out);
    assert_eq!(n["documents"], 60, "{n}");
    assert_eq!(n["skipped"], 0, "{n}");
    assert_eq!(n["warnings"], 0, "{n}");
    assert_eq!(n["outlets"], 4, "{n}");

    // Profiles cycle az-leaning, am-leaning, wire, mixed: outlet 1 leans az, outlet 2 am.
    let summary = read_rows(&out.join("outlet_summary.csv"));
    let lean = |prefix: &str| -> f64 {
        let row = summary
            .iter()
            .find(|r| r["outlet"].starts_with(prefix))
            .unwrap_or_else(|| panic!("no outlet {prefix}"));
        row["lean_own"].parse().expect("lean_own defined")
    };
    let (az, am) = (lean("Outlet 01 "), lean("Outlet 02 "));
    assert!(
        az > 0.5 && am < -0.5,
        "lean_own az-leaning {az}, am-leaning {am}"
    );

    let hits = read_rows(&out.join("hits.csv"));
    let quoted = hits.iter().filter(|h| h["voice"] == "quote").count();
    let own = hits.iter().filter(|h| h["voice"] == "own").count();
    assert!(quoted >= 20 && own >= 20, "own {own}, quote {quoted}");
    // Quoted framing comes from both sides whatever the outlet.
    let quoted_sides: BTreeSet<&str> = hits
        .iter()
        .filter(|h| h["voice"] == "quote")
        .map(|h| h["side"].as_str())
        .collect();
    assert!(
        quoted_sides.contains("az") && quoted_sides.contains("am"),
        "{quoted_sides:?}"
    );
    let zones: BTreeSet<&str> = hits.iter().map(|h| h["zone"].as_str()).collect();
    assert!(
        zones.contains("body") && zones.contains("title"),
        "{zones:?}"
    );
    assert!(
        zones.len() >= 3,
        "captions, teasers or embeds not recognised: {zones:?}"
    );

    // Boilerplate lines are dropped and some paragraphs repeat (captions printed twice ...).
    let docs = read_rows(&out.join("documents.csv"));
    let sum = |col: &str| -> u64 { docs.iter().map(|d| d[col].parse::<u64>().unwrap()).sum() };
    assert!(sum("dropped_lines") > 0);
    assert!(sum("duplicate_paragraphs") > 0);
    assert!(sum("tokens_other_zones") > 0);
    let tokens = sum("tokens");
    assert!(
        (60 * 300..60 * 1200).contains(&tokens),
        "{tokens} title+body tokens for 60 articles"
    );
}

#[test]
fn analyze_reads_a_dir_corpus_like_the_jsonl_one() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("gen");
    let jsonl = dir.path().join("gen.jsonl");
    generate(&folder, 30, 3, 5, "dir");
    generate(&jsonl, 30, 3, 5, "jsonl");
    assert!(folder.join("manifest.csv").is_file());
    assert_eq!(read_rows(&folder.join("manifest.csv")).len(), 30);

    let (out_dir, out_jsonl) = (dir.path().join("out-dir"), dir.path().join("out-jsonl"));
    analyze(&folder, &out_dir);
    analyze(&jsonl, &out_jsonl);
    let n = counts(&out_dir);
    assert_eq!(n["documents"], 30, "{n}");
    assert_eq!(n["skipped"], 0, "{n}");
    assert_eq!(n["warnings"], 0, "{n}");
    // Same articles, same title + "\n\n" + text: the same hits at the same offsets.
    assert_eq!(
        std::fs::read(out_dir.join("hits.csv")).unwrap(),
        std::fs::read(out_jsonl.join("hits.csv")).unwrap()
    );
}

/// Every table of a 300-article generated corpus, byte for byte as recorded in
/// `tests/fixtures/generated_300.sha256`: performance work must not change a single output
/// byte. After a change that is meant to change outputs, regenerate the file with
/// `FRAMESCOPE_RECORD=1 cargo test --release --test gen_corpus byte_identical` and say why in
/// the commit.
#[test]
fn tables_of_a_generated_corpus_are_byte_identical_to_the_recorded_ones() {
    use sha2::{Digest, Sha256};
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("gen300.jsonl");
    generate(&corpus, 300, 6, 11, "jsonl");
    let out = dir.path().join("run");
    // From the corpus's folder, so `source` (file:line) does not name the temporary folder.
    framescope()
        .current_dir(dir.path())
        .args([
            "analyze",
            "gen300.jsonl",
            "--no-sentiment",
            "-q",
            "--out",
            "run",
        ])
        .assert()
        .success();
    let mut got = String::new();
    for t in [
        "hits.csv",
        "documents.csv",
        "outlet_frames.csv",
        "outlet_summary.csv",
        "outlet_words.csv",
        "skipped.csv",
    ] {
        let digest = Sha256::digest(std::fs::read(out.join(t)).unwrap());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        got.push_str(&format!("{hex}  {t}\n"));
    }
    let fixture = root().join("tests/fixtures/generated_300.sha256");
    if std::env::var_os("FRAMESCOPE_RECORD").is_some() {
        std::fs::write(&fixture, &got).unwrap();
    }
    let want = std::fs::read_to_string(&fixture).expect("tests/fixtures/generated_300.sha256");
    assert_eq!(got, want, "tables differ from the recorded bytes");
}
