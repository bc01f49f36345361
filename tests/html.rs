//! The HTML report: well formed, self-contained, and every chart's numbers equal the CSV
//! tables'. Also checked in headless Chromium when it is installed (scripts/test.sh installs it
//! and sets FRAMESCOPE_REQUIRE_CHROMIUM=1, so CI cannot skip it silently).

mod common;

use assert_cmd::Command;
use common::{read_rows, root};
use scraper::{ElementRef, Html, Selector};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

type Row = HashMap<String, String>;

/// 2024-01-02 03:04:05 UTC, so reports are reproducible.
const EPOCH: &str = "1704164645";

fn framescope() -> Command {
    let mut c = Command::cargo_bin("framescope").unwrap();
    // No shared "last run" state between tests (see `framescope::run::last`).
    c.env("FRAMESCOPE_HOME", "/nonexistent/framescope-test-home");
    c.current_dir(root()).env("SOURCE_DATE_EPOCH", EPOCH);
    c
}

/// The demo corpus analysed once with `--html`, in a folder of the test target.
fn demo() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-demo");
        let _ = fs::remove_dir_all(&out);
        framescope()
            .args([
                "analyze",
                "corpus/karabakh-2020",
                "--html",
                "--quiet",
                "--out",
            ])
            .arg(&out)
            .assert()
            .success();
        out
    })
}

fn page(dir: &Path) -> (String, Html) {
    let text = fs::read_to_string(dir.join("report.html")).unwrap();
    let html = Html::parse_document(&text);
    (text, html)
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn attr<'a>(e: &ElementRef<'a>, name: &str) -> &'a str {
    e.value()
        .attr(name)
        .unwrap_or_else(|| panic!("no {name} on {:?}", e.value()))
}

fn num(e: &ElementRef, name: &str) -> f64 {
    attr(e, name).parse().unwrap()
}

fn rows(dir: &Path, table: &str) -> Vec<Row> {
    read_rows(&dir.join(table))
}

#[test]
fn report_is_well_formed_html_and_xml() {
    let (text, html) = page(demo());
    assert!(
        html.errors.is_empty(),
        "HTML parse errors: {:?}",
        html.errors
    );
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&text, opts)
        .unwrap_or_else(|e| panic!("report.html is not well-formed XML: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "html");
    assert!(text.starts_with("<!DOCTYPE html>"));
}

#[test]
fn report_is_self_contained() {
    let (text, html) = page(demo());
    for tag in [
        "link", "img", "iframe", "object", "embed", "audio", "video", "base",
    ] {
        assert_eq!(html.select(&sel(tag)).count(), 0, "<{tag}> in report");
    }
    assert_eq!(html.select(&sel("script")).count(), 1);
    for e in html.select(&sel("*")) {
        for (name, value) in e.value().attrs() {
            assert!(
                name != "src" && name != "srcset",
                "{name}= on {:?}",
                e.value()
            );
            if name == "href" || name == "xlink:href" || name == "action" {
                assert!(
                    value.starts_with('#'),
                    "{name}={value:?} is not in the page"
                );
            }
            let v = value.to_lowercase();
            assert!(
                !v.contains("http://") && !v.contains("https://") && !v.contains("//cdn"),
                "{name}={value:?}"
            );
        }
    }
    // CSS and SVG may only point inside the page.
    for (i, _) in text.match_indices("url(") {
        assert!(text[i + 4..].starts_with('#'), "{}", &text[i..i + 40]);
    }
    assert!(!text.contains("@import") && !text.contains("@font-face"));
}

#[test]
fn heatmap_cells_equal_outlet_frames_csv() {
    let dir = demo();
    let (_, html) = page(dir);
    let frames = rows(dir, "outlet_frames.csv");
    let cells: Vec<ElementRef> = html.select(&sel("#heatmap a.cell")).collect();
    assert_eq!(cells.len(), frames.len());
    for r in &frames {
        let found: Vec<&ElementRef> = cells
            .iter()
            .filter(|c| {
                attr(c, "data-outlet") == r["outlet"] && attr(c, "data-frame") == r["frame"]
            })
            .collect();
        assert_eq!(found.len(), 1, "{} / {}", r["outlet"], r["frame"]);
        let c = found[0];
        assert_eq!(attr(c, "data-value"), r["rate_own_per_1k"]);
        let v: f64 = r["rate_own_per_1k"].parse().unwrap();
        let shown = c.text().collect::<String>();
        let want = if v == 0.0 {
            "·".to_string()
        } else {
            format!("{v:.1}")
        };
        assert_eq!(shown, want);
        assert_eq!(attr(c, "href"), format!("#ev-{}", r["frame"]));
    }
    // Echo Turkey's own "occupied" is the article's signature: 20.80 per 1,000 tokens.
    let echo = cells
        .iter()
        .find(|c| attr(c, "data-outlet") == "Echo Turkey" && attr(c, "data-frame") == "occupation")
        .unwrap();
    assert_eq!(attr(echo, "data-value"), "20.8044");
    // Darker is more: the cell colour's lightness never rises with the value.
    let mut shade: Vec<(f64, f64)> = html
        .select(&sel("#heatmap td[style]"))
        .map(|td| {
            let a = td.select(&sel("a.cell")).next().unwrap();
            let hex = attr(&td, "style")
                .trim_start_matches("background:#")
                .to_string();
            let rgb: Vec<f64> = (0..3)
                .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap() as f64)
                .collect();
            (num(&a, "data-value"), rgb.iter().sum::<f64>())
        })
        .collect();
    shade.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(shade.windows(2).all(|w| w[1].1 <= w[0].1), "{shade:?}");
    assert!(shade.first().unwrap().1 > shade.last().unwrap().1);
}

