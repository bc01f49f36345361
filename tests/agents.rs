//! Who does what to whom: frames whose side follows the actor doing the act
//! (`side_by_agent`), the agent patterns of `lexicons/english.toml`, and the side in every
//! table. Sentences are written for these tests, except the two demo-corpus facts.

mod common;

use assert_cmd::Command;
use common::root;
use framescope::{Analyzer, Document, Hit, Lexicon};
use std::sync::OnceLock;

fn framescope() -> Command {
    let mut c = Command::cargo_bin("framescope").unwrap();
    c.env("FRAMESCOPE_HOME", "/nonexistent/framescope-test-home");
    c.current_dir(root());
    c
}

/// The built-in lexicon's analyzer, built once for all tests of this file.
fn builtin() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(|| Analyzer::with_default_rules(Lexicon::builtin()).unwrap())
}

fn hits_of(a: &Analyzer, text: &str, frame: &str) -> Vec<Hit> {
    a.analyze_one(Document::new("1", "Test", text))
        .hits
        .into_iter()
        .filter(|h| &*h.frame == frame)
        .collect()
}

/// (agent, side) of the one hit of `frame` in `text`.
fn agent_and_side(text: &str, frame: &str) -> (Option<String>, Option<String>) {
    let hits = hits_of(builtin(), text, frame);
    assert_eq!(hits.len(), 1, "{text:?}: {hits:?}");
    let h = &hits[0];
    assert_eq!(
        h.frame_side.as_deref(),
        Some("az"),
        "the declared side is kept"
    );
    (
        h.agent.as_deref().map(String::from),
        h.side.as_deref().map(String::from),
    )
}

fn check(cases: &[(&str, &str, Option<&str>, &str)]) {
    for &(text, frame, agent, side) in cases {
        let (a, s) = agent_and_side(text, frame);
        assert_eq!(a.as_deref(), agent, "agent of {frame} in {text:?}");
        assert_eq!(s.as_deref(), Some(side), "side of {frame} in {text:?}");
    }
}

#[test]
fn an_actor_adjective_or_name_before_the_term_is_the_agent() {
    check(&[
        (
            "Villages stayed under Armenian occupation.",
            "occupation",
            Some("armenia"),
            "az",
        ),
        (
            "Villages stayed under Azerbaijani occupation.",
            "occupation",
            Some("azerbaijan"),
            "am",
        ),
        (
            "Monitors reached the Azerbaijani-occupied villages.",
            "occupation",
            Some("azerbaijan"),
            "am",
        ),
        (
            "Monitors reached the Armenian-occupied villages.",
            "occupation",
            Some("armenia"),
            "az",
        ),
        (
            "Armenia's occupation of the districts lasted decades.",
            "occupation",
            Some("armenia"),
            "az",
        ),
        (
            "Azerbaijani forces liberated the town at dawn.",
            "liberation",
            Some("azerbaijan"),
            "az",
        ),
        (
            "Armenia has been seeking to permanently occupy the valley.",
            "occupation",
            Some("armenia"),
            "az",
        ),
        (
            "Officials say Azerbaijan is occupying two hills.",
            "occupation",
            Some("azerbaijan"),
            "am",
        ),
        (
            "The occupying Azerbaijani forces shelled the road.",
            "occupation",
            Some("azerbaijan"),
            "am",
        ),
    ]);
}

#[test]
fn possessives_and_passives_do_not_make_the_owner_or_patient_the_agent() {
    check(&[
        // Azerbaijan owns the occupied land; nobody is named as the occupier.
        (
            "Refugees long to return to Azerbaijan's occupied lands.",
            "occupation",
            None,
            "az",
        ),
        // The passive subject is what was occupied.
        (
            "Azerbaijan was occupied in part for decades.",
            "occupation",
            None,
            "az",
        ),
        // An adjective before a past form without a hyphen says whose land, not who occupied.
        (
            "Refugees long to return to Azerbaijani occupied lands.",
            "occupation",
            None,
            "az",
        ),
        // No actor at all: the frame's default side.
        (
            "Talks on the occupied territories stalled.",
            "occupation",
            None,
            "az",
        ),
        // An actor too far from the verb, with other words between, is not its subject.
        (
            "Armenia must withdraw troops from the occupied region.",
            "occupation",
            None,
            "az",
        ),
    ]);
}

