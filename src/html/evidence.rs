//! The evidence section: per frame, the keyword-in-context lines behind every count, capped
//! per outlet, with the `kwic` command that lists the rest.

use super::model::{FrameEvidence, FrameInfo, Report};
use super::text::{counted, shell_line, slug};
use crate::kwic;
use crate::run::HitRow;
use crate::types::Voice;

/// Characters of context kept on each side of a match: enough to read the claim, short
/// enough that a line fits a table row.
const CONTEXT: usize = 160;

pub(super) struct Evidence {
    pub cap: usize,
    /// `framescope kwic FRAME --from DIR`'s DIR, shell-quoted.
    pub from: String,
    pub outlets: Vec<String>,
    pub frames: Vec<FrameEv>,
}

pub(super) struct FrameEv {
    pub slug: String,
    pub id: String,
    pub label: String,
    pub side: String,
    pub description: String,
    pub total: usize,
    /// "12 hits".
    pub total_text: String,
    pub own: usize,
    pub quoted: usize,
    pub lines: Vec<Line>,
    pub more: Vec<More>,
}

/// One hit: its sentence split around the match.
pub(super) struct Line {
    pub outlet: String,
    pub doc_id: String,
    pub zone: &'static str,
    pub voice: &'static str,
    /// Only own-voice lines are marked: a quote is attributed by definition.
    pub attributed: bool,
    pub negated: bool,
    pub left: String,
    /// For an agent-dependent frame: "by azerbaijan -> am" (see `kwic::agent_note`).
    pub agent: Option<String>,
    pub term: String,
    pub matched: String,
    pub right: String,
}

/// An outlet whose lines were capped.
pub(super) struct More {
    pub outlet: String,
    pub shown: usize,
    pub total: usize,
    pub command: String,
}

pub(super) fn evidence(r: &Report, cap: usize) -> Evidence {
    let dir = r.dir.display().to_string();
    let none = FrameEvidence::default();
    Evidence {
        cap,
        from: shell_line(std::slice::from_ref(&dir)),
        outlets: r.outlets.iter().map(|o| o.name.clone()).collect(),
        frames: r
            .frames
            .iter()
            .map(|f| frame(r, f, r.evidence.get(&f.id).unwrap_or(&none), cap, &dir))
            .collect(),
    }
}

fn frame(r: &Report, f: &FrameInfo, ev: &FrameEvidence, cap: usize, dir: &str) -> FrameEv {
    let side = r
        .sides
        .iter()
        .find(|s| s.id == f.side)
        .map_or("no side", |s| s.label.as_str());
    let by_agent = r.run.lexicon.is_agent_dependent(&f.id);
    FrameEv {
        slug: slug(&f.id),
        id: f.id.clone(),
        label: f.label.clone(),
        side: side.to_string(),
        description: f.description.clone(),
        total: ev.total,
        total_text: counted(ev.total, "hit"),
        own: ev.own,
        quoted: ev.total - ev.own,
        lines: ev.shown.iter().map(|h| line(h, by_agent)).collect(),
        more: ev
            .per_outlet
            .iter()
            .filter(|&(_, &total)| total > cap)
            .map(|(outlet, &total)| More {
                outlet: outlet.clone(),
                shown: cap,
                total,
                command: shell_line(&[
                    "framescope".into(),
                    "kwic".into(),
                    f.id.clone(),
                    "--outlet".into(),
                    outlet.clone(),
                    "--from".into(),
                    dir.to_string(),
                ]),
            })
            .collect(),
    }
}

fn line(hit: &HitRow, by_agent: bool) -> Line {
    let (left, matched, right) = kwic::split(hit, CONTEXT);
    Line {
        outlet: hit.outlet.to_string(),
        doc_id: hit.doc_id.to_string(),
        zone: hit.zone.as_str(),
        voice: hit.voice.as_str(),
        attributed: hit.voice == Voice::Own && hit.attributed,
        negated: hit.negated,
        left,
        agent: by_agent.then(|| kwic::agent_note(hit)),
        term: hit.term.to_string(),
        matched,
        right,
    }
}
