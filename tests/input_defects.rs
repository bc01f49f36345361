//! Input defects found in review: each test builds a small corpus (or text) that used to be
//! misread silently, and checks it is now read right, skipped with a reason, or an error naming
//! file and line.

mod common;

use common::{analyze_text, analyzer, doc, frames_in};
use framescope::clean::{clean, CleanRules};
use framescope::corpus::{self, Corpus, CorpusOptions, Entry, OutletFrom};
use framescope::types::{Document, Skip, Zone};
use std::io::Write;
use std::path::{Path, PathBuf};

fn rules() -> CleanRules {
    CleanRules::from_file(&common::root().join("lexicons/boilerplate.toml")).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Opens a corpus and reads every entry (the first error ends the stream).
fn read(path: &Path, opts: &CorpusOptions) -> anyhow::Result<(Corpus, Vec<Entry>)> {
    let mut c = corpus::open(path, opts)?;
    let entries = std::mem::replace(&mut c.entries, Box::new(std::iter::empty()));
    let all = entries.collect::<anyhow::Result<Vec<Entry>>>()?;
    Ok((c, all))
}

fn docs(entries: &[Entry]) -> Vec<&Document> {
    entries
        .iter()
        .filter_map(|e| match e {
            Entry::Doc(d) => Some(d),
            Entry::Skip(_) => None,
        })
        .collect()
}

fn skips(entries: &[Entry]) -> Vec<&Skip> {
    entries
        .iter()
        .filter_map(|e| match e {
            Entry::Skip(s) => Some(s),
            Entry::Doc(_) => None,
        })
        .collect()
}

fn skipping() -> CorpusOptions {
    CorpusOptions {
        skip_bad_rows: true,
        ..CorpusOptions::default()
    }
}

// ---------------------------------------------------------------- 1. unclosed CSV quote

fn csv_with_unclosed_quote(rows: usize) -> Vec<u8> {
    let mut s = String::from("id,outlet,text\n");
    s.push_str("r1,A,\"Fine text, quoted.\"\n");
    s.push_str("r2,A,\"This quote opens and never closes.\n");
    for i in 3..=rows {
        s.push_str(&format!("r{i},A,Plain text of row {i}.\n"));
    }
    s.into_bytes()
}

#[test]
fn csv_unclosed_quote_in_last_field_is_an_error_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "c.csv", &csv_with_unclosed_quote(1000));
    let err = read(&p, &CorpusOptions::default())
        .err()
        .expect("must be an error");
    let msg = format!("{err:#}");
    assert!(msg.contains("c.csv:3:"), "{msg}");
    assert!(msg.contains("quote"), "{msg}");
    assert!(!msg.contains('\n'), "{msg}");
}

#[test]
fn csv_unclosed_quote_row_is_skipped_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "c.csv", &csv_with_unclosed_quote(1000));
    let (_, entries) = read(&p, &skipping()).unwrap();
    let d = docs(&entries);
    assert_eq!(d.len(), 999);
    assert_eq!(d[0].id, "r1");
    assert_eq!(d[1].id, "r3");
    assert_eq!(d[1].text, "Plain text of row 3.");
    assert_eq!(d[1].source, format!("{}:4", p.display()));
    assert_eq!(d.last().unwrap().id, "r1000");
    let s = skips(&entries);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].source, format!("{}:3", p.display()));
    assert_eq!(s[0].kind.as_str(), "bad_row");
}

#[test]
fn csv_quote_closed_by_a_later_row_is_detected() {
    // Row 2's quote is closed by the quoted text of row 7: the record has the right number of
    // fields but swallows five rows.
    let dir = tempfile::tempdir().unwrap();
    let mut s = String::from("id,outlet,text\nr1,A,Fine.\nr2,A,\"Opens here.\n");
    for i in 3..=6 {
        s.push_str(&format!("r{i},A,Row {i}.\n"));
    }
    s.push_str("r7,A,\"Row 7, quoted.\"\nr8,A,Row 8.\n");
    let p = write(dir.path(), "c.csv", s.as_bytes());
    let msg = format!("{:#}", read(&p, &CorpusOptions::default()).err().unwrap());
    assert!(msg.contains("c.csv:3:"), "{msg}");
    let (_, entries) = read(&p, &skipping()).unwrap();
    let ids: Vec<&str> = docs(&entries).iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["r1", "r3", "r4", "r5", "r6", "r7", "r8"]);
}

