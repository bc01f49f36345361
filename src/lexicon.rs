//! Framing lexicons: the TOML format described in `lexicons/README.md`, parsed and validated.
//!
//! Validation errors name the file, the line and the entry; problems that do not stop a run
//! (a form listed twice, a form that can never match) come back as warnings.

use crate::tokenize::normalize_phrase;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;
use toml::Spanned;

/// A lexicon problem that stops the run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LexiconError {
    pub file: String,
    /// 1-based; 0 when the problem has no single line (e.g. an unreadable file).
    pub line: usize,
    pub entry: String,
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.entry.is_empty()) {
            (0, _) => write!(f, "{}: {}", self.file, self.message),
            (l, true) => write!(f, "{}:{l}: {}", self.file, self.message),
            (l, false) => write!(f, "{}:{l}: {}: {}", self.file, self.entry, self.message),
        }
    }
}

/// A declared side: a party whose framing some frames echo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    pub id: String,
    pub label: String,
    pub description: String,
}

/// A family of surface forms counted as one canonical term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub term: String,
    /// Surface forms as written (after inflection), each a word or phrase.
    pub forms: Vec<String>,
    /// If non-empty, a hit counts only when one of these words follows within `within` tokens.
    pub followed_by: Vec<String>,
    /// If non-empty, a hit counts only when one of these words precedes within `within` tokens.
    pub preceded_by: Vec<String>,
    /// A hit does not count when one of these words follows (or precedes) within `within` tokens.
    pub not_followed_by: Vec<String>,
    pub not_preceded_by: Vec<String>,
    pub within: usize,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub id: String,
    pub label: String,
    pub description: String,
    pub side: Option<String>,
    pub terms: Vec<Term>,
    /// Phrases inside which no hit of this frame counts.
    pub exclude: Vec<String>,
    pub line: usize,
}

/// An actor of the conflict, for the sentiment stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub side: Option<String>,
    pub aliases: Vec<String>,
}

/// The text of the built-in lexicon, `lexicons/karabakh-2020.toml`.
pub const BUILTIN: &str = include_str!("../lexicons/karabakh-2020.toml");

/// A validated lexicon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lexicon {
    pub id: String,
    pub version: String,
    pub language: String,
    pub title: String,
    pub description: String,
    pub sides: Vec<Side>,
    /// The two sides of the lean score: lean = (first - second) / (first + second).
    pub lean: Option<(String, String)>,
    pub frames: Vec<Frame>,
    pub actors: Vec<Actor>,
    /// SHA-256 of the file's bytes, hex.
    pub hash: String,
    /// File path, or `built-in ...`.
    pub source: String,
    pub warnings: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    lexicon: RawHeader,
    #[serde(default)]
    sides: Vec<Spanned<RawSide>>,
    #[serde(default)]
    frames: Vec<Spanned<RawFrame>>,
    #[serde(default)]
    actors: Vec<Spanned<RawActor>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    id: String,
    version: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    lean: Option<Vec<String>>,
}

