//! A researcher's own study (issue 13): their lexicon, their corpus, from their folder.

mod common;

use assert_cmd::Command;
use common::{read_csv, root};
use framescope::{Analyzer, Document, Lexicon};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn framescope() -> Command {
    let mut c = Command::cargo_bin("framescope").unwrap();
    // No shared "last run" state between tests (see `framescope::run::last`).
    c.env("FRAMESCOPE_HOME", "/nonexistent/framescope-test-home");
    c.current_dir(root());
    c
}

/// A small lexicon of another conflict, written for these tests.
const UA_RU: &str = r#"
[lexicon]
id = "ua-ru-test"
version = "0.1.0"

[[sides]]
id = "ua"
label = "Ukrainian framing"

[[sides]]
id = "ru"
label = "Russian framing"

[[frames]]
id = "special_operation"
label = "Special operation"
side = "ru"
terms = [{ term = "special military operation" }]

[[frames]]
id = "nato_acronym"
label = "NATO named"
terms = [{ term = "NATO", case_sensitive = true }]

[[actors]]
id = "ukraine"
name = "Ukraine"
side = "ua"
aliases = ["Ukraine", "Kyiv"]
exclude = ["Kyiv Independent"]

[[actors]]
id = "usa"
name = "United States"
aliases = ["United States", { alias = "US", case_sensitive = true }]
"#;

fn analyzer() -> Analyzer {
    let lex = Lexicon::parse(UA_RU, "ua-ru.toml").unwrap();
    Analyzer::with_default_rules(lex)
        .unwrap()
        .with_actor_mentions()
}

fn mentions(text: &str) -> Vec<String> {
    analyzer()
        .analyze_one(Document::new("1", "Test", text))
        .mentions
        .iter()
        .map(|m| m.actor.to_string())
        .collect()
}

#[test]
fn a_case_sensitive_alias_or_term_matches_only_as_written() {
    assert!(mentions("Title\n\nFor tips, contact us via email.").is_empty());
    assert_eq!(mentions("Title\n\nUS officials arrived."), ["usa"]);
    assert_eq!(
        mentions("Title\n\nThe United States and the us of it."),
        ["usa"]
    );
    let hits = |text: &str| -> usize {
        analyzer()
            .analyze_one(Document::new("1", "T", text))
            .hits
            .len()
    };
    assert_eq!(hits("Title\n\nNATO met in Brussels."), 1);
    assert_eq!(hits("Title\n\nThe nato of it."), 0);
    // Case-insensitive terms still ignore case.
    assert_eq!(hits("Title\n\nThe Special Military Operation went on."), 1);
}

#[test]
fn actor_exclude_phrases_are_not_mentions() {
    assert_eq!(
        mentions("Title\n\nThe Kyiv Independent reported that Kyiv had asked for help."),
        ["ukraine"]
    );
}

#[test]
fn every_run_names_its_lexicon_and_warns_when_it_matched_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("id,outlet,text\n");
    for i in 0..21 {
        let _ = writeln!(
            csv,
            "{i:03},Outlet {},The council discussed the harvest and the budget.",
            i % 3
        );
    }
    fs::write(dir.path().join("c.csv"), csv).unwrap();
    let out = framescope()
        .arg("analyze")
        .arg(dir.path().join("c.csv"))
        .args(["--no-sentiment", "-q", "--out"])
        .arg(dir.path().join("run"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("lexicon: karabakh-2020 1.0.0") && err.contains("--lexicon FILE"),
        "{err}"
    );
    assert!(err.contains("matched nothing in 21 articles"), "{err}");
    // Ids like 001 are strings: run.json says so for readers that guess types.
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("run/run.json")).unwrap())
            .unwrap();
    assert_eq!(run["dtypes"]["doc_id"], "string");
    assert_eq!(run["dtypes"]["outlet"], "string");
    let (_, rows) = read_csv(&dir.path().join("run/documents.csv"));
    assert_eq!(rows[0][0], "000");
}

