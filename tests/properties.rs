//! Properties over generated articles: offsets always point at the matched text, tables agree
//! with the hits, and a corpus analysed whole or in halves gives the same document rows.

mod common;

use common::{analyzer, doc, read_rows, root};
use framescope::aggregate::Aggregator;
use framescope::tokenize::Tokens;
use proptest::prelude::*;

/// Pieces articles are built from: lexicon terms, quotation marks and apostrophes in every
/// style, line breaks, non-ASCII letters, punctuation.
const PIECES: &[&str] = &[
    "occupied",
    "Occupation",
    "liberated",
    "Armenian-backed",
    "separatists",
    "so-called",
    "republic",
    "Artsakh",
    "Karabakh’s",
    "Azerbaijan's",
    "ceasefire",
    "not",
    "said",
    "the",
    "army",
    "Minsk Group",
    "“",
    "”",
    "\"",
    "'",
    "‘",
    "’",
    "«",
    "»",
    " ",
    " ",
    " ",
    ". ",
    ", ",
    "\n",
    "\n\n",
    "—",
    "-",
    "Füzuli",
    "Ünïcödé",
    "🙂",
    "[ad_1]",
    "Read more: ",
    "Uncredited / AP",
    "pic.twitter.com/x1",
    "\u{a0}",
    "\t",
];

/// Built once: the same analyzer serves every generated case.
fn shared() -> &'static framescope::pipeline::Analyzer {
    static A: std::sync::OnceLock<framescope::pipeline::Analyzer> = std::sync::OnceLock::new();
    A.get_or_init(|| analyzer().with_actor_mentions())
}

fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn hits_point_at_their_text(text in article(), title in any::<bool>()) {
        let r = shared().analyze(doc(&text, title), &mut Tokens::default());
        let chars: Vec<char> = text.chars().collect();
        for (h, e) in r.hits.iter().zip(&r.evidence) {
            prop_assert!(h.start < h.end && h.end <= text.len());
            prop_assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end));
            prop_assert_eq!(&text[h.start..h.end], e.matched.as_str());
            prop_assert!(e.char_start < e.char_end && e.char_end <= chars.len());
            let slice: String = chars[e.char_start..e.char_end].iter().collect();
            prop_assert_eq!(&slice, &e.matched);
            let ctx: Vec<char> = e.context.chars().collect();
            prop_assert!(e.context_offset <= ctx.len());
        }
        for (m, e) in r.mentions.iter().zip(&r.mention_evidence) {
            prop_assert_eq!(&text[m.start..m.end], e.matched.as_str());
        }
    }

    #[test]
    fn table_counts_equal_hits(texts in prop::collection::vec(article(), 1..6)) {
        let a = shared();
        let mut agg = Aggregator::new(&a.lexicon);
        let mut all_hits = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            let mut d = doc(t, true);
            d.id = format!("d{i}");
            d.outlet = if i % 2 == 0 { "A".into() } else { "B".into() };
            let r = a.analyze(d, &mut Tokens::default());
            agg.add(&r).unwrap();
            all_hits.extend(r.hits.into_iter().map(|h| (r.doc.outlet.clone(), h)));
        }
        for row in agg.outlet_frames() {
            let mine: Vec<_> = all_hits.iter().filter(|(o, h)| *o == row.outlet && *h.frame == *row.frame).collect();
            let own = mine.iter().filter(|(_, h)| h.zone.is_main() && h.voice == framescope::types::Voice::Own).count();
            let quote = mine.iter().filter(|(_, h)| h.zone.is_main() && h.voice == framescope::types::Voice::Quote).count();
            prop_assert_eq!(row.hits_own, own);
            prop_assert_eq!(row.hits_quote, quote);
            prop_assert_eq!(framescope::Zone::ALL.iter().map(|z| row.hits_in(*z)).sum::<usize>(), mine.len());
        }
    }
}

