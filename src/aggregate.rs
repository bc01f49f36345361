//! Aggregate stage: per-document and per-outlet counts and rates, accumulated while streaming.
//!
//! Default rates count own-voice hits in the title and body per 1,000 title+body tokens;
//! teaser, caption and embed hits are counted in their own columns and never in a rate.

use crate::lexicon::Lexicon;
use crate::pipeline::{Analysis, Analyzer};
use crate::run::{
    ActorSentimentRow, DocumentRow, HitRow, OutletFrameRow, OutletSummaryRow, OutletWordRow,
    VoiceFilter,
};
use crate::types::{Polarity, Voice, Zone};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

/// Lean = (a - b) / (a + b); `None` when both are zero.
pub fn lean(a: usize, b: usize) -> Option<f64> {
    (a + b > 0).then(|| (a as f64 - b as f64) / (a + b) as f64)
}

/// Hits per 1,000 tokens; `None` without tokens.
pub fn rate(hits: usize, tokens: usize) -> Option<f64> {
    (tokens > 0).then(|| hits as f64 * 1000.0 / tokens as f64)
}

/// Per-document numbers, one row of `documents.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct DocRow {
    pub tokens: usize,
    pub tokens_other: usize,
    pub sentences: usize,
    pub hits_own: usize,
    pub hits_quote: usize,
    pub hits_other_zones: usize,
    /// Own- and quote-voice title+body hits per declared side, in lexicon order.
    pub own_by_side: Vec<usize>,
    pub quote_by_side: Vec<usize>,
    pub lean: Option<f64>,
}

impl DocRow {
    /// The `documents.csv` row of this document; `meta` lists the metadata columns in order.
    pub fn into_row(self, a: &Analysis, meta: &[String]) -> DocumentRow {
        DocumentRow {
            doc_id: a.doc.id.clone(),
            outlet: a.doc.outlet.clone(),
            meta: meta
                .iter()
                .map(|m| a.doc.meta.get(m).cloned().unwrap_or_default())
                .collect(),
            source: a.doc.source.clone(),
            tokens: self.tokens,
            tokens_other_zones: self.tokens_other,
            sentences: self.sentences,
            hits_own: self.hits_own,
            hits_quote: self.hits_quote,
            hits_other_zones: self.hits_other_zones,
            own_by_side: self.own_by_side,
            quote_by_side: self.quote_by_side,
            lean: self.lean,
            dropped_lines: a.dropped_lines,
            duplicate_paragraphs: a.duplicate_paragraphs,
        }
    }
}

/// What one hit adds to its document's and outlet's counts.
struct HitFacts {
    frame: usize,
    side: Option<usize>,
    zone: Zone,
    voice: Voice,
    attributed: bool,
    negated: bool,
}

/// What a document adds besides its hits.
struct DocFacts<'a> {
    id: &'a str,
    source: &'a str,
    outlet: &'a str,
    tokens: usize,
    tokens_other: usize,
    sentences: usize,
}

#[derive(Debug, Clone, Default)]
struct FrameAcc {
    own: usize,
    quote: usize,
    own_attributed: usize,
    own_negated: usize,
    by_zone: [usize; 5],
    sum_article_rate: f64,
    articles_with_own: usize,
}

#[derive(Debug, Clone, Default)]
struct OutletAcc {
    articles: usize,
    articles_with_tokens: usize,
    tokens: usize,
    own_by_side: Vec<usize>,
    quote_by_side: Vec<usize>,
    /// Hits of the two lean sides, leaving out the lexicon's `lean.exclude` frames:
    /// [own a, own b, quote a, quote b].
    lean: [usize; 4],
    frames: Vec<FrameAcc>,
}

/// Distinct (outlet, word) pairs kept for keyness by default: about 100 MB at most.
pub const DEFAULT_MAX_WORD_PAIRS: usize = 1_000_000;

