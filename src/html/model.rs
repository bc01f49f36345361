//! The run's tables as the report needs them, read once through the typed run readers.
//!
//! Numbers the charts carry as `data-value` are kept as the text the CSV tables hold (four
//! decimals, empty for undefined), so a chart can be checked against its table by string
//! equality rather than by a float tolerance.

use crate::compare::RunData;
use crate::error::Result;
use crate::run::{
    ActorSentimentRow, HitRow, LexiconInfo, OutletFrameRow, OutletSummaryRow, RunDir, RunManifest,
};
use crate::types::Voice;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub(super) struct SideInfo {
    pub id: String,
    pub label: String,
}

pub(super) struct FrameInfo {
    pub id: String,
    pub label: String,
    /// Empty for frames that echo no side.
    pub side: String,
    pub description: String,
}

/// One heatmap cell, from `outlet_frames.csv`.
pub(super) struct Cell {
    pub hits_own: String,
    pub hits_quote: String,
    pub rate: String,
}

/// One outlet, from `outlet_summary.csv`.
pub(super) struct OutletInfo {
    pub name: String,
    pub articles: usize,
    pub tokens: String,
    pub lean_own: String,
    pub lean_quote: String,
    /// Own and quoted title+body hits per side id.
    pub by_side: BTreeMap<String, (u64, u64)>,
}

/// A mean sentiment from `outlet_actor_sentiment.csv`.
pub(super) struct SentCell {
    pub mentions: String,
    /// Empty when the outlet has mentions but no defined mean.
    pub mean: String,
}

/// (actor, outlet, voice) -> cell.
pub(super) type SentTable = BTreeMap<(String, String, String), SentCell>;

/// A frame's hits: counts of all of them, and the first `cap` lines of each outlet.
#[derive(Default)]
pub(super) struct FrameEvidence {
    pub total: usize,
    pub own: usize,
    /// Outlet -> hits of the frame in that outlet.
    pub per_outlet: BTreeMap<String, usize>,
    pub shown: Vec<HitRow<'static>>,
}

/// Everything the report draws, loaded from one run folder.
pub(super) struct Report {
    pub run: RunManifest,
    pub dir: PathBuf,
    pub sides: Vec<SideInfo>,
    pub frames: Vec<FrameInfo>,
    pub outlets: Vec<OutletInfo>,
    /// (outlet, frame id) -> cell.
    pub cells: BTreeMap<(String, String), Cell>,
    /// `None` when the sentiment stage did not run.
    pub sentiment: Option<SentTable>,
    /// (actor id, display name), lexicon order first.
    pub actors: Vec<(String, String)>,
    /// Evidence per frame id (only the lines shown are kept, so memory follows the cap).
    pub evidence: BTreeMap<String, FrameEvidence>,
    /// Per-article data for the bootstrap intervals, shared with `compare`.
    pub data: RunData,
}

impl Report {
    /// The lexicon's label of a side, or its id when the lexicon does not declare it.
    pub fn side_label(&self, id: &str) -> String {
        self.sides
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_string(), |s| s.label.clone())
    }
}

/// The CSV tables' number format, so `data-value` equals the table cell.
fn n4(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.4}")).unwrap_or_default()
}

pub(super) fn load(run: &RunDir, cap: usize) -> Result<Report> {
    let m = run.manifest();
    let lex = &m.lexicon;
    let frames = frames(lex);
    let sides = sides(lex, &frames);
    let sentiment = if m.sentiment.is_some() {
        Some(sentiment(run)?)
    } else {
        None
    };
    let actors = actors(lex, sentiment.as_ref());
    Ok(Report {
        dir: run.shown_path().to_path_buf(),
        outlets: outlets(run, lex)?,
        cells: cells(run)?,
        evidence: evidence(run, cap)?,
        data: RunData::load(run)?,
        sides,
        frames,
        sentiment,
        actors,
        run: m.clone(),
    })
}