#[test]
fn csv_legit_multiline_text_is_kept_whole() {
    let dir = tempfile::tempdir().unwrap();
    let s = "id,outlet,text\nr1,A,\"First paragraph.\n\nSecond, longer paragraph.\nThird.\"\nr2,B,Two.\n";
    let p = write(dir.path(), "c.csv", s.as_bytes());
    let (_, entries) = read(&p, &CorpusOptions::default()).unwrap();
    let d = docs(&entries);
    assert_eq!(d.len(), 2);
    assert_eq!(
        d[0].text,
        "First paragraph.\n\nSecond, longer paragraph.\nThird."
    );
    assert_eq!(d[1].source, format!("{}:6", p.display()));
}

// ---------------------------------------------------------------- 2. symlinks

#[test]
fn symlinked_files_and_folders_are_followed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    write(&root, "A/a.txt", b"Article a.");
    let outside = dir.path().join("outside");
    write(&outside, "B/b.txt", b"Article b.");
    write(&outside, "c.txt", b"Article c.");
    std::os::unix::fs::symlink(outside.join("B"), root.join("B")).unwrap();
    std::os::unix::fs::symlink(outside.join("c.txt"), root.join("A/c.txt")).unwrap();
    let opts = CorpusOptions {
        outlet_from: OutletFrom::Dir,
        ..CorpusOptions::default()
    };
    let (_, entries) = read(&root, &opts).unwrap();
    let got: Vec<(&str, &str)> = docs(&entries)
        .iter()
        .map(|d| (d.id.as_str(), d.outlet.as_str()))
        .collect();
    assert_eq!(got, [("a", "A"), ("c", "A"), ("b", "B")]);
    assert!(skips(&entries).is_empty());
}

#[test]
fn symlink_loops_and_dangling_links_are_skipped_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    write(&root, "A/a.txt", b"Article a.");
    std::os::unix::fs::symlink(&root, root.join("A/loop")).unwrap();
    std::os::unix::fs::symlink(root.join("nowhere.txt"), root.join("A/dead.txt")).unwrap();
    let opts = CorpusOptions {
        outlet_from: OutletFrom::Dir,
        ..CorpusOptions::default()
    };
    let (_, entries) = read(&root, &opts).unwrap();
    let ids: Vec<&str> = docs(&entries).iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a"]);
    let s = skips(&entries);
    assert_eq!(s.len(), 2, "{s:?}");
    assert!(s.iter().any(|s| s.reason.contains("loop")), "{s:?}");
    assert!(s.iter().any(|s| s.source.ends_with("dead.txt")), "{s:?}");
}

#[test]
fn a_symlink_to_a_file_already_in_the_corpus_is_not_counted_twice() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    write(&root, "a.txt", b"Article a.");
    std::os::unix::fs::symlink(root.join("a.txt"), root.join("b.txt")).unwrap();
    let opts = CorpusOptions {
        outlet_from: OutletFrom::Dir,
        ..CorpusOptions::default()
    };
    let (_, entries) = read(&root, &opts).unwrap();
    assert_eq!(docs(&entries).len(), 1);
    let s = skips(&entries);
    assert_eq!(s.len(), 1);
    assert!(s[0].reason.contains("a.txt"), "{s:?}");
}

