//! Agent patterns: the positions where a language names the doer of an act, written as data
//! in the language file (`[agent]` in `lexicons/english.toml`) and matched over tokens.
//!
//! A pattern is a sequence of elements around `TERM` (the frame's matched words):
//!
//! | element | matches |
//! | --- | --- |
//! | `ACTOR` | an actor: one of its aliases or adjectives |
//! | `NAME` / `NAME's` | an alias, not possessive / possessive ("Armenia's") |
//! | `ADJ` | one of an actor's adjectives ("Armenian", "Armenians") |
//! | `TERM`, `PAST`, `NONPAST` | the match; `PAST` when its first word ends in a past suffix |
//! | `word`, `a\|b` | one of these words |
//! | `word?`, `a\|b?` | one of them, or nothing |
//! | `@list`, `@list?`, `@list*` | a word of a list: one, one or none, any number |
//! | `@a\|@b*` | the same over the union of lists `a` and `b` |
//! | `~N` | up to N words of any kind |
//!
//! `X-Y` joins two elements by a hyphen in the text ("Armenian-occupied"). Every element of a
//! match lies in the term's sentence. Each pattern names one actor: the agent.

use std::collections::HashMap;

/// Which actor forms an element accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorForm {
    Any,
    Name { possessive: bool },
    Adjective,
}

/// Which matched terms `TERM` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermForm {
    Any,
    Past,
    NonPast,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    One,
    Optional,
    Any,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    Actor(ActorForm),
    Term(TermForm),
    Words(Vec<String>, Repeat),
    Gap(usize),
}

/// One compiled pattern. `left` holds the elements before the term, nearest first; `right`
/// those after it. `hyphen_left[i]` / `hyphen_right[i]`: element i is joined by a hyphen to
/// the one nearer the term (the term itself for i = 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub text: String,
    pub term: TermForm,
    pub left: Vec<Element>,
    pub right: Vec<Element>,
    pub hyphen_left: Vec<bool>,
    pub hyphen_right: Vec<bool>,
}

/// The patterns of a language, with the suffixes that make a word a past form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgentPatterns {
    pub patterns: Vec<Pattern>,
    pub past_suffixes: Vec<String>,
}

impl AgentPatterns {
    /// Compiles pattern strings; `lists` are the `@list` word lists (already normalised).
    pub fn parse(
        patterns: &[String],
        lists: &HashMap<String, Vec<String>>,
        past_suffixes: Vec<String>,
    ) -> Result<AgentPatterns, String> {
        let patterns = patterns
            .iter()
            .map(|p| parse_pattern(p, lists).map_err(|e| format!("agent pattern {p:?}: {e}")))
            .collect::<Result<_, _>>()?;
        Ok(AgentPatterns {
            patterns,
            past_suffixes,
        })
    }
}

fn parse_pattern(text: &str, lists: &HashMap<String, Vec<String>>) -> Result<Pattern, String> {
    // Split on spaces, then on hyphens between elements, remembering which joints were hyphens.
    let mut elements: Vec<Element> = Vec::new();
    let mut hyphen_before: Vec<bool> = Vec::new();
    for chunk in text.split_whitespace() {
        for (i, part) in chunk.split('-').enumerate() {
            if part.is_empty() {
                return Err("a hyphen must join two elements (\"ADJ-TERM\")".into());
            }
            elements.push(parse_element(part, lists)?);
            hyphen_before.push(i > 0);
        }
    }
    let terms: Vec<usize> = (0..elements.len())
        .filter(|&i| matches!(elements[i], Element::Term(_)))
        .collect();
    let actors = elements
        .iter()
        .filter(|e| matches!(e, Element::Actor(_)))
        .count();
    let [at] = terms[..] else {
        return Err("needs exactly one TERM (or PAST, NONPAST)".into());
    };
    if actors != 1 {
        return Err("needs exactly one actor element (ACTOR, NAME, NAME's or ADJ)".into());
    }
    for (i, &h) in hyphen_before.iter().enumerate() {
        let fixed = |e: &Element| {
            matches!(e, Element::Actor(_) | Element::Term(_))
                || matches!(e, Element::Words(_, Repeat::One))
        };
        if h && !(fixed(&elements[i - 1]) && fixed(&elements[i])) {
            return Err(
                "a hyphen may join only words, actors and the term, not ~N or optional words"
                    .into(),
            );
        }
    }
    let Element::Term(term) = elements[at] else {
        unreachable!("`at` indexes a TERM element")
    };
    // Left: nearest first; element i's joint toward the term is the hyphen before element i+1.
    let left: Vec<Element> = elements[..at].iter().rev().cloned().collect();
    let hyphen_left: Vec<bool> = (0..at).rev().map(|i| hyphen_before[i + 1]).collect();
    let right: Vec<Element> = elements[at + 1..].to_vec();
    let hyphen_right: Vec<bool> = (at + 1..elements.len()).map(|i| hyphen_before[i]).collect();
    Ok(Pattern {
        text: text.to_string(),
        term,
        left,
        right,
        hyphen_left,
        hyphen_right,
    })
}

