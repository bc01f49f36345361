//! The two tables whose columns depend on the run: `documents.csv` (metadata columns, one
//! column per lexicon side) and `outlet_summary.csv` (one column per side). Laid out by hand,
//! from a [`SideSchema`].

use super::cells::{CellError, CellSink, Column, ColumnType};
use super::table::{Columns, ReadRow, Record, TableError, WriteRow};
use super::{RunManifest, Table};
use serde::Serialize;

/// What the columns of `documents.csv` and `outlet_summary.csv` depend on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SideSchema {
    /// Metadata columns of the corpus, in file order (`documents.csv` only).
    pub meta: Vec<String>,
    /// The lexicon's side ids, in lexicon order.
    pub sides: Vec<String>,
}

/// One row of `documents.csv`: one analysed article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentRow {
    pub doc_id: String,
    pub outlet: String,
    /// Values of the metadata columns, in [`SideSchema::meta`] order.
    pub meta: Vec<String>,
    /// File, or `file:line`.
    pub source: String,
    /// Title+body tokens: the denominator of every rate.
    pub tokens: usize,
    pub tokens_other_zones: usize,
    pub sentences: usize,
    /// Own- and quote-voice title+body hits.
    pub hits_own: usize,
    pub hits_quote: usize,
    pub hits_other_zones: usize,
    /// Title+body hits per side, in [`SideSchema::sides`] order.
    pub own_by_side: Vec<usize>,
    pub quote_by_side: Vec<usize>,
    pub lean: Option<f64>,
    pub dropped_lines: usize,
    pub duplicate_paragraphs: usize,
}

const DOC_COUNTS: [&str; 7] = [
    "source",
    "tokens",
    "tokens_other_zones",
    "sentences",
    "hits_own",
    "hits_quote",
    "hits_other_zones",
];

fn side_columns(sides: &[String]) -> impl Iterator<Item = String> + '_ {
    let own = sides.iter().map(|s| format!("own_{s}"));
    own.chain(sides.iter().map(|s| format!("quote_{s}")))
}

/// Four decimals; `None` (a missing value, an empty CSV cell) when not defined.
fn num4(x: Option<f64>) -> Option<String> {
    x.map(|v| format!("{v:.4}"))
}

impl DocumentRow {
    /// The columns framescope itself writes, besides the metadata and the `own_<side>` and
    /// `quote_<side>` columns (a corpus column of the same name is renamed, see `corpus`).
    pub const OWN_COLUMNS: [&'static str; 12] = [
        "doc_id",
        "outlet",
        "source",
        "tokens",
        "tokens_other_zones",
        "sentences",
        "hits_own",
        "hits_quote",
        "hits_other_zones",
        "dropped_lines",
        "duplicate_paragraphs",
        "lean",
    ];
}

impl WriteRow for DocumentRow {
    const TABLE: Table = Table::Documents;
    type Schema = SideSchema;
    fn columns(s: &SideSchema) -> Vec<Column> {
        let mut c = vec![
            Column::new("doc_id", ColumnType::Str),
            Column::new("outlet", ColumnType::Str),
        ];
        c.extend(s.meta.iter().map(|m| Column::new(m, ColumnType::Str)));
        c.push(Column::new("source", ColumnType::Str));
        c.extend(
            DOC_COUNTS[1..]
                .iter()
                .map(|n| Column::new(*n, ColumnType::Int)),
        );
        c.extend(side_columns(&s.sides).map(|n| Column::new(n, ColumnType::Int)));
        c.push(Column::new("lean", ColumnType::OptFloat));
        c.push(Column::new("dropped_lines", ColumnType::Int));
        c.push(Column::new("duplicate_paragraphs", ColumnType::Int));
        c
    }
    fn cells(&self, out: &mut dyn CellSink) -> Result<(), CellError> {
        out.cell(Some(&self.doc_id));
        out.cell(Some(&self.outlet));
        for m in &self.meta {
            out.cell(Some(m));
        }
        out.cell(Some(&self.source));
        let counts = [
            self.tokens,
            self.tokens_other_zones,
            self.sentences,
            self.hits_own,
            self.hits_quote,
            self.hits_other_zones,
        ];
        let mut buf = itoa_buf();
        for n in counts
            .iter()
            .chain(&self.own_by_side)
            .chain(&self.quote_by_side)
        {
            out.cell(Some(buf.format(*n)));
        }
        out.cell(num4(self.lean).as_deref());
        out.cell(Some(buf.format(self.dropped_lines)));
        out.cell(Some(buf.format(self.duplicate_paragraphs)));
        Ok(())
    }
}

/// Column positions of `documents.csv`, resolved from its header once.
pub struct DocumentLayout {
    meta: Vec<usize>,
    fixed: [usize; 12],
    own: Vec<usize>,
    quote: Vec<usize>,
}