#[test]
fn a_symlinked_file_listed_in_the_manifest_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    write(&root, "a.txt", b"Article a.");
    write(dir.path(), "outside/c.txt", b"Article c.");
    std::os::unix::fs::symlink(dir.path().join("outside/c.txt"), root.join("c.txt")).unwrap();
    write(&root, "manifest.csv", b"file,outlet\na.txt,A\nc.txt,C\n");
    let (c, entries) = read(&root, &CorpusOptions::default()).unwrap();
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    let got: Vec<(&str, &str)> = docs(&entries)
        .iter()
        .map(|d| (d.id.as_str(), d.outlet.as_str()))
        .collect();
    assert_eq!(got, [("a", "A"), ("c", "C")]);
}

// ---------------------------------------------------------------- 3. metadata collisions

fn assert_renamed(c: &Corpus, entries: &[Entry]) {
    assert_eq!(
        c.meta_columns,
        [
            "country",
            "meta_tokens",
            "meta_source",
            "meta_own_az",
            "meta_lean"
        ]
    );
    let d = docs(entries);
    assert_eq!(d[0].meta.get("meta_tokens").map(String::as_str), Some("7"));
    assert_eq!(d[0].meta.get("country").map(String::as_str), Some("TR"));
    assert!(!d[0].meta.contains_key("tokens"));
    assert!(
        c.warnings
            .iter()
            .any(|w| w.contains("`tokens`") && w.contains("meta_tokens")),
        "{:?}",
        c.warnings
    );
}

#[test]
fn csv_metadata_named_like_an_output_column_is_renamed() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "c.csv",
        b"id,outlet,text,country,tokens,source,own_az,lean\nr1,A,Text.,TR,7,wire,1,x\n",
    );
    let (c, entries) = read(&p, &CorpusOptions::default()).unwrap();
    assert_renamed(&c, &entries);
}

#[test]
fn jsonl_metadata_named_like_an_output_column_is_renamed() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "c.jsonl",
        br#"{"outlet":"A","text":"Text.","country":"TR","tokens":"7","source":"wire","own_az":"1","lean":"x"}"#,
    );
    let (mut c, entries) = read(&p, &CorpusOptions::default()).unwrap();
    // JSON objects have no column order: compare as sets.
    c.meta_columns.sort();
    let mut want = vec![
        "country",
        "meta_lean",
        "meta_own_az",
        "meta_source",
        "meta_tokens",
    ];
    want.sort();
    assert_eq!(c.meta_columns, want);
    let d = docs(&entries);
    assert_eq!(d[0].meta.get("meta_tokens").map(String::as_str), Some("7"));
    assert!(c.warnings.iter().any(|w| w.contains("meta_tokens")));
}

#[test]
fn manifest_metadata_named_like_an_output_column_is_renamed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", b"Article a.");
    write(
        dir.path(),
        "manifest.csv",
        b"file,outlet,country,tokens,source,own_az,lean\na.txt,A,TR,7,wire,1,x\n",
    );
    let (c, entries) = read(dir.path(), &CorpusOptions::default()).unwrap();
    assert_renamed(&c, &entries);
}

// ---------------------------------------------------------------- 4. other line breaks

#[test]
fn bare_cr_and_unicode_line_separators_split_paragraphs() {
    for sep in ["\r", "\u{2028}", "\u{2029}", "\u{85}", "\r\n"] {
        let text = format!(
            "The title{sep}Armenian forces occupied the town.{sep}Azerbaijan liberated the village.{sep}"
        );
        let d = doc(&text, true);
        let c = clean(&d, &rules());
        let got: Vec<(Zone, &str)> = c
            .segments
            .iter()
            .map(|s| (s.zone, &text[s.start..s.end]))
            .collect();
        assert_eq!(
            got,
            [
                (Zone::Title, "The title"),
                (Zone::Body, "Armenian forces occupied the town."),
                (Zone::Body, "Azerbaijan liberated the village."),
            ],
            "separator {sep:?}"
        );
    }
}

