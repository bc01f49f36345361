//! Stage-level tests on small purpose-built texts: cleaning and zones, voice, tokenization,
//! negation and attribution, lexicon validation.

mod common;

use common::{analyze_text, analyzer, doc, frames_in};
use framescope::clean::{clean, CleanRules};
use framescope::lexicon::Lexicon;
use framescope::tokenize::{normalize_phrase, Tokens};
use framescope::types::{Voice, Zone};
use framescope::voice::quote_spans;

fn rules() -> CleanRules {
    CleanRules::from_file(&common::root().join("lexicons/boilerplate.toml")).unwrap()
}

/// (zone, text) of each kept paragraph.
fn zones(text: &str) -> Vec<(Zone, String)> {
    let d = doc(text, true);
    clean(&d, &rules())
        .segments
        .iter()
        .map(|s| (s.zone, text[s.start..s.end].to_string()))
        .collect()
}

// ---------------------------------------------------------------- clean

#[test]
fn boilerplate_lines_are_dropped() {
    let text = "| Welcome to Global Village Space\n\nFriday, December 1, 2023\n\nHeadline here\n\n[ad_1]\n\nBody text.\n\nDiscussion about this post\nJoin the mailing list\nGVS News Desk\nReporting by Sardar Hadid\n";
    let z = zones(text);
    assert_eq!(
        z,
        vec![
            (Zone::Title, "Headline here".into()),
            (Zone::Body, "Body text.".into())
        ]
    );
}

#[test]
fn common_news_site_debris_is_dropped_and_article_sentences_about_it_stay() {
    // Debris lines of the kinds real outlets print (written for this test).
    let debris = [
        "© 2022 Example Media Group. All rights reserved.",
        "Copyright 2021 Example Wire",
        "Example News Agency. All Rights Reserved.",
        "All materials are protected in accordance with the Law of Examplestan on Copyright and Related Rights.",
        "Reprinting is allowed only with a hyperlink to the source.",
        "Use of the site materials is permitted only with an active link to example.org.",
        "About the author: Jane Doe covers the Caucasus.",
        "Jane Doe is a senior correspondent at Example News.",
        "Go to the photo bank",
        "Print | Email | Share",
        "Follow us on Telegram for breaking news",
        "Click here to subscribe to our alerts",
        "We use cookies to improve your experience on our website.",
        "Please enable JavaScript to view the comments.",
        "Tags: Karabakh, Armenia, Azerbaijan",
        "If you notice an error, select it and press Ctrl+Enter.",
    ];
    let keep = [
        "Copyright law was changed in 2019, the court said.",
        "The ministry said all rights reserved for veterans would be restored next year.",
        "Officials asked reporters to follow the talks closely.",
        "The photo bank of the ministry was shown to journalists on Monday.",
    ];
    let text = format!(
        "Headline\n\n{}\n\n{}\n",
        debris.join("\n\n"),
        keep.join("\n\n")
    );
    let z = zones(&text);
    let body: Vec<&str> = z
        .iter()
        .filter(|(zn, _)| *zn == Zone::Body)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(body, keep, "{z:?}");
    assert_eq!(
        clean(&doc(&text, true), &rules()).dropped_lines,
        debris.len()
    );
    let captioned =
        zones("Headline\n\nPHOTO CAPTION: Soldiers at a checkpoint near the town.\n\nBody.\n");
    assert_eq!(captioned[1].0, Zone::Caption, "{captioned:?}");
}

#[test]
fn dateline_with_time_is_dropped_but_a_sentence_with_a_date_is_kept() {
    let z = zones(
        "Title\n\nSunday, 01 November 2020 4:25 PM\n\nOn 27 September 2020, fighting broke out.\n",
    );
    assert_eq!(z.len(), 2);
    assert_eq!(z[1].1, "On 27 September 2020, fighting broke out.");
}

#[test]
fn teasers_single_and_listed() {
    let text = "Title\nBody one.\nRead more: Israel under fire over arms\nREAD MORE:\n* Russia and Turkey preside over wars.\n* Tensions rise.\nBody two.\n";
    let z = zones(text);
    let teasers: Vec<&str> = z
        .iter()
        .filter(|(zn, _)| *zn == Zone::Teaser)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        teasers,
        vec![
            "Read more: Israel under fire over arms",
            "* Russia and Turkey preside over wars.",
            "* Tensions rise."
        ]
    );
    assert_eq!(z.last().unwrap(), &(Zone::Body, "Body two.".to_string()));
}

