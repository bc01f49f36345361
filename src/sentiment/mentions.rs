//! Finding actor mentions: the lexicon's actor aliases, matched like frame terms.

use crate::lexicon::Lexicon;
use crate::matching::Matcher;
use crate::tokenize::Tokens;
use crate::types::{ActorMention, Voiced};
use crate::voice::Language;

/// Finds mentions of a lexicon's actors in a tokenized document.
pub struct MentionFinder {
    matcher: Matcher,
}

impl MentionFinder {
    pub fn new(lexicon: &Lexicon, language: &Language) -> MentionFinder {
        MentionFinder {
            matcher: Matcher::new(&lexicon.actor_lexicon(), language),
        }
    }

    /// Every mention, in text order, not yet scored.
    pub fn find(&self, text: &str, tokens: &Tokens, voiced: &Voiced) -> Vec<ActorMention> {
        self.matcher
            .find(text, tokens, voiced)
            .into_iter()
            .map(|h| ActorMention {
                actor: h.frame,
                side: h.side,
                voice: h.voice,
                zone: h.zone,
                sentence_index: h.sentence_index,
                start: h.start,
                end: h.end,
                probs: None,
            })
            .collect()
    }
}