#[test]
fn hits_after_a_bare_cr_keep_offsets_into_the_original_text() {
    let a = analyzer();
    let text = "Ünïcödé line\r“quoted” text\rAzerbaijan’s forces liberated Füzuli.\u{2028}It was occupied.";
    let r = analyze_text(&a, text);
    let chars: Vec<char> = text.chars().collect();
    assert!(r.evidence.len() >= 2, "{:?}", r.evidence);
    for e in &r.evidence {
        let slice: String = chars[e.char_start..e.char_end].iter().collect();
        assert_eq!(slice, e.matched);
    }
    // A quote left open would run to the paragraph end; with CR as a break it stops there.
    let r = analyze_text(&a, "He said “they are gone\rThe army occupied the town.");
    assert!(
        r.hits
            .iter()
            .any(|h| h.frame.as_ref() == "occupation" && h.voice.as_str() == "own"),
        "{:?}",
        r.hits
    );
}

// ---------------------------------------------------------------- 5. invisible characters

#[test]
fn invisible_characters_inside_words_do_not_hide_hits() {
    let a = analyzer();
    for mark in [
        "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FE0F}", "\u{FE00}", "\u{FEFF}",
    ] {
        let text = format!("Troops left the occ{mark}upied Karabakh region.");
        let hits = frames_in(&a, &text);
        assert!(
            hits.contains(&("occupation".into(), format!("occ{mark}upied"))),
            "mark {mark:?}: {hits:?}"
        );
    }
}

#[test]
fn a_soft_hyphen_is_a_word_break_like_a_hyphen() {
    let a = analyzer();
    let text = "Armenian\u{AD}backed separatists fired rockets.";
    let hits = frames_in(&a, text);
    assert!(
        hits.contains(&("proxy_label".into(), "Armenian\u{AD}backed".into())),
        "{hits:?}"
    );
    let chars: Vec<char> = text.chars().collect();
    for e in &analyze_text(&a, text).evidence {
        let slice: String = chars[e.char_start..e.char_end].iter().collect();
        assert_eq!(slice, e.matched);
    }
}

#[test]
fn fullwidth_letters_fold_to_ascii() {
    let a = analyzer();
    let text =
        "Ｔｒｏｏｐｓ left the ｏｃｃｕｐｉｅｄ Karabakh region; ＳＥＰＡＲＡＴＩＳＴＳ fired.";
    let r = analyze_text(&a, text);
    let frames: Vec<&str> = r.hits.iter().map(|h| h.frame.as_ref()).collect();
    assert!(frames.contains(&"occupation"), "{frames:?}");
    assert!(frames.contains(&"separatist_label"), "{frames:?}");
    let chars: Vec<char> = text.chars().collect();
    for e in &r.evidence {
        let slice: String = chars[e.char_start..e.char_end].iter().collect();
        assert_eq!(slice, e.matched);
    }
}

// ---------------------------------------------------------------- 6. JSONL field types

#[test]
fn jsonl_non_string_text_outlet_or_title_is_a_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"outlet":"A","text":"Good."}"#,
        r#"{"outlet":"A","text":12}"#,
        r#"{"outlet":["A"],"text":"Array outlet."}"#,
        r#"{"outlet":"A","text":"Object title.","title":{"a":1}}"#,
        r#"{"outlet":"A","text":true}"#,
        r#"{"outlet":"A","text":"Good too.","id":7}"#,
    ];
    let p = write(dir.path(), "c.jsonl", lines.join("\n").as_bytes());
    let (_, entries) = read(&p, &CorpusOptions::default()).unwrap();
    let d = docs(&entries);
    assert_eq!(d.len(), 2);
    assert_eq!(d[1].id, "7");
    let s = skips(&entries);
    let reasons: Vec<(&str, &str)> = s
        .iter()
        .map(|s| (s.source.rsplit(':').next().unwrap(), s.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 4, "{reasons:?}");
    assert!(
        reasons[0].0 == "2" && reasons[0].1.contains("`text`") && reasons[0].1.contains("number")
    );
    assert!(
        reasons[1].0 == "3" && reasons[1].1.contains("`outlet`") && reasons[1].1.contains("array")
    );
    assert!(
        reasons[2].0 == "4" && reasons[2].1.contains("`title`") && reasons[2].1.contains("object")
    );
    assert!(reasons[3].0 == "5" && reasons[3].1.contains("boolean"));
    assert!(s.iter().all(|s| s.kind.as_str() == "bad_row"));
}