#[test]
fn repeated_caption_around_a_credit_counts_once_as_caption() {
    let text = "Title\n\nBody.\n\nA man throws debris in a courtyard.\n\nUncredited / AP\n\nA man throws debris in a courtyard.\n\nSmoke rises after the bombardment.\n\nUncredited / AP\n\nSmoke rises after the shelling.\n\nMore body.\n";
    let d = doc(text, true);
    let c = clean(&d, &rules());
    let z: Vec<(Zone, &str)> = c
        .segments
        .iter()
        .map(|s| (s.zone, &text[s.start..s.end]))
        .collect();
    assert_eq!(
        z,
        vec![
            (Zone::Title, "Title"),
            (Zone::Body, "Body."),
            (Zone::Caption, "A man throws debris in a courtyard."),
            (Zone::Caption, "Smoke rises after the bombardment."),
            (Zone::Caption, "Smoke rises after the shelling."),
            (Zone::Body, "More body."),
        ]
    );
    assert_eq!(c.duplicate_paragraphs, 1);
    assert_eq!(c.dropped_lines, 2);
}

#[test]
fn embedded_tweet_is_embed() {
    let text = "Title\nBody.\nShelling of civilians continues.#StopArmenianAggression pic.twitter.com/8Oj8OGT5Hl\n— MFA Azerbaijan (@AzerbaijanMFA) October 2, 2020\nNext paragraph.\n";
    let z = zones(text);
    assert_eq!(z[2].0, Zone::Embed);
    assert_eq!(
        z[3],
        (
            Zone::Embed,
            "— MFA Azerbaijan (@AzerbaijanMFA) October 2, 2020".into()
        )
    );
    assert_eq!(z[4].0, Zone::Body);
}

#[test]
fn a_signature_line_pulls_the_post_text_into_the_embed() {
    let z = zones(
        "Title\nWe will never give up our land\n— Some Official (@official) October 3, 2020\n",
    );
    assert_eq!(z[1].0, Zone::Embed);
}

#[test]
fn bad_rules_name_the_file_and_the_pattern_list() {
    let e = CleanRules::parse("drop = ['(unclosed']", "rules.toml")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("rules.toml: bad pattern in `drop`"), "{e}");
    assert!(!e.contains('\n'));
}

// ---------------------------------------------------------------- voice

fn quoted(par: &str) -> Vec<&str> {
    quote_spans(par)
        .into_iter()
        .map(|(s, e)| &par[s..e])
        .collect()
}

#[test]
fn curly_quotes_over_several_sentences() {
    assert_eq!(
        quoted("He said: “One. Two. Three.” Then left."),
        vec!["“One. Two. Three.”"]
    );
}

#[test]
fn scare_quoted_single_word() {
    assert_eq!(
        quoted("Turkey says that Armenia is “occupying” the land."),
        vec!["“occupying”"]
    );
}

