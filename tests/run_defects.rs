//! Defects found by an adversarial run (issue "Nothing lost, nothing misread"), on the side of
//! runs, statistics, lexicon checks, signals and output files. Each test failed before its fix.

mod common;

use assert_cmd::Command;
use common::root;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn framescope() -> Command {
    let mut c = Command::cargo_bin("framescope").unwrap();
    // No shared "last run" state between tests (see `framescope::run::last`).
    c.env("FRAMESCOPE_HOME", "/nonexistent/framescope-test-home");
    c.current_dir(root());
    c
}

fn write_csv(path: &Path, header: &[&str], rows: &[Vec<String>]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(header).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
}

fn analyze(corpus: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    framescope()
        .args(["analyze", "--quiet", "--no-sentiment"])
        .args(extra)
        .arg(corpus)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

#[test]
fn p_and_q_are_empty_when_one_sides_rate_is_undefined() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c.csv");
    let mut rows = Vec::new();
    for i in 0..6 {
        rows.push(vec![
            format!("a{i}"),
            "Words".into(),
            "Troops held the occupied territories all week.".into(),
        ]);
        // No word tokens at all: this outlet's rates are undefined.
        rows.push(vec![
            format!("b{i}"),
            "Symbols".into(),
            "*** --- !!!".into(),
        ]);
    }
    write_csv(&corpus, &["id", "outlet", "text"], &rows);
    let out = dir.path().join("run");
    assert!(analyze(&corpus, &out, &[]).status.success());
    let csv_out = framescope()
        .args(["compare", "Words", "Symbols", "--format", "csv", "--from"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(csv_out.status.success());
    let mut rdr = csv::Reader::from_reader(&csv_out.stdout[..]);
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    for r in rdr.records() {
        let r = r.unwrap();
        assert_eq!(&r[col("p_perm")], "", "{r:?}");
        assert_eq!(&r[col("q_bh")], "", "{r:?}");
        assert_eq!(&r[col("rate_b")], "", "{r:?}");
        assert!(r[col("note")].contains("no title+body tokens"), "{r:?}");
    }
}

#[test]
fn an_empty_corpus_does_not_replace_a_previous_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    framescope()
        .args([
            "analyze",
            "corpus/karabakh-2020",
            "--quiet",
            "--no-sentiment",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let before = fs::read(out.join("hits.csv")).unwrap();
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let r = analyze(&empty, &out, &[]);
    assert_eq!(r.status.code(), Some(1));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("no document could be analysed") && err.contains("--allow-empty"));
    assert_eq!(fs::read(out.join("hits.csv")).unwrap(), before);
    let r = analyze(&empty, &out, &["--allow-empty"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert_eq!(
        fs::read_to_string(out.join("documents.csv"))
            .unwrap()
            .lines()
            .count(),
        1
    );
}

#[test]
fn pattern_like_terms_warn_and_strict_counts_lexicon_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let lex = dir.path().join("l.toml");
    fs::write(
        &lex,
        r#"[lexicon]
id = "t"
version = "1"
[[sides]]
id = "a"
label = "A"
[[frames]]
id = "f"
label = "F"
side = "a"
terms = [{ term = "occupied", forms = ["occupied", "(a|b)+", "Kupyansk*"] }, { term = "x", forms = [] }]
"#,
    )
    .unwrap();
    let check = framescope()
        .args(["lexicon", "check"])
        .arg(&lex)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&check.stderr);
    assert!(
        err.contains("\"(a|b)+\" looks like a regular expression"),
        "{err}"
    );
    assert!(err.contains("\"Kupyansk*\" contains `*`"), "{err}");
    assert!(err.contains("`forms = []` lists no forms"), "{err}");
    let out = dir.path().join("run");
    let r = framescope()
        .args([
            "analyze",
            "corpus/karabakh-2020",
            "--quiet",
            "--no-sentiment",
            "--strict",
        ])
        .arg("--lexicon")
        .arg(&lex)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        r.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
}

#[test]
fn eval_sentiment_on_an_empty_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("empty.jsonl");
    fs::write(&f, "").unwrap();
    let r = framescope().arg("eval-sentiment").arg(&f).output().unwrap();
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("no targets to evaluate"));
    assert!(!String::from_utf8_lossy(&r.stdout).contains("F1m"));
}