#[test]
fn whole_corpus_and_two_halves_give_the_same_document_rows() {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("corpus/karabakh-2020");
    let mut names: Vec<_> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let manifest = std::fs::read_to_string(src.join("manifest.csv")).unwrap();
    let (first, second) = names.split_at(2);
    for (k, part) in [("a", first), ("b", second)] {
        let d = dir.path().join(k);
        std::fs::create_dir(&d).unwrap();
        std::fs::write(d.join("manifest.csv"), &manifest).unwrap();
        for n in part {
            std::fs::copy(src.join(n), d.join(n)).unwrap();
        }
    }
    let run = |input: &std::path::Path, out: &str| {
        let out = dir.path().join(out);
        assert_cmd::Command::cargo_bin("framescope")
            .unwrap()
            .current_dir(root())
            .env("FRAMESCOPE_HOME", "/nonexistent/framescope-test-home")
            .arg("analyze")
            .arg(input)
            .args(["--no-sentiment", "-q", "--out"])
            .arg(&out)
            .assert()
            .success();
        read_rows(&out.join("documents.csv"))
    };
    let whole = run(&src, "whole");
    let mut halves = run(&dir.path().join("a"), "oa");
    halves.extend(run(&dir.path().join("b"), "ob"));
    let strip =
        |rows: Vec<std::collections::HashMap<String, String>>| -> Vec<Vec<(String, String)>> {
            rows.into_iter()
                .map(|mut r| {
                    r.remove("source");
                    let mut v: Vec<_> = r.into_iter().collect();
                    v.sort();
                    v
                })
                .collect()
        };
    assert_eq!(strip(whole), strip(halves));
}

/// Characters that exercise every UAX #29 sentence rule: terminators (ASCII, Armenian full
/// stop, Arabic question mark, CJK, Devanagari danda, ellipsis), closing punctuation, spaces of
/// several kinds, upper/lower/other letters, digits, continuation punctuation, combining marks,
/// format characters and separators.
const SENTENCE_CHARS: &[char] = &[
    '.', '.', '!', '?', '։', '؟', '。', '।', '…', '"', '\'', '”', '’', ')', ']', '»', '(', ' ',
    ' ', ' ', '\u{a0}', '\t', 'a', 'b', 'e', 'g', 'A', 'B', 'U', 'S', 'ü', 'Ö', '1', '5', ',', ';',
    ':', '-', '—', '\u{301}', '\u{200d}', '\u{ad}', 'ա', 'Ա', 'ع', '中', '\n', '\r', '\u{2029}',
];

fn uax29_starts(par: &str) -> Vec<usize> {
    use unicode_segmentation::UnicodeSegmentation;
    par.split_sentence_bound_indices().map(|(i, _)| i).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn fast_sentence_starts_equal_uax29(s in proptest::collection::vec(
        proptest::sample::select(SENTENCE_CHARS), 0..80)
    ) {
        let par: String = s.into_iter().collect();
        prop_assert_eq!(framescope::voice::sentence_starts(&par), uax29_starts(&par), "{:?}", par);
    }

    #[test]
    fn fast_sentence_starts_equal_uax29_on_words(s in proptest::collection::vec(
        proptest::sample::select(PIECES), 0..60)
    ) {
        let par: String = s.concat();
        prop_assert_eq!(framescope::voice::sentence_starts(&par), uax29_starts(&par), "{:?}", par);
    }
}

#[test]
fn fast_sentence_starts_equal_uax29_on_real_text() {
    // Every line of the demo corpus and every NewsMTSC sentence of the fixture.
    let mut lines: Vec<String> = Vec::new();
    for e in std::fs::read_dir(root().join("corpus/karabakh-2020")).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        lines.extend(text.lines().map(str::to_string));
    }
    for l in std::fs::read_to_string(root().join("tests/fixtures/newsmtsc-mini.jsonl"))
        .unwrap()
        .lines()
    {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        lines.push(
            v["sentence_normalized"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        );
    }
    assert!(lines.len() > 150);
    for l in &lines {
        assert_eq!(
            framescope::voice::sentence_starts(l),
            uax29_starts(l),
            "{l:?}"
        );
    }
}

/// ASCII bytes of every Word_Break class: letters, digits, `_` (ExtendNumLet), `.` `'` `:`
/// `,` `;` (the infixes), `"`, spaces, CR, LF, VT, FF, tab, and other punctuation.
const WORD_BYTES: &[u8] = b"aZ9_.':,;\" \r\n\x0b\x0c\t-/";

