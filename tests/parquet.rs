//! Parquet tables: `analyze --table-format parquet|both` writes typed files with the same rows
//! as the CSV tables, and every command reads a Parquet run (a file per table, or a folder of
//! part files as Spark writes) as it reads a CSV one.

mod common;

use arrow_schema::DataType;
use common::framescope;
use framescope::run::{
    DocumentRow, HitRow, OutletFrameRow, OutletSummaryRow, OutletWordRow, RunDir, SkippedRow, Table,
};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::fs;
use std::path::{Path, PathBuf};

fn run_demo(dir: &Path, name: &str, format: &str) -> PathBuf {
    let out = dir.join(name);
    framescope()
        .args([
            "analyze",
            "corpus/karabakh-2020",
            "--quiet",
            "--no-sentiment",
            "--table-format",
            format,
        ])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    out
}

fn stdout(args: &[&str], from: &Path) -> String {
    let out = framescope()
        .args(args)
        .arg("--from")
        .arg(from)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn parquet_tables_hold_the_rows_of_the_csv_tables() {
    let dir = tempfile::tempdir().unwrap();
    let csv = RunDir::open(run_demo(dir.path(), "csv", "csv")).unwrap();
    let pq = RunDir::open(run_demo(dir.path(), "pq", "parquet")).unwrap();
    assert!(pq.table_path(Table::Hits).ends_with("hits.parquet"));
    assert!(!pq.path().join("hits.csv").exists());
    let hits = csv.read_all::<HitRow>().unwrap();
    assert_eq!(hits.len(), 145);
    assert_eq!(hits, pq.read_all::<HitRow>().unwrap());
    assert_eq!(
        csv.read_all::<DocumentRow>().unwrap(),
        pq.read_all::<DocumentRow>().unwrap()
    );
    assert_eq!(
        csv.read_all::<OutletFrameRow>().unwrap(),
        pq.read_all::<OutletFrameRow>().unwrap()
    );
    assert_eq!(
        csv.read_all::<OutletSummaryRow>().unwrap(),
        pq.read_all::<OutletSummaryRow>().unwrap()
    );
    assert_eq!(
        csv.read_all::<OutletWordRow>().unwrap(),
        pq.read_all::<OutletWordRow>().unwrap()
    );
    assert_eq!(
        csv.read_all::<SkippedRow>().unwrap(),
        pq.read_all::<SkippedRow>().unwrap()
    );
}

#[test]
fn both_writes_the_same_csv_as_csv_alone_and_lists_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let csv = run_demo(dir.path(), "csv", "csv");
    let both = run_demo(dir.path(), "both", "both");
    for t in Table::ALL.iter().filter(|t| !t.needs_sentiment()) {
        let name = t.file_name();
        assert_eq!(
            fs::read(csv.join(&name)).unwrap(),
            fs::read(both.join(&name)).unwrap(),
            "{name}"
        );
        assert!(both.join(format!("{}.parquet", t.as_str())).is_file());
    }
    let m = RunDir::open(&both).unwrap();
    assert!(m.manifest().outputs.contains(&"hits.parquet".to_string()));
    assert!(m.manifest().outputs.contains(&"hits.csv".to_string()));
    assert_eq!(m.manifest().options.table_format.as_str(), "both");
}

fn column_types(path: &Path) -> Vec<(String, DataType, bool)> {
    let f = fs::File::open(path).unwrap();
    let b = ParquetRecordBatchReaderBuilder::try_new(f).unwrap();
    b.schema()
        .fields()
        .iter()
        .map(|f| (f.name().clone(), f.data_type().clone(), f.is_nullable()))
        .collect()
}

fn type_of(cols: &[(String, DataType, bool)], name: &str) -> (DataType, bool) {
    let c = cols
        .iter()
        .find(|c| c.0 == name)
        .unwrap_or_else(|| panic!("{name}"));
    (c.1.clone(), c.2)
}

#[test]
fn parquet_columns_are_typed_as_the_run_contract_says() {
    let dir = tempfile::tempdir().unwrap();
    let pq = run_demo(dir.path(), "pq", "parquet");
    let hits = column_types(&pq.join("hits.parquet"));
    let names: Vec<&str> = hits.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(names, HitRow::COLUMNS);
    assert_eq!(type_of(&hits, "doc_id"), (DataType::Utf8, false));
    assert_eq!(type_of(&hits, "side"), (DataType::Utf8, true));
    assert_eq!(type_of(&hits, "attributed"), (DataType::Boolean, false));
    assert_eq!(type_of(&hits, "char_start"), (DataType::Int64, false));
    let docs = column_types(&pq.join("documents.parquet"));
    // The demo's ids are "001".."005": text, never numbers.
    assert_eq!(type_of(&docs, "doc_id"), (DataType::Utf8, false));
    assert_eq!(type_of(&docs, "tokens"), (DataType::Int64, false));
    assert_eq!(type_of(&docs, "own_az"), (DataType::Int64, false));
    assert_eq!(type_of(&docs, "lean"), (DataType::Float64, true));
    assert_eq!(type_of(&docs, "country"), (DataType::Utf8, false));
    let frames = column_types(&pq.join("outlet_frames.parquet"));
    assert_eq!(
        type_of(&frames, "rate_own_per_1k"),
        (DataType::Float64, true)
    );
}

