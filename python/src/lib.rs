//! The native half of the `framescope` Python package: the library's pipeline over lines of
//! JSON, its run tables as Arrow IPC streams (pyarrow opens them without a copy of the data),
//! and the finishing step of a run written in parts. The Python half (`python/framescope/`)
//! turns records into lines and streams into `pyarrow.Table`s.

use framescope::analyze::{analyze_in_memory, AnalyzeOptions, MemoryRun};
use framescope::corpus::{self, CorpusOptions, JsonlLayout, JsonlLine, TitleRule};
use framescope::lexicon::Lexicon;
use framescope::pipeline::Analyzer;
use framescope::run::{
    ActorMentionRow, ActorSentimentRow, DocumentRow, HitRow, OutletFrameRow, OutletSummaryRow,
    OutletWordRow, ReadRow, RunDir, SkippedRow, Table, TableWriter, WriteRow,
};
use framescope::sentiment::{SentimentModel, SentimentOptions};
use framescope::Error;
use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn py_err(e: Error) -> PyErr {
    match e {
        Error::NoRun(m) => PyFileNotFoundError::new_err(m),
        Error::Output(m) => PyOSError::new_err(m),
        Error::Model(m) => PyRuntimeError::new_err(m),
        e => PyValueError::new_err(e.to_string()),
    }
}

/// A framing lexicon: sides, frames and their terms, actors.
#[pyclass(name = "Lexicon", module = "framescope", frozen)]
struct PyLexicon {
    inner: Lexicon,
}

#[pymethods]
impl PyLexicon {
    /// Loads and validates a lexicon file (TOML); errors name the file and line.
    #[staticmethod]
    fn load(path: PathBuf) -> PyResult<PyLexicon> {
        let inner = Lexicon::from_file(&path).map_err(|e| py_err(e.into()))?;
        Ok(PyLexicon { inner })
    }

    /// The lexicon built into framescope: the 2020 Nagorno-Karabakh war demo lexicon.
    #[staticmethod]
    fn builtin() -> PyLexicon {
        PyLexicon {
            inner: Lexicon::builtin(),
        }
    }

    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    #[getter]
    fn version(&self) -> &str {
        &self.inner.version
    }

    /// Where the lexicon was loaded from.
    #[getter]
    fn source(&self) -> &str {
        &self.inner.source
    }

    /// Side ids, in lexicon order.
    #[getter]
    fn sides(&self) -> Vec<String> {
        self.inner.sides.iter().map(|s| s.id.clone()).collect()
    }

    /// Frame ids, in lexicon order.
    #[getter]
    fn frames(&self) -> Vec<String> {
        self.inner.frames.iter().map(|f| f.id.clone()).collect()
    }

    /// Actor ids, in lexicon order.
    #[getter]
    fn actors(&self) -> Vec<String> {
        self.inner.actors.iter().map(|a| a.id.clone()).collect()
    }

    /// Problems that did not stop the lexicon from loading.
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "Lexicon(id={:?}, version={:?}, {} frames, {} sides)",
            self.inner.id,
            self.inner.version,
            self.inner.frames.len(),
            self.inner.sides.len()
        )
    }
}

fn ipc(batches: &[arrow_array::RecordBatch]) -> PyResult<Vec<u8>> {
    let Some(first) = batches.first() else {
        return Err(PyRuntimeError::new_err(
            "internal error: a table with no schema",
        ));
    };
    let schema = first.schema();
    let mut w = arrow_ipc::writer::StreamWriter::try_new(Vec::new(), &schema)
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    for b in batches {
        w.write(b)
            .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    }
    w.into_inner()
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

/// How the corpus's rows are read: the CLI's `--title` and column options.
#[derive(FromPyObject)]
struct ReadOptions {
    id_col: String,
    outlet_col: String,
    text_col: String,
    title_col: String,
    title: String,
    skip_bad_rows: bool,
}

impl ReadOptions {
    fn corpus(&self) -> PyResult<CorpusOptions> {
        let title: TitleRule = self
            .title
            .parse()
            .map_err(|e: String| PyValueError::new_err(format!("title: {e}")))?;
        Ok(CorpusOptions {
            columns: corpus::Columns {
                id: self.id_col.clone(),
                outlet: self.outlet_col.clone(),
                text: self.text_col.clone(),
                title: self.title_col.clone(),
            },
            title,
            skip_bad_rows: self.skip_bad_rows,
            format: corpus::Format::Jsonl,
            ..CorpusOptions::default()
        })
    }
}

/// The analyzer of a lexicon and rule files, built as the CLI builds it.
fn analyzer(
    lexicon: &PyLexicon,
    clean: Option<PathBuf>,
    language: Option<PathBuf>,
) -> PyResult<(Analyzer, String, String)> {
    let files = framescope::job::RuleFiles {
        lexicon: None,
        clean,
        language,
    };
    let built = files.build_with(lexicon.inner.clone()).map_err(py_err)?;
    Ok((built.analyzer, built.rules_source, built.language_source))
}

/// The installed sentiment model and ONNX Runtime (`scripts/setup.sh` puts them in the data
/// folder), found as the CLI finds them.
fn model(threads: usize) -> PyResult<SentimentModel> {
    use framescope::sentiment::{data_roots, find_model_dir, find_runtime_in};
    let roots = data_roots();
    let model_dir = find_model_dir(None, &roots).map_err(|e| py_err(Error::model(e)))?;
    let runtime = match std::env::var_os("ORT_DYLIB_PATH") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => find_runtime_in(&roots).map_err(|e| py_err(Error::model(e)))?,
    };
    SentimentModel::load(&SentimentOptions {
        model_dir,
        runtime: Some(runtime),
        threads,
        batch_size: 32,
        device: Default::default(),
    })
    .map_err(|e| py_err(Error::model(e)))
}

