//! Groups of outlets and periods of time: `compare --by group` with the two-stage bootstrap and
//! the outlet permutation, `compare --all --by`, and `trend --by month` against a hand count.

mod common;

use assert_cmd::Command;
use common::{read_rows, root};
use serde_json::Value;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn framescope() -> Command {
    let mut c = Command::cargo_bin("framescope").unwrap();
    // No shared "last run" state between tests (see `framescope::run::last`).
    c.env("FRAMESCOPE_HOME", "/nonexistent/framescope-test-home");
    c.current_dir(root());
    c
}

const FILLER: [&str; 5] = [
    "Officials met in the capital on Monday to discuss the situation.",
    "The ministry said talks would continue next week.",
    "Residents described long queues at the border crossing.",
    "The government announced new measures for the economy.",
    "Analysts expect the negotiations to take several months.",
];

/// One outlet of a test corpus: its group and, per article, whether it says "occupied
/// region" (a hit of the `occupation` frame).
struct Outlet {
    name: String,
    group: &'static str,
    uses: Vec<bool>,
}

fn outlet(name: &str, group: &'static str, uses: impl IntoIterator<Item = bool>) -> Outlet {
    Outlet {
        name: name.to_string(),
        group,
        uses: uses.into_iter().collect(),
    }
}

/// Every other article of `n` (first one included).
fn half(n: usize) -> Vec<bool> {
    (0..n).map(|i| i % 2 == 0).collect()
}

/// Writes the outlets as a CSV corpus (`id,outlet,group,title,text`) and analyses it.
fn run(dir: &Path, outlets: &[Outlet]) -> PathBuf {
    let mut csv = String::from("id,outlet,group,title,text\n");
    for o in outlets {
        for (i, &uses) in o.uses.iter().enumerate() {
            let mut text = String::new();
            for k in 0..3 {
                text.push_str(FILLER[(i + k) % FILLER.len()]);
                text.push(' ');
            }
            if uses {
                text.push_str("Troops remained in the occupied region.");
            }
            let _ = writeln!(
                csv,
                "{}-{i},{},{},Report {i},{text}",
                o.name, o.name, o.group
            );
        }
    }
    let corpus = dir.join("corpus.csv");
    fs::write(&corpus, csv).unwrap();
    let out = dir.join("run");
    framescope()
        .arg("analyze")
        .arg(&corpus)
        .args(["--no-sentiment", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    out
}

fn json(args: &[&str], from: &Path) -> Value {
    let out = framescope()
        .args(args)
        .args(["--format", "json", "--from"])
        .arg(from)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The `occupation` row of a comparison, and its interval as (low, high).
fn occupation(c: &Value) -> (&Value, (f64, f64)) {
    let row = c["frames"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["frame"] == "occupation")
        .unwrap();
    let ci = &row["diff_ci"];
    let bound = |k: &str| {
        ci[k]
            .as_f64()
            .unwrap_or_else(|| panic!("no interval: {row}"))
    };
    (row, (bound("low"), bound("high")))
}

/// Two groups of five outlets with 3 to 8 articles each.
fn two_groups(
    state: impl Fn(usize) -> Vec<bool>,
    indie: impl Fn(usize) -> Vec<bool>,
) -> Vec<Outlet> {
    let mut v: Vec<Outlet> = [3, 5, 8, 4, 6]
        .iter()
        .enumerate()
        .map(|(i, &n)| outlet(&format!("State {i}"), "state", state(n)))
        .collect();
    v.extend(
        [7, 3, 5, 8, 4]
            .iter()
            .enumerate()
            .map(|(i, &n)| outlet(&format!("Indie {i}"), "independent", indie(n))),
    );
    v
}

#[test]
fn a_planted_group_difference_is_found_with_outlets_resampled_and_permuted() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &two_groups(half, |n| vec![false; n]));
    let c = json(&["compare", "state", "independent", "--by", "group"], &out);
    assert_eq!(c["unit"], "group");
    assert_eq!(c["scheme"], "two-stage", "{}", c["scheme_note"]);
    assert_eq!(
        (c["outlets_a"].as_u64(), c["outlets_b"].as_u64()),
        (Some(5), Some(5))
    );
    let (row, (low, high)) = occupation(&c);
    assert_eq!(row["articles_a"], 26);
    assert_eq!(
        row["hits_a"], 14.0,
        "2 + 3 + 4 + 2 + 3 articles use the frame"
    );
    assert_eq!(row["hits_b"], 0.0);
    assert!(
        low > 0.0 && high > low,
        "interval {low}..{high} must exclude 0"
    );
    // Outlets are permuted: 5 of 10 outlets can be split 252 ways, two as extreme as observed.
    let p = row["p_perm"].as_f64().unwrap();
    assert!(p < 0.02, "p = {p}");
    assert!(
        p > 1.0 / 252.0,
        "p = {p}: a permutation of articles would give ~0.0005"
    );

    // The CSV carries the same numbers with the new columns.
    let csv = framescope()
        .args([
            "compare",
            "state",
            "independent",
            "--by",
            "group",
            "--format",
            "csv",
            "--from",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8(csv.stdout).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    for col in [
        "unit",
        "a",
        "b",
        "outlets_a",
        "outlets_b",
        "scheme",
        "rate_a",
        "rate_b",
        "rate_diff",
        "diff_ci_low",
        "diff_ci_high",
        "p_perm",
        "q_bh",
    ] {
        assert!(
            header.iter().any(|h| h == col),
            "no column {col}: {header:?}"
        );
    }
    let rec = rdr
        .records()
        .map(Result::unwrap)
        .find(|r| r.iter().any(|f| f == "occupation"))
        .unwrap();
    let get = |k: &str| rec[header.iter().position(|h| h == k).unwrap()].to_string();
    assert_eq!(
        (get("unit"), get("a"), get("b")),
        ("group".into(), "state".into(), "independent".into())
    );
    assert_eq!(
        (get("outlets_a"), get("scheme")),
        ("5".into(), "two-stage".into())
    );
    assert_eq!(get("diff_ci_low"), format!("{low:.4}"));
}

#[test]
fn without_a_planted_difference_the_group_interval_covers_zero() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &two_groups(half, half));
    let c = json(&["compare", "state", "independent", "--by", "group"], &out);
    let (row, (low, high)) = occupation(&c);
    assert!(
        low < 0.0 && high > 0.0,
        "interval {low}..{high} must cover 0: {row}"
    );
    assert!(row["p_perm"].as_f64().unwrap() > 0.2, "{row}");
}

#[test]
fn the_two_stage_interval_is_wider_when_articles_within_an_outlet_are_alike() {
    // Some outlets use the frame in every article, the others never: the
    // articles of one outlet are alike, so they are fewer independent draws than they look.
    let alike = |n: usize| vec![n == 5 || n == 8 || n == 7; n];
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &two_groups(alike, alike));
    let base = ["compare", "state", "independent", "--by", "group"];
    let two = json(&base, &out);
    let article = json(&[&base[..], &["--scheme", "article"]].concat(), &out);
    assert_eq!(two["scheme"], "two-stage");
    assert_eq!(article["scheme"], "article");
    let (_, (l2, h2)) = occupation(&two);
    let (_, (l1, h1)) = occupation(&article);
    assert!(
        h2 - l2 > 1.2 * (h1 - l1),
        "two-stage {l2:.3}..{h2:.3} should be wider than article-only {l1:.3}..{h1:.3}"
    );
    assert!(article["scheme_note"]
        .as_str()
        .unwrap()
        .contains("--scheme article"));
}

