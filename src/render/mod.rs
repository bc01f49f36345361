//! Renderers: what the commands print and write, as terminal tables, CSV or JSON.

pub mod compare;
pub mod lexicon;
pub mod terminal;
pub mod trend;

use serde::{Deserialize, Serialize};

/// The format of a command's output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    Table,
    Csv,
    Json,
}

crate::named_enum!(OutputFormat { Table => "table", Csv => "csv", Json => "json" });
