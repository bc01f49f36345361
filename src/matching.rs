//! Match stage: find every lexicon term in a document's tokens.
//!
//! All forms of all frames go into one Aho-Corasick automaton over the normalised token text
//! (see [`crate::tokenize`]), so a document is scanned once whatever the lexicon's size. Frames
//! are resolved independently: within a frame the longest match wins and hits do not overlap;
//! across frames the same words may count for several frames.

use crate::lexicon::Lexicon;
use crate::tokenize::{normalize_phrase, Tokens};
use crate::types::{Hit, Voiced};
use crate::voice::Language;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::HashMap;
use std::sync::Arc;

/// Most lexicon forms for which the matcher builds a full DFA.
const DFA_MAX_FORMS: usize = 5_000;

#[derive(Debug, Clone, Copy)]
enum What {
    Term(u32),
    Exclude,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    frame: u32,
    what: What,
    ntok: u32,
    /// For a case-sensitive form: its index in [`Matcher::cased`].
    cased: Option<u32>,
}

struct FrameInfo {
    id: Arc<str>,
    side: Option<Arc<str>>,
}

struct TermInfo {
    name: Arc<str>,
    followed_by: Vec<String>,
    preceded_by: Vec<String>,
    not_followed_by: Vec<String>,
    not_preceded_by: Vec<String>,
    within: usize,
}

/// A compiled lexicon, ready to scan documents. Build once, share across threads.
pub struct Matcher {
    ac: AhoCorasick,
    /// Per automaton pattern, the frames and terms it stands for.
    entries: Vec<Vec<Entry>>,
    frames: Vec<FrameInfo>,
    /// Indexed by frame, then term.
    terms: Vec<Vec<TermInfo>>,
    negators: Vec<String>,
    negation_window: usize,
    /// Case-sensitive forms as written, whitespace collapsed: a hit must equal one exactly.
    cased: Vec<String>,
}

/// The context conditions of a frame's terms, in term order.
fn term_infos(f: &crate::lexicon::Frame) -> Vec<TermInfo> {
    f.terms
        .iter()
        .map(|t| TermInfo {
            name: t.term.as_str().into(),
            followed_by: t.followed_by.clone(),
            preceded_by: t.preceded_by.clone(),
            not_followed_by: t.not_followed_by.clone(),
            not_preceded_by: t.not_preceded_by.clone(),
            within: t.within,
        })
        .collect()
}