#[test]
fn lean_dots_equal_outlet_summary_csv_and_are_ordered() {
    let dir = demo();
    let (_, html) = page(dir);
    let summary = rows(dir, "outlet_summary.csv");
    let groups: Vec<ElementRef> = html.select(&sel("#lean g.lean-row")).collect();
    assert_eq!(groups.len(), summary.len());
    let x = |v: f64| 230.0 + (v + 1.0) / 2.0 * 440.0;
    let mut order = Vec::new();
    for g in &groups {
        let r = summary
            .iter()
            .find(|r| r["outlet"] == attr(g, "data-outlet"))
            .unwrap();
        for (class, col) in [("own", "lean_own"), ("quote", "lean_quote")] {
            let dots: Vec<ElementRef> = g.select(&sel(&format!("circle.dot.{class}"))).collect();
            if r[col].is_empty() {
                assert!(dots.is_empty());
                continue;
            }
            assert_eq!(dots.len(), 1, "{} {class}", r["outlet"]);
            assert_eq!(attr(&dots[0], "data-value"), r[col]);
            let v: f64 = r[col].parse().unwrap();
            assert!(
                (num(&dots[0], "cx") - x(v)).abs() < 0.06,
                "{} {class}",
                r["outlet"]
            );
        }
        // One article per outlet: too few for an interval, and none is drawn.
        assert_eq!(g.select(&sel("line.ci")).count(), 0);
        order.push(r["lean_own"].parse::<f64>().unwrap_or(f64::NEG_INFINITY));
    }
    assert!(order.windows(2).all(|w| w[0] >= w[1]), "{order:?}");
}

#[test]
fn own_vs_quote_bars_equal_outlet_summary_csv() {
    let dir = demo();
    let (_, html) = page(dir);
    let summary = rows(dir, "outlet_summary.csv");
    let bars: Vec<ElementRef> = html.select(&sel("#voice g.bar")).collect();
    assert_eq!(bars.len(), summary.len() * 2);
    let mut px_per_hit = Vec::new();
    for b in &bars {
        let r = summary
            .iter()
            .find(|r| r["outlet"] == attr(b, "data-outlet"))
            .unwrap();
        let side = attr(b, "data-side");
        assert_eq!(attr(b, "data-own"), r[&format!("own_{side}")]);
        assert_eq!(attr(b, "data-quote"), r[&format!("quote_{side}")]);
        let own_w = num(&b.select(&sel("rect.own")).next().unwrap(), "width");
        let quote_w = num(&b.select(&sel("rect.quote")).next().unwrap(), "width");
        for (n, w) in [(num(b, "data-own"), own_w), (num(b, "data-quote"), quote_w)] {
            if n > 0.0 {
                px_per_hit.push(w / n);
            } else {
                assert_eq!(w, 0.0);
            }
        }
    }
    // One scale for every bar.
    let first = px_per_hit[0];
    assert!(
        px_per_hit.iter().all(|p| (p - first).abs() < 0.01),
        "{px_per_hit:?}"
    );
}