impl ReadRow for DocumentRow {
    const TABLE: Table = Table::Documents;
    type Schema = SideSchema;
    type Layout = DocumentLayout;
    fn schema(m: &RunManifest) -> SideSchema {
        SideSchema {
            meta: m.meta_columns.clone(),
            sides: m.lexicon.side_ids(),
        }
    }
    fn layout(cols: &Columns, s: &SideSchema) -> Result<DocumentLayout, TableError> {
        let mut fixed = [0; 12];
        for (slot, n) in fixed.iter_mut().zip(DocumentRow::OWN_COLUMNS) {
            *slot = cols.index(n)?;
        }
        Ok(DocumentLayout {
            meta: s
                .meta
                .iter()
                .map(|m| cols.index(m))
                .collect::<Result<_, _>>()?,
            fixed,
            own: s
                .sides
                .iter()
                .map(|x| cols.index(&format!("own_{x}")))
                .collect::<Result<_, _>>()?,
            quote: s
                .sides
                .iter()
                .map(|x| cols.index(&format!("quote_{x}")))
                .collect::<Result<_, _>>()?,
        })
    }
    fn read(rec: &Record, l: &DocumentLayout) -> Result<Self, TableError> {
        let f = &l.fixed;
        Ok(DocumentRow {
            doc_id: rec.string(f[0])?,
            outlet: rec.string(f[1])?,
            meta: l
                .meta
                .iter()
                .map(|&i| rec.string(i))
                .collect::<Result<_, _>>()?,
            source: rec.string(f[2])?,
            tokens: rec.count(f[3])?,
            tokens_other_zones: rec.count(f[4])?,
            sentences: rec.count(f[5])?,
            hits_own: rec.count(f[6])?,
            hits_quote: rec.count(f[7])?,
            hits_other_zones: rec.count(f[8])?,
            own_by_side: rec.counts(&l.own)?,
            quote_by_side: rec.counts(&l.quote)?,
            lean: rec.opt_number(f[11])?,
            dropped_lines: rec.count(f[9])?,
            duplicate_paragraphs: rec.count(f[10])?,
        })
    }
}

/// One row of `outlet_summary.csv`: one outlet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutletSummaryRow {
    pub outlet: String,
    pub articles: usize,
    pub tokens: usize,
    /// Title+body hits per side, in [`SideSchema::sides`] order.
    pub own_by_side: Vec<usize>,
    pub quote_by_side: Vec<usize>,
    /// (a - b) / (a + b) over the lexicon's two lean sides.
    pub lean_own: Option<f64>,
    pub lean_quote: Option<f64>,
}

impl WriteRow for OutletSummaryRow {
    const TABLE: Table = Table::OutletSummary;
    type Schema = SideSchema;
    fn columns(s: &SideSchema) -> Vec<Column> {
        let mut c = vec![Column::new("outlet", ColumnType::Str)];
        c.push(Column::new("articles", ColumnType::Int));
        c.push(Column::new("tokens", ColumnType::Int));
        c.extend(side_columns(&s.sides).map(|n| Column::new(n, ColumnType::Int)));
        c.push(Column::new("lean_own", ColumnType::OptFloat));
        c.push(Column::new("lean_quote", ColumnType::OptFloat));
        c
    }
    fn cells(&self, out: &mut dyn CellSink) -> Result<(), CellError> {
        out.cell(Some(&self.outlet));
        let mut buf = itoa_buf();
        let counts = [self.articles, self.tokens];
        for n in counts
            .iter()
            .chain(&self.own_by_side)
            .chain(&self.quote_by_side)
        {
            out.cell(Some(buf.format(*n)));
        }
        out.cell(num4(self.lean_own).as_deref());
        out.cell(num4(self.lean_quote).as_deref());
        Ok(())
    }
}

/// Column positions of `outlet_summary.csv`.
pub struct SummaryLayout {
    fixed: [usize; 5],
    own: Vec<usize>,
    quote: Vec<usize>,
}

impl ReadRow for OutletSummaryRow {
    const TABLE: Table = Table::OutletSummary;
    type Schema = SideSchema;
    type Layout = SummaryLayout;
    fn schema(m: &RunManifest) -> SideSchema {
        SideSchema {
            meta: Vec::new(),
            sides: m.lexicon.side_ids(),
        }
    }
    fn layout(cols: &Columns, s: &SideSchema) -> Result<SummaryLayout, TableError> {
        let mut fixed = [0; 5];
        let names = ["outlet", "articles", "tokens", "lean_own", "lean_quote"];
        for (slot, n) in fixed.iter_mut().zip(names) {
            *slot = cols.index(n)?;
        }
        let by = |prefix: &str| -> Result<Vec<usize>, TableError> {
            s.sides
                .iter()
                .map(|x| cols.index(&format!("{prefix}_{x}")))
                .collect()
        };
        Ok(SummaryLayout {
            fixed,
            own: by("own")?,
            quote: by("quote")?,
        })
    }
    fn read(rec: &Record, l: &SummaryLayout) -> Result<Self, TableError> {
        let f = &l.fixed;
        Ok(OutletSummaryRow {
            outlet: rec.string(f[0])?,
            articles: rec.count(f[1])?,
            tokens: rec.count(f[2])?,
            own_by_side: rec.counts(&l.own)?,
            quote_by_side: rec.counts(&l.quote)?,
            lean_own: rec.opt_number(f[3])?,
            lean_quote: rec.opt_number(f[4])?,
        })
    }
}

/// Formats integers without allocating.
struct ItoaBuf(String);

impl ItoaBuf {
    fn format(&mut self, n: usize) -> &str {
        use std::fmt::Write as _;
        self.0.clear();
        let _ = write!(self.0, "{n}");
        &self.0
    }
}

fn itoa_buf() -> ItoaBuf {
    ItoaBuf(String::with_capacity(20))
}