/// `s` with every run of whitespace made one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Matcher {
    pub fn new(lex: &Lexicon, lang: &Language) -> Matcher {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut entries: Vec<Vec<Entry>> = Vec::new();
        let mut cased: Vec<String> = Vec::new();
        let mut add = |phrase: &str, entry: Entry| {
            let norm = normalize_phrase(phrase);
            if norm.is_empty() {
                return;
            }
            let ntok = norm.split(' ').count() as u32;
            let pat = format!(" {norm} ");
            let id = *index.entry(pat.clone()).or_insert_with(|| {
                patterns.push(pat);
                entries.push(Vec::new());
                patterns.len() - 1
            });
            entries[id].push(Entry { ntok, ..entry });
        };
        for (fi, frame) in lex.frames.iter().enumerate() {
            for (ti, term) in frame.terms.iter().enumerate() {
                for form in &term.forms {
                    let e = Entry {
                        frame: fi as u32,
                        what: What::Term(ti as u32),
                        ntok: 0,
                        cased: term.case_sensitive.then(|| {
                            cased.push(collapse(form));
                            (cased.len() - 1) as u32
                        }),
                    };
                    add(form, e);
                }
            }
            for ex in &frame.exclude {
                add(
                    ex,
                    Entry {
                        frame: fi as u32,
                        what: What::Exclude,
                        ntok: 0,
                        cased: None,
                    },
                );
            }
        }
        // A full DFA takes one table lookup per byte of the normalised text; past a few
        // thousand forms its memory grows, and the default (a contiguous NFA) is kept.
        let kind = (patterns.len() <= DFA_MAX_FORMS).then_some(AhoCorasickKind::DFA);
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(kind)
            // Every pattern starts with a space, and the normalised text has one every few
            // bytes: a prefilter skipping to the next space costs more than it saves (7 % of
            // the lexicon stage, measured).
            .prefilter(false)
            .build(&patterns)
            .expect("lexicon patterns are plain strings");
        let mut negators: Vec<String> = lang.negators.iter().cloned().collect();
        negators.sort();
        Matcher {
            ac,
            entries,
            frames: lex
                .frames
                .iter()
                .map(|f| FrameInfo {
                    id: f.id.as_str().into(),
                    side: f.side.as_deref().map(Into::into),
                })
                .collect(),
            terms: lex.frames.iter().map(term_infos).collect(),
            negators,
            negation_window: lang.negation_window,
            cased,
        }
    }

    /// All hits in a document (`text`, tokenized into `tokens`), sorted by position then
    /// frame.
    pub fn find(&self, text: &str, tokens: &Tokens, voiced: &Voiced) -> Vec<Hit> {
        // (frame, first token, end token, term)
        let mut cands: Vec<(u32, usize, usize, u32)> = Vec::new();
        let mut excls: Vec<(u32, usize, usize)> = Vec::new();
        for m in self.ac.find_overlapping_iter(&tokens.norm) {
            let Some(first) = tokens.token_starting_at(m.start() + 1) else {
                continue;
            };
            for e in &self.entries[m.pattern().as_usize()] {
                let end = first + e.ntok as usize;
                if let Some(c) = e.cased {
                    let span = &text[tokens.tokens[first].start..tokens.tokens[end - 1].end];
                    if collapse(span) != self.cased[c as usize] {
                        continue;
                    }
                }
                match e.what {
                    What::Term(t) => {
                        if self.context_ok(tokens, e.frame, t, first, end) {
                            cands.push((e.frame, first, end, t));
                        }
                    }
                    What::Exclude => excls.push((e.frame, first, end)),
                }
            }
        }
        drop_excluded(&mut cands, &mut excls);
        // Longest first at each start, then greedy left to right per frame.
        cands.sort_unstable_by_key(|&(f, s, e, t)| (f, s, std::cmp::Reverse(e), t));
        let mut hits = Vec::new();
        let mut last: Option<(u32, usize)> = None;
        for (f, s, e, t) in cands {
            if let Some((lf, lend)) = last {
                if lf == f && s < lend {
                    continue;
                }
            }
            last = Some((f, e));
            hits.push(self.hit(tokens, voiced, f, t, s, e));
        }
        hits.sort_by_key(|h| (h.start, h.frame.clone()));
        hits
    }

    fn context_ok(&self, tokens: &Tokens, frame: u32, term: u32, first: usize, end: usize) -> bool {
        let t = &self.terms[frame as usize][term as usize];
        let sentence = tokens.tokens[first].sentence;
        let in_sentence = |i: &usize| tokens.tokens[*i].sentence == sentence;
        let has = |range: &mut dyn Iterator<Item = usize>, words: &[String]| {
            range
                .take_while(|i| in_sentence(i))
                .any(|i| words.iter().any(|w| w == tokens.norm_of(&tokens.tokens[i])))
        };
        let after = || end..(end + t.within).min(tokens.tokens.len());
        let before = || (first.saturating_sub(t.within)..first).rev();
        (t.followed_by.is_empty() || has(&mut after(), &t.followed_by))
            && (t.preceded_by.is_empty() || has(&mut before(), &t.preceded_by))
            && (t.not_followed_by.is_empty() || !has(&mut after(), &t.not_followed_by))
            && (t.not_preceded_by.is_empty() || !has(&mut before(), &t.not_preceded_by))
    }

    fn negated(&self, tokens: &Tokens, first: usize) -> bool {
        let sentence = tokens.tokens[first].sentence;
        (first.saturating_sub(self.negation_window)..first)
            .rev()
            .map(|i| &tokens.tokens[i])
            .take_while(|t| t.sentence == sentence)
            .any(|t| {
                let w = tokens.norm_of(t);
                w.ends_with("n't")
                    || self
                        .negators
                        .binary_search_by(|n| n.as_str().cmp(w))
                        .is_ok()
            })
    }

    fn hit(&self, tokens: &Tokens, voiced: &Voiced, f: u32, t: u32, s: usize, e: usize) -> Hit {
        let first = &tokens.tokens[s];
        let sentence = &voiced.sentences[first.sentence];
        let frame = &self.frames[f as usize];
        Hit {
            frame: frame.id.clone(),
            side: frame.side.clone(),
            frame_side: frame.side.clone(),
            agent: None,
            agent_side: None,
            agent_rule: None,
            term: self.terms[f as usize][t as usize].name.clone(),
            voice: voiced.voice_at(first.start),
            zone: sentence.zone,
            attributed: sentence.attributed,
            negated: self.negated(tokens, s),
            sentence_index: sentence.index,
            start: first.start,
            end: tokens.tokens[e - 1].end,
        }
    }
}

/// Removes candidates (frame, start, end, term) that lie inside an exclusion (frame, start,
/// end) of their frame. Sorted exclusions and a running maximum of their ends make each check
/// a binary search, so a text full of excluded phrases stays O(n log n), not O(n^2).
fn drop_excluded(cands: &mut Vec<(u32, usize, usize, u32)>, excls: &mut [(u32, usize, usize)]) {
    if excls.is_empty() {
        return;
    }
    excls.sort_unstable();
    // reach[i]: the furthest end among exclusions of the same frame up to i.
    let mut reach = Vec::with_capacity(excls.len());
    for (i, &(f, _, e)) in excls.iter().enumerate() {
        let before = (i > 0 && excls[i - 1].0 == f).then(|| reach[i - 1]);
        reach.push(before.map_or(e, |r: usize| r.max(e)));
    }
    cands.retain(|&(f, s, e, _)| {
        // The last exclusion of frame f that starts at or before s.
        let i = excls.partition_point(|&(xf, xs, _)| (xf, xs) <= (f, s));
        !(i > 0 && excls[i - 1].0 == f && reach[i - 1] >= e)
    });
}

/// Tokenizes the sentences of a voiced document into `buf` (reused across documents).
pub fn tokenize_sentences(text: &str, voiced: &Voiced, buf: &mut Tokens) {
    buf.clear();
    for s in &voiced.sentences {
        buf.push_sentence(text, s.start, s.end, s.index);
    }
}
