//! Inputs the fuzzers once found troublesome (`fuzz/regressions/`) stay fixed: each is run
//! through the same code as its fuzz target and must not panic.

mod common;

use framescope::lexicon::Lexicon;
use framescope::tokenize::Tokens;
use std::fs;

fn inputs(target: &str) -> Vec<Vec<u8>> {
    let dir = common::root().join("fuzz/regressions").join(target);
    let mut files: Vec<_> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    files.into_iter().filter_map(|p| fs::read(p).ok()).collect()
}

#[test]
fn text_pipeline_regressions() {
    let a = common::analyzer().with_actor_mentions();
    for bytes in inputs("text_pipeline") {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let _ = framescope::corpus::decode(&bytes, None);
        let r = a.analyze(
            common::doc(&text, bytes.first().is_some_and(|b| b & 1 == 1)),
            &mut Tokens::default(),
        );
        for (h, e) in r.hits.iter().zip(&r.evidence) {
            assert_eq!(&text[h.start..h.end], e.matched);
        }
    }
}

#[test]
fn lexicon_regressions() {
    for bytes in inputs("lexicon") {
        let _ = Lexicon::parse(&String::from_utf8_lossy(&bytes), "fuzz.toml");
    }
}