fn parse_element(part: &str, lists: &HashMap<String, Vec<String>>) -> Result<Element, String> {
    Ok(match part {
        "ACTOR" => Element::Actor(ActorForm::Any),
        "NAME" => Element::Actor(ActorForm::Name { possessive: false }),
        "NAME's" => Element::Actor(ActorForm::Name { possessive: true }),
        "ADJ" => Element::Actor(ActorForm::Adjective),
        "TERM" => Element::Term(TermForm::Any),
        "PAST" => Element::Term(TermForm::Past),
        "NONPAST" => Element::Term(TermForm::NonPast),
        _ => {
            if let Some(n) = part.strip_prefix('~') {
                let n: usize = n
                    .parse()
                    .map_err(|_| format!("{part:?}: ~N needs a number of words"))?;
                return Ok(Element::Gap(n));
            }
            let (body, repeat) = match part.as_bytes().last() {
                Some(b'?') => (&part[..part.len() - 1], Repeat::Optional),
                Some(b'*') => (&part[..part.len() - 1], Repeat::Any),
                _ => (part, Repeat::One),
            };
            if body.starts_with('@') {
                // "@aux|@be": the union of the lists.
                let mut words = Vec::new();
                for name in body.split('|') {
                    let name = name
                        .strip_prefix('@')
                        .ok_or_else(|| format!("{part:?}: join lists as @a|@b"))?;
                    let list = lists
                        .get(name)
                        .ok_or_else(|| format!("no word list {name:?} in [agent.words]"))?;
                    words.extend(list.iter().cloned());
                }
                return Ok(Element::Words(words, repeat));
            }
            if repeat == Repeat::Any {
                return Err(format!("{part:?}: '*' repeats only a @list"));
            }
            let words: Vec<String> = body.split('|').map(normalize_word).collect();
            if words.iter().any(String::is_empty) || body.starts_with(char::is_uppercase) {
                return Err(format!(
                    "{part:?} is not an element (ACTOR, NAME, NAME's, ADJ, TERM, PAST, NONPAST, word, a|b, word?, @list, ~N)"
                ));
            }
            Element::Words(words, repeat)
        }
    })
}

/// A word as tokens are compared: the normalised form of its one token.
pub fn normalize_word(w: &str) -> String {
    let n = crate::tokenize::normalize_phrase(w);
    if n.contains(' ') {
        String::new()
    } else {
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists() -> HashMap<String, Vec<String>> {
        HashMap::from([(
            "aux".to_string(),
            vec!["has".to_string(), "been".to_string()],
        )])
    }

    #[test]
    fn elements_left_of_the_term_are_nearest_first() {
        let p = parse_pattern("accused|accuses ACTOR ~2 of TERM", &lists()).unwrap();
        assert_eq!(p.term, TermForm::Any);
        assert_eq!(
            p.left,
            vec![
                Element::Words(vec!["of".into()], Repeat::One),
                Element::Gap(2),
                Element::Actor(ActorForm::Any),
                Element::Words(vec!["accused".into(), "accuses".into()], Repeat::One),
            ]
        );
        assert!(p.right.is_empty());
        let lists = HashMap::from([
            ("a".to_string(), vec!["has".to_string()]),
            ("b".to_string(), vec!["been".to_string()]),
        ]);
        let p = parse_pattern("NAME @a|@b* PAST", &lists).unwrap();
        assert_eq!(
            p.left[0],
            Element::Words(vec!["has".into(), "been".into()], Repeat::Any)
        );
    }

    #[test]
    fn hyphens_join_the_elements_beside_them() {
        let p = parse_pattern("ADJ-PAST by the? army", &lists()).unwrap();
        assert_eq!(p.hyphen_left, vec![true]);
        assert_eq!(p.hyphen_right, vec![false, false, false]);
        assert_eq!(p.term, TermForm::Past);
    }

    #[test]
    fn bad_patterns_say_what_is_wrong() {
        for (p, msg) in [
            ("ACTOR of", "exactly one TERM"),
            ("TERM by", "exactly one actor"),
            ("NAME @nolist* TERM", "no word list \"nolist\""),
            ("NAME ~x TERM", "needs a number"),
            ("NAME Foo TERM", "is not an element"),
            ("NAME ~2-TERM", "a hyphen may join only"),
            ("NAME by* TERM", "repeats only a @list"),
            ("NAME @aux|be TERM", "join lists as @a|@b"),
        ] {
            let e = parse_pattern(p, &lists()).unwrap_err();
            assert!(e.contains(msg), "{p}: {e}");
        }
    }
}
