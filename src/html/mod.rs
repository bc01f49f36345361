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
//! default, with `text::Markup`, so no code path can forget to.

mod charts;
mod evidence;
mod header;
mod model;
mod text;

pub use text::shell_line;

use crate::compare::{Grouping, Period, Settings, Unit, UnitSpec, DATE_COLUMNS};
use crate::error::{Error, Result};
use crate::run::{write_file_atomic, RunDir};
use askama::Template;
use charts::heatmap::Heatmap;
use charts::lean::LeanChart;
use charts::sentiment::Sentiment;
use charts::trend::TrendChart;
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
    /// Rows of the heatmap and the lean chart: outlets (the default), or groups or periods.
    pub by: UnitSpec,
    /// Whether and by what period to draw the trend chart.
    pub trend: TrendOption,
}

/// The report's trend chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TrendOption {
    /// By month when the run has a date column (`--date-col`, else one of
    /// [`DATE_COLUMNS`]) and its dates span two months or more.
    #[default]
    Auto,
    Off,
    By(Period),
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
    trend: Option<TrendChart>,
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
    let unit = opts.by.resolve(&r.data.meta_columns)?;
    let rows = match unit {
        Unit::Outlet => None,
        _ => Some(r.data.grouping(&unit)?),
    };
    let page = Page {
        version: env!("CARGO_PKG_VERSION"),
        header: header::header(&r, opts),
        heatmap: charts::heatmap::heatmap(&r, rows.as_ref()),
        trend: trend(&r, opts, rows.as_ref())?,
        lean: charts::lean::lean(&r, &opts.settings, rows.as_ref()),
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

/// The trend chart as `opts.trend` asks; its lines follow `rows` when they are a column's
/// groups.
fn trend(
    r: &model::Report,
    opts: &HtmlOptions,
    rows: Option<&Grouping>,
) -> Result<Option<TrendChart>> {
    let meta = &r.data.meta_columns;
    let period = match opts.trend {
        TrendOption::Off => return Ok(None),
        TrendOption::By(p) => p,
        TrendOption::Auto => {
            let dated = match &opts.by.date_col {
                Some(c) => meta.contains(c),
                None => DATE_COLUMNS.iter().any(|c| meta.iter().any(|m| m == c)),
            };
            if !dated {
                return Ok(None);
            }
            Period::Month
        }
    };
    let spec = UnitSpec::new(Some(period.as_str()), opts.by.date_col.as_deref());
    let periods = match spec.resolve(meta).and_then(|u| r.data.grouping(&u)) {
        Ok(p) => p,
        Err(_) if opts.trend == TrendOption::Auto => return Ok(None),
        Err(e) => return Err(e),
    };
    if opts.trend == TrendOption::Auto && periods.values.len() < 2 {
        return Ok(None);
    }
    let groups = rows.filter(|g| matches!(g.unit, Unit::Column(_)));
    Ok(Some(charts::trend::trend(
        r,
        &periods,
        groups,
        &opts.settings,
    )?))
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
