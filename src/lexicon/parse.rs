//! Parsing and validating the TOML lexicon format (`lexicons/README.md`).
//!
//! Errors name the file, the line and the entry; problems that do not stop a run (a form
//! listed twice, a form that can never match, a term that looks like a pattern) come back as
//! warnings.

use super::{inflect, Actor, Frame, Lexicon, LexiconError, Side, Term, DEFAULT_WITHIN};
use crate::tokenize::normalize_phrase;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use toml::Spanned;

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
    lean: Option<RawLean>,
}

/// `lean = ["a", "b"]`, or `lean = { sides = ["a", "b"], exclude = ["frame", ...] }`.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawLean {
    Sides(Vec<String>),
    Table {
        sides: Vec<String>,
        #[serde(default)]
        exclude: Vec<String>,
    },
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
    /// Agent side -> the side a hit serves when an actor of that side does the act.
    side_by_agent: Option<std::collections::BTreeMap<String, String>>,
    default_side: Option<String>,
    #[serde(default)]
    terms: Vec<Spanned<RawTerm>>,
    #[serde(default)]
    exclude: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    term: String,
    /// `None` when the key is absent (the term itself is the form); `Some([])` is a mistake.
    forms: Option<Vec<String>>,
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
    #[serde(default)]
    case_sensitive: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActor {
    id: String,
    name: String,
    side: Option<String>,
    aliases: Vec<RawAlias>,
    #[serde(default)]
    adjectives: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
}

/// `"Ukraine"`, or `{ alias = "US", case_sensitive = true }`.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawAlias {
    Plain(String),
    Table {
        alias: String,
        #[serde(default)]
        case_sensitive: bool,
    },
}

/// What parsing needs at every step: where lines start (so a line number costs a binary
/// search, not a scan: lexicons of 100,000 terms parse in linear time), the declared sides,
/// and the warnings so far.
struct Ctx<'t> {
    file: &'t str,
    line_starts: Vec<usize>,
    side_ids: Vec<String>,
    warnings: Vec<String>,
}

impl Ctx<'_> {
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset).max(1)
    }

    fn err(&self, line: usize, entry: &str, message: String) -> LexiconError {
        LexiconError {
            file: self.file.to_string(),
            line,
            entry: entry.to_string(),
            message,
        }
    }

    fn warn(&mut self, line: usize, entry: &str, message: String) {
        self.warnings
            .push(format!("{}:{line}: {entry}: {message}", self.file));
    }

    fn check_side(
        &self,
        side: &Option<String>,
        line: usize,
        entry: &str,
    ) -> Result<(), LexiconError> {
        match side {
            Some(s) if !self.side_ids.contains(s) => {
                let mut known: Vec<&str> = self.side_ids.iter().map(String::as_str).collect();
                known.sort_unstable();
                Err(self.err(
                    line,
                    entry,
                    format!("unknown side {s:?} (declared: {})", known.join(", ")),
                ))
            }
            _ => Ok(()),
        }
    }
}

pub(super) fn parse(text: &str, file: &str) -> Result<Lexicon, LexiconError> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut cx = Ctx {
        file,
        line_starts,
        side_ids: Vec::new(),
        warnings: Vec::new(),
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| cx.line_of(s.start)).unwrap_or(0);
        cx.err(line, "", e.message().to_string())
    })?;
    let sides = parse_sides(&mut cx, &raw.sides)?;
    let lean_line = text.find("\nlean").map(|o| cx.line_of(o + 1)).unwrap_or(0);
    let (lean_sides, lean_exclude) = match &raw.lexicon.lean {
        Some(RawLean::Sides(s)) => (Some(s), &[][..]),
        Some(RawLean::Table { sides, exclude }) => (Some(sides), &exclude[..]),
        None => (None, &[][..]),
    };
    let lean = match lean_sides {
        Some(pair) => {
            if pair.len() != 2 || pair[0] == pair[1] {
                return Err(cx.err(lean_line, "lean", "must name two different sides".into()));
            }
            for s in pair {
                cx.check_side(&Some(s.clone()), lean_line, "lean")?;
            }
            Some((pair[0].clone(), pair[1].clone()))
        }
        None if sides.len() >= 2 => Some((sides[0].id.clone(), sides[1].id.clone())),
        None => None,
    };
    let mut frames = Vec::new();
    let mut frame_ids = HashMap::new();
    for sf in &raw.frames {
        frames.push(parse_frame(&mut cx, sf, &mut frame_ids)?);
    }
    if frames.is_empty() {
        return Err(cx.err(0, "", "the lexicon has no [[frames]]".into()));
    }
    for id in lean_exclude {
        if !frames.iter().any(|f| f.id == *id) {
            let known: Vec<&str> = frames.iter().map(|f| f.id.as_str()).collect();
            return Err(cx.err(
                lean_line,
                "lean",
                format!(
                    "exclude names no frame {id:?} (frames: {})",
                    known.join(", ")
                ),
            ));
        }
    }
    let actors = parse_actors(&cx, &raw.actors)?;
    for f in frames.iter().filter(|f| f.is_agent_dependent()) {
        let can_resolve = actors.iter().any(|a| {
            a.side
                .as_ref()
                .is_some_and(|s| f.side_by_agent.iter().any(|(k, _)| k == s))
        });
        if !can_resolve {
            let entry = format!("frame {:?}", f.id);
            cx.warn(
                f.line,
                &entry,
                "side_by_agent names sides no [[actors]] entry has, so no agent can change a side"
                    .into(),
            );
        }
    }
    Ok(Lexicon {
        id: raw.lexicon.id,
        version: raw.lexicon.version,
        language: raw.lexicon.language,
        title: raw.lexicon.title,
        description: raw.lexicon.description,
        sides,
        lean,
        lean_exclude: lean_exclude.to_vec(),
        frames,
        actors,
        hash: Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        source: file.to_string(),
        warnings: cx.warnings,
    })
}