#[test]
fn outlet_words_stays_within_its_budget_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c.csv");
    // 400 articles: a shared frequent word, and 30 words unique to each article.
    let rows: Vec<Vec<String>> = (0..400)
        .map(|i| {
            let unique: Vec<String> = (0..30).map(|j| format!("w{i}x{j}")).collect();
            vec![
                format!("d{i}"),
                format!("O{}", i % 2),
                format!("Common words. {} common.", unique.join(" ")),
            ]
        })
        .collect();
    write_csv(&corpus, &["id", "outlet", "text"], &rows);
    let out = dir.path().join("run");
    let r = analyze(&corpus, &out, &["--max-words", "2000"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let words = fs::read_to_string(out.join("outlet_words.csv")).unwrap();
    assert!(
        words.lines().count() - 1 <= 2000,
        "{} rows",
        words.lines().count()
    );
    // Frequent words keep exact counts: "common" twice in each of 200 articles per outlet.
    assert!(words.contains("O0,common,400"), "{}", &words[..200]);
    let run = fs::read_to_string(out.join("run.json")).unwrap();
    assert!(
        run.contains("more than 2000 distinct outlet-word pairs"),
        "{run}"
    );
}

/// Best of seven timings of `f`: noise from other processes (a build, the other tests) only
/// adds time, and a quadratic path is slow in every run.
fn time(mut f: impl FnMut()) -> f64 {
    (0..7)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// A 10x larger input must take at most about 10x longer; a quadratic path takes ~100x.
fn assert_linear(name: &str, small: f64, large: f64) {
    let ratio = large / small.max(1e-6);
    assert!(
        ratio < 40.0,
        "{name}: 10x input took {ratio:.1}x longer ({small:.4}s -> {large:.4}s)"
    );
}

#[test]
fn unmatched_quotation_marks_are_linear() {
    let text = |n: usize| "“".repeat(n) + " end";
    let (a, b) = (text(20_000), text(200_000));
    let small = time(|| {
        framescope::voice::quote_spans(&a);
    });
    let large = time(|| {
        framescope::voice::quote_spans(&b);
    });
    assert_linear("quote_spans", small, large);
}

#[test]
fn excluded_phrases_are_linear() {
    let dir = tempfile::tempdir().unwrap();
    let lex = dir.path().join("l.toml");
    fs::write(
        &lex,
        r#"[lexicon]
id = "t"
version = "1"
[[frames]]
id = "f"
label = "F"
terms = [{ term = "occupied" }]
exclude = ["formerly occupied"]
"#,
    )
    .unwrap();
    let a = framescope::pipeline::Analyzer::with_default_rules(
        framescope::Lexicon::from_file(&lex).unwrap(),
    )
    .unwrap();
    let doc = |n: usize| {
        framescope::Document::new(
            "d",
            "o",
            "the formerly occupied area ".repeat(n) + "occupied.",
        )
    };
    let (d1, d2) = (doc(5_000), doc(50_000));
    let hits = a.analyze_one(d1.clone()).hits;
    assert_eq!(hits.len(), 1, "only the last, unexcluded word counts");
    let small = time(|| {
        a.analyze_one(d1.clone());
    });
    let large = time(|| {
        a.analyze_one(d2.clone());
    });
    assert_linear("exclude", small, large);
}

#[test]
fn large_lexicons_parse_in_linear_time() {
    let lexicon = |n: usize| {
        let mut s = String::from("[lexicon]\nid = \"big\"\nversion = \"1\"\n");
        s.push_str("[[frames]]\nid = \"f\"\nlabel = \"F\"\nterms = [\n");
        for i in 0..n {
            s.push_str(&format!("  {{ term = \"word{i} term{i}\" }},\n"));
        }
        s.push_str("]\n");
        s
    };
    let (a, b) = (lexicon(2_000), lexicon(20_000));
    let small = time(|| {
        framescope::Lexicon::parse(&a, "a").unwrap();
    });
    let large = time(|| {
        framescope::Lexicon::parse(&b, "b").unwrap();
    });
    assert_linear("lexicon parse", small, large);
}

#[test]
fn the_terminal_table_is_linear_in_outlets() {
    use framescope::run::{OutletFrameRow, OutletSummaryRow};
    let lex = framescope::Lexicon::builtin();
    let tables = |n: usize| {
        let summary: Vec<OutletSummaryRow> = (0..n)
            .map(|i| OutletSummaryRow {
                outlet: format!("outlet {i}"),
                articles: 1,
                tokens: 100,
                own_by_side: vec![0; 2],
                quote_by_side: vec![0; 2],
                lean_own: None,
                lean_quote: None,
            })
            .collect();
        let frames: Vec<OutletFrameRow> = summary
            .iter()
            .flat_map(|s| {
                lex.frames.iter().map(|f| OutletFrameRow {
                    outlet: s.outlet.clone(),
                    frame: f.id.clone(),
                    side: f.side.clone(),
                    articles: 1,
                    tokens: 100,
                    hits_own: 1,
                    hits_quote: 0,
                    hits_own_attributed: 0,
                    hits_own_negated: 0,
                    hits_title: 0,
                    hits_body: 1,
                    hits_teaser: 0,
                    hits_caption: 0,
                    hits_embed: 0,
                    rate_own_per_1k: Some(10.0),
                    mean_article_rate_own_per_1k: Some(10.0),
                    share_articles_own: Some(1.0),
                })
            })
            .collect::<Vec<_>>();
        (frames, summary)
    };
    let ((f1, s1), (f2, s2)) = (tables(40), tables(400));
    let small = time(|| {
        framescope::render::terminal::terminal_table(&lex, &f1, &s1, 100);
    });
    let large = time(|| {
        framescope::render::terminal::terminal_table(&lex, &f2, &s2, 100);
    });
    assert_linear("terminal table", small, large);
}

/// Starts `analyze` on a FIFO, feeds `rows` rows, and returns the child and the writer.
fn analyze_from_fifo(dir: &Path, out: &Path, rows: usize) -> (std::process::Child, fs::File) {
    let fifo = dir.join("feed.csv");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_framescope"))
        .current_dir(root())
        .arg("analyze")
        .arg(&fifo)
        .args(["--no-sentiment", "-q", "--out"])
        .arg(out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut w = fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    writeln!(w, "outlet,text").unwrap();
    for i in 0..rows {
        writeln!(w, "A,Article {i} says the occupied region is calm.").unwrap();
    }
    w.flush().unwrap();
    (child, w)
}

fn signal(child: &std::process::Child, sig: &str) {
    assert!(std::process::Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(child.id().to_string())
        .status()
        .unwrap()
        .success());
}

/// Waits for the child at most `limit`; kills it and fails if it does not end.
fn wait_within(mut child: std::process::Child, limit: Duration) -> std::process::Output {
    let t = Instant::now();
    while t.elapsed() < limit {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    panic!("the run did not stop within {limit:?}");
}

fn only_entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn sigterm_and_sighup_stop_a_run_like_ctrl_c() {
    for sig in ["TERM", "HUP"] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let (child, w) = analyze_from_fifo(dir.path(), &out, 300);
        std::thread::sleep(Duration::from_millis(300));
        signal(&child, sig);
        // The input stays open until the run has stopped: closing it first would let a
        // loaded machine finish the run before it sees the signal.
        let done = wait_within(child, Duration::from_secs(20));
        drop(w);
        let err = String::from_utf8_lossy(&done.stderr);
        assert_eq!(done.status.code(), Some(130), "SIG{sig}: {err}");
        assert!(err.contains("interrupted"), "SIG{sig}: {err}");
        assert!(!out.exists(), "SIG{sig}: nothing may be written");
        let left: Vec<String> = only_entries(dir.path())
            .into_iter()
            .filter(|n| n.contains("stage") || n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "SIG{sig}: temporary files left: {left:?}");
    }
}

#[test]
fn ctrl_c_stops_a_run_whose_input_has_stalled() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // The writer stays open and silent: the run waits for input that never comes.
    let (child, w) = analyze_from_fifo(dir.path(), &out, 10);
    std::thread::sleep(Duration::from_millis(500));
    signal(&child, "INT");
    let done = wait_within(child, Duration::from_secs(10));
    drop(w);
    assert_eq!(
        done.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(!out.exists());
}

fn two_outlet_run(dir: &Path, a: &str, b: &str) -> PathBuf {
    let corpus = dir.join("c.csv");
    let rows: Vec<Vec<String>> = (0..10)
        .map(|i| {
            let outlet = if i % 2 == 0 { a } else { b };
            vec![
                format!("d{i}"),
                outlet.to_string(),
                format!("Article {i} on the occupied territories."),
            ]
        })
        .collect();
    write_csv(&corpus, &["id", "outlet", "text"], &rows);
    let out = dir.join("run");
    let r = analyze(&corpus, &out, &[]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    out
}

#[test]
fn outlets_differing_only_in_case_stay_apart() {
    let dir = tempfile::tempdir().unwrap();
    let out = two_outlet_run(dir.path(), "Echo", "ECHO");
    let kwic = framescope()
        .args(["kwic", "occupation", "--outlet", "Echo", "--from"])
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8(kwic.stdout).unwrap();
    assert_eq!(text.lines().count(), 5, "{text}");
    assert!(text.lines().all(|l| l.starts_with("Echo ")), "{text}");
    framescope()
        .args(["compare", "Echo", "ECHO", "--from"])
        .arg(&out)
        .assert()
        .success();
}

#[test]
fn compare_writes_keyness_beside_out_with_a_safe_name_and_leaves_a_read_only_run_alone() {
    let dir = tempfile::tempdir().unwrap();
    let long = "Outlet/with:odd*chars ".repeat(500);
    let out = two_outlet_run(dir.path(), &long, "Other");
    let result = dir.path().join("result").join("cmp.txt");
    fs::create_dir(result.parent().unwrap()).unwrap();
    framescope()
        .args(["compare", "Other", "Outlet/with", "--from"])
        .arg(&out)
        .arg("--out")
        .arg(&result)
        .assert()
        .success();
    let written = only_entries(result.parent().unwrap());
    let keyness: Vec<&String> = written
        .iter()
        .filter(|n| n.starts_with("keyness_"))
        .collect();
    assert_eq!(keyness.len(), 1, "{written:?}");
    assert!(keyness[0].len() < 120, "{}", keyness[0]);
    assert!(!only_entries(&out).iter().any(|n| n.starts_with("keyness_")));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&result).unwrap().permissions().mode() & 0o777;
        assert_ne!(
            mode, 0o600,
            "compare --out must get the usual mode, not 0600"
        );
        // A symlink given as --out is written through, not replaced.
        let target = dir.path().join("target.txt");
        fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        framescope()
            .args(["compare", "Other", "Outlet/with", "--from"])
            .arg(&out)
            .arg("--out")
            .arg(&link)
            .assert()
            .success();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(fs::read_to_string(&target).unwrap().contains("A = Other"));
    }
}

/// A corpus big enough that a run takes a moment: `n` articles of several sentences.
fn sizeable_corpus(dir: &Path, n: usize, tag: &str) -> PathBuf {
    let corpus = dir.join(format!("{tag}.csv"));
    let body = "Troops moved near the occupied territories. Officials said talks would resume. \
                The ministry said the liberated villages were calm. "
        .repeat(20);
    let rows: Vec<Vec<String>> = (0..n)
        .map(|i| {
            vec![
                format!("{tag}{i}"),
                format!("Outlet {}", i % 7),
                body.clone(),
            ]
        })
        .collect();
    write_csv(&corpus, &["id", "outlet", "text"], &rows);
    corpus
}

/// The run in `out` reads back whole and agrees with its run.json; returns its documents.
fn consistent_run(out: &Path) -> usize {
    use framescope::run::{DocumentRow, HitRow, OutletSummaryRow, RunDir};
    let run = RunDir::open(out).unwrap();
    let docs = run.read_all::<DocumentRow>().unwrap();
    let hits = run.read_all::<HitRow>().unwrap();
    assert_eq!(docs.len(), run.manifest().counts.documents);
    assert_eq!(hits.len(), run.manifest().counts.hits);
    let summary = run.read_all::<OutletSummaryRow>().unwrap();
    assert_eq!(
        summary.iter().map(|s| s.articles).sum::<usize>(),
        docs.len()
    );
    docs.len()
}

#[test]
fn a_killed_run_leaves_the_folder_wholly_old_and_the_next_run_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let old = sizeable_corpus(dir.path(), 300, "old");
    assert!(analyze(&old, &out, &[]).status.success());
    assert_eq!(consistent_run(&out), 300);
    let new = sizeable_corpus(dir.path(), 3000, "new");
    // Killed (no chance to clean up) at several points of a run.
    for delay in [50u64, 200, 400, 700, 1000] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_framescope"))
            .current_dir(root())
            .args(["analyze", "--quiet", "--no-sentiment"])
            .arg(&new)
            .arg("--out")
            .arg(&out)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let n = consistent_run(&out);
        assert!(
            n == 300 || n == 3000,
            "after a kill at {delay} ms: {n} documents"
        );
    }
    assert!(analyze(&new, &out, &[]).status.success());
    assert_eq!(consistent_run(&out), 3000);
    let left: Vec<String> = only_entries(dir.path())
        .into_iter()
        .filter(|n| n.contains("framescope-stage"))
        .collect();
    assert!(
        left.is_empty(),
        "staging folders of killed runs are removed: {left:?}"
    );
}

