//! Byte-level readers for row corpora: lines (JSON Lines) and CSV records.
//!
//! Both count lines the same way: `\n`, `\r\n` and a bare `\r` each end one line. Both hold at
//! most `cap` bytes of one row in memory: the rest of a longer row is scanned (to find where it
//! ends) but not kept, so a 1 GB line costs no more than the cap.

use std::io::{self, Read, Seek, SeekFrom};

const BUF: usize = 64 * 1024;

/// A buffered byte source that knows its offset and can jump back.
pub(super) struct Bytes<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    /// File offset of `buf[pos]`.
    offset: u64,
}

impl<R: Read + Seek> Bytes<R> {
    /// Wraps `inner`, skipping a UTF-8 byte-order mark at its start.
    pub fn new(inner: R) -> io::Result<Self> {
        let mut b = Bytes {
            inner,
            buf: vec![0; BUF].into_boxed_slice(),
            pos: 0,
            len: 0,
            offset: 0,
        };
        b.fill()?;
        if b.buf[..b.len].starts_with(b"\xef\xbb\xbf") {
            b.advance(3);
        }
        Ok(b)
    }

    /// Makes sure at least one byte is buffered; false at end of input.
    fn fill(&mut self) -> io::Result<bool> {
        if self.pos < self.len {
            return Ok(true);
        }
        self.pos = 0;
        self.len = loop {
            match self.inner.read(&mut self.buf) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        Ok(self.len > 0)
    }

    fn advance(&mut self, n: usize) {
        self.pos += n;
        self.offset += n as u64;
    }

    pub fn peek(&mut self) -> io::Result<Option<u8>> {
        Ok(if self.fill()? {
            Some(self.buf[self.pos])
        } else {
            None
        })
    }

    pub fn next_byte(&mut self) -> io::Result<Option<u8>> {
        let b = self.peek()?;
        if b.is_some() {
            self.advance(1);
        }
        Ok(b)
    }

    pub fn offset(&self) -> u64 {
        self.offset
    }

    pub fn seek(&mut self, offset: u64) -> io::Result<()> {
        self.inner.seek(SeekFrom::Start(offset))?;
        self.pos = 0;
        self.len = 0;
        self.offset = offset;
        Ok(())
    }

    /// After a `\r`: consumes the `\n` of a `\r\n`.
    fn eat_lf(&mut self) -> io::Result<bool> {
        if self.peek()? == Some(b'\n') {
            self.advance(1);
            return Ok(true);
        }
        Ok(false)
    }

    /// Reads one line (without its line end) into `out`, keeping at most `cap` bytes.
    /// `None` at end of input; otherwise the line's full length in bytes (more than `cap`
    /// means `out` was left empty).
    pub fn read_line(&mut self, out: &mut Vec<u8>, cap: usize) -> io::Result<Option<u64>> {
        out.clear();
        let mut total = 0u64;
        let mut any = false;
        loop {
            if !self.fill()? {
                return Ok(any.then_some(total));
            }
            any = true;
            let chunk = &self.buf[self.pos..self.len];
            let end = chunk.iter().position(|&b| b == b'\n' || b == b'\r');
            let n = end.unwrap_or(chunk.len());
            total += n as u64;
            if total <= cap as u64 {
                push_capped(out, &chunk[..n], cap);
            } else if !out.is_empty() {
                *out = Vec::new();
            }
            match end {
                Some(i) => {
                    let cr = chunk[i] == b'\r';
                    self.advance(i + 1);
                    if cr {
                        self.eat_lf()?;
                    }
                    return Ok(Some(total));
                }
                None => self.advance(n),
            }
        }
    }
}

/// Appends `bytes`, growing `out` by doubling but never past `cap`.
fn push_capped(out: &mut Vec<u8>, bytes: &[u8], cap: usize) {
    let need = out.len() + bytes.len();
    if need > out.capacity() {
        let want = (out.capacity() * 2).max(need).max(64).min(cap.max(need));
        out.reserve_exact(want - out.len());
    }
    out.extend_from_slice(bytes);
}

/// One CSV record as read: raw field bytes and where it lay in the file.
#[derive(Debug, Default)]
pub(super) struct RawRecord {
    /// Line the record starts on (1-based).
    pub line: usize,
    /// Line the record ends on.
    pub end_line: usize,
    /// The fields; empty when the record was larger than the cap.
    pub fields: Vec<Vec<u8>>,
    /// Bytes of field content seen.
    pub size: u64,
    pub too_large: bool,
    /// A quoted field reached the end of the file.
    pub unclosed: Option<QuotedField>,
    /// Quoted fields that span lines.
    pub multiline: Vec<QuotedField>,
}

/// A quoted field that contains line ends.
#[derive(Debug, Clone, Copy)]
pub(super) struct QuotedField {
    pub index: usize,
    /// Line of its opening quote.
    pub line: usize,
    /// Offset and line number just after the first line end inside it: where to start
    /// reading again if the quote turns out to be unclosed.
    pub resume: Option<(u64, usize)>,
}

/// A CSV reader (RFC 4180: `,` between fields, `"` quotes, `""` inside quotes) that reports
/// quotes left open and counts lines by every kind of line end.
pub(super) struct CsvReader<R> {
    bytes: Bytes<R>,
    /// Line of the next byte.
    line: usize,
    cap: usize,
}

impl<R: Read + Seek> CsvReader<R> {
    pub fn new(inner: R, cap: usize) -> io::Result<Self> {
        Ok(CsvReader {
            bytes: Bytes::new(inner)?,
            line: 1,
            cap,
        })
    }