#[test]
fn outlet_col_applies_to_a_folder_manifest_and_errors_where_it_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    fs::create_dir_all(c.join("Daily")).unwrap();
    fs::write(c.join("Daily/a.txt"), "T\n\nOccupied lands.\n").unwrap();
    fs::write(c.join("Daily/b.txt"), "T\n\nArtsakh.\n").unwrap();
    fs::write(
        c.join("manifest.csv"),
        "file,outlet,group\nDaily/a.txt,Daily,state\nDaily/b.txt,Weekly,indie\n",
    )
    .unwrap();
    let out = dir.path().join("run");
    framescope()
        .arg("analyze")
        .arg(&c)
        .args(["--outlet-col", "group", "--no-sentiment", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    let (header, rows) = read_csv(&out.join("documents.csv"));
    let outlet = header.iter().position(|h| h == "outlet").unwrap();
    let mut outlets: Vec<&str> = rows.iter().map(|r| r[outlet].as_str()).collect();
    outlets.sort();
    assert_eq!(outlets, ["indie", "state"]);
    assert_eq!(
        header.iter().filter(|h| *h == "outlet").count(),
        1,
        "{header:?}"
    );
    for args in [
        &["--outlet-from", "dir", "--outlet-col", "group"][..],
        &["--text-col", "body"][..],
    ] {
        let r = framescope()
            .arg("analyze")
            .arg(&c)
            .args(args)
            .args(["--no-sentiment", "-q", "--out"])
            .arg(dir.path().join("bad"))
            .output()
            .unwrap();
        let err = String::from_utf8(r.stderr).unwrap();
        assert_eq!(r.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains(args[args.len() - 2]) && err.lines().count() <= 2,
            "{err}"
        );
    }
    // A CSV corpus with --outlet-col: one `outlet` column, the original kept under another name.
    let csv = dir.path().join("c.csv");
    fs::write(
        &csv,
        "id,outlet,group,text\n1,Daily,state,Occupied lands.\n2,Weekly,indie,Artsakh.\n",
    )
    .unwrap();
    framescope()
        .arg("analyze")
        .arg(&csv)
        .args(["--outlet-col", "group", "--no-sentiment", "-q", "--out"])
        .arg(dir.path().join("csv-run"))
        .assert()
        .success();
    let (header, _) = read_csv(&dir.path().join("csv-run/documents.csv"));
    assert_eq!(
        header.iter().filter(|h| *h == "outlet").count(),
        1,
        "{header:?}"
    );
}

#[test]
fn the_terminal_table_fits_the_width_and_points_to_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("id,outlet,text\n");
    for i in 0..28 {
        let _ = writeln!(
            csv,
            "{i},Regional Outlet Number {},Troops stayed in the occupied region.",
            i % 14
        );
    }
    fs::write(dir.path().join("c.csv"), csv).unwrap();
    let out = framescope()
        .arg("analyze")
        .arg(dir.path().join("c.csv"))
        .args(["--no-sentiment", "--out"])
        .arg(dir.path().join("run"))
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    let widest = table.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest <= 100, "{widest} columns:\n{table}");
    assert!(
        table.contains("page 1 of") && table.contains("outlet_frames.csv"),
        "{table}"
    );
    let _ = Path::new("");
}