#[test]
fn one_outlet_per_group_falls_back_to_the_article_bootstrap_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &[
            outlet("Solo", "state", half(8)),
            outlet("Other", "independent", vec![false; 8]),
        ],
    );
    let c = json(&["compare", "state", "independent", "--by", "group"], &out);
    assert_eq!(c["scheme"], "article");
    let note = c["scheme_note"].as_str().unwrap();
    assert!(note.contains("state has 1 outlet"), "{note}");
    let table = framescope()
        .args(["compare", "state", "independent", "--by", "group", "--from"])
        .arg(&out)
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(
        table.contains("state has 1 outlet")
            && table.contains("A = group state: 1 outlet, 8 articles"),
        "{table}"
    );
    assert!(table.lines().all(|l| l.chars().count() <= 100), "{table}");
}

#[test]
fn compare_all_by_a_column_ranks_groups_by_lean_with_outlet_counts() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &two_groups(half, |n| vec![false; n]));
    let r = json(&["compare", "--all", "--by", "group"], &out);
    assert_eq!(r["unit"], "group");
    let rows = r["rows"].as_array().unwrap();
    let names: Vec<&str> = rows.iter().map(|x| x["name"].as_str().unwrap()).collect();
    // Only state uses an az-side frame: its lean is 1, independent has none.
    assert_eq!(names, ["state", "independent"]);
    assert_eq!(rows[0]["lean_own"], 1.0);
    assert_eq!(rows[0]["outlets"], 5);
    assert_eq!(rows[0]["scheme"], "two-stage");
    let err = framescope()
        .args(["compare", "--all", "--by", "region", "--from"])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8(err.stderr).unwrap();
    assert!(
        err.contains("--by region: no such column") && err.contains("group"),
        "{err}"
    );
}

