//! Arbitrary lexicon text: parsing must not panic, and a lexicon that parses must compile into
//! a matcher (frames and actors) without panicking.
#![no_main]

use framescope::lexicon::Lexicon;
use framescope::matching::Matcher;
use framescope::voice::Language;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn language() -> &'static Language {
    static L: OnceLock<Language> = OnceLock::new();
    L.get_or_init(|| {
        Language::parse(include_str!("../../lexicons/english.toml"), "english.toml")
            .expect("language parses")
    })
}

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    if let Ok(lex) = Lexicon::parse(&s, "fuzz.toml") {
        let _ = Matcher::new(&lex, language());
        let _ = Matcher::new(&lex.actor_lexicon(), language());
    }
});