#[test]
fn commands_read_the_run_the_last_analyze_in_this_folder_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let csv = dir.path().join("c.csv");
    fs::write(
        &csv,
        "id,outlet,text\n1,Daily,Troops stayed in the occupied region.\n",
    )
    .unwrap();
    let elsewhere = dir.path().join("elsewhere");
    // From the repository root, whose reports/ holds the demo run.
    let run = |args: &[&str]| {
        let mut c = Command::cargo_bin("framescope").unwrap();
        c.current_dir(root())
            .env("FRAMESCOPE_HOME", &home)
            .args(args);
        c.output().unwrap()
    };
    let a = run(&[
        "analyze",
        csv.to_str().unwrap(),
        "--no-sentiment",
        "-q",
        "--out",
        elsewhere.to_str().unwrap(),
    ]);
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    let k = run(&["kwic", "occupation"]);
    let (out, err) = (
        String::from_utf8(k.stdout).unwrap(),
        String::from_utf8(k.stderr).unwrap(),
    );
    assert!(
        out.contains("Daily") && !out.contains("Echo Turkey"),
        "{out}"
    );
    assert!(
        err.contains(&format!("reading run {}", elsewhere.display()))
            && err.contains("last analyze"),
        "{err}"
    );
    // --from still wins, and says nothing.
    let k = run(&["kwic", "occupation", "--from", "reports/karabakh-2020"]);
    assert!(String::from_utf8(k.stdout).unwrap().contains("Echo Turkey"));
    assert!(!String::from_utf8(k.stderr).unwrap().contains("reading run"));
}

/// The demo's first article as a one-article folder corpus, outside the repository.
fn one_article(dir: &Path) -> std::path::PathBuf {
    let c = dir.join("corpus");
    fs::create_dir_all(&c).unwrap();
    fs::write(
        c.join("a.txt"),
        "Talks\n\nArmenia accused Azerbaijan of shelling the town. Azerbaijan denied it.\n",
    )
    .unwrap();
    fs::write(c.join("manifest.csv"), "file,outlet\na.txt,Daily\n").unwrap();
    c
}

#[test]
fn an_installed_binary_finds_its_model_from_any_folder_or_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = one_article(dir.path());
    let elsewhere = dir.path().join("cwd");
    fs::create_dir_all(&elsewhere).unwrap();
    // An "installed" copy of the binary, away from the checkout.
    let bin = dir.path().join("bin/framescope");
    fs::create_dir_all(bin.parent().unwrap()).unwrap();
    fs::copy(assert_cmd::cargo::cargo_bin("framescope"), &bin).unwrap();
    let run = |home: &Path| {
        std::process::Command::new(&bin)
            .current_dir(&elsewhere)
            .env_remove("ORT_DYLIB_PATH")
            .env_remove("XDG_DATA_HOME")
            .env("HOME", dir.path().join("no-home"))
            .env("FRAMESCOPE_HOME", home)
            .arg("analyze")
            .arg(&corpus)
            .args(["-q", "--out"])
            .arg(dir.path().join("run"))
            .output()
            .unwrap()
    };
    let r = run(&dir.path().join("empty-home"));
    let err = String::from_utf8(r.stderr).unwrap();
    assert_eq!(r.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    for place in [
        "./models/target-sentiment",
        "empty-home/models/target-sentiment",
        "no-home/.local/share/framescope",
        "scripts/setup.sh",
        "FRAMESCOPE_HOME",
    ] {
        assert!(err.contains(place), "{place} not in: {err}");
    }
    // A data folder holding models/ (as scripts/setup.sh fills one) makes it work anywhere.
    let home = dir.path().join("home");
    fs::create_dir_all(home.join("models")).unwrap();
    for sub in ["target-sentiment", "runtime"] {
        std::os::unix::fs::symlink(
            root().join("models").join(sub),
            home.join("models").join(sub),
        )
        .unwrap();
    }
    let r = run(&home);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let run_json = fs::read_to_string(dir.path().join("run/run.json")).unwrap();
    assert!(run_json.contains("\"sentiment\": {"), "{run_json}");
    let (_, mentions) = read_csv(&dir.path().join("run/actor_mentions.csv"));
    assert!(mentions.len() >= 3, "{mentions:?}");
}

