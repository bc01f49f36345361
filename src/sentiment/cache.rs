//! Scores of inputs already seen in a run.

use super::disk_cache::{input_key, DiskCache};
use super::{Probabilities, SentimentModel, Target};
use crate::pipeline::{self, Analysis};
use crate::types::Skip;
use anyhow::Result;
use std::collections::HashMap;

/// Model outputs of inputs already scored in this run, so a sentence repeated across articles
/// (wire copy republished by several outlets) is scored once. Bounded: when its keys pass
/// 64 MB it starts afresh, so memory stays flat on any corpus.
#[derive(Default)]
pub struct ScoreCache {
    map: HashMap<(String, usize, usize), Probabilities>,
    bytes: usize,
    /// Distinct inputs the model ran on.
    pub scored: usize,
    /// Scores kept across runs (`--cache DIR`), consulted before the model.
    pub disk: Option<DiskCache>,
}

const CACHE_BYTES: usize = 64 << 20;

impl ScoreCache {
    /// Scores the actor mentions of a chunk in place.
    pub fn score_chunk(
        &mut self,
        model: &SentimentModel,
        chunk: &mut [Result<Analysis, Skip>],
    ) -> Result<()> {
        let mut keys: Vec<(String, usize, usize)> = Vec::new();
        for a in chunk.iter().flatten() {
            for e in &a.mention_evidence {
                // The model reads the context (whitespace collapsed), so locate the mention there.
                let start = e
                    .context
                    .char_indices()
                    .nth(e.context_offset)
                    .map_or(e.context.len(), |(b, _)| b);
                let len = pipeline::collapse_whitespace(&e.matched).len();
                keys.push((e.context.clone(), start, (start + len).min(e.context.len())));
            }
        }
        // Start afresh between chunks, never within one: every key of this chunk stays cached
        // until its mentions have their scores.
        if self.bytes > CACHE_BYTES {
            self.map.clear();
            self.bytes = 0;
        }
        let mut missing: Vec<&(String, usize, usize)> =
            keys.iter().filter(|k| !self.map.contains_key(*k)).collect();
        missing.sort_unstable();
        missing.dedup();
        if let Some(disk) = &mut self.disk {
            missing.retain(|k| match disk.get(&input_key(&k.0, k.1, k.2)) {
                Some(p) => {
                    disk.hits += 1;
                    self.bytes += k.0.len() + 48;
                    self.map.insert((*k).clone(), p);
                    false
                }
                None => true,
            });
        }
        let targets: Vec<Target> = missing
            .iter()
            .map(|(sentence, start, end)| Target {
                sentence,
                start: *start,
                end: *end,
            })
            .collect();
        let probs = model.score(&targets)?;
        for (k, p) in missing.iter().zip(probs) {
            self.bytes += k.0.len() + 48;
            self.map.insert((*k).clone(), p);
            if let Some(disk) = &mut self.disk {
                disk.insert(input_key(&k.0, k.1, k.2), p);
            }
        }
        let mut it = keys.iter();
        for a in chunk.iter_mut().flatten() {
            for m in &mut a.mentions {
                m.probs = it.next().and_then(|k| self.map.get(k).copied());
            }
        }
        self.scored += targets.len();
        Ok(())
    }
}