#[test]
fn numeric_looking_ids_stay_text() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("ids.csv");
    fs::write(
        &corpus,
        "id,outlet,text\n001,A,Troops occupied the town.\n010,B,The town was liberated.\n",
    )
    .unwrap();
    let out = dir.path().join("run");
    framescope()
        .args([
            "analyze",
            "--quiet",
            "--no-sentiment",
            "--table-format",
            "parquet",
        ])
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let docs = column_types(&out.join("documents.parquet"));
    assert_eq!(type_of(&docs, "doc_id"), (DataType::Utf8, false));
    let ids: Vec<String> = RunDir::open(&out)
        .unwrap()
        .read_all::<DocumentRow>()
        .unwrap()
        .into_iter()
        .map(|d| d.doc_id)
        .collect();
    assert_eq!(ids, ["001", "010"]);
}

#[test]
fn the_same_run_gives_byte_identical_parquet_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = run_demo(dir.path(), "a", "parquet");
    let b = run_demo(dir.path(), "b", "parquet");
    for t in Table::ALL.iter().filter(|t| !t.needs_sentiment()) {
        let name = format!("{}.parquet", t.as_str());
        assert_eq!(
            fs::read(a.join(&name)).unwrap(),
            fs::read(b.join(&name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn compare_kwic_trend_and_report_read_parquet_runs_as_csv_runs() {
    let dir = tempfile::tempdir().unwrap();
    let csv = run_demo(dir.path(), "csv", "csv");
    let pq = run_demo(dir.path(), "pq", "parquet");
    for args in [
        &["compare", "--all", "--format", "json"][..],
        &["compare", "--by", "country", "--all", "--format", "csv"],
        &["trend", "--by", "month", "--format", "json"],
    ] {
        assert_eq!(stdout(args, &csv), stdout(args, &pq), "{args:?}");
    }
    let strip = |s: String, dir: &Path| s.replace(&dir.display().to_string(), "RUN");
    assert_eq!(
        strip(stdout(&["kwic", "occupation"], &csv), &csv),
        strip(stdout(&["kwic", "occupation"], &pq), &pq)
    );
    let html = dir.path().join("report.html");
    framescope()
        .args(["report", "--from"])
        .arg(&pq)
        .arg("--out")
        .arg(&html)
        .assert()
        .success();
    let page = fs::read_to_string(&html).unwrap();
    assert!(page.contains("occupation"), "the report shows the frames");
}

/// Spark, DuckDB and pandas write a table as a folder of part files.
#[test]
fn a_table_may_be_a_folder_of_part_files() {
    let dir = tempfile::tempdir().unwrap();
    let pq = run_demo(dir.path(), "pq", "parquet");
    let whole = RunDir::open(&pq).unwrap().read_all::<HitRow>().unwrap();
    // Two parts: the first 100 rows and the rest, written by the library's own writer.
    let parts = pq.join("hits.parquet.parts");
    fs::create_dir(&parts).unwrap();
    for (i, rows) in [&whole[..100], &whole[100..]].iter().enumerate() {
        let mut w = framescope::run::TableWriter::memory::<HitRow>(&());
        for r in rows.iter() {
            w.write(r).unwrap();
        }
        let batches = w.finish().unwrap();
        let f = fs::File::create(parts.join(format!("part-{i:05}.parquet"))).unwrap();
        let mut pw = parquet::arrow::ArrowWriter::try_new(f, batches[0].schema(), None).unwrap();
        for b in &batches {
            pw.write(b).unwrap();
        }
        pw.close().unwrap();
    }
    fs::write(parts.join("_SUCCESS"), "").unwrap();
    fs::remove_file(pq.join("hits.parquet")).unwrap();
    fs::rename(&parts, pq.join("hits.parquet")).unwrap();
    let read = RunDir::open(&pq).unwrap().read_all::<HitRow>().unwrap();
    assert_eq!(read, whole);
}

#[test]
fn a_cut_short_parquet_table_is_one_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let pq = run_demo(dir.path(), "pq", "parquet");
    let f = pq.join("hits.parquet");
    let bytes = fs::read(&f).unwrap();
    fs::write(&f, &bytes[..bytes.len() / 2]).unwrap();
    let out = framescope()
        .args(["kwic", "occupation", "--from"])
        .arg(&pq)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("hits.parquet") && err.contains("cut short"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn a_parquet_cell_of_the_wrong_kind_names_file_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let pq = run_demo(dir.path(), "pq", "parquet");
    // outlet_words with text where a count belongs, as another tool might write it.
    let field = |n: &str| arrow_schema::Field::new(n, DataType::Utf8, false);
    let schema = std::sync::Arc::new(arrow_schema::Schema::new(vec![
        field("outlet"),
        field("word"),
        field("count"),
    ]));
    let col = |v: Vec<&str>| -> arrow_array::ArrayRef {
        std::sync::Arc::new(arrow_array::StringArray::from(v))
    };
    let batch = arrow_array::RecordBatch::try_new(
        schema.clone(),
        vec![
            col(vec!["AP", "AP"]),
            col(vec!["troops", "war"]),
            col(vec!["3", "many"]),
        ],
    )
    .unwrap();
    let path = pq.join("outlet_words.parquet");
    let file = fs::File::create(&path).unwrap();
    let mut w = parquet::arrow::ArrowWriter::try_new(file, schema, None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    let run = RunDir::open(&pq).unwrap();
    let err = run.read_all::<OutletWordRow>().unwrap_err().to_string();
    assert!(err.contains("outlet_words.parquet"), "{err}");
    assert!(
        err.contains("column `count`") && err.contains("row 2"),
        "{err}"
    );
}