#[test]
fn a_second_run_into_a_locked_folder_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let lock = fs::File::create(dir.path().join(".out.framescope.lock")).unwrap();
    lock.lock().unwrap();
    let r = framescope()
        .args([
            "analyze",
            "corpus/karabakh-2020",
            "--quiet",
            "--no-sentiment",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(1), "{err}");
    assert!(
        err.contains("another framescope run is writing this folder"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!out.exists());
    lock.unlock().unwrap();
    // Two runs at once: each either commits a whole run or fails with that message.
    let corpus = sizeable_corpus(dir.path(), 1500, "c");
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_framescope"))
            .current_dir(root())
            .args(["analyze", "--quiet", "--no-sentiment"])
            .arg(&corpus)
            .arg("--out")
            .arg(&out)
            .output()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
    });
    for r in [&a, &b] {
        let err = String::from_utf8_lossy(&r.stderr);
        assert!(
            r.status.success() || err.contains("another framescope run"),
            "{err}"
        );
    }
    assert!(a.status.success() || b.status.success());
    assert_eq!(consistent_run(&out), 1500);
}

#[test]
fn a_run_without_sentiment_drops_the_old_sentiment_tables_and_keeps_user_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    framescope()
        .args([
            "analyze",
            "corpus/karabakh-2020",
            "--quiet",
            "--html",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    assert!(out.join("actor_mentions.csv").is_file() && out.join("report.html").is_file());
    fs::write(out.join("my-notes.txt"), "notes").unwrap();
    framescope()
        .args([
            "analyze",
            "corpus/karabakh-2020",
            "--quiet",
            "--no-sentiment",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let names = only_entries(&out);
    assert!(
        !names.contains(&"actor_mentions.csv".to_string()),
        "{names:?}"
    );
    assert!(
        !names.contains(&"outlet_actor_sentiment.csv".to_string()),
        "{names:?}"
    );
    assert!(
        !names.contains(&"report.html".to_string()),
        "a stale report goes: {names:?}"
    );
    assert_eq!(
        fs::read_to_string(out.join("my-notes.txt")).unwrap(),
        "notes"
    );
}

#[test]
fn a_folder_that_is_not_a_run_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("documents");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("thesis.docx"), "years of work").unwrap();
    let r = framescope()
        .args([
            "analyze",
            "corpus/karabakh-2020",
            "--quiet",
            "--no-sentiment",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("holds no framescope run"));
    assert_eq!(only_entries(&out), vec!["thesis.docx".to_string()]);
}

fn dir_bytes(dir: &Path) -> u64 {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.metadata().unwrap().len().div_ceil(4096) * 4096)
        .sum()
}

#[test]
fn the_html_report_commits_with_the_tables_or_not_at_all() {
    // Needs root to mount a small tmpfs (CI runs as root); elsewhere the test says so and passes.
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("probe");
    framescope()
        .args([
            "analyze",
            "corpus/karabakh-2020",
            "--quiet",
            "--no-sentiment",
            "--html",
            "--out",
        ])
        .arg(&probe)
        .assert()
        .success();
    let report = fs::metadata(probe.join("report.html")).unwrap().len();
    fs::remove_file(probe.join("report.html")).unwrap();
    let tables = dir_bytes(&probe);
    let mnt = dir.path().join("tiny");
    fs::create_dir(&mnt).unwrap();
    // Room for the tables, not for the report as well.
    let size = tables + 16 * 4096 + report / 3;
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(&mnt)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs here (not root)");
        return;
    }
    let out = mnt.join("out");
    let with_html = framescope()
        .args([
            "analyze",
            "corpus/karabakh-2020",
            "--quiet",
            "--no-sentiment",
            "--html",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let existed = out.exists();
    let without = framescope()
        .args([
            "analyze",
            "corpus/karabakh-2020",
            "--quiet",
            "--no-sentiment",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let _ = std::process::Command::new("umount").arg(&mnt).status();
    let err = String::from_utf8_lossy(&with_html.stderr);
    assert_eq!(with_html.status.code(), Some(1), "{err}");
    assert!(
        err.contains("report.html") && err.contains("No space left"),
        "{err}"
    );
    assert!(!existed, "no tables without their report");
    assert!(
        without.status.success(),
        "the tables alone fit: {}",
        String::from_utf8_lossy(&without.stderr)
    );
}

#[test]
fn terminal_escapes_in_names_are_not_printed_raw() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "Evil\u{1b}]0;pwned\u{7}\u{1b}[2J News";
    let corpus = dir.path().join("c.csv");
    let rows: Vec<Vec<String>> = (0..2)
        .map(|i| {
            vec![
                format!("e{i}\u{1b}[31m"),
                evil.to_string(),
                "The occupied city.".into(),
            ]
        })
        .collect();
    write_csv(&corpus, &["id", "outlet", "text"], &rows);
    let out = dir.path().join("run");
    let table = framescope()
        .args(["analyze", "--no-sentiment"])
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        table.status.success(),
        "{}",
        String::from_utf8_lossy(&table.stderr)
    );
    let kwic = framescope()
        .args(["kwic", "occupation", "--from"])
        .arg(&out)
        .output()
        .unwrap();
    for bytes in [&table.stdout, &kwic.stdout] {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
        assert!(text.contains("Evil"), "{text:?}");
    }
}
