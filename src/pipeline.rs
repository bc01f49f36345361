//! The pipeline: corpus -> clean -> voice -> tokenize + match, in parallel, in input order.
//!
//! Documents are pulled from the corpus in chunks by a reader thread; each chunk is analysed on
//! the rayon pool and handed to the caller's sink (on its own thread) in input order, through
//! bounded queues, so outputs are identical for any thread count and memory holds a few chunks
//! of text at a time, whatever the corpus size.

use crate::agent::AgentFinder;
use crate::clean::{clean, CleanRules};
use crate::corpus::{Corpus, Entry};
use crate::lexicon::Lexicon;
use crate::matching::{tokenize_sentences, Matcher};
use crate::sentiment::MentionFinder;
use crate::tokenize::Tokens;
use crate::types::{ActorMention, Document, Hit, Skip, Voice, Voiced, Zone};
use crate::voice::{mark_attributed, voice, Language};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// Longest context kept around a hit, in characters, when its sentence is longer.
const MAX_CONTEXT_CHARS: usize = 400;

/// Everything needed to analyse documents; built once, shared by all threads.
pub struct Analyzer {
    pub lexicon: Lexicon,
    pub rules: CleanRules,
    pub language: Language,
    matcher: Matcher,
    /// Resolves the sides of agent-dependent frames; `None` when the lexicon has none.
    agents: Option<AgentFinder>,
    /// Finds actor mentions for the sentiment stage; `None` when that stage is off.
    actors: Option<MentionFinder>,
}

/// A document's identity without its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocInfo {
    pub id: String,
    pub outlet: String,
    pub meta: BTreeMap<String, String>,
    pub source: String,
}

/// Where a hit came from, in the terms a reader checks: characters, not bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The matched text, exactly as in the document.
    pub matched: String,
    /// Character offsets of the match in the document text.
    pub char_start: usize,
    pub char_end: usize,
    /// The sentence (or a window of it, for very long sentences).
    pub context: String,
    /// Character offset of the match inside `context`.
    pub context_offset: usize,
}

/// The result of analysing one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub doc: DocInfo,
    /// Word tokens per zone, indexed by [`Zone::index`].
    pub tokens_by_zone: [usize; 5],
    pub sentences: usize,
    pub dropped_lines: usize,
    pub duplicate_paragraphs: usize,
    pub hits: Vec<Hit>,
    /// One per hit, same order.
    pub evidence: Vec<Evidence>,
    /// Actor mentions (empty unless the analyzer looks for them).
    pub mentions: Vec<ActorMention>,
    /// One per mention, same order; `context` is the text the sentiment model reads.
    pub mention_evidence: Vec<Evidence>,
    /// Own-voice title and body word counts (normalised tokens): the input of keyness in
    /// `compare`.
    pub words: WordCounts,
}

/// A document's word counts, in no particular order: the words share one buffer, so a
/// document costs two allocations here rather than one per distinct word.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordCounts {
    text: String,
    /// End of each word in `text` (it starts where the previous one ends), and its count.
    words: Vec<(u32, u32)>,
}

impl WordCounts {
    fn from_counts<'a>(counts: impl ExactSizeIterator<Item = (&'a str, u32)>) -> WordCounts {
        let mut out = WordCounts {
            text: String::new(),
            words: Vec::with_capacity(counts.len()),
        };
        for (w, n) in counts {
            out.text.push_str(w);
            out.words.push((out.text.len() as u32, n));
        }
        out
    }

    /// Each distinct word and its count.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        let mut start = 0;
        self.words.iter().map(move |&(end, n)| {
            let w = &self.text[start..end as usize];
            start = end as usize;
            (w, n)
        })
    }

    /// Distinct words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

impl Analyzer {
    pub fn new(lexicon: Lexicon, rules: CleanRules, language: Language) -> Analyzer {
        let matcher = Matcher::new(&lexicon, &language);
        let agents = AgentFinder::new(&lexicon, &language);
        Analyzer {
            lexicon,
            rules,
            language,
            matcher,
            agents,
            actors: None,
        }
    }

    /// An analyzer with the built-in cleaning and English language rules.
    pub fn with_default_rules(lexicon: Lexicon) -> crate::Result<Analyzer> {
        let rules = CleanRules::parse(crate::clean::BUILTIN_RULES, "built-in boilerplate.toml")
            .map_err(crate::Error::rules)?;
        let language = Language::parse(crate::voice::BUILTIN_LANGUAGE, "built-in english.toml")
            .map_err(crate::Error::rules)?;
        Ok(Analyzer::new(lexicon, rules, language))
    }

    /// Analyses one document on its own (for many, use [`run`] or `analyze::analyze`).
    pub fn analyze_one(&self, doc: Document) -> Analysis {
        self.analyze(doc, &mut Tokens::default())
    }

