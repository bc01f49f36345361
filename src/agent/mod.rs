//! Agent stage: who does what to whom. For hits of frames whose side follows the doer
//! (`side_by_agent` in the lexicon), find the actor that does the act and resolve the side.
//!
//! Actors are found by their aliases and adjectives (one Aho-Corasick scan, as for terms);
//! the positions where the language names a doer are the patterns of its language file (see
//! [`pattern`]). The first pattern that matches names the agent; within a pattern the nearest
//! actor wins. With no match the hit keeps the frame's `default_side`.

pub mod pattern;

use crate::lexicon::{Frame, Lexicon, ADJECTIVE_TERM};
use crate::matching::Matcher;
use crate::tokenize::Tokens;
use crate::types::{Hit, Voiced};
use crate::voice::Language;
use pattern::{ActorForm, AgentPatterns, Element, Pattern, Repeat, TermForm};
use std::collections::HashMap;
use std::sync::Arc;

/// One actor found in a document, as token indices.
#[derive(Debug, Clone, Copy)]
struct Span {
    first: usize,
    end: usize,
    actor: usize,
    adjective: bool,
    possessive: bool,
}

/// Finds agents for the hits of agent-dependent frames. Build once per run.
pub struct AgentFinder {
    actors: Matcher,
    ids: Vec<Arc<str>>,
    /// Actor id -> index in `ids`: the actor matcher reports ids as its frames.
    index: HashMap<Arc<str>, usize>,
    sides: Vec<Option<Arc<str>>>,
    frames: HashMap<Arc<str>, Frame>,
    patterns: AgentPatterns,
    rules: Vec<Arc<str>>,
}

impl AgentFinder {
    /// `None` when no frame of the lexicon is agent-dependent: nothing to do.
    pub fn new(lex: &Lexicon, lang: &Language) -> Option<AgentFinder> {
        if !lex.has_agent_frames() {
            return None;
        }
        let patterns = lang.agent.clone();
        Some(AgentFinder {
            actors: Matcher::new(&lex.actor_lexicon_with_adjectives(), lang),
            ids: lex.actors.iter().map(|a| a.id.as_str().into()).collect(),
            index: lex
                .actors
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.as_str().into(), i))
                .collect(),
            sides: lex
                .actors
                .iter()
                .map(|a| a.side.as_deref().map(Into::into))
                .collect(),
            frames: lex
                .frames
                .iter()
                .filter(|f| f.is_agent_dependent())
                .map(|f| (f.id.as_str().into(), f.clone()))
                .collect(),
            rules: patterns
                .patterns
                .iter()
                .map(|p| p.text.as_str().into())
                .collect(),
            patterns,
        })
    }

    /// Sets agent, agent side, rule and resolved side on the hits of agent-dependent frames.
    pub fn resolve(&self, text: &str, tokens: &Tokens, voiced: &Voiced, hits: &mut [Hit]) {
        if !hits.iter().any(|h| self.frames.contains_key(&h.frame)) {
            return;
        }
        let doc = Doc::new(text, tokens, self.spans(text, tokens, voiced));
        for h in hits.iter_mut() {
            let Some(frame) = self.frames.get(&h.frame) else {
                continue;
            };
            let found = token_range(tokens, h.start, h.end).and_then(|(first, end)| {
                let past = doc.is_past(first, &self.patterns.past_suffixes);
                self.patterns
                    .patterns
                    .iter()
                    .enumerate()
                    .find_map(|(i, p)| doc.agent(p, first, end, past).map(|a| (i, a)))
            });
            if let Some((rule, actor)) = found {
                h.agent = Some(self.ids[actor].clone());
                h.agent_side = self.sides[actor].clone();
                h.agent_rule = Some(self.rules[rule].clone());
            }
            let agent_side = found.map(|(_, a)| self.sides[a].as_deref());
            h.side = frame.side_for(agent_side).map(Into::into);
        }
    }

    fn spans(&self, text: &str, tokens: &Tokens, voiced: &Voiced) -> Vec<Span> {
        self.actors
            .find(text, tokens, voiced)
            .into_iter()
            .filter_map(|m| {
                let (first, end) = token_range(tokens, m.start, m.end)?;
                Some(Span {
                    first,
                    end,
                    actor: *self.index.get(&m.frame)?,
                    adjective: &*m.term == ADJECTIVE_TERM,
                    possessive: possessive(text, tokens.tokens[end - 1].end),
                })
            })
            .collect()
    }
}

