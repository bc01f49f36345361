//! The two tables whose columns depend on the run: `documents.csv` (metadata columns, one
//! column per lexicon side) and `outlet_summary.csv` (one column per side). Laid out by hand,
//! from a [`SideSchema`].

use super::table::{Columns, ReadRow, Record, TableError, WriteRow};
use super::{RunManifest, Table};
use serde::Serialize;
use std::io::Write;

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

fn num4(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.4}")).unwrap_or_default()
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
    fn header(s: &SideSchema) -> Vec<String> {
        let mut h: Vec<String> = vec!["doc_id".into(), "outlet".into()];
        h.extend(s.meta.iter().cloned());
        h.extend(DOC_COUNTS.map(String::from));
        h.extend(side_columns(&s.sides));
        h.extend(["lean", "dropped_lines", "duplicate_paragraphs"].map(String::from));
        h
    }
    fn write<W: Write>(&self, w: &mut csv::Writer<W>) -> csv::Result<()> {
        w.write_field(&self.doc_id)?;
        w.write_field(&self.outlet)?;
        for m in &self.meta {
            w.write_field(m)?;
        }
        w.write_field(&self.source)?;
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
            w.write_field(buf.format(*n))?;
        }
        w.write_field(num4(self.lean))?;
        w.write_field(buf.format(self.dropped_lines))?;
        w.write_field(buf.format(self.duplicate_paragraphs))?;
        w.write_record(None::<&[u8]>)
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
    fn header(s: &SideSchema) -> Vec<String> {
        let mut h: Vec<String> = ["outlet", "articles", "tokens"].map(String::from).to_vec();
        h.extend(side_columns(&s.sides));
        h.extend(["lean_own", "lean_quote"].map(String::from));
        h
    }
    fn write<W: Write>(&self, w: &mut csv::Writer<W>) -> csv::Result<()> {
        w.write_field(&self.outlet)?;
        let mut buf = itoa_buf();
        let counts = [self.articles, self.tokens];
        for n in counts
            .iter()
            .chain(&self.own_by_side)
            .chain(&self.quote_by_side)
        {
            w.write_field(buf.format(*n))?;
        }
        w.write_field(num4(self.lean_own))?;
        w.write_field(num4(self.lean_quote))?;
        w.write_record(None::<&[u8]>)
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
