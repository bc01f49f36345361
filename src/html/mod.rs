//! HTML report: one self-contained `report.html` drawn from a finished run's tables.
//!
//! Everything is inline (CSS, SVG, a few lines of script); nothing is fetched. Every number a
//! chart shows is read from a CSV table of the run and carried on the element as `data-value`
//! (or `data-own`/`data-quote`), so tests and readers can check a picture against its table.
//! Intervals come from the same bootstrap as `compare` (over articles, seeded).
//!
//! The work is split in three: `model` reads the run through the typed run readers, the
//! section modules turn it into view structs with every number and coordinate computed, and
//! the askama templates in `templates/` only place them. Templates escape every value by
//! default, with [`text::Markup`], so no code path can forget to.

mod charts;
mod evidence;
mod header;
mod model;
mod text;

pub use text::shell_line;

use crate::compare::Settings;
use crate::error::{Error, Result};
use crate::run::{write_file_atomic, RunDir};
use askama::Template;
use charts::heatmap::Heatmap;
use charts::lean::LeanChart;
use charts::sentiment::Sentiment;
use charts::voice::VoiceChart;
use std::path::{Path, PathBuf};

/// File name of the report in a run folder.
pub const REPORT: &str = "report.html";

/// How the report is made.
#[derive(Debug, Clone)]
pub struct HtmlOptions {
    pub settings: Settings,
    /// Evidence lines shown per frame and outlet; the rest are counted and pointed to.
    pub evidence_per_outlet: usize,
    /// When the report was made, as shown in its header (see [`timestamp`]).
    pub generated: String,
    /// The command line that made the report, shown in its header.
    pub command: String,
}

/// `YYYY-MM-DD HH:MM UTC` for `SOURCE_DATE_EPOCH` (reproducible builds) if given, else now.
pub fn timestamp(source_date_epoch: Option<&str>) -> Result<String> {
    let ts = match source_date_epoch {
        Some(s) => {
            let bad = |why: &str| Error::Usage(format!("SOURCE_DATE_EPOCH={s:?} {why}"));
            let secs: i64 = s
                .trim()
                .parse()
                .map_err(|_| bad("is not a number of seconds"))?;
            jiff::Timestamp::from_second(secs).map_err(|_| bad("is out of range"))?
        }
        None => jiff::Timestamp::now(),
    };
    Ok(ts.strftime("%Y-%m-%d %H:%M UTC").to_string())
}

/// Writes `report.html` for `run` to `out` (default: in the run folder) atomically.
pub fn write(run: &RunDir, out: Option<&Path>, opts: &HtmlOptions) -> Result<PathBuf> {
    let html = render(run, opts)?;
    let dest = out.map_or_else(|| run.path().join(REPORT), Path::to_path_buf);
    Ok(write_file_atomic(&dest, html.as_bytes())?)
}

/// The whole page. Sections are included templates, so they share this one context and
/// escaper, and no section's markup is passed around as a string.
#[derive(Template)]
#[template(path = "report.html", config = "src/html/askama.toml")]
struct Page {
    version: &'static str,
    header: header::Header,
    heatmap: Heatmap,
    lean: Option<LeanChart>,
    voice: Option<VoiceChart>,
    sentiment: Option<Sentiment>,
    evidence: evidence::Evidence,
    run_dir: String,
    css: &'static str,
    script: &'static str,
}

/// Renders the report of the run in `dir`.
pub fn render(run: &RunDir, opts: &HtmlOptions) -> Result<String> {
    let r = model::load(run, opts.evidence_per_outlet)?;
    let page = Page {
        version: env!("CARGO_PKG_VERSION"),
        header: header::header(&r, opts),
        heatmap: charts::heatmap::heatmap(&r),
        lean: charts::lean::lean(&r, &opts.settings),
        voice: charts::voice::voice(&r),
        sentiment: charts::sentiment::sentiment(&r, &opts.settings),
        evidence: evidence::evidence(&r, opts.evidence_per_outlet),
        run_dir: r.dir.display().to_string(),
        css: CSS,
        script: SCRIPT,
    };
    let mut html = page
        .render()
        .map_err(|e| Error::Output(format!("cannot render {REPORT}: {e}")))?;
    // askama drops a template's final newline; a text file ends with one.
    html.push('\n');
    Ok(html)
}

/// Inlined into `<style>`, a raw-text element: entities would not be decoded there, so it is
/// written unescaped. The page must also stay XML, where `<` and `&` would break it.
const CSS: &str = include_str!("report.css");
const _: () = assert!(
    !contains(CSS.as_bytes(), b"<") && !contains(CSS.as_bytes(), b"&"),
    "report.css must not contain < or &: it is inlined unescaped"
);

/// Filters the evidence tables; without scripts the form stays hidden and every row shows.
/// Inlined unescaped inside a CDATA guard, so the file also parses as XML.
const SCRIPT: &str = include_str!("report.js");
const _: () = assert!(
    !contains(SCRIPT.as_bytes(), b"]]>") && !contains(SCRIPT.as_bytes(), b"</"),
    "report.js must not contain the CDATA end or a closing tag: it is inlined unescaped"
);

/// Whether `hay` contains `needle`; `const`, so the inlined files are checked when compiled.
const fn contains(hay: &[u8], needle: &[u8]) -> bool {
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        let mut k = 0;
        while k < needle.len() && hay[i + k] == needle[k] {
            k += 1;
        }
        if k == needle.len() {
            return true;
        }
        i += 1;
    }
    false
}
