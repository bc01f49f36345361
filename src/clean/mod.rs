//! Clean stage: drop scraping debris and label each kept paragraph with its zone.
//!
//! Every non-empty line is a paragraph. The rules (which lines are banners, credits, teasers,
//! captions, embeds) live in a TOML file (`lexicons/boilerplate.toml`), not here.

use crate::types::{Cleaned, Document, Segment, Zone};
mod engine;
mod literals;
mod patterns;

use patterns::{Group, Groups, Line, Matched, Seen};
use serde::Deserialize;
// Fx hashing: small sets of short keys probed once per token or paragraph.
use rustc_hash::FxHashSet as HashSet;
use std::path::Path;

/// The boilerplate file shipped with framescope, used when no file is given and none is found.
pub const BUILTIN_RULES: &str = include_str!("../../lexicons/boilerplate.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    drop: Vec<String>,
    #[serde(default)]
    photo_credit: Vec<String>,
    #[serde(default)]
    caption: Vec<String>,
    #[serde(default)]
    teaser: Vec<String>,
    #[serde(default)]
    teaser_list: Vec<String>,
    teaser_item: Option<String>,
    #[serde(default)]
    embed: Vec<String>,
    #[serde(default)]
    embed_signature: Vec<String>,
    /// Longest paragraph, in characters, that `embed` or a signature can make an embed.
    embed_max_chars: Option<usize>,
}

/// Default for `embed_max_chars`: a post of 280 characters with its link and a signature.
const EMBED_MAX_CHARS: usize = 320;

/// Compiled cleaning rules.
#[derive(Debug, Clone)]
pub struct CleanRules {
    groups: Groups,
    embed_max_chars: usize,
}

impl CleanRules {
    /// Parses rules from TOML text; `origin` names the file in errors.
    pub fn parse(text: &str, origin: &str) -> anyhow::Result<CleanRules> {
        let raw: RulesFile =
            toml::from_str(text).map_err(|e| anyhow::anyhow!("{origin}: {}", one_line(&e)))?;
        let groups = Groups::new(vec![
            (Group::Drop, raw.drop.as_slice()),
            (Group::PhotoCredit, raw.photo_credit.as_slice()),
            (Group::EmbedSignature, raw.embed_signature.as_slice()),
            (Group::Embed, raw.embed.as_slice()),
            (Group::TeaserList, raw.teaser_list.as_slice()),
            (Group::Teaser, raw.teaser.as_slice()),
            (Group::Caption, raw.caption.as_slice()),
            (Group::TeaserItem, raw.teaser_item.as_slice()),
        ])
        .map_err(|e| anyhow::anyhow!("{origin}: {e}"))?;
        Ok(CleanRules {
            groups,
            embed_max_chars: raw.embed_max_chars.unwrap_or(EMBED_MAX_CHARS),
        })
    }

    pub fn from_file(path: &Path) -> anyhow::Result<CleanRules> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        CleanRules::parse(&text, &path.display().to_string())
    }
}

/// Collapses a multi-line message (TOML and regex errors span lines) to one line.
pub fn one_line(e: &dyn std::fmt::Display) -> String {
    e.to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Drop,
    Credit,
    Caption,
    Teaser,
    TeaserList,
    Embed,
    EmbedSignature,
    Text,
}

/// Characters that pad scraped lines: whitespace, no-break spaces, zero-width marks.
fn is_pad(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{200e}' | '\u{200f}')
}

/// Characters that end a line: LF, CR (alone or in CRLF), NEL, LINE and PARAGRAPH SEPARATOR.
fn is_line_end(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Non-empty lines as trimmed byte ranges (into the text as it is: nothing is rewritten).
fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive(is_line_end) {
        let trimmed_start = line.len() - line.trim_start_matches(is_pad).len();
        let body = line.trim_matches(is_pad);
        if !body.is_empty() {
            out.push((pos + trimmed_start, pos + trimmed_start + body.len()));
        }
        pos += line.len();
    }
    out
}

fn words(s: &str) -> HashSet<&str> {
    unicode_segmentation::UnicodeSegmentation::unicode_words(s).collect()
}