#[test]
fn straight_double_quotes_and_guillemets() {
    assert_eq!(
        quoted(r#"Baku has "no plan" to act."#),
        vec![r#""no plan""#]
    );
    assert_eq!(quoted("Il a dit «non» hier."), vec!["«non»"]);
}

#[test]
fn apostrophes_are_not_quotes() {
    assert!(
        quoted("Azerbaijan’s army and Turkey's envoy met the Armenians’ delegates.").is_empty()
    );
    assert!(quoted("It's the '90s again, isn't it?").is_empty());
}

#[test]
fn single_quotes_pair_up() {
    assert_eq!(
        quoted("Read more: ‘Long live army’: Azerbaijan liberates a town"),
        vec!["‘Long live army’"]
    );
    assert_eq!(quoted("in its 'legal' bid"), vec!["'legal'"]);
}

#[test]
fn nested_quotes_are_one_span() {
    assert_eq!(
        quoted("He said “they call it ‘liberation’ now” and left."),
        vec!["“they call it ‘liberation’ now”"]
    );
}

#[test]
fn unclosed_quote_stops_at_paragraph_end() {
    let a = analyzer();
    let text =
        "He said “the occupied lands will be freed from occupation\nThe army occupied the hill.";
    let r = analyze_text(&a, text);
    let voices: Vec<(String, Voice)> = r
        .hits
        .iter()
        .zip(&r.evidence)
        .map(|(h, e)| (e.matched.clone(), h.voice))
        .collect();
    assert_eq!(
        voices,
        vec![
            ("occupied lands".into(), Voice::Quote),
            ("freed".into(), Voice::Quote),
            ("occupation".into(), Voice::Quote),
            ("occupied".into(), Voice::Own),
        ]
    );
}

#[test]
fn opening_mark_used_as_closing_mark_still_closes() {
    // AP copy: “have failed to not an inch of progress. “
    assert_eq!(
        quoted("talks that “have failed. “ Next"),
        vec!["“have failed. “"]
    );
}

#[test]
fn attribution_and_negation() {
    let a = analyzer();
    let r = analyze_text(
        &a,
        "The region is not occupied, the ministry said. Armenia occupied it.",
    );
    assert_eq!(r.hits.len(), 2);
    assert!(r.hits[0].attributed && r.hits[0].negated);
    assert!(!r.hits[1].attributed && !r.hits[1].negated);
    let r = analyze_text(&a, "According to Baku, the occupation never ended.");
    assert!(r.hits[0].attributed);
    let r = analyze_text(&a, "Armenia didn't occupy the town.");
    assert!(r.hits[0].negated);
}

// ---------------------------------------------------------------- tokenize

#[test]
fn normalisation_of_variants() {
    assert_eq!(normalize_phrase("Armenian-backed"), "armenian backed");
    assert_eq!(normalize_phrase("Armenian backed"), "armenian backed");
    assert_eq!(normalize_phrase("Azerbaijan’s"), "azerbaijan");
    assert_eq!(normalize_phrase("Azerbaijan's"), "azerbaijan");
    assert_eq!(normalize_phrase("occupied-Karabakh"), "occupied karabakh");
    assert_eq!(normalize_phrase("ETHNIC–ARMENIAN"), "ethnic armenian");
    assert_eq!(normalize_phrase("Armenians’"), "armenians");
    assert_eq!(normalize_phrase("don't"), "don't");
    assert_eq!(normalize_phrase("— ,"), "");
}

#[test]
fn tokens_keep_offsets_into_the_text() {
    let text = "Azerbaijan’s “occupied” lands";
    let mut t = Tokens::default();
    t.push_sentence(text, 0, text.len(), 0);
    let words: Vec<(&str, &str)> = t
        .tokens
        .iter()
        .map(|k| (&text[k.start..k.end], t.norm_of(k)))
        .collect();
    assert_eq!(
        words,
        vec![
            ("Azerbaijan’s", "azerbaijan"),
            ("occupied", "occupied"),
            ("lands", "lands")
        ]
    );
}

#[test]
fn hyphen_apostrophe_and_possessive_variants_match() {
    let a = analyzer();
    for s in [
        "Armenian-backed separatists attacked.",
        "Armenian backed separatists attacked.",
        "ARMENIAN-BACKED separatists attacked.",
    ] {
        assert!(
            frames_in(&a, s).iter().any(|(f, _)| f == "proxy_label"),
            "{s}"
        );
    }
    let hits = frames_in(
        &a,
        "Karabakh’s foreign ministry and Karabakh's foreign ministry spoke.",
    );
    assert_eq!(
        hits.iter().filter(|(f, _)| f == "artsakh_naming").count(),
        2,
        "{hits:?}"
    );
}

#[test]
fn phrases_do_not_match_across_sentences() {
    let a = analyzer();
    let hits = frames_in(&a, "It was occupied. Territories were lost.");
    assert_eq!(hits, vec![("occupation".into(), "occupied".into())]);
}

#[test]
fn hit_offsets_are_character_offsets_into_the_original_text() {
    let a = analyzer();
    let text = "Ünïcödé “quote” — Azerbaijan’s forces liberated Füzuli.";
    let r = analyze_text(&a, text);
    let chars: Vec<char> = text.chars().collect();
    for e in &r.evidence {
        let slice: String = chars[e.char_start..e.char_end].iter().collect();
        assert_eq!(slice, e.matched);
    }
    assert_eq!(r.evidence[0].matched, "liberated");
}

// ---------------------------------------------------------------- lexicon

fn lex_err(toml: &str) -> String {
    Lexicon::parse(toml, "bad.toml").unwrap_err().to_string()
}

const HEAD: &str =
    "[lexicon]\nid = \"t\"\nversion = \"1\"\n[[sides]]\nid = \"az\"\nlabel = \"A\"\n";

#[test]
fn lexicon_syntax_error_names_file_and_line() {
    let e = lex_err(&format!("{HEAD}[[frames]]\nid = \"x\"\nlabel = \n"));
    assert!(e.starts_with("bad.toml:9:"), "{e}");
}

#[test]
fn lexicon_unknown_side_names_line_and_entry() {
    let e = lex_err(&format!("{HEAD}\n[[frames]]\nid = \"occ\"\nlabel = \"O\"\nside = \"xx\"\nterms = [{{ term = \"occupied\" }}]\n"));
    assert_eq!(
        e,
        "bad.toml:8: frame \"occ\": unknown side \"xx\" (declared: az)"
    );
}

#[test]
fn lexicon_empty_frame_is_an_error() {
    let e = lex_err(&format!(
        "{HEAD}[[frames]]\nid = \"occ\"\nlabel = \"O\"\nterms = []\n"
    ));
    assert_eq!(e, "bad.toml:7: frame \"occ\": frame has no terms");
}

#[test]
fn lexicon_unknown_field_is_an_error() {
    let e = lex_err(&format!("{HEAD}[[frames]]\nid = \"occ\"\nlabel = \"O\"\nterms = [{{ term = \"a\", forns = [\"b\"] }}]\n"));
    assert!(e.starts_with("bad.toml:10:") && e.contains("forns"), "{e}");
}

#[test]
fn lexicon_duplicate_and_unmatchable_forms_are_warnings() {
    let lex = Lexicon::parse(
        &format!("{HEAD}[[frames]]\nid = \"occ\"\nlabel = \"O\"\nterms = [\n  {{ term = \"occupied\", forms = [\"occupied\", \"Occupied\", \"—\"] }},\n]\n"),
        "w.toml",
    )
    .unwrap();
    assert_eq!(lex.warnings.len(), 2, "{:?}", lex.warnings);
    assert!(lex.warnings[0].starts_with(
        "w.toml:11: frame \"occ\", term \"occupied\": form \"Occupied\" is listed twice"
    ));
    assert!(lex.warnings[1].contains("can never match"));
    assert_eq!(lex.frames[0].terms[0].forms, vec!["occupied"]);
}

#[test]
fn lexicon_inflection_is_generated_not_stemmed() {
    let lex = Lexicon::parse(
        &format!("{HEAD}[[frames]]\nid = \"lib\"\nlabel = \"L\"\nterms = [{{ term = \"liberate\", inflect = \"verb\" }}, {{ term = \"occupy\", inflect = \"verb\" }}]\n"),
        "i.toml",
    )
    .unwrap();
    assert_eq!(
        lex.frames[0].terms[0].forms,
        vec!["liberate", "liberates", "liberated", "liberating"]
    );
    assert_eq!(
        lex.frames[0].terms[1].forms,
        vec!["occupy", "occupies", "occupied", "occupying"]
    );
}

#[test]
fn shipped_lexicon_is_clean() {
    let lex = common::lexicon();
    assert!(lex.warnings.is_empty(), "{:?}", lex.warnings);
    assert_eq!(lex.lean, Some(("az".into(), "am".into())));
    for id in [
        "occupation",
        "liberation",
        "separatist_label",
        "proxy_label",
        "ethnic_armenian_label",
        "artsakh_naming",
        "delegitimizing_qualifier",
        "legal_status",
        "self_determination",
        "aggression_by_armenia",
        "aggression_by_azerbaijan",
        "foreign_fighters",
        "atrocity",
        "civilian_harm",
        "diplomacy",
        "place_names_az",
        "place_names_am",
    ] {
        assert!(lex.frame(id).is_some(), "missing frame {id}");
    }
    assert!(lex.actors.len() >= 5);
}

#[test]
fn inflection_of_a_lemma_ending_in_a_multibyte_letter() {
    // Found by the lexicon fuzzer: slicing off the last byte of "café" panicked.
    let forms = framescope::lexicon::inflect("café", "verb").unwrap();
    assert_eq!(forms, vec!["café", "cafés", "caféed", "caféing"]);
}

#[test]
fn the_voice_cursor_agrees_with_voice_at_at_every_byte() {
    let rules = CleanRules::parse(framescope::clean::BUILTIN_RULES, "built-in").unwrap();
    let mut quoted_bytes = 0;
    for e in
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/karabakh-2020")).unwrap()
    {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        let d = doc(&text, true);
        let voiced = framescope::voice::voice(&d.text, &clean(&d, &rules));
        let mut cursor = voiced.voice_cursor();
        for pos in 0..=d.text.len() {
            let v = voiced.voice_at(pos);
            assert_eq!(cursor.voice_at(pos), v, "byte {pos}");
            quoted_bytes += usize::from(v == Voice::Quote);
        }
    }
    assert!(quoted_bytes > 1000, "{quoted_bytes}");
}
