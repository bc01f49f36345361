//! The plain data that passes between pipeline stages.
//!
//! Every stage takes and returns these types; no stage reaches into another's internals.
//! Byte offsets (`start`, `end`) index [`Document::text`]; character offsets appear only in
//! outputs, where users need them.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

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

/// Where a piece of text sits in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Voice {
    Own,
    Quote,
}

impl Voice {
    pub fn as_str(self) -> &'static str {
        match self {
            Voice::Own => "own",
            Voice::Quote => "quote",
        }
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

impl Voiced {
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
    pub side: Option<Arc<str>>,
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
    pub probs: Option<[f32; 3]>,
}

/// An input that was not analysed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skip {
    pub source: String,
    pub reason: String,
}