/// A dated corpus: (id, published, uses of "occupied region").
const DATED: [(&str, &str, usize); 8] = [
    ("a", "2020-09-28", 2),
    ("b", "2020-09-30T08:00:00Z", 0),
    ("c", "2020-10-01", 1),
    ("d", "2020-10-15", 0),
    ("e", "2020-10-31", 3),
    ("f", "2020-12-02", 1),
    ("g", "Oct 5, 2020", 4),
    ("h", "", 1),
];

#[test]
fn trend_by_month_matches_a_hand_count_and_reports_bad_dates() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("id,outlet,group,published,title,text\n");
    for (i, (id, date, uses)) in DATED.iter().enumerate() {
        let outlet = if i % 2 == 0 { "Daily" } else { "Weekly" };
        let text = "Troops remained in the occupied region. ".repeat(*uses) + FILLER[i % 5];
        let _ = writeln!(
            csv,
            "{id},{outlet},g{},\"{date}\",Report {id},{text}",
            i % 2
        );
    }
    fs::write(dir.path().join("c.csv"), csv).unwrap();
    let out = dir.path().join("run");
    framescope()
        .arg("analyze")
        .arg(dir.path().join("c.csv"))
        .args(["--no-sentiment", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    let r = framescope()
        .args([
            "trend",
            "occupation",
            "--by",
            "month",
            "--date-col",
            "published",
            "--from",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(r.status.success());
    let err = String::from_utf8(r.stderr).unwrap();
    assert!(
        err.contains("documents.csv line 8") && err.contains("\"Oct 5, 2020\" is not an ISO date"),
        "{err}"
    );
    assert!(err.contains("line 9") && err.contains("no value"), "{err}");
    let table = String::from_utf8(r.stdout).unwrap();
    assert!(
        table.contains("2020-11") && table.lines().all(|l| l.chars().count() <= 100),
        "{table}"
    );

    // By hand: September a, b (2 hits); October c, d, e (4 hits); November none; December f (1).
    let docs = read_rows(&out.join("documents.csv"));
    let tokens = |ids: &[&str]| -> usize {
        docs.iter()
            .filter(|d| ids.contains(&d["doc_id"].as_str()))
            .map(|d| d["tokens"].parse::<usize>().unwrap())
            .sum()
    };
    let rows = read_rows(&out.join("trend_month.csv"));
    let got: Vec<(String, String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["period"].clone(),
                r["articles"].clone(),
                r["hits"].clone(),
                r["rate"].clone(),
            )
        })
        .collect();
    let rate = |hits: f64, ids: &[&str]| format!("{:.4}", 1000.0 * hits / tokens(ids) as f64);
    assert_eq!(
        got,
        [
            (
                "2020-09".into(),
                "2".into(),
                "2".into(),
                rate(2.0, &["a", "b"])
            ),
            (
                "2020-10".into(),
                "3".into(),
                "4".into(),
                rate(4.0, &["c", "d", "e"])
            ),
            ("2020-11".into(), "0".into(), "0".into(), String::new()),
            ("2020-12".into(), "1".into(), "1".into(), rate(1.0, &["f"])),
        ]
    );
    assert!(rows
        .iter()
        .all(|r| r["frame"] == "occupation" && r["date_col"] == "published"));

    // Per group: Daily (g0) wrote a, c, e, g; Weekly (g1) b, d, f, h.
    let g = json(
        &[
            "trend",
            "occupation",
            "--by",
            "quarter",
            "--group-by",
            "group",
        ],
        &out,
    );
    let cell = |period: &str, group: &str| -> (u64, f64) {
        let r = g["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["period"] == period && r["group"] == group)
            .unwrap();
        (r["articles"].as_u64().unwrap(), r["hits"].as_f64().unwrap())
    };
    assert_eq!(g["periods"], serde_json::json!(["2020-Q3", "2020-Q4"]));
    assert_eq!(cell("2020-Q3", "g0"), (1, 2.0));
    assert_eq!(cell("2020-Q3", "g1"), (1, 0.0));
    assert_eq!(cell("2020-Q4", "g0"), (2, 4.0));
    assert_eq!(cell("2020-Q4", "g1"), (2, 1.0));
    assert_eq!(g["left_out"].as_array().unwrap().len(), 2);
}

/// Ten outlets in two groups, 8 articles each over four months; state outlets use the
/// `occupation` frame more as the months go on, independent ones never.
fn dated_groups(dir: &Path) -> PathBuf {
    let mut csv = String::from("id,outlet,group,published,title,text\n");
    for (g, group) in ["state", "independent"].iter().enumerate() {
        for o in 0..5 {
            for k in 0..8 {
                let month = 9 + k % 4;
                let mut text = format!("{} {}", FILLER[(o + k) % 5], FILLER[(o + k + 2) % 5]);
                if g == 0 && (k + o) % 4 < month - 8 {
                    text.push_str(" Troops remained in the occupied region.");
                }
                if (o + k) % 3 == 0 {
                    text.push_str(" The authorities of Artsakh said so.");
                }
                let _ = writeln!(
                    csv,
                    "{group}{o}-{k},{group} outlet {o},{group},2020-{month:02}-{:02},Report {k},{text}",
                    1 + (k * 3 + o) % 28
                );
            }
        }
    }
    fs::write(dir.join("dated.csv"), csv).unwrap();
    let out = dir.join("dated-run");
    framescope()
        .arg("analyze")
        .arg(dir.join("dated.csv"))
        .args(["--no-sentiment", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    out
}

fn stdout_of(args: &[&str], from: &Path) -> String {
    let out = framescope()
        .args(args)
        .arg("--from")
        .arg(from)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn csv_rows(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let h: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    rdr.records()
        .map(|r| {
            h.iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn the_report_by_group_draws_the_numbers_of_trend_and_compare() {
    use scraper::{Html, Selector};
    let dir = tempfile::tempdir().unwrap();
    let out = dated_groups(dir.path());
    let html_path = dir.path().join("report.html");
    framescope()
        .arg("report")
        .arg(&out)
        .args(["--by", "group", "--trend", "month", "--out"])
        .arg(&html_path)
        .assert()
        .success();
    let html = Html::parse_document(&fs::read_to_string(&html_path).unwrap());
    let sel = |s: &str| Selector::parse(s).unwrap();

    // Trend: every CSV row with a rate is a dot with that value and interval, and back.
    let trend = csv_rows(&stdout_of(
        &[
            "trend",
            "--by",
            "month",
            "--group-by",
            "group",
            "--format",
            "csv",
        ],
        &out,
    ));
    let mut checked = 0;
    for fig in html.select(&sel("#trend figure.trend")) {
        let frame = fig.value().attr("data-frame").unwrap();
        for g in fig.select(&sel("g.series")) {
            let group = g.value().attr("data-group").unwrap();
            let dots: Vec<_> = g.select(&sel("circle.dot")).collect();
            let rows: Vec<_> = trend
                .iter()
                .filter(|r| r["frame"] == frame && r["group"] == group && !r["rate"].is_empty())
                .collect();
            assert_eq!(dots.len(), rows.len(), "{frame} {group}");
            for (dot, row) in dots.iter().zip(&rows) {
                assert_eq!(
                    dot.value().attr("data-period"),
                    Some(row["period"].as_str())
                );
                assert_eq!(dot.value().attr("data-value"), Some(row["rate"].as_str()));
                checked += 1;
            }
            let cis: Vec<(String, String)> = g
                .select(&sel("line.ci"))
                .map(|l| {
                    (
                        l.value().attr("data-low").unwrap().into(),
                        l.value().attr("data-high").unwrap().into(),
                    )
                })
                .collect();
            let want: Vec<(String, String)> = rows
                .iter()
                .filter(|r| !r["ci_low"].is_empty())
                .map(|r| (r["ci_low"].clone(), r["ci_high"].clone()))
                .collect();
            assert_eq!(cis, want, "{frame} {group}");
        }
    }
    assert!(checked >= 8, "only {checked} trend dots");
    let occupation_state = html
        .select(&sel(
            "#trend figure.trend[data-frame=\"occupation\"] g.series[data-group=\"state\"] line.ci",
        ))
        .count();
    assert_eq!(
        occupation_state, 4,
        "state has 10 articles from 5 outlets in each month"
    );

    // Heatmap rows are the groups; cells equal compare's rate_a / rate_b.
    let cmp = csv_rows(&stdout_of(
        &[
            "compare",
            "state",
            "independent",
            "--by",
            "group",
            "--format",
            "csv",
        ],
        &out,
    ));
    let cells: Vec<_> = html.select(&sel("#heatmap a.cell")).collect();
    assert!(
        !cells.is_empty()
            && cells
                .iter()
                .all(|c| c.value().attr("data-outlet").is_none())
    );
    for row in &cmp {
        for (group, col) in [("state", "rate_a"), ("independent", "rate_b")] {
            let cell = cells
                .iter()
                .find(|c| {
                    c.value().attr("data-group") == Some(group)
                        && c.value().attr("data-frame") == Some(row["frame"].as_str())
                })
                .unwrap_or_else(|| panic!("no cell {group} {}", row["frame"]));
            assert_eq!(
                cell.value().attr("data-value"),
                Some(row[col].as_str()),
                "{group} {}",
                row["frame"]
            );
        }
    }

    // Lean rows are the groups, with compare --all --by group's numbers.
    let ranking = csv_rows(&stdout_of(
        &["compare", "--all", "--by", "group", "--format", "csv"],
        &out,
    ));
    for r in &ranking {
        let g = html
            .select(&sel(&format!(
                "#lean g.lean-row[data-group=\"{}\"] circle.dot.own",
                r["group"]
            )))
            .next()
            .unwrap_or_else(|| panic!("no lean row for {}", r["group"]));
        assert_eq!(g.value().attr("data-value"), Some(r["lean_own"].as_str()));
    }
}

#[test]
fn lean_can_leave_frames_out_from_the_lexicon_or_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    // Wire-style spelling (Artsakh naming, an am-side frame) in every article, az wording in half.
    let outlets: Vec<Outlet> = (0..2)
        .map(|i| outlet(&format!("Wire {i}"), "wire", half(6)))
        .collect();
    let mut csv = String::from("id,outlet,group,title,text\n");
    for o in &outlets {
        for (i, &uses) in o.uses.iter().enumerate() {
            let text = format!(
                "The authorities of Artsakh met. {}{}",
                FILLER[i % 5],
                if uses {
                    " Troops remained in the occupied region."
                } else {
                    ""
                }
            );
            let _ = writeln!(csv, "{}-{i},{},{},T,{text}", o.name, o.name, o.group);
        }
    }
    fs::write(dir.path().join("c.csv"), &csv).unwrap();
    let lex = fs::read_to_string(root().join("lexicons/karabakh-2020.toml")).unwrap();
    let lean_line = lex
        .lines()
        .find(|l| l.starts_with("lean"))
        .expect("a lean line")
        .to_string();
    let excluded = lex.replace(
        &lean_line,
        "lean = { sides = [\"az\", \"am\"], exclude = [\"artsakh_naming\"] }",
    );
    assert_ne!(excluded, lex);
    fs::write(dir.path().join("lex.toml"), excluded).unwrap();
    let analyze = |name: &str, extra: &[&str]| -> PathBuf {
        let out = dir.path().join(name);
        framescope()
            .arg("analyze")
            .arg(dir.path().join("c.csv"))
            .args(["--no-sentiment", "-q", "--out"])
            .arg(&out)
            .args(extra)
            .assert()
            .success();
        out
    };
    let plain = analyze("plain", &[]);
    let lexfile = dir.path().join("lex.toml");
    let leaving = analyze("leaving", &["--lexicon", lexfile.to_str().unwrap()]);
    let lean = |run: &Path| -> Vec<String> {
        read_rows(&run.join("outlet_summary.csv"))
            .iter()
            .map(|r| r["lean_own"].clone())
            .collect()
    };
    // 3 occupation hits against 6 Artsakh hits per outlet: (3 - 6) / 9; without Artsakh: 1.
    assert_eq!(lean(&plain), ["-0.3333", "-0.3333"]);
    assert_eq!(lean(&leaving), ["1.0000", "1.0000"]);
    let run_json = fs::read_to_string(leaving.join("run.json")).unwrap();
    assert!(
        run_json.contains("\"lean_exclude\": [\n      \"artsakh_naming\""),
        "{run_json}"
    );
    // compare --lean-exclude does the same at read time, and says so.
    let c = stdout_of(
        &["compare", "--all", "--lean-exclude", "artsakh_naming"],
        &plain,
    );
    assert!(c.contains("leaving out artsakh_naming"), "{c}");
    assert!(
        c.lines()
            .filter(|l| l.contains("Wire"))
            .all(|l| l.contains(" 1.00 ")),
        "{c}"
    );
    let bad = framescope()
        .args(["compare", "--all", "--lean-exclude", "artsakh", "--from"])
        .arg(&plain)
        .output()
        .unwrap();
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(
        err.contains("--lean-exclude artsakh") && err.contains("artsakh_naming"),
        "{err}"
    );
}