/// Accumulates analyses into tables.
pub struct Aggregator {
    frames: Vec<(String, Option<String>)>,
    /// Frame id -> index in `frames`, built once.
    frame_index: HashMap<String, usize>,
    sides: Vec<String>,
    lean_pair: Option<(usize, usize)>,
    /// Per frame: whether its hits count toward lean at all (`lean.exclude` leaves it out).
    in_lean: Vec<bool>,
    outlets: BTreeMap<String, OutletAcc>,
    seen: HashMap<String, String>,
    /// Own-voice title+body word counts per outlet.
    /// Fx hashing and lookups by `&str`: this map is probed for every word of every document.
    words: BTreeMap<String, rustc_hash::FxHashMap<String, u64>>,
    /// Distinct (outlet, word) pairs held, and the most allowed before the rarest are dropped.
    word_pairs: usize,
    max_word_pairs: usize,
    pruned_at_or_below: u64,
    pub documents: usize,
    pub hits: usize,
}

impl Aggregator {
    pub fn new(lex: &Lexicon) -> Aggregator {
        let sides: Vec<String> = lex.sides.iter().map(|s| s.id.clone()).collect();
        let pos = |id: &str| sides.iter().position(|s| s == id);
        let lean_pair = lex
            .lean
            .as_ref()
            .and_then(|(a, b)| Some((pos(a)?, pos(b)?)));
        let in_lean = lex
            .frames
            .iter()
            .map(|f| !lex.lean_exclude.contains(&f.id))
            .collect();
        Aggregator {
            in_lean,
            frames: lex
                .frames
                .iter()
                .map(|f| (f.id.clone(), f.side.clone()))
                .collect(),
            frame_index: lex
                .frames
                .iter()
                .enumerate()
                .map(|(i, f)| (f.id.clone(), i))
                .collect(),
            sides,
            lean_pair,
            outlets: BTreeMap::new(),
            seen: HashMap::new(),
            words: BTreeMap::new(),
            word_pairs: 0,
            max_word_pairs: DEFAULT_MAX_WORD_PAIRS,
            pruned_at_or_below: 0,
            documents: 0,
            hits: 0,
        }
    }

    /// Keeps at most `n` distinct (outlet, word) pairs for `outlet_words.csv`.
    pub fn with_max_word_pairs(mut self, n: usize) -> Aggregator {
        self.max_word_pairs = n.max(1);
        self
    }

    pub fn sides(&self) -> &[String] {
        &self.sides
    }

    fn side_index(&self, side: Option<&str>) -> Option<usize> {
        side.and_then(|s| self.sides.iter().position(|x| x == s))
    }

    fn lean_of(&self, pair: &[usize]) -> Option<f64> {
        self.lean_pair.and_then(|_| lean(pair[0], pair[1]))
    }

    /// Adds a document. Fails on a document id seen before, naming both sources.
    pub fn add(&mut self, a: &Analysis) -> anyhow::Result<DocRow> {
        let tokens = Analyzer::main_tokens(a);
        let tokens_all: usize = a.tokens_by_zone.iter().sum();
        let facts: Vec<HitFacts> = a
            .hits
            .iter()
            .filter_map(|h| {
                Some(HitFacts {
                    frame: *self.frame_index.get(&*h.frame)?,
                    side: self.side_index(h.side.as_deref()),
                    zone: h.zone,
                    voice: h.voice,
                    attributed: h.attributed,
                    negated: h.negated,
                })
            })
            .collect();
        let doc = DocFacts {
            id: &a.doc.id,
            source: &a.doc.source,
            outlet: &a.doc.outlet,
            tokens,
            tokens_other: tokens_all - tokens,
            sentences: a.sentences,
        };
        let row = self.add_facts(&doc, &facts)?;
        self.add_words(&a.doc.outlet, &a.words);
        self.hits += a.hits.len();
        Ok(row)
    }

