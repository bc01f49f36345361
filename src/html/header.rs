//! The report's header: where the tables came from and how to make them again.

use super::model::Report;
use super::text::shell_line;
use super::HtmlOptions;
use std::path::Path;

pub(super) struct Header {
    pub title: String,
    pub lede: String,
    pub input: String,
    pub documents: usize,
    pub outlets: usize,
    pub skipped: usize,
    pub lexicon_id: String,
    pub lexicon_version: String,
    pub lexicon_sha256: String,
    pub lexicon_source: String,
    /// `None` when the sentiment stage did not run.
    pub model: Option<Model>,
    pub tables_version: String,
    pub generated: String,
    pub tables_command: String,
    /// The report's own command, when it is not the one that made the tables.
    pub report_command: Option<String>,
}

pub(super) struct Model {
    pub name: String,
    pub sha256: String,
    /// The hash as shown; the full one is its tooltip.
    pub short: String,
}

pub(super) fn header(r: &Report, opts: &HtmlOptions) -> Header {
    let run = &r.run;
    let lex = &run.lexicon;
    let tables_command = format!("framescope {}", shell_line(&run.command));
    Header {
        title: format!("framescope report: {}", corpus_name(&run.input)),
        lede: lex.title.clone(),
        input: run.input.clone(),
        documents: run.counts.documents,
        outlets: run.counts.outlets,
        skipped: run.counts.skipped,
        lexicon_id: lex.id.clone(),
        lexicon_version: lex.version.clone(),
        lexicon_sha256: lex.sha256.clone(),
        lexicon_source: lex.source.clone(),
        model: run.sentiment.as_ref().map(|m| Model {
            name: m.model.clone(),
            sha256: m.model_sha256.clone(),
            short: m.model_sha256.chars().take(12).collect(),
        }),
        tables_version: run.version.clone(),
        generated: opts.generated.clone(),
        // `analyze --html` makes both at once: one command, shown once.
        report_command: (tables_command != opts.command).then(|| opts.command.clone()),
        tables_command,
    }
}

fn corpus_name(input: &str) -> String {
    Path::new(input)
        .file_stem()
        .map_or_else(|| input.to_string(), |s| s.to_string_lossy().into_owned())
}
