//! Voice stage: split paragraphs into sentences, find quotation spans, mark attributed sentences.
//!
//! Quotation marks are read per paragraph: a quote left open at the end of a paragraph ends
//! there, so one stray mark cannot turn the rest of an article into quotation. Single marks
//! (‘ ’ ') are quotation marks only when they pair up; otherwise they are apostrophes.

use crate::agent::pattern::{normalize_word, AgentPatterns};
use crate::tokenize::{push_normalized, Tokens};
use crate::types::{Cleaned, Sentence, Voiced};
use serde::Deserialize;
// Fx hashing: small sets of short keys probed once per token or paragraph.
use rustc_hash::FxHashSet as HashSet;
use std::path::Path;
use unicode_segmentation::UnicodeSegmentation;

/// The language file shipped with framescope.
pub const BUILTIN_LANGUAGE: &str = include_str!("../lexicons/english.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageFile {
    attribution: Vec<String>,
    negators: Vec<String>,
    negation_window: usize,
    #[serde(default)]
    agent: Option<RawAgent>,
}

/// `[agent]`: where the language names the doer of an act (see [`crate::agent::pattern`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgent {
    #[serde(default)]
    past_suffixes: Vec<String>,
    #[serde(default)]
    words: std::collections::HashMap<String, Vec<String>>,
    patterns: Vec<String>,
}

/// Language-specific word lists for voice and negation (see `lexicons/english.toml`).
#[derive(Debug, Clone)]
pub struct Language {
    /// Multi-token attribution cues as token sequences.
    attribution_phrases: Vec<Vec<String>>,
    /// Every word that is a cue (`true`) or ends a multi-token one (`false`), case-folded: one
    /// lookup per token decides whether a phrase needs checking.
    cue_words: rustc_hash::FxHashMap<String, bool>,
    pub negators: HashSet<String>,
    pub negation_window: usize,
    /// Agent patterns for frames whose side follows the doer; empty without `[agent]`.
    pub agent: AgentPatterns,
}

impl Language {
    pub fn parse(text: &str, origin: &str) -> anyhow::Result<Language> {
        let raw: LanguageFile = toml::from_str(text)
            .map_err(|e| anyhow::anyhow!("{origin}: {}", crate::clean::one_line(&e)))?;
        let mut attribution_words = HashSet::default();
        let mut attribution_phrases = Vec::new();
        for cue in raw.attribution {
            // Normalised as tokens are, since cues are compared with token forms.
            let toks: Vec<String> = cue
                .unicode_words()
                .map(|w| {
                    let mut n = String::new();
                    push_normalized(&mut n, w);
                    n
                })
                .filter(|n| !n.is_empty())
                .collect();
            match toks.len() {
                0 => anyhow::bail!("{origin}: attribution cue {cue:?} has no words"),
                1 => {
                    attribution_words.insert(toks.into_iter().next().unwrap_or_default());
                }
                _ => attribution_phrases.push(toks),
            }
        }
        let agent = match raw.agent {
            Some(a) => {
                let norm = |ws: &[String]| ws.iter().map(|w| normalize_word(w)).collect();
                let lists = a.words.iter().map(|(k, v)| (k.clone(), norm(v))).collect();
                AgentPatterns::parse(&a.patterns, &lists, norm(&a.past_suffixes))
                    .map_err(|e| anyhow::anyhow!("{origin}: [agent] {e}"))?
            }
            None => AgentPatterns::default(),
        };
        let mut cue_words: rustc_hash::FxHashMap<String, bool> = attribution_phrases
            .iter()
            .filter_map(|p: &Vec<String>| Some((p.last()?.clone(), false)))
            .collect();
        cue_words.extend(attribution_words.into_iter().map(|w| (w, true)));
        Ok(Language {
            attribution_phrases,
            cue_words,
            negators: raw.negators.iter().map(|s| s.to_lowercase()).collect(),
            negation_window: raw.negation_window,
            agent,
        })
    }

