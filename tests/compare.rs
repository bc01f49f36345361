//! `framescope compare` end to end: a corpus with a planted difference, one without, and the
//! demo corpus (one article per outlet: intervals withheld).

mod common;

use assert_cmd::Command;
use common::root;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

fn framescope() -> Command {
    let mut c = Command::cargo_bin("framescope").unwrap();
    // No shared "last run" state between tests (see `framescope::run::last`).
    c.env("FRAMESCOPE_HOME", "/nonexistent/framescope-test-home");
    c.current_dir(root());
    c
}

const FILLER: [&str; 6] = [
    "Officials met in the capital on Monday to discuss the situation.",
    "The ministry said talks would continue next week.",
    "Residents described long queues at the border crossing.",
    "Fighting was reported in several districts overnight.",
    "The government announced new measures for the economy.",
    "Analysts expect the negotiations to take several months.",
];

/// Writes `n` articles for an outlet; article i mentions "the occupied region" when
/// `occupied(i)` is true.
fn write_outlet(root: &Path, outlet: &str, n: usize, occupied: impl Fn(usize) -> bool) {
    let dir = root.join(outlet);
    fs::create_dir_all(&dir).unwrap();
    for i in 0..n {
        let mut text = format!("Report {i} from {outlet}\n\n");
        for k in 0..4 {
            text.push_str(FILLER[(i + k) % FILLER.len()]);
            text.push(' ');
        }
        if occupied(i) {
            text.push_str("Troops remained in the occupied region.");
        }
        fs::write(dir.join(format!("{outlet}-{i:02}.txt")), text).unwrap();
    }
}

fn analyze(corpus: &Path, out: &Path) {
    framescope()
        .arg("analyze")
        .arg(corpus)
        .args(["--outlet-from", "dir", "--no-sentiment", "-q", "--out"])
        .arg(out)
        .assert()
        .success();
}

fn compare_csv(out: &Path, args: &[&str]) -> HashMap<String, HashMap<String, String>> {
    let stdout = framescope()
        .args(["compare", "--format", "csv", "--from"])
        .arg(out)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut rdr = csv::Reader::from_reader(stdout.as_slice());
    let h: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    rdr.records()
        .map(|r| {
            let row: HashMap<String, String> = h
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect();
            (row["frame"].clone(), row)
        })
        .collect()
}

fn f(row: &HashMap<String, String>, col: &str) -> f64 {
    row[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col} = {:?}", row[col]))
}

fn setup(
    name: &str,
    a_occupied: fn(usize) -> bool,
    b_occupied: fn(usize) -> bool,
) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join(name);
    write_outlet(&corpus, "Alpha", 20, a_occupied);
    write_outlet(&corpus, "Beta", 20, b_occupied);
    let out = dir.path().join("out");
    analyze(&corpus, &out);
    (dir, out)
}

#[test]
fn a_planted_difference_is_found() {
    let (_dir, out) = setup("planted", |i| i % 2 == 0, |_| false);
    let rows = compare_csv(&out, &["alpha", "beta"]);
    let occ = &rows["occupation"];
    assert_eq!(
        (occ["articles_a"].as_str(), occ["articles_b"].as_str()),
        ("20", "20")
    );
    assert_eq!(
        (occ["hits_a"].as_str(), occ["hits_b"].as_str()),
        ("10", "0")
    );
    assert!(f(occ, "rate_a") > 0.0 && f(occ, "rate_b") == 0.0);
    assert!(f(occ, "diff_ci_low") > 0.0, "{occ:?}");
    assert!(f(occ, "p_perm") < 0.01, "{occ:?}");
    assert!(f(occ, "q_bh") < 0.05, "{occ:?}");
    assert_eq!(occ["rate_ratio"], "inf");
    assert_eq!(occ["note"], "");
    // Frames nobody uses have no difference and a p-value of 1.
    assert_eq!(f(&rows["liberation"], "p_perm"), 1.0);
}

#[test]
fn no_planted_difference_gives_an_interval_covering_zero() {
    let (_dir, out) = setup("same", |i| i % 2 == 0, |i| i % 2 == 1);
    let rows = compare_csv(&out, &["Alpha", "Beta"]);
    let occ = &rows["occupation"];
    assert!(
        f(occ, "diff_ci_low") < 0.0 && f(occ, "diff_ci_high") > 0.0,
        "{occ:?}"
    );
    assert!(f(occ, "p_perm") > 0.2, "{occ:?}");
}

#[test]
fn compare_is_reproducible_for_a_seed_and_changes_with_it() {
    let (_dir, out) = setup("seeded", |i| i % 3 == 0, |i| i % 5 == 0);
    let run = |seed: &str| {
        framescope()
            .args([
                "compare",
                "alpha",
                "beta",
                "--format",
                "csv",
                "--resamples",
                "500",
                "--seed",
                seed,
                "--from",
            ])
            .arg(&out)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    assert_eq!(run("7"), run("7"));
    assert_ne!(run("7"), run("8"));
}

#[test]
fn demo_corpus_says_n_too_small_and_writes_keyness() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    framescope()
        .args([
            "analyze",
            "corpus/karabakh-2020",
            "--no-sentiment",
            "-q",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let rows = compare_csv(&out, &["echo", "press"]);
    let occ = &rows["occupation"];
    assert_eq!(occ["note"], "n too small");
    assert_eq!(
        (
            occ["diff_ci_low"].as_str(),
            occ["diff_ci_high"].as_str(),
            occ["p_perm"].as_str()
        ),
        ("", "", "")
    );
    assert!((f(occ, "rate_a") - 20.8044).abs() < 1e-3, "{occ:?}");
    let k = fs::read_to_string(out.join("keyness_Echo-Turkey_vs_Press-TV.csv")).unwrap();
    assert!(
        k.starts_with("word,count_a,count_b,delta,variance,z\noccupied,"),
        "{}",
        &k[..200]
    );
    let table = framescope()
        .args(["compare", "echo", "press", "--from"])
        .arg(&out)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let table = String::from_utf8(table).unwrap();
    assert!(table.lines().all(|l| l.chars().count() <= 100), "{table}");
    assert!(!table.contains('\x1b'), "no colour when not on a terminal");
    let all = framescope()
        .args(["compare", "--all", "--from"])
        .arg(&out)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let all = String::from_utf8(all).unwrap();
    let first = all.lines().find(|l| l.starts_with("1 ")).unwrap();
    assert!(first.contains("Echo Turkey"), "{all}");
}

#[test]
fn outlet_names_must_resolve() {
    let (_dir, out) = setup("names", |_| false, |_| false);
    framescope()
        .args(["compare", "zeta", "beta", "--from"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("no outlet matches \"zeta\""));
    framescope()
        .args(["compare", "alpha", "ALPHA", "--from"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("two different outlets"));
}