// ---------------------------------------------------------------- 7. embeds

#[test]
fn a_long_paragraph_with_a_twitter_link_stays_body() {
    let body =
        "Armenian forces occupied the town, officials said, and the shelling went on. ".repeat(12);
    let text = format!("Title\n{body} pic.twitter.com/AbC123xyz\n");
    let d = doc(&text, true);
    let c = clean(&d, &rules());
    assert_eq!(c.segments.len(), 2);
    assert_eq!(c.segments[1].zone, Zone::Body);
    // A single-line article: no title, one long paragraph.
    let a = analyzer();
    let r = analyze_text(&a, &format!("{body}pic.twitter.com/AbC123xyz"));
    assert!(!r.hits.is_empty());
    assert!(r.hits.iter().all(|h| h.zone == Zone::Body), "{:?}", r.hits);
    // A signature line does not pull a long paragraph into the embed either.
    let text = format!("Title\n{body}\n— Some Official (@official) October 3, 2020\n");
    let z: Vec<Zone> = clean(&doc(&text, true), &rules())
        .segments
        .iter()
        .map(|s| s.zone)
        .collect();
    assert_eq!(z, [Zone::Title, Zone::Body, Zone::Embed]);
}

// ---------------------------------------------------------------- 8. line ends, encodings, BOM

#[test]
fn csv_line_numbers_with_crlf_and_bare_cr() {
    for eol in ["\r\n", "\r"] {
        let dir = tempfile::tempdir().unwrap();
        let s = [
            "id,outlet,text",
            "r1,A,One.",
            "r2,A,Two.",
            "r3,A",
            "r4,A,Four.",
        ]
        .join(eol);
        let p = write(dir.path(), "c.csv", s.as_bytes());
        let (_, entries) = read(&p, &skipping()).unwrap();
        let d = docs(&entries);
        let sources: Vec<String> = d.iter().map(|d| d.source.clone()).collect();
        let f = p.display();
        assert_eq!(
            sources,
            [format!("{f}:2"), format!("{f}:3"), format!("{f}:5")],
            "eol {eol:?}"
        );
        assert_eq!(d[0].text, "One.");
        let msg = format!("{:#}", read(&p, &CorpusOptions::default()).err().unwrap());
        assert!(msg.contains("c.csv:4:"), "eol {eol:?}: {msg}");
    }
}

fn latin1() -> CorpusOptions {
    CorpusOptions {
        encoding: encoding_rs::Encoding::for_label(b"latin1"),
        ..CorpusOptions::default()
    }
}

#[test]
fn encoding_applies_to_csv_jsonl_and_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "c.csv",
        b"id,outlet,text\nr1,Le Monde,Caf\xe9 occup\xe9.\n",
    );
    let (_, e) = read(&p, &latin1()).unwrap();
    assert_eq!(docs(&e)[0].text, "Café occupé.");
    let p = write(
        dir.path(),
        "c.jsonl",
        b"{\"outlet\":\"A\",\"text\":\"Caf\xe9.\"}\n",
    );
    let (_, e) = read(&p, &latin1()).unwrap();
    assert_eq!(docs(&e)[0].text, "Café.");
    let root = dir.path().join("m");
    write(&root, "a.txt", b"Article.");
    write(
        &root,
        "manifest.csv",
        b"file,outlet\na.txt,Le Pr\xe9sident\n",
    );
    let (_, e) = read(&root, &latin1()).unwrap();
    assert_eq!(docs(&e)[0].outlet, "Le Président");
}

