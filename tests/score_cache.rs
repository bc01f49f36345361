//! The persistent score cache (`analyze --cache DIR`): a rerun scores only inputs the same
//! model has not scored, with tables byte-identical to a run without the cache; another model's
//! or a damaged cache file is never used.

mod common;

use common::{framescope, root};
use framescope::run::RunDir;
use framescope::sentiment::disk_cache::{input_key, scorer_identity, DiskCache};
use framescope::Probabilities;
use sha2::Digest;
use std::fs;
use std::path::{Path, PathBuf};

const TABLES: [&str; 4] = [
    "actor_mentions.csv",
    "outlet_actor_sentiment.csv",
    "hits.csv",
    "documents.csv",
];

/// Runs `analyze` with sentiment; returns (run folder, stderr).
fn run(corpus: &Path, out: &Path, cache: Option<&Path>) -> (PathBuf, String) {
    let mut cmd = framescope();
    cmd.args(["analyze", "-q"])
        .arg(corpus)
        .arg("--out")
        .arg(out);
    if let Some(c) = cache {
        cmd.arg("--cache").arg(c);
    }
    let o = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{err}");
    (out.to_path_buf(), err)
}

fn scored(run: &Path) -> (usize, Option<usize>) {
    let m = RunDir::open(run).unwrap().manifest().clone();
    let s = m.sentiment.unwrap();
    (
        s.distinct_inputs_scored,
        s.cache.map(|c| c.inputs_from_cache),
    )
}

fn assert_same_tables(a: &Path, b: &Path) {
    for t in TABLES {
        assert_eq!(
            fs::read(a.join(t)).unwrap(),
            fs::read(b.join(t)).unwrap(),
            "{t}"
        );
    }
}

fn cache_file(dir: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files.remove(0)
}

#[test]
fn a_rerun_scores_nothing_and_writes_the_same_tables() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = root().join("corpus/karabakh-2020");
    let cache = dir.path().join("cache");
    let (plain, _) = run(&corpus, &dir.path().join("plain"), None);
    let (first, _) = run(&corpus, &dir.path().join("first"), Some(&cache));
    let (second, _) = run(&corpus, &dir.path().join("second"), Some(&cache));
    let (n, _) = scored(&plain);
    assert!(n > 200, "{n}");
    assert_eq!(scored(&first), (n, Some(0)));
    assert_eq!(scored(&second), (0, Some(n)));
    assert_same_tables(&plain, &first);
    assert_same_tables(&plain, &second);
    // Header, then 28 bytes per score.
    assert_eq!(
        fs::metadata(cache_file(&cache)).unwrap().len() as usize,
        72 + 28 * n
    );
}

/// Two of the demo's articles as JSON Lines, then all five: the rerun scores only the inputs
/// of the three new ones.
#[test]
fn more_articles_score_only_the_new_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let folder = root().join("corpus/karabakh-2020");
    let mut files: Vec<PathBuf> = fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let line = |p: &Path| {
        let id = p.file_stem().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(p).unwrap();
        serde_json::json!({"id": id, "outlet": id, "text": text}).to_string() + "\n"
    };
    let few = dir.path().join("few.jsonl");
    let all = dir.path().join("all.jsonl");
    fs::write(&few, files[..2].iter().map(|p| line(p)).collect::<String>()).unwrap();
    fs::write(&all, files.iter().map(|p| line(p)).collect::<String>()).unwrap();
    let cache = dir.path().join("cache");
    let (plain, _) = run(&all, &dir.path().join("plain"), None);
    let (a, _) = run(&few, &dir.path().join("a"), Some(&cache));
    let (b, _) = run(&all, &dir.path().join("b"), Some(&cache));
    let (n_all, _) = scored(&plain);
    let (n_few, _) = scored(&a);
    let (n_new, from_cache) = scored(&b);
    assert!(n_few > 0 && n_new > 0);
    assert_eq!(from_cache, Some(n_few));
    assert_eq!(n_new + n_few, n_all);
    assert_same_tables(&plain, &b);
}

