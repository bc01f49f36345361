//! The plain data that passes between pipeline stages.
//!
//! Every stage takes and returns these types; no stage reaches into another's internals.
//! Byte offsets (`start`, `end`) index [`Document::text`]; character offsets appear only in
//! outputs, where users need them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// Gives a fieldless enum its names: `NAMES`, `ALL`, `as_str`, `FromStr` and `Display`, from one
/// table, so the command line, the tables and `run.json` spell each value the same way.
#[macro_export]
macro_rules! named_enum {
    ($t:ident { $($v:ident => $n:literal),* $(,)? }) => {
        impl $t {
            /// Every value's name, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($n),*];
            /// Every value, in declaration order.
            pub const ALL: &'static [$t] = &[$($t::$v),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($t::$v => $n),*
                }
            }
        }

        impl std::str::FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<$t, String> {
                $t::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| format!("unknown value {s:?} (one of: {})", $t::NAMES.join(", ")))
            }
        }

        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// One article as read from the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Unique within a run: the file name without extension, or the `id` column.
    pub id: String,
    pub outlet: String,
    /// Extra manifest or row columns (`country`, `published`, `source_url` ...).
    pub meta: BTreeMap<String, String>,
    /// The decoded text; all offsets refer to it.
    pub text: String,
    /// Where the document came from (`path` or `path:line`), for messages.
    pub source: String,
    /// Whether the first kept line is the headline (false for row corpora without a title column).
    pub first_line_is_title: bool,
}

impl Document {
    /// A document with no metadata whose first line is its title; `source` is its id.
    pub fn new(id: impl Into<String>, outlet: impl Into<String>, text: impl Into<String>) -> Self {
        let id = id.into();
        Document {
            source: id.clone(),
            id,
            outlet: outlet.into(),
            meta: BTreeMap::new(),
            text: text.into(),
            first_line_is_title: true,
        }
    }
}

/// Where a piece of text sits in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Zone {
    Title,
    Body,
    Teaser,
    Caption,
    Embed,
}

impl Zone {
    pub const ALL: [Zone; 5] = [
        Zone::Title,
        Zone::Body,
        Zone::Teaser,
        Zone::Caption,
        Zone::Embed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Zone::Title => "title",
            Zone::Body => "body",
            Zone::Teaser => "teaser",
            Zone::Caption => "caption",
            Zone::Embed => "embed",
        }
    }

    /// Title and body are the outlet's article proper; default tables count only these.
    pub fn is_main(self) -> bool {
        matches!(self, Zone::Title | Zone::Body)
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn parse(s: &str) -> Option<Zone> {
        Zone::ALL.into_iter().find(|z| z.as_str() == s)
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whose words a hit is: the outlet's own, or words it quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Voice {
    Own,
    Quote,
}

impl Voice {
    pub const ALL: [Voice; 2] = [Voice::Own, Voice::Quote];

    pub fn as_str(self) -> &'static str {
        match self {
            Voice::Own => "own",
            Voice::Quote => "quote",
        }
    }

    pub fn parse(s: &str) -> Option<Voice> {
        Voice::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

impl std::str::FromStr for Voice {
    type Err = String;
    fn from_str(s: &str) -> Result<Voice, String> {
        Voice::parse(s).ok_or_else(|| format!("unknown voice {s:?} (own or quote)"))
    }
}

impl std::str::FromStr for Zone {
    type Err = String;
    fn from_str(s: &str) -> Result<Zone, String> {
        Zone::parse(s)
            .ok_or_else(|| format!("unknown zone {s:?} (title, body, teaser, caption or embed)"))
    }
}

impl fmt::Display for Voice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A kept paragraph (one line of the source) with its zone. Output of the clean stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub zone: Zone,
    pub start: usize,
    pub end: usize,
}

/// What the clean stage made of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// Kept paragraphs in text order; repeats of an earlier paragraph are not included.
    pub segments: Vec<Segment>,
    /// Lines removed as boilerplate (banners, credits, bylines ...).
    pub dropped_lines: usize,
    /// Paragraphs dropped because they repeat an earlier paragraph word for word.
    pub duplicate_paragraphs: usize,
}

/// A sentence with its voice information. Output of the voice stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Running index over the document's kept sentences, starting at 0.
    pub index: usize,
    pub zone: Zone,
    pub start: usize,
    pub end: usize,
    /// The sentence reports someone's speech (said, told, according to ...); set by
    /// `voice::mark_attributed` after tokenization.
    pub attributed: bool,
}

/// Sentences and quotation spans of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Voiced {
    pub sentences: Vec<Sentence>,
    /// Byte ranges inside quotation marks (marks included), sorted and disjoint.
    pub quotes: Vec<(usize, usize)>,
}

/// The voices of positions asked for in increasing order, from [`Voiced::voice_cursor`]: one
/// step along the quotation spans instead of a search per position.
pub struct VoiceCursor<'a> {
    quotes: &'a [(usize, usize)],
    next: usize,
}

impl VoiceCursor<'_> {
    /// The voice of text starting at byte `pos`; `pos` must not be less than the last one asked.
    pub fn voice_at(&mut self, pos: usize) -> Voice {
        while self.next < self.quotes.len() && self.quotes[self.next].1 <= pos {
            self.next += 1;
        }
        match self.quotes.get(self.next) {
            Some(&(s, _)) if s <= pos => Voice::Quote,
            _ => Voice::Own,
        }
    }
}

