//! Tokenize stage: word tokens with a case-folded, normalised form for matching.
//!
//! Tokens follow Unicode word boundaries (UAX #29), so hyphens split words ("Armenian-backed"
//! gives `armenian`, `backed`) and apostrophes inside words do not ("Azerbaijan’s" is one
//! token). Normalisation folds case, unifies apostrophes and strips the possessive, so
//! "Azerbaijan’s", "Azerbaijan's" and "Azerbaijan" all normalise to `azerbaijan`.
//!
//! Characters a reader cannot see do not change a word: zero-width spaces, joiners and
//! non-joiners, word joiners, byte-order marks and variation selectors are dropped from the
//! normalised form, and two words split only by zero-width spaces are one word. A soft hyphen
//! is a word break like a hyphen ("Armenian\u{AD}backed" = `armenian`, `backed`). Fullwidth
//! ASCII ("ａｒｍｅｎｉａ") folds to ASCII. Token offsets always point into the original text.
//!
//! The normalised forms are written into one string, each token preceded by a space and each
//! sentence closed by `" \n"`. A lexicon phrase becomes `" tok tok "`, so a substring match is
//! always a whole-token match and never crosses a sentence.

use rayon::iter::Either;
use unicode_segmentation::UnicodeSegmentation;

/// One word token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the document text.
    pub start: usize,
    pub end: usize,
    /// Byte range of the normalised form in [`Tokens::norm`], without the leading space.
    pub norm_start: usize,
    pub norm_end: usize,
    /// Index of the sentence the token belongs to (the caller's numbering).
    pub sentence: usize,
}

/// The tokens of a document and their normalised text.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    pub tokens: Vec<Token>,
    pub norm: String,
}

impl Tokens {
    pub fn clear(&mut self) {
        self.tokens.clear();
        self.norm.clear();
    }

    /// Appends the tokens of `text[start..end]`, all belonging to sentence `sentence`.
    pub fn push_sentence(&mut self, text: &str, start: usize, end: usize, sentence: usize) {
        // `for_each`, not a `for` loop: the segmenter is chosen once per sentence, not per word.
        words(&text[start..end])
            .for_each(|(off, word)| self.push_token(start + off, word, sentence));
        self.norm.push_str(" \n");
    }

    fn push_token(&mut self, start: usize, word: &str, sentence: usize) {
        self.norm.push(' ');
        let norm_start = self.norm.len();
        push_normalized(&mut self.norm, word);
        if self.norm.len() == norm_start {
            self.norm.pop();
            return;
        }
        self.tokens.push(Token {
            start,
            end: start + word.len(),
            norm_start,
            norm_end: self.norm.len(),
            sentence,
        });
    }

    pub fn norm_of(&self, t: &Token) -> &str {
        &self.norm[t.norm_start..t.norm_end]
    }

    /// Index of the token whose normalised form starts at `norm_pos`.
    pub fn token_starting_at(&self, norm_pos: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.norm_start < norm_pos);
        (i < self.tokens.len() && self.tokens[i].norm_start == norm_pos).then_some(i)
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘' | '＇')
}

/// Characters with no width that may sit inside a word without a reader seeing them.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}'
    )
}

/// Fullwidth ASCII (U+FF01..U+FF5E) as ASCII, as NFKC maps it.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The words of an ASCII text as UAX #29 finds them (`unicode_word_indices`), in one pass over
/// its bytes: runs of letters, digits and `_`, joined across `.`, `'` and `:` between letters
/// and across `.`, `,`, `;` and `'` between digits, keeping runs with a letter or digit. Every
/// other ASCII byte is a segment of its own (or, for spaces and CR LF, part of one) that holds
/// no letter or digit, so it is skipped. Checked against the segmenter by the property tests.
pub fn ascii_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let b = text.as_bytes();
    let core = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let infix = |c: u8, prev: u8, next: u8| match c {
        b'.' | b',' | b';' | b'\'' if prev.is_ascii_digit() && next.is_ascii_digit() => true,
        b'.' | b':' | b'\'' => prev.is_ascii_alphabetic() && next.is_ascii_alphabetic(),
        _ => false,
    };
    let mut i = 0;
    std::iter::from_fn(move || loop {
        while i < b.len() && !core(b[i]) {
            i += 1;
        }
        if i == b.len() {
            return None;
        }
        let from = i;
        let mut alnum = b[i] != b'_';
        i += 1;
        while i < b.len() {
            if core(b[i]) {
                alnum |= b[i] != b'_';
            } else if !(i + 1 < b.len() && infix(b[i], b[i - 1], b[i + 1])) {
                break;
            }
            i += 1;
        }
        if alnum {
            return Some((from, &text[from..i]));
        }
    })
}