#[test]
fn jsonl_with_a_utf8_bom_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "c.jsonl",
        b"\xef\xbb\xbf{\"outlet\":\"A\",\"text\":\"One.\"}\n{\"outlet\":\"B\",\"text\":\"Two.\"}\n",
    );
    let (_, e) = read(&p, &CorpusOptions::default()).unwrap();
    let d = docs(&e);
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].outlet, "A");
}

// ---------------------------------------------------------------- 9. manifest paths

#[test]
fn manifest_paths_with_dot_slash_and_backslashes_match() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", b"Article a.");
    write(dir.path(), "sub/b.txt", b"Article b.");
    write(dir.path(), "sub/deep/c.txt", b"Article c.");
    write(
        dir.path(),
        "manifest.csv",
        b"file,outlet\n./a.txt,A\nsub\\b.txt,B\n.\\sub\\deep//c.txt,C\n",
    );
    let (c, e) = read(dir.path(), &CorpusOptions::default()).unwrap();
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    let got: Vec<(&str, &str)> = docs(&e)
        .iter()
        .map(|d| (d.id.as_str(), d.outlet.as_str()))
        .collect();
    assert_eq!(got, [("a", "A"), ("b", "B"), ("c", "C")]);
    assert!(skips(&e).is_empty());
}

// ---------------------------------------------------------------- 10. oversized documents

const HUGE_ENV: &str = "FRAMESCOPE_TEST_HUGE_JSONL";
const HUGE_MAX_ENV: &str = "FRAMESCOPE_TEST_HUGE_MAX";

/// Peak resident memory of this process, in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kb * 1024
}

/// Run in a child process by the test below: reads the huge file, prints what it saw.
#[test]
#[ignore = "run by huge_jsonl_line_is_skipped_without_reading_it_whole"]
fn huge_jsonl_child() {
    let Ok(path) = std::env::var(HUGE_ENV) else {
        return;
    };
    let max =
        std::env::var(HUGE_MAX_ENV).map_or(corpus::DEFAULT_MAX_DOC_BYTES, |m| m.parse().unwrap());
    let mut c = corpus::open_limited(Path::new(&path), &CorpusOptions::default(), max).unwrap();
    let entries = std::mem::replace(&mut c.entries, Box::new(std::iter::empty()))
        .collect::<anyhow::Result<Vec<Entry>>>()
        .unwrap();
    let summary: Vec<String> = entries
        .iter()
        .map(|e| match e {
            Entry::Doc(d) => format!("doc:{}", d.id),
            Entry::Skip(s) => format!("skip:{}", s.kind.as_str()),
        })
        .collect();
    println!("ENTRIES={}", summary.join(","));
    println!("VMHWM={}", peak_rss());
}

/// Runs [`huge_jsonl_child`] on `path` (with cap `max`, if given): (entries, peak RSS).
fn read_in_child(path: &Path, max: Option<usize>) -> (String, u64) {
    let mut cmd = std::process::Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "huge_jsonl_child",
        "--exact",
        "--include-ignored",
        "--nocapture",
    ])
    .env(HUGE_ENV, path);
    if let Some(m) = max {
        cmd.env(HUGE_MAX_ENV, m.to_string());
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let field = |k: &str| {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(k))
            .unwrap_or_else(|| panic!("no {k} in {stdout}"))
            .to_string()
    };
    (field("ENTRIES="), field("VMHWM=").parse().unwrap())
}

/// Writes `head`, then `filler` repeated to over 120 MB, then `tail`.
fn write_huge(path: &Path, head: &str, tail: &str) -> u64 {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    f.write_all(head.as_bytes()).unwrap();
    let chunk = "occupied ".repeat(1 << 17); // 1.1 MB
    for _ in 0..110 {
        f.write_all(chunk.as_bytes()).unwrap();
    }
    f.write_all(tail.as_bytes()).unwrap();
    drop(f);
    let size = std::fs::metadata(path).unwrap().len();
    assert!(size > 120_000_000);
    size
}

