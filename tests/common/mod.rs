#![allow(dead_code)]
//! Helpers shared by the test files: the shipped rules, and a one-call analysis of a text.

use framescope::clean::CleanRules;
use framescope::lexicon::Lexicon;
use framescope::pipeline::{Analysis, Analyzer};
use framescope::tokenize::Tokens;
use framescope::types::Document;
use framescope::voice::Language;
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn demo_corpus() -> PathBuf {
    root().join("corpus/karabakh-2020")
}

pub fn lexicon() -> Lexicon {
    Lexicon::from_file(&root().join("lexicons/karabakh-2020.toml"))
        .expect("shipped lexicon is valid")
}

pub fn analyzer() -> Analyzer {
    Analyzer::new(
        lexicon(),
        CleanRules::from_file(&root().join("lexicons/boilerplate.toml")).unwrap(),
        Language::from_file(&root().join("lexicons/english.toml")).unwrap(),
    )
}

pub fn doc(text: &str, first_line_is_title: bool) -> Document {
    Document {
        id: "t".into(),
        outlet: "test".into(),
        meta: Default::default(),
        text: text.into(),
        source: "test".into(),
        first_line_is_title,
    }
}

/// Analyses `text` as body text (no title line).
pub fn analyze_text(a: &Analyzer, text: &str) -> Analysis {
    a.analyze(doc(text, false), &mut Tokens::default())
}

/// (frame, matched text) of every hit in `text`.
pub fn frames_in(a: &Analyzer, text: &str) -> Vec<(String, String)> {
    let r = analyze_text(a, text);
    r.hits
        .iter()
        .zip(&r.evidence)
        .map(|(h, e)| (h.frame.to_string(), e.matched.clone()))
        .collect()
}

pub fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rdr =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = rdr.headers().unwrap().iter().map(String::from).collect();
    let rows = rdr
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (headers, rows)
}

/// Rows of a CSV as maps from column name to value.
pub fn read_rows(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let (h, rows) = read_csv(path);
    rows.into_iter()
        .map(|r| h.iter().cloned().zip(r).collect())
        .collect()
}

/// The binary, run from the repository with no shared "last run" state between tests (see
/// `framescope::run::last`).
pub fn framescope() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("framescope").unwrap();
    c.env("FRAMESCOPE_HOME", "/nonexistent/framescope-test-home");
    c.current_dir(root());
    c
}
