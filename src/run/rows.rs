//! One type per row of every table of a run. Writers build these rows and readers parse them:
//! a column is named in one place only, here.
//!
//! Tables whose columns never change derive serde and list their columns in `COLUMNS` (a test
//! checks the two agree) and the columns' types in `TYPES`: the schema of their Parquet files,
//! and what the README's column types table documents. `documents.csv` and `outlet_summary.csv` have columns that depend on
//! the run (metadata columns, one column per lexicon side): they are in `side_rows.rs`.

use super::cells::{serde_cells, CellError, CellSink, Column, ColumnType};
use super::table::{Columns, ReadRow, Record, TableError, WriteRow};
use super::{RunManifest, Table};
use crate::types::{Polarity, SkipKind, Voice, Zone};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Numbers in tables carry four decimals; an empty cell means "not defined".
pub(crate) mod dec4 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match x {
            Some(v) => s.serialize_str(&format!("{v:.4}")),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        let s: Cow<'de, str> = Deserialize::deserialize(d)?;
        super::parse_opt_f64(&s).map_err(serde::de::Error::custom)
    }

    use std::borrow::Cow;
}

/// Probabilities: four decimals, always present.
pub(crate) mod prob4 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        // The model's outputs are f32, printed as f32 (f32 rounding to 4 decimals can differ
        // from f64 rounding of the same value).
        s.serialize_str(&format!("{:.4}", *x as f32))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        let s: std::borrow::Cow<'de, str> = Deserialize::deserialize(d)?;
        match super::parse_opt_f64(&s) {
            Ok(Some(v)) if (0.0..=1.0).contains(&v) => Ok(v),
            Ok(_) => Err(serde::de::Error::custom(format!(
                "expected a probability from 0 to 1, found {s:?}"
            ))),
            Err(e) => Err(serde::de::Error::custom(e)),
        }
    }
}

pub(crate) fn parse_opt_f64(s: &str) -> Result<Option<f64>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(format!("expected a number, found {s:?}")),
    }
}

/// Implements [`WriteRow`] and [`ReadRow`] for a row type that derives serde.
macro_rules! serde_row {
    ($t:ident $(<$l:lifetime>)?, $owned:ty, $table:expr, [$($c:literal: $k:ident),* $(,)?]) => {
        impl$(<$l>)? $t$(<$l>)? {
            /// The table's columns, in file order.
            pub const COLUMNS: &'static [&'static str] = &[$($c),*];
            /// The columns' types, in the same order.
            pub const TYPES: &'static [ColumnType] = &[$(ColumnType::$k),*];
        }
        impl$(<$l>)? WriteRow for $t$(<$l>)? {
            const TABLE: Table = $table;
            type Schema = ();
            fn columns(_: &()) -> Vec<Column> {
                Self::COLUMNS
                    .iter()
                    .zip(Self::TYPES)
                    .map(|(c, k)| Column::new(*c, *k))
                    .collect()
            }
            fn cells(&self, sink: &mut dyn CellSink) -> Result<(), CellError> {
                serde_cells(self, sink)
            }
        }
        impl ReadRow for $owned {
            const TABLE: Table = $table;
            type Schema = ();
            type Layout = ();
            fn schema(_: &RunManifest) {}
            fn layout(cols: &Columns, _: &()) -> Result<(), TableError> {
                for c in <$owned>::COLUMNS {
                    cols.index(c)?;
                }
                Ok(())
            }
            fn read(rec: &Record, _: &()) -> Result<Self, TableError> {
                rec.deserialize()
            }
        }
    };
}

/// One row of `hits.csv`: one lexicon match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HitRow<'a> {
    pub doc_id: Cow<'a, str>,
    pub outlet: Cow<'a, str>,
    pub frame: Cow<'a, str>,
    /// The side the hit serves: the frame's side, or for an agent-dependent frame the one its
    /// agent resolves to; `None` for unaligned frames.
    pub side: Option<Cow<'a, str>>,
    /// The frame's declared side.
    pub frame_side: Option<Cow<'a, str>>,
    /// The actor doing the act (agent-dependent frames), its side, and the agent pattern that
    /// named it; empty when no agent was found.
    pub agent: Option<Cow<'a, str>>,
    pub agent_side: Option<Cow<'a, str>>,
    pub agent_rule: Option<Cow<'a, str>>,
    /// Canonical term of the family that matched.
    pub term: Cow<'a, str>,
    /// The matched text exactly as in the article.
    pub matched: Cow<'a, str>,
    pub voice: Voice,
    pub zone: Zone,
    pub attributed: bool,
    pub negated: bool,
    pub sentence_index: usize,
    /// Character offsets of `matched` in the decoded article text.
    pub char_start: usize,
    pub char_end: usize,
    /// The sentence, or a window of it on long sentences, whitespace collapsed.
    pub context: Cow<'a, str>,
    /// Character offset of `matched` in `context`.
    pub context_offset: usize,
}

serde_row!(
    HitRow<'a>,
    HitRow<'static>,
    Table::Hits,
    [
        "doc_id": Str,
        "outlet": Str,
        "frame": Str,
        "side": OptStr,
        "frame_side": OptStr,
        "agent": OptStr,
        "agent_side": OptStr,
        "agent_rule": OptStr,
        "term": Str,
        "matched": Str,
        "voice": Str,
        "zone": Str,
        "attributed": Bool,
        "negated": Bool,
        "sentence_index": Int,
        "char_start": Int,
        "char_end": Int,
        "context": Str,
        "context_offset": Int,
    ]
);

