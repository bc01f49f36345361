//! Clean stage: drop scraping debris and label each kept paragraph with its zone.
//!
//! Every non-empty line is a paragraph. The rules (which lines are banners, credits, teasers,
//! captions, embeds) live in a TOML file (`lexicons/boilerplate.toml`), not here.

use crate::types::{Cleaned, Document, Segment, Zone};
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
// Fx hashing: small sets of short keys probed once per token or paragraph.
use rustc_hash::FxHashSet as HashSet;
use std::path::Path;

/// The boilerplate file shipped with framescope, used when no file is given and none is found.
pub const BUILTIN_RULES: &str = include_str!("../lexicons/boilerplate.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    drop: Vec<String>,
    #[serde(default)]
    photo_credit: Vec<String>,
    #[serde(default)]
    caption: Vec<String>,
    #[serde(default)]
    teaser: Vec<String>,
    #[serde(default)]
    teaser_list: Vec<String>,
    teaser_item: Option<String>,
    #[serde(default)]
    embed: Vec<String>,
    #[serde(default)]
    embed_signature: Vec<String>,
    /// Longest paragraph, in characters, that `embed` or a signature can make an embed.
    embed_max_chars: Option<usize>,
}

/// Default for `embed_max_chars`: a post of 280 characters with its link and a signature.
const EMBED_MAX_CHARS: usize = 320;

/// A list of patterns; a line matches when any pattern does.
///
/// Patterns are kept apart rather than in a `RegexSet`, and get a larger lazy-DFA cache than
/// the default: on long non-ASCII paragraphs a set of `$`-anchored, case-insensitive Unicode
/// patterns overflows the default cache and falls back to the slow NFA simulation (measured:
/// the shipped rules ran 6x faster this way; see BENCHMARKS.md).
///
/// A pattern with a Unicode word boundary (`\b`) also gets a copy whose boundaries are ASCII
/// ones, used on lines with no non-ASCII word character: there the two give the same answer at
/// every position (a character is a word character for one exactly when it is for the other),
/// but the lazy DFA cannot run a Unicode `\b` past a non-ASCII byte (a curly quote, a dash) and
/// falls back to a much slower engine on the rest of the line.
#[derive(Debug, Clone)]
struct Patterns(Vec<Pattern>);

#[derive(Debug, Clone)]
struct Pattern {
    any: Regex,
    ascii_words: Option<regex_automata::meta::Regex>,
}

impl Patterns {
    fn is_match(&self, line: &Line) -> bool {
        self.0
            .iter()
            .any(|p| match (&p.ascii_words, line.ascii_words) {
                (Some(a), true) => a.is_match(line.text),
                _ => p.any.is_match(line.text),
            })
    }
}

/// A line being classified, and whether all its word characters are ASCII (found once).
struct Line<'a> {
    text: &'a str,
    ascii_words: bool,
}

impl<'a> Line<'a> {
    fn new(text: &'a str) -> Line<'a> {
        let ascii_words = text.is_ascii()
            || text
                .chars()
                .all(|c| c.is_ascii() || !regex_syntax::is_word_character(c));
        Line { text, ascii_words }
    }
}

/// The pattern with every Unicode word boundary made an ASCII one, built as `regex` builds a
/// pattern; `None` when it has no Unicode word boundary.
fn ascii_boundaries(pattern: &str) -> Option<regex_automata::meta::Regex> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let (hir, changed) = ascii_looks(&hir);
    if !changed {
        return None;
    }
    let config = regex_automata::meta::Config::new()
        .nfa_size_limit(Some(10 * (1 << 20)))
        .hybrid_cache_capacity(DFA_CACHE)
        .match_kind(regex_automata::MatchKind::LeftmostFirst)
        .utf8_empty(true);
    regex_automata::meta::Builder::new()
        .configure(config)
        .build_from_hir(&hir)
        .ok()
}

