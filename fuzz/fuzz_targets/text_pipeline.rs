//! Arbitrary bytes through the whole per-document pipeline (clean -> voice -> tokenize -> match
//! -> evidence), plus `voice::quote_spans` and `corpus::decode`, checking offset invariants.
#![no_main]

use framescope::clean::CleanRules;
use framescope::lexicon::Lexicon;
use framescope::pipeline::{Analyzer, Evidence};
use framescope::tokenize::Tokens;
use framescope::types::Document;
use framescope::voice::{quote_spans, Language};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use std::sync::OnceLock;

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| {
        let lexicon = Lexicon::parse(
            include_str!("../../lexicons/karabakh-2020.toml"),
            "karabakh-2020.toml",
        )
        .expect("lexicon parses");
        let rules = CleanRules::parse(
            include_str!("../../lexicons/boilerplate.toml"),
            "boilerplate.toml",
        )
        .expect("boilerplate parses");
        let language = Language::parse(include_str!("../../lexicons/english.toml"), "english.toml")
            .expect("language parses");
        Analyzer::new(lexicon, rules, language).with_actor_mentions()
    })
}

/// Checks one (byte start, byte end) match against its evidence.
fn check_span(text: &str, start: usize, end: usize, ev: &Evidence, what: &str) {
    assert!(start < end, "{what}: empty or reversed span {start}..{end}");
    assert!(end <= text.len(), "{what}: span {start}..{end} past text end {}", text.len());
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: span {start}..{end} not on char boundaries"
    );
    assert_eq!(&text[start..end], ev.matched, "{what}: matched text differs from text[{start}..{end}]");
    assert_eq!(ev.char_start, text[..start].chars().count(), "{what}: char_start for byte {start}");
    assert_eq!(ev.char_end, text[..end].chars().count(), "{what}: char_end for byte {end}");
}

fuzz_target!(|data: &[u8]| {
    // Must never panic, whatever the bytes (BOMs, NULs, invalid UTF-8).
    let _ = framescope::corpus::decode(data, None);

    let text = String::from_utf8_lossy(data).into_owned();
    let first_line_is_title = data.first().is_some_and(|b| b & 1 == 1);

    // quote_spans: sorted, disjoint, on char boundaries.
    let spans = quote_spans(&text);
    let mut prev_end = 0usize;
    for &(s, e) in &spans {
        assert!(s < e, "quote span {s}..{e} empty or reversed");
        assert!(e <= text.len(), "quote span {s}..{e} past end {}", text.len());
        assert!(s >= prev_end, "quote spans not sorted/disjoint: {spans:?}");
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "quote span {s}..{e} not on char boundaries"
        );
        prev_end = e;
    }

    let doc = Document {
        id: "f".to_string(),
        outlet: "o".to_string(),
        meta: BTreeMap::new(),
        text: text.clone(),
        source: "fuzz".to_string(),
        first_line_is_title,
    };
    let mut buf = Tokens::default();
    let a = analyzer().analyze(doc, &mut buf);

    assert_eq!(a.hits.len(), a.evidence.len(), "one evidence per hit");
    for (h, ev) in a.hits.iter().zip(&a.evidence) {
        check_span(&text, h.start, h.end, ev, "hit");
    }
    assert_eq!(a.mentions.len(), a.mention_evidence.len(), "one evidence per mention");
    for (m, ev) in a.mentions.iter().zip(&a.mention_evidence) {
        check_span(&text, m.start, m.end, ev, "mention");
    }
});
