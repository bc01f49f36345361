//! The sentiment stage with the real committed model (`models/target-sentiment/`) and the ONNX
//! Runtime library installed by `scripts/setup.sh`.

mod common;

use assert_cmd::Command;
use common::{read_rows, root};
use framescope::sentiment::{SentimentModel, SentimentOptions, Target};
use std::fs;

fn model() -> SentimentModel {
    load(&root().join("models/target-sentiment"), 2)
        .expect("model and runtime installed by scripts/setup.sh")
}

/// The model folder `dir` on the CPU, in batches of 4.
fn load(dir: &std::path::Path, threads: usize) -> anyhow::Result<SentimentModel> {
    SentimentModel::load(&SentimentOptions {
        model_dir: dir.to_path_buf(),
        runtime: None,
        threads,
        batch_size: 4,
        device: Default::default(),
    })
}

fn target<'a>(sentence: &'a str, mention: &str) -> Target<'a> {
    let start = sentence.find(mention).expect("mention in sentence");
    Target {
        sentence,
        start,
        end: start + mention.len(),
    }
}

fn framescope() -> Command {
    let mut c = Command::cargo_bin("framescope").unwrap();
    // No shared "last run" state between tests (see `framescope::run::last`).
    c.env("FRAMESCOPE_HOME", "/nonexistent/framescope-test-home");
    c.current_dir(root());
    c
}

