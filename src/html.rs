//! HTML report: one self-contained `report.html` drawn from a finished run's tables.
//!
//! Everything is inline (CSS, SVG, a few lines of script); nothing is fetched. Every number a
//! chart shows is read from a CSV table of the run and carried on the element as `data-value`
//! (or `data-own`/`data-quote`), so tests and readers can check a picture against its table.
//! Intervals come from the same bootstrap as `compare` (over articles, seeded).

use crate::compare::{self, RunData, Settings, MIN_ARTICLES};
use crate::kwic::{self, KwicRow};
use crate::report::{self, Staged};
use crate::stats::Interval;
use anyhow::{Context, Result};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
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
            let secs: i64 = s
                .trim()
                .parse()
                .with_context(|| format!("SOURCE_DATE_EPOCH={s:?} is not a number of seconds"))?;
            jiff::Timestamp::from_second(secs)
                .with_context(|| format!("SOURCE_DATE_EPOCH={s:?} is out of range"))?
        }
        None => jiff::Timestamp::now(),
    };
    Ok(ts.strftime("%Y-%m-%d %H:%M UTC").to_string())
}

/// Writes `report.html` for the run in `dir` to `out` (default `dir/report.html`) atomically.
pub fn write(dir: &Path, out: Option<&Path>, opts: &HtmlOptions) -> Result<PathBuf> {
    let html = render(dir, opts)?;
    let dest = out.map_or_else(|| dir.join(REPORT), Path::to_path_buf);
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = dest
        .file_name()
        .with_context(|| format!("{}: not a file name", dest.display()))?
        .to_string_lossy()
        .into_owned();
    let mut staged = Staged::new(&parent)?;
    let mut w = staged.create(&name)?;
    w.write_all(html.as_bytes())
        .and_then(|()| w.flush())
        .with_context(|| format!("{}: cannot write", dest.display()))?;
    drop(w);
    staged.commit()?;
    Ok(dest)
}

/// A CSV table read whole, with columns looked up by name.
struct Table {
    path: PathBuf,
    headers: csv::StringRecord,
    rows: Vec<csv::StringRecord>,
}

impl Table {
    fn read(path: PathBuf) -> Result<Table> {
        let (headers, rows) = report::read_table(&path)?;
        Ok(Table {
            path,
            headers,
            rows,
        })
    }

    fn col(&self, name: &str) -> Result<usize> {
        report::col(&self.headers, name, &self.path)
    }

    fn has(&self, name: &str) -> bool {
        self.headers.iter().any(|h| h == name)
    }
}

struct SideInfo {
    id: String,
    label: String,
}

struct FrameInfo {
    id: String,
    label: String,
    side: String,
    description: String,
}

/// One heatmap cell, from `outlet_frames.csv`.
struct Cell {
    hits_own: String,
    hits_quote: String,
    rate: String,
}

/// One outlet, from `outlet_summary.csv`.
struct OutletInfo {
    name: String,
    articles: usize,
    tokens: String,
    lean_own: String,
    lean_quote: String,
    /// Own and quoted title+body hits per side id.
    by_side: BTreeMap<String, (u64, u64)>,
}

/// A mean sentiment from `outlet_actor_sentiment.csv`: (mentions, mean_score text).
type SentCell = (String, String);

struct Report {
    run: Value,
    dir: PathBuf,
    sides: Vec<SideInfo>,
    frames: Vec<FrameInfo>,
    outlets: Vec<OutletInfo>,
    cells: BTreeMap<(String, String), Cell>,
    /// (actor, outlet, voice) -> cell.
    sentiment: Option<BTreeMap<(String, String, String), SentCell>>,
    actors: Vec<(String, String)>,
    /// Evidence per frame id, streamed from `hits.csv` (only the lines shown are kept).
    evidence: BTreeMap<String, FrameEvidence>,
    data: RunData,
}

/// A frame's hits: counts of all of them, and the first `cap` lines of each outlet.
#[derive(Default)]
struct FrameEvidence {
    total: usize,
    own: usize,
    /// Outlet -> hits of the frame in that outlet.
    per_outlet: BTreeMap<String, usize>,
    shown: Vec<KwicRow>,
}

