//! Memory that must not grow with a table: `kwic` streams `hits.csv`.
//!
//! Peak memory is read with getrusage(RUSAGE_CHILDREN), the largest resident size of any child
//! this test binary has waited for; so this file holds one test, runs its children in order,
//! and makes its runs through the library, in-process, where they do not count.

use framescope::analyze::{analyze, AnalyzeOptions};
use framescope::{Analyzer, Lexicon};
use std::path::{Path, PathBuf};

fn children_peak_kib() -> i64 {
    // SAFETY: getrusage writes into the zeroed struct we pass and reads nothing else.
    unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, &mut u), 0);
        u.ru_maxrss
    }
}

/// A run whose `hits.csv` has about `docs` x 400 rows.
fn run_with_hits(dir: &Path, docs: usize) -> PathBuf {
    let corpus = dir.join(format!("c{docs}.csv"));
    let mut w = csv::Writer::from_path(&corpus).unwrap();
    w.write_record(["id", "outlet", "text"]).unwrap();
    let text = "Troops left the occupied territories today. ".repeat(400);
    for i in 0..docs {
        w.write_record([format!("d{i}"), format!("Outlet {}", i % 4), text.clone()])
            .unwrap();
    }
    w.flush().unwrap();
    let out = dir.join(format!("run{docs}"));
    let analyzer = Analyzer::with_default_rules(Lexicon::builtin()).unwrap();
    let outcome = analyze(
        &analyzer,
        None,
        &AnalyzeOptions::new(&corpus, &out),
        &mut |_| {},
    )
    .unwrap();
    assert!(outcome.hits >= docs * 400);
    out
}

fn kwic_peak(run: &Path) -> i64 {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_framescope"))
        .args(["kwic", "occupation", "--from"])
        .arg(run)
        .stdout(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    children_peak_kib()
}

#[test]
fn kwic_memory_does_not_grow_with_hits_csv() {
    let dir = tempfile::tempdir().unwrap();
    let small = run_with_hits(dir.path(), 20);
    let large = run_with_hits(dir.path(), 200);
    let large_bytes = std::fs::metadata(large.join("hits.csv")).unwrap().len() as i64;
    let peak_small = kwic_peak(&small);
    let peak_large = kwic_peak(&large);
    // Loading the table whole would add at least its own size (here ~25 MB); streaming adds
    // next to nothing.
    assert!(
        peak_large < peak_small + large_bytes / 1024 / 4,
        "kwic peak {peak_small} KiB on a small run, {peak_large} KiB on a run with a \
         {large_bytes}-byte hits.csv"
    );
}