#[test]
fn by_phrases_name_the_agent_after_the_term() {
    check(&[
        (
            "The town was occupied by Armenian forces in 1993.",
            "occupation",
            Some("armenia"),
            "az",
        ),
        (
            "The town was liberated by the Azerbaijani army.",
            "liberation",
            Some("azerbaijan"),
            "az",
        ),
        (
            "The occupation of Hadrut by Azerbaijan was condemned in Yerevan.",
            "occupation",
            Some("azerbaijan"),
            "am",
        ),
        (
            "The occupation by Armenia ended in 2020.",
            "occupation",
            Some("armenia"),
            "az",
        ),
        // "by" too far away (more than five words after "of"): no agent.
        (
            "The occupation of the old mountain town of the district by Azerbaijan was condemned.",
            "occupation",
            None,
            "az",
        ),
    ]);
}

#[test]
fn with_two_actors_only_the_one_in_the_agent_position_counts() {
    check(&[
        // The accuser is not the agent; the accused is.
        (
            "Yerevan accused Azerbaijan of occupying three villages.",
            "occupation",
            Some("azerbaijan"),
            "am",
        ),
        (
            "Baku accused Armenian forces of occupying the pass.",
            "occupation",
            Some("armenia"),
            "az",
        ),
        (
            "Armenia accused Azerbaijan and Turkey of occupying the heights.",
            "occupation",
            Some("azerbaijan"),
            "am",
        ),
        // The speaker is not the subject of the verb.
        (
            "Turkey said Armenian forces occupied the ridge.",
            "occupation",
            Some("armenia"),
            "az",
        ),
        // The liberator is the subject; the occupier is after "from".
        (
            "Azerbaijani troops freed the village from Armenian occupation.",
            "liberation",
            Some("azerbaijan"),
            "az",
        ),
        // A possessive actor before the act, another actor after "of" (the place): the first.
        (
            "Azerbaijan's liberation of Armenian-held Shusha was celebrated.",
            "liberation",
            Some("azerbaijan"),
            "az",
        ),
    ]);
    // Both hits of one sentence get their own agents.
    let hits = hits_of(
        builtin(),
        "Azerbaijani troops freed the village from Armenian occupation.",
        "occupation",
    );
    assert_eq!(hits[0].agent.as_deref(), Some("armenia"));
    assert_eq!(hits[0].side.as_deref(), Some("az"));
}