/// One row of `outlet_frames.csv`: one outlet x frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutletFrameRow {
    pub outlet: String,
    pub frame: String,
    pub side: Option<String>,
    pub articles: usize,
    /// Title+body tokens of the outlet's articles.
    pub tokens: usize,
    pub hits_own: usize,
    pub hits_quote: usize,
    pub hits_own_attributed: usize,
    pub hits_own_negated: usize,
    /// Hits of all voices by zone.
    pub hits_title: usize,
    pub hits_body: usize,
    pub hits_teaser: usize,
    pub hits_caption: usize,
    pub hits_embed: usize,
    /// Own hits / tokens x 1000.
    #[serde(with = "dec4")]
    pub rate_own_per_1k: Option<f64>,
    #[serde(with = "dec4")]
    pub mean_article_rate_own_per_1k: Option<f64>,
    #[serde(with = "dec4")]
    pub share_articles_own: Option<f64>,
}

serde_row!(
    OutletFrameRow,
    OutletFrameRow,
    Table::OutletFrames,
    [
        "outlet": Str,
        "frame": Str,
        "side": OptStr,
        "articles": Int,
        "tokens": Int,
        "hits_own": Int,
        "hits_quote": Int,
        "hits_own_attributed": Int,
        "hits_own_negated": Int,
        "hits_title": Int,
        "hits_body": Int,
        "hits_teaser": Int,
        "hits_caption": Int,
        "hits_embed": Int,
        "rate_own_per_1k": OptFloat,
        "mean_article_rate_own_per_1k": OptFloat,
        "share_articles_own": OptFloat,
    ]
);

impl OutletFrameRow {
    /// Hits of all voices in one zone.
    pub fn hits_in(&self, zone: Zone) -> usize {
        match zone {
            Zone::Title => self.hits_title,
            Zone::Body => self.hits_body,
            Zone::Teaser => self.hits_teaser,
            Zone::Caption => self.hits_caption,
            Zone::Embed => self.hits_embed,
        }
    }
}

/// One row of `outlet_words.csv`: own-voice title+body count of a word in an outlet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutletWordRow<'a> {
    pub outlet: Cow<'a, str>,
    pub word: Cow<'a, str>,
    pub count: u64,
}

serde_row!(
    OutletWordRow<'a>,
    OutletWordRow<'static>,
    Table::OutletWords,
    ["outlet": Str, "word": Str, "count": Int,]
);

/// One row of `actor_mentions.csv`: one scored mention of an actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorMentionRow<'a> {
    pub doc_id: Cow<'a, str>,
    pub outlet: Cow<'a, str>,
    pub actor: Cow<'a, str>,
    pub side: Option<Cow<'a, str>>,
    /// The mention as in the text.
    pub mention: Cow<'a, str>,
    pub sentence_index: usize,
    pub voice: Voice,
    pub zone: Zone,
    /// The most probable class.
    pub label: Polarity,
    /// Probabilities (from f32 model outputs; f64 so values read back equal the printed ones).
    #[serde(with = "prob4")]
    pub p_neg: f64,
    #[serde(with = "prob4")]
    pub p_neu: f64,
    #[serde(with = "prob4")]
    pub p_pos: f64,
    pub char_start: usize,
    pub char_end: usize,
    /// The text the model read, with the mention at `context_offset`.
    pub context: Cow<'a, str>,
    pub context_offset: usize,
}

serde_row!(
    ActorMentionRow<'a>,
    ActorMentionRow<'static>,
    Table::ActorMentions,
    [
        "doc_id": Str,
        "outlet": Str,
        "actor": Str,
        "side": OptStr,
        "mention": Str,
        "sentence_index": Int,
        "voice": Str,
        "zone": Str,
        "label": Str,
        "p_neg": Float,
        "p_neu": Float,
        "p_pos": Float,
        "char_start": Int,
        "char_end": Int,
        "context": Str,
        "context_offset": Int,
    ]
);

impl ActorMentionRow<'_> {
    /// p_pos - p_neg, from -1 to +1.
    pub fn score(&self) -> f64 {
        self.p_pos - self.p_neg
    }
}

/// Which mentions a sentiment row pools: both voices, or one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VoiceFilter {
    All,
    Own,
    Quote,
}

crate::named_enum!(VoiceFilter { All => "all", Own => "own", Quote => "quote" });

/// One row of `outlet_actor_sentiment.csv`: an outlet's title+body mentions of an actor in one
/// voice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorSentimentRow {
    pub outlet: String,
    pub actor: String,
    pub side: Option<String>,
    pub voice: VoiceFilter,
    pub mentions: usize,
    /// Shares of mentions labelled negative, neutral, positive (by the most probable class).
    #[serde(with = "dec4")]
    pub share_negative: Option<f64>,
    #[serde(with = "dec4")]
    pub share_neutral: Option<f64>,
    #[serde(with = "dec4")]
    pub share_positive: Option<f64>,
    /// Mean of p_pos - p_neg.
    #[serde(with = "dec4")]
    pub mean_score: Option<f64>,
}

serde_row!(
    ActorSentimentRow,
    ActorSentimentRow,
    Table::OutletActorSentiment,
    [
        "outlet": Str,
        "actor": Str,
        "side": OptStr,
        "voice": Str,
        "mentions": Int,
        "share_negative": OptFloat,
        "share_neutral": OptFloat,
        "share_positive": OptFloat,
        "mean_score": OptFloat,
    ]
);

/// One row of `skipped.csv`: an input that was not analysed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedRow {
    pub source: String,
    pub kind: SkipKind,
    pub reason: String,
}

serde_row!(
    SkippedRow,
    SkippedRow,
    Table::Skipped,
    ["source": Str, "kind": Str, "reason": Str]
);
