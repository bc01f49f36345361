//! The cleaning rules' regular expressions, and the order they run in on a line.
//!
//! Each rule group (drop, photo credit, caption ...) is a list of patterns; a line is in a group
//! when any of its patterns matches. Most lines are article text that no pattern matches, so
//! what matters is the cost of saying "none". Two things keep it low:
//!
//! - A prefilter ([`literals`](super::literals)): the strings each pattern cannot match without,
//!   for all patterns in one Aho-Corasick pass; a pattern whose strings are absent is not run.
//! - A pattern with a Unicode word boundary (`\b`) also gets a copy whose boundaries are ASCII
//!   ones, used on lines with no non-ASCII word character: there the two give the same answer at
//!   every position (a character is a word character for one exactly when it is for the other),
//!   but the lazy DFA cannot run a Unicode `\b` past a non-ASCII byte (a curly quote, a dash)
//!   and falls back to a much slower engine on the rest of the line.
//!
//! Each pattern is compiled for `is_match` alone ([`engine`](super::engine)): one forward NFA,
//! not the reverse one and the engines `regex` builds beside it, which halves start-up.
//!
//! Patterns are kept apart rather than in one multi-pattern regex, with a lazy-DFA cache larger
//! than the default: a set of `$`-anchored, case-insensitive patterns overflows the cache and
//! falls back to the slow NFA simulation (measured: the shipped rules ran 2-6x slower as a set,
//! with ASCII boundaries or without).

use super::engine::MatchOnly;
use super::literals::{needed, Set, FOLDS_TO_ASCII};
use aho_corasick::AhoCorasick;
use regex_syntax::hir::Hir;

/// Lazy-DFA cache per regex (it grows only as far as a pattern needs).
const DFA_CACHE: usize = 16 << 20;

/// The rule groups; the groups a line is in are a bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Group {
    Drop,
    PhotoCredit,
    EmbedSignature,
    Embed,
    TeaserList,
    Teaser,
    Caption,
    TeaserItem,
}

/// The groups a line is in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Matched(u16);

impl Matched {
    pub(super) fn has(self, g: Group) -> bool {
        self.0 & (1 << g as u16) != 0
    }
    fn add(&mut self, g: Group) {
        self.0 |= 1 << g as u16;
    }
}

/// A line being classified, and whether all its word characters are ASCII (found once).
pub(super) struct Line<'a> {
    pub(super) text: &'a str,
    pub(super) ascii_words: bool,
}

impl<'a> Line<'a> {
    pub(super) fn new(text: &'a str) -> Line<'a> {
        let ascii_words = text.is_ascii()
            || text
                .chars()
                .all(|c| c.is_ascii() || !regex_syntax::is_word_character(c));
        Line { text, ascii_words }
    }
}

/// One pattern.
#[derive(Debug, Clone)]
pub(super) struct Pattern {
    /// The pattern as written.
    #[cfg(test)]
    pub(super) source: String,
    pub(super) any: MatchOnly,
    /// The pattern with ASCII word boundaries, `None` when it has no Unicode word boundary.
    pub(super) ascii_words: Option<MatchOnly>,
    /// Whether the prefilter has strings for this pattern.
    filtered: bool,
}

impl Pattern {
    fn is_match(&self, line: &Line) -> bool {
        match (&self.ascii_words, line.ascii_words) {
            (Some(a), true) => a.is_match(line.text),
            _ => self.any.is_match(line.text),
        }
    }
}

/// Compiled rule groups.
#[derive(Debug, Clone)]
pub(super) struct Groups {
    /// Patterns by group, numbered in this order.
    each: Vec<(Group, Vec<Pattern>)>,
    /// The needed strings of all filtered patterns, and the pattern number of each string.
    prefilter: Option<(AhoCorasick, Vec<usize>)>,
}

/// Per-thread scratch for [`Groups::matched`]: which patterns' strings a line contains.
#[derive(Debug, Default)]
pub(super) struct Seen(Vec<bool>);

impl Groups {
    /// Compiles the groups' patterns; the error names the group and the pattern's problem.
    pub(super) fn new(groups: Vec<(Group, &[String])>) -> Result<Groups, String> {
        let mut each = Vec::new();
        let mut strings: Vec<Vec<u8>> = Vec::new();
        let mut owner = Vec::new();
        let mut number = 0;
        for (group, pats) in groups {
            let mut compiled = Vec::new();
            for p in pats {
                let (pattern, needs) =
                    compile(p).map_err(|e| format!("bad pattern in `{}`: {e}", name(group)))?;
                for s in needs.into_iter().flatten() {
                    strings.push(s);
                    owner.push(number);
                }
                compiled.push(pattern);
                number += 1;
            }
            each.push((group, compiled));
        }
        let prefilter = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            // A few hundred short strings: a full DFA is small and takes one lookup per byte.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&strings)
            .ok()
            .filter(|_| !strings.is_empty());
        if prefilter.is_none() {
            for (_, pats) in &mut each {
                pats.iter_mut().for_each(|p| p.filtered = false);
            }
        }
        Ok(Groups {
            each,
            prefilter: prefilter.map(|ac| (ac, owner)),
        })
    }

