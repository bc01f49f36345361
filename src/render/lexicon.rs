//! What `lexicon check` and `lexicon forms` print.

use crate::lexicon::Lexicon;
use std::fmt::Write as _;

/// Every surface form of every frame, sorted and deduplicated.
pub fn forms(lex: &Lexicon) -> Vec<&str> {
    let mut all: Vec<&str> = lex
        .frames
        .iter()
        .flat_map(|f| {
            f.terms
                .iter()
                .flat_map(|t| t.forms.iter().map(String::as_str))
        })
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// "am->az, az->am; no agent->az" for an agent-dependent frame, else empty.
fn agent_sides(f: &crate::lexicon::Frame) -> String {
    if !f.is_agent_dependent() {
        return String::new();
    }
    let map: Vec<String> = f
        .side_by_agent
        .iter()
        .map(|(agent, side)| format!("{agent}->{side}"))
        .collect();
    let default = f.side_for(None).unwrap_or("no side");
    format!("{}; no agent->{default}", map.join(", "))
}

/// The summary `lexicon check` prints: sides, lean, frames with term and form counts (and
/// every form with `forms`), actors, and a closing `ok:` line.
pub fn check(lex: &Lexicon, forms: bool) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} {} ({}), sha256 {}",
        lex.id,
        lex.version,
        lex.language,
        &lex.hash[..12]
    );
    for s in &lex.sides {
        let _ = writeln!(o, "side {:<4} {}", s.id, s.label);
    }
    if let Some((a, b)) = &lex.lean {
        let _ = writeln!(o, "lean = ({a} - {b}) / ({a} + {b})");
    }
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "{:<26} {:<5} {:>5} {:>5}  side by agent",
        "frame", "side", "terms", "forms"
    );
    for f in &lex.frames {
        let nforms: usize = f.terms.iter().map(|t| t.forms.len()).sum();
        let line = format!(
            "{:<26} {:<5} {:>5} {:>5}  {}",
            f.id,
            f.side.as_deref().unwrap_or("-"),
            f.terms.len(),
            nforms,
            agent_sides(f)
        );
        let _ = writeln!(o, "{}", line.trim_end());
        if forms {
            for t in &f.terms {
                let ctx = if t.followed_by.is_empty() {
                    String::new()
                } else {
                    format!(
                        "  (followed by {} within {})",
                        t.followed_by.join("|"),
                        t.within
                    )
                };
                let _ = writeln!(o, "    {}: {}{ctx}", t.term, t.forms.join(", "));
            }
        }
    }
    let _ = writeln!(o);
    for a in &lex.actors {
        let _ = writeln!(
            o,
            "actor {:<22} {:<5} {} aliases{}",
            a.id,
            a.side.as_deref().unwrap_or("-"),
            a.aliases.len() + a.cased_aliases.len(),
            match a.adjectives.len() {
                0 => String::new(),
                n => format!(", {n} adjective(s)"),
            }
        );
    }
    let _ = writeln!(
        o,
        "ok: {} frames ({} agent-dependent), {} terms, {} actors, {} warning(s)",
        lex.frames.len(),
        lex.frames.iter().filter(|f| f.is_agent_dependent()).count(),
        lex.frames.iter().map(|f| f.terms.len()).sum::<usize>(),
        lex.actors.len(),
        lex.warnings.len()
    );
    o
}