    pub fn from_file(path: &Path) -> anyhow::Result<Language> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        Language::parse(&text, &path.display().to_string())
    }

    /// Whether a sentence, given as its tokens' normalised forms, reports speech.
    pub fn is_attributed<'a>(&self, words: impl IntoIterator<Item = &'a str>) -> bool {
        let words: Vec<&str> = words.into_iter().collect();
        self.is_attributed_words(&words)
    }

    fn is_attributed_words(&self, words: &[&str]) -> bool {
        (0..words.len()).any(|i| match self.cue_words.get(words[i]) {
            None => false,
            Some(&single) => {
                single
                    || self.attribution_phrases.iter().any(|p| {
                        p.len() <= i + 1
                            && p.iter()
                                .zip(&words[i + 1 - p.len()..=i])
                                .all(|(a, b)| a == b)
                    })
            }
        })
    }
}

/// Marks the sentences that report speech, from the document's tokens (built from
/// `voiced.sentences`); done after tokenizing so words are segmented once per document.
pub fn mark_attributed(voiced: &mut Voiced, tokens: &Tokens, lang: &Language) {
    let mut rest = &tokens.tokens[..];
    // One buffer for the whole document: a sentence's words, reused.
    let mut words: Vec<&str> = Vec::new();
    for s in &mut voiced.sentences {
        let n = rest.iter().take_while(|t| t.sentence == s.index).count();
        let (mine, after) = rest.split_at(n);
        words.clear();
        words.extend(mine.iter().map(|t| tokens.norm_of(t)));
        s.attributed = lang.is_attributed_words(&words);
        rest = after;
    }
}

/// Characters that end sentences in UAX #29 (Sentence_Break STerm or ATerm), as sorted code
/// points: the same as the segmenter's own tables. Read off the segmenter once and written here
/// (probing every code point takes 25 ms, paid by every run otherwise); a test probes every code
/// point again and fails, printing the new table, when the segmenter changes.
pub fn sentence_terminators() -> &'static [u32] {
    &SENTENCE_TERMINATORS
}

/// A character c is one when "a" c " B" breaks before "B" ([`probe_terminators`]).
#[rustfmt::skip]
const SENTENCE_TERMINATORS: [u32; 170] = [
    0x0021, 0x002E, 0x003F, 0x0589, 0x061D, 0x061E, 0x061F, 0x06D4, 0x0700, 0x0701,
    0x0702, 0x07F9, 0x0837, 0x0839, 0x083D, 0x083E, 0x0964, 0x0965, 0x104A, 0x104B,
    0x1362, 0x1367, 0x1368, 0x166E, 0x1735, 0x1736, 0x17D4, 0x17D5, 0x1803, 0x1809,
    0x1944, 0x1945, 0x1AA8, 0x1AA9, 0x1AAA, 0x1AAB, 0x1B4E, 0x1B4F, 0x1B5A, 0x1B5B,
    0x1B5E, 0x1B5F, 0x1B7D, 0x1B7E, 0x1B7F, 0x1C3B, 0x1C3C, 0x1C7E, 0x1C7F, 0x2024,
    0x203C, 0x203D, 0x2047, 0x2048, 0x2049, 0x2CF9, 0x2CFA, 0x2CFB, 0x2E2E, 0x2E3C,
    0x2E53, 0x2E54, 0x3002, 0xA4FF, 0xA60E, 0xA60F, 0xA6F3, 0xA6F7, 0xA876, 0xA877,
    0xA8CE, 0xA8CF, 0xA92F, 0xA9C8, 0xA9C9, 0xAA5D, 0xAA5E, 0xAA5F, 0xAAF0, 0xAAF1,
    0xABEB, 0xFE12, 0xFE15, 0xFE16, 0xFE52, 0xFE56, 0xFE57, 0xFF01, 0xFF0E, 0xFF1F,
    0xFF61, 0x10A56, 0x10A57, 0x10F55, 0x10F56, 0x10F57, 0x10F58, 0x10F59, 0x10F86, 0x10F87,
    0x10F88, 0x10F89, 0x11047, 0x11048, 0x110BE, 0x110BF, 0x110C0, 0x110C1, 0x11141, 0x11142,
    0x11143, 0x111C5, 0x111C6, 0x111CD, 0x111DE, 0x111DF, 0x11238, 0x11239, 0x1123B, 0x1123C,
    0x112A9, 0x113D4, 0x113D5, 0x1144B, 0x1144C, 0x115C2, 0x115C3, 0x115C9, 0x115CA, 0x115CB,
    0x115CC, 0x115CD, 0x115CE, 0x115CF, 0x115D0, 0x115D1, 0x115D2, 0x115D3, 0x115D4, 0x115D5,
    0x115D6, 0x115D7, 0x11641, 0x11642, 0x1173C, 0x1173D, 0x1173E, 0x11944, 0x11946, 0x11A42,
    0x11A43, 0x11A9B, 0x11A9C, 0x11C41, 0x11C42, 0x11EF7, 0x11EF8, 0x11F43, 0x11F44, 0x16A6E,
    0x16A6F, 0x16AF5, 0x16B37, 0x16B38, 0x16B44, 0x16D6E, 0x16D6F, 0x16E98, 0x1BC9F, 0x1DA88,
];

