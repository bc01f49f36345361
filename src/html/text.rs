//! Text helpers of the report: the escaper every template expression goes through, fragment
//! ids, and number and word forms shared by the charts.

use std::fmt::{self, Write as _};

/// The report's escaper, registered for `.html` templates in `askama.toml`.
///
/// It escapes like askama's HTML escaper and also replaces control characters, which are not
/// allowed in HTML text and make XML ill-formed: corpus text is untrusted and can hold them.
#[derive(Debug, Clone, Copy)]
pub struct Markup;

impl askama::filters::Escaper for Markup {
    fn write_escaped_str<W: fmt::Write>(&self, mut dest: W, s: &str) -> fmt::Result {
        let mut done = 0;
        for (i, c) in s.char_indices() {
            let with = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                c if c.is_control() && !matches!(c, '\n' | '\t') => "\u{FFFD}",
                _ => continue,
            };
            dest.write_str(&s[done..i])?;
            dest.write_str(with)?;
            done = i + c.len_utf8();
        }
        dest.write_str(&s[done..])
    }
}

/// A fragment id made of safe characters; distinct ids stay distinct (hex escapes).
pub(super) fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else {
            let _ = write!(out, ".{:x}", c as u32);
        }
    }
    out
}

/// Shows a command line the way a shell would take it.
pub fn shell_line(args: &[String]) -> String {
    args.iter()
        .map(|a| {
            if !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c))
            {
                a.clone()
            } else {
                format!("'{}'", a.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "1 article", "2 articles".
pub(super) fn counted(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A tick label: at most two decimals, no trailing zeros ("0.5", "25").
pub(super) fn trim_num(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use askama::filters::Escaper;

    #[test]
    fn escapes_markup_and_replaces_control_characters() {
        let mut out = String::new();
        Markup
            .write_escaped_str(&mut out, "<b a=\"x\">'&'</b>\u{7}\tok\n")
            .unwrap();
        assert_eq!(
            out,
            "&lt;b a=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;\u{FFFD}\tok\n"
        );
    }

    #[test]
    fn slugs_keep_distinct_ids_distinct() {
        assert_eq!(slug("occupation"), "occupation");
        assert_ne!(slug("a b"), slug("a.20b"));
        assert_eq!(trim_num(2.5), "2.5");
        assert_eq!(trim_num(-1.0), "-1");
    }
}