    /// Adds a document from its rows of `documents` and `hits` (a run's per-document tables,
    /// as the Spark job writes them): the same per-outlet numbers as [`Aggregator::add`] gave
    /// when the run was made. Word counts are not in those tables: `outlet_words` is summed
    /// on its own.
    pub fn add_rows(&mut self, doc: &DocumentRow, hits: &[HitRow]) -> anyhow::Result<DocRow> {
        let mut facts = Vec::with_capacity(hits.len());
        for h in hits {
            let Some(&frame) = self.frame_index.get(&*h.frame) else {
                anyhow::bail!(
                    "hits of document {:?}: frame {:?} is not in the lexicon",
                    doc.doc_id,
                    h.frame
                );
            };
            facts.push(HitFacts {
                frame,
                side: self.side_index(h.side.as_deref()),
                zone: h.zone,
                voice: h.voice,
                attributed: h.attributed,
                negated: h.negated,
            });
        }
        let d = DocFacts {
            id: &doc.doc_id,
            source: &doc.source,
            outlet: &doc.outlet,
            tokens: doc.tokens,
            tokens_other: doc.tokens_other_zones,
            sentences: doc.sentences,
        };
        let row = self.add_facts(&d, &facts)?;
        self.hits += hits.len();
        Ok(row)
    }

    fn add_facts(&mut self, d: &DocFacts, hits: &[HitFacts]) -> anyhow::Result<DocRow> {
        if let Some(first) = self.seen.insert(d.id.to_string(), d.source.to_string()) {
            anyhow::bail!(
                "duplicate document id {:?}: {} and {}",
                d.id,
                first,
                d.source
            );
        }
        let nsides = self.sides.len();
        let mut own_by_side = vec![0; nsides];
        let mut quote_by_side = vec![0; nsides];
        let mut own_by_frame = vec![0usize; self.frames.len()];
        let mut lean_hits = [0usize; 4];
        let mut row = DocRow {
            tokens: d.tokens,
            tokens_other: d.tokens_other,
            sentences: d.sentences,
            hits_own: 0,
            hits_quote: 0,
            hits_other_zones: 0,
            own_by_side: Vec::new(),
            quote_by_side: Vec::new(),
            lean: None,
        };
        for h in hits {
            if !h.zone.is_main() {
                row.hits_other_zones += 1;
                continue;
            }
            // The hit's own side, not its frame's: an agent-dependent frame's hits may serve
            // either side.
            if let (true, Some(s), Some((a, b))) = (self.in_lean[h.frame], h.side, self.lean_pair) {
                let slot = if s == a {
                    Some(0)
                } else {
                    (s == b).then_some(1)
                };
                if let Some(slot) = slot {
                    lean_hits[slot + 2 * usize::from(h.voice == Voice::Quote)] += 1;
                }
            }
            match h.voice {
                Voice::Own => {
                    row.hits_own += 1;
                    own_by_frame[h.frame] += 1;
                    if let Some(s) = h.side {
                        own_by_side[s] += 1;
                    }
                }
                Voice::Quote => {
                    row.hits_quote += 1;
                    if let Some(s) = h.side {
                        quote_by_side[s] += 1;
                    }
                }
            }
        }
        row.lean = self.lean_of(&lean_hits[..2]);
        self.add_to_outlet(
            d,
            [&own_by_side, &quote_by_side],
            lean_hits,
            hits,
            &own_by_frame,
        );
        self.documents += 1;
        row.own_by_side = own_by_side;
        row.quote_by_side = quote_by_side;
        Ok(row)
    }