/// The code points of `range` that the segmenter treats as sentence terminators.
pub fn probe_terminators(range: impl Iterator<Item = u32>) -> Vec<u32> {
    let mut probe = String::new();
    range
        .filter(|&u| {
            let Some(c) = char::from_u32(u) else {
                return false;
            };
            probe.clear();
            probe.push('a');
            probe.push(c);
            probe.push_str(" B");
            let b = probe.len() - 1;
            probe.split_sentence_bound_indices().any(|(i, _)| i == b)
        })
        .collect()
}

fn is_terminator(c: char, table: &[u32]) -> bool {
    if c.is_ascii() {
        matches!(c, '.' | '!' | '?')
    } else {
        table.binary_search(&(c as u32)).is_ok()
    }
}

/// Paragraph separators of UAX #29 (a paragraph from `clean` holds none of these but CR or the
/// rarer ones; any of them falls back to the full segmenter).
fn is_separator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// How far back a sentence window may reach for the terminator's word (bytes).
const REACH: usize = 64;
/// Bytes a window keeps past the lookahead's stop character (its own bytes and a few combining
/// marks; the rules never look further).
const AHEAD: usize = 12;

/// The largest char boundary at or below `i`.
fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Byte offsets where the sentences of `par` start: the same as UAX #29
/// (`split_sentence_bound_indices`), found faster.
///
/// Every UAX #29 sentence break follows a terminator (SB11: STerm/ATerm Close* Sp*), and the
/// rules deciding it look no further back than the word before the terminator (SB7) and no
/// further ahead than the first letter or terminator after it (SB8, SB8a). So the segmenter runs
/// only on a small window around each terminator, not on every character of the paragraph,
/// which is most of the voice stage's time on news text. `tests/properties.rs` checks the
/// result against the full segmenter.
pub fn sentence_starts(par: &str) -> Vec<usize> {
    let bytes = par.as_bytes();
    let ascii = par.is_ascii();
    let separated = if ascii {
        memchr::memchr2(b'\n', b'\r', bytes).is_some()
    } else {
        par.chars().any(is_separator)
    };
    if par.is_empty() || separated {
        return par.split_sentence_bound_indices().map(|(i, _)| i).collect();
    }
    let table = sentence_terminators();
    let mut starts = vec![0];
    let push = |b: usize, starts: &mut Vec<usize>| {
        if b < par.len() && starts.last() != Some(&b) {
            starts.push(b);
        }
    };
    let terminators: Box<dyn Iterator<Item = (usize, char)>> = if ascii {
        Box::new(memchr::memchr3_iter(b'.', b'!', b'?', bytes).map(|i| (i, char::from(bytes[i]))))
    } else {
        Box::new(par.char_indices().filter(|&(_, c)| is_terminator(c, table)))
    };
    for (i, c) in terminators {
        match plain_break(bytes, i) {
            Some(Some(b)) => push(b, &mut starts),
            Some(None) => {}
            None => {
                if let Some(b) = window_break(par, i, c, table) {
                    push(b, &mut starts);
                }
            }
        }
    }
    starts
}

