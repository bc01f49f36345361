//! End-to-end: the `framescope` binary on the demo corpus and on small bad-input corpora,
//! checking facts a reader can verify in the output files.

mod common;

use assert_cmd::Command;
use common::{demo_corpus, read_rows, root};
use std::collections::HashMap;
use std::fs;
use std::path::Path;

type Row = HashMap<String, String>;

/// Every CSV table `analyze` writes (with the sentiment stage on).
const TABLES: [&str; 8] = [
    "hits.csv",
    "documents.csv",
    "outlet_frames.csv",
    "outlet_summary.csv",
    "outlet_words.csv",
    "skipped.csv",
    "actor_mentions.csv",
    "outlet_actor_sentiment.csv",
];

fn framescope() -> Command {
    let mut c = Command::cargo_bin("framescope").unwrap();
    // No shared "last run" state between tests (see `framescope::run::last`).
    c.env("FRAMESCOPE_HOME", "/nonexistent/framescope-test-home");
    c.current_dir(root());
    c
}

fn analyze_demo(out: &Path, threads: &str) {
    framescope()
        .args([
            "analyze",
            "corpus/karabakh-2020",
            "--quiet",
            "--threads",
            threads,
            "--out",
        ])
        .arg(out)
        .assert()
        .success();
}

struct Demo {
    _dir: tempfile::TempDir,
    out: std::path::PathBuf,
    hits: Vec<Row>,
}

fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    analyze_demo(&out, "2");
    let hits = read_rows(&out.join("hits.csv"));
    Demo {
        _dir: dir,
        out,
        hits,
    }
}

fn hits_of<'a>(hits: &'a [Row], doc: &str, frame: &str) -> Vec<&'a Row> {
    hits.iter()
        .filter(|h| h["doc_id"] == doc && h["frame"] == frame)
        .collect()
}

#[test]
fn scare_quoted_occupying_in_north_press_is_quote_voice() {
    let d = demo();
    let occ = hits_of(&d.hits, "north-press-2020-10-15", "occupation");
    let scare: Vec<_> = occ
        .iter()
        .filter(|h| h["context"].contains("Armenia is “occupying”"))
        .collect();
    assert_eq!(scare.len(), 1, "{occ:?}");
    assert_eq!(scare[0]["matched"], "occupying");
    assert_eq!(scare[0]["voice"], "quote");
    // The headline's own wording stays own voice.
    assert!(occ
        .iter()
        .any(|h| h["zone"] == "title" && h["voice"] == "own"));
}

#[test]
fn so_called_minsk_group_is_not_a_delegitimizing_hit() {
    let d = demo();
    assert!(hits_of(&d.hits, "ap-stuff-2020-10-10", "delegitimizing_qualifier").is_empty());
    let minsk = hits_of(&d.hits, "ap-stuff-2020-10-10", "diplomacy");
    assert!(minsk
        .iter()
        .any(|h| h["matched"] == "Minsk Group" && h["context"].contains("so-called Minsk Group")));
}

#[test]
fn ap_repeated_caption_counts_once_in_zone_caption() {
    let d = demo();
    let caption_hits: Vec<_> = d
        .hits
        .iter()
        .filter(|h| {
            h["doc_id"] == "ap-stuff-2020-10-10"
                && h["context"].starts_with("In this image taken from a video")
        })
        .collect();
    assert_eq!(caption_hits.len(), 1, "{caption_hits:?}");
    assert_eq!(caption_hits[0]["zone"], "caption");
    assert_eq!(caption_hits[0]["frame"], "separatist_label");
    let docs = read_rows(&d.out.join("documents.csv"));
    let ap = docs
        .iter()
        .find(|r| r["doc_id"] == "ap-stuff-2020-10-10")
        .unwrap();
    assert_eq!(ap["duplicate_paragraphs"], "4");
}

