//! A row as a sequence of cells: the one form every table format is written from.
//!
//! A row type hands its cells, in column order, to a [`CellSink`]: text, or `None` for a
//! missing value. The CSV writer writes the text (a missing value as an empty cell); the
//! Parquet writer turns each cell into its column's [`ColumnType`]. Rows that derive serde get
//! their cells from [`serde_cells`], so a field is listed once, in the struct.

use serde::ser::{self, Impossible, Serialize};
use std::fmt;

/// What a column holds, in typed formats (Parquet, Arrow). CSV writes all of them as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Text, never missing (a missing value is written as the empty string).
    Str,
    /// Text or missing.
    OptStr,
    /// A whole number (a count or an offset).
    Int,
    Bool,
    /// A number with four decimals, or missing ("not defined").
    OptFloat,
    /// A number, never missing (probabilities).
    Float,
}

impl ColumnType {
    pub fn nullable(self) -> bool {
        matches!(self, ColumnType::OptStr | ColumnType::OptFloat)
    }
}

/// One column of a table: its name and type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub kind: ColumnType,
}

impl Column {
    pub fn new(name: impl Into<String>, kind: ColumnType) -> Column {
        Column {
            name: name.into(),
            kind,
        }
    }
}

/// Receives one row's cells, in column order.
pub trait CellSink {
    fn cell(&mut self, value: Option<&str>);
}

/// A row type whose struct cannot be turned into cells (a bug in a row type, not bad input).
#[derive(Debug)]
pub struct CellError(String);

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CellError {}

impl ser::Error for CellError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        CellError(msg.to_string())
    }
}

/// Hands the fields of a flat serde struct to `sink` as cells, the way the `csv` crate writes
/// them: numbers and booleans as text, `None` as missing, unit enum variants by name.
pub fn serde_cells<T: Serialize + ?Sized>(
    row: &T,
    sink: &mut dyn CellSink,
) -> Result<(), CellError> {
    row.serialize(RowSer { sink })
}

struct RowSer<'s> {
    sink: &'s mut dyn CellSink,
}

struct CellSer<'s> {
    sink: &'s mut dyn CellSink,
}

fn flat_only<T>() -> Result<T, CellError> {
    Err(CellError(
        "a table row must be a flat struct of scalar fields".into(),
    ))
}

impl<'s> ser::SerializeStruct for RowSer<'s> {
    type Ok = ();
    type Error = CellError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _key: &'static str,
        value: &T,
    ) -> Result<(), CellError> {
        value.serialize(CellSer {
            sink: &mut *self.sink,
        })
    }
    fn end(self) -> Result<(), CellError> {
        Ok(())
    }
}

/// Serializer methods that a flat row or a scalar cell never calls.
macro_rules! not_flat {
    () => {
        type SerializeSeq = Impossible<(), CellError>;
        type SerializeTuple = Impossible<(), CellError>;
        type SerializeTupleStruct = Impossible<(), CellError>;
        type SerializeTupleVariant = Impossible<(), CellError>;
        type SerializeMap = Impossible<(), CellError>;
        type SerializeStructVariant = Impossible<(), CellError>;
        fn serialize_bytes(self, _: &[u8]) -> Result<(), CellError> {
            flat_only()
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(), CellError> {
            flat_only()
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, CellError> {
            flat_only()
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, CellError> {
            flat_only()
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, CellError> {
            flat_only()
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, CellError> {
            flat_only()
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, CellError> {
            flat_only()
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, CellError> {
            flat_only()
        }
    };
}

/// Scalar serializer methods, each writing the value's text.
macro_rules! scalars {
    ($($f:ident: $t:ty),*) => {
        $(fn $f(self, v: $t) -> Result<(), CellError> {
            let mut buf = Small::default();
            let _ = fmt::Write::write_fmt(&mut buf, format_args!("{v}"));
            self.sink.cell(Some(buf.as_str()));
            Ok(())
        })*
    };
}

/// Text of a scalar, on the stack: cells are written for every row of every table.
#[derive(Default)]
struct Small {
    buf: [u8; 32],
    len: usize,
}

impl Small {
    fn as_str(&self) -> &str {
        // Only whole `&str`s are ever copied in, so the bytes are UTF-8.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl fmt::Write for Small {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > self.buf.len() {
            return Err(fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl<'s> ser::Serializer for CellSer<'s> {
    type Ok = ();
    type Error = CellError;
    type SerializeStruct = Impossible<(), CellError>;
    not_flat!();
    scalars!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_char: char);

    fn serialize_f32(self, v: f32) -> Result<(), CellError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), CellError> {
        self.sink.cell(Some(&v.to_string()));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), CellError> {
        self.sink.cell(Some(v));
        Ok(())
    }
    fn serialize_none(self) -> Result<(), CellError> {
        self.sink.cell(None);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), CellError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), CellError> {
        self.sink.cell(None);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), CellError> {
        self.sink.cell(None);
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), CellError> {
        self.sink.cell(Some(variant));
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), CellError> {
        v.serialize(self)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, CellError> {
        flat_only()
    }
}

impl<'s> ser::Serializer for RowSer<'s> {
    type Ok = ();
    type Error = CellError;
    type SerializeStruct = Self;
    not_flat!();

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, CellError> {
        Ok(self)
    }
    fn serialize_bool(self, _: bool) -> Result<(), CellError> {
        flat_only()
    }
    fn serialize_i8(self, _: i8) -> Result<(), CellError> {
        flat_only()
    }
    fn serialize_i16(self, _: i16) -> Result<(), CellError> {
        flat_only()
    }
    fn serialize_i32(self, _: i32) -> Result<(), CellError> {
        flat_only()
    }
    fn serialize_i64(self, _: i64) -> Result<(), CellError> {
        flat_only()
    }
    fn serialize_u8(self, _: u8) -> Result<(), CellError> {
        flat_only()
    }
    fn serialize_u16(self, _: u16) -> Result<(), CellError> {
        flat_only()
    }
    fn serialize_u32(self, _: u32) -> Result<(), CellError> {
        flat_only()
    }
    fn serialize_u64(self, _: u64) -> Result<(), CellError> {
        flat_only()
    }
    fn serialize_f32(self, _: f32) -> Result<(), CellError> {
        flat_only()
    }
    fn serialize_f64(self, _: f64) -> Result<(), CellError> {
        flat_only()
    }
    fn serialize_char(self, _: char) -> Result<(), CellError> {
        flat_only()
    }
    fn serialize_str(self, _: &str) -> Result<(), CellError> {
        flat_only()
    }
    fn serialize_none(self) -> Result<(), CellError> {
        flat_only()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), CellError> {
        flat_only()
    }
    fn serialize_unit(self) -> Result<(), CellError> {
        flat_only()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), CellError> {
        flat_only()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), CellError> {
        flat_only()
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), CellError> {
        flat_only()
    }
}