#[test]
fn another_models_or_a_damaged_cache_is_never_used() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = root().join("corpus/karabakh-2020");
    let cache = dir.path().join("cache");
    let (plain, _) = run(&corpus, &dir.path().join("plain"), None);
    let (n, _) = scored(&plain);
    run(&corpus, &dir.path().join("first"), Some(&cache));
    let file = cache_file(&cache);
    let good = fs::read(&file).unwrap();

    // The same file name, but written for another model (its header names another SHA-256).
    let mut other = good.clone();
    other[8..72].copy_from_slice(&[b'0'; 64]);
    fs::write(&file, &other).unwrap();
    let (r, err) = run(&corpus, &dir.path().join("other"), Some(&cache));
    assert!(err.contains("written for another model"), "{err}");
    assert_eq!(scored(&r), (n, Some(0)));
    assert_same_tables(&plain, &r);
    assert_eq!(
        fs::read(&file).unwrap(),
        good,
        "the file is replaced by this model's scores"
    );

    // Cut short mid-record.
    fs::write(&file, &good[..good.len() - 5]).unwrap();
    let (r, err) = run(&corpus, &dir.path().join("cut"), Some(&cache));
    assert!(
        err.contains("cut short") && err.contains("scores-"),
        "{err}"
    );
    assert_eq!(scored(&r), (n, Some(0)));
    assert_same_tables(&plain, &r);

    // A value that is not a probability.
    let mut bad = good.clone();
    let at = 72 + 16;
    bad[at..at + 4].copy_from_slice(&7.5f32.to_le_bytes());
    fs::write(&file, &bad).unwrap();
    let (r, err) = run(&corpus, &dir.path().join("bad"), Some(&cache));
    assert!(err.contains("not a probability"), "{err}");
    assert_eq!(scored(&r), (n, Some(0)));
}

#[test]
fn each_model_tokenizer_and_runtime_has_its_own_cache_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| {
        let p = dir.path().join(name);
        fs::write(&p, text).unwrap();
        p
    };
    let (model, labels) = (file("model.onnx", "m1"), file("labels.json", "{}"));
    let (tok, ort) = (
        file("tokenizer.json", "t1"),
        file("libonnxruntime.so", "r1"),
    );
    let identity = || {
        let sha = format!("{:x}", sha2::Sha256::digest(fs::read(&model).unwrap()));
        scorer_identity(&sha, &[&labels, &tok, &ort]).unwrap()
    };
    let first = identity();
    let cache = dir.path().join("cache");
    let key = input_key("Baku said the army entered the town.", 0, 4);
    let p = Probabilities([0.25, 0.5, 0.25]);
    let (mut c, w) = DiskCache::open(&cache, &first).unwrap();
    assert!(w.is_none() && c.is_empty());
    c.insert(key, p);
    assert_eq!(c.save().unwrap(), 1);
    let (mut again, _) = DiskCache::open(&cache, &first).unwrap();
    assert_eq!(again.get(&key), Some(p));
    let changes = [
        (&model, "m2"),
        (&labels, "{\"max_length\": 12}"),
        (&tok, "t2"),
        (&ort, "r2"),
    ];
    for (f, text) in changes {
        let old = fs::read_to_string(f).unwrap();
        fs::write(f, text).unwrap();
        let other = identity();
        assert_ne!(other, first, "{}", f.display());
        let (c, _) = DiskCache::open(&cache, &other).unwrap();
        assert!(c.is_empty(), "{}", f.display());
        fs::write(f, old).unwrap();
    }
    assert_eq!(identity(), first);
    // Another mention span in the same sentence is another input.
    assert_ne!(key, input_key("Baku said the army entered the town.", 0, 3));
}

/// Two runs sharing a cache folder keep each other's scores: a save merges what is on disk.
#[test]
fn saves_merge_with_scores_another_run_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let id = "c".repeat(64);
    let (mut a, _) = DiskCache::open(dir.path(), &id).unwrap();
    let (mut b, _) = DiskCache::open(dir.path(), &id).unwrap();
    let (ka, kb) = (input_key("a", 0, 1), input_key("b", 0, 1));
    a.insert(ka, Probabilities([1.0, 0.0, 0.0]));
    b.insert(kb, Probabilities([0.0, 0.0, 1.0]));
    assert_eq!(a.save().unwrap(), 1);
    assert_eq!(b.save().unwrap(), 2);
    let (mut c, _) = DiskCache::open(dir.path(), &id).unwrap();
    assert!(c.get(&ka).is_some() && c.get(&kb).is_some());
}

#[test]
fn a_cache_path_that_is_a_file_is_one_error_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cache");
    fs::write(&file, "not a folder").unwrap();
    let o = framescope()
        .args(["analyze", "corpus/karabakh-2020", "-q", "--out"])
        .arg(dir.path().join("run"))
        .arg("--cache")
        .arg(&file)
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--cache") && err.contains("not a folder"),
        "{err}"
    );
    assert!(!dir.path().join("run").exists());
}