type Tables = BTreeMap<String, Py<PyBytes>>;

/// A run's tables as Arrow batches, in the order the run writes them.
type NamedBatches = Vec<(Table, Vec<arrow_array::RecordBatch>)>;

fn tables(py: Python<'_>, run: &MemoryRun) -> PyResult<Tables> {
    let mut out = BTreeMap::new();
    for (table, batches) in &run.tables {
        out.insert(
            table.as_str().to_string(),
            PyBytes::new(py, &ipc(batches)?).unbind(),
        );
    }
    Ok(out)
}

/// Analyses lines of JSON (one article each) as `framescope analyze` analyses a JSON Lines
/// file: returns every table as an Arrow IPC stream, and the run's `run.json` as text.
#[pyfunction]
#[pyo3(signature = (lines, line_numbers, row_numbers, source, lexicon, layout, read, sentiment, threads, clean=None, language=None, max_word_pairs=None))]
#[allow(clippy::too_many_arguments)]
fn analyze_lines(
    py: Python<'_>,
    lines: Vec<String>,
    line_numbers: Vec<usize>,
    row_numbers: Vec<usize>,
    source: String,
    lexicon: &PyLexicon,
    layout: Option<(Vec<String>, bool)>,
    read: ReadOptions,
    sentiment: bool,
    threads: Option<usize>,
    clean: Option<PathBuf>,
    language: Option<PathBuf>,
    max_word_pairs: Option<usize>,
) -> PyResult<(Tables, String)> {
    if lines.len() != line_numbers.len() || lines.len() != row_numbers.len() {
        return Err(PyValueError::new_err(
            "lines, line_numbers and row_numbers differ in length",
        ));
    }
    let copts = read.corpus()?;
    let (mut analyzer, rules_source, language_source) = analyzer(lexicon, clean, language)?;
    let threads_n =
        threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let model = match sentiment {
        true => Some(model(threads_n)?),
        false => None,
    };
    if model.is_some() {
        analyzer = analyzer.with_actor_mentions();
    }
    let run = py
        .detach(|| -> Result<MemoryRun, Error> {
            let layout = match layout {
                Some((keys, has_title)) => JsonlLayout { keys, has_title },
                None => {
                    let first: Vec<(usize, &str)> = line_numbers
                        .iter()
                        .copied()
                        .zip(lines.iter().map(String::as_str))
                        .collect();
                    corpus::jsonl_layout(&source, &first, &copts).map_err(Error::input)?
                }
            };
            let lines: Vec<JsonlLine> = lines
                .into_iter()
                .zip(line_numbers)
                .zip(row_numbers)
                .map(|((text, line), row)| JsonlLine { line, row, text })
                .collect();
            let corpus =
                corpus::jsonl_from_lines(&source, &layout, lines, &copts).map_err(Error::input)?;
            let mut opts = AnalyzeOptions::new(&source, "");
            opts.corpus = copts;
            opts.threads = Some(threads_n);
            opts.allow_empty = true;
            if let Some(n) = max_word_pairs {
                opts.max_word_pairs = n;
            }
            opts.rules_source = rules_source;
            opts.language_source = language_source;
            opts.command = vec!["python: framescope.analyze".into()];
            analyze_in_memory(corpus, &analyzer, model.as_ref(), &opts, &mut |_| {})
        })
        .map_err(py_err)?;
    let manifest =
        serde_json::to_string(&run.manifest).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    Ok((tables(py, &run)?, manifest))
}

/// The metadata keys and title field of a JSON Lines corpus, from its first lines
/// (`(line number, text)`), as `framescope analyze` finds them.
#[pyfunction]
fn jsonl_layout(
    source: &str,
    lines: Vec<(usize, String)>,
    read: ReadOptions,
) -> PyResult<(Vec<String>, bool)> {
    let copts = read.corpus()?;
    let lines: Vec<(usize, &str)> = lines.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let layout =
        corpus::jsonl_layout(source, &lines, &copts).map_err(|e| py_err(Error::input(e)))?;
    Ok((layout.keys, layout.has_title))
}