#[test]
fn a_model_given_by_name_is_found_under_models_or_the_error_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = one_article(dir.path());
    let home = dir.path().join("home");
    fs::create_dir_all(home.join("models")).unwrap();
    for (link, sub) in [("my-model", "target-sentiment"), ("runtime", "runtime")] {
        std::os::unix::fs::symlink(
            root().join("models").join(sub),
            home.join("models").join(link),
        )
        .unwrap();
    }
    let run = |model: &str, out: &str| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("framescope"))
            .current_dir(dir.path())
            .env_remove("ORT_DYLIB_PATH")
            .env("FRAMESCOPE_HOME", &home)
            .arg("analyze")
            .arg(&corpus)
            .args(["-q", "--model", model, "--out", out])
            .output()
            .unwrap()
    };
    let r = run("my-model", "run");
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let run_json = fs::read_to_string(dir.path().join("run/run.json")).unwrap();
    assert!(
        run_json.contains("home/models/my-model/model.onnx"),
        "{run_json}"
    );
    // A name found nowhere: one line naming the places, and no run folder.
    let r = run("no-such-model", "run2");
    let err = String::from_utf8(r.stderr).unwrap();
    assert_eq!(r.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("no-such-model") && err.contains("home/models/no-such-model"),
        "{err}"
    );
    assert!(!dir.path().join("run2").exists());
}

#[test]
fn the_checkout_binary_runs_with_sentiment_from_another_folder() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = one_article(dir.path());
    let r = std::process::Command::new(assert_cmd::cargo::cargo_bin("framescope"))
        .current_dir(dir.path())
        .env_remove("ORT_DYLIB_PATH")
        .env("FRAMESCOPE_HOME", "/nonexistent/framescope-test-home")
        .arg("analyze")
        .arg(&corpus)
        .args(["-q", "--out", "run"])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(dir.path().join("run/actor_mentions.csv").is_file());
}

#[test]
fn titles_follow_one_rule_for_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let headline = "Troops entered the occupied region";
    let body = "Officials said the talks would continue.";
    fs::create_dir_all(d.join("folder")).unwrap();
    fs::write(d.join("folder/a.txt"), format!("{headline}\n\n{body}\n")).unwrap();
    fs::write(d.join("folder/manifest.csv"), "file,outlet\na.txt,Daily\n").unwrap();
    fs::write(
        d.join("rows.csv"),
        format!("id,outlet,text\na,Daily,\"{headline}\n\n{body}\"\n"),
    )
    .unwrap();
    fs::write(
        d.join("rows.jsonl"),
        format!("{}\n", serde_json::json!({"id": "a", "outlet": "Daily", "text": format!("{headline}\n\n{body}")})),
    )
    .unwrap();
    fs::write(
        d.join("titled.csv"),
        format!("id,outlet,title,text\na,Daily,{headline},{body}\n"),
    )
    .unwrap();
    let zone_of_hit = |input: &str, extra: &[&str]| -> Result<String, String> {
        let out = d.join(format!(
            "run-{}-{}",
            input.replace('/', "_"),
            extra.join("_")
        ));
        let r = framescope()
            .arg("analyze")
            .arg(d.join(input))
            .args(["--no-sentiment", "-q", "--out"])
            .arg(&out)
            .args(extra)
            .output()
            .unwrap();
        if !r.status.success() {
            return Err(String::from_utf8(r.stderr).unwrap());
        }
        let (h, rows) = read_csv(&out.join("hits.csv"));
        let z = h.iter().position(|c| c == "zone").unwrap();
        Ok(rows[0][z].clone())
    };
    // Default `auto`: a title column if there is one, else the first line, whatever the format.
    for input in ["folder", "rows.csv", "rows.jsonl", "titled.csv"] {
        assert_eq!(zone_of_hit(input, &[]).unwrap(), "title", "{input}");
    }
    for input in ["folder", "rows.csv", "rows.jsonl"] {
        assert_eq!(
            zone_of_hit(input, &["--title", "none"]).unwrap(),
            "body",
            "{input}"
        );
    }
    let err = zone_of_hit("rows.csv", &["--title", "column"]).unwrap_err();
    assert!(
        err.contains("--title column needs a `title` column"),
        "{err}"
    );
    let run: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(d.join("run-rows.csv-").join("run.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(run["options"]["title"], "auto");
}
