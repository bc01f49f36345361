//! Turning what a user names (files, or nothing) into the built objects a run needs: the
//! lexicon, the cleaning and language rules, and the analyzer made of them.

use crate::clean::{CleanRules, BUILTIN_RULES};
use crate::error::{Error, Result};
use crate::lexicon::{self, Lexicon};
use crate::pipeline::Analyzer;
use crate::voice::{Language, BUILTIN_LANGUAGE};
use std::path::{Path, PathBuf};

/// The data files of a run. `None` means the shipped file under `lexicons/` in the current
/// folder if there is one, else the copy built into the library.
#[derive(Debug, Clone, Default)]
pub struct RuleFiles {
    pub lexicon: Option<PathBuf>,
    pub clean: Option<PathBuf>,
    pub language: Option<PathBuf>,
}

/// The analyzer built from [`RuleFiles`], and where each file came from (for `run.json`).
pub struct Built {
    pub analyzer: Analyzer,
    pub lexicon_source: String,
    pub rules_source: String,
    pub language_source: String,
}

impl RuleFiles {
    /// Loads and validates every file; errors name the file and line.
    pub fn build(&self) -> Result<Built> {
        let lexicon = match &self.lexicon {
            Some(p) => Lexicon::from_file(p)?,
            None => {
                let (text, source) = data_file(None, "karabakh-2020.toml", lexicon::BUILTIN)?;
                Lexicon::parse(&text, &source)?
            }
        };
        self.build_with(lexicon)
    }

    /// The analyzer of an already loaded lexicon (`self.lexicon` is not read) and the rule
    /// files.
    pub fn build_with(&self, lexicon: Lexicon) -> Result<Built> {
        let (text, rules_source) =
            data_file(self.clean.as_deref(), "boilerplate.toml", BUILTIN_RULES)?;
        let rules = CleanRules::parse(&text, &rules_source).map_err(Error::rules)?;
        let (text, language_source) =
            data_file(self.language.as_deref(), "english.toml", BUILTIN_LANGUAGE)?;
        let language = Language::parse(&text, &language_source).map_err(Error::rules)?;
        Ok(Built {
            lexicon_source: lexicon.source.clone(),
            analyzer: Analyzer::new(lexicon, rules, language),
            rules_source,
            language_source,
        })
    }
}

/// A data file given by the user, else the shipped file under `lexicons/` in the current
/// folder, else the copy built into the library. Returns the text and where it came from.
pub fn data_file(given: Option<&Path>, default: &str, builtin: &str) -> Result<(String, String)> {
    let path: PathBuf = match given {
        Some(p) => p.to_path_buf(),
        None => {
            let p = Path::new("lexicons").join(default);
            if !p.is_file() {
                return Ok((builtin.to_string(), format!("built-in {default}")));
            }
            p
        }
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error::Rules(format!("{}: cannot read: {e}", path.display())))?;
    Ok((text, path.display().to_string()))
}

/// The text encoding named by a label such as `latin1` or `windows-1251`.
pub fn encoding(label: &str) -> Result<&'static encoding_rs::Encoding> {
    encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
        Error::Usage(format!(
            "unknown encoding {label:?} (try latin1, windows-1252, utf-16le)"
        ))
    })
}