fn load(dir: &Path, cap: usize) -> Result<Report> {
    let run_path = dir.join(report::RUN);
    let run: Value =
        serde_json::from_str(&std::fs::read_to_string(&run_path).with_context(|| {
            format!(
                "{}: cannot read (run `framescope analyze` first)",
                run_path.display()
            )
        })?)
        .with_context(|| format!("{}: not valid JSON", run_path.display()))?;
    let lex = &run["lexicon"];
    let str_of = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().to_string();

    let t = Table::read(dir.join(report::OUTLET_FRAMES))?;
    let c: Vec<usize> = [
        "outlet",
        "frame",
        "side",
        "hits_own",
        "hits_quote",
        "rate_own_per_1k",
    ]
    .iter()
    .map(|n| t.col(n))
    .collect::<Result<_>>()?;
    let mut frames: Vec<FrameInfo> = Vec::new();
    let mut cells = BTreeMap::new();
    for r in &t.rows {
        if !frames.iter().any(|f| f.id == r[c[1]]) {
            // Labels come from run.json; older runs without them fall back to ids.
            let info = lex["frame_labels"]
                .as_array()
                .and_then(|a| a.iter().find(|f| f["id"] == r[c[1]]));
            frames.push(FrameInfo {
                id: r[c[1]].to_string(),
                label: info.map_or_else(|| r[c[1]].to_string(), |f| str_of(f, "label")),
                side: r[c[2]].to_string(),
                description: info.map(|f| str_of(f, "description")).unwrap_or_default(),
            });
        }
        cells.insert(
            (r[c[0]].to_string(), r[c[1]].to_string()),
            Cell {
                hits_own: r[c[3]].to_string(),
                hits_quote: r[c[4]].to_string(),
                rate: r[c[5]].to_string(),
            },
        );
    }

    let mut sides: Vec<SideInfo> = lex["sides"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| SideInfo {
                    id: str_of(s, "id"),
                    label: str_of(s, "label"),
                })
                .collect()
        })
        .unwrap_or_default();
    for f in &frames {
        if !f.side.is_empty() && !sides.iter().any(|s| s.id == f.side) {
            sides.push(SideInfo {
                id: f.side.clone(),
                label: f.side.clone(),
            });
        }
    }

    let t = Table::read(dir.join(report::OUTLET_SUMMARY))?;
    let c: Vec<usize> = ["outlet", "articles", "tokens", "lean_own", "lean_quote"]
        .iter()
        .map(|n| t.col(n))
        .collect::<Result<_>>()?;
    let side_cols: Vec<(String, usize, usize)> = sides
        .iter()
        .filter(|s| t.has(&format!("own_{}", s.id)) && t.has(&format!("quote_{}", s.id)))
        .map(|s| {
            Ok((
                s.id.clone(),
                t.col(&format!("own_{}", s.id))?,
                t.col(&format!("quote_{}", s.id))?,
            ))
        })
        .collect::<Result<_>>()?;
    let mut outlets = Vec::new();
    for r in &t.rows {
        let n = |i: usize| r[i].parse::<u64>().unwrap_or(0);
        outlets.push(OutletInfo {
            name: r[c[0]].to_string(),
            articles: r[c[1]].parse().unwrap_or(0),
            tokens: r[c[2]].to_string(),
            lean_own: r[c[3]].to_string(),
            lean_quote: r[c[4]].to_string(),
            by_side: side_cols
                .iter()
                .map(|(s, o, q)| (s.clone(), (n(*o), n(*q))))
                .collect(),
        });
    }

    let p = dir.join(report::OUTLET_ACTOR_SENTIMENT);
    let sentiment: Option<BTreeMap<(String, String, String), SentCell>> =
        if p.is_file() && run["sentiment"].is_object() {
            let t = Table::read(p)?;
            let c: Vec<usize> = ["outlet", "actor", "voice", "mentions", "mean_score"]
                .iter()
                .map(|n| t.col(n))
                .collect::<Result<_>>()?;
            Some(
                t.rows
                    .iter()
                    .map(|r| {
                        (
                            (
                                r[c[1]].to_string(),
                                r[c[0]].to_string(),
                                r[c[2]].to_string(),
                            ),
                            (r[c[3]].to_string(), r[c[4]].to_string()),
                        )
                    })
                    .collect(),
            )
        } else {
            None
        };
    let mut actors: Vec<(String, String)> = lex["actors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| (str_of(x, "id"), str_of(x, "name")))
                .collect()
        })
        .unwrap_or_default();
    if let Some(s) = &sentiment {
        for (actor, _, _) in s.keys() {
            if !actors.iter().any(|(id, _)| id == actor) {
                actors.push((actor.clone(), actor.clone()));
            }
        }
    }
    Ok(Report {
        dir: dir.to_path_buf(),
        sides,
        frames,
        outlets,
        cells,
        sentiment,
        actors,
        evidence: {
            let mut ev: BTreeMap<String, FrameEvidence> = BTreeMap::new();
            kwic::for_each_hit(dir, |hit| {
                let e = ev.entry(hit.frame.clone()).or_default();
                e.total += 1;
                e.own += usize::from(hit.voice == "own");
                let n = e.per_outlet.entry(hit.outlet.clone()).or_default();
                *n += 1;
                if *n <= cap {
                    e.shown.push(hit);
                }
                Ok(())
            })?;
            ev
        },
        data: RunData::load(dir)?,
        run,
    })
}