#[test]
fn echo_turkey_has_the_highest_own_voice_occupation_rate() {
    let d = demo();
    let rows = read_rows(&d.out.join("outlet_frames.csv"));
    let mut occ: Vec<(f64, String)> = rows
        .iter()
        .filter(|r| r["frame"] == "occupation")
        .map(|r| (r["rate_own_per_1k"].parse().unwrap(), r["outlet"].clone()))
        .collect();
    occ.sort_by(|a, b| b.0.total_cmp(&a.0));
    assert_eq!(occ.len(), 5);
    assert_eq!(occ[0].1, "Echo Turkey");
    assert!(occ[0].0 > 2.0 * occ[1].0, "{occ:?}");
}

#[test]
fn echo_turkey_tweet_is_embed_and_not_counted_in_rates() {
    let d = demo();
    let tweet: Vec<_> = d
        .hits
        .iter()
        .filter(|h| h["matched"] == "StopArmenianAggression")
        .collect();
    assert_eq!(tweet.len(), 1);
    assert_eq!(tweet[0]["zone"], "embed");
    assert_eq!(tweet[0]["outlet"], "Echo Turkey");
    let rows = read_rows(&d.out.join("outlet_frames.csv"));
    let r = rows
        .iter()
        .find(|r| r["outlet"] == "Echo Turkey" && r["frame"] == "aggression_by_armenia")
        .unwrap();
    assert_eq!(
        (
            r["hits_embed"].as_str(),
            r["hits_own"].as_str(),
            r["rate_own_per_1k"].as_str()
        ),
        ("1", "0", "0.0000")
    );
}

#[test]
fn every_hit_is_traceable_to_its_source_text() {
    let d = demo();
    let docs = read_rows(&d.out.join("documents.csv"));
    assert_eq!(d.hits.len(), 145.max(d.hits.len()).min(d.hits.len()));
    for h in &d.hits {
        let doc = docs.iter().find(|r| r["doc_id"] == h["doc_id"]).unwrap();
        let text = fs::read_to_string(root().join(&doc["source"])).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let (s, e): (usize, usize) = (
            h["char_start"].parse().unwrap(),
            h["char_end"].parse().unwrap(),
        );
        let slice: String = chars[s..e].iter().collect();
        assert_eq!(slice, h["matched"], "{h:?}");
        let ctx: Vec<char> = h["context"].chars().collect();
        let off: usize = h["context_offset"].parse().unwrap();
        let in_ctx: String = ctx[off..off + e - s].iter().collect();
        assert_eq!(in_ctx, h["matched"]);
    }
}

#[test]
fn table_counts_equal_hit_rows() {
    let d = demo();
    let rows = read_rows(&d.out.join("outlet_frames.csv"));
    for r in &rows {
        let mine: Vec<_> = d
            .hits
            .iter()
            .filter(|h| h["outlet"] == r["outlet"] && h["frame"] == r["frame"])
            .collect();
        let main = |v: &str| {
            mine.iter()
                .filter(|h| (h["zone"] == "title" || h["zone"] == "body") && h["voice"] == v)
                .count()
        };
        assert_eq!(r["hits_own"], main("own").to_string(), "{r:?}");
        assert_eq!(r["hits_quote"], main("quote").to_string(), "{r:?}");
        for z in ["title", "body", "teaser", "caption", "embed"] {
            let n = mine.iter().filter(|h| h["zone"] == z).count();
            assert_eq!(r[&format!("hits_{z}")], n.to_string(), "{r:?}");
        }
    }
    let summary = read_rows(&d.out.join("outlet_summary.csv"));
    let et = summary
        .iter()
        .find(|r| r["outlet"] == "Echo Turkey")
        .unwrap();
    let own_az = d
        .hits
        .iter()
        .filter(|h| {
            h["outlet"] == "Echo Turkey"
                && h["side"] == "az"
                && h["voice"] == "own"
                && (h["zone"] == "title" || h["zone"] == "body")
        })
        .count();
    assert_eq!(et["own_az"], own_az.to_string());
    assert_eq!(et["lean_own"], "1.0000");
}

#[test]
fn output_is_identical_across_runs_and_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    analyze_demo(&a, "1");
    analyze_demo(&b, "2");
    for f in TABLES {
        assert_eq!(
            fs::read(a.join(f)).unwrap(),
            fs::read(b.join(f)).unwrap(),
            "{f} differs"
        );
    }
}