fn parse_sides(cx: &mut Ctx, raw: &[Spanned<RawSide>]) -> Result<Vec<Side>, LexiconError> {
    let mut sides: Vec<Side> = Vec::new();
    for s in raw {
        let line = cx.line_of(s.span().start);
        let s = s.get_ref();
        if sides.iter().any(|x| x.id == s.id) {
            return Err(cx.err(
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
    cx.side_ids = sides.iter().map(|s| s.id.clone()).collect();
    Ok(sides)
}

fn parse_frame(
    cx: &mut Ctx,
    sf: &Spanned<RawFrame>,
    frame_ids: &mut HashMap<String, usize>,
) -> Result<Frame, LexiconError> {
    let line = cx.line_of(sf.span().start);
    let f = sf.get_ref();
    let entry = format!("frame {:?}", f.id);
    if f.id.trim().is_empty() {
        return Err(cx.err(line, &entry, "empty frame id".into()));
    }
    if let Some(prev) = frame_ids.insert(f.id.clone(), line) {
        return Err(cx.err(
            line,
            &entry,
            format!("duplicate frame id (first at line {prev})"),
        ));
    }
    cx.check_side(&f.side, line, &entry)?;
    let (side_by_agent, default_side) = parse_agent_sides(cx, f, line, &entry)?;
    if f.terms.is_empty() {
        return Err(cx.err(line, &entry, "frame has no terms".into()));
    }
    let mut seen_forms: HashMap<String, String> = HashMap::new();
    let mut terms = Vec::new();
    for st in &f.terms {
        terms.push(parse_term(cx, st, &f.id, &mut seen_forms)?);
    }
    for ex in &f.exclude {
        if normalize_phrase(ex).is_empty() {
            cx.warn(line, &entry, format!("exclude {ex:?} can never match"));
        }
    }
    Ok(Frame {
        id: f.id.clone(),
        label: f.label.clone(),
        description: f.description.clone(),
        side: f.side.clone(),
        side_by_agent,
        default_side,
        terms,
        exclude: f.exclude.clone(),
        line,
    })
}

/// `side_by_agent = { am = "az", ... }` and `default_side`: every side named must be declared,
/// and `default_side` means nothing without the map.
#[allow(clippy::type_complexity)]
fn parse_agent_sides(
    cx: &Ctx,
    f: &RawFrame,
    line: usize,
    entry: &str,
) -> Result<(Vec<(String, String)>, Option<String>), LexiconError> {
    let map: Vec<(String, String)> = f
        .side_by_agent
        .iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (agent, serves) in &map {
        cx.check_side(
            &Some(agent.clone()),
            line,
            &format!("{entry}: side_by_agent"),
        )?;
        cx.check_side(
            &Some(serves.clone()),
            line,
            &format!("{entry}: side_by_agent"),
        )?;
    }
    if f.side_by_agent.as_ref().is_some_and(|m| m.is_empty()) {
        return Err(cx.err(line, entry, "side_by_agent is empty".into()));
    }
    if f.default_side.is_some() && map.is_empty() {
        return Err(cx.err(
            line,
            entry,
            "default_side needs side_by_agent (without it the frame's side is used)".into(),
        ));
    }
    cx.check_side(&f.default_side, line, &format!("{entry}: default_side"))?;
    Ok((map, f.default_side.clone()))
}

/// Characters that mean something in a regular expression or a glob, never in a word.
const PATTERN_CHARS: &[char] = &[
    '*', '(', ')', '|', '+', '\\', '[', ']', '{', '}', '^', '$', '?',
];

/// Warns about a form that a user probably meant as a pattern: forms are matched as words.
fn check_pattern(cx: &mut Ctx, line: usize, entry: &str, form: &str) {
    let words = normalize_phrase(form);
    if form.contains('*') {
        let msg = format!(
            "form {form:?} contains `*`, which is not a wildcard: the form matches only \
             {words:?}; list the forms you mean, or use `inflect`"
        );
        cx.warn(line, entry, msg);
    } else if form.contains(PATTERN_CHARS) {
        let msg = format!(
            "form {form:?} looks like a regular expression, but forms are matched as words: \
             it matches only {words:?}; list the forms you mean"
        );
        cx.warn(line, entry, msg);
    }
}

fn parse_term(
    cx: &mut Ctx,
    st: &Spanned<RawTerm>,
    frame: &str,
    seen_forms: &mut HashMap<String, String>,
) -> Result<Term, LexiconError> {
    let tline = cx.line_of(st.span().start);
    let t = st.get_ref();
    let tentry = format!("frame {frame:?}, term {:?}", t.term);
    let mut forms = t.forms.clone().unwrap_or_default();
    if t.forms.as_ref().is_some_and(Vec::is_empty) {
        cx.warn(
            tline,
            &tentry,
            "`forms = []` lists no forms, so only the term itself is matched; \
             remove the key or list the forms"
                .into(),
        );
    }
    if let Some(kind) = &t.inflect {
        forms.extend(inflect(&t.term, kind).ok_or_else(|| {
            cx.err(
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
        check_pattern(cx, tline, &tentry, &form);
        let norm = normalize_phrase(&form);
        if norm.is_empty() {
            cx.warn(
                tline,
                &tentry,
                format!("form {form:?} can never match (no word characters)"),
            );
            continue;
        }
        if let Some(first) = seen_forms.get(&norm) {
            cx.warn(
                tline,
                &tentry,
                format!("form {form:?} is listed twice in the frame (as {first:?})"),
            );
            continue;
        }
        seen_forms.insert(norm, form.clone());
        kept.push(form);
    }
    let words = |list: &[String], what: &str| -> Result<Vec<String>, LexiconError> {
        list.iter()
            .map(|w| condition_word(cx, tline, &tentry, what, w))
            .collect()
    };
    let within = t.within.unwrap_or(DEFAULT_WITHIN);
    if within == 0 {
        return Err(cx.err(tline, &tentry, "within must be at least 1".into()));
    }
    Ok(Term {
        term: t.term.clone(),
        forms: kept,
        followed_by: words(&t.followed_by, "followed_by")?,
        preceded_by: words(&t.preceded_by, "preceded_by")?,
        not_followed_by: words(&t.not_followed_by, "not_followed_by")?,
        not_preceded_by: words(&t.not_preceded_by, "not_preceded_by")?,
        within,
        case_sensitive: t.case_sensitive,
        line: tline,
    })
}

/// A context condition's word, normalised as tokens are.
fn condition_word(
    cx: &Ctx,
    line: usize,
    entry: &str,
    what: &str,
    w: &str,
) -> Result<String, LexiconError> {
    let n = normalize_phrase(w);
    if n.is_empty() {
        return Err(cx.err(
            line,
            entry,
            format!("{what} entry {w:?} must be a single word"),
        ));
    }
    if n.contains(' ') {
        let why = if w.contains(['-', '\u{2010}', '\u{2011}']) {
            ": a hyphen splits words in matching (\"Armenian-backed\" is the two words \
             \"armenian backed\"), so a hyphenated word is a phrase; name one of its words"
        } else {
            ""
        };
        return Err(cx.err(
            line,
            entry,
            format!("{what} entry {w:?} must be a single word{why}"),
        ));
    }
    Ok(n)
}

fn parse_actors(cx: &Ctx, raw: &[Spanned<RawActor>]) -> Result<Vec<Actor>, LexiconError> {
    let mut actors = Vec::new();
    let mut actor_ids = HashSet::new();
    for sa in raw {
        let line = cx.line_of(sa.span().start);
        let a = sa.get_ref();
        let entry = format!("actor {:?}", a.id);
        if !actor_ids.insert(a.id.clone()) {
            return Err(cx.err(line, &entry, "duplicate actor id".into()));
        }
        cx.check_side(&a.side, line, &entry)?;
        if a.aliases.is_empty() {
            return Err(cx.err(line, &entry, "actor has no aliases".into()));
        }
        let (mut aliases, mut cased_aliases) = (Vec::new(), Vec::new());
        for alias in &a.aliases {
            match alias {
                RawAlias::Plain(s) => aliases.push(s.clone()),
                RawAlias::Table {
                    alias,
                    case_sensitive: true,
                } => cased_aliases.push(alias.clone()),
                RawAlias::Table { alias, .. } => aliases.push(alias.clone()),
            }
        }
        actors.push(Actor {
            id: a.id.clone(),
            name: a.name.clone(),
            side: a.side.clone(),
            aliases,
            cased_aliases,
            adjectives: a.adjectives.clone(),
            exclude: a.exclude.clone(),
        });
    }
    Ok(actors)
}