fn default_language() -> String {
    "en".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSide {
    id: String,
    label: String,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrame {
    id: String,
    label: String,
    #[serde(default)]
    description: String,
    side: Option<String>,
    #[serde(default)]
    terms: Vec<Spanned<RawTerm>>,
    #[serde(default)]
    exclude: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    term: String,
    #[serde(default)]
    forms: Vec<String>,
    inflect: Option<String>,
    #[serde(default)]
    followed_by: Vec<String>,
    #[serde(default)]
    preceded_by: Vec<String>,
    #[serde(default)]
    not_followed_by: Vec<String>,
    #[serde(default)]
    not_preceded_by: Vec<String>,
    within: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActor {
    id: String,
    name: String,
    side: Option<String>,
    aliases: Vec<String>,
}

/// Default reach of `followed_by` / `preceded_by`, in tokens.
const DEFAULT_WITHIN: usize = 3;

impl Lexicon {
    /// Reads and validates a lexicon file.
    /// The demo lexicon (the 2020 Nagorno-Karabakh war), built into the library.
    pub fn builtin() -> Lexicon {
        Lexicon::parse(BUILTIN, "built-in karabakh-2020.toml")
            .expect("the built-in lexicon is valid (checked by its tests)")
    }

    pub fn from_file(path: &Path) -> Result<Lexicon, LexiconError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| LexiconError {
            file: file.clone(),
            line: 0,
            entry: String::new(),
            message: format!("cannot read: {e}"),
        })?;
        let text = String::from_utf8(bytes).map_err(|e| LexiconError {
            file: file.clone(),
            line: 0,
            entry: String::new(),
            message: format!("not UTF-8 (byte offset {})", e.utf8_error().valid_up_to()),
        })?;
        Lexicon::parse(&text, &file)
    }

    /// Parses and validates lexicon text; `file` names it in messages.
    pub fn parse(text: &str, file: &str) -> Result<Lexicon, LexiconError> {
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let err = |line: usize, entry: &str, message: String| LexiconError {
            file: file.to_string(),
            line,
            entry: entry.to_string(),
            message,
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(s.start)).unwrap_or(0);
            err(line, "", e.message().to_string())
        })?;

        let mut warnings = Vec::new();
        let mut sides: Vec<Side> = Vec::new();
        for s in &raw.sides {
            let line = line_of(s.span().start);
            let s = s.get_ref();
            if sides.iter().any(|x| x.id == s.id) {
                return Err(err(
                    line,
                    &format!("side {:?}", s.id),
                    "duplicate side id".into(),
                ));
            }
            sides.push(Side {
                id: s.id.clone(),
                label: s.label.clone(),
                description: s.description.clone(),
            });
        }
        let side_ids: HashSet<&str> = sides.iter().map(|s| s.id.as_str()).collect();
        let check_side = |side: &Option<String>, line: usize, entry: &str| match side {
            Some(s) if !side_ids.contains(s.as_str()) => {
                let mut known: Vec<&str> = side_ids.iter().copied().collect();
                known.sort_unstable();
                Err(err(
                    line,
                    entry,
                    format!("unknown side {s:?} (declared: {})", known.join(", ")),
                ))
            }
            _ => Ok(()),
        };

        let lean = match &raw.lexicon.lean {
            Some(pair) => {
                let line = text.find("\nlean").map(|o| line_of(o + 1)).unwrap_or(0);
                if pair.len() != 2 || pair[0] == pair[1] {
                    return Err(err(line, "lean", "must name two different sides".into()));
                }
                for s in pair {
                    check_side(&Some(s.clone()), line, "lean")?;
                }
                Some((pair[0].clone(), pair[1].clone()))
            }
            None if sides.len() >= 2 => Some((sides[0].id.clone(), sides[1].id.clone())),
            None => None,
        };
        let mut frames = Vec::new();
        let mut frame_ids = HashMap::new();
        for sf in &raw.frames {
            let line = line_of(sf.span().start);
            let f = sf.get_ref();
            let entry = format!("frame {:?}", f.id);
            if f.id.trim().is_empty() {
                return Err(err(line, &entry, "empty frame id".into()));
            }
            if let Some(prev) = frame_ids.insert(f.id.clone(), line) {
                return Err(err(
                    line,
                    &entry,
                    format!("duplicate frame id (first at line {prev})"),
                ));
            }
            check_side(&f.side, line, &entry)?;
            if f.terms.is_empty() {
                return Err(err(line, &entry, "frame has no terms".into()));
            }
            let mut seen_forms: HashMap<String, String> = HashMap::new();
            let mut terms = Vec::new();
            for st in &f.terms {
                let tline = line_of(st.span().start);
                let t = st.get_ref();
                let tentry = format!("frame {:?}, term {:?}", f.id, t.term);
                let mut forms = t.forms.clone();
                if let Some(kind) = &t.inflect {
                    forms.extend(inflect(&t.term, kind).ok_or_else(|| {
                        err(
                            tline,
                            &tentry,
                            format!("unknown inflect {kind:?} (use verb, noun or none)"),
                        )
                    })?);
                }
                if forms.is_empty() {
                    forms.push(t.term.clone());
                }
                let mut kept = Vec::new();
                for form in forms {
                    let norm = normalize_phrase(&form);
                    if norm.is_empty() {
                        warnings.push(format!("{file}:{tline}: {tentry}: form {form:?} can never match (no word characters)"));
                        continue;
                    }
                    if let Some(first) = seen_forms.get(&norm) {
                        warnings.push(format!("{file}:{tline}: {tentry}: form {form:?} is listed twice in the frame (as {first:?})"));
                        continue;
                    }
                    seen_forms.insert(norm, form.clone());
                    kept.push(form);
                }
                let words = |list: &[String], what: &str| -> Result<Vec<String>, LexiconError> {
                    list.iter()
                        .map(|w| {
                            let n = normalize_phrase(w);
                            if n.is_empty() || n.contains(' ') {
                                Err(err(
                                    tline,
                                    &tentry,
                                    format!("{what} entry {w:?} must be a single word"),
                                ))
                            } else {
                                Ok(n)
                            }
                        })
                        .collect()
                };
                let followed_by = words(&t.followed_by, "followed_by")?;
                let preceded_by = words(&t.preceded_by, "preceded_by")?;
                let not_followed_by = words(&t.not_followed_by, "not_followed_by")?;
                let not_preceded_by = words(&t.not_preceded_by, "not_preceded_by")?;
                let within = t.within.unwrap_or(DEFAULT_WITHIN);
                if within == 0 {
                    return Err(err(tline, &tentry, "within must be at least 1".into()));
                }
                terms.push(Term {
                    term: t.term.clone(),
                    forms: kept,
                    followed_by,
                    preceded_by,
                    not_followed_by,
                    not_preceded_by,
                    within,
                    line: tline,
                });
            }
            for ex in &f.exclude {
                if normalize_phrase(ex).is_empty() {
                    warnings.push(format!(
                        "{file}:{line}: {entry}: exclude {ex:?} can never match"
                    ));
                }
            }
            frames.push(Frame {
                id: f.id.clone(),
                label: f.label.clone(),
                description: f.description.clone(),
                side: f.side.clone(),
                terms,
                exclude: f.exclude.clone(),
                line,
            });
        }
        if frames.is_empty() {
            return Err(err(0, "", "the lexicon has no [[frames]]".into()));
        }

        let mut actors = Vec::new();
        let mut actor_ids = HashSet::new();
        for sa in &raw.actors {
            let line = line_of(sa.span().start);
            let a = sa.get_ref();
            let entry = format!("actor {:?}", a.id);
            if !actor_ids.insert(a.id.clone()) {
                return Err(err(line, &entry, "duplicate actor id".into()));
            }
            check_side(&a.side, line, &entry)?;
            if a.aliases.is_empty() {
                return Err(err(line, &entry, "actor has no aliases".into()));
            }
            actors.push(Actor {
                id: a.id.clone(),
                name: a.name.clone(),
                side: a.side.clone(),
                aliases: a.aliases.clone(),
            });
        }

        Ok(Lexicon {
            id: raw.lexicon.id,
            version: raw.lexicon.version,
            language: raw.lexicon.language,
            title: raw.lexicon.title,
            description: raw.lexicon.description,
            sides,
            lean,
            frames,
            actors,
            hash: hex(&Sha256::digest(text.as_bytes())),
            source: file.to_string(),
            warnings,
        })
    }

    /// The actors as a lexicon of their own (one frame per actor, its aliases as forms), so the
    /// same matcher finds actor mentions.
    pub fn actor_lexicon(&self) -> Lexicon {
        let frames = self
            .actors
            .iter()
            .map(|a| Frame {
                id: a.id.clone(),
                label: a.name.clone(),
                description: String::new(),
                side: a.side.clone(),
                terms: vec![Term {
                    term: a.name.clone(),
                    forms: a.aliases.clone(),
                    followed_by: Vec::new(),
                    preceded_by: Vec::new(),
                    not_followed_by: Vec::new(),
                    not_preceded_by: Vec::new(),
                    within: DEFAULT_WITHIN,
                    line: 0,
                }],
                exclude: Vec::new(),
                line: 0,
            })
            .collect();
        Lexicon {
            frames,
            actors: Vec::new(),
            warnings: Vec::new(),
            ..self.clone()
        }
    }

    pub fn frame(&self, id: &str) -> Option<&Frame> {
        self.frames.iter().find(|f| f.id == id)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Regular English inflections of a single word. Irregular forms must be listed in `forms`.
pub fn inflect(lemma: &str, kind: &str) -> Option<Vec<String>> {
    let l = lemma.to_string();
    let ends_consonant_y =
        l.ends_with('y') && l.chars().rev().nth(1).is_some_and(|c| !"aeiou".contains(c));
    let plural = if ends_consonant_y {
        format!("{}ies", &l[..l.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|e| l.ends_with(e)) {
        format!("{l}es")
    } else {
        format!("{l}s")
    };
    match kind {
        "none" => Some(vec![l]),
        "noun" => Some(vec![l, plural]),
        "verb" => {
            // Without its last character, which may be more than one byte ("café").
            let stem = l.char_indices().last().map_or("", |(i, _)| &l[..i]);
            let past = if ends_consonant_y {
                format!("{stem}ied")
            } else if l.ends_with('e') {
                format!("{l}d")
            } else {
                format!("{l}ed")
            };
            let ing = if l.ends_with("ie") {
                format!("{}ying", &l[..l.len() - 2])
            } else if l.ends_with('e') && !l.ends_with("ee") {
                format!("{stem}ing")
            } else {
                format!("{l}ing")
            };
            Some(vec![l.clone(), plural, past, ing])
        }
        _ => None,
    }
}