#[test]
fn the_demo_corpus_sides_follow_the_agent() {
    let out = tempfile::tempdir().unwrap();
    framescope()
        .args(["analyze", "corpus/karabakh-2020", "--no-sentiment", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let mut rdr = csv::Reader::from_path(out.path().join("hits.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let find = |ctx: &str, matched: &str| -> Vec<&csv::StringRecord> {
        rows.iter()
            .filter(|r| r[col("context")].contains(ctx) && &r[col("matched")] == matched)
            .collect()
    };
    let np = find(
        "accused Azerbaijan of occupying the whole region",
        "occupying",
    );
    assert_eq!(np.len(), 1);
    let np = np[0];
    assert_eq!(&np[col("outlet")], "North Press Agency");
    assert_eq!(&np[col("voice")], "own");
    assert_eq!(&np[col("agent")], "azerbaijan");
    assert_eq!(&np[col("agent_side")], "az");
    assert_eq!(&np[col("side")], "am");
    assert_eq!(&np[col("frame_side")], "az");
    let et = "freed strategic points in the western Agdhare province from Armenian occupation";
    let freed = find(et, "freed");
    let occupation = find(et, "occupation");
    assert_eq!((freed.len(), occupation.len()), (1, 1));
    assert_eq!(&freed[0][col("side")], "az");
    assert_eq!(&freed[0][col("agent")], "azerbaijan");
    assert_eq!(&occupation[0][col("side")], "az");
    assert_eq!(&occupation[0][col("agent")], "armenia");
    // Frames with a fixed side have no agent and keep their side.
    for r in rows.iter().filter(|r| &r[col("frame")] == "artsakh_naming") {
        assert_eq!((&r[col("agent")], &r[col("side")]), ("", "am"));
    }

    // North Press's own-voice hits: the resolved side moves its lean (2 az / 1 am before:
    // +0.3333; 1 az / 2 am now).
    let summary = std::fs::read_to_string(out.path().join("outlet_summary.csv")).unwrap();
    let line = summary
        .lines()
        .find(|l| l.starts_with("North Press Agency,"))
        .unwrap();
    assert_eq!(line, "North Press Agency,1,686,1,2,2,2,-0.3333,0.0000");

    // compare reads the resolved sides too.
    let cmp = framescope()
        .args(["compare", "--all", "--format", "json", "--from"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        cmp.status.success(),
        "{}",
        String::from_utf8_lossy(&cmp.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&cmp.stdout).unwrap();
    let np = j["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "North Press Agency")
        .unwrap();
    let lean = np["lean_own"].as_f64().unwrap();
    assert!((lean + 1.0 / 3.0).abs() < 1e-9, "{np}");

    // kwic names the agent and the side.
    let kwic = framescope()
        .args(["kwic", "occupation", "--outlet", "North Press", "--from"])
        .arg(out.path())
        .output()
        .unwrap();
    let text = String::from_utf8(kwic.stdout).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("accused Azerbaijan"))
        .unwrap();
    assert!(line.contains("by azerbaijan -> am"), "{line}");
    assert!(text.contains("no agent -> az"), "{text}");
}

#[test]
fn lexicon_check_shows_agent_dependent_frames() {
    let out = framescope()
        .args(["lexicon", "check", "lexicons/karabakh-2020.toml"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let occ = text.lines().find(|l| l.starts_with("occupation ")).unwrap();
    assert!(occ.ends_with("am->az, az->am; no agent->az"), "{occ}");
    let sep = text
        .lines()
        .find(|l| l.starts_with("separatist_label "))
        .unwrap();
    assert!(!sep.contains("agent"), "{sep}");
    assert!(text.contains("(2 agent-dependent)"), "{text}");
}

/// A lexicon of another conflict, written for this test.
const UA_RU: &str = r#"
[lexicon]
id = "ua-ru-agents"
version = "0.1.0"
lean = ["ua", "ru"]

[[sides]]
id = "ua"
label = "Ukrainian framing"

[[sides]]
id = "ru"
label = "Russian framing"

[[frames]]
id = "occupation"
label = "Occupation"
side = "ua"
side_by_agent = { ru = "ua", ua = "ru" }
default_side = "ua"
terms = [{ term = "occupy", inflect = "verb" }, { term = "occupation", forms = ["occupation"] }]

[[frames]]
id = "denazification"
label = "Denazification"
side = "ru"
terms = [{ term = "denazification", forms = ["denazification"] }]

[[actors]]
id = "russia"
name = "Russia"
side = "ru"
aliases = ["Russia", "Moscow", "Russian troops"]
adjectives = ["Russian"]

[[actors]]
id = "ukraine"
name = "Ukraine"
side = "ua"
aliases = ["Ukraine", "Kyiv", "Ukrainian troops"]
adjectives = ["Ukrainian"]
"#;

#[test]
fn another_conflict_uses_the_same_patterns_from_its_own_lexicon() {
    let lex = Lexicon::parse(UA_RU, "ua-ru.toml").unwrap();
    let a = Analyzer::with_default_rules(lex).unwrap();
    let one = |text: &str| {
        let h = hits_of(&a, text, "occupation");
        assert_eq!(h.len(), 1, "{text}");
        (
            h[0].agent.as_deref().map(String::from),
            h[0].side.as_deref().map(String::from),
        )
    };
    assert_eq!(
        one("Life under Russian occupation is hard."),
        (Some("russia".into()), Some("ua".into()))
    );
    assert_eq!(
        one("Moscow accused Kyiv of occupying Kursk villages."),
        (Some("ukraine".into()), Some("ru".into()))
    );
    assert_eq!(one("The occupied towns wait."), (None, Some("ua".into())));
    let d = hits_of(&a, "Russian denazification claims.", "denazification");
    assert_eq!(
        (d[0].agent.as_deref(), d[0].side.as_deref()),
        (None, Some("ru"))
    );
}

#[test]
fn agent_side_mistakes_are_one_line_errors_or_warnings() {
    let bad_side = UA_RU.replace(
        "side_by_agent = { ru = \"ua\", ua = \"ru\" }",
        "side_by_agent = { ru = \"ua\", xx = \"ru\" }",
    );
    let e = Lexicon::parse(&bad_side, "l.toml").unwrap_err().to_string();
    assert!(
        e.starts_with("l.toml:") && e.contains("unknown side \"xx\""),
        "{e}"
    );
    let no_map = UA_RU.replace("side_by_agent = { ru = \"ua\", ua = \"ru\" }\n", "");
    let e = Lexicon::parse(&no_map, "l.toml").unwrap_err().to_string();
    assert!(e.contains("default_side needs side_by_agent"), "{e}");
    let sideless = UA_RU
        .replace("side = \"ru\"\naliases", "aliases")
        .replace("side = \"ua\"\naliases", "aliases");
    let lex = Lexicon::parse(&sideless, "l.toml").unwrap();
    assert!(
        lex.warnings
            .iter()
            .any(|w| w.contains("no agent can change a side")),
        "{:?}",
        lex.warnings
    );
}

#[test]
fn a_bad_agent_pattern_in_a_language_file_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let lang = std::fs::read_to_string(root().join("lexicons/english.toml")).unwrap();
    let lang = lang.replace("\"ADJ-TERM\",", "\"ADJ-TERM-\",");
    let path = dir.path().join("lang.toml");
    std::fs::write(&path, lang).unwrap();
    let out = framescope()
        .args([
            "analyze",
            "corpus/karabakh-2020",
            "--no-sentiment",
            "--language",
        ])
        .arg(&path)
        .arg("--out")
        .arg(dir.path().join("run"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("lang.toml") && err.contains("agent pattern \"ADJ-TERM-\""),
        "{err}"
    );
}

/// Sentences written for framescope in the style of war coverage, each labelled with the side
/// its occupation and liberation words serve (`tests/fixtures/agent_sides.tsv`). With the
/// frame's fixed side, 23 of the 34 words are right; every word must be right with agents.
#[test]
fn written_war_sentences_get_the_labelled_side() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/agent_sides.tsv")).unwrap();
    let (mut words, mut right, mut fixed_right) = (0, 0, 0);
    for line in text.lines() {
        let (label, sentence) = line.split_once('\t').unwrap();
        for frame in ["occupation", "liberation"] {
            for h in hits_of(builtin(), &format!("Untitled\n{sentence}"), frame) {
                words += 1;
                right += usize::from(h.side.as_deref() == Some(label));
                fixed_right += usize::from(h.frame_side.as_deref() == Some(label));
            }
        }
    }
    assert_eq!((words, fixed_right), (34, 23));
    assert_eq!(right, words, "every word's side follows its agent");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 5000, ..Default::default() })]

    /// Sentences made only of the words and marks the agent patterns look at: no panic, and
    /// every agent-dependent hit's side is the one its agent (or the default) gives.
    #[test]
    fn agent_resolution_is_total_and_consistent(
        words in proptest::collection::vec(proptest::sample::select(vec![
            "Armenian", "Armenia's", "Azerbaijan", "Azerbaijani", "forces", "Baku", "Russian",
            "occupied", "occupation", "occupying", "liberated", "freed", "from", "by", "the",
            "of", "accused", "was", "has", "been", "to", "-", "'", "’s", "s'", ".", "\u{2011}",
            "“", "”", "territories", "", " ",
        ]), 0..24)
    ) {
        let text = format!("Title\n{}", words.join(" ").replace(" - ", "-"));
        let lex = &builtin().lexicon;
        let a = builtin().analyze_one(Document::new("1", "T", text.clone()));
        let sides: std::collections::HashMap<&str, Option<&str>> = lex
            .actors
            .iter()
            .map(|x| (x.id.as_str(), x.side.as_deref()))
            .collect();
        for h in &a.hits {
            let f = lex.frame(&h.frame).unwrap();
            if !f.is_agent_dependent() {
                proptest::prop_assert!(h.agent.is_none());
                proptest::prop_assert_eq!(h.side.as_deref(), f.side.as_deref());
                continue;
            }
            let agent_side = h.agent.as_deref().map(|id| sides[id]);
            proptest::prop_assert_eq!(h.agent_side.as_deref(), agent_side.flatten());
            proptest::prop_assert_eq!(h.side.as_deref(), f.side_for(agent_side), "{}", text);
        }
    }
}