#[test]
fn sentiment_dots_equal_outlet_actor_sentiment_csv() {
    let dir = demo();
    let (_, html) = page(dir);
    let sent = rows(dir, "outlet_actor_sentiment.csv");
    let wanted: Vec<&Row> = sent
        .iter()
        .filter(|r| r["voice"] != "all" && !r["mean_score"].is_empty())
        .collect();
    assert!(wanted.len() > 20);
    assert_eq!(
        html.select(&sel("#sentiment circle.dot")).count(),
        wanted.len()
    );
    for r in wanted {
        let s = format!(
            "#sentiment figure.actor[data-actor=\"{}\"] g.sent-row[data-outlet=\"{}\"] circle.dot.{}",
            r["actor"], r["outlet"], r["voice"]
        );
        let dots: Vec<ElementRef> = html.select(&sel(&s)).collect();
        assert_eq!(dots.len(), 1, "{s}");
        assert_eq!(attr(&dots[0], "data-value"), r["mean_score"]);
        let v: f64 = r["mean_score"].parse().unwrap();
        assert!((num(&dots[0], "cx") - (230.0 + (v + 1.0) / 2.0 * 400.0)).abs() < 0.06);
    }
}

#[test]
fn evidence_lists_every_hit_with_its_matched_words() {
    let dir = demo();
    let (_, html) = page(dir);
    let hits = rows(dir, "hits.csv");
    let mut frames: Vec<&str> = hits.iter().map(|h| h["frame"].as_str()).collect();
    frames.dedup();
    let mut total = 0;
    for f in rows(dir, "outlet_frames.csv")
        .iter()
        .map(|r| r["frame"].clone())
        .collect::<std::collections::BTreeSet<_>>()
    {
        let of_frame: Vec<&Row> = hits.iter().filter(|h| h["frame"] == f).collect();
        let section = html
            .select(&sel(&format!("section#ev-{f}")))
            .next()
            .unwrap_or_else(|| panic!("no evidence section for {f}"));
        assert_eq!(attr(&section, "data-hits"), of_frame.len().to_string());
        let trs: Vec<ElementRef> = section.select(&sel("tbody tr")).collect();
        // The demo has fewer than 40 hits per frame and outlet: every hit is shown, in order.
        assert_eq!(trs.len(), of_frame.len(), "{f}");
        for (tr, h) in trs.iter().zip(&of_frame) {
            assert_eq!(attr(tr, "data-outlet"), h["outlet"]);
            assert_eq!(attr(tr, "data-voice"), h["voice"]);
            let mark: String = tr.select(&sel("mark")).next().unwrap().text().collect();
            assert_eq!(mark, h["matched"]);
            let row_text: String = tr.text().collect();
            assert!(row_text.contains(&h["doc_id"]));
        }
        total += trs.len();
    }
    assert_eq!(total, hits.len());
}