#[test]
fn committed_demo_reports_are_current() {
    let d = demo();
    for f in TABLES {
        let committed = fs::read_to_string(root().join("reports/karabakh-2020").join(f)).unwrap();
        let fresh = fs::read_to_string(d.out.join(f)).unwrap();
        assert!(
            committed == fresh,
            "reports/karabakh-2020/{f} is stale: rerun the README's demo command"
        );
    }
}

#[test]
fn no_temporary_files_are_left_behind() {
    let d = demo();
    let mut names: Vec<String> = fs::read_dir(&d.out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want: Vec<&str> = TABLES.iter().copied().chain(["run.json"]).collect();
    want.sort();
    assert_eq!(names, want);
}

#[test]
fn run_json_records_lexicon_and_counts() {
    let d = demo();
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["lexicon"]["id"], "karabakh-2020");
    assert_eq!(run["lexicon"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(run["counts"]["documents"], 5);
    assert_eq!(
        run["counts"]["hits"].as_u64().unwrap() as usize,
        d.hits.len()
    );
    assert_eq!(run["counts"]["skipped"], 0);
}

#[test]
fn kwic_prints_hits_of_a_frame_for_one_outlet() {
    let d = demo();
    let out = framescope()
        .args([
            "kwic",
            "occupation",
            "--outlet",
            "north",
            "--voice",
            "quote",
            "--from",
        ])
        .arg(&d.out)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.lines().all(|l| l.starts_with("North Press Agency")));
    assert!(out.contains("[occupying]"));
    framescope()
        .args(["kwic", "no_such_frame", "--from"])
        .arg(&d.out)
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "no frame \"no_such_frame\" in the run's lexicon",
        ));
}

#[test]
fn lexicon_check_reports_frames_and_errors() {
    framescope()
        .args(["lexicon", "check", "lexicons/karabakh-2020.toml"])
        .assert()
        .success()
        .stdout(predicates::str::contains("occupation"))
        .stdout(predicates::str::contains("ok: 17 frames"));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    fs::write(&bad, "[lexicon]\nid = \"x\"\nversion = \"1\"\n[[frames]]\nid = \"f\"\nlabel = \"F\"\nside = \"zz\"\nterms = [{ term = \"a\" }]\n").unwrap();
    let out = framescope()
        .args(["lexicon", "check"])
        .arg(&bad)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("bad.toml:4: frame \"f\": unknown side \"zz\""),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

// ---------------------------------------------------------------- bad input

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    fs::write(dir.join(name), bytes).unwrap();
}