/// Checks a model folder's `golden.jsonl` (token ids and probabilities computed in Python with
/// tokenizers and onnxruntime) against this crate's scores; returns the golden lines.
fn check_golden(dir: &std::path::Path, m: &SentimentModel) -> Vec<serde_json::Value> {
    let golden = fs::read_to_string(dir.join("golden.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = golden
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for g in &lines {
        let t = target(
            g["sentence"].as_str().unwrap(),
            g["mention"].as_str().unwrap(),
        );
        let ids: Vec<u64> = g["input_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        let mine: Vec<u64> = m
            .input_ids(&t)
            .unwrap()
            .into_iter()
            .map(u64::from)
            .collect();
        assert_eq!(mine, ids, "token ids differ for {g}");
        let p = m.score(&[t]).unwrap()[0];
        for (a, b) in p.0.iter().zip(g["probs"].as_array().unwrap()) {
            assert!(
                (*a as f64 - b.as_f64().unwrap()).abs() < 1e-3,
                "{p:?} vs {g}"
            );
        }
    }
    lines
}

#[test]
fn rust_inference_matches_python_onnxruntime() {
    let golden = check_golden(&root().join("models/target-sentiment"), &model());
    assert!(golden.len() >= 8);
}

#[test]
fn the_fast_cascade_scores_as_python_does_and_escalates_the_same_targets() {
    let dir = root().join("models/target-sentiment-fast");
    let m = load(&dir, 2).unwrap();
    let golden = check_golden(&dir, &m);
    let escalated = golden.iter().filter(|g| g["escalated"] == true).count();
    // The golden targets exercise both paths of the cascade.
    assert!(escalated > 0 && escalated < golden.len(), "{escalated}");
    // One target scored at a time: each escalated one went to the exact model once.
    let esc = m.escalation().expect("a cascade");
    assert_eq!(esc.escalated, escalated);
    assert!(esc.model_path.ends_with("target-sentiment/model.onnx"));
    // Scored together, in reverse and in batches of 4, every target keeps its own score,
    // escalated or not.
    let targets: Vec<Target> = golden
        .iter()
        .rev()
        .map(|g| {
            target(
                g["sentence"].as_str().unwrap(),
                g["mention"].as_str().unwrap(),
            )
        })
        .collect();
    let together = m.score(&targets).unwrap();
    for (t, p) in targets.iter().zip(&together) {
        let alone = m.score(std::slice::from_ref(t)).unwrap()[0];
        assert!(
            alone.0.iter().zip(&p.0).all(|(a, b)| (a - b).abs() < 1e-6),
            "{alone:?} vs {p:?}: a score must not depend on its batch"
        );
    }
}

#[test]
fn clear_polarity_toward_the_marked_target() {
    let m = model();
    let cases = [
        (
            "The heroic soldiers of Azerbaijan were praised for saving hundreds of civilians.",
            "Azerbaijan",
            2,
        ),
        (
            "Putin praised Erdogan for his wise and courageous leadership.",
            "Erdogan",
            2,
        ),
        (
            "Critics accused Aliyev of lying to the public and ruining the economy.",
            "Aliyev",
            0,
        ),
        ("Turkey is a member of NATO.", "Turkey", 1),
        (
            "Armenia's foreign minister will visit Moscow on Tuesday.",
            "Armenia",
            1,
        ),
    ];
    let targets: Vec<Target> = cases.iter().map(|(s, m, _)| target(s, m)).collect();
    let probs = m.score(&targets).unwrap();
    for ((s, mention, want), p) in cases.iter().zip(&probs) {
        assert_eq!(p.label().index(), *want, "{mention} in {s:?}: {p:?}");
        assert!((p.0.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }
}

/// Two actors in one sentence, labelled by `actor-sentiment-guidelines.md`: the attacker is
/// negative and the attacked neutral (rule 8), the accused negative and the accuser neutral
/// (rule 5). Winner and loser, and a supporter that should stay neutral (rule 6), are known
/// errors, tested below. Written for this test, in none of the training or dev files.
#[test]
fn two_actor_sentences_get_each_actor_its_own_polarity() {
    let m = model();
    let (neg, neu) = (0, 1);
    let cases = [
        (
            "Kelvar's drones struck a crowded market in Dunmore, killing eleven civilians.",
            [("Kelvar", neg), ("Dunmore", neu)],
        ),
        (
            "Ostrava accused Marlin of torturing prisoners of war in secret camps.",
            [("Marlin", neg), ("Ostrava", neu)],
        ),
    ];
    let targets: Vec<Target> = cases
        .iter()
        .flat_map(|(s, pair)| pair.iter().map(move |(m, _)| target(s, m)))
        .collect();
    let probs = m.score(&targets).unwrap();
    let mut p = probs.iter();
    for (s, pair) in &cases {
        let (a, b) = (p.next().unwrap(), p.next().unwrap());
        assert_eq!(
            a.label().index(),
            pair[0].1,
            "{} in {s:?}: {a:?}",
            pair[0].0
        );
        assert_eq!(
            b.label().index(),
            pair[1].1,
            "{} in {s:?}: {b:?}",
            pair[1].0
        );
        // The two actors of one sentence are told apart in score, too.
        assert!((a.score() - b.score()).abs() > 0.3, "{s:?}: {a:?} {b:?}");
    }
}

/// A known error of the shipped model (see its card): the routed army reads as positive, in
/// the active and the passive. Kept so that a model that fixes it shows up
/// (`cargo test --release -- --ignored`).
#[test]
#[ignore = "known limitations of the shipped model (MODEL_CARD.md)"]
fn loser_is_negative_and_supporter_neutral() {
    let p = model()
        .score(&[
            target(
                "Tessan forces routed the Valdese army and freed the villages.",
                "Valdese",
            ),
            target("The Valdese army was routed by Tessan forces.", "Valdese"),
            target(
                "Brenmark pledged weapons and full support to Lisova.",
                "Brenmark",
            ),
        ])
        .unwrap();
    let got: Vec<usize> = p.iter().map(|p| p.label().index()).collect();
    assert_eq!(got, [0, 0, 1], "{p:?}");
}

#[test]
fn scores_do_not_depend_on_batch_mates_and_duplicates_are_scored_once() {
    let m = model();
    let a = target(
        "Critics accused Aliyev of lying to the public and ruining the economy.",
        "Aliyev",
    );
    let long = "Azerbaijani troops liberated the town from Armenian occupation after weeks of heavy fighting in the mountains near the border with Iran, the ministry said on Sunday.";
    let b = target(long, "Azerbaijani troops");
    let c = target(long, "Armenian");
    let alone = m.score(std::slice::from_ref(&a)).unwrap()[0];
    let mixed = m.score(&[b.clone(), a.clone(), c, a.clone(), b]).unwrap();
    // Float32 sums may differ in the last bit with the batch's shape; nothing more (int8
    // activation quantization, by contrast, moved scores by ~0.03 and is not used).
    let near = |x: [f32; 3], y: [f32; 3]| x.iter().zip(&y).all(|(p, q)| (p - q).abs() < 1e-6);
    assert!(
        near(mixed[1].0, alone.0),
        "{:?} vs {alone:?}: a score must not depend on its batch",
        mixed[1]
    );
    assert_eq!(mixed[1], mixed[3], "duplicates share one score");
    assert_eq!(mixed[0], mixed[4]);
}

#[test]
fn eval_sentiment_matches_hand_computed_metrics() {
    // Five clear targets and one deliberately mislabelled (a negative sentence labelled
    // positive): confusion neg 1/0/0, neu 0/2/0, pos 1/0/2, so F1 neg 2/3, neu 1, pos 0.8.
    let out = framescope()
        .args(["eval-sentiment", "tests/fixtures/newsmtsc-mini.jsonl"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.starts_with("F1m 0.8222\naccuracy 0.8333\nF1pn 0.7333\nn 6\n"),
        "{out}"
    );
    let json = framescope()
        .args([
            "eval-sentiment",
            "tests/fixtures/newsmtsc-mini.jsonl",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(
        v["confusion"],
        serde_json::json!([[1, 0, 0], [0, 2, 0], [1, 0, 2]])
    );
}

#[test]
fn demo_run_writes_actor_sentiment_tables_that_agree() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    framescope()
        .args(["analyze", "corpus/karabakh-2020", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    let mentions = read_rows(&out.join("actor_mentions.csv"));
    let table = read_rows(&out.join("outlet_actor_sentiment.csv"));
    assert!(mentions.len() > 100);
    for r in &table {
        let mine: Vec<_> = mentions
            .iter()
            .filter(|m| m["outlet"] == r["outlet"] && m["actor"] == r["actor"])
            .filter(|m| m["zone"] == "title" || m["zone"] == "body")
            .filter(|m| r["voice"] == "all" || m["voice"] == r["voice"])
            .collect();
        assert_eq!(r["mentions"], mine.len().to_string(), "{r:?}");
        if !mine.is_empty() {
            let mean: f64 = mine
                .iter()
                .map(|m| m["p_pos"].parse::<f64>().unwrap() - m["p_neg"].parse::<f64>().unwrap())
                .sum::<f64>()
                / mine.len() as f64;
            let got: f64 = r["mean_score"].parse().unwrap();
            assert!((got - mean).abs() < 1e-3, "{r:?} vs {mean}");
        }
    }
    // Mentions are traceable: the mention text sits at its offsets in the context.
    for m in &mentions {
        let ctx: Vec<char> = m["context"].chars().collect();
        let off: usize = m["context_offset"].parse().unwrap();
        let got: String = ctx[off..off + m["mention"].chars().count()]
            .iter()
            .collect();
        assert_eq!(got, m["mention"]);
    }
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(
        run["sentiment"]["mentions"].as_u64().unwrap() as usize,
        mentions.len()
    );
}

#[test]
fn missing_model_or_runtime_is_one_actionable_line_and_no_sentiment_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let err = framescope()
        .args([
            "analyze",
            "corpus/karabakh-2020",
            "--model",
            "/nonexistent/model",
            "--out",
        ])
        .arg(&out)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("sentiment model not found") && err.contains("--no-sentiment"),
        "{err}"
    );
    let err = framescope()
        .env("ORT_DYLIB_PATH", "/nonexistent/libonnxruntime.so")
        .args(["analyze", "corpus/karabakh-2020", "--out"])
        .arg(&out)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("ONNX Runtime") && err.contains("scripts/setup.sh"),
        "{err}"
    );
    framescope()
        .env("ORT_DYLIB_PATH", "/nonexistent/libonnxruntime.so")
        .args([
            "analyze",
            "corpus/karabakh-2020",
            "--no-sentiment",
            "-q",
            "--model",
            "/nonexistent",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    assert!(!out.join("actor_mentions.csv").exists());
}

#[test]
fn a_corrupt_model_is_one_error_line() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("model");
    fs::create_dir(&m).unwrap();
    for f in ["tokenizer.json", "labels.json"] {
        fs::copy(root().join("models/target-sentiment").join(f), m.join(f)).unwrap();
    }
    fs::write(m.join("model.onnx"), b"this is not an onnx file").unwrap();
    let err = framescope()
        .args(["analyze", "corpus/karabakh-2020", "--model"])
        .arg(&m)
        .arg("--out")
        .arg(dir.path().join("out"))
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("model.onnx: cannot load model"), "{err}");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_sentence_repeated_across_chunks_is_scored_once_and_scores_agree() {
    // 600 articles (more than two 256-article chunks), each with the same wire sentence and one
    // sentence of its own: the model runs on 2 + 600 inputs, not 2 x 600.
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("wire.csv");
    let mut w = csv::Writer::from_path(&corpus).unwrap();
    w.write_record(["id", "outlet", "title", "text"]).unwrap();
    for i in 0..600 {
        let own = format!("Azerbaijan reported {i} new arrivals at the border.");
        w.write_record([
            format!("a{i}").as_str(),
            if i % 2 == 0 { "Wire A" } else { "Wire B" },
            "Update",
            &format!("Armenia accused Azerbaijan of shelling civilians in Stepanakert. {own}"),
        ])
        .unwrap();
    }
    w.flush().unwrap();
    let out = dir.path().join("out");
    framescope()
        .args(["analyze", "-q", "--out"])
        .arg(&out)
        .arg(&corpus)
        .assert()
        .success();
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["sentiment"]["mentions"], 1800);
    assert_eq!(run["sentiment"]["distinct_inputs_scored"], 602);
    let rows = read_rows(&out.join("actor_mentions.csv"));
    let wire: Vec<_> = rows
        .iter()
        .filter(|r| r["context"].starts_with("Armenia accused") && r["actor"] == "armenia")
        .collect();
    assert_eq!(wire.len(), 600);
    assert!(wire.iter().all(|r| r["p_neg"] == wire[0]["p_neg"]));
}

/// A cascade folder whose fast and exact models are both the shipped model (linked, not
/// copied): the escalation rule and its count can be checked against the single model's scores.
fn cascade_folder(below: f32) -> tempfile::TempDir {
    let shipped = root().join("models/target-sentiment");
    let dir = tempfile::tempdir().unwrap();
    for f in ["model.onnx", "tokenizer.json"] {
        std::os::unix::fs::symlink(shipped.join(f), dir.path().join(f)).unwrap();
    }
    std::os::unix::fs::symlink(shipped.join("model.onnx"), dir.path().join("exact.onnx")).unwrap();
    let mut labels: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(shipped.join("labels.json")).unwrap()).unwrap();
    labels["cascade"] = serde_json::json!({"escalate_to": "exact.onnx", "escalate_below": below});
    fs::write(dir.path().join("labels.json"), labels.to_string()).unwrap();
    dir
}

#[test]
fn a_cascade_rescores_exactly_the_targets_its_fast_model_is_unsure_of() {
    let sentences = [
        (
            "Azerbaijani forces shelled Stepanakert overnight.",
            "Stepanakert",
        ),
        (
            "Armenia welcomed the ceasefire brokered by Russia.",
            "Russia",
        ),
        ("Turkey denied sending fighters to the region.", "Turkey"),
        (
            "The ministry said Azerbaijan had lost two drones.",
            "Azerbaijan",
        ),
    ];
    let targets: Vec<Target> = sentences.iter().map(|(s, m)| target(s, m)).collect();
    let single = model().score(&targets).unwrap();
    let below = 0.9;
    let unsure = single.iter().filter(|p| p.top() < below).count();
    assert!(unsure > 0 && unsure < targets.len(), "{single:?}");
    let dir = cascade_folder(below);
    let cascade = load(dir.path(), 2).unwrap();
    let got = cascade.score(&targets).unwrap();
    for (a, b) in single.iter().zip(&got) {
        assert!(
            a.0.iter().zip(&b.0).all(|(p, q)| (p - q).abs() < 1e-6),
            "{a:?} {b:?}"
        );
    }
    let esc = cascade.escalation().expect("a cascade");
    assert_eq!(esc.escalated, unsure);
    assert!(esc.model_path.ends_with("exact.onnx"));
    assert!(model().escalation().is_none());
}

#[test]
fn a_cascade_with_a_threshold_outside_0_1_is_refused_naming_labels_json() {
    let dir = cascade_folder(1.5);
    let err = load(dir.path(), 1).err().expect("refused").to_string();
    assert!(
        err.contains("labels.json") && err.contains("escalate_below"),
        "{err}"
    );
}

#[test]
fn run_json_records_how_many_inputs_a_cascade_escalated() {
    let below = 0.9;
    let models = cascade_folder(below);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    framescope()
        .args(["analyze", "corpus/karabakh-2020", "-q", "--model"])
        .arg(models.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    let s = &run["sentiment"];
    let c = &s["cascade"];
    assert!(
        c["exact_model"].as_str().unwrap().ends_with("exact.onnx"),
        "{c}"
    );
    // Both models are the same file, so their hashes agree.
    assert_eq!(c["exact_model_sha256"], s["model_sha256"]);
    assert_eq!(c["escalate_below"].as_f64().unwrap() as f32, below);
    // Each distinct input the model was unsure of, and only those, was rescored.
    let unsure: std::collections::BTreeSet<_> = read_rows(&out.join("actor_mentions.csv"))
        .into_iter()
        .filter(|m| {
            ["p_neg", "p_neu", "p_pos"]
                .iter()
                .map(|k| m[*k].parse::<f32>().unwrap())
                .fold(0.0, f32::max)
                < below
        })
        .map(|m| {
            (
                m["context"].clone(),
                m["context_offset"].clone(),
                m["mention"].clone(),
            )
        })
        .collect();
    let escalated = c["inputs_escalated"].as_u64().unwrap() as usize;
    assert!(escalated > 0 && escalated < s["distinct_inputs_scored"].as_u64().unwrap() as usize);
    assert_eq!(escalated, unsure.len());
}

#[test]
fn a_gpu_that_is_not_there_is_one_error_line_and_no_run_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // The library scripts/setup.sh installs is ONNX Runtime's CPU build.
    let a = framescope()
        .args(["analyze", "corpus/karabakh-2020", "-q", "--device", "cuda"])
        .arg("--out")
        .arg(&out)
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("--device cuda:0") && err.contains("onnxruntime-gpu"),
        "{err}"
    );
    assert!(!out.exists());
    let a = framescope()
        .args(["analyze", "corpus/karabakh-2020", "--device", "gpu"])
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(err.contains("expected cpu, cuda or cuda:N"), "{err}");
}