#[test]
fn evidence_cap_points_to_kwic_for_the_rest() {
    let dir = demo();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("capped.html");
    framescope()
        .args(["report", "--evidence", "2", "--out"])
        .arg(&file)
        .arg(dir)
        .assert()
        .success();
    let html = Html::parse_document(&fs::read_to_string(&file).unwrap());
    let section = html.select(&sel("section#ev-occupation")).next().unwrap();
    let echo = section
        .select(&sel("tbody tr[data-outlet=\"Echo Turkey\"]"))
        .count();
    assert_eq!(echo, 2);
    let n = rows(dir, "hits.csv")
        .iter()
        .filter(|h| h["frame"] == "occupation" && h["outlet"] == "Echo Turkey")
        .count();
    let more: String = section
        .select(&sel("p.more[data-outlet=\"Echo Turkey\"]"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(more.contains(&format!("showing 2 of {n} hits")), "{more}");
    assert!(
        more.contains("framescope kwic occupation --outlet 'Echo Turkey'"),
        "{more}"
    );
}

#[test]
fn header_names_corpus_lexicon_tool_date_and_command() {
    let dir = demo();
    let (_, html) = page(dir);
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("run.json")).unwrap()).unwrap();
    let header: String = html.select(&sel("header")).next().unwrap().text().collect();
    for want in [
        "corpus/karabakh-2020",
        "karabakh-2020",
        run["lexicon"]["version"].as_str().unwrap(),
        run["lexicon"]["sha256"].as_str().unwrap(),
        env!("CARGO_PKG_VERSION"),
        "2024-01-02 03:04 UTC",
        "framescope analyze corpus/karabakh-2020 --html --quiet --out",
    ] {
        assert!(header.contains(want), "header lacks {want:?}: {header}");
    }
    // A "how to read this" paragraph for each chart (the demo is dated: the trend is drawn).
    assert_eq!(html.select(&sel("section p.how")).count(), 6);
    assert_eq!(html.select(&sel("#trend figure.trend")).count(), 8);
}

#[test]
fn same_tables_and_date_give_the_same_bytes() {
    let dir = demo();
    // Two folders, so the command lines (shown in the header) are the same too.
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for d in [&a, &b] {
        framescope()
            .current_dir(d.path())
            .args(["report", "--out", "r.html"])
            .arg(dir)
            .assert()
            .success();
    }
    let read = |d: &tempfile::TempDir| fs::read(d.path().join("r.html")).unwrap();
    assert_eq!(read(&a), read(&b));
}

#[test]
fn committed_demo_report_is_current() {
    let committed = fs::read_to_string(root().join("reports/karabakh-2020/report.html")).unwrap();
    let (fresh, _) = page(demo());
    // Only the header (date, command) and the run folder's path may differ.
    let body = |s: &str, dir: &str| -> String {
        let start = s.find("</header>").unwrap();
        s[start..].replace(dir, "DIR")
    };
    assert!(
        body(&committed, "reports/karabakh-2020") == body(&fresh, &demo().display().to_string()),
        "reports/karabakh-2020/report.html is stale: rerun the README's demo command"
    );
}

