//! # framescope
//!
//! framescope measures how news outlets frame a conflict. It reads articles from many outlets,
//! finds every term of a framing lexicon, keeps the outlet's own voice apart from the words it
//! quotes, scores sentiment toward each actor, and writes per-outlet tables in which every
//! number traces back to the sentence it came from.
//!
//! The library is the pipeline; the `framescope` command line is a thin layer over it.
//!
//! ```text
//! corpus    -> Document { id, outlet, meta, text }
//! clean     -> segments with a zone (title, body, teaser, caption, embed)
//! voice     -> sentences; spans of own voice and quoted voice
//! tokenize + matching -> Hit { frame, side, term, voice, zone, offsets }
//! sentiment -> ActorMention { actor, side, voice, probabilities }
//! aggregate + stats   -> per-document and per-outlet tables, intervals, keyness
//! compare   -> outlets, groups of outlets and periods compared; trends
//! run       -> the typed tables of a run folder: row types, run.json, staged writer, readers
//! render, html        -> terminal tables, compare output, the HTML report
//! ```
//!
//! ## Analyse one document
//!
//! ```
//! use framescope::{Analyzer, Document, Lexicon, Voice};
//!
//! let lexicon = Lexicon::builtin();
//! let analyzer = Analyzer::with_default_rules(lexicon)?;
//! let doc = Document::new(
//!     "001",
//!     "Example Wire",
//!     "Baku says troops entered the city\n\n\
//!      Azerbaijan said its army liberated the town. Yerevan called it \"occupation\".",
//! );
//! let analysis = analyzer.analyze_one(doc);
//! for (hit, evidence) in analysis.hits.iter().zip(&analysis.evidence) {
//!     println!("{} {}: {:?} in {:?}", hit.frame, hit.voice, evidence.matched, evidence.context);
//! }
//! assert!(analysis.hits.iter().any(|h| &*h.frame == "liberation" && h.voice == Voice::Own));
//! assert!(analysis.hits.iter().any(|h| h.voice == Voice::Quote));
//! # Ok::<(), framescope::Error>(())
//! ```
//!
//! ## Stream a corpus into a run folder, then read its tables
//!
//! ```no_run
//! use framescope::analyze::{analyze, AnalyzeOptions};
//! use framescope::run::{OutletSummaryRow, RunDir};
//! use framescope::{Analyzer, Lexicon};
//!
//! let analyzer = Analyzer::with_default_rules(Lexicon::from_file("my-lexicon.toml".as_ref())?)?;
//! let opts = AnalyzeOptions::new("corpus/karabakh-2020", "/tmp/run");
//! let outcome = analyze(&analyzer, None, &opts, &mut |_| {})?;
//! println!("{} documents, {} hits", outcome.documents, outcome.hits);
//!
//! let run = RunDir::open("/tmp/run")?;
//! for row in run.rows::<OutletSummaryRow>()? {
//!     let row = row?;
//!     println!("{}: lean {:?}", row.outlet, row.lean_own);
//! }
//! # Ok::<(), framescope::Error>(())
//! ```
//!
//! Set `opts.table_format` to [`run::TableFormat::Parquet`] (or `Both`) for typed Parquet
//! tables; [`run::RunDir::rows`] reads either format, and a Parquet table may be a folder of
//! part files. [`analyze::analyze_in_memory`] keeps the tables as Arrow batches instead (the
//! Python package's `framescope.analyze`), and [`merge::finish_parts`] finishes a run whose
//! per-document tables were written in parts (the Spark job).
//!
//! ## Compare groups of outlets
//!
//! Any metadata column of `documents.csv` can be the unit; groups made of outlets are
//! resampled in two stages (outlets, then articles) and permuted by outlet.
//!
//! ```no_run
//! use framescope::compare::{compare_units, RunData, Settings, UnitSpec};
//! use framescope::RunDir;
//!
//! let run = RunDir::open("/tmp/run")?;
//! let data = RunData::load(&run)?;
//! let unit = UnitSpec::new(Some("group"), None).resolve(&data.meta_columns)?;
//! let groups = data.grouping(&unit)?;
//! let (a, b) = (groups.find("state")?, groups.find("independent")?);
//! let c = compare_units(&data, &groups, a, b, &Settings::default());
//! println!("{} ({}): {}", c.unit, c.scheme, c.scheme_note);
//! for f in &c.frames {
//!     println!("{}: {:?} {:?} p={:?}", f.frame, f.rate_diff, f.diff_ci, f.p_perm);
//! }
//! # Ok::<(), framescope::Error>(())
//! ```
//!
//! Errors are [`Error`]: one variant per kind of failure, each with a one-line message that
//! names the file and line.

pub mod agent;
pub mod aggregate;
pub mod analyze;
pub mod clean;
pub mod compare;
pub mod corpus;
mod error;
pub mod evaluate;
pub mod html;
pub mod job;
pub mod kwic;
pub mod lexicon;
pub mod matching;
pub mod merge;
pub mod pipeline;
pub mod render;
pub mod run;
pub mod sentiment;
pub mod stats;
pub mod tokenize;
pub mod types;
pub mod voice;

pub use error::{Error, Result};
pub use lexicon::Lexicon;
pub use pipeline::{Analysis, Analyzer};
pub use run::{RunDir, RunManifest, Table};
pub use sentiment::{SentimentModel, SentimentOptions};
pub use types::{ActorMention, Document, Hit, Polarity, Probabilities, SkipKind, Voice, Zone};
