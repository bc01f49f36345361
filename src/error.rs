//! The library's error type: what went wrong, in a form callers can match on.
//!
//! Every variant's message is one line that names the file (and line, where there is one), so
//! a command line can print it as it is.

use crate::lexicon::LexiconError;
use crate::run::TableError;

/// What a library call can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A run table or `run.json` that cannot be read as its type.
    #[error(transparent)]
    Table(#[from] TableError),
    /// No finished run where one was looked for.
    #[error("{0}")]
    NoRun(String),
    /// The lexicon does not load or validate.
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    /// Cleaning or language rules that do not load.
    #[error("{0}")]
    Rules(String),
    /// The corpus cannot be read (a bad row without `--skip-bad-rows`, duplicate ids ...).
    #[error("{0}")]
    Input(String),
    /// An output cannot be written.
    #[error("{0}")]
    Output(String),
    /// The sentiment model or ONNX Runtime cannot be loaded or run.
    #[error("{0}")]
    Model(String),
    /// A request that does not fit the data: an unknown outlet, frame or option value.
    #[error("{0}")]
    Usage(String),
    /// Stopped by a cancel flag (Ctrl-C); nothing was written.
    #[error("interrupted: no tables written, previous outputs left as they were")]
    Interrupted,
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// For the stages that report with `anyhow` internally: keep the whole chain on one line.
    pub fn input(e: anyhow::Error) -> Error {
        Error::Input(crate::clean::one_line(&format!("{e:#}")))
    }

    pub(crate) fn output(e: impl std::fmt::Display) -> Error {
        Error::Output(crate::clean::one_line(&e.to_string()))
    }

    pub fn model(e: anyhow::Error) -> Error {
        Error::Model(crate::clean::one_line(&format!("{e:#}")))
    }

    pub fn rules(e: anyhow::Error) -> Error {
        Error::Rules(crate::clean::one_line(&format!("{e:#}")))
    }
}