#[test]
fn huge_jsonl_line_is_skipped_without_reading_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.jsonl");
    let size = write_huge(
        &path,
        "{\"id\":\"a\",\"outlet\":\"A\",\"text\":\"Small one.\"}\n{\"id\":\"big\",\"outlet\":\"A\",\"text\":\"",
        "\"}\n{\"id\":\"b\",\"outlet\":\"B\",\"text\":\"Small two.\"}\n",
    );
    // The default cap is 50 MB: the reader may hold up to that much of the line, never all.
    let (entries, peak) = read_in_child(&path, None);
    assert_eq!(entries, "doc:a,skip:too_large,doc:b");
    assert!(
        peak * 10 < size * 6,
        "peak RSS {peak} for a {size}-byte file"
    );
    // With a 10 MB cap, memory stays near 10 MB.
    let (entries, peak) = read_in_child(&path, Some(10_000_000));
    assert_eq!(entries, "doc:a,skip:too_large,doc:b");
    assert!(peak * 4 < size, "peak RSS {peak} for a {size}-byte file");
}

#[test]
fn huge_csv_row_is_skipped_without_reading_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.csv");
    let size = write_huge(
        &path,
        "id,outlet,text\na,A,Small one.\nbig,A,\"Quoted, ",
        "\"\nb,B,Small two.\n",
    );
    let (entries, peak) = read_in_child(&path, Some(10_000_000));
    assert_eq!(entries, "doc:a,skip:too_large,doc:b");
    assert!(peak * 4 < size, "peak RSS {peak} for a {size}-byte file");
}

#[test]
fn max_doc_bytes_skips_large_files_and_rows() {
    let dir = tempfile::tempdir().unwrap();
    let big = "Armenian forces occupied the town. ".repeat(100);
    let opts = CorpusOptions::default();
    let open = |p: &Path| {
        let mut c = corpus::open_limited(p, &opts, 1000).unwrap();
        let e = std::mem::replace(&mut c.entries, Box::new(std::iter::empty()));
        e.collect::<anyhow::Result<Vec<Entry>>>().unwrap()
    };
    let root = dir.path().join("d");
    write(&root, "a.txt", b"Small.");
    write(&root, "b.txt", big.as_bytes());
    write(&root, "manifest.csv", b"file,outlet\na.txt,A\nb.txt,B\n");
    let csv = write(
        dir.path(),
        "c.csv",
        format!("outlet,text\nA,Small.\nB,{big}\nC,Small.\n").as_bytes(),
    );
    let jsonl = write(
        dir.path(),
        "c.jsonl",
        format!(
            "{{\"outlet\":\"A\",\"text\":\"{big}\"}}\n{{\"outlet\":\"B\",\"text\":\"Small.\"}}\n"
        )
        .as_bytes(),
    );
    for (p, docs_want, line) in [(&root, 1, "b.txt"), (&csv, 2, ":3"), (&jsonl, 1, ":1")] {
        let e = open(p);
        assert_eq!(docs(&e).len(), docs_want, "{}", p.display());
        let s = skips(&e);
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!(s[0].kind.as_str(), "too_large");
        assert!(s[0].source.ends_with(line), "{s:?}");
        assert!(s[0].reason.contains("1000"), "{s:?}");
    }
}

#[test]
fn csv_and_jsonl_from_a_pipe_are_read() {
    for (name, content) in [
        ("p.csv", "\u{feff}outlet,text\nA,One.\nB,Two.\n"),
        ("p.jsonl", "\u{feff}{\"outlet\":\"A\",\"text\":\"One.\",\"country\":\"TR\"}\n{\"outlet\":\"B\",\"text\":\"Two.\"}\n"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join(name);
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        let (f, text) = (fifo.clone(), content.to_string());
        let writer = std::thread::spawn(move || std::fs::write(f, text).unwrap());
        let (_, e) = read(&fifo, &CorpusOptions::default()).unwrap();
        writer.join().unwrap();
        let outlets: Vec<&str> = docs(&e).iter().map(|d| d.outlet.as_str()).collect();
        assert_eq!(outlets, ["A", "B"], "{name}");
    }
}
