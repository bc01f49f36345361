//! A run's tables, loaded once for every comparison.

use crate::error::{Error, Result};
use crate::kwic::resolve_outlet;
use crate::run::{ActorMentionRow, DocumentRow, HitRow, OutletWordRow, RunDir, Table};
use crate::types::Voice;
use std::collections::HashMap;

/// One article of the run.
#[derive(Debug, Clone)]
pub(super) struct Doc {
    pub(super) id: String,
    pub(super) source: String,
    pub(super) outlet: String,
    /// Values of the run's metadata columns, in [`RunData::meta_columns`] order.
    pub(super) meta: Vec<String>,
    pub(super) tokens: f64,
    /// Own-voice title+body hits per frame index.
    pub(super) frame_hits: Vec<f64>,
    /// Title+body hits of the two lean sides: (own a, own b, quote a, quote b).
    pub(super) lean: [f64; 4],
    /// Own-voice title+body sentiment scores (p_pos - p_neg) per actor.
    pub(super) actor_scores: HashMap<String, Vec<f64>>,
    /// The same for quoted voice.
    pub(super) actor_quote_scores: HashMap<String, Vec<f64>>,
}

/// A run's tables, loaded for comparison.
pub struct RunData {
    pub(super) docs: Vec<Doc>,
    /// (frame id, side) in lexicon order.
    pub frames: Vec<(String, String)>,
    pub outlets: Vec<String>,
    /// Metadata columns of `documents.csv`, in file order.
    pub meta_columns: Vec<String>,
    pub lean_sides: Option<(String, String)>,
    /// Frames whose hits do not count toward lean (the lexicon's `lean.exclude` and any
    /// `--lean-exclude`), in lexicon order.
    pub lean_exclude: Vec<String>,
    pub actors: Vec<String>,
    pub has_sentiment: bool,
    pub(super) words: HashMap<String, HashMap<String, u64>>,
}

impl RunData {
    /// Loads what comparisons need from a run's typed tables; `hits.csv` and
    /// `actor_mentions.csv` are streamed a row at a time.
    pub fn load(run: &RunDir) -> Result<RunData> {
        RunData::load_with(run, &[])
    }

    /// [`RunData::load`], also leaving `lean_exclude` frames out of lean (on top of those the
    /// run's lexicon leaves out); an unknown frame is an error naming the known ones.
    pub fn load_with(run: &RunDir, lean_exclude: &[String]) -> Result<RunData> {
        let m = run.manifest();
        let frames: Vec<(String, String)> = m
            .lexicon
            .frame_labels
            .iter()
            .map(|f| (f.id.clone(), f.side.clone().unwrap_or_default()))
            .collect();
        for f in lean_exclude {
            if !frames.iter().any(|(id, _)| id == f) {
                let known: Vec<&str> = frames.iter().map(|(id, _)| id.as_str()).collect();
                return Err(Error::Usage(format!(
                    "--lean-exclude {f}: the run's lexicon has no such frame (frames: {})",
                    known.join(", ")
                )));
            }
        }
        let excluded = |id: &str| {
            m.lexicon.lean_exclude.iter().any(|f| f == id) || lean_exclude.iter().any(|f| f == id)
        };
        let lean_exclude = frames
            .iter()
            .filter(|(id, _)| excluded(id))
            .map(|(id, _)| id.clone())
            .collect();
        let mut data = RunData {
            docs: Vec::new(),
            frames,
            outlets: Vec::new(),
            meta_columns: m.meta_columns.clone(),
            lean_exclude,
            lean_sides: m.lexicon.lean.clone(),
            actors: Vec::new(),
            has_sentiment: run.has(Table::ActorMentions),
            words: HashMap::new(),
        };
        let doc_index = data.load_docs(run)?;
        data.add_hits(run, &doc_index)?;
        if data.has_sentiment {
            data.add_mentions(run, &doc_index)?;
        }
        for r in run.rows::<OutletWordRow>()? {
            let r = r?;
            data.words
                .entry(r.outlet.into_owned())
                .or_default()
                .insert(r.word.into_owned(), r.count);
        }
        let mut outlets: Vec<String> = data.docs.iter().map(|d| d.outlet.clone()).collect();
        outlets.sort();
        outlets.dedup();
        data.outlets = outlets;
        Ok(data)
    }