/// The common cases decided without the segmenter: `Some(Some(b))` for a break at `b`,
/// `Some(None)` for none inside the paragraph, `None` when the segmenter must decide.
///
/// A terminator, ASCII closing marks (`"` `'` `)` `]`), ASCII spaces and an ASCII capital
/// ("... the town. Troops ...", "... he said." The ...") break before the capital: no rule keeps
/// them together (SB7 needs the letter right after the terminator, SB8 a lowercase letter,
/// SB8a a continuation or terminator), and SB11 breaks after the closing marks and spaces. A
/// terminator followed by nothing but closing marks and spaces ends the paragraph's last
/// sentence: SB11's break is at the paragraph's end.
fn plain_break(bytes: &[u8], i: usize) -> Option<Option<usize>> {
    let rest = bytes.get(i + 1..)?;
    let closes = rest
        .iter()
        .take_while(|&&b| matches!(b, b'"' | b'\'' | b')' | b']'))
        .count();
    let spaces = rest[closes..].iter().take_while(|&&b| b == b' ').count();
    let next = i + 1 + closes + spaces;
    match bytes.get(next) {
        None => Some(None),
        Some(b) if spaces > 0 && b.is_ascii_uppercase() => Some(Some(next)),
        Some(_) => None,
    }
}

/// The break after the terminator `c` at `i`, if any, from the segmenter run on a window
/// around it.
fn window_break(par: &str, i: usize, c: char, table: &[u32]) -> Option<usize> {
    // Back to the whitespace before the word that holds the terminator (at most `REACH`
    // bytes: on text without spaces the window must stay small).
    let floor = floor_char(par, i.saturating_sub(REACH));
    let from = par[floor..i]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(floor, |(j, _)| floor + j);
    // Ahead to the first letter or the next terminator (SB8 looks no further), plus that
    // character and a few bytes more.
    let after = i + c.len_utf8();
    let stop = par[after..]
        .char_indices()
        .find(|&(_, d)| d.is_alphabetic() || is_terminator(d, table))
        .map_or(par.len(), |(j, _)| after + j);
    let to = floor_char(par, (stop + AHEAD).min(par.len()));
    // The break after this terminator, if any, lies between it and `stop`.
    par[from..to]
        .split_sentence_bound_indices()
        .map(|(b, _)| from + b)
        .find(|&b| b > i && b <= stop)
}

/// Finds sentences and quotation spans in the kept paragraphs of `text`.
pub fn voice(text: &str, cleaned: &Cleaned) -> Voiced {
    let mut out = Voiced::default();
    for seg in &cleaned.segments {
        let par = &text[seg.start..seg.end];
        for (s, e) in quote_spans(par) {
            out.quotes.push((seg.start + s, seg.start + e));
        }
        let starts = sentence_starts(par);
        for (k, &off) in starts.iter().enumerate() {
            let sent = &par[off..starts.get(k + 1).copied().unwrap_or(par.len())];
            let trimmed = sent.trim_end();
            if trimmed.is_empty() {
                continue;
            }
            let lead = trimmed.len() - trimmed.trim_start().len();
            out.sentences.push(Sentence {
                index: out.sentences.len(),
                zone: seg.zone,
                start: seg.start + off + lead,
                end: seg.start + off + trimmed.len(),
                // Set by `mark_attributed` once the sentence is tokenized.
                attributed: false,
            });
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Double,
    Guillemet,
    Single,
}

/// Open quotation marks, innermost last, with a count per kind so that "is one open?" and a
/// close with nothing to close cost O(1): a paragraph of 200,000 unmatched marks stays linear.
#[derive(Default)]
struct MarkStack {
    marks: Vec<(Mark, usize)>,
    open: [usize; 3],
}

impl MarkStack {
    fn has(&self, m: Mark) -> bool {
        self.open[m as usize] > 0
    }

    fn push(&mut self, m: Mark, pos: usize) {
        self.marks.push((m, pos));
        self.open[m as usize] += 1;
    }

    /// Closes the innermost open `m` and every mark opened inside it; records the span when
    /// it was the outermost quote. Each mark is popped at most once, so closes stay linear.
    fn close(&mut self, spans: &mut Vec<(usize, usize)>, m: Mark, end: usize) -> bool {
        if !self.has(m) {
            return false;
        }
        let Some(k) = self.marks.iter().rposition(|&(x, _)| x == m) else {
            return false;
        };
        let start = self.marks[k].1;
        for &(x, _) in &self.marks[k..] {
            self.open[x as usize] -= 1;
        }
        self.marks.truncate(k);
        if self.marks.is_empty() {
            spans.push((start, end));
        }
        true
    }
}

fn is_opening_context(c: char) -> bool {
    c.is_whitespace() || "([{—–-/:".contains(c) || is_quote_char(c)
}

fn is_closing_context(c: char) -> bool {
    c.is_whitespace() || ".,;:!?)]}—–-…/".contains(c) || is_quote_char(c)
}

fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '”' | '„' | '«' | '»' | '\'' | '‘' | '’' | '‹' | '›'
    )
}