fn uax29_words(s: &str) -> Vec<(usize, &str)> {
    use unicode_segmentation::UnicodeSegmentation;
    s.unicode_word_indices().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5000, ..ProptestConfig::default() })]

    #[test]
    fn ascii_words_equal_uax29_on_any_ascii(s in proptest::collection::vec(0u8..128, 0..60)) {
        let s = String::from_utf8(s).unwrap();
        let fast: Vec<_> = framescope::tokenize::ascii_words(&s).collect();
        prop_assert_eq!(fast, uax29_words(&s), "{:?}", s);
    }

    #[test]
    fn ascii_words_equal_uax29_on_word_classes(
        s in proptest::collection::vec(proptest::sample::select(WORD_BYTES), 0..60)
    ) {
        let s = String::from_utf8(s).unwrap();
        let fast: Vec<_> = framescope::tokenize::ascii_words(&s).collect();
        prop_assert_eq!(fast, uax29_words(&s), "{:?}", s);
    }
}

/// Characters next to which a space does or does not break: ASCII letters, digits and
/// infixes, other spaces (U+3000, U+2002, no-break space), combining marks (one that counts
/// as a letter, Devanagari AA), joiner and format characters, a right single quotation mark
/// (an infix), emoji, regional indicators, Hebrew, Katakana, Armenian and Cyrillic letters.
const MIXED_CHARS: &[char] = &[
    'a', 'Z', '7', '_', '.', '\'', ':', ',', ' ', ' ', ' ', '\u{3000}', '\u{2002}', '\u{a0}',
    '\u{301}', '\u{93e}', '\u{200d}', '\u{200e}', '’', '👍', '🇦', 'א', '"', 'カ', 'ա', 'ж', '-',
    '\n',
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 5000, ..ProptestConfig::default() })]

    #[test]
    fn word_indices_equal_uax29_on_mixed_text(
        s in proptest::collection::vec(proptest::sample::select(MIXED_CHARS), 0..60)
    ) {
        let s: String = s.into_iter().collect();
        let fast: Vec<_> = framescope::tokenize::word_indices(&s).collect();
        prop_assert_eq!(fast, uax29_words(&s), "{:?}", s);
    }

    #[test]
    fn word_indices_equal_uax29_on_pieces(s in proptest::collection::vec(
        proptest::sample::select(PIECES), 0..60)
    ) {
        let s = s.concat();
        let fast: Vec<_> = framescope::tokenize::word_indices(&s).collect();
        prop_assert_eq!(fast, uax29_words(&s), "{:?}", s);
    }
}

#[test]
fn ascii_words_equal_uax29_on_every_short_string() {
    // Every string of up to 6 bytes over one byte per Word_Break class, a second letter (for
    // runs) and `-` (a break of its own): 5.2 million strings.
    let alphabet = b"ab1_.':,; \r\n-";
    let mut checked = 0usize;
    let mut s = Vec::new();
    for len in 0..=6u32 {
        for mut n in 0..alphabet.len().pow(len) {
            s.clear();
            for _ in 0..len {
                s.push(alphabet[n % alphabet.len()]);
                n /= alphabet.len();
            }
            let text = std::str::from_utf8(&s).unwrap();
            let fast: Vec<_> = framescope::tokenize::ascii_words(text).collect();
            assert_eq!(fast, uax29_words(text), "{text:?}");
            checked += 1;
        }
    }
    assert!(checked > 5_000_000);
}

#[test]
fn fast_words_equal_uax29_on_real_text() {
    let mut n = 0;
    for e in std::fs::read_dir(root().join("corpus/karabakh-2020")).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        for line in text.lines() {
            let fast: Vec<_> = framescope::tokenize::word_indices(line).collect();
            assert_eq!(fast, uax29_words(line), "{line:?}");
            n += fast.len();
            if line.is_ascii() {
                let ascii: Vec<_> = framescope::tokenize::ascii_words(line).collect();
                assert_eq!(ascii, fast, "{line:?}");
            }
        }
    }
    assert!(n > 1000, "{n}");
}

#[test]
fn the_terminator_table_skips_no_terminator() {
    let all = framescope::voice::probe_terminators(0..=char::MAX as u32);
    assert_eq!(
        framescope::voice::sentence_terminators(),
        &all[..],
        "the segmenter's terminators changed (a new unicode-segmentation?): write these into \
         SENTENCE_TERMINATORS in src/voice.rs: {all:X?}"
    );
    // ASCII terminators, the Armenian full stop, the Arabic question mark, the CJK full stop.
    for c in ['.', '!', '?', '։', '؟', '。'] {
        assert!(all.contains(&(c as u32)), "{c}");
    }
}