    /// The groups `line` is in.
    pub(super) fn matched(&self, line: &Line, seen: &mut Seen) -> Matched {
        let filter = match &self.prefilter {
            Some((ac, owner)) if line.text.is_ascii() || !line.text.contains(FOLDS_TO_ASCII) => {
                seen.0.clear();
                seen.0
                    .resize(self.each.iter().map(|(_, p)| p.len()).sum(), false);
                for m in ac.find_overlapping_iter(line.text) {
                    seen.0[owner[m.pattern().as_usize()]] = true;
                }
                true
            }
            _ => false,
        };
        let mut m = Matched::default();
        let mut number = 0;
        for (g, pats) in &self.each {
            let mut hit = false;
            for p in pats {
                hit = hit || ((!filter || !p.filtered || seen.0[number]) && p.is_match(line));
                number += 1;
            }
            if hit {
                m.add(*g);
            }
        }
        m
    }

    #[cfg(test)]
    pub(super) fn patterns(&self) -> impl Iterator<Item = &Pattern> {
        self.each.iter().flat_map(|(_, p)| p)
    }
}

fn name(g: Group) -> &'static str {
    match g {
        Group::Drop => "drop",
        Group::PhotoCredit => "photo_credit",
        Group::EmbedSignature => "embed_signature",
        Group::Embed => "embed",
        Group::TeaserList => "teaser_list",
        Group::Teaser => "teaser",
        Group::Caption => "caption",
        Group::TeaserItem => "teaser_item",
    }
}

/// The pattern, and the strings it cannot match without (if it has useful ones).
fn compile(p: &str) -> Result<(Pattern, Option<Set>), String> {
    let hir = parse(p)?;
    let any = MatchOnly::new(&hir, DFA_CACHE)?;
    let needs = needed(&hir);
    let ascii_words = {
        let (h, changed) = ascii_looks(&hir);
        changed
            .then(|| MatchOnly::new(&h, DFA_CACHE).ok())
            .flatten()
    };
    let filtered = needs.is_some();
    Ok((
        Pattern {
            #[cfg(test)]
            source: p.to_string(),
            any,
            ascii_words,
            filtered,
        },
        needs,
    ))
}

/// The pattern's syntax tree, parsed as `regex` parses it (and with its error message).
fn parse(p: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(p)
        .map_err(|e| super::one_line(&e))
}

