//! Deterministic benchmark corpus generator: synthetic news articles about the 2020
//! Nagorno-Karabakh war, for timing `framescope analyze` at scale and checking it end to end.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --articles N --outlets K --seed S --out PATH \
//!     [--format jsonl|csv|dir] [--lexicon lexicons/karabakh-2020.toml]
//! ```
//!
//! - `jsonl` (default): one object per line, fields `id`, `outlet`, `title`, `text`, `published`
//!   (`text` without the title). `csv`: the same columns. `dir`: a new folder of `<id>.txt` files
//!   (title on the first line) and a `manifest.csv` (`file`, `outlet`, `published`).
//! - Articles: a title, then paragraphs of 1-3 sentences separated by blank lines. Body length is
//!   log-normal (median ~550 words, ~5 % over 1,500, clamped to 120-4,000). Sentences come from
//!   hand-written template banks (military, diplomacy, humanitarian, economy, reactions,
//!   background, casualties, international bodies, filler) with slots for places, actors,
//!   numbers and dates. The plain templates contain no lexicon form, so every framing hit comes
//!   from a term the generator inserted on purpose.
//! - Framing terms are the `forms` of the lexicon's frames, read at run time. A form's grammar
//!   (noun phrase, adjective, verb family, place name, hashtag) is guessed from the lexicon itself
//!   and picks the templates it can fill; context conditions (`followed_by`) are satisfied.
//! - Outlets are named `Outlet 01 Daily`, `Outlet 02 Herald` ... and their profiles cycle
//!   az-leaning, am-leaning, neutral wire, mixed (outlet 1 az, 2 am, 3 wire, 4 mixed, 5 az ...),
//!   "az"/"am" being the lexicon's two `lean` sides. A profile sets the own-voice rate of each
//!   side's terms (about 0.5-6 per 1,000 words in all) and of unaligned terms.
//! - About 20 % of sentences are quotes in several attribution styles, with curly or straight
//!   double quotes; quoted speakers come from both sides whatever the outlet, so quoted framing
//!   does not follow the outlet's lean.
//! - Zones the cleaner knows (`lexicons/boilerplate.toml`): photo captions with credits (~30 % of
//!   articles), `Read more:` teasers and `READ MORE:` lists (~25 %), tweet embeds (~5 %), site
//!   boilerplate that the drop rules remove, and now and then a paragraph printed twice.
//!
//! The same arguments give the same bytes: one ChaCha8 stream seeded from `--seed` drives every
//! choice, in article order, and no hash-map order, clock or thread affects the output. Output is
//! streamed through a buffered writer, so memory stays flat whatever `--articles` is. A one-line
//! summary goes to stderr.

use anyhow::{bail, Context, Result};
use clap::{Parser, ValueEnum};
use framescope::lexicon::{Lexicon, Term};
use framescope::tokenize::normalize_phrase;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

type Rng = ChaCha8Rng;

/// Used when `--lexicon` is not given and `lexicons/karabakh-2020.toml` is not in the current folder.
const BUILTIN_LEXICON: &str = include_str!("../lexicons/karabakh-2020.toml");
const DEFAULT_LEXICON: &str = "lexicons/karabakh-2020.toml";

#[derive(Parser, Debug)]
#[command(
    name = "gen_corpus",
    about = "Writes a deterministic synthetic corpus of news articles for framescope benchmarks"
)]
struct Cli {
    /// Number of articles.
    #[arg(long, value_name = "N")]
    articles: u64,
    /// Number of outlets (profiles cycle az-leaning, am-leaning, neutral wire, mixed).
    #[arg(long, value_name = "K")]
    outlets: u64,
    /// Seed of the random stream; the same arguments give the same bytes.
    #[arg(long, value_name = "S")]
    seed: u64,
    /// Output file (jsonl, csv) or new folder (dir).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    /// Output layout.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// Lexicon whose frames' forms are inserted [default: lexicons/karabakh-2020.toml].
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Jsonl,
    Csv,
    Dir,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Dir => "dir",
        }
    }
}

fn main() {
    if let Err(e) = run() {
        // `{:#}` keeps anyhow's context chain on one line.
        eprintln!("gen_corpus: error: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) if !e.use_stderr() => e.exit(), // --help, --version
        Err(e) => bail!("{}", clap_one_line(&e.to_string())),
    };
    check_args(&cli)?;
    let lexicon = load_lexicon(cli.lexicon.as_deref())?;
    let start = Instant::now();
    let mut rng = Rng::seed_from_u64(cli.seed);
    let gen = Generator::new(&lexicon)?;
    let outlets = make_outlets(&mut rng, cli.outlets as usize);
    let total_weight: f64 = outlets.iter().map(|o| o.weight).sum();
    let mut sink = Sink::create(&cli.out, cli.format)?;
    let id_width = digits(cli.articles).max(6);
    let mut words = 0u64;
    let mut article = Article::default();
    for i in 0..cli.articles {
        // The first K articles go round-robin so every outlet appears; the rest by outlet weight.
        let o = if i < outlets.len() as u64 {
            i as usize
        } else {
            pick_weighted(&mut rng, &outlets, total_weight)
        };
        let id = format!("gen-{:0id_width$}", i + 1);
        gen.article(&mut rng, &outlets[o], &mut article);
        words += article.words;
        sink.write(&id, &outlets[o].name, &article)
            .with_context(|| format!("{}: cannot write", cli.out.display()))?;
    }
    let bytes = sink
        .finish()
        .with_context(|| format!("{}: cannot write", cli.out.display()))?;
    eprintln!(
        "gen_corpus: {} articles, {} outlets, {} words, {} bytes, {:.2} s -> {}",
        cli.articles,
        outlets.len(),
        words,
        bytes,
        start.elapsed().as_secs_f64(),
        cli.out.display()
    );
    Ok(())
}

/// clap's message without its usage footer, on one line.
fn clap_one_line(msg: &str) -> String {
    let head = msg.split("\n\n").next().unwrap_or(msg);
    let head = head.trim().trim_start_matches("error: ");
    head.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_args(cli: &Cli) -> Result<()> {
    if cli.articles == 0 || cli.articles > 100_000_000 {
        bail!(
            "--articles must be between 1 and 100000000 (got {})",
            cli.articles
        );
    }
    if cli.outlets == 0 || cli.outlets > 9999 {
        bail!("--outlets must be between 1 and 9999 (got {})", cli.outlets);
    }
    if cli.outlets > cli.articles {
        bail!(
            "--outlets ({}) must not exceed --articles ({}): every outlet needs an article",
            cli.outlets,
            cli.articles
        );
    }
    let out = &cli.out;
    // framescope picks the reader from the extension, so a mismatch would be misread later.
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase);
    let clash = matches!(
        (cli.format, ext.as_deref()),
        (Format::Jsonl, Some("csv")) | (Format::Csv, Some("jsonl" | "ndjson" | "json"))
    );
    if clash {
        bail!(
            "--out {}: the extension does not match --format {} (framescope reads the format from the extension)",
            out.display(),
            cli.format.name()
        );
    }
    match cli.format {
        Format::Dir => {
            if out.is_file() {
                bail!(
                    "--out {}: is a file; --format dir needs a folder",
                    out.display()
                );
            }
            // Old `.txt` files would be unlisted in the new manifest and skipped by framescope.
            if out.is_dir()
                && std::fs::read_dir(out)
                    .with_context(|| format!("{}: cannot list", out.display()))?
                    .next()
                    .is_some()
            {
                bail!(
                    "--out {}: folder exists and is not empty; give a new or empty folder",
                    out.display()
                );
            }
        }
        Format::Jsonl | Format::Csv => {
            if out.is_dir() {
                bail!(
                    "--out {}: is a folder; --format {} writes a file",
                    out.display(),
                    cli.format.name()
                );
            }
        }
    }
    Ok(())
}

fn load_lexicon(path: Option<&Path>) -> Result<Lexicon> {
    let lex = match path {
        Some(p) => Lexicon::from_file(p).map_err(|e| anyhow::anyhow!("{e}"))?,
        None if Path::new(DEFAULT_LEXICON).is_file() => {
            Lexicon::from_file(Path::new(DEFAULT_LEXICON)).map_err(|e| anyhow::anyhow!("{e}"))?
        }
        None => Lexicon::parse(BUILTIN_LEXICON, "built-in karabakh-2020.toml")
            .map_err(|e| anyhow::anyhow!("{e}"))?,
    };
    if lex.frames.is_empty() {
        bail!("{}: the lexicon has no frames", lex.source);
    }
    Ok(lex)
}

fn digits(n: u64) -> usize {
    n.to_string().len()
}

// ------------------------------------------------------------------------------------------
// Random helpers

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn push_pick<T: AsRef<str>>(out: &mut String, rng: &mut Rng, items: &[T]) {
    out.push_str(pick(rng, items).as_ref());
}

fn chance(rng: &mut Rng, p: f64) -> bool {
    rng.random::<f64>() < p
}

fn normal(rng: &mut Rng) -> f64 {
    // Box-Muller; 1 - u keeps the logarithm finite.
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn pick_weighted(rng: &mut Rng, outlets: &[Outlet], total: f64) -> usize {
    let mut x = rng.random::<f64>() * total;
    for (i, o) in outlets.iter().enumerate() {
        if x < o.weight {
            return i;
        }
        x -= o.weight;
    }
    outlets.len() - 1
}

// ------------------------------------------------------------------------------------------
// Outlets

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Profile {
    AzLeaning,
    AmLeaning,
    Wire,
    Mixed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marks {
    Curly,
    Straight,
    Both,
}

/// Side indices used throughout: the lexicon's two `lean` sides, then everything unaligned.
const AZ: usize = 0;
const AM: usize = 1;
const NEUTRAL: usize = 2;

struct Outlet {
    name: String,
    profile: Profile,
    /// Own-voice insertions per 1,000 words, by side (az, am, unaligned).
    rates: [f64; 3],
    quote_share: f64,
    marks: Marks,
    weight: f64,
    /// House habits, fixed per outlet so its pages look alike.
    banner: bool,
    desk: Option<String>,
    footer: Vec<&'static str>,
    dateline: bool,
    bylines: bool,
}

const OUTLET_SUFFIXES: [&str; 7] = [
    "Daily", "Herald", "Wire", "Review", "Courier", "Gazette", "Observer",
];

fn make_outlets(rng: &mut Rng, k: usize) -> Vec<Outlet> {
    let width = digits(k as u64).max(2);
    (0..k)
        .map(|i| {
            let suffix = OUTLET_SUFFIXES[i % OUTLET_SUFFIXES.len()];
            let profile = [
                Profile::AzLeaning,
                Profile::AmLeaning,
                Profile::Wire,
                Profile::Mixed,
            ][i % 4];
            let (base, quote_share): ([f64; 3], f64) = match profile {
                Profile::AzLeaning => ([3.2, 0.25, 1.0], 0.18),
                Profile::AmLeaning => ([0.25, 3.2, 1.0], 0.18),
                Profile::Wire => ([0.2, 0.2, 0.6], 0.27),
                Profile::Mixed => ([1.3, 1.3, 0.9], 0.2),
            };
            let rates = base.map(|r| r * rng.random_range(0.75..1.25));
            let marks = *pick(rng, &[Marks::Curly, Marks::Straight, Marks::Both]);
            let weight = rng.random_range(0.5..1.5);
            let n_footer = rng.random_range(0..=3);
            let footer = (0..n_footer).map(|_| *pick(rng, FOOTER_LINES)).collect();
            let wire = profile == Profile::Wire;
            Outlet {
                name: format!("Outlet {:0width$} {suffix}", i + 1),
                profile,
                rates,
                quote_share,
                marks,
                weight,
                banner: chance(rng, 0.3),
                desk: chance(rng, 0.3).then(|| format!("{suffix} News Desk")),
                footer,
                dateline: wire || chance(rng, 0.2),
                bylines: wire || chance(rng, 0.25),
            }
        })
        .collect()
}

// ------------------------------------------------------------------------------------------
// Templates

/// A slot in a template. `{T}` is the framing term; the others are filled from the banks below.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Place,
    Front,
    City,
    Az,
    Am,
    Intl,
    N,
    Big,
    Pct,
    Day,
    Date,
    Nth,
    T,
}

#[derive(Debug)]
enum Piece {
    Lit(&'static str),
    Slot(Slot),
}

#[derive(Debug)]
struct Tpl {
    pieces: Vec<Piece>,
    /// Has a `{place}` or `{front}` slot, so a place-name form can stand in for it.
    placey: bool,
}

fn parse_tpl(s: &'static str) -> Result<Tpl> {
    let mut pieces = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(Piece::Lit(&rest[..open]));
        }
        let close = rest[open..]
            .find('}')
            .with_context(|| format!("template {s:?}: unclosed slot"))?
            + open;
        let slot = match &rest[open + 1..close] {
            "place" => Slot::Place,
            "front" => Slot::Front,
            "city" => Slot::City,
            "az" => Slot::Az,
            "am" => Slot::Am,
            "intl" => Slot::Intl,
            "n" => Slot::N,
            "big" => Slot::Big,
            "pct" => Slot::Pct,
            "day" => Slot::Day,
            "date" => Slot::Date,
            "nth" => Slot::Nth,
            "T" => Slot::T,
            other => bail!("template {s:?}: unknown slot {{{other}}}"),
        };
        pieces.push(Piece::Slot(slot));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Lit(rest));
    }
    let placey = pieces
        .iter()
        .any(|p| matches!(p, Piece::Slot(Slot::Place | Slot::Front)));
    Ok(Tpl { pieces, placey })
}