fn frames(lex: &LexiconInfo) -> Vec<FrameInfo> {
    lex.frame_labels
        .iter()
        .map(|f| FrameInfo {
            id: f.id.clone(),
            label: f.label.clone(),
            side: f.side.clone().unwrap_or_default(),
            description: f.description.clone(),
        })
        .collect()
}

/// The lexicon's sides, then any side a frame names that the lexicon does not declare (so no
/// frame falls out of the side groups).
fn sides(lex: &LexiconInfo, frames: &[FrameInfo]) -> Vec<SideInfo> {
    let mut sides: Vec<SideInfo> = lex
        .sides
        .iter()
        .map(|s| SideInfo {
            id: s.id.clone(),
            label: s.label.clone(),
        })
        .collect();
    for f in frames {
        if !f.side.is_empty() && !sides.iter().any(|s| s.id == f.side) {
            sides.push(SideInfo {
                id: f.side.clone(),
                label: f.side.clone(),
            });
        }
    }
    sides
}

fn cells(run: &RunDir) -> Result<BTreeMap<(String, String), Cell>> {
    let mut cells = BTreeMap::new();
    for r in run.rows::<OutletFrameRow>()? {
        let r = r?;
        cells.insert(
            (r.outlet, r.frame),
            Cell {
                hits_own: r.hits_own.to_string(),
                hits_quote: r.hits_quote.to_string(),
                rate: n4(r.rate_own_per_1k),
            },
        );
    }
    Ok(cells)
}

fn outlets(run: &RunDir, lex: &LexiconInfo) -> Result<Vec<OutletInfo>> {
    // The per-side columns of `outlet_summary.csv` are in lexicon side order.
    let side_ids = lex.side_ids();
    run.rows::<OutletSummaryRow>()?
        .map(|r| {
            let r = r?;
            Ok(OutletInfo {
                by_side: side_ids
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        (
                            s.clone(),
                            (r.own_by_side[i] as u64, r.quote_by_side[i] as u64),
                        )
                    })
                    .collect(),
                name: r.outlet,
                articles: r.articles,
                tokens: r.tokens.to_string(),
                lean_own: n4(r.lean_own),
                lean_quote: n4(r.lean_quote),
            })
        })
        .collect()
}

fn sentiment(run: &RunDir) -> Result<SentTable> {
    let mut cells = BTreeMap::new();
    for r in run.rows::<ActorSentimentRow>()? {
        let r = r?;
        cells.insert(
            (r.actor, r.outlet, r.voice.to_string()),
            SentCell {
                mentions: r.mentions.to_string(),
                mean: n4(r.mean_score),
            },
        );
    }
    Ok(cells)
}

/// The lexicon's actors, then any actor the sentiment table has that the lexicon lost (a table
/// row must never go undrawn).
fn actors(lex: &LexiconInfo, sentiment: Option<&SentTable>) -> Vec<(String, String)> {
    let mut actors: Vec<(String, String)> = lex
        .actors
        .iter()
        .map(|x| (x.id.clone(), x.name.clone()))
        .collect();
    for (actor, _, _) in sentiment.into_iter().flat_map(|s| s.keys()) {
        if !actors.iter().any(|(id, _)| id == actor) {
            actors.push((actor.clone(), actor.clone()));
        }
    }
    actors
}

/// Streams `hits.csv`: a large run's hits never sit in memory, only the lines shown.
fn evidence(run: &RunDir, cap: usize) -> Result<BTreeMap<String, FrameEvidence>> {
    let mut evidence: BTreeMap<String, FrameEvidence> = BTreeMap::new();
    for hit in run.rows::<HitRow>()? {
        let hit = hit?;
        let e = evidence.entry(hit.frame.to_string()).or_default();
        e.total += 1;
        e.own += usize::from(hit.voice == Voice::Own);
        let n = e.per_outlet.entry(hit.outlet.to_string()).or_default();
        *n += 1;
        if *n <= cap {
            e.shown.push(hit);
        }
    }
    Ok(evidence)
}