/// The tokens `first..end` that cover the byte range `start..end_byte` exactly.
fn token_range(tokens: &Tokens, start: usize, end_byte: usize) -> Option<(usize, usize)> {
    let first = tokens.tokens.partition_point(|t| t.start < start);
    if tokens.tokens.get(first)?.start != start {
        return None;
    }
    let n = tokens.tokens[first..]
        .iter()
        .position(|t| t.end == end_byte)?;
    Some((first, first + n + 1))
}

/// Whether the word ending at byte `end` is possessive: "Armenia's", "forces'".
fn possessive(text: &str, end: usize) -> bool {
    let word = &text[..end];
    let is_apos = |c: char| matches!(c, '\'' | '’' | 'ʼ');
    let mut back = word.chars().rev();
    if matches!(back.next(), Some('s' | 'S')) && back.next().is_some_and(is_apos) {
        return true;
    }
    let mut after = text[end..].chars();
    word.ends_with(['s', 'S'])
        && after.next().is_some_and(is_apos)
        && !after.next().is_some_and(char::is_alphanumeric)
}

/// One document's tokens and actors, indexed for matching around a term.
struct Doc<'a> {
    text: &'a str,
    tokens: &'a Tokens,
    spans: Vec<Span>,
    by_end: HashMap<usize, Vec<usize>>,
    by_first: HashMap<usize, Vec<usize>>,
}