    /// Continues reading at `offset`, which is the start of line `line`.
    pub fn seek(&mut self, offset: u64, line: usize) -> io::Result<()> {
        self.line = line;
        self.bytes.seek(offset)
    }

    /// Skips blank lines; false at end of input.
    fn skip_blank_lines(&mut self) -> io::Result<bool> {
        loop {
            match self.bytes.peek()? {
                None => return Ok(false),
                Some(b'\n') => {
                    self.bytes.next_byte()?;
                    self.line += 1;
                }
                Some(b'\r') => {
                    self.bytes.next_byte()?;
                    self.bytes.eat_lf()?;
                    self.line += 1;
                }
                Some(_) => return Ok(true),
            }
        }
    }

    fn push(&self, rec: &mut RawRecord, field: &mut Vec<u8>, bytes: &[u8]) {
        rec.size += bytes.len() as u64;
        if rec.size > self.cap as u64 {
            if !rec.too_large {
                rec.too_large = true;
                *field = Vec::new();
                rec.fields = Vec::new();
            }
            return;
        }
        push_capped(field, bytes, self.cap);
    }

    fn end_field(&self, rec: &mut RawRecord, field: &mut Vec<u8>) {
        let f = std::mem::take(field);
        if !rec.too_large {
            rec.fields.push(f);
        }
    }

    /// Reads the rest of a quoted field (after its opening quote). False if the input ended
    /// inside the quotes.
    fn quoted(&mut self, rec: &mut RawRecord, field: &mut Vec<u8>) -> io::Result<bool> {
        let mut q = QuotedField {
            index: rec.fields.len(),
            line: self.line,
            resume: None,
        };
        loop {
            let Some(b) = self.bytes.next_byte()? else {
                rec.unclosed = Some(q);
                return Ok(false);
            };
            match b {
                b'"' if self.bytes.peek()? == Some(b'"') => {
                    self.bytes.next_byte()?;
                    self.push(rec, field, b"\"");
                }
                b'"' => break,
                b'\n' | b'\r' => {
                    self.push(rec, field, &[b]);
                    if b == b'\r' && self.bytes.eat_lf()? {
                        self.push(rec, field, b"\n");
                    }
                    self.line += 1;
                    if q.resume.is_none() {
                        q.resume = Some((self.bytes.offset(), self.line));
                    }
                }
                _ => self.push(rec, field, &[b]),
            }
        }
        if q.resume.is_some() {
            rec.multiline.push(q);
        }
        Ok(true)
    }

    /// The next record, or `None` at end of input. Blank lines are skipped.
    pub fn read_record(&mut self) -> io::Result<Option<RawRecord>> {
        if !self.skip_blank_lines()? {
            return Ok(None);
        }
        let mut rec = RawRecord {
            line: self.line,
            ..RawRecord::default()
        };
        let mut field = Vec::new();
        loop {
            if self.bytes.peek()? == Some(b'"') {
                self.bytes.next_byte()?;
                if !self.quoted(&mut rec, &mut field)? {
                    self.end_field(&mut rec, &mut field);
                    rec.end_line = self.line;
                    break;
                }
            }
            // An unquoted field, or what follows a closing quote (kept as it is).
            let more_fields = loop {
                match self.bytes.next_byte()? {
                    None => {
                        rec.end_line = self.line;
                        break false;
                    }
                    Some(b',') => break true,
                    Some(b'\n') => {
                        rec.end_line = self.line;
                        self.line += 1;
                        break false;
                    }
                    Some(b'\r') => {
                        self.bytes.eat_lf()?;
                        rec.end_line = self.line;
                        self.line += 1;
                        break false;
                    }
                    Some(b) => self.push(&mut rec, &mut field, &[b]),
                }
            };
            self.end_field(&mut rec, &mut field);
            if !more_fields {
                break;
            }
        }
        Ok(Some(rec))
    }
}

/// Number of fields on one line read on its own (a quote left open counts as one field).
pub(super) fn fields_on_line(line: &[u8]) -> usize {
    let mut n = 1;
    let mut i = 0;
    let mut at_start = true;
    let mut in_quotes = false;
    while i < line.len() {
        let b = line[i];
        if in_quotes {
            if b == b'"' {
                if line.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            }
        } else if b == b',' {
            n += 1;
            at_start = true;
            i += 1;
            continue;
        } else if b == b'"' && at_start {
            in_quotes = true;
        }
        at_start = false;
        i += 1;
    }
    n
}

/// Splits text on every kind of line end.
pub(super) fn split_lines(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(|&b| b == b'\n' || b == b'\r')
}
