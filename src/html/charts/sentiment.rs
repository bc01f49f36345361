//! Sentiment toward each actor: per actor, one dot plot of outlets (own and quoted voice).

use super::super::model::{Report, SentCell, SentTable};
use super::{ci_text, level_pct, Axis, Dot, GridLine, VIEW_WIDTH};
use crate::compare::{self, Settings, MIN_ARTICLES};

pub(in crate::html) struct Sentiment {
    pub level: String,
    pub min_articles: usize,
    pub actors: Vec<ActorChart>,
}

pub(in crate::html) struct ActorChart {
    pub id: String,
    pub name: String,
    /// `None` when no outlet mentions the actor in title or body.
    pub plot: Option<ActorPlot>,
}

pub(in crate::html) struct ActorPlot {
    pub width: f64,
    pub height: f64,
    pub grid: Vec<GridLine>,
    pub rows: Vec<SentRow>,
}

pub(in crate::html) struct SentRow {
    pub outlet: String,
    pub label_x: f64,
    pub text_y: f64,
    pub dots: Vec<Dot>,
    pub note_x: f64,
    /// "own n=3 · quote n=1".
    pub counts: String,
}

const AXIS: Axis = Axis {
    left: 230.0,
    width: 400.0,
};
const TOP: f64 = 28.0;
const ROW_H: f64 = 24.0;
const VOICES: [(&str, f64); 2] = [("own", -4.0), ("quote", 4.0)];

/// `None` when the sentiment stage did not run.
pub(in crate::html) fn sentiment(r: &Report, settings: &Settings) -> Option<Sentiment> {
    let sent = r.sentiment.as_ref()?;
    Some(Sentiment {
        level: level_pct(settings.level),
        min_articles: MIN_ARTICLES,
        actors: r
            .actors
            .iter()
            .map(|(id, name)| ActorChart {
                id: id.clone(),
                name: name.clone(),
                plot: plot(r, sent, id, settings),
            })
            .collect(),
    })
}

fn cell<'s>(sent: &'s SentTable, actor: &str, outlet: &str, voice: &str) -> Option<&'s SentCell> {
    sent.get(&(actor.to_string(), outlet.to_string(), voice.to_string()))
}

fn plot(r: &Report, sent: &SentTable, actor: &str, settings: &Settings) -> Option<ActorPlot> {
    // Only outlets with a defined mean get a row: an empty row would read as "neutral".
    let outlets: Vec<&str> = r
        .outlets
        .iter()
        .map(|o| o.name.as_str())
        .filter(|o| {
            VOICES
                .iter()
                .any(|(v, _)| cell(sent, actor, o, v).is_some_and(|c| !c.mean.is_empty()))
        })
        .collect();
    if outlets.is_empty() {
        return None;
    }
    let bottom = TOP + ROW_H * outlets.len() as f64;
    Some(ActorPlot {
        width: VIEW_WIDTH,
        height: bottom + 8.0,
        grid: AXIS.grid(TOP, bottom),
        rows: outlets
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let y = TOP + ROW_H * (i as f64 + 0.5);
                row(r, sent, actor, o, y, settings)
            })
            .collect(),
    })
}

fn row(
    r: &Report,
    sent: &SentTable,
    actor: &str,
    outlet: &str,
    y: f64,
    settings: &Settings,
) -> SentRow {
    let mut dots = Vec::new();
    let mut counts = Vec::new();
    for (voice, dy) in VOICES {
        let Some(c) = cell(sent, actor, outlet, voice) else {
            continue;
        };
        // The interval is `compare`'s bootstrap over the outlet's articles.
        let m = compare::actor_mean(&r.data, outlet, actor, voice == "own", settings);
        let title = format!(
            "{outlet}, {voice} voice: mean {} over {} mentions{}",
            c.mean,
            c.mentions,
            ci_text(m.ci.as_ref(), settings.level)
        );
        dots.extend(AXIS.dot(y + dy, voice, &c.mean, m.ci.as_ref(), title));
        counts.push(format!("{voice} n={}", c.mentions));
    }
    SentRow {
        outlet: outlet.to_string(),
        label_x: AXIS.left - 12.0,
        text_y: y + 4.0,
        dots,
        note_x: AXIS.right() + 16.0,
        counts: counts.join(" · "),
    }
}