#[test]
fn without_sentiment_the_report_says_so() {
    let out = tempfile::tempdir().unwrap();
    framescope()
        .args([
            "analyze",
            "corpus/karabakh-2020",
            "--no-sentiment",
            "--html",
            "-q",
            "--out",
        ])
        .arg(out.path())
        .assert()
        .success();
    let (_, html) = page(out.path());
    assert!(html.errors.is_empty());
    let text: String = html
        .select(&sel("#sentiment"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(text.contains("did not run"), "{text}");
    assert_eq!(html.select(&sel("#sentiment svg")).count(), 0);
    assert!(html.select(&sel("#heatmap a.cell")).count() > 0);
}

#[test]
fn hostile_outlet_names_and_text_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c.csv");
    let evil = "<b onmouseover=\"x()\">Evil</b> & 'Co'";
    let mut w = csv::Writer::from_path(&corpus).unwrap();
    w.write_record(["id", "outlet", "title", "text"]).unwrap();
    w.write_record([
        "a1",
        evil,
        "Occupied Karabakh </script><script>alert(1)</script>",
        "Troops entered the occupied territories ]]> near Shusha.\u{7}",
    ])
    .unwrap();
    w.flush().unwrap();
    let out = dir.path().join("out");
    framescope()
        .args(["analyze", "--no-sentiment", "-q", "--html", "--out"])
        .arg(&out)
        .arg(&corpus)
        .assert()
        .success();
    let (text, html) = page(&out);
    assert!(html.errors.is_empty(), "{:?}", html.errors);
    roxmltree::Document::parse_with_options(
        &text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(html.select(&sel("script")).count(), 1);
    assert_eq!(html.select(&sel("b")).count(), 0);
    let cell = html
        .select(&sel("#heatmap a.cell[data-frame=\"occupation\"]"))
        .next()
        .unwrap();
    assert_eq!(attr(&cell, "data-outlet"), evil);
}

#[test]
fn without_scripts_every_evidence_row_shows_and_the_filters_stay_hidden() {
    // What a browser with scripts off shows is the file as written: only the script unhides the
    // filter form and hides rows, and no style hides rows.
    let (text, html) = page(demo());
    assert!(html.select(&sel("#filters[hidden]")).next().is_some());
    assert_eq!(html.select(&sel("#evidence tbody tr[hidden]")).count(), 0);
    assert_eq!(
        html.select(&sel("#evidence tbody tr")).count(),
        rows(demo(), "hits.csv").len()
    );
    let css: String = html.select(&sel("style")).next().unwrap().text().collect();
    for rule in css.lines().filter(|l| l.contains("display: none")) {
        assert!(!rule.contains("tr") && !rule.contains("kwic"), "{rule}");
    }
    assert!(!text.contains("<noscript"));
}

/// Two outlets with six short articles each: enough for intervals.
fn six_article_outlets(dir: &Path) -> PathBuf {
    let corpus = dir.join("six.csv");
    let mut w = csv::Writer::from_path(&corpus).unwrap();
    w.write_record(["id", "outlet", "title", "text"]).unwrap();
    for i in 0..6 {
        let a = format!(
            "Azerbaijan said troops advanced in the occupied territories on day {i}. Armenia \
             rejected the claim. {}",
            if i % 2 == 0 {
                "Officials in Artsakh reported shelling."
            } else {
                ""
            }
        );
        let b =
            format!(
            "Shelling hit Stepanakert, the capital of Artsakh, on day {i}. \"The occupied lands \
             will be freed,\" an Azerbaijani official said. {}",
            if i % 3 == 0 { "Armenia condemned Azerbaijani aggression." } else { "" }
        );
        w.write_record([&format!("a{i}"), "Alpha Daily", "Front", &a])
            .unwrap();
        w.write_record([&format!("b{i}"), "Beta News", "Front", &b])
            .unwrap();
    }
    w.flush().unwrap();
    corpus
}

#[test]
fn intervals_match_compare_and_contain_their_dots() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = six_article_outlets(dir.path());
    let out = dir.path().join("out");
    framescope()
        .args(["analyze", "-q", "--html", "--out"])
        .arg(&out)
        .arg(&corpus)
        .assert()
        .success();
    let json = framescope()
        .args(["compare", "Alpha", "Beta", "--format", "json", "--from"])
        .arg(&out)
        .output()
        .unwrap();
    let cmp: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let (_, html) = page(&out);
    for lean in cmp["lean"].as_array().unwrap() {
        let outlet = lean["name"].as_str().unwrap();
        let g = html
            .select(&sel(&format!("#lean g.lean-row[data-outlet=\"{outlet}\"]")))
            .next()
            .unwrap();
        for voice in ["own", "quote"] {
            let ci = &lean[format!("lean_{voice}_ci")];
            let line = g.select(&sel(&format!("line.ci.{voice}"))).next();
            if ci.is_null() {
                assert!(line.is_none());
                continue;
            }
            let line = line.unwrap_or_else(|| panic!("no {voice} interval for {outlet}"));
            let (lo, hi) = (ci["low"].as_f64().unwrap(), ci["high"].as_f64().unwrap());
            assert!(
                (num(&line, "data-low") - lo).abs() < 1e-4,
                "{outlet} {voice}"
            );
            assert!(
                (num(&line, "data-high") - hi).abs() < 1e-4,
                "{outlet} {voice}"
            );
            let v = num(
                &g.select(&sel(&format!("circle.{voice}"))).next().unwrap(),
                "data-value",
            );
            assert!(
                lo - 1e-9 <= v && v <= hi + 1e-9,
                "{outlet} {voice}: {v} not in [{lo}, {hi}]"
            );
        }
    }
    // Sentiment intervals: drawn for both outlets and holding their means.
    let cis: Vec<ElementRef> = html.select(&sel("#sentiment line.ci")).collect();
    assert!(cis.len() >= 4, "{}", cis.len());
    for g in html.select(&sel("#sentiment g.sent-row")) {
        for voice in ["own", "quote"] {
            let (Some(dot), Some(ci)) = (
                g.select(&sel(&format!("circle.{voice}"))).next(),
                g.select(&sel(&format!("line.ci.{voice}"))).next(),
            ) else {
                continue;
            };
            let v = num(&dot, "data-value");
            assert!(num(&ci, "data-low") - 1e-3 <= v && v <= num(&ci, "data-high") + 1e-3);
        }
    }
}

#[test]
fn report_of_a_missing_run_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = framescope()
        .arg("report")
        .arg(dir.path())
        .assert()
        .failure()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("run.json") && err.contains("framescope analyze"),
        "{err}"
    );
    assert!(!dir.path().join("report.html").exists());
}