/// Renders the report of the run in `dir`.
pub fn render(dir: &Path, opts: &HtmlOptions) -> Result<String> {
    let r = load(dir, opts.evidence_per_outlet)?;
    let mut h = String::with_capacity(1 << 16);
    let corpus = r.run["input"].as_str().unwrap_or_default();
    let title = format!("framescope report: {}", corpus_name(corpus));
    // Infallible: writing to a String.
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <meta name=\"generator\" content=\"framescope {}\"/>\n<title>{}</title>\n\
         <style>{CSS}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        esc(&title)
    );
    header(&mut h, &r, opts, &title);
    h.push_str("<main>\n");
    heatmap(&mut h, &r);
    lean(&mut h, &r, opts);
    voice(&mut h, &r);
    sentiment(&mut h, &r, opts);
    evidence(&mut h, &r, opts);
    h.push_str("</main>\n");
    let _ = write!(
        h,
        "<footer><p>Made by framescope {} from the tables in <code>{}</code>: \
         every number above is in those CSV files.</p></footer>\n\
         <script>//<![CDATA[\n{SCRIPT}\n//]]></script>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        esc(&r.dir.display().to_string())
    );
    Ok(h)
}

fn corpus_name(input: &str) -> String {
    Path::new(input)
        .file_stem()
        .map_or_else(|| input.to_string(), |s| s.to_string_lossy().into_owned())
}

/// Escapes text for HTML text and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in HTML (or XML) text.
            c if c.is_control() && !matches!(c, '\n' | '\t') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A fragment id made of safe characters; distinct ids stay distinct (hex escapes).
fn slug(s: &str) -> String {
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

fn header(h: &mut String, r: &Report, opts: &HtmlOptions, title: &str) {
    let run = &r.run;
    let lex = &run["lexicon"];
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let run_cmd: Vec<String> = run["command"]
        .as_array()
        .map(|a| a.iter().map(s).collect())
        .unwrap_or_default();
    let counts = &run["counts"];
    let tables_cmd = format!("framescope {}", shell_line(&run_cmd));
    let commands = if tables_cmd == opts.command {
        format!("<code class=\"cmd\">{}</code>", esc(&tables_cmd))
    } else {
        format!(
            "tables: <code class=\"cmd\">{}</code><br/>report: <code class=\"cmd\">{}</code>",
            esc(&tables_cmd),
            esc(&opts.command)
        )
    };
    let model = match &run["sentiment"] {
        Value::Object(m) => format!(
            "<code>{}</code> (sha256 <code title=\"{}\">{}</code>)",
            esc(&s(&m["model"])),
            esc(&s(&m["model_sha256"])),
            esc(&s(&m["model_sha256"]).chars().take(12).collect::<String>())
        ),
        _ => "did not run (<code>--no-sentiment</code>)".to_string(),
    };
    let _ = write!(
        h,
        "<header>\n<h1>{}</h1>\n<p class=\"lede\">{}</p>\n<dl class=\"provenance\">\n\
         <dt>Corpus</dt><dd><code>{}</code>: {} articles from {} outlets; {} inputs skipped \
         (listed in <code>skipped.csv</code>)</dd>\n\
         <dt>Lexicon</dt><dd><code>{}</code> version <code>{}</code>, sha256 \
         <code class=\"hash\">{}</code> (<code>{}</code>)</dd>\n\
         <dt>Sentiment model</dt><dd>{}</dd>\n\
         <dt>Tool</dt><dd>tables by framescope {}; report by framescope {}</dd>\n\
         <dt>Generated</dt><dd><time>{}</time></dd>\n\
         <dt>Commands</dt><dd>{}</dd>\n</dl>\n",
        esc(title),
        esc(&s(&lex["title"])),
        esc(&s(&run["input"])),
        counts["documents"],
        counts["outlets"],
        counts["skipped"],
        esc(&s(&lex["id"])),
        esc(&s(&lex["version"])),
        esc(&s(&lex["sha256"])),
        esc(&s(&lex["source"])),
        model,
        esc(&s(&run["version"])),
        env!("CARGO_PKG_VERSION"),
        esc(&opts.generated),
        commands,
    );
    h.push_str(
        "<nav><a href=\"#heatmap\">Frames by outlet</a> · <a href=\"#lean\">Lean</a> · \
         <a href=\"#voice\">Own voice vs quotes</a> · <a href=\"#sentiment\">Sentiment</a> · \
         <a href=\"#evidence\">Evidence</a></nav>\n</header>\n",
    );
}

/// Sequential colour ramp (ColorBrewer Blues) for heatmap cells; `t` in 0..=1.
fn ramp(t: f64) -> (String, bool) {
    const STOPS: [[u8; 3]; 9] = [
        [0xf7, 0xfb, 0xff],
        [0xde, 0xeb, 0xf7],
        [0xc6, 0xdb, 0xef],
        [0x9e, 0xca, 0xe1],
        [0x6b, 0xae, 0xd6],
        [0x42, 0x92, 0xc6],
        [0x21, 0x71, 0xb5],
        [0x08, 0x51, 0x9c],
        [0x08, 0x30, 0x6b],
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * (STOPS.len() - 1) as f64;
    let i = (x.floor() as usize).min(STOPS.len() - 2);
    let f = x - i as f64;
    let c: Vec<u8> = (0..3)
        .map(|k| {
            let (a, b) = (STOPS[i][k] as f64, STOPS[i + 1][k] as f64);
            (a + (b - a) * f).round() as u8
        })
        .collect();
    (format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]), t > 0.55)
}