    /// Also find actor mentions (for the sentiment stage).
    pub fn with_actor_mentions(mut self) -> Analyzer {
        self.actors = Some(MentionFinder::new(&self.lexicon, &self.language));
        self
    }

    /// Analyses one document; `buf` is scratch space reused between calls.
    pub fn analyze(&self, doc: Document, buf: &mut Tokens) -> Analysis {
        let cleaned = clean(&doc, &self.rules);
        let mut voiced = voice(&doc.text, &cleaned);
        tokenize_sentences(&doc.text, &voiced, buf);
        mark_attributed(&mut voiced, buf, &self.language);
        let mut hits = self.matcher.find(&doc.text, buf, &voiced);
        if let Some(agents) = &self.agents {
            agents.resolve(&doc.text, buf, &voiced, &mut hits);
        }
        let mut tokens_by_zone = [0usize; 5];
        // Fx hashing: these keys are short words and this map is rebuilt for every document.
        // Sized up front: rehashing as it grew showed in profiles.
        let mut words: rustc_hash::FxHashMap<&str, u32> =
            rustc_hash::FxHashMap::with_capacity_and_hasher(
                buf.tokens.len() / 2,
                Default::default(),
            );
        let mut voices = voiced.voice_cursor();
        for t in &buf.tokens {
            let zone = voiced.sentences[t.sentence].zone;
            tokens_by_zone[zone.index()] += 1;
            if zone.is_main() && voices.voice_at(t.start) == Voice::Own {
                *words.entry(buf.norm_of(t)).or_default() += 1;
            }
        }
        let words = WordCounts::from_counts(words.into_iter());
        let evidence = evidence_for(
            &doc.text,
            &voiced,
            hits.iter().map(|h| (h.start, h.end, h.sentence_index)),
        );
        let mentions: Vec<ActorMention> = match &self.actors {
            Some(m) => m.find(&doc.text, buf, &voiced),
            None => Vec::new(),
        };
        let mention_evidence = evidence_for(
            &doc.text,
            &voiced,
            mentions.iter().map(|m| (m.start, m.end, m.sentence_index)),
        );
        Analysis {
            doc: DocInfo {
                id: doc.id,
                outlet: doc.outlet,
                meta: doc.meta,
                source: doc.source,
            },
            tokens_by_zone,
            sentences: voiced.sentences.len(),
            dropped_lines: cleaned.dropped_lines,
            duplicate_paragraphs: cleaned.duplicate_paragraphs,
            hits,
            evidence,
            mentions,
            mention_evidence,
            words,
        }
    }

    /// Title and body tokens: the denominator of every default rate.
    pub fn main_tokens(a: &Analysis) -> usize {
        Zone::ALL
            .iter()
            .filter(|z| z.is_main())
            .map(|z| a.tokens_by_zone[z.index()])
            .sum()
    }
}

/// Converts byte offsets to character offsets in one pass over the text.
fn char_offsets(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_unstable_by_key(|&i| bytes[i]);
    let mut out = vec![0; bytes.len()];
    let (mut byte, mut chars) = (0usize, 0usize);
    for i in order {
        let target = bytes[i];
        chars += text[byte..target].chars().count();
        byte = target;
        out[i] = chars;
    }
    out
}

/// Evidence for matches given as (byte start, byte end, sentence index).
fn evidence_for(
    text: &str,
    voiced: &Voiced,
    matches: impl Iterator<Item = (usize, usize, usize)>,
) -> Vec<Evidence> {
    let matches: Vec<(usize, usize, usize)> = matches.collect();
    let mut positions = Vec::with_capacity(matches.len() * 2);
    for &(start, end, _) in &matches {
        positions.push(start);
        positions.push(end);
    }
    let chars = char_offsets(text, &positions);
    matches
        .iter()
        .enumerate()
        .map(|(i, &(start, end, sentence))| {
            let s = &voiced.sentences[sentence];
            let (context, context_offset) =
                context(&text[s.start..s.end], start - s.start, end - s.start);
            Evidence {
                matched: text[start..end].to_string(),
                char_start: chars[2 * i],
                char_end: chars[2 * i + 1],
                context,
                context_offset,
            }
        })
        .collect()
}

