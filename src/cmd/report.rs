//! framescope report [DIR | --from DIR] [--out FILE] [--evidence N] [--seed S] [--resamples N]
//!
//! Writes one self-contained HTML file (inline CSS and SVG, no network resources) with charts of
//! a finished run's tables: a frames-by-outlet heatmap, lean per outlet, own voice vs quotes,
//! sentiment toward each actor, and the evidence sentences behind every count. DIR defaults to
//! the newest run under reports/; the file goes to DIR/report.html unless --out is given.

use framescope::compare::Period;
use framescope::compare::Settings;
use framescope::html::{self, HtmlOptions, TrendOption};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(about = "Write a self-contained HTML report with charts of a run's tables")]
pub struct Args {
    /// Run folder [default: the newest under reports/].
    dir: Option<PathBuf>,
    /// Run folder, as the other commands name it (the same as DIR).
    #[arg(long, value_name = "DIR", conflicts_with = "dir")]
    from: Option<PathBuf>,
    /// Output file [default: DIR/report.html].
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    report: ReportArgs,
}

/// Options shared by `report` and `analyze --html`.
#[derive(clap::Args, Clone)]
pub struct ReportArgs {
    /// Evidence lines shown per frame and outlet (all are in hits.csv).
    #[arg(long, default_value_t = 40)]
    pub evidence: usize,
    /// Seed of the bootstrap intervals.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Bootstrap resamples for intervals.
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u64).range(100..))]
    pub resamples: u64,
    /// Heatmap and lean rows: outlets, a metadata column's groups, or periods (see compare --by);
    /// with a column, the trend chart draws one line per group.
    #[command(flatten)]
    pub by: super::ByArgs,
    /// Trend chart: `auto` (by month when the run has a date column spanning two months or
    /// more), `off`, or week|month|quarter|year.
    #[arg(long, default_value = "auto", value_parser = trend_option)]
    pub trend: TrendOption,
}

fn trend_option(s: &str) -> Result<TrendOption, String> {
    match s {
        "auto" => Ok(TrendOption::Auto),
        "off" => Ok(TrendOption::Off),
        p => p
            .parse::<Period>()
            .map(TrendOption::By)
            .map_err(|_| format!("expected auto, off or one of {}", Period::NAMES.join(", "))),
    }
}

impl ReportArgs {
    /// Options for the report; the date honours SOURCE_DATE_EPOCH for reproducible files.
    pub fn options(&self) -> anyhow::Result<HtmlOptions> {
        let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
        Ok(HtmlOptions {
            settings: Settings {
                resamples: self.resamples as usize,
                seed: self.seed,
                ..Settings::default()
            },
            evidence_per_outlet: self.evidence,
            generated: html::timestamp(epoch.as_deref())?,
            command: html::shell_line(
                &std::iter::once("framescope".to_string())
                    .chain(std::env::args().skip(1))
                    .collect::<Vec<_>>(),
            ),
            by: self.by.spec(),
            trend: self.trend,
        })
    }
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let run = super::locate_run(a.dir.as_deref().or(a.from.as_deref()))?;
    let path = html::write(&run, a.out.as_deref(), &a.report.options()?)?;
    eprintln!("wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}
