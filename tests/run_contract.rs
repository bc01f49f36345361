//! The run contract: every command reads a run's tables through the typed readers, so a
//! hand-edited or cut-short table is one error line naming the file, the line and the column;
//! labels that name sides come from the lexicon; a closed pipe ends output quietly.

mod common;

use assert_cmd::Command;
use common::root;
use framescope::run::{DocumentRow, HitRow, OutletFrameRow, RunDir, Table};
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;

fn framescope() -> Command {
    let mut c = Command::cargo_bin("framescope").unwrap();
    // No shared "last run" state between tests (see `framescope::run::last`).
    c.env("FRAMESCOPE_HOME", "/nonexistent/framescope-test-home");
    c.current_dir(root());
    c
}

/// A fresh demo run (no sentiment: these tests are about the tables) in a temporary folder.
fn demo_run() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    framescope()
        .args([
            "analyze",
            "corpus/karabakh-2020",
            "--quiet",
            "--no-sentiment",
        ])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    (dir, out)
}

/// Runs compare, kwic and report on `run` and checks each fails with one error line that
/// contains every one of `wanted`.
fn every_reader_fails(run: &Path, wanted: &[&str]) {
    let from = run.to_str().unwrap();
    let cases: [Vec<&str>; 3] = [
        vec!["compare", "Echo", "Press", "--from", from],
        vec!["kwic", "occupation", "--from", from],
        vec!["report", from, "--out", "/dev/null"],
    ];
    for args in cases {
        let out = framescope().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} should fail: {stderr}");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "{args:?}: one error line, got {stderr:?}");
        for w in wanted {
            assert!(
                lines[0].contains(w),
                "{args:?}: {w:?} not in {:?}",
                lines[0]
            );
        }
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = fs::read_to_string(path).unwrap();
    fs::write(path, f(text)).unwrap();
}

#[test]
fn a_non_number_in_a_count_column_names_file_line_and_column() {
    let (_d, run) = demo_run();
    // Line 3 of documents.csv is its second article; its `tokens` cell becomes text.
    let docs = run.join("documents.csv");
    let text = fs::read_to_string(&docs).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == "tokens").unwrap();
    let mut rdr = csv::Reader::from_path(&docs).unwrap();
    let mut rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let mut bad: Vec<String> = rows[1].iter().map(str::to_string).collect();
    bad[col] = "many".into();
    rows[1] = csv::StringRecord::from(bad);
    let mut w = csv::Writer::from_path(&docs).unwrap();
    w.write_record(&header).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    every_reader_fails(&run, &["documents.csv:3", "column `tokens`", "\"many\""]);
}

#[test]
fn a_missing_column_names_file_and_column() {
    let (_d, run) = demo_run();
    edit(&run.join("hits.csv"), |t| {
        t.replacen(",voice,", ",speaker,", 1)
    });
    every_reader_fails(&run, &["hits.csv", "missing column `voice`"]);
}

#[test]
fn a_truncated_hits_table_names_file_and_line() {
    let (_d, run) = demo_run();
    let hits = run.join("hits.csv");
    let bytes = fs::read(&hits).unwrap();
    // Cut in the middle of the last row, as a full disk or a killed copy would.
    let cut = bytes.len() - 40;
    fs::write(&hits, &bytes[..cut]).unwrap();
    let lines = bytes[..cut].iter().filter(|&&b| b == b'\n').count() + 1;
    every_reader_fails(&run, &["hits.csv:", "cut short"]);
    // The reader names the last line, where the cut is.
    let err = RunDir::open(&run)
        .unwrap()
        .read_all::<HitRow>()
        .unwrap_err();
    assert_eq!(err.line, Some(lines as u64), "{err}");
}

#[test]
fn a_table_cut_at_a_line_end_disagrees_with_run_json() {
    let (_d, run) = demo_run();
    let hits = run.join("hits.csv");
    let text = fs::read_to_string(&hits).unwrap();
    let kept: Vec<&str> = text.lines().take(20).collect();
    fs::write(&hits, kept.join("\n") + "\n").unwrap();
    every_reader_fails(&run, &["hits.csv", "19 rows, but run.json counts 145"]);
}

#[test]
fn typed_rows_read_back_what_analyze_wrote() {
    let (_d, out) = demo_run();
    let run = RunDir::open(&out).unwrap();
    let hits = run.read_all::<HitRow>().unwrap();
    assert_eq!(hits.len(), run.manifest().counts.hits);
    let docs = run.read_all::<DocumentRow>().unwrap();
    assert_eq!(docs.len(), 5);
    // The per-document own hits add up to the own-voice title+body rows of hits.csv.
    let own_main = hits
        .iter()
        .filter(|h| h.voice == framescope::Voice::Own && h.zone.is_main())
        .count();
    assert_eq!(docs.iter().map(|d| d.hits_own).sum::<usize>(), own_main);
    let frames = run.read_all::<OutletFrameRow>().unwrap();
    assert_eq!(frames.len(), 5 * run.manifest().lexicon.frames);
    assert!(!run.has(Table::ActorMentions));
    let err = run
        .rows::<framescope::run::ActorMentionRow>()
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("sentiment stage did not run"),
        "{err}"
    );
}