/// The words of any text exactly as `unicode_word_indices` finds them, faster: the text is cut
/// at runs of ASCII spaces with an ASCII character (or the text's edge) on both sides, where
/// UAX #29 always breaks on both sides (no rule joins a space to a neighbour unless that is
/// another space or an extending, format or joiner character, none of them ASCII). Pieces that
/// are ASCII take [`ascii_words`], the rest the full segmenter. Checked against the segmenter
/// by the property tests.
pub fn word_indices(text: &str) -> impl Iterator<Item = (usize, &str)> {
    if text.is_ascii() {
        return Either::Left(ascii_words(text));
    }
    Either::Right(space_pieces(text).flat_map(|(at, piece)| {
        let words = if piece.is_ascii() {
            Either::Left(ascii_words(piece))
        } else {
            Either::Right(piece.unicode_word_indices())
        };
        words.map(move |(off, w)| (at + off, w))
    }))
}

/// The pieces of `text` between the runs of ASCII spaces that [`word_indices`] cuts at.
fn space_pieces(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let b = text.as_bytes();
    let (mut from, mut i) = (0, 0);
    let mut done = false;
    std::iter::from_fn(move || {
        while i < b.len() {
            if b[i] != b' ' {
                i += 1;
                continue;
            }
            let run = i;
            while i < b.len() && b[i] == b' ' {
                i += 1;
            }
            if (run == 0 || b[run - 1].is_ascii()) && (i == b.len() || b[i].is_ascii()) {
                let piece = (from, &text[from..run]);
                from = i;
                return Some(piece);
            }
        }
        if done {
            return None;
        }
        done = true;
        Some((from, &text[from..]))
    })
}

/// Word tokens of `text` as (byte offset, word): Unicode words (UAX #29), except that words
/// split only by zero-width spaces are joined, and a soft hyphen splits a word.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    // Only a zero-width space or a soft hyphen changes the word boundaries, and neither is
    // ASCII: most text takes the plain UAX #29 path, with no joining or splitting.
    if text.is_ascii() || !text.contains(['\u{200B}', '\u{AD}']) {
        return Either::Left(word_indices(text));
    }
    let mut joined: Vec<(usize, usize)> = Vec::new();
    for (off, w) in word_indices(text) {
        if let Some(last) = joined.last_mut() {
            let gap = &text[last.1..off];
            if !gap.is_empty() && gap.chars().all(|c| c == '\u{200B}') {
                last.1 = off + w.len();
                continue;
            }
        }
        joined.push((off, off + w.len()));
    }
    Either::Right(joined.into_iter().flat_map(move |(s, e)| {
        let mut pos = s;
        text[s..e].split('\u{AD}').filter_map(move |part| {
            let at = pos;
            pos += part.len() + '\u{AD}'.len_utf8();
            part.chars().any(|c| !is_invisible(c)).then_some((at, part))
        })
    }))
}

/// Appends the normalised form of one word: lowercase, one kind of apostrophe, no possessive,
/// no invisible characters, fullwidth letters as ASCII.
pub fn push_normalized(out: &mut String, word: &str) {
    let start = out.len();
    if word.is_ascii() {
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    } else {
        push_normalized_unicode(out, word);
    }
    if out[start..].ends_with("'s") && out.len() - start > 2 {
        out.truncate(out.len() - 2);
    }
    while out.len() > start && out.ends_with('\'') {
        out.pop();
    }
}

fn push_normalized_unicode(out: &mut String, word: &str) {
    for c in word.chars().filter(|&c| !is_invisible(c)).map(fold_width) {
        if is_apostrophe(c) {
            out.push('\'');
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Normalised token sequence of a lexicon form or any short text, joined by single spaces.
pub fn normalize_phrase(phrase: &str) -> String {
    let mut out = String::new();
    for (_, word) in words(phrase) {
        let mark = out.len();
        if !out.is_empty() {
            out.push(' ');
        }
        let before = out.len();
        push_normalized(&mut out, word);
        if out.len() == before {
            out.truncate(mark);
        }
    }
    out
}

/// Number of word tokens in a text, as [`Tokens`] counts them.
pub fn count_tokens(text: &str) -> usize {
    words(text).count()
}