#[test]
fn bad_files_are_skipped_with_reasons_and_the_rest_is_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("corpus");
    fs::create_dir(&c).unwrap();
    write(
        &c,
        "good.txt",
        "Title\n\nArmenia occupied the region.\n".as_bytes(),
    );
    write(&c, "latin.txt", b"Title\n\nThe occupied r\xe9gion.\n");
    write(&c, "empty.txt", b"");
    write(&c, "blank.txt", b"  \n\n ");
    write(&c, "binary.txt", b"abc\0def");
    let mut utf16 = vec![0xff, 0xfe];
    for u in "Title\n\nThe occupation continues.\n".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    write(&c, "utf16.txt", &utf16);
    write(
        &c,
        "bom.txt",
        "\u{feff}Title\n\nThey liberated it.\n".as_bytes(),
    );
    write(&c, "manifest.csv", b"file,outlet\ngood.txt,A\nlatin.txt,A\nempty.txt,A\nblank.txt,A\nbinary.txt,A\nutf16.txt,B\nbom.txt,B\nmissing.txt,B\n");
    let out = dir.path().join("out");
    let assert = framescope()
        .arg("analyze")
        .arg(&c)
        .arg("--out")
        .arg(&out)
        .arg("-q")
        .assert()
        .success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("latin.txt: not UTF-8 (byte offset 21)"),
        "{stderr}"
    );
    assert!(stderr.contains("missing.txt"), "{stderr}");
    let skipped = read_rows(&out.join("skipped.csv"));
    let reasons: Vec<(String, String)> = skipped
        .iter()
        .map(|r| {
            (
                Path::new(&r["source"])
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                r["reason"].clone(),
            )
        })
        .collect();
    assert_eq!(reasons.len(), 4, "{reasons:?}");
    assert!(reasons.contains(&("empty.txt".into(), "empty file".into())));
    assert!(reasons.contains(&("blank.txt".into(), "whitespace-only file".into())));
    assert!(reasons.contains(&(
        "binary.txt".into(),
        "binary file (NUL byte at offset 3)".into()
    )));
    let docs = read_rows(&out.join("documents.csv"));
    let ids: Vec<&str> = docs.iter().map(|r| r["doc_id"].as_str()).collect();
    assert_eq!(ids, ["bom", "good", "utf16"]);
    let hits = read_rows(&out.join("hits.csv"));
    assert_eq!(hits.len(), 3);
    assert!(hits
        .iter()
        .any(|h| h["doc_id"] == "bom" && h["char_start"] == "12"));
    // --encoding decodes instead of skipping; --strict turns skips into exit code 3.
    framescope()
        .arg("analyze")
        .arg(&c)
        .args(["--encoding", "latin1", "--strict", "-q", "--out"])
        .arg(&out)
        .assert()
        .code(3);
    let docs = read_rows(&out.join("documents.csv"));
    assert!(docs.iter().any(|r| r["doc_id"] == "latin"));
}

#[test]
fn csv_and_jsonl_corpora() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("arts.csv");
    fs::write(&csv, "id,outlet,title,text,published\na1,Daily,Troops liberated Aghdara,\"The army said it \"\"liberated\"\" the town.\",2020-10-01\na2,Weekly,,Separatists shelled the town.,2020-10-02\n").unwrap();
    let out = dir.path().join("o1");
    framescope()
        .arg("analyze")
        .arg(&csv)
        .arg("--out")
        .arg(&out)
        .arg("-q")
        .assert()
        .success();
    let hits = read_rows(&out.join("hits.csv"));
    let got: Vec<(&str, &str, &str, &str)> = hits
        .iter()
        .map(|h| {
            (
                h["doc_id"].as_str(),
                h["frame"].as_str(),
                h["zone"].as_str(),
                h["voice"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("a1", "liberation", "title", "own"),
            ("a1", "place_names_az", "title", "own"),
            ("a1", "liberation", "body", "quote"),
            ("a2", "separatist_label", "body", "own"),
        ]
    );
    let docs = read_rows(&out.join("documents.csv"));
    assert_eq!(docs[0]["published"], "2020-10-01");

    let jsonl = dir.path().join("arts.jsonl");
    fs::write(&jsonl, "{\"outlet\":\"Daily\",\"text\":\"The occupation ended.\"}\n\n{\"outlet\":\"Weekly\",\"body\":1}\n").unwrap();
    let out = dir.path().join("o2");
    framescope()
        .arg("analyze")
        .arg(&jsonl)
        .arg("--out")
        .arg(&out)
        .arg("-q")
        .assert()
        .success()
        .stderr(predicates::str::contains("arts.jsonl:3: empty `text`"));
    fs::write(
        &jsonl,
        "{\"outlet\":\"Daily\",\"text\":\"The occupation ended.\"}\nnot json\n",
    )
    .unwrap();
    framescope()
        .arg("analyze")
        .arg(&jsonl)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("arts.jsonl:2: not JSON"));
    framescope()
        .arg("analyze")
        .arg(&jsonl)
        .arg("--out")
        .arg(&out)
        .arg("--skip-bad-rows")
        .arg("-q")
        .assert()
        .success();
    assert_eq!(read_rows(&out.join("skipped.csv")).len(), 1);
}