/// Side groups in display order: each declared side, then frames without a side.
fn frame_groups(r: &Report) -> Vec<(String, Vec<&FrameInfo>)> {
    let mut groups: Vec<(String, Vec<&FrameInfo>)> = r
        .sides
        .iter()
        .map(|s| {
            (
                s.label.clone(),
                r.frames.iter().filter(|f| f.side == s.id).collect(),
            )
        })
        .collect();
    groups.push((
        "No side".to_string(),
        r.frames.iter().filter(|f| f.side.is_empty()).collect(),
    ));
    groups.retain(|(_, fs)| !fs.is_empty());
    groups
}

fn heatmap(h: &mut String, r: &Report) {
    let max = r
        .cells
        .values()
        .filter_map(|c| c.rate.parse::<f64>().ok())
        .fold(0.0_f64, f64::max);
    let scale_max = if max > 0.0 { nice_ceil(max) } else { 1.0 };
    h.push_str(
        "<section id=\"heatmap\">\n<h2>Frames by outlet: own-voice rate per 1,000 tokens</h2>\n\
         <p class=\"how\">How to read this: each cell counts the outlet's <em>own</em> uses of a \
         frame's terms in titles and body text (quotes, teasers, captions and embeds excluded) per \
         1,000 tokens of its title and body text; darker is more. Columns are grouped by the side \
         whose framing the terms echo. Select a cell for the sentences behind it. Numbers are \
         <code>rate_own_per_1k</code> in <code>outlet_frames.csv</code>.</p>\n",
    );
    let groups = frame_groups(r);
    h.push_str("<div class=\"scroll\"><table class=\"heatmap\">\n<thead><tr><th></th>");
    for (i, (label, fs)) in groups.iter().enumerate() {
        let _ = write!(
            h,
            "<th colspan=\"{}\" class=\"group g{}\">{}</th>",
            fs.len(),
            i % 4,
            esc(label)
        );
    }
    h.push_str("</tr>\n<tr><th scope=\"col\">Outlet</th>");
    for (_, fs) in &groups {
        for f in fs {
            let _ = write!(
                h,
                "<th scope=\"col\" class=\"frame\" title=\"{}\"><span>{}</span></th>",
                esc(&f.description),
                esc(&f.label)
            );
        }
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for o in &r.outlets {
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{} <small>{} {}, {} tokens</small></th>",
            esc(&o.name),
            o.articles,
            plural(o.articles, "article"),
            esc(&o.tokens)
        );
        for (_, fs) in &groups {
            for f in fs {
                let Some(c) = r.cells.get(&(o.name.clone(), f.id.clone())) else {
                    h.push_str("<td class=\"na\">–</td>");
                    continue;
                };
                let v = c.rate.parse::<f64>().unwrap_or(0.0);
                let (bg, dark) = ramp(v / scale_max);
                let _ = write!(
                    h,
                    "<td style=\"background:{bg}\"><a class=\"cell{}\" href=\"#ev-{}\" \
                     data-outlet=\"{}\" data-frame=\"{}\" data-value=\"{}\" \
                     title=\"{}: {} own-voice hits ({} quoted) in {}; {} per 1,000 tokens\">{}</a></td>",
                    if dark { " dark" } else { "" },
                    slug(&f.id),
                    esc(&o.name),
                    esc(&f.id),
                    esc(&c.rate),
                    esc(&o.name),
                    esc(&c.hits_own),
                    esc(&c.hits_quote),
                    esc(&f.label),
                    esc(&c.rate),
                    if v == 0.0 { "·".to_string() } else { format!("{v:.1}") }
                );
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table></div>\n");
    // Legend: the ramp from 0 to the scale maximum.
    let _ = write!(
        h,
        "<figure class=\"legend\"><svg width=\"320\" height=\"44\" viewBox=\"0 0 320 44\" \
         role=\"img\" aria-label=\"Colour scale from 0 to {scale_max} per 1,000 tokens\">\
         <defs><linearGradient id=\"ramp\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">"
    );
    for k in 0..=8 {
        let t = k as f64 / 8.0;
        let _ = write!(
            h,
            "<stop offset=\"{:.3}\" stop-color=\"{}\"/>",
            t,
            ramp(t).0
        );
    }
    let _ = write!(
        h,
        "</linearGradient></defs><rect x=\"10\" y=\"6\" width=\"300\" height=\"14\" \
         fill=\"url(#ramp)\" stroke=\"#999\"/>"
    );
    for k in 0..=4 {
        let v = scale_max * k as f64 / 4.0;
        let x = 10.0 + 300.0 * k as f64 / 4.0;
        let _ = write!(
            h,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"20\" y2=\"25\" stroke=\"#555\"/>\
             <text x=\"{x:.1}\" y=\"37\" text-anchor=\"middle\">{}</text>",
            trim_num(v)
        );
    }
    h.push_str(
        "</svg><figcaption>own-voice hits per 1,000 tokens (· = none)</figcaption></figure>\n\
         </section>\n",
    );
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// A round number at or above `x` (1, 2, 2.5, 5 times a power of ten).
fn nice_ceil(x: f64) -> f64 {
    let p = 10f64.powf(x.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * p >= x {
            return m * p;
        }
    }
    10.0 * p
}

fn trim_num(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Geometry of a horizontal dot plot on [-1, 1].
struct Axis {
    left: f64,
    width: f64,
}

impl Axis {
    fn x(&self, v: f64) -> f64 {
        self.left + (v.clamp(-1.0, 1.0) + 1.0) / 2.0 * self.width
    }

    /// Grid lines and labels at -1, -0.5, 0, 0.5, 1 from `top` to `bottom`.
    fn grid(&self, h: &mut String, top: f64, bottom: f64) {
        for k in 0..=4 {
            let v = -1.0 + k as f64 * 0.5;
            let x = self.x(v);
            let _ = write!(
                h,
                "<line class=\"grid{}\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{top:.1}\" \
                 y2=\"{bottom:.1}\"/><text class=\"tick\" x=\"{x:.1}\" y=\"{:.1}\" \
                 text-anchor=\"middle\">{}</text>",
                if v == 0.0 { " zero" } else { "" },
                top - 6.0,
                trim_num(v)
            );
        }
    }
}

/// A dot with an optional interval whiskers line, carrying its value.
fn dot(
    h: &mut String,
    axis: &Axis,
    y: f64,
    class: &str,
    value_text: &str,
    ci: Option<&Interval>,
    tooltip: &str,
) {
    let Ok(v) = value_text.parse::<f64>() else {
        return;
    };
    if let Some(ci) = ci {
        let _ = write!(
            h,
            "<line class=\"ci {class}\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" \
             data-low=\"{:.4}\" data-high=\"{:.4}\"/>",
            axis.x(ci.low),
            axis.x(ci.high),
            ci.low,
            ci.high
        );
    }
    let _ = write!(
        h,
        "<circle class=\"dot {class}\" cx=\"{:.1}\" cy=\"{y:.1}\" r=\"5\" data-value=\"{}\">\
         <title>{}</title></circle>",
        axis.x(v),
        esc(value_text),
        esc(tooltip)
    );
}

fn ci_text(ci: Option<&Interval>, level: f64) -> String {
    ci.map(|c| {
        format!(
            ", {:.0} % interval {:.2} to {:.2}",
            level * 100.0,
            c.low,
            c.high
        )
    })
    .unwrap_or_default()
}

fn lean(h: &mut String, r: &Report, opts: &HtmlOptions) {
    let sides = r.run["lexicon"]["lean"].as_array().and_then(|a| {
        let id = |i: usize| a.get(i)?.as_str();
        Some((id(0)?.to_string(), id(1)?.to_string()))
    });
    h.push_str("<section id=\"lean\">\n<h2>Lean: whose wording each outlet uses</h2>\n");
    let Some((a, b)) = sides else {
        h.push_str("<p>The lexicon declares no <code>lean</code> pair of sides.</p>\n</section>\n");
        return;
    };
    let label = |id: &str| {
        r.sides
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_string(), |s| s.label.clone())
    };
    let (la, lb) = (label(&a), label(&b));
    let _ = writeln!(
        h,
        "<p class=\"how\">How to read this: lean = (a − b) / (a + b), where a and b count \
         title and body hits of the frames of <strong>{}</strong> (a, toward +1) and \
         <strong>{}</strong> (b, toward −1). Filled dots are the outlet's own voice, open dots \
         the wording it quotes. Lines are {:.0} % bootstrap intervals over articles, drawn only \
         for outlets with at least {MIN_ARTICLES} articles. Numbers are <code>lean_own</code> \
         and <code>lean_quote</code> in <code>outlet_summary.csv</code>.</p>",
        esc(&la),
        esc(&lb),
        opts.settings.level * 100.0
    );
    let mut rows: Vec<(&OutletInfo, Option<f64>)> = r
        .outlets
        .iter()
        .map(|o| (o, o.lean_own.parse::<f64>().ok()))
        .collect();
    // Most side-a first; outlets without own-voice side terms last.
    rows.sort_by(|x, y| match (x.1, y.1) {
        (Some(p), Some(q)) => q.total_cmp(&p).then_with(|| x.0.name.cmp(&y.0.name)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => x.0.name.cmp(&y.0.name),
    });
    let axis = Axis {
        left: 230.0,
        width: 440.0,
    };
    let (top, row_h) = (34.0, 26.0);
    let height = top + row_h * rows.len() as f64 + 30.0;
    let _ = write!(
        h,
        "<figure><svg class=\"chart\" viewBox=\"0 0 860 {height:.0}\" role=\"img\" \
         aria-label=\"Lean per outlet\">"
    );
    axis.grid(h, top, top + row_h * rows.len() as f64);
    for (i, (o, _)) in rows.iter().enumerate() {
        let y = top + row_h * (i as f64 + 0.5);
        let row = compare::lean_row(&r.data, &o.name, &opts.settings);
        let _ = write!(
            h,
            "<g class=\"lean-row\" data-outlet=\"{}\"><text class=\"label\" x=\"{:.1}\" \
             y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            esc(&o.name),
            axis.left - 12.0,
            y + 4.0,
            esc(&o.name)
        );
        if o.lean_own.is_empty() && o.lean_quote.is_empty() {
            let _ = write!(
                h,
                "<text class=\"note\" x=\"{:.1}\" y=\"{:.1}\">no hits of either side</text>",
                axis.left,
                y + 4.0
            );
        }
        dot(
            h,
            &axis,
            y - 4.0,
            "own",
            &o.lean_own,
            row.lean_own_ci.as_ref(),
            &format!(
                "{}: own-voice lean {}{}",
                o.name,
                o.lean_own,
                ci_text(row.lean_own_ci.as_ref(), opts.settings.level)
            ),
        );
        dot(
            h,
            &axis,
            y + 4.0,
            "quote",
            &o.lean_quote,
            row.lean_quote_ci.as_ref(),
            &format!(
                "{}: quoted-voice lean {}{}",
                o.name,
                o.lean_quote,
                ci_text(row.lean_quote_ci.as_ref(), opts.settings.level)
            ),
        );
        let _ = write!(
            h,
            "<text class=\"note\" x=\"{:.1}\" y=\"{:.1}\">{} {}{}</text></g>",
            axis.left + axis.width + 16.0,
            y + 4.0,
            o.articles,
            plural(o.articles, "article"),
            if o.articles < MIN_ARTICLES {
                " (no interval)"
            } else {
                ""
            }
        );
    }
    let base = top + row_h * rows.len() as f64 + 20.0;
    let _ = write!(
        h,
        "<text class=\"axis\" x=\"{:.1}\" y=\"{base:.1}\">← {}</text>\
         <text class=\"axis\" x=\"{:.1}\" y=\"{base:.1}\" text-anchor=\"end\">{} →</text>\
         </svg><figcaption><span class=\"key own\">●</span> own voice \
         <span class=\"key quote\">○</span> quoted voice</figcaption></figure>\n</section>\n",
        axis.left,
        esc(&lb),
        axis.left + axis.width,
        esc(&la)
    );
}

fn voice(h: &mut String, r: &Report) {
    h.push_str(
        "<section id=\"voice\">\n<h2>Own voice vs quotes</h2>\n<p class=\"how\">How to read \
         this: for each outlet and side, one bar counts the title and body hits of that side's \
         frames; the solid part is the outlet's own words, the pale part words it quotes or \
         attributes inside quotation marks. A long pale part means the outlet reports a side's \
         framing rather than adopting it. Numbers are <code>own_*</code> and <code>quote_*</code> \
         in <code>outlet_summary.csv</code>.</p>\n",
    );
    let sides: Vec<&SideInfo> = r
        .sides
        .iter()
        .filter(|s| r.outlets.iter().any(|o| o.by_side.contains_key(&s.id)))
        .collect();
    if sides.is_empty() {
        h.push_str("<p>No side columns in <code>outlet_summary.csv</code>.</p>\n</section>\n");
        return;
    }
    let max = r
        .outlets
        .iter()
        .flat_map(|o| o.by_side.values().map(|(a, b)| a + b))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let (left, width, bar_h, gap) = (230.0, 420.0, 14.0, 12.0);
    let group_h = bar_h * sides.len() as f64 + 4.0 * (sides.len() as f64 - 1.0) + gap;
    let height = 10.0 + group_h * r.outlets.len() as f64 + 10.0;
    let _ = write!(
        h,
        "<figure><svg class=\"chart\" viewBox=\"0 0 860 {height:.0}\" role=\"img\" \
         aria-label=\"Own and quoted hits per side and outlet\">"
    );
    for (i, o) in r.outlets.iter().enumerate() {
        let y0 = 10.0 + group_h * i as f64;
        let _ = write!(
            h,
            "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left - 12.0,
            y0 + bar_h - 2.0,
            esc(&o.name)
        );
        for (k, s) in sides.iter().enumerate() {
            let (own, quote) = o.by_side.get(&s.id).copied().unwrap_or((0, 0));
            let y = y0 + (bar_h + 4.0) * k as f64;
            let (wo, wq) = (own as f64 / max * width, quote as f64 / max * width);
            let total = own + quote;
            let share = if total > 0 {
                format!(" ({:.0} % own)", own as f64 * 100.0 / total as f64)
            } else {
                String::new()
            };
            let _ = write!(
                h,
                "<g class=\"bar\" data-outlet=\"{}\" data-side=\"{}\" data-own=\"{own}\" \
                 data-quote=\"{quote}\"><title>{}, {}: {own} own, {quote} quoted{share}</title>\
                 <rect class=\"own s{}\" x=\"{left:.1}\" y=\"{y:.1}\" width=\"{wo:.2}\" \
                 height=\"{bar_h}\"/><rect class=\"quote s{}\" x=\"{:.2}\" y=\"{y:.1}\" \
                 width=\"{wq:.2}\" height=\"{bar_h}\"/><text class=\"note\" x=\"{:.1}\" \
                 y=\"{:.1}\">{} {own} own · {quote} quoted{share}</text></g>",
                esc(&o.name),
                esc(&s.id),
                esc(&o.name),
                esc(&s.label),
                k % 4,
                k % 4,
                left + wo,
                left + wo + wq + 6.0,
                y + bar_h - 3.0,
                esc(&s.id),
            );
        }
    }
    h.push_str("</svg><figcaption>");
    for (k, s) in sides.iter().enumerate() {
        let _ = write!(
            h,
            "<span class=\"swatch own s{}\"></span><span class=\"swatch quote s{}\"></span> {} \
             (solid own, pale quoted) ",
            k % 4,
            k % 4,
            esc(&s.label)
        );
    }
    let _ = write!(
        h,
        "· bar length: hits, longest = {}</figcaption></figure>\n</section>\n",
        max as u64
    );
}

fn sentiment(h: &mut String, r: &Report, opts: &HtmlOptions) {
    h.push_str("<section id=\"sentiment\">\n<h2>Sentiment toward each actor</h2>\n");
    let Some(sent) = &r.sentiment else {
        h.push_str(
            "<p>The sentiment stage did not run for this corpus (<code>--no-sentiment</code>), \
             so there is no chart.</p>\n</section>\n",
        );
        return;
    };
    let _ = writeln!(
        h,
        "<p class=\"how\">How to read this: each dot is the mean of p(positive) − p(negative) \
         over an outlet's title and body mentions of the actor, as the sentiment model scores \
         the sentence toward that mention: −1 is wholly negative, +1 wholly positive. Filled dots \
         are mentions in the outlet's own voice, open dots mentions inside quotes. Lines are \
         {:.0} % bootstrap intervals over articles (outlets with at least {MIN_ARTICLES} \
         articles). Numbers are <code>mean_score</code> in \
         <code>outlet_actor_sentiment.csv</code>; single mentions are in \
         <code>actor_mentions.csv</code>.</p>",
        opts.settings.level * 100.0
    );
    let axis = Axis {
        left: 230.0,
        width: 400.0,
    };
    for (actor, name) in &r.actors {
        let outlets: Vec<&OutletInfo> = r
            .outlets
            .iter()
            .filter(|o| {
                ["own", "quote"].iter().any(|v| {
                    sent.get(&(actor.clone(), o.name.clone(), v.to_string()))
                        .is_some_and(|(_, m)| !m.is_empty())
                })
            })
            .collect();
        let _ = write!(
            h,
            "<figure class=\"actor\" data-actor=\"{}\"><figcaption><strong>{}</strong></figcaption>",
            esc(actor),
            esc(name)
        );
        if outlets.is_empty() {
            h.push_str("<p class=\"note\">No title or body mentions.</p></figure>\n");
            continue;
        }
        let (top, row_h) = (28.0, 24.0);
        let height = top + row_h * outlets.len() as f64 + 8.0;
        let _ = write!(
            h,
            "<svg class=\"chart\" viewBox=\"0 0 860 {height:.0}\" role=\"img\" \
             aria-label=\"Sentiment toward {}\">",
            esc(name)
        );
        axis.grid(h, top, top + row_h * outlets.len() as f64);
        for (i, o) in outlets.iter().enumerate() {
            let y = top + row_h * (i as f64 + 0.5);
            let _ = write!(
                h,
                "<g class=\"sent-row\" data-outlet=\"{}\"><text class=\"label\" x=\"{:.1}\" \
                 y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                esc(&o.name),
                axis.left - 12.0,
                y + 4.0,
                esc(&o.name)
            );
            let mut counts = Vec::new();
            for (voice, dy, own) in [("own", -4.0, true), ("quote", 4.0, false)] {
                let Some((n, mean)) = sent.get(&(actor.clone(), o.name.clone(), voice.into()))
                else {
                    continue;
                };
                let m = compare::actor_mean(&r.data, &o.name, actor, own, &opts.settings);
                dot(
                    h,
                    &axis,
                    y + dy,
                    voice,
                    mean,
                    m.ci.as_ref(),
                    &format!(
                        "{}, {voice} voice: mean {mean} over {n} mentions{}",
                        o.name,
                        ci_text(m.ci.as_ref(), opts.settings.level)
                    ),
                );
                counts.push(format!("{voice} n={n}"));
            }
            let _ = write!(
                h,
                "<text class=\"note\" x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
                axis.left + axis.width + 16.0,
                y + 4.0,
                esc(&counts.join(" · "))
            );
        }
        h.push_str("</svg></figure>\n");
    }
    h.push_str(
        "<p class=\"note\"><span class=\"key own\">●</span> own voice \
         <span class=\"key quote\">○</span> quoted voice; axis: −1 negative … +1 positive</p>\n\
         </section>\n",
    );
}

fn evidence(h: &mut String, r: &Report, opts: &HtmlOptions) {
    let dir = r.dir.display().to_string();
    let _ = write!(
        h,
        "<section id=\"evidence\">\n<h2>Evidence: every count's sentences</h2>\n\
         <p class=\"how\">How to read this: for each frame, the sentences its hits came from, \
         with the matched words highlighted, in corpus order. <em>own</em> lines are the \
         outlet's words; <em>quote</em> lines are inside quotation marks; \
         <span class=\"badge\">attributed</span> marks own-voice sentences that report someone \
         (\"officials said\"), <span class=\"badge\">negated</span> a negated use. Up to {} lines \
         per frame and outlet are shown; all are in <code>hits.csv</code> or \
         <code>framescope kwic FRAME --from {}</code>.</p>\n",
        opts.evidence_per_outlet,
        esc(&shell_line(std::slice::from_ref(&dir)))
    );
    h.push_str(
        "<form id=\"filters\" class=\"filters\" hidden=\"hidden\">\
         <label>Outlet <select id=\"f-outlet\"><option value=\"\">all outlets</option>",
    );
    for o in &r.outlets {
        let _ = write!(
            h,
            "<option value=\"{}\">{}</option>",
            esc(&o.name),
            esc(&o.name)
        );
    }
    h.push_str(
        "</select></label> <label>Voice <select id=\"f-voice\"><option value=\"\">own and \
         quote</option><option value=\"own\">own</option><option value=\"quote\">quote</option>\
         </select></label> <output id=\"f-count\"></output></form>\n",
    );
    let none = FrameEvidence::default();
    for f in &r.frames {
        let ev = r.evidence.get(&f.id).unwrap_or(&none);
        let (total, own) = (ev.total, ev.own);
        let side = r
            .sides
            .iter()
            .find(|s| s.id == f.side)
            .map_or("no side", |s| s.label.as_str());
        let _ = write!(
            h,
            "<section class=\"frame-ev\" id=\"ev-{}\" data-frame=\"{}\" data-hits=\"{}\">\
             <h3>{} <small>{} · <code>{}</code></small></h3>\n<p>{}</p>\n\
             <p class=\"note\">{} {} in all zones: {own} own, {} quoted.</p>\n",
            slug(&f.id),
            esc(&f.id),
            total,
            esc(&f.label),
            esc(side),
            esc(&f.id),
            esc(&f.description),
            total,
            plural(total, "hit"),
            total - own
        );
        if total == 0 {
            h.push_str("</section>\n");
            continue;
        }
        h.push_str(
            "<div class=\"scroll\"><table class=\"kwic\"><thead><tr><th>Outlet</th>\
             <th>Article</th><th>Zone</th><th>Voice</th><th>Sentence</th></tr></thead><tbody>\n",
        );
        for hit in &ev.shown {
            let (left, matched, right) = kwic::split(hit, 160);
            let mut badges = String::new();
            if hit.voice == "own" && hit.attributed {
                badges.push_str(" <span class=\"badge\">attributed</span>");
            }
            if hit.negated {
                badges.push_str(" <span class=\"badge\">negated</span>");
            }
            let _ = writeln!(
                h,
                "<tr data-outlet=\"{}\" data-voice=\"{}\"><td>{}</td><td><code>{}</code></td>\
                 <td>{}</td><td class=\"v-{}\">{}{badges}</td><td class=\"ctx\">{}<mark \
                 title=\"term: {}\">{}</mark>{}</td></tr>",
                esc(&hit.outlet),
                esc(&hit.voice),
                esc(&hit.outlet),
                esc(&hit.doc_id),
                esc(&hit.zone),
                esc(&hit.voice),
                esc(&hit.voice),
                esc(&left),
                esc(&hit.term),
                esc(&matched),
                esc(&right)
            );
        }
        h.push_str("</tbody></table></div>\n");
        for (outlet, &t) in &ev.per_outlet {
            let s = t.min(opts.evidence_per_outlet);
            if s < t {
                let cmd = shell_line(&[
                    "framescope".into(),
                    "kwic".into(),
                    f.id.clone(),
                    "--outlet".into(),
                    outlet.to_string(),
                    "--from".into(),
                    dir.clone(),
                ]);
                let _ = writeln!(
                    h,
                    "<p class=\"more\" data-outlet=\"{}\">{}: showing {s} of {t} hits; all with \
                     <code>{}</code></p>",
                    esc(outlet),
                    esc(outlet),
                    esc(&cmd)
                );
            }
        }
        h.push_str("</section>\n");
    }
    h.push_str("</section>\n");
}

const CSS: &str = include_str!("html/report.css");

/// Filters the evidence tables; without scripts the form stays hidden and every row shows.
/// Written inside a CDATA guard, so the file also parses as XML (must not contain `]]>`).
const SCRIPT: &str = include_str!("html/report.js");