/// `hir` with its Unicode word-boundary assertions made ASCII ones, and whether any was.
fn ascii_looks(hir: &regex_syntax::hir::Hir) -> (regex_syntax::hir::Hir, bool) {
    use regex_syntax::hir::{Capture, Hir, HirKind, Look, Repetition};
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

/// Lazy-DFA cache per pattern (it grows only as far as a pattern needs).
const DFA_CACHE: usize = 16 << 20;

/// Compiled cleaning rules.
#[derive(Debug, Clone)]
pub struct CleanRules {
    drop: Patterns,
    photo_credit: Patterns,
    caption: Patterns,
    teaser: Patterns,
    teaser_list: Patterns,
    teaser_item: Patterns,
    embed: Patterns,
    embed_signature: Patterns,
    embed_max_chars: usize,
}

impl CleanRules {
    /// Parses rules from TOML text; `origin` names the file in errors.
    pub fn parse(text: &str, origin: &str) -> anyhow::Result<CleanRules> {
        let raw: RulesFile =
            toml::from_str(text).map_err(|e| anyhow::anyhow!("{origin}: {}", one_line(&e)))?;
        let set = |name: &str, pats: &[String]| -> anyhow::Result<Patterns> {
            pats.iter()
                .map(|p| {
                    RegexBuilder::new(p)
                        .dfa_size_limit(DFA_CACHE)
                        .build()
                        .map(|any| Pattern {
                            any,
                            ascii_words: ascii_boundaries(p),
                        })
                        .map_err(|e| {
                            anyhow::anyhow!("{origin}: bad pattern in `{name}`: {}", one_line(&e))
                        })
                })
                .collect::<anyhow::Result<_>>()
                .map(Patterns)
        };
        Ok(CleanRules {
            drop: set("drop", &raw.drop)?,
            photo_credit: set("photo_credit", &raw.photo_credit)?,
            caption: set("caption", &raw.caption)?,
            teaser: set("teaser", &raw.teaser)?,
            teaser_list: set("teaser_list", &raw.teaser_list)?,
            teaser_item: set("teaser_item", raw.teaser_item.as_slice())?,
            embed: set("embed", &raw.embed)?,
            embed_signature: set("embed_signature", &raw.embed_signature)?,
            embed_max_chars: raw.embed_max_chars.unwrap_or(EMBED_MAX_CHARS),
        })
    }

    pub fn from_file(path: &Path) -> anyhow::Result<CleanRules> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        CleanRules::parse(&text, &path.display().to_string())
    }
}

/// Collapses a multi-line message (TOML and regex errors span lines) to one line.
pub fn one_line(e: &dyn std::fmt::Display) -> String {
    e.to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Drop,
    Credit,
    Caption,
    Teaser,
    TeaserList,
    Embed,
    EmbedSignature,
    Text,
}

/// Characters that pad scraped lines: whitespace, no-break spaces, zero-width marks.
fn is_pad(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{200e}' | '\u{200f}')
}

/// Characters that end a line: LF, CR (alone or in CRLF), NEL, LINE and PARAGRAPH SEPARATOR.
fn is_line_end(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Non-empty lines as trimmed byte ranges (into the text as it is: nothing is rewritten).
fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive(is_line_end) {
        let trimmed_start = line.len() - line.trim_start_matches(is_pad).len();
        let body = line.trim_matches(is_pad);
        if !body.is_empty() {
            out.push((pos + trimmed_start, pos + trimmed_start + body.len()));
        }
        pos += line.len();
    }
    out
}

fn words(s: &str) -> HashSet<&str> {
    unicode_segmentation::UnicodeSegmentation::unicode_words(s).collect()
}

/// Near-identical captions ("... artillery bombardment." / "... artillery shelling.") share most words
/// (Jaccard similarity of their word sets at least 0.6).
fn similar(a: &str, b: &str) -> bool {
    let (wa, wb) = (words(a), words(b));
    let inter = wa.intersection(&wb).count();
    let union = wa.union(&wb).count();
    union > 0 && inter * 10 >= union * 6
}