/// Collapses whitespace runs to single spaces, as contexts do.
pub fn collapse_whitespace(s: &str) -> String {
    // Most sentences have only single plain spaces: copy them as they are.
    let plain = !s.contains("  ") && !s.chars().any(|c| c != ' ' && c.is_whitespace());
    if plain {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut last_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out
}

/// The sentence around a match, cut to a window on very long sentences; whitespace runs collapse
/// to single spaces so a context always fits on one line.
fn context(sentence: &str, start: usize, end: usize) -> (String, usize) {
    // Counting at most MAX+1 characters keeps this linear on sentences of any length.
    let short = sentence.chars().take(MAX_CONTEXT_CHARS + 1).count() <= MAX_CONTEXT_CHARS;
    let (from, to) = if short {
        (0, sentence.len())
    } else {
        let half = MAX_CONTEXT_CHARS / 2;
        let from = sentence[..start]
            .char_indices()
            .rev()
            .nth(half.saturating_sub(1))
            .map_or(0, |(i, _)| i);
        let to = sentence[end..]
            .char_indices()
            .nth(half)
            .map_or(sentence.len(), |(i, _)| end + i);
        (from, to)
    };
    // The match starts with a word character, so collapsing the prefix and the window
    // separately agrees at the boundary.
    let offset = collapse_whitespace(&sentence[from..start]).chars().count();
    (collapse_whitespace(&sentence[from..to]), offset)
}

/// The run was cancelled while waiting for input.
#[derive(Debug, thiserror::Error)]
#[error("interrupted while waiting for input")]
pub struct Cancelled;

/// Chunks waiting between two stages; with one chunk in each stage, at most
/// `2 * QUEUE + 3` chunks are in memory, whatever the corpus size.
const QUEUE: usize = 2;

/// Streams a corpus through the analyzer. `sink` receives the results chunk by chunk, in input
/// order; it may stop the run by returning an error.
///
/// Three stages overlap, joined by bounded queues: a reader thread (file I/O, decoding), the
/// analysis of a chunk on the current rayon pool, and the sink on its own thread (writing tables,
/// and the sentiment model when it runs), so the sink's work does not stall the workers.
pub fn run<F>(
    corpus: Corpus,
    analyzer: &Analyzer,
    chunk_size: usize,
    cancel: Option<&AtomicBool>,
    mut sink: F,
) -> anyhow::Result<()>
where
    F: FnMut(Vec<Result<Analysis, Skip>>) -> anyhow::Result<()> + Send,
{
    let chunk_size = chunk_size.max(1);
    let entries = corpus.entries;
    std::thread::scope(|scope| {
        let (doc_tx, doc_rx) = mpsc::sync_channel::<anyhow::Result<Vec<Entry>>>(QUEUE);
        let (res_tx, res_rx) = mpsc::sync_channel::<Vec<Result<Analysis, Skip>>>(QUEUE);
        // Not scoped: on an early stop the reader may be blocked reading (a pipe, say), and
        // the run must not wait for it; it ends at its next send.
        std::thread::spawn(move || read_chunks(entries, chunk_size, &doc_tx));
        let sink_thread = scope.spawn(move || -> anyhow::Result<()> {
            for chunk in res_rx {
                sink(chunk)?;
            }
            Ok(())
        });
        let mut read_result = Ok(());
        loop {
            // Waiting in short steps, so a cancel (Ctrl-C) is seen even while the input stalls
            // (a pipe or FIFO whose writer has stopped).
            let chunk = match doc_rx.recv_timeout(std::time::Duration::from_millis(100)) {
                Ok(Ok(c)) => c,
                Ok(Err(e)) => {
                    read_result = Err(e);
                    break;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                        read_result = Err(Cancelled.into());
                        break;
                    }
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            };
            let results: Vec<Result<Analysis, Skip>> = chunk
                .into_par_iter()
                .map_init(Tokens::default, |buf, e| match e {
                    Entry::Doc(d) => Ok(analyzer.analyze(d, buf)),
                    Entry::Skip(s) => Err(s),
                })
                .collect();
            // A closed queue means the sink failed; its error is returned below.
            if res_tx.send(results).is_err() {
                break;
            }
        }
        // Dropping the queues stops the reader at its next send and ends the sink's loop.
        drop(res_tx);
        let sunk = sink_thread
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("internal error: the output stage panicked")));
        sunk.and(read_result)
    })
}

/// Reads chunks of entries into `tx` until the corpus ends, an entry fails (sent, then stop)
/// or the receiver is gone.
fn read_chunks(
    mut entries: Box<dyn Iterator<Item = anyhow::Result<Entry>> + Send>,
    chunk_size: usize,
    tx: &mpsc::SyncSender<anyhow::Result<Vec<Entry>>>,
) {
    loop {
        let mut chunk = Vec::with_capacity(chunk_size);
        for e in entries.by_ref().take(chunk_size) {
            match e {
                Ok(e) => chunk.push(e),
                Err(err) => {
                    let _ = tx.send(Ok(chunk)).and_then(|()| tx.send(Err(err)));
                    return;
                }
            }
        }
        if chunk.is_empty() || tx.send(Ok(chunk)).is_err() {
            return;
        }
    }
}
