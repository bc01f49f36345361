//! Strings a pattern cannot match without: a prefilter for the cleaning rules.
//!
//! A rule such as `^(?i).{0,160}\ball rights reserved\.?$` can only match a line that contains
//! "all rights reserved", but the regex engine, searching from the anchor, walks up to 160
//! characters of every line before it knows. Finding the strings first, for all rules in one
//! Aho-Corasick pass, lets most lines skip most rules. The strings are necessary, never
//! sufficient: a rule whose string occurs still runs, so the answer is the regex's.
//!
//! Strings are compared without ASCII case, which only widens them. A character class counts as
//! a letter only when it is that letter in either case, optionally with the two non-ASCII
//! characters whose case folds to ASCII (KELVIN SIGN for k, LONG S for s): a line containing
//! either skips the prefilter.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Most strings one sub-pattern may expand to before it counts as unknown.
const MAX_SET: usize = 64;
/// Shortest string worth searching for: shorter ones occur in most lines.
const MIN_LEN: usize = 3;

/// Non-ASCII characters that fold to an ASCII letter under Unicode case-insensitivity.
pub(super) const FOLDS_TO_ASCII: [char; 2] = ['\u{212A}', '\u{17F}'];

pub(super) type Set = Vec<Vec<u8>>;

/// Strings (ASCII lowercase where ASCII) of which every match of `hir` contains one, when
/// there is such a set with no string shorter than `MIN_LEN`.
pub(super) fn needed(hir: &Hir) -> Option<Set> {
    required(hir).filter(|s| !s.is_empty() && s.iter().all(|x| x.len() >= MIN_LEN))
}

/// Every string `hir` can match, when they are few and known.
fn exact(hir: &Hir) -> Option<Set> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(vec![Vec::new()]),
        HirKind::Literal(lit) => Some(vec![lit.0.to_ascii_lowercase()]),
        HirKind::Class(class) => one_letter(class).map(|b| vec![vec![b]]),
        HirKind::Capture(cap) => exact(&cap.sub),
        HirKind::Repetition(r) => {
            let sub = exact(&r.sub)?;
            let max = r.max?;
            if max > 4 {
                return None;
            }
            let mut out: Set = Vec::new();
            let mut power = vec![Vec::new()];
            for n in 0..=max {
                if n >= r.min {
                    out.extend(power.iter().cloned());
                }
                power = product(&power, &sub)?;
            }
            dedup(out)
        }
        HirKind::Concat(subs) => subs
            .iter()
            .try_fold(vec![Vec::new()], |acc, h| product(&acc, &exact(h)?)),
        HirKind::Alternation(subs) => {
            let mut out = Vec::new();
            for h in subs {
                out.extend(exact(h)?);
            }
            dedup(out)
        }
    }
}

/// A set every match contains one of (strings may be empty: then it requires nothing).
fn required(hir: &Hir) -> Option<Set> {
    if let Some(s) = exact(hir) {
        return Some(s);
    }
    match hir.kind() {
        HirKind::Capture(cap) => required(&cap.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Alternation(subs) => {
            let mut out = Vec::new();
            for h in subs {
                out.extend(required(h)?);
            }
            dedup(out).filter(|s| s.len() <= 4 * MAX_SET)
        }
        HirKind::Concat(subs) => {
            let mut best: Option<Set> = None;
            let mut run: Set = vec![Vec::new()];
            for h in subs {
                match exact(h) {
                    Some(e) => match product(&run, &e) {
                        Some(p) => run = p,
                        None => {
                            best = better(best, std::mem::replace(&mut run, e));
                        }
                    },
                    None => {
                        best = better(best, std::mem::replace(&mut run, vec![Vec::new()]));
                        if let Some(r) = required(h) {
                            best = better(best, r);
                        }
                    }
                }
            }
            better(best, run)
        }
        _ => None,
    }
}

/// The more selective set: the longer shortest string, then the fewer strings.
fn better(a: Option<Set>, b: Set) -> Option<Set> {
    let key = |s: &Set| {
        (
            s.iter().map(Vec::len).min().unwrap_or(0),
            usize::MAX - s.len(),
        )
    };
    match a {
        Some(a) if key(&a) >= key(&b) => Some(a),
        _ => Some(b),
    }
}

fn product(a: &Set, b: &Set) -> Option<Set> {
    if a.len() * b.len() > MAX_SET {
        return None;
    }
    let mut out = Vec::with_capacity(a.len() * b.len());
    for x in a {
        for y in b {
            out.push([x.as_slice(), y.as_slice()].concat());
        }
    }
    dedup(out)
}

fn dedup(mut s: Set) -> Option<Set> {
    s.sort();
    s.dedup();
    (s.len() <= MAX_SET).then_some(s)
}

/// The ASCII letter or character a class stands for, compared without case: `[Aa]`, `[Kk\u{212A}]`.
fn one_letter(class: &Class) -> Option<u8> {
    let mut found: Option<u8> = None;
    let mut add = |c: u32| -> bool {
        if let Some(b) = u8::try_from(c).ok().filter(u8::is_ascii) {
            let b = b.to_ascii_lowercase();
            found.is_none_or(|f| f == b) && {
                found = Some(b);
                true
            }
        } else {
            char::from_u32(c).is_some_and(|c| FOLDS_TO_ASCII.contains(&c))
        }
    };
    let ok = match class {
        Class::Unicode(u) => u.ranges().iter().all(|r| {
            (r.end() as u32 - r.start() as u32) < 4
                && (r.start() as u32..=r.end() as u32).all(&mut add)
        }),
        Class::Bytes(b) => b.ranges().iter().all(|r| {
            r.end() - r.start() < 4 && (u32::from(r.start())..=u32::from(r.end())).all(&mut add)
        }),
    };
    found.filter(|_| ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needed_of(p: &str) -> Option<Vec<String>> {
        let hir = regex_syntax::parse(p).unwrap();
        needed(&hir).map(|s| {
            s.into_iter()
                .map(|b| String::from_utf8(b).unwrap())
                .collect()
        })
    }

    #[test]
    fn a_bounded_prefix_before_a_phrase_still_needs_the_phrase() {
        assert_eq!(
            needed_of(r"^(?i).{0,160}\ball rights reserved\.?$").unwrap(),
            ["all rights reserved", "all rights reserved."]
        );
        let legal = needed_of(
            r"^(?i).{0,300}\b(protected by copyright|reprint(ing)? (is|are) allowed|use of (the )?(site|content)\b.{0,80}\blink)\b.{0,300}$",
        )
        .unwrap();
        assert!(legal.contains(&"protected by copyright".to_string()));
        assert!(legal.contains(&"reprinting are allowed".to_string()));
        assert!(legal.contains(&"use of the content".to_string()));
        assert_eq!(needed_of("^Iran Press TV$").unwrap(), ["iran press tv"]);
    }

    #[test]
    fn patterns_with_no_long_necessary_string_get_none() {
        assert_eq!(needed_of(r"^[*•\-–]\s+\S"), None);
        assert_eq!(needed_of(r"^\[ad_\d+\]$"), Some(vec!["[ad_".to_string()]));
        assert_eq!(needed_of(r"(?i)ab|x"), None);
        assert_eq!(needed_of(r"[aé]bc"), None);
        assert_eq!(needed_of(r"\w+ing"), Some(vec!["ing".to_string()]));
    }
}