// ---------------------------------------------------------------- headless Chromium

fn chromium() -> Option<PathBuf> {
    let candidates = [
        std::env::var("FRAMESCOPE_CHROMIUM").ok().map(PathBuf::from),
        Some(PathBuf::from("/usr/bin/chromium")),
        Some(PathBuf::from("/usr/bin/chromium-browser")),
    ];
    let found = candidates.into_iter().flatten().find(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var_os("FRAMESCOPE_REQUIRE_CHROMIUM").is_none(),
            "FRAMESCOPE_REQUIRE_CHROMIUM is set but no chromium was found"
        );
        eprintln!("skipped: no chromium (install Debian's `chromium` or set FRAMESCOPE_CHROMIUM)");
    }
    found
}

/// Runs headless Chromium on the page with `args`; returns (stdout, stderr).
fn run_chromium(bin: &Path, url: &str, args: &[&str]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn url(query: &str) -> String {
    format!(
        "file://{}{query}",
        demo().join("report.html").canonicalize().unwrap().display()
    )
}

#[test]
fn renders_in_headless_chromium_without_errors_and_filters_by_query() {
    let Some(bin) = chromium() else { return };
    // The script runs to its end, shows the filters and raises no error.
    let (dom, log) = run_chromium(&bin, &url(""), &["--dump-dom"]);
    assert!(dom.contains("data-script=\"ok\""), "script did not finish");
    assert!(!log.contains("Uncaught"), "{log}");
    let html = Html::parse_document(&dom);
    let form = html.select(&sel("#filters")).next().unwrap();
    assert!(form.value().attr("hidden").is_none());
    let all = rows(demo(), "hits.csv").len();
    assert_eq!(
        html.select(&sel("#evidence tbody tr:not([hidden])"))
            .count(),
        all
    );

    // ?outlet=&voice= filters the evidence rows.
    let (dom, log) = run_chromium(
        &bin,
        &url("?outlet=Echo%20Turkey&voice=quote"),
        &["--dump-dom"],
    );
    assert!(!log.contains("Uncaught"), "{log}");
    let html = Html::parse_document(&dom);
    let want = rows(demo(), "hits.csv")
        .iter()
        .filter(|h| h["outlet"] == "Echo Turkey" && h["voice"] == "quote")
        .count();
    let visible: Vec<ElementRef> = html
        .select(&sel("#evidence tbody tr:not([hidden])"))
        .collect();
    assert_eq!(visible.len(), want);
    assert!(visible
        .iter()
        .all(|tr| attr(tr, "data-outlet") == "Echo Turkey" && attr(tr, "data-voice") == "quote"));
    let count: String = html
        .select(&sel("#f-count"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(count, format!("{want} lines shown"));
}

#[test]
fn screenshot_in_headless_chromium() {
    let Some(bin) = chromium() else { return };
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-screenshot.png");
    let _ = fs::remove_file(&shot);
    run_chromium(
        &bin,
        &url(""),
        &[
            "--window-size=1280,2400",
            &format!("--screenshot={}", shot.display()),
        ],
    );
    let png = fs::read(&shot).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // A blank page of this size compresses to a few kB; charts and text make it much larger.
    assert!(png.len() > 100_000, "screenshot is {} bytes", png.len());
    eprintln!("screenshot: {}", shot.display());
}