    /// Reads `documents.csv`; returns the index of each document id.
    fn load_docs(&mut self, run: &RunDir) -> Result<HashMap<String, usize>> {
        let mut doc_index = HashMap::new();
        for r in run.rows::<DocumentRow>()? {
            let r = r?;
            doc_index.insert(r.doc_id.clone(), self.docs.len());
            self.docs.push(Doc {
                id: r.doc_id,
                source: r.source,
                outlet: r.outlet,
                meta: r.meta,
                tokens: r.tokens as f64,
                frame_hits: vec![0.0; self.frames.len()],
                lean: [0.0; 4],
                actor_scores: HashMap::new(),
                actor_quote_scores: HashMap::new(),
            });
        }
        Ok(doc_index)
    }

    /// Counts own-voice title+body hits per document and frame, and lean-side hits.
    fn add_hits(&mut self, run: &RunDir, doc_index: &HashMap<String, usize>) -> Result<()> {
        let frame_index: HashMap<String, usize> = self
            .frames
            .iter()
            .enumerate()
            .map(|(i, f)| (f.0.clone(), i))
            .collect();
        let lean_skip: Vec<bool> = self
            .frames
            .iter()
            .map(|(id, _)| self.lean_exclude.contains(id))
            .collect();
        for r in run.rows::<HitRow>()? {
            let r = r?;
            let (Some(&d), Some(&f)) = (doc_index.get(&*r.doc_id), frame_index.get(&*r.frame))
            else {
                continue;
            };
            if !r.zone.is_main() {
                continue;
            }
            let own = r.voice == Voice::Own;
            if own {
                self.docs[d].frame_hits[f] += 1.0;
            }
            if lean_skip[f] {
                continue;
            }
            if let (Some((a, b)), Some(side)) = (&self.lean_sides, r.side.as_deref()) {
                let slot = match (side == a, side == b, own) {
                    (true, _, true) => Some(0),
                    (_, true, true) => Some(1),
                    (true, _, false) => Some(2),
                    (_, true, false) => Some(3),
                    _ => None,
                };
                if let Some(s) = slot {
                    self.docs[d].lean[s] += 1.0;
                }
            }
        }
        Ok(())
    }

    /// Collects title+body sentiment scores per document, actor and voice.
    fn add_mentions(&mut self, run: &RunDir, doc_index: &HashMap<String, usize>) -> Result<()> {
        for r in run.rows::<ActorMentionRow>()? {
            let r = r?;
            let Some(&d) = doc_index.get(&*r.doc_id) else {
                continue;
            };
            if !self.actors.iter().any(|a| *a == r.actor) {
                self.actors.push(r.actor.to_string());
            }
            if !r.zone.is_main() {
                continue;
            }
            let score = r.score();
            let by_actor = match r.voice {
                Voice::Own => &mut self.docs[d].actor_scores,
                Voice::Quote => &mut self.docs[d].actor_quote_scores,
            };
            by_actor.entry(r.actor.to_string()).or_default().push(score);
        }
        Ok(())
    }

    /// "(a - b) / (a + b)" from the lexicon's lean sides.
    pub fn lean_formula(&self) -> Option<String> {
        self.lean_sides
            .as_ref()
            .map(|(a, b)| format!("({a} - {b}) / ({a} + {b})"))
    }

    pub fn outlet(&self, wanted: &str) -> Result<String> {
        Ok(resolve_outlet(wanted, &self.outlets)?.to_string())
    }
}