#[test]
fn every_column_list_matches_what_serde_writes() {
    fn header_of<T: serde::Serialize>(row: &T) -> Vec<String> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(row).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        text.lines()
            .next()
            .unwrap()
            .split(',')
            .map(String::from)
            .collect()
    }
    let (_d, out) = demo_run();
    let run = RunDir::open(&out).unwrap();
    let hit = run.read_all::<HitRow>().unwrap().remove(0);
    assert_eq!(header_of(&hit), HitRow::COLUMNS);
    let frame = run.read_all::<OutletFrameRow>().unwrap().remove(0);
    assert_eq!(header_of(&frame), OutletFrameRow::COLUMNS);
    let words = run.read_all::<framescope::run::OutletWordRow>().unwrap();
    assert_eq!(
        header_of(&words[0]),
        framescope::run::OutletWordRow::COLUMNS
    );
}

/// A run with enough `occupation` hits that kwic's output overflows a pipe's buffer.
fn many_hits_run(dir: &Path) -> PathBuf {
    let corpus = dir.join("many.csv");
    let mut w = csv::Writer::from_path(&corpus).unwrap();
    w.write_record(["id", "outlet", "text"]).unwrap();
    let text = "Troops left the occupied territories near the river. ".repeat(40);
    for i in 0..100 {
        w.write_record([format!("a{i}"), format!("Outlet {}", i % 3), text.clone()])
            .unwrap();
    }
    w.flush().unwrap();
    let out = dir.join("run");
    framescope()
        .args(["analyze", "--quiet", "--no-sentiment"])
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    out
}

#[test]
fn kwic_into_a_closed_pipe_exits_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let run = many_hits_run(dir.path());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_framescope"))
        .args(["kwic", "occupation", "--from"])
        .arg(&run)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader goes away after one line, as `| head -1` does.
    assert!(first.contains("occupied territories"), "{first}");
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{stderr}"
    );
}

const RU_UA: &str = r#"
[lexicon]
id = "ukraine-test"
version = "0.1.0"
language = "en"
lean = ["ru", "ua"]
title = "Test lexicon with other sides"

[[sides]]
id = "ru"
label = "Russian framing"
description = "Wording of Russian officials."

[[sides]]
id = "ua"
label = "Ukrainian framing"
description = "Wording of Ukrainian officials."

[[frames]]
id = "special_operation"
label = "Special operation"
side = "ru"
description = "The war called a special military operation."
terms = [{ term = "special military operation", forms = ["special military operation"] }]

[[frames]]
id = "full_scale_invasion"
label = "Full-scale invasion"
side = "ua"
description = "The war called a full-scale invasion."
terms = [{ term = "full-scale invasion", forms = ["full-scale invasion"] }]
"#;

/// A small corpus for the ru/ua lexicon: two outlets of six articles each.
fn ru_ua_run(dir: &Path) -> PathBuf {
    let lex = dir.join("ru-ua.toml");
    fs::write(&lex, RU_UA).unwrap();
    let corpus = dir.join("ua.csv");
    let mut w = csv::Writer::from_path(&corpus).unwrap();
    w.write_record(["id", "outlet", "title", "text"]).unwrap();
    for i in 0..6 {
        w.write_record([
            &format!("r{i}"),
            "Moscow Daily",
            "Day of the operation",
            "The special military operation went on in the east. Officials met in the capital.",
        ])
        .unwrap();
        w.write_record([
            &format!("k{i}"),
            "Kyiv Herald",
            "Day of the war",
            "The full-scale invasion went on in the east. Officials met in the capital.",
        ])
        .unwrap();
    }
    w.flush().unwrap();
    let out = dir.join("run");
    framescope()
        .args(["analyze", "--quiet", "--no-sentiment", "--lexicon"])
        .arg(&lex)
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    out
}

#[test]
fn labels_that_name_sides_come_from_the_lexicon() {
    let dir = tempfile::tempdir().unwrap();
    let run = ru_ua_run(dir.path());
    let from = run.to_str().unwrap();
    let stdout = |args: &[&str]| -> String {
        let out = framescope().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let pair = stdout(&["compare", "Moscow", "Kyiv", "--from", from]);
    assert!(pair.contains("Lean (ru - ua) / (ru + ua)"), "{pair}");
    let all = stdout(&["compare", "--all", "--from", from]);
    assert!(all.contains("(ru - ua) / (ru + ua)"), "{all}");
    let json = stdout(&["compare", "--all", "--from", from, "--format", "json"]);
    assert!(json.contains("(ru - ua) / (ru + ua)"), "{json}");
    for text in [&pair, &all] {
        assert!(!text.contains("az") && !text.contains("am)"), "{text}");
    }
    // Moscow Daily uses only ru wording, Kyiv Herald only ua wording.
    let moscow = all.lines().find(|l| l.contains("Moscow Daily")).unwrap();
    assert!(moscow.contains(" 1.00 "), "{moscow}");
    let html = dir.path().join("report.html");
    framescope()
        .args(["report", from, "--out"])
        .arg(&html)
        .assert()
        .success();
    let html = fs::read_to_string(html).unwrap();
    assert!(html.contains("Russian framing") && html.contains("Ukrainian framing"));
    assert!(
        !html.contains("Azerbaijan"),
        "the report must not name the demo's sides"
    );
}
