//! Framing lexicons: the TOML format described in `lexicons/README.md`, parsed and validated.
//!
//! Validation errors name the file, the line and the entry; problems that do not stop a run
//! (a form listed twice, a form that can never match) come back as warnings.

mod parse;

use std::fmt;
use std::path::Path;

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
    /// Match the forms only as written (`US`, not "contact us"); otherwise case is ignored.
    pub case_sensitive: bool,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub id: String,
    pub label: String,
    pub description: String,
    /// The declared side: what a hit serves when the frame is not agent-dependent.
    pub side: Option<String>,
    /// Agent-dependent sides, (agent's side, side served), in key order: an occupation by an
    /// `am` actor serves `az`. Empty for a frame whose side is fixed.
    pub side_by_agent: Vec<(String, String)>,
    /// The side of an agent-dependent hit with no agent found; `None`: the declared side.
    pub default_side: Option<String>,
    pub terms: Vec<Term>,
    /// Phrases inside which no hit of this frame counts.
    pub exclude: Vec<String>,
    pub line: usize,
}

impl Frame {
    /// Whether a hit's side follows who does the act (`side_by_agent`).
    pub fn is_agent_dependent(&self) -> bool {
        !self.side_by_agent.is_empty()
    }

    /// The side a hit serves, given its agent's side (`None` when no agent was found). An
    /// agent whose side the map does not name serves no side.
    pub fn side_for(&self, agent: Option<Option<&str>>) -> Option<&str> {
        if !self.is_agent_dependent() {
            return self.side.as_deref();
        }
        match agent {
            None => self.default_side.as_deref().or(self.side.as_deref()),
            Some(agent_side) => {
                let a = agent_side?;
                self.side_by_agent
                    .iter()
                    .find(|(k, _)| k == a)
                    .map(|(_, v)| v.as_str())
            }
        }
    }
}

/// An actor of the conflict, for the sentiment stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub side: Option<String>,
    /// Aliases matched whatever their case.
    pub aliases: Vec<String>,
    /// Aliases matched only as written (`{ alias = "US", case_sensitive = true }`).
    pub cased_aliases: Vec<String>,
    /// Adjectives and demonyms ("Armenian", "Armenians"): they name the actor as the doer of
    /// an act ("Armenian occupation") but are not mentions for the sentiment stage.
    pub adjectives: Vec<String>,
    /// Phrases inside which no mention counts ("the Kyiv Independent" is not Ukraine).
    pub exclude: Vec<String>,
}

/// The text of the built-in lexicon, `lexicons/karabakh-2020.toml`.
pub const BUILTIN: &str = include_str!("../../lexicons/karabakh-2020.toml");

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
    /// Frames left out of lean (`lean = { sides = [..], exclude = [..] }`): a spelling every
    /// outlet uses should not, on its own, move an outlet toward a side.
    pub lean_exclude: Vec<String>,
    pub frames: Vec<Frame>,
    pub actors: Vec<Actor>,
    /// SHA-256 of the file's bytes, hex.
    pub hash: String,
    /// File path, or `built-in ...`.
    pub source: String,
    pub warnings: Vec<String>,
}

/// The term name of an actor's adjectives in [`Lexicon::actor_lexicon_with_adjectives`]; a
/// control character, so no actor's name can be taken for it.
pub const ADJECTIVE_TERM: &str = "\u{1}adjective";

/// Default reach of `followed_by` / `preceded_by`, in tokens.
pub(crate) const DEFAULT_WITHIN: usize = 3;

impl Lexicon {
    /// The demo lexicon (the 2020 Nagorno-Karabakh war), built into the library.
    pub fn builtin() -> Lexicon {
        Lexicon::parse(BUILTIN, "built-in karabakh-2020.toml")
            .expect("the built-in lexicon is valid (checked by its tests)")
    }

    /// Reads and validates a lexicon file.
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
        parse::parse(text, file)
    }

    /// The actors as a lexicon of their own (one frame per actor, its aliases as forms), so the
    /// same matcher finds actor mentions.
    pub fn actor_lexicon(&self) -> Lexicon {
        self.actors_as_frames(false)
    }

    /// Like [`Lexicon::actor_lexicon`], with each actor's adjectives as one more term named
    /// [`ADJECTIVE_TERM`] (the agent stage tells adjectives from aliases by it).
    pub fn actor_lexicon_with_adjectives(&self) -> Lexicon {
        self.actors_as_frames(true)
    }

    fn actors_as_frames(&self, adjectives: bool) -> Lexicon {
        let none: &[String] = &[];
        let frames = self
            .actors
            .iter()
            .map(|a| Frame {
                id: a.id.clone(),
                label: a.name.clone(),
                description: String::new(),
                side: a.side.clone(),
                side_by_agent: Vec::new(),
                default_side: None,
                terms: [
                    (&a.aliases[..], false, a.name.as_str()),
                    (&a.cased_aliases[..], true, a.name.as_str()),
                    (
                        if adjectives { &a.adjectives[..] } else { none },
                        false,
                        ADJECTIVE_TERM,
                    ),
                ]
                .into_iter()
                .filter(|(forms, _, _)| !forms.is_empty())
                .map(|(forms, case_sensitive, name)| Term {
                    term: name.to_string(),
                    forms: forms.to_vec(),
                    followed_by: Vec::new(),
                    preceded_by: Vec::new(),
                    not_followed_by: Vec::new(),
                    not_preceded_by: Vec::new(),
                    within: DEFAULT_WITHIN,
                    case_sensitive,
                    line: 0,
                })
                .collect(),
                exclude: a.exclude.clone(),
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

    /// Whether any frame's side follows its agent.
    pub fn has_agent_frames(&self) -> bool {
        self.frames.iter().any(Frame::is_agent_dependent)
    }

    pub fn frame(&self, id: &str) -> Option<&Frame> {
        self.frames.iter().find(|f| f.id == id)
    }
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