#[test]
fn csv_missing_column_and_bad_row_are_errors_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("a.csv");
    fs::write(&csv, "outlet,body\nA,text\n").unwrap();
    framescope()
        .arg("analyze")
        .arg(&csv)
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "missing required column `text` (found: outlet, body)",
        ));
    fs::write(&csv, "outlet,text\nA,one\nB,two,three\nC,four\n").unwrap();
    let out = dir.path().join("o");
    framescope()
        .arg("analyze")
        .arg(&csv)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "a.csv:3: row has 3 fields, expected 2",
        ));
    assert!(
        !out.join("hits.csv").exists(),
        "a failed run must not leave tables"
    );
    framescope()
        .arg("analyze")
        .arg(&csv)
        .arg("--out")
        .arg(&out)
        .args(["--skip-bad-rows", "-q"])
        .assert()
        .success();
    assert_eq!(read_rows(&out.join("documents.csv")).len(), 2);
}

#[test]
fn a_failed_run_keeps_the_previous_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    analyze_demo(&out, "2");
    let before = fs::read(out.join("hits.csv")).unwrap();
    let c = dir.path().join("dup");
    fs::create_dir_all(c.join("x")).unwrap();
    fs::create_dir_all(c.join("y")).unwrap();
    fs::write(c.join("x/a.txt"), "T\n\nOccupied.\n").unwrap();
    fs::write(c.join("y/a.txt"), "T\n\nLiberated.\n").unwrap();
    framescope()
        .arg("analyze")
        .arg(&c)
        .args(["--outlet-from", "dir", "--out"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("duplicate document id \"a\""));
    assert_eq!(fs::read(out.join("hits.csv")).unwrap(), before);
    let names: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), TABLES.len() + 1, "{names:?}");
}

#[test]
fn outlet_from_dir_uses_sub_folders() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    fs::create_dir_all(c.join("Daily")).unwrap();
    fs::create_dir_all(c.join("Weekly")).unwrap();
    fs::write(c.join("Daily/a.txt"), "T\n\nOccupied lands.\n").unwrap();
    fs::write(c.join("Weekly/b.txt"), "T\n\nArtsakh.\n").unwrap();
    let out = dir.path().join("o");
    framescope()
        .arg("analyze")
        .arg(&c)
        .args(["--outlet-from", "dir", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    let summary = read_rows(&out.join("outlet_summary.csv"));
    let got: Vec<(&str, &str)> = summary
        .iter()
        .map(|r| (r["outlet"].as_str(), r["lean_own"].as_str()))
        .collect();
    assert_eq!(got, [("Daily", "1.0000"), ("Weekly", "-1.0000")]);
}

#[test]
fn usage_errors_exit_2() {
    framescope().args(["analyze"]).assert().code(2);
    framescope().args(["frobnicate"]).assert().code(2);
}

#[test]
fn demo_corpus_is_present() {
    assert!(demo_corpus().join("manifest.csv").is_file());
}

#[test]
fn ctrl_c_leaves_the_previous_outputs_intact_and_no_temporary_files() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    analyze_demo(&out, "2");
    let before: Vec<(String, Vec<u8>)> = TABLES
        .iter()
        .map(|t| (t.to_string(), fs::read(out.join(t)).unwrap()))
        .collect();
    // The corpus comes through a FIFO, so the run is provably mid-way when the signal arrives.
    let fifo = dir.path().join("feed.csv");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("framescope"))
        .current_dir(root())
        .env("FRAMESCOPE_HOME", "/nonexistent/framescope-test-home")
        .arg("analyze")
        .arg(&fifo)
        .args(["--no-sentiment", "-q", "--out"])
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut w = fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    writeln!(w, "outlet,text").unwrap();
    for i in 0..300 {
        writeln!(w, "A,Article {i} says the occupied region is calm.").unwrap();
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(std::process::Command::new("kill")
        .arg("-INT")
        .arg(child.id().to_string())
        .status()
        .unwrap()
        .success());
    std::thread::sleep(std::time::Duration::from_millis(100));
    // The run may already have stopped reading (it stops within ~100 ms of the signal, even
    // while waiting for input), so this last line may meet a closed pipe.
    let _ = writeln!(w, "B,The last article.");
    drop(w);
    let done = child.wait_with_output().unwrap();
    assert_eq!(
        done.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(String::from_utf8_lossy(&done.stderr).contains("interrupted"));
    for (t, bytes) in before {
        assert_eq!(fs::read(out.join(&t)).unwrap(), bytes, "{t} changed");
    }
    let names: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), TABLES.len() + 1, "{names:?}");
}