/// Near-identical captions ("... artillery bombardment." / "... artillery shelling.") share most words
/// (Jaccard similarity of their word sets at least 0.6).
fn similar(a: &str, b: &str) -> bool {
    let (wa, wb) = (words(a), words(b));
    let inter = wa.intersection(&wb).count();
    let union = wa.union(&wb).count();
    union > 0 && inter * 10 >= union * 6
}

/// Splits a document into zoned paragraphs, dropping boilerplate and word-for-word repeats.
pub fn clean(doc: &Document, rules: &CleanRules) -> Cleaned {
    let text = doc.text.as_str();
    let lines = lines(text);
    let mut seen = Seen::default();
    let matched: Vec<Matched> = lines
        .iter()
        .map(|&(s, e)| rules.groups.matched(&Line::new(&text[s..e]), &mut seen))
        .collect();
    let mut kinds: Vec<Kind> = lines
        .iter()
        .zip(&matched)
        .map(|(&(s, e), &m)| classify(&text[s..e], m, rules))
        .collect();

    // A signature line pulls the post text just before it into the embed (if post-sized).
    for i in 0..kinds.len() {
        if kinds[i] == Kind::EmbedSignature
            && i > 0
            && kinds[i - 1] == Kind::Text
            && post_sized(&text[lines[i - 1].0..lines[i - 1].1], rules)
        {
            kinds[i - 1] = Kind::Embed;
        }
    }
    // Captions around photo credits: the line before, and the line after if it repeats it.
    for i in 0..kinds.len() {
        if kinds[i] != Kind::Credit {
            continue;
        }
        let prev = (0..i).rev().find(|&j| kinds[j] != Kind::Drop);
        if let Some(p) = prev.filter(|&p| matches!(kinds[p], Kind::Text | Kind::Caption)) {
            kinds[p] = Kind::Caption;
            if let Some(n) = (i + 1..kinds.len()).find(|&j| kinds[j] != Kind::Drop) {
                let (ps, pe) = lines[p];
                let (ns, ne) = lines[n];
                if kinds[n] == Kind::Text && similar(&text[ps..pe], &text[ns..ne]) {
                    kinds[n] = Kind::Caption;
                }
            }
        }
    }

    let mut out = Cleaned::default();
    let mut seen: HashSet<&str> = HashSet::default();
    let mut title_done = !doc.first_line_is_title;
    let mut in_teaser_list = false;
    for ((&(s, e), &kind), m) in lines.iter().zip(&kinds).zip(&matched) {
        let line = &text[s..e];
        if kind != Kind::Text || !m.has(Group::TeaserItem) {
            in_teaser_list = false;
        }
        let zone = match kind {
            Kind::Drop | Kind::Credit => {
                out.dropped_lines += 1;
                continue;
            }
            Kind::TeaserList => {
                in_teaser_list = true;
                out.dropped_lines += 1;
                continue;
            }
            Kind::Caption => Zone::Caption,
            Kind::Teaser => Zone::Teaser,
            Kind::Embed | Kind::EmbedSignature => Zone::Embed,
            Kind::Text if in_teaser_list => Zone::Teaser,
            Kind::Text if !title_done => Zone::Title,
            Kind::Text => Zone::Body,
        };
        if zone.is_main() {
            title_done = true;
        }
        if !seen.insert(line) {
            out.duplicate_paragraphs += 1;
            continue;
        }
        out.segments.push(Segment {
            zone,
            start: s,
            end: e,
        });
    }
    out
}

fn classify(text: &str, m: Matched, r: &CleanRules) -> Kind {
    if m.has(Group::Drop) {
        Kind::Drop
    } else if m.has(Group::PhotoCredit) {
        Kind::Credit
    } else if m.has(Group::EmbedSignature) {
        Kind::EmbedSignature
    } else if m.has(Group::Embed) && post_sized(text, r) {
        Kind::Embed
    } else if m.has(Group::TeaserList) {
        Kind::TeaserList
    } else if m.has(Group::Teaser) {
        Kind::Teaser
    } else if m.has(Group::Caption) {
        Kind::Caption
    } else {
        Kind::Text
    }
}

/// Short enough to be an embedded post: an embed rule never takes a whole article paragraph.
fn post_sized(line: &str, r: &CleanRules) -> bool {
    line.len() <= r.embed_max_chars || line.chars().count() <= r.embed_max_chars
}