/// `hir` with its Unicode word-boundary assertions made ASCII ones, and whether any was.
fn ascii_looks(hir: &Hir) -> (Hir, bool) {
    use regex_syntax::hir::{Capture, HirKind, Look, Repetition};
    let all = |subs: &[Hir]| -> (Vec<Hir>, bool) {
        let mut changed = false;
        let out = subs
            .iter()
            .map(|h| {
                let (h, c) = ascii_looks(h);
                changed |= c;
                h
            })
            .collect();
        (out, changed)
    };
    match hir.kind() {
        HirKind::Look(look) => {
            let ascii = match look {
                Look::WordUnicode => Look::WordAscii,
                Look::WordUnicodeNegate => Look::WordAsciiNegate,
                Look::WordStartUnicode => Look::WordStartAscii,
                Look::WordEndUnicode => Look::WordEndAscii,
                Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
                Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
                other => *other,
            };
            (Hir::look(ascii), ascii != *look)
        }
        HirKind::Repetition(r) => {
            let (sub, c) = ascii_looks(&r.sub);
            let sub = Box::new(sub);
            (Hir::repetition(Repetition { sub, ..r.clone() }), c)
        }
        HirKind::Capture(cap) => {
            let (sub, c) = ascii_looks(&cap.sub);
            let sub = Box::new(sub);
            (Hir::capture(Capture { sub, ..cap.clone() }), c)
        }
        HirKind::Concat(subs) => {
            let (subs, c) = all(subs);
            (Hir::concat(subs), c)
        }
        HirKind::Alternation(subs) => {
            let (subs, c) = all(subs);
            (Hir::alternation(subs), c)
        }
        _ => (hir.clone(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of debris and article lines, with the non-ASCII characters news text carries
    /// (curly quotes, dashes, ©, a no-break space) and a few non-ASCII letters.
    const PIECES: &[&str] = &[
        "all rights reserved",
        "All Rights Reserved.",
        "copyright",
        "© 2020",
        "(c) 2021",
        "reprinting is allowed only with a hyperlink",
        "protected by copyright",
        "Reuters",
        "AP",
        "/ AP",
        "Jane Doe",
        "is a senior correspondent at",
        "Example News",
        "join now",
        "JOIN NOW",
        "read more:",
        "Related:",
        "pic.twitter.com/abc1",
        "follow us on Telegram",
        "we use cookies",
        "tags: war",
        "if you notice an error",
        "reprinting is allowed only with a hyperlink",
        "use of the site materials",
        "link",
        "\u{212a}",
        "\u{17f}",
        "ALL RIGHTS RESERVED",
        "about the author",
        "Azerbaijan",
        "Stepanakert",
        "occupied",
        "the",
        "a",
        "of",
        "2020",
        "1",
        ".",
        ",",
        ":",
        "-",
        "_",
        "'",
        "\u{2019}",
        "\u{201c}",
        "\u{201d}",
        "\u{2014}",
        "\u{2013}",
        "\u{a0}",
        "\u{b7}",
        "\u{a9}",
        "é",
        "Ş",
        "\u{442}",
        " ",
        " ",
        " ",
    ];

    fn line() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..24).prop_map(|p| p.concat())
    }

    /// Compiled once: building every pattern per case would dominate the test.
    fn groups() -> &'static Groups {
        static GROUPS: std::sync::OnceLock<Groups> = std::sync::OnceLock::new();
        GROUPS.get_or_init(|| {
            super::super::CleanRules::parse(super::super::BUILTIN_RULES, "built-in")
                .unwrap()
                .groups
        })
    }

    /// The pattern compiled by `regex` itself: what every fast path must agree with.
    fn reference(p: &Pattern) -> regex::Regex {
        static COMPILED: std::sync::Mutex<Vec<(String, regex::Regex)>> =
            std::sync::Mutex::new(Vec::new());
        let mut all = COMPILED.lock().unwrap();
        if let Some((_, r)) = all.iter().find(|(s, _)| *s == p.source) {
            return r.clone();
        }
        let r = regex::Regex::new(&p.source).unwrap();
        all.push((p.source.clone(), r.clone()));
        r
    }

    #[test]
    fn each_pattern_answers_as_regex_does_on_every_line_of_the_demo_corpus() {
        let mut lines = 0;
        for e in
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/karabakh-2020")).unwrap()
        {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            for line in text.lines() {
                for p in groups().patterns() {
                    assert_eq!(
                        p.any.is_match(line),
                        reference(p).is_match(line),
                        "{} on {line:?}",
                        p.source
                    );
                }
                lines += 1;
            }
        }
        assert!(lines > 100, "{lines}");
    }

    #[test]
    fn empty_matches_and_unicode_boundaries_answer_as_regex_does() {
        let (p, _) = compile(r"^(?i)(share)?$").unwrap();
        assert!(p.any.is_match("") && p.any.is_match("SHARE") && !p.any.is_match("share this"));
        let (p, _) = compile(r"(?i)\bkg\b").unwrap();
        assert!(p.any.is_match("5 \u{212a}g") && p.any.is_match("a kg.") && !p.any.is_match("kgs"));
        assert!(p.any.is_match("\u{201c}kg\u{201d}") && !p.any.is_match("ékg"));
    }

    #[test]
    fn the_shipped_patterns_with_word_boundaries_get_an_ascii_copy() {
        let ps: Vec<&Pattern> = groups().patterns().collect();
        let with = ps.iter().filter(|p| p.ascii_words.is_some()).count();
        assert!(with >= 10, "{with}");
        assert!(ps
            .iter()
            .all(|p| p.ascii_words.is_some() == p.source.contains(r"\b")));
    }

    #[test]
    fn the_shipped_rules_that_scan_a_line_before_their_phrase_are_prefiltered() {
        let filtered: Vec<&str> = groups()
            .patterns()
            .filter(|p| p.filtered)
            .map(|p| p.source.as_str())
            .collect();
        assert!(filtered.iter().any(|p| p.contains("all rights reserved")));
        assert!(filtered
            .iter()
            .any(|p| p.contains("protected by copyright")));
        assert!(filtered.len() >= 20, "{}", filtered.len());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// On a line with no non-ASCII word character, the ASCII-boundary copy of a pattern
        /// answers as the pattern does.
        #[test]
        fn ascii_copies_agree_where_they_are_used(s in line()) {
            let l = Line::new(&s);
            for p in groups().patterns().filter(|_| l.ascii_words) {
                if let Some(a) = &p.ascii_words {
                    prop_assert_eq!(a.is_match(&s), reference(p).is_match(&s), "{} on {:?}", p.source, s);
                }
            }
        }

        /// The prefilter and the ASCII copies together give every group's answer as running
        /// each pattern as written.
        #[test]
        fn the_fast_path_answers_as_the_patterns_do(s in line()) {
            let g = groups();
            let fast = g.matched(&Line::new(&s), &mut Seen::default());
            let mut slow = Matched::default();
            for (group, pats) in &g.each {
                if pats.iter().any(|p| reference(p).is_match(&s)) {
                    slow.add(*group);
                }
            }
            prop_assert_eq!(fast, slow, "{:?}", s);
        }
    }

    #[test]
    fn lines_with_non_ascii_letters_use_the_unicode_pattern() {
        assert!(Line::new("Troops \u{2014} \u{201c}occupied\u{201d} \u{a9} 2020").ascii_words);
        assert!(!Line::new("Stepanakert (Xank\u{259}ndi) was shelled").ascii_words);
        assert!(!Line::new("\u{442}\u{435}\u{441}\u{442}").ascii_words);
    }

    #[test]
    fn a_kelvin_sign_or_long_s_is_not_hidden_by_the_prefilter() {
        let g = Groups::new(vec![(
            Group::Drop,
            ["(?i)^ma[s]k here".to_string()].as_slice(),
        )])
        .unwrap();
        for s in ["MASK HERE", "ma\u{17f}k here", "mask here"] {
            assert!(
                g.matched(&Line::new(s), &mut Seen::default())
                    .has(Group::Drop),
                "{s}"
            );
        }
        let g = Groups::new(vec![(
            Group::Drop,
            ["(?i)^clic[k] here".to_string()].as_slice(),
        )])
        .unwrap();
        assert!(g
            .matched(&Line::new("clic\u{212a} here"), &mut Seen::default())
            .has(Group::Drop));
        assert!(!g
            .matched(&Line::new("click there"), &mut Seen::default())
            .has(Group::Drop));
    }
}