    /// Adds one document's counts to its outlet's totals.
    fn add_to_outlet(
        &mut self,
        d: &DocFacts,
        [own_by_side, quote_by_side]: [&[usize]; 2],
        lean_hits: [usize; 4],
        hits: &[HitFacts],
        own_by_frame: &[usize],
    ) {
        let (nsides, nframes) = (self.sides.len(), self.frames.len());
        let tokens = d.tokens;
        let acc = self
            .outlets
            .entry(d.outlet.to_string())
            .or_insert_with(|| OutletAcc {
                own_by_side: vec![0; nsides],
                quote_by_side: vec![0; nsides],
                frames: vec![FrameAcc::default(); nframes],
                ..OutletAcc::default()
            });
        acc.articles += 1;
        acc.tokens += tokens;
        if tokens > 0 {
            acc.articles_with_tokens += 1;
        }
        for s in 0..nsides {
            acc.own_by_side[s] += own_by_side[s];
            acc.quote_by_side[s] += quote_by_side[s];
        }
        for (t, n) in acc.lean.iter_mut().zip(lean_hits) {
            *t += n;
        }
        for h in hits {
            let f = &mut acc.frames[h.frame];
            f.by_zone[h.zone.index()] += 1;
            if h.zone.is_main() {
                match h.voice {
                    Voice::Own => {
                        f.own += 1;
                        f.own_attributed += h.attributed as usize;
                        f.own_negated += h.negated as usize;
                    }
                    Voice::Quote => f.quote += 1,
                }
            }
        }
        for (fi, &n) in own_by_frame.iter().enumerate() {
            let f = &mut acc.frames[fi];
            if let Some(r) = rate(n, tokens) {
                f.sum_article_rate += r;
            }
            f.articles_with_own += (n > 0) as usize;
        }
    }

    /// Outlet x frame rows, outlets in name order, frames in lexicon order.
    pub fn outlet_frames(&self) -> Vec<OutletFrameRow> {
        let mut rows = Vec::new();
        for (outlet, acc) in &self.outlets {
            for ((frame, side), f) in self.frames.iter().zip(&acc.frames) {
                rows.push(OutletFrameRow {
                    outlet: outlet.clone(),
                    frame: frame.clone(),
                    side: side.clone(),
                    articles: acc.articles,
                    tokens: acc.tokens,
                    hits_own: f.own,
                    hits_quote: f.quote,
                    hits_own_attributed: f.own_attributed,
                    hits_own_negated: f.own_negated,
                    hits_title: f.by_zone[Zone::Title.index()],
                    hits_body: f.by_zone[Zone::Body.index()],
                    hits_teaser: f.by_zone[Zone::Teaser.index()],
                    hits_caption: f.by_zone[Zone::Caption.index()],
                    hits_embed: f.by_zone[Zone::Embed.index()],
                    rate_own_per_1k: rate(f.own, acc.tokens),
                    mean_article_rate_own_per_1k: (acc.articles_with_tokens > 0)
                        .then(|| f.sum_article_rate / acc.articles_with_tokens as f64),
                    share_articles_own: (acc.articles > 0)
                        .then(|| f.articles_with_own as f64 / acc.articles as f64),
                });
            }
        }
        rows
    }

    fn add_words(&mut self, outlet: &str, doc_words: &crate::pipeline::WordCounts) {
        if !self.words.contains_key(outlet) {
            self.words.insert(outlet.to_string(), Default::default());
        }
        let Some(words) = self.words.get_mut(outlet) else {
            return;
        };
        for (w, n) in doc_words.iter() {
            match words.get_mut(w) {
                Some(c) => *c += u64::from(n),
                None => {
                    words.insert(w.to_string(), u64::from(n));
                    self.word_pairs += 1;
                }
            }
        }
        while self.word_pairs > self.max_word_pairs {
            self.prune_words();
        }
    }

    /// Drops the rarest (outlet, word) pairs: those counted at most one more time than the
    /// last prune allowed. Deterministic (it depends only on the input order), and the counts
    /// of words above the final threshold stay exact.
    fn prune_words(&mut self) {
        self.pruned_at_or_below += 1;
        let t = self.pruned_at_or_below;
        let mut kept = 0;
        for words in self.words.values_mut() {
            words.retain(|_, n| *n > t);
            kept += words.len();
        }
        self.word_pairs = kept;
    }

    /// Words counted this many times or fewer in an outlet were dropped from
    /// `outlet_words.csv` to keep memory bounded (0: nothing was dropped).
    pub fn words_pruned_at_or_below(&self) -> u64 {
        self.pruned_at_or_below
    }