/// Splits a document into zoned paragraphs, dropping boilerplate and word-for-word repeats.
pub fn clean(doc: &Document, rules: &CleanRules) -> Cleaned {
    let text = doc.text.as_str();
    let lines = lines(text);
    let mut kinds: Vec<Kind> = lines
        .iter()
        .map(|&(s, e)| classify(&text[s..e], rules))
        .collect();

    // A signature line pulls the post text just before it into the embed (if post-sized).
    for i in 0..kinds.len() {
        if kinds[i] == Kind::EmbedSignature
            && i > 0
            && kinds[i - 1] == Kind::Text
            && post_sized(&text[lines[i - 1].0..lines[i - 1].1], rules)
        {
            kinds[i - 1] = Kind::Embed;
        }
    }
    // Captions around photo credits: the line before, and the line after if it repeats it.
    for i in 0..kinds.len() {
        if kinds[i] != Kind::Credit {
            continue;
        }
        let prev = (0..i).rev().find(|&j| kinds[j] != Kind::Drop);
        if let Some(p) = prev.filter(|&p| matches!(kinds[p], Kind::Text | Kind::Caption)) {
            kinds[p] = Kind::Caption;
            if let Some(n) = (i + 1..kinds.len()).find(|&j| kinds[j] != Kind::Drop) {
                let (ps, pe) = lines[p];
                let (ns, ne) = lines[n];
                if kinds[n] == Kind::Text && similar(&text[ps..pe], &text[ns..ne]) {
                    kinds[n] = Kind::Caption;
                }
            }
        }
    }

    let mut out = Cleaned::default();
    let mut seen: HashSet<&str> = HashSet::default();
    let mut title_done = !doc.first_line_is_title;
    let mut in_teaser_list = false;
    for (&(s, e), &kind) in lines.iter().zip(&kinds) {
        let line = &text[s..e];
        if kind != Kind::Text || !rules.teaser_item.is_match(&Line::new(line)) {
            in_teaser_list = false;
        }
        let zone = match kind {
            Kind::Drop | Kind::Credit => {
                out.dropped_lines += 1;
                continue;
            }
            Kind::TeaserList => {
                in_teaser_list = true;
                out.dropped_lines += 1;
                continue;
            }
            Kind::Caption => Zone::Caption,
            Kind::Teaser => Zone::Teaser,
            Kind::Embed | Kind::EmbedSignature => Zone::Embed,
            Kind::Text if in_teaser_list => Zone::Teaser,
            Kind::Text if !title_done => Zone::Title,
            Kind::Text => Zone::Body,
        };
        if zone.is_main() {
            title_done = true;
        }
        if !seen.insert(line) {
            out.duplicate_paragraphs += 1;
            continue;
        }
        out.segments.push(Segment {
            zone,
            start: s,
            end: e,
        });
    }
    out
}

fn classify(text: &str, r: &CleanRules) -> Kind {
    let line = &Line::new(text);
    if r.drop.is_match(line) {
        Kind::Drop
    } else if r.photo_credit.is_match(line) {
        Kind::Credit
    } else if r.embed_signature.is_match(line) {
        Kind::EmbedSignature
    } else if r.embed.is_match(line) && post_sized(text, r) {
        Kind::Embed
    } else if r.teaser_list.is_match(line) {
        Kind::TeaserList
    } else if r.teaser.is_match(line) {
        Kind::Teaser
    } else if r.caption.is_match(line) {
        Kind::Caption
    } else {
        Kind::Text
    }
}

/// Short enough to be an embedded post: an embed rule never takes a whole article paragraph.
fn post_sized(line: &str, r: &CleanRules) -> bool {
    line.len() <= r.embed_max_chars || line.chars().count() <= r.embed_max_chars
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
    fn patterns() -> &'static [Pattern] {
        static PATTERNS: std::sync::OnceLock<Vec<Pattern>> = std::sync::OnceLock::new();
        PATTERNS.get_or_init(compile)
    }

    fn compile() -> Vec<Pattern> {
        let r = CleanRules::parse(BUILTIN_RULES, "built-in").unwrap();
        let groups = [
            r.drop,
            r.photo_credit,
            r.caption,
            r.teaser,
            r.teaser_list,
            r.teaser_item,
            r.embed,
            r.embed_signature,
        ];
        groups.into_iter().flat_map(|g| g.0).collect()
    }

    #[test]
    fn the_shipped_patterns_with_word_boundaries_get_an_ascii_copy() {
        let ps = patterns();
        let with = ps.iter().filter(|p| p.ascii_words.is_some()).count();
        assert!(with >= 10, "{with}");
        assert!(ps
            .iter()
            .all(|p| p.ascii_words.is_some() == p.any.as_str().contains(r"\b")));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// On a line with no non-ASCII word character, the ASCII-boundary copy of a pattern
        /// answers as the pattern does.
        #[test]
        fn ascii_copies_agree_where_they_are_used(s in line()) {
            let l = Line::new(&s);
            for p in patterns().iter().filter(|_| l.ascii_words) {
                if let Some(a) = &p.ascii_words {
                    prop_assert_eq!(a.is_match(&s), p.any.is_match(&s), "{} on {:?}", p.any.as_str(), s);
                }
            }
        }
    }

    #[test]
    fn lines_with_non_ascii_letters_use_the_unicode_pattern() {
        assert!(Line::new("Troops \u{2014} \u{201c}occupied\u{201d} \u{a9} 2020").ascii_words);
        assert!(!Line::new("Stepanakert (Xankəndi) was shelled").ascii_words);
        assert!(!Line::new("\u{442}\u{435}\u{441}\u{442}").ascii_words);
    }
}