fn parse_all(list: &[&'static str]) -> Result<Vec<Tpl>> {
    list.iter().map(|s| parse_tpl(s)).collect()
}

/// Verb templates by object kind and inflection: [territory, deal] x [base, -s, -ed, -ing].
type VerbLists<'a> = [&'a [&'static str]; 8];

/// Templates for one kind of text (own-voice sentence, quote, headline ...), by the grammar of
/// the framing term they can take.
#[derive(Default)]
struct Bank {
    plain: Vec<Tpl>,
    /// Ranges of `plain` per topic (own-voice sentences keep a paragraph on one topic).
    topics: Vec<(usize, usize)>,
    placey: Vec<usize>,
    np: Vec<Tpl>,
    pred: Vec<Tpl>,
    tag: Vec<Tpl>,
    verb: [Vec<Tpl>; 8],
}

impl Bank {
    fn new(
        topics: &[&[&'static str]],
        np: &[&'static str],
        pred: &[&'static str],
        tag: &[&'static str],
        verb: VerbLists,
    ) -> Result<Bank> {
        let mut bank = Bank::default();
        for list in topics {
            let start = bank.plain.len();
            bank.plain.extend(parse_all(list)?);
            bank.topics.push((start, bank.plain.len()));
        }
        bank.placey = (0..bank.plain.len())
            .filter(|&i| bank.plain[i].placey)
            .collect();
        bank.np = parse_all(np)?;
        bank.pred = parse_all(pred)?;
        bank.tag = parse_all(tag)?;
        for (slot, list) in bank.verb.iter_mut().zip(verb) {
            *slot = parse_all(list)?;
        }
        Ok(bank)
    }

    fn templates(&self, class: Class) -> &[Tpl] {
        match class {
            Class::Np => &self.np,
            Class::Pred => &self.pred,
            Class::Tag => &self.tag,
            Class::Place => &self.plain, // through `placey`
            Class::Verb { deal, infl } => &self.verb[deal as usize * 4 + infl as usize],
        }
    }

    fn accepts(&self, class: Class) -> bool {
        match class {
            Class::Place => !self.placey.is_empty(),
            c => !self.templates(c).is_empty(),
        }
    }
}

// ------------------------------------------------------------------------------------------
// Framing terms from the lexicon

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Infl {
    Base = 0,
    S = 1,
    Ed = 2,
    Ing = 3,
}

/// How a form can be used in a sentence, guessed from the lexicon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// A noun phrase (adjectives get a noun appended and become one).
    Np,
    /// A predicate set off by commas: "internationally recognized as part of Azerbaijan".
    Pred,
    /// A place name: it replaces a `{place}`/`{front}` slot of a plain template.
    Place,
    /// A CamelCase hashtag.
    Tag,
    /// A member of a verb family (occupy, occupies, occupied, occupying); `deal` verbs take
    /// objects like "a prisoner exchange" instead of territory.
    Verb { deal: bool, infl: Infl },
}

struct FormChoice {
    class: Class,
    /// Text to insert (one picked at random), e.g. the form plus a required following word.
    heads: Vec<String>,
    /// Verbs only: what follows the object (" from Armenian control" for `followed_by = from`).
    tails: Vec<String>,
}

struct FramePool {
    terms: Vec<Vec<FormChoice>>,
}

/// Verbs whose object is an agreement, not a place.
const DEAL_VERBS: [&str; 6] = ["negotiate", "mediate", "broker", "discuss", "sign", "agree"];

fn is_word_lower(s: &str) -> bool {
    !s.is_empty() && !s.contains(' ') && s.chars().all(|c| c.is_lowercase() || c == '-')
}

/// The base of a regular verb family among a term's forms: `b` with `b`+ed and `b`+ing forms.
fn verb_base(forms: &[String]) -> Option<String> {
    let has = |f: &str| forms.iter().any(|x| x == f);
    forms.iter().filter(|b| is_word_lower(b)).find_map(|b| {
        let stem_e = b.strip_suffix('e');
        let stem_y = b.strip_suffix('y');
        let ed = has(&format!("{b}ed"))
            || (stem_e.is_some() && has(&format!("{b}d")))
            || stem_y.is_some_and(|s| has(&format!("{s}ied")));
        let ing = has(&format!("{b}ing")) || stem_e.is_some_and(|s| has(&format!("{s}ing")));
        (ed && ing).then(|| b.clone())
    })
}

fn inflection(form: &str, base: &str) -> Option<Infl> {
    let stem_e = base.strip_suffix('e').unwrap_or(base);
    let stem_y = base.strip_suffix('y');
    if form == base {
        Some(Infl::Base)
    } else if form == format!("{base}s")
        || form == format!("{base}es")
        || stem_y.is_some_and(|s| form == format!("{s}ies"))
    {
        Some(Infl::S)
    } else if form == format!("{base}ed")
        || form == format!("{base}d")
        || stem_y.is_some_and(|s| form == format!("{s}ied"))
    {
        Some(Infl::Ed)
    } else if form == format!("{base}ing") || form == format!("{stem_e}ing") {
        Some(Infl::Ing)
    } else {
        None
    }
}

/// Nouns an adjective form is completed with, by the adjective's ending.
fn adjective_nouns(form: &str) -> Option<&'static [&'static str]> {
    let last = form
        .rsplit([' ', '-'])
        .next()
        .unwrap_or(form)
        .to_lowercase();
    let first = form.split(' ').next().unwrap_or(form);
    let hyphenated = form.contains('-') && !form.contains(' ');
    let demonym = form.contains(' ')
        && form.rsplit(' ').next().is_some_and(|w| {
            w.starts_with(char::is_uppercase)
                && ["ian", "ani", "ish", "ese"].iter().any(|s| w.ends_with(s))
        });
    if ["populated", "majority", "inhabited", "dominated"].contains(&last.as_str())
        || (first.ends_with("ly") && form.contains(' '))
        || demonym
    {
        Some(&["region", "enclave", "villages", "community"])
    } else if hyphenated && (last.ends_with("ed") || last == "led") {
        Some(&["forces", "fighters", "troops", "units"])
    } else if is_word_lower(form) && form.ends_with("al") {
        Some(&["campaign", "policy", "rhetoric"])
    } else if is_word_lower(form) && form.ends_with("ed") {
        Some(&["soldiers", "prisoners"])
    } else {
        None
    }
}

struct LexiconPools {
    /// Frames by side (az, am, unaligned).
    sides: [Vec<FramePool>; 3],
    /// Hashtag forms by side, for tweet embeds.
    tags: [Vec<String>; 3],
}

impl LexiconPools {
    fn new(lex: &Lexicon, cased: &BTreeMap<String, String>, aliases: &[String]) -> LexiconPools {
        let (a, b) = lean_sides(lex);
        let mut sides: [Vec<FramePool>; 3] = Default::default();
        let mut tags: [Vec<String>; 3] = Default::default();
        let alias_norm: Vec<String> = aliases.iter().map(|a| normalize_phrase(a)).collect();
        for frame in &lex.frames {
            let side = match frame.side.as_deref() {
                Some(s) if Some(s) == a.as_deref() => AZ,
                Some(s) if Some(s) == b.as_deref() => AM,
                _ => NEUTRAL,
            };
            // Multiword forms by their first word: "breakaway" opens "breakaway region".
            let mut openers: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for f in frame.terms.iter().flat_map(|t| &t.forms) {
                if let Some((first, _)) = f.split_once(' ') {
                    openers
                        .entry(first.to_lowercase())
                        .or_default()
                        .push(f.clone());
                }
            }
            let mut terms = Vec::new();
            for term in &frame.terms {
                let choices: Vec<FormChoice> = term
                    .forms
                    .iter()
                    .filter_map(|f| classify(f, term, &openers, &alias_norm, cased))
                    .collect();
                for c in &choices {
                    if c.class == Class::Tag {
                        tags[side].extend(c.heads.iter().cloned());
                    }
                }
                if !choices.is_empty() {
                    terms.push(choices);
                }
            }
            if !terms.is_empty() {
                sides[side].push(FramePool { terms });
            }
        }
        LexiconPools { sides, tags }
    }
}

fn lean_sides(lex: &Lexicon) -> (Option<String>, Option<String>) {
    match &lex.lean {
        Some((a, b)) => (Some(a.clone()), Some(b.clone())),
        None => (
            lex.sides.first().map(|s| s.id.clone()),
            lex.sides.get(1).map(|s| s.id.clone()),
        ),
    }
}

/// Decides how `form` of `term` can be written into a sentence, with its context conditions met.
fn classify(
    form: &str,
    term: &Term,
    openers: &BTreeMap<String, Vec<String>>,
    alias_norm: &[String],
    cased: &BTreeMap<String, String>,
) -> Option<FormChoice> {
    let form = form.trim();
    if form.is_empty() {
        return None;
    }
    // A preceding word required by the term goes in front.
    let head = match term.preceded_by.first() {
        Some(p) => format!("{} {form}", cased.get(p).map_or(p.as_str(), |s| s.as_str())),
        None => form.to_string(),
    };
    let followers: Vec<String> = term
        .followed_by
        .iter()
        .map(|w| cased.get(w).cloned().unwrap_or_else(|| w.clone()))
        .collect();
    let choice = |class, heads: Vec<String>| {
        Some(FormChoice {
            class,
            heads,
            tails: Vec::new(),
        })
    };

    if let Some(base) = verb_base(&term.forms) {
        if let Some(infl) = inflection(form, &base) {
            let tails = followers
                .iter()
                .map(|w| match w.as_str() {
                    "from" => " from Armenian control".to_string(),
                    w => format!(" {w}"),
                })
                .collect();
            return Some(FormChoice {
                class: Class::Verb {
                    deal: DEAL_VERBS.contains(&base.as_str()),
                    infl,
                },
                heads: vec![head],
                tails,
            });
        }
    }
    if !followers.is_empty() {
        // Only the first proper noun: "of Karabakh" reads well, "of Nagorno" does not.
        if let Some(proper) = followers.iter().find(|w| w.starts_with(char::is_uppercase)) {
            // "internationally recognized as part of Azerbaijan", "independence of Karabakh".
            let participle = form.ends_with("ed");
            let link = match (participle, term.within) {
                (true, w) if w >= 4 => " as part of ",
                (false, w) if w >= 2 => " of ",
                _ => " ",
            };
            let class = if participle { Class::Pred } else { Class::Np };
            return choice(class, vec![format!("{head}{link}{proper}")]);
        }
        let heads = followers.iter().map(|w| format!("{head} {w}")).collect();
        return choice(Class::Np, heads);
    }
    let single = !form.contains(' ');
    let lower = form.to_lowercase();
    let mut chars = form.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    let inner_upper = chars.clone().any(char::is_uppercase);
    let inner_lower = chars.any(char::is_lowercase);
    if single && inner_upper && inner_lower && !form.contains('-') {
        return choice(Class::Tag, vec![form.to_string()]);
    }
    let words: Vec<&str> = form.split(' ').collect();
    if words.len() > 1 {
        // "recognise Artsakh" is a verb phrase: "calls to recognise Artsakh" is a noun phrase.
        if words[0].ends_with("ise") || words[0].ends_with("ize") {
            let heads = ["calls to", "demands to", "moves to"]
                .iter()
                .map(|p| format!("{p} {head}"))
                .collect();
            return choice(Class::Np, heads);
        }
        // "backed by Armenia" needs something to modify: "forces backed by Armenia".
        if words[0].ends_with("ed") && words[1] == "by" {
            let heads = ["forces", "fighters", "troops"]
                .iter()
                .map(|n| format!("{n} {head}"))
                .collect();
            return choice(Class::Np, heads);
        }
    }
    // A lowercase word that opens longer forms of its frame is completed like them
    // ("breakaway" -> "breakaway region"); a noun ("occupation") may also stand alone.
    if single && is_word_lower(form) {
        if let Some(longer) = openers.get(&lower) {
            let mut heads = longer.clone();
            let nounish = ["tion", "sion", "ment", "ism", "ity", "ence", "ance"];
            if nounish.iter().any(|s| lower.ends_with(s)) {
                heads.push(form.to_string());
            }
            return choice(Class::Np, heads);
        }
    }
    let nouns = adjective_nouns(form).or_else(|| {
        // "Artsakhi" extends the form "Artsakh" (a plural like "separatists" does not count).
        let extends = single
            && term.forms.iter().any(|f| {
                let f = f.to_lowercase();
                f.len() < lower.len()
                    && !f.contains(' ')
                    && lower.starts_with(&f)
                    && !matches!(&lower[f.len()..], "s" | "es")
            });
        extends.then_some(&["forces", "authorities", "leadership"][..])
    });
    if let Some(nouns) = nouns {
        let heads = nouns
            .iter()
            .filter(|n| !term.not_followed_by.iter().any(|w| w == *n))
            .map(|n| format!("{head} {n}"))
            .collect::<Vec<_>>();
        if !heads.is_empty() {
            return choice(Class::Np, heads);
        }
    }
    let is_alias = alias_norm.iter().any(|a| *a == normalize_phrase(form));
    if single && first_upper && inner_lower && !inner_upper && !is_alias {
        return choice(Class::Place, vec![form.to_string()]);
    }
    choice(Class::Np, vec![head])
}

// ------------------------------------------------------------------------------------------
// The generator

struct Speaker {
    name: &'static str,
    short: &'static str,
    pron: &'static str,
    side: usize,
    /// Topic of the quote bank: official, international, resident.
    kind: usize,
}

#[derive(Default)]
struct Article {
    title: String,
    text: String,
    published: String,
    words: u64,
}

/// Per-article facts the slots draw on.
struct Ctx {
    /// Days since 27 September 2020, the first day of the war.
    day: u32,
    open: &'static str,
    close: &'static str,
    outlet: String,
    /// Plain templates already used in this article (compared by address, never ordered).
    used: RefCell<Vec<*const Tpl>>,
}

struct Generator {
    own: Bank,
    quote: Bank,
    title: Bank,
    caption: Bank,
    photo_line: Bank,
    tweet: Bank,
    objects: [Vec<Tpl>; 2],
    pools: LexiconPools,
    actors: [Vec<String>; 3],
    places: Vec<&'static str>,
    fronts: Vec<&'static str>,
    cities: Vec<&'static str>,
    speakers: [Vec<Speaker>; 3],
}

impl Generator {
    fn new(lex: &Lexicon) -> Result<Generator> {
        let forms: Vec<String> = lex
            .frames
            .iter()
            .flat_map(|f| f.terms.iter().flat_map(|t| &t.forms))
            .map(|f| format!(" {} ", normalize_phrase(f)))
            .collect();
        // A name that contains a form would add hits the outlet's profile did not ask for.
        let clean = |s: &str| {
            let n = format!(" {} ", normalize_phrase(s));
            !forms.iter().any(|f| n.contains(f.as_str()))
        };
        let (a, b) = lean_sides(lex);
        let mut actors: [Vec<String>; 3] = Default::default();
        let mut all_aliases = Vec::new();
        for actor in &lex.actors {
            let side = match actor.side.as_deref() {
                Some(s) if Some(s) == a.as_deref() => AZ,
                Some(s) if Some(s) == b.as_deref() => AM,
                _ => NEUTRAL,
            };
            for alias in &actor.aliases {
                all_aliases.push(alias.clone());
                if clean(alias) {
                    actors[side].push(with_article(alias));
                }
            }
        }
        for (side, fallback) in [
            (AZ, ["Azerbaijan", "Baku", "the Azerbaijani government"]),
            (AM, ["Armenia", "Yerevan", "the Armenian government"]),
            (NEUTRAL, ["Russia", "Moscow", "the Kremlin"]),
        ] {
            if actors[side].is_empty() {
                actors[side] = fallback.iter().map(|s| s.to_string()).collect();
            }
        }
        // Canonical casing of words, so a required follower "azerbaijan" is written "Azerbaijan".
        let mut cased = BTreeMap::new();
        // Only names: frame forms capitalise common words ("Republic of Artsakh").
        let sources = all_aliases
            .iter()
            .map(String::as_str)
            .chain(PLACES.iter().chain(FRONTS).chain(CITIES).copied());
        for s in sources {
            for w in s.split([' ', '-']) {
                if w.starts_with(char::is_uppercase) {
                    cased
                        .entry(w.to_lowercase())
                        .or_insert_with(|| w.to_string());
                }
            }
        }
        let pools = LexiconPools::new(lex, &cased, &all_aliases);
        let filter = |list: &[&'static str]| -> Vec<&'static str> {
            let kept: Vec<&'static str> = list.iter().copied().filter(|p| clean(p)).collect();
            if kept.is_empty() {
                list.to_vec()
            } else {
                kept
            }
        };
        let speakers = {
            let mut s: [Vec<Speaker>; 3] = Default::default();
            for &(name, short, pron, side) in SPEAKERS {
                let kind = if name.contains("resident") {
                    2
                } else if side == NEUTRAL {
                    1
                } else {
                    0
                };
                s[side].push(Speaker {
                    name,
                    short,
                    pron,
                    side,
                    kind,
                });
            }
            s
        };
        Ok(Generator {
            own: Bank::new(
                OWN_TOPICS,
                OWN_NP,
                OWN_PRED,
                OWN_TAG,
                [
                    OWN_V_BASE,
                    OWN_V_S,
                    OWN_V_ED,
                    OWN_V_ING,
                    DEAL_V_BASE,
                    DEAL_V_S,
                    DEAL_V_ED,
                    DEAL_V_ING,
                ],
            )?,
            quote: Bank::new(
                &[QUOTE_OFFICIAL, QUOTE_INTL, QUOTE_RESIDENT],
                QUOTE_NP,
                QUOTE_PRED,
                &[],
                [
                    QUOTE_V_BASE,
                    QUOTE_V_S,
                    QUOTE_V_ED,
                    QUOTE_V_ING,
                    QUOTE_DEAL_BASE,
                    &[],
                    QUOTE_DEAL_ED,
                    QUOTE_DEAL_ING,
                ],
            )?,
            title: Bank::new(
                &[TITLES],
                TITLE_NP,
                TITLE_PRED,
                TITLE_TAG,
                [
                    TITLE_V_BASE,
                    TITLE_V_S,
                    TITLE_V_ED,
                    TITLE_V_ING,
                    TITLE_DEAL_BASE,
                    &[],
                    TITLE_DEAL_ED,
                    &[],
                ],
            )?,
            caption: Bank::new(&[CAPTIONS], CAPTION_NP, &[], &[], [&[]; 8])?,
            photo_line: Bank::new(&[PHOTO_LINES], &[], &[], &[], [&[]; 8])?,
            tweet: Bank::new(&[TWEETS], TWEET_NP, &[], &[], [&[]; 8])?,
            objects: [parse_all(TERRITORY_OBJECTS)?, parse_all(DEAL_OBJECTS)?],
            pools,
            actors,
            places: filter(PLACES),
            fronts: filter(FRONTS),
            cities: filter(CITIES),
            speakers,
        })
    }

    /// Picks a form of a random frame of `side` that `bank` has templates for.
    fn sample_term(
        &self,
        rng: &mut Rng,
        side: usize,
        bank: &Bank,
        ctx: &Ctx,
    ) -> Option<(Class, String)> {
        let frames = &self.pools.sides[side];
        if frames.is_empty() {
            return None;
        }
        for _ in 0..8 {
            let frame = pick(rng, frames);
            let term = pick(rng, &frame.terms);
            let form = pick(rng, term);
            if !bank.accepts(form.class) {
                continue;
            }
            let mut text = pick(rng, &form.heads).clone();
            if let Class::Verb { deal, .. } = form.class {
                text.push(' ');
                let obj = pick(rng, &self.objects[deal as usize]);
                self.fill_raw(rng, obj, ctx, None, None, &mut text);
                if !form.tails.is_empty() {
                    push_pick(&mut text, rng, &form.tails);
                }
            }
            return Some((form.class, text));
        }
        None
    }

    /// Writes one sentence (or headline) from `bank`; with `side`, it carries a framing term of
    /// that side when the lexicon has one that fits. Returns whether it does.
    fn render(
        &self,
        rng: &mut Rng,
        bank: &Bank,
        topic: usize,
        side: Option<usize>,
        ctx: &Ctx,
        out: &mut String,
    ) -> bool {
        if let Some((class, term)) = side.and_then(|s| self.sample_term(rng, s, bank, ctx)) {
            if class == Class::Place {
                let i = *pick(rng, &bank.placey);
                self.fill(rng, &bank.plain[i], ctx, None, Some(&term), out);
            } else {
                let tpl = pick(rng, bank.templates(class));
                self.fill(rng, tpl, ctx, Some(&term), None, out);
            }
            return true;
        }
        let (a, b) = bank.topics[topic % bank.topics.len()];
        // The same stock sentence twice in one article would read as a scraping duplicate.
        let mut tpl = &bank.plain[rng.random_range(a..b)];
        let mut used = ctx.used.borrow_mut();
        for _ in 0..8 {
            if !used.contains(&(tpl as *const Tpl)) {
                break;
            }
            tpl = &bank.plain[rng.random_range(a..b)];
        }
        used.push(tpl);
        drop(used);
        self.fill(rng, tpl, ctx, None, None, out);
        false
    }

    /// Fills `tpl` into `out` as a sentence (capitalised); `place` replaces its first place slot.
    fn fill(
        &self,
        rng: &mut Rng,
        tpl: &Tpl,
        ctx: &Ctx,
        term: Option<&str>,
        place: Option<&str>,
        out: &mut String,
    ) {
        let start = out.len();
        self.fill_raw(rng, tpl, ctx, term, place, out);
        capitalize_at(out, start);
    }

    fn fill_raw(
        &self,
        rng: &mut Rng,
        tpl: &Tpl,
        ctx: &Ctx,
        term: Option<&str>,
        mut place: Option<&str>,
        out: &mut String,
    ) {
        for piece in &tpl.pieces {
            match piece {
                Piece::Lit(s) => out.push_str(s),
                Piece::Slot(slot @ (Slot::Place | Slot::Front)) => match place.take() {
                    Some(p) => out.push_str(p),
                    None if *slot == Slot::Place => push_pick(out, rng, &self.places),
                    None => push_pick(out, rng, &self.fronts),
                },
                Piece::Slot(Slot::City) => push_pick(out, rng, &self.cities),
                Piece::Slot(Slot::Az) => push_pick(out, rng, &self.actors[AZ]),
                Piece::Slot(Slot::Am) => push_pick(out, rng, &self.actors[AM]),
                Piece::Slot(Slot::Intl) => push_pick(out, rng, &self.actors[NEUTRAL]),
                Piece::Slot(Slot::N) => push_num(out, rng.random_range(2..60)),
                Piece::Slot(Slot::Big) => push_thousands(out, rng.random_range(100..4000)),
                Piece::Slot(Slot::Pct) => push_num(out, rng.random_range(2..13)),
                Piece::Slot(Slot::Day) => {
                    let back = rng.random_range(0..3).min(ctx.day);
                    out.push_str(weekday(ctx.day - back));
                }
                Piece::Slot(Slot::Date) => {
                    let d = rng.random_range(0..=ctx.day);
                    push_date(out, d);
                }
                Piece::Slot(Slot::Nth) => out.push_str(&ordinal(ctx.day + 1)),
                Piece::Slot(Slot::T) => out.push_str(term.unwrap_or("")),
            }
        }
    }

    fn article(&self, rng: &mut Rng, outlet: &Outlet, art: &mut Article) {
        let day = rng.random_range(0..45u32); // 27 September - 10 November 2020
        let (open, close) = match outlet.marks {
            Marks::Curly => ("“", "”"),
            Marks::Straight => ("\"", "\""),
            Marks::Both if chance(rng, 0.5) => ("“", "”"),
            Marks::Both => ("\"", "\""),
        };
        let ctx = Ctx {
            day,
            open,
            close,
            outlet: outlet.name.clone(),
            used: RefCell::new(Vec::new()),
        };
        art.published = iso_date(day);

        // Titles carry framing more often than body sentences, in the outlet's proportions.
        art.title.clear();
        let title_side = self.own_side(rng, outlet, 0.05);
        self.render(rng, &self.title, 0, title_side, &ctx, &mut art.title);

        // Body length: log-normal, sigma 0.63 puts ~5 % above 1,500 words; the median of 520
        // plus the overshoot of the last paragraph and the extra zones gives ~550 in all.
        let target = (520.0 * (0.63 * normal(rng)).exp()).clamp(120.0, 4000.0) as u64;
        let mut body: Vec<String> = Vec::new();
        let mut words = 0u64;
        let mut first = true;
        while words < target {
            let mut par = String::new();
            if first && outlet.dateline {
                par.push_str(&pick(rng, DATELINE_CITIES).to_uppercase());
                par.push_str(" — ");
            }
            first = false;
            self.paragraph(rng, outlet, &ctx, &mut par);
            words += count_words(&par);
            body.push(par);
            if chance(rng, 0.015) {
                body.push(pick(rng, SUBHEADS).to_string());
            }
        }

        // Zones and debris, inserted between body paragraphs (never before the first).
        let mut extras: Vec<(usize, String)> = Vec::new();
        let n = body.len();
        let at = |rng: &mut Rng| rng.random_range(1..=n);
        if chance(rng, 0.30) {
            for _ in 0..rng.random_range(1..=2) {
                let block = self.photo(rng, outlet, &ctx);
                extras.push((at(rng), block));
            }
        }
        if chance(rng, 0.25) {
            let block = self.teaser(rng, outlet, &ctx);
            extras.push((at(rng), block));
        }
        if chance(rng, 0.05) {
            let block = self.tweet(rng, &ctx);
            extras.push((at(rng), block));
        }
        if chance(rng, 0.12) {
            extras.push((at(rng), pick(rng, AD_LINES).to_string()));
        }
        if n > 2 && chance(rng, 0.04) {
            // Scraped pages sometimes print a paragraph twice, word for word.
            let src = rng.random_range(0..n - 1);
            let to = rng.random_range(src + 1..=n);
            extras.push((to, body[src].clone()));
        }
        extras.sort_by_key(|e| e.0); // stable: equal positions keep their drawing order

        let mut lines: Vec<String> = Vec::new();
        if outlet.banner && chance(rng, 0.8) {
            lines.push(format!("| Welcome to {}", outlet.name));
        }
        if chance(rng, 0.25) {
            lines.push(date_line(rng, day));
        }
        let mut extras = extras.into_iter().peekable();
        for (i, par) in body.into_iter().enumerate() {
            while let Some((_, block)) = extras.next_if(|e| e.0 == i) {
                lines.push(block);
            }
            lines.push(par);
        }
        lines.extend(extras.map(|e| e.1));
        if outlet.bylines && chance(rng, 0.8) {
            lines.push(format!(
                "Reporting by {} in {} and {} in {}",
                pick(rng, REPORTERS),
                pick(rng, &["Baku", "Yerevan", "Stepanakert", "Moscow"]),
                pick(rng, REPORTERS),
                pick(rng, &["Tbilisi", "Ankara", "Goris", "Barda"])
            ));
            lines.push(format!(
                "{} by {}",
                pick(rng, &["Editing", "Writing"]),
                pick(rng, REPORTERS)
            ));
        }
        if let Some(desk) = &outlet.desk {
            if chance(rng, 0.7) {
                lines.push(desk.clone());
            }
        }
        for line in &outlet.footer {
            if chance(rng, 0.8) {
                lines.push(line.to_string());
            }
        }

        art.text.clear();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                art.text.push_str("\n\n");
            }
            art.text.push_str(line);
        }
        if open == "“" {
            // Curly-quote house style also curls apostrophes.
            art.text = art.text.replace('\'', "’");
            art.title = art.title.replace('\'', "’");
        }
        art.words = count_words(&art.title) + count_words(&art.text);
    }

    /// The side of an own-voice framing term for a unit of about `per_unit` thousand words, if any.
    fn own_side(&self, rng: &mut Rng, outlet: &Outlet, per_unit: f64) -> Option<usize> {
        let mut x = rng.random::<f64>();
        for (side, rate) in outlet.rates.iter().enumerate() {
            let p = rate * per_unit;
            if x < p {
                return Some(side);
            }
            x -= p;
        }
        None
    }

    fn paragraph(&self, rng: &mut Rng, outlet: &Outlet, ctx: &Ctx, out: &mut String) {
        let sentences = match rng.random::<f64>() {
            x if x < 0.3 => 1,
            x if x < 0.8 => 2,
            _ => 3,
        };
        let topic = pick_topic(rng, outlet.profile);
        // Own sentences average ~13.5 tokens' worth of insertion chances (calibrated against
        // framescope's counts); quotes take a share of the words, so scale up to keep
        // the per-1,000-word rate over all title+body words.
        let per_sentence = 13.5 / 1000.0 / (1.0 - outlet.quote_share);
        let mut last_speaker = None;
        for s in 0..sentences {
            if s > 0 {
                out.push(' ');
            }
            if chance(rng, outlet.quote_share) {
                last_speaker = Some(self.quote(rng, ctx, last_speaker, out));
            } else {
                last_speaker = None;
                let side = self.own_side(rng, outlet, per_sentence);
                self.render(rng, &self.own, topic, side, ctx, out);
            }
        }
    }

    /// Writes one quote with its attribution; `prev` is the speaker of the sentence just before,
    /// if it was a quote, who may go on ("..., he added.").
    fn quote<'a>(
        &'a self,
        rng: &mut Rng,
        ctx: &Ctx,
        prev: Option<&'a Speaker>,
        out: &mut String,
    ) -> &'a Speaker {
        let follow_up = prev.filter(|_| chance(rng, 0.6));
        let sp = match follow_up {
            Some(sp) => sp,
            None => {
                let side = match rng.random::<f64>() {
                    x if x < 0.4 => AZ,
                    x if x < 0.8 => AM,
                    _ => NEUTRAL,
                };
                pick(rng, &self.speakers[side])
            }
        };
        // What the speaker's words echo: mostly their own side's framing, independent of outlet.
        let term_side = if chance(rng, 0.3) {
            Some(match (sp.side, rng.random::<f64>()) {
                (NEUTRAL, x) if x < 0.05 => AZ,
                (NEUTRAL, x) if x < 0.10 => AM,
                (NEUTRAL, _) => NEUTRAL,
                (side, x) if x < 0.75 => side,
                _ => NEUTRAL,
            })
        } else {
            None
        };
        let who = match follow_up {
            Some(sp) => sp.pron,
            None if chance(rng, 0.75) => sp.name,
            None => sp.short,
        };
        let (o, c) = (ctx.open, ctx.close);

        // A short partial quote around the term itself: accused the other side of “aggression”.
        if let Some(side) = term_side.filter(|_| chance(rng, 0.25)) {
            if let Some((Class::Np, term)) = self.sample_term(rng, side, &self.quote, ctx) {
                let start = out.len();
                match rng.random_range(0..3) {
                    0 => out.push_str(&format!("{who} accused the other side of {o}{term}{c}.")),
                    1 => out.push_str(&format!(
                        "{who} spoke of {o}{term}{c} in {}.",
                        pick(rng, &self.fronts)
                    )),
                    _ => out.push_str(&format!(
                        "{who} described what was happening around {} as {o}{term}{c}.",
                        pick(rng, &self.fronts)
                    )),
                }
                capitalize_at(out, start);
                return sp;
            }
        }

        let mut q = String::new();
        self.render(rng, &self.quote, sp.kind, term_side, ctx, &mut q);
        if chance(rng, 0.25) {
            q.push_str(". ");
            self.render(rng, &self.quote, sp.kind, None, ctx, &mut q);
        }
        let start = out.len();
        let day = weekday(ctx.day - rng.random_range(0..3).min(ctx.day));
        // Nameless speakers (a resident, an official) do not tweet, issue statements or address
        // the nation.
        let forms = match (follow_up, sp.name.starts_with(char::is_lowercase)) {
            (Some(_), _) => 2,
            (None, true) => 5,
            (None, false) => 9,
        };
        match rng.random_range(0..forms) {
            _ if follow_up.is_some() && chance(rng, 0.7) => {
                out.push_str(&format!("{o}{q},{c} {who} added."))
            }
            0 => out.push_str(&format!("{o}{q},{c} {who} said.")),
            1 => out.push_str(&format!("{o}{q},{c} {who} told reporters on {day}.")),
            2 => out.push_str(&format!("{who} said: {o}{q}.{c}")),
            3 => out.push_str(&format!("{o}{q},{c} said {who}.")),
            4 => out.push_str(&format!("{who} told {}: {o}{q}.{c}", ctx.outlet)),
            5 => out.push_str(&format!("{o}{q},{c} {who} wrote on Twitter.")),
            6 => out.push_str(&format!("{o}{q},{c} {who} said in a statement on {day}.")),
            7 => out.push_str(&format!("In a televised address, {who} said: {o}{q}.{c}")),
            _ => out.push_str(&format!(
                "{o}{q},{c} {who} said in an interview with local television."
            )),
        }
        capitalize_at(out, start);
        sp
    }

    fn photo(&self, rng: &mut Rng, outlet: &Outlet, ctx: &Ctx) -> String {
        let side = self.own_side(rng, outlet, 0.08);
        let mut s = String::new();
        if chance(rng, 0.25) {
            // "In this photo ..." / "File photo: ..." lines are captions without a credit.
            self.render(rng, &self.photo_line, 0, side, ctx, &mut s);
            return s;
        }
        self.render(rng, &self.caption, 0, side, ctx, &mut s);
        let caption = s.clone();
        s.push_str("\n\n");
        s.push_str(&credit(rng, ctx));
        if chance(rng, 0.4) {
            // Wire copy often prints the caption again after the credit.
            s.push_str("\n\n");
            s.push_str(&caption);
        }
        s
    }

    fn headline(&self, rng: &mut Rng, outlet: &Outlet, ctx: &Ctx) -> String {
        let mut h = String::new();
        let side = self.own_side(rng, outlet, 0.07);
        self.render(rng, &self.title, 0, side, ctx, &mut h);
        h
    }

    fn teaser(&self, rng: &mut Rng, outlet: &Outlet, ctx: &Ctx) -> String {
        if chance(rng, 0.6) {
            let label = pick(rng, TEASER_LABELS);
            format!("{label}: {}", self.headline(rng, outlet, ctx))
        } else {
            let mut s = pick(rng, TEASER_LIST_LABELS).to_string();
            let bullet = pick(rng, &["*", "•", "-"]);
            for _ in 0..rng.random_range(2..=3) {
                s.push('\n');
                s.push_str(bullet);
                s.push(' ');
                s.push_str(&self.headline(rng, outlet, ctx));
            }
            s
        }
    }

    fn tweet(&self, rng: &mut Rng, ctx: &Ctx) -> String {
        let &(account, handle, side) = pick(rng, ACCOUNTS);
        let framed = chance(rng, 0.5).then_some(side);
        let mut s = String::new();
        self.render(rng, &self.tweet, 0, framed, ctx, &mut s);
        let tags = &self.pools.tags[side];
        let tag = if !tags.is_empty() && chance(rng, 0.7) {
            pick(rng, tags).as_str()
        } else {
            pick(
                rng,
                &["Karabakh", "NagornoKarabakh", "Armenia", "Azerbaijan"],
            )
        };
        s.push_str(" #");
        s.push_str(tag);
        s.push_str(" pic.twitter.com/");
        for _ in 0..10 {
            let c = *pick(
                rng,
                b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789",
            );
            s.push(c as char);
        }
        s.push_str(&format!("\n— {account} (@{handle}) "));
        push_date(&mut s, ctx.day);
        s.push_str(", 2020");
        s
    }
}

fn pick_topic(rng: &mut Rng, profile: Profile) -> usize {
    // military, diplomacy, humanitarian, economy, reactions, background, casualties,
    // international bodies, filler; wires lean to diplomacy and international bodies.
    let weights: [f64; 9] = match profile {
        Profile::Wire => [16.0, 18.0, 12.0, 8.0, 7.0, 10.0, 11.0, 13.0, 5.0],
        _ => [20.0, 13.0, 12.0, 7.0, 11.0, 10.0, 10.0, 10.0, 7.0],
    };
    let total: f64 = weights.iter().sum();
    let mut x = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

fn credit(rng: &mut Rng, ctx: &Ctx) -> String {
    match rng.random_range(0..5) {
        0 => "Uncredited / AP".to_string(),
        1 => format!(
            "{} / {}",
            pick(rng, PHOTOGRAPHERS),
            pick(
                rng,
                &["AP", "AFP", "Reuters", "EPA", "Anadolu Agency", "Photolure"]
            )
        ),
        2 => format!("{}/AFP via Getty Images", pick(rng, PHOTOGRAPHERS)),
        3 => format!("Photo: {}", ctx.outlet),
        _ => format!("Image credit: {}", pick(rng, PHOTOGRAPHERS)),
    }
}

/// "the" before common-noun aliases: "the Armenian government", but "Aliyev", "Baku".
fn with_article(alias: &str) -> String {
    let multi = alias.contains(' ');
    let last_lower = alias
        .rsplit(' ')
        .next()
        .is_some_and(|w| w.starts_with(char::is_lowercase));
    if (multi && (last_lower || alias.contains("Ministry"))) || alias == "Kremlin" {
        format!("the {alias}")
    } else {
        alias.to_string()
    }
}

fn capitalize_at(s: &mut String, at: usize) {
    if let Some(c) = s[at..].chars().next() {
        if c.is_lowercase() {
            let up: String = c.to_uppercase().collect();
            s.replace_range(at..at + c.len_utf8(), &up);
        }
    }
}

fn count_words(s: &str) -> u64 {
    s.split_whitespace().count() as u64
}

fn push_num(out: &mut String, n: u32) {
    use std::fmt::Write as _;
    let _ = write!(out, "{n}");
}

fn push_thousands(out: &mut String, n: u32) {
    use std::fmt::Write as _;
    if n >= 1000 {
        let _ = write!(out, "{},{:03}", n / 1000, n % 1000);
    } else {
        let _ = write!(out, "{n}");
    }
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// 27 September 2020 (day 0) was a Sunday.
fn weekday(day: u32) -> &'static str {
    [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ][(day % 7) as usize]
}

/// (month number, month name, day of month) of a day counted from 27 September 2020.
fn month_day(day: u32) -> (u32, &'static str, u32) {
    match day {
        0..=3 => (9, "September", 27 + day),
        4..=34 => (10, "October", day - 3),
        _ => (11, "November", day - 34),
    }
}

fn push_date(out: &mut String, day: u32) {
    let (_, name, d) = month_day(day);
    out.push_str(name);
    out.push(' ');
    push_num(out, d);
}

fn iso_date(day: u32) -> String {
    let (m, _, d) = month_day(day);
    format!("2020-{m:02}-{d:02}")
}

/// A standalone date line of the kind scrapers leave behind (dropped by the cleaner).
fn date_line(rng: &mut Rng, day: u32) -> String {
    let (_, month, d) = month_day(day);
    match rng.random_range(0..3) {
        0 => format!("{}, {month} {d}, 2020", weekday(day)),
        1 => format!("{d:02} {month} 2020"),
        _ => format!(
            "{}, {d:02} {month} 2020 {}:{:02} {}",
            weekday(day),
            rng.random_range(1..=12),
            rng.random_range(0..60),
            pick(rng, &["AM", "PM"])
        ),
    }
}

// ------------------------------------------------------------------------------------------
// Output

/// Counts the bytes that pass through.
struct Counting<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

type Out = Counting<BufWriter<File>>;

enum Sink {
    Jsonl(Out),
    Csv(csv::Writer<Out>),
    Dir {
        root: PathBuf,
        manifest: csv::Writer<Out>,
        bytes: u64,
    },
}

fn create(path: &Path) -> Result<Out> {
    let file = File::create(path).with_context(|| format!("{}: cannot create", path.display()))?;
    Ok(Counting {
        inner: BufWriter::with_capacity(1 << 20, file),
        bytes: 0,
    })
}

impl Sink {
    fn create(path: &Path, format: Format) -> Result<Sink> {
        Ok(match format {
            Format::Jsonl => Sink::Jsonl(create(path)?),
            Format::Csv => {
                let mut w = csv::Writer::from_writer(create(path)?);
                w.write_record(["id", "outlet", "title", "text", "published"])?;
                Sink::Csv(w)
            }
            Format::Dir => {
                std::fs::create_dir_all(path)
                    .with_context(|| format!("{}: cannot create folder", path.display()))?;
                let mut manifest = csv::Writer::from_writer(create(&path.join("manifest.csv"))?);
                manifest.write_record(["file", "outlet", "published"])?;
                Sink::Dir {
                    root: path.to_path_buf(),
                    manifest,
                    bytes: 0,
                }
            }
        })
    }

    fn write(&mut self, id: &str, outlet: &str, a: &Article) -> Result<()> {
        match self {
            Sink::Jsonl(w) => {
                // Fields in a fixed order (serde_json's map would sort them).
                w.write_all(b"{\"id\":")?;
                serde_json::to_writer(&mut *w, id)?;
                w.write_all(b",\"outlet\":")?;
                serde_json::to_writer(&mut *w, outlet)?;
                w.write_all(b",\"title\":")?;
                serde_json::to_writer(&mut *w, &a.title)?;
                w.write_all(b",\"text\":")?;
                serde_json::to_writer(&mut *w, &a.text)?;
                w.write_all(b",\"published\":")?;
                serde_json::to_writer(&mut *w, &a.published)?;
                w.write_all(b"}\n")?;
            }
            Sink::Csv(w) => {
                w.write_record([id, outlet, &a.title, &a.text, &a.published].map(|s| s as &str))?;
            }
            Sink::Dir {
                root,
                manifest,
                bytes,
            } => {
                let file = format!("{id}.txt");
                let body = format!("{}\n\n{}\n", a.title, a.text);
                let path = root.join(&file);
                std::fs::write(&path, &body).with_context(|| file.clone())?;
                *bytes += body.len() as u64;
                manifest.write_record([file.as_str(), outlet, a.published.as_str()])?;
            }
        }
        Ok(())
    }

    /// Flushes everything and returns the bytes written.
    fn finish(self) -> Result<u64> {
        fn done(mut w: Out) -> Result<u64> {
            w.flush()?;
            Ok(w.bytes)
        }
        match self {
            Sink::Jsonl(w) => done(w),
            Sink::Csv(w) => done(
                w.into_inner()
                    .map_err(|e| anyhow::anyhow!("{}", e.error()))?,
            ),
            Sink::Dir {
                manifest, bytes, ..
            } => Ok(bytes
                + done(
                    manifest
                        .into_inner()
                        .map_err(|e| anyhow::anyhow!("{}", e.error()))?,
                )?),
        }
    }
}

// ------------------------------------------------------------------------------------------
// Word banks. Plain templates must not contain any lexicon form (no "ceasefire", "civilians",
// "occupied" ...): every framing hit should come from an inserted term, so that rates follow
// the outlet profiles and the lexicon. Names that contain a form are filtered out at run time.

/// Towns and cities behind the lines or near them.
const PLACES: &[&str] = &[
    "Stepanakert",
    "Shusha",
    "Ganja",
    "Barda",
    "Terter",
    "Mingachevir",
    "Beylagan",
    "Goranboy",
    "Tovuz",
    "Goris",
    "Kapan",
    "Vardenis",
    "Martakert",
    "Hadrut",
];

/// Places on or near the front line.
const FRONTS: &[&str] = &[
    "Hadrut",
    "Fuzuli",
    "Jabrayil",
    "Zangilan",
    "Gubadli",
    "Shusha",
    "Lachin",
    "Kalbajar",
    "Agdam",
    "Terter",
    "Talish",
    "Madagiz",
    "Martakert",
    "Stepanakert",
];

/// Capitals and cities where diplomacy and reactions happen.
const CITIES: &[&str] = &[
    "Baku",
    "Yerevan",
    "Moscow",
    "Ankara",
    "Tehran",
    "Tbilisi",
    "Paris",
    "Washington",
    "Geneva",
    "Brussels",
    "Vienna",
    "Istanbul",
];

const DATELINE_CITIES: &[&str] = &[
    "Baku",
    "Yerevan",
    "Stepanakert",
    "Moscow",
    "Tbilisi",
    "Goris",
];

/// (name, short form, pronoun, side). Quoted speakers; their words follow their side.
const SPEAKERS: &[(&str, &str, &str, usize)] = &[
    ("Azerbaijan's Defence Ministry", "the ministry", "it", AZ),
    ("President Ilham Aliyev", "Aliyev", "he", AZ),
    ("presidential aide Hikmet Hajiyev", "Hajiyev", "he", AZ),
    ("Foreign Minister Jeyhun Bayramov", "Bayramov", "he", AZ),
    (
        "Turkish President Recep Tayyip Erdogan",
        "Erdogan",
        "he",
        AZ,
    ),
    (
        "Turkish Foreign Minister Mevlut Cavusoglu",
        "Cavusoglu",
        "he",
        AZ,
    ),
    ("an Azerbaijani army spokesman", "the spokesman", "he", AZ),
    ("a resident of Ganja", "the resident", "she", AZ),
    ("an official in Baku", "the official", "he", AZ),
    ("Armenia's Defence Ministry", "the ministry", "it", AM),
    ("Prime Minister Nikol Pashinyan", "Pashinyan", "he", AM),
    (
        "Defence Ministry spokeswoman Shushan Stepanyan",
        "Stepanyan",
        "she",
        AM,
    ),
    (
        "Foreign Minister Zohrab Mnatsakanyan",
        "Mnatsakanyan",
        "he",
        AM,
    ),
    (
        "regional leader Arayik Harutyunyan",
        "Harutyunyan",
        "he",
        AM,
    ),
    (
        "the region's human rights ombudsman",
        "the ombudsman",
        "he",
        AM,
    ),
    (
        "Armenian President Armen Sarkissian",
        "Sarkissian",
        "he",
        AM,
    ),
    ("a resident of Stepanakert", "the resident", "he", AM),
    ("an Armenian military spokesman", "the spokesman", "he", AM),
    (
        "Russian Foreign Minister Sergey Lavrov",
        "Lavrov",
        "he",
        NEUTRAL,
    ),
    ("Kremlin spokesman Dmitry Peskov", "Peskov", "he", NEUTRAL),
    ("a Red Cross spokesman", "the spokesman", "he", NEUTRAL),
    ("a UN spokesman", "the spokesman", "he", NEUTRAL),
    ("French President Emmanuel Macron", "Macron", "he", NEUTRAL),
    ("a senior Western diplomat", "the diplomat", "she", NEUTRAL),
    (
        "an analyst at a think tank in Tbilisi",
        "the analyst",
        "she",
        NEUTRAL,
    ),
    ("Iran's Foreign Ministry", "the ministry", "it", NEUTRAL),
    ("a European Union spokesman", "the spokesman", "he", NEUTRAL),
];

/// Invented names for bylines and photo credits.
const REPORTERS: &[&str] = &[
    "Anna Petrosyan",
    "Tural Guliyev",
    "Mark Ellison",
    "Sara Lindqvist",
    "Rauf Mammadov",
    "Gayane Sargsyan",
    "Daniel Hoyt",
    "Nigar Huseynova",
    "Tom Averill",
    "Lena Brandt",
];
const PHOTOGRAPHERS: &[&str] = &[
    "Karen Minasyan",
    "Emil Rzayev",
    "David Ghahramanyan",
    "Leyla Abbasova",
    "Paul Renner",
    "Staff photographer",
];

/// (account, handle, side) of embedded posts; invented.
const ACCOUNTS: &[(&str, &str, usize)] = &[
    ("Caspian Front Notes", "caspianfrontnotes", AZ),
    ("Baku Evening Post Watch", "bakueveningwatch", AZ),
    ("Syunik Daily Notes", "syuniknotes", AM),
    ("Yerevan Street Voices", "yvstreetvoices", AM),
    ("Caucasus Conflict Tracker", "cc_tracker2020", NEUTRAL),
];

const AD_LINES: &[&str] = &["[ad_1]", "[ad_2]", "Advertisement", "ADVERTISEMENT"];

const FOOTER_LINES: &[&str] = &[
    "Subscribe to our newsletter for daily updates",
    "Sign up for our newsletter",
    "Share this article",
    "Share on Facebook",
    "Share on Twitter",
    "Join our newsletter and never miss a story",
    "Join the mailing list",
    "Discussion about this post",
];

const TEASER_LABELS: &[&str] = &["Read more", "READ MORE", "Also read", "Related", "See also"];
const TEASER_LIST_LABELS: &[&str] = &["READ MORE:", "Related stories", "Related articles:"];

const SUBHEADS: &[&str] = &[
    "Six weeks of fighting",
    "Calls for restraint",
    "Life in the shelters",
    "Diplomatic push",
    "Mounting toll",
    "A long-running dispute",
    "Economic fallout",
    "What comes next",
    "Fight till the end",
    "Counting the cost",
];

const MILITARY: &[&str] = &[
    "Heavy fighting was reported around {front} on {day}, with both sides claiming to have inflicted losses.",
    "Artillery exchanges continued overnight along the line of contact near {front}.",
    "Azerbaijan's Defence Ministry said its units had destroyed {n} tanks and several artillery pieces near {front}.",
    "Armenia's Defence Ministry said its forces had repelled an attack on positions near {front}.",
    "Drone footage released by both militaries showed strikes on armoured vehicles and trenches.",
    "Air-raid sirens sounded in {place} on {day} as the fighting entered its {nth} day.",
    "Military analysts say Turkish- and Israeli-made drones have changed the balance on the battlefield.",
    "Explosions were heard on the outskirts of {place} late on {day}.",
    "The front line has shifted several kilometres since the fighting began on September 27.",
    "Both countries have mobilised reservists and declared martial law.",
    "Columns of military trucks were seen moving along the road toward {front}.",
    "Armenian forces said they had shot down {n} drones over the previous 24 hours.",
    "Azerbaijani troops said they had taken several heights overlooking {front}.",
    "Rocket fire struck the outskirts of {place}, damaging power lines and a school.",
    "Independent verification of battlefield claims has been nearly impossible because journalists are kept away from the front.",
    "Smoke could be seen rising from the hills around {front} throughout the afternoon.",
    "The two militaries have released almost daily videos of drone strikes on each other's positions.",
    "Tanks and artillery were moved to the southern sector of the front near {front} on {day}.",
    "Fighting in the mountainous terrain has been slowed by fog and the approach of winter.",
    "Soldiers dug in along a ridge above {front} as shelling continued into the night.",
    "The road linking {front} with {place} came under fire several times during the day.",
    "Commanders on both sides spoke of fierce resistance and heavy equipment losses.",
    "Special forces units were reported to be operating in the forests south of {front}.",
    "Long-range missiles were fired toward {place} on {day}, officials said.",
    "{az} and {am} traded accusations over the latest strikes near {front}.",
];

const DIPLOMACY: &[&str] = &[
    "Foreign ministers from Baku and Yerevan met separately with envoys in {city} on {day}.",
    "The OSCE co-chairs, France, Russia and the United States, called for an immediate end to hostilities.",
    "Talks in {city} ended late on {day} without a joint statement.",
    "Diplomats said the two foreign ministers were unlikely to meet face to face this week.",
    "Russian President Vladimir Putin spoke by phone with both leaders, the Kremlin said.",
    "A humanitarian pause agreed in {city} collapsed within hours, each side blaming the other.",
    "Turkey has said it should have a seat at the table in any future talks.",
    "Iran offered to host talks between the two sides and proposed a regional framework.",
    "The European Union urged both countries to return to the table without preconditions.",
    "Envoys from {city} shuttled between the two capitals in an effort to halt the fighting.",
    "Washington said it was in close contact with both governments.",
    "A joint statement by the co-chairs called on the parties to respect their commitments.",
    "The foreign ministers are expected to travel to {city} for separate consultations next week.",
    "Officials in {city} said a second round of talks could take place if the fighting eased.",
    "The proposed monitoring mechanism would rely on observers stationed along the line of contact.",
    "Diplomatic efforts have so far failed to produce a lasting halt to the fighting.",
    "Georgia, which borders both countries, offered to host a meeting in Tbilisi.",
    "The United Nations secretary-general called on both leaders to show restraint.",
    "A senior diplomat in {city} described the atmosphere of the meeting as tense but businesslike.",
    "Russia has a defence pact with Armenia but also maintains close ties with Azerbaijan.",
    "Turkey has pledged full support to Azerbaijan, its close ally.",
    "France, home to a large Armenian diaspora, has been among the most vocal critics of the fighting.",
    "Neither government has publicly set out what terms it would accept to end the war.",
    "The Kremlin said it was ready to send observers if both sides agreed.",
    "{intl} has offered to help bring the two sides together.",
    "Comments by {intl} were closely watched in {city}.",
];

const HUMANITARIAN: &[&str] = &[
    "Thousands of residents have fled {place} since the fighting began.",
    "Families sheltered in basements in {place} as shells fell nearby.",
    "Aid workers said they were struggling to reach people in villages near {front}.",
    "The International Committee of the Red Cross said water and power supplies had been cut in parts of {place}.",
    "Schools in {place} were turned into shelters for displaced families.",
    "Residents of {place} described nights spent in cellars without electricity.",
    "The region's main hospital was treating dozens of wounded, doctors said.",
    "Volunteers in {city} collected warm clothes and medicines for displaced families.",
    "Many of those who left {place} are women, children and elderly people.",
    "A maternity ward in {place} was damaged during shelling, officials said.",
    "UNICEF said children on both sides of the front line were at risk.",
    "The UN refugee agency said it was preparing for a rise in displacement before winter.",
    "Buses carrying families left {place} before dawn.",
    "Shops in {place} remained shut and streets were largely empty.",
    "Apartment blocks in {place} were left without windows after a missile strike.",
    "Residents queued for bread and water at a distribution point in {place}.",
    "Red Cross teams helped recover the bodies of people killed near {front}.",
    "Many displaced people have moved in with relatives in {place}.",
    "Doctors in {place} said they were running short of blood and surgical supplies.",
    "Power cuts and damaged roads have made it hard to deliver food to mountain villages.",
    "Local officials in {place} said {n} homes had been destroyed in a single night.",
    "Aid agencies warned that the coming winter would make conditions in shelters worse.",
];

const ECONOMY: &[&str] = &[
    "The Azerbaijani manat held steady despite the fighting, supported by central bank sales of dollars.",
    "Oil prices barely reacted to the fighting, though analysts warned of risks to regional pipelines.",
    "The Baku-Tbilisi-Ceyhan pipeline, which carries Caspian oil to Turkey, passes within kilometres of the fighting.",
    "Armenia's economy, already hit by the pandemic, is expected to shrink by around {pct} percent this year.",
    "Gas exports to Europe through the Southern Gas Corridor continued without interruption, operators said.",
    "Shops in Yerevan reported a rush on fuel and basic goods in the first days of the war.",
    "Businesses in {place} have been shut since the shelling began.",
    "Remittances from the diaspora have surged since the start of the fighting, Armenian banks said.",
    "The government in Baku has said rebuilding damaged areas will be a priority once the fighting ends.",
    "Economists say the war could cost both countries billions of dollars in lost output.",
    "A fund-raising drive for the war effort has collected more than {big} million drams, organisers said.",
    "Airlines cancelled several flights to the region as airspace restrictions tightened.",
    "Farmers near {front} said they had been unable to bring in their harvest.",
    "Tourism, which had been growing before the pandemic, has collapsed in both countries.",
    "Ratings agencies said the conflict added to risks for Armenia's public finances.",
    "The World Bank warned that regional trade would suffer if fighting disrupted transport routes.",
    "Work on new roads in the region has been suspended, contractors said.",
    "Prices of basic food items in {place} have risen sharply since the start of the war.",
    "Azerbaijan's state oil fund has been used to cover a rise in military spending.",
    "The Russian rouble and Turkish lira also came under pressure as the fighting intensified.",
];

const REACTIONS: &[&str] = &[
    "Protesters gathered outside the embassy in {city} waving national flags.",
    "Thousands of people rallied in {city} on {day}, calling for an end to the fighting.",
    "Diaspora groups in Los Angeles and Paris held marches in support of Armenia.",
    "Crowds in Baku celebrated each announcement of military gains with car horns and flags.",
    "Social media in both countries has been flooded with footage from the front.",
    "Several prominent musicians in Yerevan announced concerts to raise funds for the wounded.",
    "Opposition parties in both countries have largely rallied behind their governments.",
    "Turkish television broadcast hours of coverage of the fighting every day.",
    "Volunteers lined up at enlistment offices in {place} to join the army.",
    "Newspapers in {city} carried front-page tributes to soldiers killed at the front.",
    "A candlelight vigil was held in {city} for those killed in the fighting.",
    "Lawmakers in {city} passed a motion calling for sanctions on Turkey.",
    "Sports clubs in Baku and Yerevan postponed matches because of the war.",
    "Church bells rang across Armenia in memory of the dead.",
    "Internet access was restricted in Azerbaijan, with several social networks blocked.",
    "Public opinion in both countries appears overwhelmingly supportive of the war effort, pollsters say.",
    "Students in {city} organised a blood drive for the wounded.",
    "Celebrities posted messages of support for their country's soldiers on Instagram.",
    "In {city}, mourners laid flowers at a memorial to soldiers killed in earlier wars.",
    "Video of a wedding held in a shelter in {place} spread widely on social media.",
    "Remarks by {az} drew an angry response from {am}.",
    "Officials close to {am} dismissed the claims as fabricated.",
    "Statements from {az} have grown more confident as the fighting has continued.",
    "{intl} expressed concern about the escalation.",
];

const BACKGROUND: &[&str] = &[
    "The region broke away from Azerbaijan in a war in the early 1990s that killed about 30,000 people.",
    "The fighting is the worst since a 1994 agreement ended the previous war.",
    "Nagorno-Karabakh lies within Azerbaijan's Soviet-era borders but has been run by Armenians since 1994.",
    "Seven districts around the region were taken by Armenian forces during the 1990s war.",
    "Hundreds of thousands of Azerbaijanis were displaced from the region and surrounding districts in the early 1990s.",
    "Clashes in April 2016 killed dozens of soldiers and came close to reigniting the war.",
    "The two former Soviet republics have been at odds over the region since the late 1980s.",
    "Decades of talks under international auspices failed to produce a lasting deal.",
    "Tensions rose in July 2020 after clashes on the northern section of the border near Tovuz.",
    "Armenia and Azerbaijan fought over the region as the Soviet Union collapsed.",
    "The town of Shusha, perched on a mountain above Stepanakert, is regarded as a cultural centre by both peoples.",
    "A 1988 movement to transfer the region to Soviet Armenia set off a chain of violence.",
    "Most of the region's Azerbaijani population left during the war in the early 1990s.",
    "Under a 1994 deal brokered by Russia, the front line was frozen for more than two decades.",
    "Azerbaijan has spent heavily on modern weapons over the past decade, much of it funded by oil revenues.",
    "Armenia relies on a military alliance with Russia, which has a base in the country.",
    "The Lachin corridor is the main road linking the region with Armenia.",
    "Stepanakert, the region's main city, had a population of about 55,000 before the war.",
    "The line of contact has been one of the most heavily militarised in Europe.",
    "Both countries became independent when the Soviet Union collapsed in 1991.",
    "Several earlier attempts to end the conflict foundered on the question of the region's status.",
    "The region is home to medieval monasteries and mosques that both sides regard as part of their heritage.",
];

const CASUALTIES: &[&str] = &[
    "Armenian officials said {n} more soldiers had been killed, bringing the military death toll to {big}.",
    "Azerbaijan has not disclosed its military losses.",
    "Prosecutors in Baku said {n} people had been killed in shelling of Azerbaijani towns since the fighting began.",
    "The death toll from the fighting has risen to more than {big}, according to official figures.",
    "At least {n} people were wounded in an overnight strike on {place}, officials said.",
    "Funerals for soldiers killed at the front were held in {place} on {day}.",
    "The region's authorities said {n} residents had been killed and dozens wounded.",
    "Russia's president said the real toll could be close to 5,000 dead.",
    "Independent estimates put the number of dead much higher than official figures.",
    "Two children were among {n} people killed when a missile hit a house in {place}.",
    "Doctors at a field clinic near {front} said they had treated {n} wounded soldiers in a single day.",
    "The bodies of {n} soldiers were handed over through the Red Cross on {day}.",
    "Officials in Baku said a strike on {place} had killed {n} people as they slept.",
    "Neither side's casualty claims could be independently verified.",
    "Among the wounded were two journalists who had travelled to cover the fighting.",
    "Rescuers searched the rubble of a destroyed building in {place} for survivors.",
    "Several people were reported missing after a strike on a village near {front}.",
    "Officials in {place} said most of the victims were elderly residents who could not leave.",
    "The military death toll published by Yerevan rose above {big} this week.",
    "Relatives waited outside the morgue in {place} for news of missing soldiers.",
];

const INTERNATIONAL: &[&str] = &[
    "The UN Security Council met behind closed doors to discuss the fighting.",
    "The Council of Europe urged both member states to respect their obligations.",
    "The European Parliament debated the conflict on {day}.",
    "Amnesty International said it had verified the use of cluster munitions in {place}.",
    "Human Rights Watch called for an investigation into strikes on populated areas.",
    "The OSCE said its monitors were unable to reach the area because of the fighting.",
    "NATO's secretary-general called on Turkey to use its influence to calm tensions.",
    "The International Committee of the Red Cross said it was ready to act as a neutral intermediary.",
    "The World Health Organization warned that the fighting was hampering efforts to contain the coronavirus.",
    "The UN human rights office said it had received reports of strikes on homes and schools.",
    "The European Union's foreign policy chief said there was no military solution to the conflict.",
    "The Collective Security Treaty Organization said the fighting did not fall under its mutual defence clause.",
    "UNESCO offered to send a mission to assess damage to cultural heritage sites.",
    "Legal experts said claims and counterclaims could eventually end up before international courts.",
    "The UN secretary-general's spokesman said the organisation was following the situation closely.",
    "The Organization of Islamic Cooperation expressed support for Azerbaijan.",
    "The Red Cross said it had visited prisoners of war held by both sides.",
    "The OSCE chairmanship called on both sides to allow humanitarian access to {place}.",
    "The International Monetary Fund said it would review its forecasts for the region.",
    "The Council of Europe's human rights commissioner called for the protection of schools and homes.",
];

const FILLER: &[&str] = &[
    "Separately, Armenia reported {big} new coronavirus cases on {day}, a record for the country.",
    "Azerbaijan extended coronavirus restrictions until the end of the month.",
    "In other news, heavy rain caused flooding in parts of Georgia on {day}.",
    "The weather in the mountains is expected to turn colder next week, forecasters said.",
    "Schools across Armenia moved to online classes, citing both the pandemic and the war.",
    "Azerbaijan's football federation postponed league fixtures until further notice.",
    "Armenian wine producers said exports had slowed since the start of the year.",
    "A long-delayed bridge project in the Azerbaijani capital was completed this month.",
    "Authorities in Yerevan announced new parking rules for the city centre.",
    "A regional election in southern Russia passed without incident, officials said.",
    "Georgian voters are due to elect a new parliament at the end of the month.",
    "The price of bread in Baku has been stable, the statistics committee said.",
    "Tbilisi airport reported a sharp drop in passenger numbers because of the pandemic.",
    "A new metro station opened in Baku despite the war.",
    "The Armenian central bank kept its key interest rate unchanged.",
    "A film festival in Yerevan was postponed until next year.",
    "Kyrgyzstan's political crisis also drew the Kremlin's attention this week.",
    "Opposition protests in Belarus continued for another weekend.",
    "Turkey's lira fell to a new record low against the dollar.",
    "Iran reported a record daily rise in coronavirus deaths.",
];

/// Topic order matches `pick_topic`.
const OWN_TOPICS: &[&[&str]] = &[
    MILITARY,
    DIPLOMACY,
    HUMANITARIAN,
    ECONOMY,
    REACTIONS,
    BACKGROUND,
    CASUALTIES,
    INTERNATIONAL,
    FILLER,
];

const OWN_NP: &[&str] = &[
    "Officials in {city} returned repeatedly to the question of {T} on {day}.",
    "Much of the coverage in {city} this week has centred on {T}.",
    "The latest clashes near {front} have again drawn attention to {T}.",
    "Debate over {T} has hardened positions on both sides of the front line.",
    "Television channels in {city} devoted hours of airtime to {T}.",
    "For many in {city}, the war is about {T} as much as about land.",
    "The issue of {T} was raised at a closed-door briefing in {city} on {day}.",
    "Street banners in {city} carried slogans about {T}.",
    "Reports of {T} near {front} spread quickly on social media.",
    "Editorials in {city} have made {T} their main theme since the fighting began.",
    "Questions about {T} dominated a parliamentary session in {city} on {day}.",
    "Any discussion of {T} remains deeply sensitive in both capitals.",
    "Pictures from {front} fuelled fresh debate about {T}.",
    "A panel of experts in {city} discussed {T} at length on {day}.",
    "Few in {place} expect {T} to disappear from the agenda soon.",
    "Aid groups working near {front} have raised concerns about {T}.",
    "The fighting around {front} is the latest chapter in a long dispute over {T}.",
    "Analysts in {city} say any lasting deal will have to address {T}.",
    "Much of the anger in {place} is directed at {T}.",
    "The question of {T} hangs over every meeting between the two sides.",
    "Officials in {city} have put {T} at the centre of their messaging.",
    "Documents released in {city} on {day} shed new light on {T}.",
    "Pressure over {T} has grown since the fighting spread to {place}.",
    "Talk of {T} has become part of everyday conversation in {place}.",
];

const OWN_PRED: &[&str] = &[
    "{front}, {T}, came under renewed shelling on {day}.",
    "The district around {front}, {T}, has seen some of the heaviest fighting of the war.",
    "The mountainous region, {T}, has been at the heart of the dispute for decades.",
    "Nagorno-Karabakh, {T}, has been the scene of fighting since September 27.",
];

const OWN_TAG: &[&str] = &[
    "Posts under the hashtag #{T} were shared widely in {city} on {day}.",
    "The hashtag #{T} trended on Twitter in {city} as footage from {front} circulated.",
    "Government accounts in {city} have promoted the hashtag #{T} since the fighting began.",
];

const OWN_V_BASE: &[&str] = &[
    "Commanders vowed to {T} before winter sets in.",
    "The offensive was launched to {T}, officials in Baku have said.",
    "Military planners were preparing to {T} within days.",
];
const OWN_V_S: &[&str] = &[
    "Whoever {T} will control the road between {front} and the Armenian border, analysts say.",
    "Each claim that one army {T} is quickly denied by the other.",
];
const OWN_V_ED: &[&str] = &[
    "Troops had {T} by the morning of {day}, the Defence Ministry in Baku said.",
    "The advancing units {T} after days of fighting.",
    "Residents who fled said soldiers had {T} within hours.",
    "By {day}, the army had {T}, according to official statements.",
];
const OWN_V_ING: &[&str] = &[
    "Fighting continued on {day} as units pressed ahead, {T}.",
    "Footage released on {day} purported to show soldiers {T}.",
    "The campaign aimed at {T} entered its {nth} day.",
];
const DEAL_V_BASE: &[&str] = &[
    "Both sides agreed in principle to {T}.",
    "Envoys travelled to {city} to {T}.",
];
const DEAL_V_S: &[&str] = &["The Red Cross says it usually {T} quietly, away from the cameras."];
const DEAL_V_ED: &[&str] = &[
    "Officials said they had {T} with help from the Red Cross.",
    "Envoys in {city} {T} after hours of talks.",
];
const DEAL_V_ING: &[&str] = &[
    "Diplomats in {city} spent {day} {T}.",
    "Teams in {city} were {T} late into the night.",
];

const TERRITORY_OBJECTS: &[&str] = &[
    "several villages near {front}",
    "the heights around {front}",
    "the town of {front}",
    "positions along the road to {front}",
    "the district of {front}",
    "a string of villages north of {front}",
];
const DEAL_OBJECTS: &[&str] = &[
    "a prisoner exchange",
    "the return of bodies",
    "a humanitarian pause",
    "safe passage for residents of {place}",
    "an exchange of the dead",
    "a new round of talks in {city}",
];

/// Quoted words, without final punctuation (the attribution adds it).
/// What officials of the two sides say.
const QUOTE_OFFICIAL: &[&str] = &[
    "We are defending our land and our people",
    "The situation along the entire front line remains tense",
    "Our forces are fully in control of the situation",
    "We have never targeted peaceful residents and we never will",
    "The other side has suffered heavy losses in equipment and manpower",
    "We are ready for dialogue, but not at the expense of our security",
    "Our soldiers are showing extraordinary courage",
    "This is our land and we will not give it up",
    "The international community must act now, before it is too late",
    "Nobody should be under any illusion about our resolve",
    "We will continue until our goals are achieved",
    "Any attempt to draw third countries into this conflict is unacceptable",
    "The claims made by the other side are simply untrue",
    "These are lies, and everyone knows it",
    "Our priority is the safety of the people who live there",
    "Our forces are holding their positions around {front}",
    "The enemy shelled {front} again last night",
    "{front} will never be abandoned",
    "The road to {front} is under our control",
];
/// What diplomats, aid agencies and analysts say.
const QUOTE_INTL: &[&str] = &[
    "Every day of this war costs lives on both sides",
    "There is no military solution to this conflict",
    "We call on both parties to stop the fighting immediately",
    "We are deeply concerned by the escalation",
    "The humanitarian situation is deteriorating by the hour",
    "We have asked for access to the affected areas",
    "We are prepared to send observers if both sides agree",
    "Any lasting deal will need guarantees that both sides trust",
    "The situation around {front} is extremely worrying",
    "Both sides must respect their obligations under international humanitarian law",
];
/// What people caught up in the war say.
const QUOTE_RESIDENT: &[&str] = &[
    "I spent three nights in the basement with my children",
    "We don't know whether our house is still standing",
    "The shelling started at dawn and did not stop until evening",
    "My son is at the front and I have not heard from him for a week",
    "There has been no let-up in the fighting since yesterday",
    "Nobody wins from a war like this",
    "We were told to leave, and we left with nothing",
    "The people of this region have suffered enough",
    "We used to have neighbours on the other side of the hills near {front}",
    "Every night we hear the explosions from {front}",
];
const QUOTE_NP: &[&str] = &[
    "The world must call {T} by its name",
    "This is about {T}, nothing more and nothing less",
    "We will never accept {T}",
    "What happened in {front} is a direct consequence of {T}",
    "For thirty years our people have lived with {T}",
    "Nobody can ignore {T} any longer",
    "At the heart of this conflict is the question of {T}",
    "The other side has to answer for {T}",
    "Our position on {T} has not changed and will not change",
    "Every partner we speak to understands the reality of {T}",
    "History will judge those responsible for {T}",
    "We have shown the evidence of {T} to our partners",
];
const QUOTE_PRED: &[&str] = &["{front}, {T}, will remain ours"];
const QUOTE_V_BASE: &[&str] = &["We will {T}, whatever it costs", "Our goal is to {T}"];
const QUOTE_V_S: &[&str] = &["Whoever {T} controls the whole region"];
const QUOTE_V_ED: &[&str] = &[
    "Our army has {T} and will go further",
    "Our units {T} this morning",
];
const QUOTE_V_ING: &[&str] = &["They are {T} as we speak"];
const QUOTE_DEAL_BASE: &[&str] = &["We are ready to {T}"];
const QUOTE_DEAL_ED: &[&str] = &["We have {T} with the help of our partners"];
const QUOTE_DEAL_ING: &[&str] = &["We are {T} through the Red Cross"];

const TITLES: &[&str] = &[
    "Fighting rages around {front} for {nth} day",
    "Azerbaijan and Armenia trade blame as shelling hits {place}",
    "Shelling forces families from {place}",
    "Envoys meet in {city} as fighting continues",
    "Death toll climbs as clashes spread to {place}",
    "{intl} urges restraint over Karabakh fighting",
    "Russia offers to host talks on Nagorno-Karabakh",
    "Residents of {place} count the cost of the war",
    "Drone war reshapes battle for Nagorno-Karabakh",
    "Turkey pledges support for Azerbaijan as fighting escalates",
    "Armenia says it repelled attacks near {front}",
    "Azerbaijan claims gains near {front}",
    "Oil markets watch Caucasus fighting warily",
    "Aid groups warn of winter hardship in Karabakh",
    "Families shelter in basements as sirens sound in {place}",
    "What is behind the fighting in Nagorno-Karabakh?",
    "Explainer: why Armenia and Azerbaijan are fighting again",
    "Rights groups say cluster munitions used in {place}",
    "Diaspora rallies in {city} over Karabakh war",
    "Both sides report heavy losses as battle for {front} continues",
    "Red Cross calls for access to wounded near {front}",
    "{az} and {am} trade accusations over latest strikes",
    "Talks in {city} end without breakthrough",
    "Mourners bury soldiers in {place}",
    "Night of shelling leaves {place} without power",
];
const TITLE_NP: &[&str] = &[
    "Debate over {T} deepens as fighting rages",
    "Fresh row over {T} as clashes spread to {place}",
    "{T} in focus as envoys meet in {city}",
    "Anger over {T} grows in {place}",
];
const TITLE_PRED: &[&str] = &["{front}, {T}, hit by heavy shelling"];
const TITLE_TAG: &[&str] = &["Hashtag #{T} trends as fighting rages"];
const TITLE_V_BASE: &[&str] = &["Army vows to {T}"];
const TITLE_V_S: &[&str] = &["Army says it {T}"];
const TITLE_V_ED: &[&str] = &["Army says it has {T}"];
const TITLE_V_ING: &[&str] = &["Troops press on, {T}"];
const TITLE_DEAL_BASE: &[&str] = &["Envoys seek to {T}"];
const TITLE_DEAL_ED: &[&str] = &["Envoys {T} in {city}"];

/// Captions that come with a photo credit line.
const CAPTIONS: &[&str] = &[
    "Azerbaijani soldiers walk past damaged buildings in {front} on {date}.",
    "A woman looks at her damaged house in {place} after shelling on {date}.",
    "Armenian soldiers fire artillery toward positions near {front}.",
    "Smoke rises over {front} during fighting on {date}.",
    "A man carries belongings out of a damaged apartment block in {place}.",
    "Children sit in a basement used as a shelter in {place}.",
    "Volunteers unload boxes of aid at a warehouse in {place}.",
    "Mourners gather at a funeral for a soldier in {place}.",
    "A destroyed car lies on a street in {place} after a rocket strike.",
    "Residents clear rubble from a street in {place} on {date}.",
];
const CAPTION_NP: &[&str] = &[
    "Protesters in {city} hold placards about {T}.",
    "A banner about {T} hangs on a wall in {place}.",
];
/// Captions the cleaner recognises by their opening words.
const PHOTO_LINES: &[&str] = &[
    "In this photo provided by Azerbaijan's Defence Ministry, troops fire artillery toward {front}.",
    "In this image taken from video released by Armenia's Defence Ministry, a drone strike hits a tank near {front}.",
    "In this photo taken on {date}, a man stands next to a crater in {place}.",
    "In this handout photo, rescuers search a damaged building in {place}.",
    "File photo: Soldiers on a mountain road near {front}.",
];

const TWEETS: &[&str] = &[
    "{front} was shelled again this morning. Homes destroyed, families in basements.",
    "Our thoughts are with the people of {place} tonight.",
    "Another night of strikes on {place}. The world must not stay silent.",
    "Sirens again in {place}. Please stay safe, everyone.",
    "Footage from {front} this morning shows the scale of the destruction.",
];
const TWEET_NP: &[&str] = &[
    "The world must see the truth about {T}.",
    "Enough silence about {T}. Speak up.",
];