    /// Rows of `outlet_words.csv`: by outlet, then count (descending), then word.
    pub fn outlet_words(&self) -> Vec<OutletWordRow<'_>> {
        let mut rows = Vec::new();
        for (outlet, words) in &self.words {
            let mut ws: Vec<(&str, u64)> = words.iter().map(|(w, &n)| (w.as_str(), n)).collect();
            ws.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            rows.extend(ws.into_iter().map(|(w, n)| OutletWordRow {
                outlet: Cow::Borrowed(outlet.as_str()),
                word: Cow::Borrowed(w),
                count: n,
            }));
        }
        rows
    }

    pub fn outlet_summary(&self) -> Vec<OutletSummaryRow> {
        self.outlets
            .iter()
            .map(|(outlet, acc)| OutletSummaryRow {
                outlet: outlet.clone(),
                articles: acc.articles,
                tokens: acc.tokens,
                own_by_side: acc.own_by_side.clone(),
                quote_by_side: acc.quote_by_side.clone(),
                lean_own: self.lean_of(&acc.lean[..2]),
                lean_quote: self.lean_of(&acc.lean[2..]),
            })
            .collect()
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct SentimentAcc {
    n: usize,
    labels: [usize; 3],
    sum_score: f64,
}

/// Accumulates scored actor mentions per outlet, actor and voice.
#[derive(Default)]
pub struct ActorAggregator {
    /// (outlet, actor id) -> [own, quote]
    acc: BTreeMap<(String, String), [SentimentAcc; 2]>,
    sides: HashMap<String, Option<String>>,
    actors: Vec<String>,
    pub mentions: usize,
}

impl ActorAggregator {
    pub fn new(lex: &Lexicon) -> ActorAggregator {
        ActorAggregator {
            sides: lex
                .actors
                .iter()
                .map(|a| (a.id.clone(), a.side.clone()))
                .collect(),
            actors: lex.actors.iter().map(|a| a.id.clone()).collect(),
            ..ActorAggregator::default()
        }
    }

    /// Adds the scored mentions of one document (unscored ones are ignored).
    pub fn add(&mut self, a: &Analysis) {
        for m in &a.mentions {
            let Some(p) = m.probs else { continue };
            self.mentions += 1;
            if !m.zone.is_main() {
                continue;
            }
            let slot = &mut self
                .acc
                .entry((a.doc.outlet.clone(), m.actor.to_string()))
                .or_default()[(m.voice == Voice::Quote) as usize];
            slot.n += 1;
            slot.labels[p.label().index()] += 1;
            slot.sum_score += f64::from(p.positive() - p.negative());
        }
    }

    /// Rows by outlet (name order), actor (lexicon order), voice (all, own, quote).
    pub fn rows(&self) -> Vec<ActorSentimentRow> {
        let mut outlets: Vec<&String> = self.acc.keys().map(|(o, _)| o).collect();
        outlets.dedup();
        let mut rows = Vec::new();
        for outlet in outlets {
            for actor in &self.actors {
                let [own, quote] = self
                    .acc
                    .get(&(outlet.clone(), actor.clone()))
                    .copied()
                    .unwrap_or_default();
                let all = SentimentAcc {
                    n: own.n + quote.n,
                    labels: [0, 1, 2].map(|i| own.labels[i] + quote.labels[i]),
                    sum_score: own.sum_score + quote.sum_score,
                };
                for (voice, s) in [
                    (VoiceFilter::All, all),
                    (VoiceFilter::Own, own),
                    (VoiceFilter::Quote, quote),
                ] {
                    let share =
                        |p: Polarity| (s.n > 0).then(|| s.labels[p.index()] as f64 / s.n as f64);
                    rows.push(ActorSentimentRow {
                        outlet: outlet.clone(),
                        actor: actor.clone(),
                        side: self.sides.get(actor).cloned().flatten(),
                        voice,
                        mentions: s.n,
                        share_negative: share(Polarity::Negative),
                        share_neutral: share(Polarity::Neutral),
                        share_positive: share(Polarity::Positive),
                        mean_score: (s.n > 0).then(|| s.sum_score / s.n as f64),
                    });
                }
            }
        }
        rows
    }
}