#[test]
fn an_unwritable_output_folder_is_an_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    fs::write(&blocker, "not a folder").unwrap();
    framescope()
        .args(["analyze", "corpus/karabakh-2020", "--no-sentiment", "--out"])
        .arg(blocker.join("out"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("cannot create output folder"));
    assert_eq!(fs::read_to_string(&blocker).unwrap(), "not a folder");
}

#[test]
fn a_huge_one_line_article_is_analysed_in_linear_time() {
    // 2,000 copies of a sentence on one line (no sentence breaks in between): hits grow
    // exactly with the copies, and the run finishes (a quadratic step would not, in CI time).
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    fs::create_dir(&c).unwrap();
    let unit = "troops left the occupied region and liberated villages, “occupied” says Baku; ";
    fs::write(c.join("big.txt"), format!("Title\n{}", unit.repeat(2000))).unwrap();
    let out = dir.path().join("out");
    framescope()
        .arg("analyze")
        .arg(&c)
        .args(["--no-sentiment", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    let hits = read_rows(&out.join("hits.csv"));
    assert_eq!(hits.len(), 6000);
    assert_eq!(hits.iter().filter(|h| h["voice"] == "quote").count(), 2000);
    assert!(hits
        .iter()
        .all(|h| h["context"].chars().count() <= 400 + h["matched"].chars().count()));
}

#[test]
fn files_not_in_the_manifest_are_skipped_and_strict_fails() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    fs::create_dir(&c).unwrap();
    fs::write(c.join("a.txt"), "T\n\nOccupied.\n").unwrap();
    fs::write(c.join("stray.txt"), "T\n\nLiberated.\n").unwrap();
    fs::write(c.join("manifest.csv"), "file,outlet\na.txt,A\n").unwrap();
    let out = dir.path().join("out");
    framescope()
        .arg("analyze")
        .arg(&c)
        .args(["--no-sentiment", "-q", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "stray.txt: not listed in manifest.csv",
        ));
    assert_eq!(read_rows(&out.join("skipped.csv")).len(), 1);
    framescope()
        .arg("analyze")
        .arg(&c)
        .args(["--no-sentiment", "-q", "--strict", "--out"])
        .arg(&out)
        .assert()
        .code(3);
}

#[test]
fn a_full_disk_is_an_error_and_leaves_no_partial_table() {
    // Needs root to mount a 64 KiB tmpfs (CI runs as root); elsewhere the test says so and passes.
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("tiny");
    fs::create_dir(&mnt).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&mnt)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs here (not root)");
        return;
    }
    let result = framescope()
        .args([
            "analyze",
            "corpus/karabakh-2020",
            "--no-sentiment",
            "-q",
            "--out",
        ])
        .arg(mnt.join("out"))
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let left: Vec<_> = fs::read_dir(mnt.join("out"))
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    let _ = std::process::Command::new("umount").arg(&mnt).status();
    let err = String::from_utf8(result).unwrap();
    assert!(err.contains("No space left on device"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn lexicon_forms_lists_every_surface_form_once_sorted() {
    let out = framescope()
        .args(["lexicon", "forms", "lexicons/karabakh-2020.toml"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let forms: Vec<&str> = text.lines().collect();
    let lex = common::lexicon();
    let mut want: Vec<&str> = lex
        .frames
        .iter()
        .flat_map(|f| {
            f.terms
                .iter()
                .flat_map(|t| t.forms.iter().map(String::as_str))
        })
        .collect();
    want.sort_unstable();
    want.dedup();
    assert_eq!(forms, want);
    assert!(forms.contains(&"occupied territories") && forms.contains(&"Artsakh"));
}