impl<'a> Doc<'a> {
    fn new(text: &'a str, tokens: &'a Tokens, spans: Vec<Span>) -> Doc<'a> {
        let (mut by_end, mut by_first): (HashMap<_, Vec<_>>, HashMap<_, Vec<_>>) =
            Default::default();
        for (i, s) in spans.iter().enumerate() {
            by_end.entry(s.end).or_default().push(i);
            by_first.entry(s.first).or_default().push(i);
        }
        Doc {
            text,
            tokens,
            spans,
            by_end,
            by_first,
        }
    }

    fn is_past(&self, first: usize, suffixes: &[String]) -> bool {
        let w = self.tokens.norm_of(&self.tokens.tokens[first]);
        suffixes.iter().any(|s| w.ends_with(s.as_str()))
    }

    fn norm(&self, i: usize) -> &str {
        self.tokens.norm_of(&self.tokens.tokens[i])
    }

    /// Whether the text between tokens `a` and `b` (b = a + 1) is one hyphen.
    fn hyphen(&self, a: usize, b: usize) -> bool {
        let gap = &self.text[self.tokens.tokens[a].end..self.tokens.tokens[b].start];
        matches!(gap, "-" | "\u{2010}" | "\u{2011}")
    }

    fn same_sentence(&self, i: usize, sentence: usize) -> bool {
        self.tokens
            .tokens
            .get(i)
            .is_some_and(|t| t.sentence == sentence)
    }

    /// The actor a pattern names as the agent of the term at tokens `first..end`.
    fn agent(&self, p: &Pattern, first: usize, end: usize, past: bool) -> Option<usize> {
        let term_ok = match p.term {
            TermForm::Any => true,
            TermForm::Past => past,
            TermForm::NonPast => !past,
        };
        if !term_ok {
            return None;
        }
        let sentence = self.tokens.tokens[first].sentence;
        let left = self.left(p, 0, first, sentence)?;
        let right = self.right(p, 0, end, sentence)?;
        left.or(right)
    }

    /// Matches `p.left[i..]` ending just before token `pos`; `Some(actor)` on success.
    fn left(&self, p: &Pattern, i: usize, pos: usize, s: usize) -> Option<Option<usize>> {
        let Some(el) = p.left.get(i) else {
            return Some(None);
        };
        let joined = |last: usize| !p.hyphen_left[i] || self.hyphen(last, pos);
        let word_ok = |k: usize, ws: &[String]| {
            k < pos && self.same_sentence(k, s) && ws.iter().any(|w| w == self.norm(k))
        };
        match el {
            Element::Actor(form) => self.by_end.get(&pos)?.iter().find_map(|&si| {
                let span = self.spans[si];
                (form_ok(*form, &span) && self.same_sentence(span.first, s) && joined(span.end - 1))
                    .then(|| self.left(p, i + 1, span.first, s).map(|_| Some(span.actor)))
                    .flatten()
            }),
            // A hyphen may join only a one-word element (the pattern parser checks).
            Element::Words(ws, Repeat::One) => {
                let k = pos.checked_sub(1)?;
                (word_ok(k, ws) && joined(k))
                    .then(|| self.left(p, i + 1, k, s))
                    .flatten()
            }
            Element::Words(ws, rep) => {
                let max = if *rep == Repeat::Any { usize::MAX } else { 1 };
                let mut at = pos;
                for _ in 0..max {
                    if let Some(r) = self.left(p, i + 1, at, s) {
                        return Some(r);
                    }
                    let k = at.checked_sub(1)?;
                    if !word_ok(k, ws) {
                        return None;
                    }
                    at = k;
                }
                self.left(p, i + 1, at, s)
            }
            Element::Gap(n) => (0..=*n).find_map(|k| {
                let at = pos.checked_sub(k)?;
                (k == 0 || self.same_sentence(at, s))
                    .then(|| self.left(p, i + 1, at, s))
                    .flatten()
            }),
            Element::Term(_) => None,
        }
    }

    /// Matches `p.right[i..]` starting at token `pos`; `Some(actor)` on success.
    fn right(&self, p: &Pattern, i: usize, pos: usize, s: usize) -> Option<Option<usize>> {
        let Some(el) = p.right.get(i) else {
            return Some(None);
        };
        let joined =
            |first: usize| !p.hyphen_right[i] || (first > 0 && self.hyphen(first - 1, first));
        let word_ok = |k: usize, ws: &[String]| {
            self.same_sentence(k, s) && ws.iter().any(|w| w == self.norm(k))
        };
        match el {
            Element::Actor(form) => self.by_first.get(&pos)?.iter().find_map(|&si| {
                let span = self.spans[si];
                (form_ok(*form, &span) && self.same_sentence(span.end - 1, s) && joined(pos))
                    .then(|| self.right(p, i + 1, span.end, s).map(|_| Some(span.actor)))
                    .flatten()
            }),
            Element::Words(ws, Repeat::One) => (word_ok(pos, ws) && joined(pos))
                .then(|| self.right(p, i + 1, pos + 1, s))
                .flatten(),
            Element::Words(ws, rep) => {
                let max = if *rep == Repeat::Any { usize::MAX } else { 1 };
                let mut at = pos;
                for _ in 0..max {
                    if let Some(r) = self.right(p, i + 1, at, s) {
                        return Some(r);
                    }
                    if !word_ok(at, ws) {
                        return None;
                    }
                    at += 1;
                }
                self.right(p, i + 1, at, s)
            }
            Element::Gap(n) => (0..=*n).find_map(|k| {
                (k == 0 || self.same_sentence(pos + k - 1, s))
                    .then(|| self.right(p, i + 1, pos + k, s))
                    .flatten()
            }),
            Element::Term(_) => None,
        }
    }
}

fn form_ok(form: ActorForm, span: &Span) -> bool {
    match form {
        ActorForm::Any => true,
        ActorForm::Adjective => span.adjective,
        ActorForm::Name { possessive } => !span.adjective && span.possessive == possessive,
    }
}