impl Voiced {
    /// For the voices of many positions in text order (each token of a document, say).
    pub fn voice_cursor(&self) -> VoiceCursor<'_> {
        VoiceCursor {
            quotes: &self.quotes,
            next: 0,
        }
    }

    /// The voice of text starting at byte `pos`.
    pub fn voice_at(&self, pos: usize) -> Voice {
        let i = self.quotes.partition_point(|&(s, _)| s <= pos);
        if i > 0 && pos < self.quotes[i - 1].1 {
            Voice::Quote
        } else {
            Voice::Own
        }
    }
}

/// One lexicon match. Output of the match stage; one row of `hits.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub frame: Arc<str>,
    /// The side the hit serves: the frame's side, or for an agent-dependent frame the side
    /// its agent resolves to.
    pub side: Option<Arc<str>>,
    /// The frame's declared side.
    pub frame_side: Option<Arc<str>>,
    /// The actor doing the act (agent-dependent frames only), its side, and the pattern that
    /// named it.
    pub agent: Option<Arc<str>>,
    pub agent_side: Option<Arc<str>>,
    pub agent_rule: Option<Arc<str>>,
    /// Canonical term of the family that matched.
    pub term: Arc<str>,
    pub voice: Voice,
    pub zone: Zone,
    pub attributed: bool,
    pub negated: bool,
    pub sentence_index: usize,
    /// Byte range of the matched text in [`Document::text`].
    pub start: usize,
    pub end: usize,
}

/// A mention of an actor (an alias from the lexicon's `[[actors]]`). Output of the sentiment
/// stage's mention finder; `probs` is filled in when the model has scored it.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorMention {
    pub actor: Arc<str>,
    pub side: Option<Arc<str>>,
    pub voice: Voice,
    pub zone: Zone,
    pub sentence_index: usize,
    /// Byte range of the mention in [`Document::text`].
    pub start: usize,
    pub end: usize,
    /// Probabilities of negative, neutral and positive sentiment toward the mention.
    pub probs: Option<Probabilities>,
}

/// An input that was not analysed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skip {
    pub source: String,
    pub kind: SkipKind,
    /// The whole message, kind included ("not UTF-8 (byte offset 3); use --encoding ...").
    pub reason: String,
}

impl Skip {
    pub fn new(source: impl Into<String>, kind: SkipKind, reason: impl Into<String>) -> Skip {
        Skip {
            source: source.into(),
            kind,
            reason: reason.into(),
        }
    }
}

/// Why an input was skipped, as counted in `run.json` and written to `skipped.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipKind {
    /// A folder corpus's file that `manifest.csv` does not list.
    NotInManifest,
    /// The file could not be read (permissions, I/O error).
    Unreadable,
    /// NUL bytes or characters: not text.
    Binary,
    /// Not valid in its encoding (UTF-8 unless `--encoding` says otherwise).
    BadEncoding,
    /// No text, or only whitespace.
    Empty,
    /// A CSV or JSON Lines row that cannot be parsed, or lacks a required field.
    BadRow,
    /// A file or row over the size limit (`--max-doc-bytes`); it is not read whole.
    TooLarge,
    /// A symlink loop, or a second path (through a symlink) to a file already read.
    Symlink,
}

impl SkipKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipKind::NotInManifest => "not_in_manifest",
            SkipKind::Unreadable => "unreadable",
            SkipKind::Binary => "binary",
            SkipKind::BadEncoding => "bad_encoding",
            SkipKind::Empty => "empty",
            SkipKind::BadRow => "bad_row",
            SkipKind::TooLarge => "too_large",
            SkipKind::Symlink => "symlink",
        }
    }
}

impl fmt::Display for SkipKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The class of a sentiment score: the most probable of the model's three.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    Negative,
    Neutral,
    Positive,
}

impl Polarity {
    /// In the model's output order.
    pub const ALL: [Polarity; 3] = [Polarity::Negative, Polarity::Neutral, Polarity::Positive];

    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Negative => "negative",
            Polarity::Neutral => "neutral",
            Polarity::Positive => "positive",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Polarity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Probabilities of negative, neutral and positive sentiment toward one mention.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Probabilities(pub [f32; 3]);

impl Probabilities {
    pub fn negative(self) -> f32 {
        self.0[0]
    }
    pub fn neutral(self) -> f32 {
        self.0[1]
    }
    pub fn positive(self) -> f32 {
        self.0[2]
    }

    /// The probability of the most probable class (what a cascade's threshold is compared with).
    pub fn top(self) -> f32 {
        self.0.iter().copied().fold(0.0, f32::max)
    }

    /// The most probable class; ties go to the earlier class (negative, then neutral).
    pub fn label(self) -> Polarity {
        let p = self.0;
        let mut best = 0;
        for i in 1..3 {
            if p[i] > p[best] {
                best = i;
            }
        }
        Polarity::ALL[best]
    }

    /// p_pos - p_neg, from -1 to +1: the score that tables average.
    pub fn score(self) -> f64 {
        f64::from(self.0[2]) - f64::from(self.0[0])
    }
}