/// How many of these lines are rows (not blank), as the JSON Lines reader counts them.
#[pyfunction]
fn count_rows(lines: Vec<String>) -> usize {
    lines.iter().filter(|l| !corpus::is_blank_line(l)).count()
}

/// Writes the per-outlet tables and `run.json` of a folder of per-document tables written in
/// parts (see `framescope::merge`); returns the `run.json` text.
#[pyfunction]
#[pyo3(signature = (dir, lexicon, layout, read, input, command, clean=None, language=None))]
#[allow(clippy::too_many_arguments)]
fn finish_run(
    py: Python<'_>,
    dir: PathBuf,
    lexicon: &PyLexicon,
    layout: (Vec<String>, bool),
    read: ReadOptions,
    input: String,
    command: Vec<String>,
    clean: Option<PathBuf>,
    language: Option<PathBuf>,
) -> PyResult<String> {
    let copts = read.corpus()?;
    let (analyzer, rules_source, language_source) = analyzer(lexicon, clean, language)?;
    let layout = JsonlLayout {
        keys: layout.0,
        has_title: layout.1,
    };
    py.detach(|| -> Result<String, Error> {
        let corpus =
            corpus::jsonl_from_lines(&input, &layout, Vec::new(), &copts).map_err(Error::input)?;
        let mut opts = AnalyzeOptions::new(&input, &dir);
        opts.corpus = copts;
        opts.command = command;
        opts.rules_source = rules_source;
        opts.language_source = language_source;
        framescope::merge::finish_parts(
            &dir,
            &analyzer,
            &opts,
            corpus.meta_columns,
            corpus.warnings,
        )?;
        std::fs::read_to_string(dir.join(framescope::run::MANIFEST))
            .map_err(|e| Error::Output(format!("{}: {e}", dir.display())))
    })
    .map_err(py_err)
}

fn read_table<R>(run: &RunDir) -> Result<Vec<arrow_array::RecordBatch>, Error>
where
    R: ReadRow + WriteRow<Schema = <R as ReadRow>::Schema>,
{
    let schema = <R as ReadRow>::schema(run.manifest());
    let mut w = TableWriter::memory::<R>(&schema);
    for row in run.rows::<R>()? {
        w.write(&row?)?;
    }
    Ok(w.finish()?)
}

/// Every table of a finished run (CSV or Parquet), read through the run contract's row types:
/// table name -> Arrow IPC stream; and the run's `run.json` as text.
#[pyfunction]
fn read_run(py: Python<'_>, dir: PathBuf) -> PyResult<(Tables, String)> {
    let read = py
        .detach(|| -> Result<(NamedBatches, String), Error> {
            let run = RunDir::open(&dir)?;
            let mut out = Vec::new();
            for &t in Table::ALL {
                if !run.has(t) {
                    continue;
                }
                let batches = match t {
                    Table::Hits => read_table::<HitRow<'static>>(&run)?,
                    Table::Documents => read_table::<DocumentRow>(&run)?,
                    Table::OutletFrames => read_table::<OutletFrameRow>(&run)?,
                    Table::OutletSummary => read_table::<OutletSummaryRow>(&run)?,
                    Table::OutletWords => read_table::<OutletWordRow<'static>>(&run)?,
                    Table::ActorMentions => read_table::<ActorMentionRow<'static>>(&run)?,
                    Table::OutletActorSentiment => read_table::<ActorSentimentRow>(&run)?,
                    Table::Skipped => read_table::<SkippedRow>(&run)?,
                };
                out.push((t, batches));
            }
            let manifest = std::fs::read_to_string(dir.join(framescope::run::MANIFEST))
                .map_err(|e| Error::NoRun(format!("{}: {e}", dir.display())))?;
            Ok((out, manifest))
        })
        .map_err(py_err)?;
    let mut out = BTreeMap::new();
    for (t, batches) in &read.0 {
        out.insert(
            t.as_str().to_string(),
            PyBytes::new(py, &ipc(batches)?).unbind(),
        );
    }
    Ok((out, read.1))
}

#[pymodule]
fn _framescope(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<PyLexicon>()?;
    m.add_function(wrap_pyfunction!(analyze_lines, m)?)?;
    m.add_function(wrap_pyfunction!(jsonl_layout, m)?)?;
    m.add_function(wrap_pyfunction!(count_rows, m)?)?;
    m.add_function(wrap_pyfunction!(finish_run, m)?)?;
    m.add_function(wrap_pyfunction!(read_run, m)?)?;
    Ok(())
}