/// Quotation spans in one paragraph, as byte ranges including the marks, sorted and disjoint.
pub fn quote_spans(par: &str) -> Vec<(usize, usize)> {
    let bytes = par.as_bytes();
    let mut stack = MarkStack::default();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    // Every quotation mark starts with one of these bytes (", ', and the first bytes of « » and
    // of U+2018..U+203A), and none of them occurs inside a UTF-8 sequence: the scan skips the
    // text between marks without decoding it.
    while let Some(k) = bytes[from..]
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | 0xC2 | 0xE2))
    {
        let pos = from + k;
        let Some(c) = par[pos..].chars().next() else {
            break;
        };
        from = pos + c.len_utf8();
        if !is_quote_char(c) {
            continue;
        }
        let prev = par[..pos].chars().next_back();
        let next = par[from..].chars().next();
        let can_open =
            prev.is_none_or(is_opening_context) && next.is_some_and(|n| !n.is_whitespace());
        let can_close =
            prev.is_some_and(|p| !p.is_whitespace()) && next.is_none_or(is_closing_context);
        let end = pos + c.len_utf8();
        let open_double = stack.has(Mark::Double);
        let open_single = stack.has(Mark::Single);
        // A mark with space on both sides, while a quote is open, can only be closing it.
        let dangling = prev.is_none_or(char::is_whitespace) && next.is_none_or(char::is_whitespace);
        let inside_word =
            prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
        match c {
            '“' | '„' => {
                // Some copy closes with an opening mark: “... progress. “
                if open_double && ((can_close && !can_open) || dangling) {
                    stack.close(&mut spans, Mark::Double, end);
                } else {
                    stack.push(Mark::Double, pos);
                }
            }
            '”' => {
                if open_double {
                    stack.close(&mut spans, Mark::Double, end);
                } else if can_open && !can_close {
                    stack.push(Mark::Double, pos);
                }
            }
            '"' => {
                if open_double && (can_close || !can_open) {
                    stack.close(&mut spans, Mark::Double, end);
                } else if can_open {
                    stack.push(Mark::Double, pos);
                }
            }
            '«' | '‹' => stack.push(Mark::Guillemet, pos),
            '»' | '›' => {
                stack.close(&mut spans, Mark::Guillemet, end);
            }
            '‘' | '’' | '\'' => {
                if inside_word {
                    continue; // Azerbaijan’s, I'm
                }
                if open_single && can_close && !(c == '‘' && can_open) {
                    stack.close(&mut spans, Mark::Single, end);
                } else if c != '’' && can_open {
                    stack.push(Mark::Single, pos);
                }
            }
            _ => {}
        }
    }
    // Unclosed double marks run to the paragraph end; unclosed single marks were apostrophes.
    if let Some(&(_, start)) = stack.marks.iter().find(|&&(m, _)| m != Mark::Single) {
        spans.push((start, par.len()));
    }
    spans.sort_unstable();
    spans
}
