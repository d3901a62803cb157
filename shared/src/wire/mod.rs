//! The binary form of a snapshot (`GET /api/snapshot` with `Accept:` [`MEDIA_TYPE`]): a
//! [`Dataset`] written column by column in blocks of rows, so the server can stream it and the
//! app can decode it as it arrives and show how many rows are in. The decoder turns each block
//! into records as soon as it is read, so the app never holds the whole table twice (columns
//! and records): one block's columns, the dictionaries, and the records.
//!
//! ```text
//! header  magic "\x89INSNAP\n" · version u16 LE · schema fingerprint u32 LE · table count u8
//!         · rows per table (varint each, in `dataset::TABLES` order) · CRC-32 of the above u32 LE
//! block*  table u8 · rows varint · payload length varint · payload · CRC-32 of the block u32 LE
//!         payload: each column of the table in declaration order, for the block's rows:
//!           Dict  new dictionary entries (count, entries) · codes as zigzag deltas
//!           Nums  one value per row          Opt  presence bits · the present values
//! ```
//! Numbers are LEB128 varints (signed: zigzag), texts length-prefixed UTF-8, dates day
//! numbers, ratios their `f64` bits. Blocks hold at most [`BLOCK_ROWS`] rows; a table's
//! blocks come in row order. Everything read is checked: a truncated or corrupted stream is a
//! [`WireError`] naming the byte offset, the column and the rule broken, never a panic.

pub(crate) mod bytes;
mod crc;
#[cfg(test)]
mod tests;

use crate::dataset::{Dataset, SCHEMA, TABLES};
use crate::snapshot::Snapshot;
use bytes::{put_varint, ReadError, Reader};
use crc::crc32;

/// The media type of the binary form.
pub const MEDIA_TYPE: &str = "application/vnd.insights.snapshot";
/// The first bytes of every stream: not text (0x89), and a line end that text-mode transfers
/// would mangle, as in PNG.
pub const MAGIC: [u8; 8] = *b"\x89INSNAP\n";
/// The framing version (header and block layout); the schema has its own fingerprint.
pub const VERSION: u16 = 1;
/// Rows per block: small enough for smooth progress, large enough that block overhead is nil.
pub const BLOCK_ROWS: usize = 16_384;
/// A block longer than this is corrupt (a block of `BLOCK_ROWS` rows is far smaller).
const MAX_BLOCK_BYTES: u64 = 1 << 28;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("not an Insights snapshot: the stream does not start with the snapshot magic number")]
    BadMagic,
    #[error("snapshot format version {found}; this build reads version {expected}")]
    Version { found: u16, expected: u16 },
    #[error(
        "snapshot schema {found:08x} differs from this build's {expected:08x}: the server and \
         the app come from different builds (reload the page)"
    )]
    Schema { found: u32, expected: u32 },
    #[error(
        "the snapshot stream ended early: {rows} of {total} rows decoded, {pending} bytes of an \
         unfinished block"
    )]
    Truncated {
        rows: u64,
        total: u64,
        pending: usize,
    },
    #[error("corrupt snapshot at byte {offset}: {what}")]
    Corrupt { offset: u64, what: String },
}

/// The fingerprint of the dataset layout (whitespace-insensitive, so compilers that print
/// tokens differently agree).
pub fn schema_id() -> u32 {
    let tokens: Vec<u8> = SCHEMA
        .bytes()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    crc32(&tokens)
}

/// The header of a dataset with these row counts.
pub fn header(row_counts: &[u64]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&schema_id().to_le_bytes());
    out.push(row_counts.len() as u8);
    for &n in row_counts {
        put_varint(&mut out, n);
    }
    let crc = crc32(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// Writes a dataset as a sequence of byte chunks — the header, then one chunk per block — so
/// a caller can send or compress each as it comes without holding the whole stream.
pub struct Encoder<'a> {
    ds: &'a Dataset,
    counts: Vec<u64>,
    header_sent: bool,
    table: usize,
    row: usize,
    /// Per table, per column: dictionary entries already written.
    sent: Vec<Vec<usize>>,
}

impl<'a> Encoder<'a> {
    pub fn new(ds: &'a Dataset) -> Self {
        Encoder {
            ds,
            counts: ds.row_counts(),
            header_sent: false,
            table: 0,
            row: 0,
            sent: Dataset::column_counts()
                .into_iter()
                .map(|n| vec![0; n])
                .collect(),
        }
    }
}

impl Iterator for Encoder<'_> {
    type Item = Vec<u8>;

    fn next(&mut self) -> Option<Vec<u8>> {
        if !self.header_sent {
            self.header_sent = true;
            return Some(header(&self.counts));
        }
        while self.table < self.counts.len() {
            let n = self.counts[self.table] as usize;
            if self.row < n {
                let rows = self.row..n.min(self.row + BLOCK_ROWS);
                self.row = rows.end;
                let mut payload = Vec::new();
                self.ds.encode_block(
                    self.table,
                    rows.clone(),
                    &mut self.sent[self.table],
                    &mut payload,
                );
                let mut block = vec![self.table as u8];
                put_varint(&mut block, rows.len() as u64);
                put_varint(&mut block, payload.len() as u64);
                block.extend_from_slice(&payload);
                let crc = crc32(&block);
                block.extend_from_slice(&crc.to_le_bytes());
                return Some(block);
            }
            self.table += 1;
            self.row = 0;
        }
        None
    }
}

/// The whole stream at once.
pub fn encode(ds: &Dataset) -> Vec<u8> {
    Encoder::new(ds).flatten().collect()
}

/// Decodes a whole stream.
pub fn decode(bytes: &[u8]) -> Result<Snapshot, WireError> {
    let mut d = Decoder::new();
    d.feed(bytes)?;
    d.finish()
}

/// How far decoding is: rows decoded, of the total the header announced (once it is in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub rows: u64,
    pub total: Option<u64>,
}

/// Decodes a stream fed in chunks of any size: [`Decoder::feed`] each chunk as it arrives (it
/// decodes every block that is complete into records and keeps only the unfinished rest),
/// then [`Decoder::finish`]. After an error every call answers that error.
#[derive(Debug, Default)]
pub struct Decoder {
    buf: Vec<u8>,
    /// Stream offset of `buf[0]`.
    offset: u64,
    counts: Option<Vec<u64>>,
    done: Vec<u64>,
    /// The block being read, column by column, and every dictionary so far.
    ds: Dataset,
    /// The rows of every block read.
    records: Snapshot,
    /// Eligibility's blocks, when they are kept for later (`deferring_eligibility`).
    deferred: Option<DeferredEligibility>,
    error: Option<WireError>,
}

impl Decoder {
    pub fn new() -> Self {
        Decoder::default()
    }

    /// A decoder that checks eligibility's blocks as it reads them (framing and checksum, as
    /// every block) but keeps them as bytes: [`Decoder::finish_deferred`] hands them back as
    /// [`DeferredEligibility`], decoded when a page first needs them. The app's first page
    /// never reads eligibility, which at a million Opportunities rows is 760k records: ~100 MB
    /// of memory and a fifth of the decoding the first rows would otherwise wait for.
    pub fn deferring_eligibility() -> Self {
        Decoder {
            deferred: Some(DeferredEligibility::default()),
            ..Decoder::default()
        }
    }

    pub fn feed(&mut self, chunk: &[u8]) -> Result<Progress, WireError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        self.buf.extend_from_slice(chunk);
        let buf = std::mem::take(&mut self.buf);
        let mut at = 0;
        let result = loop {
            let step = match self.counts {
                None => self.header(&buf[at..]),
                Some(_) => self.block(&buf[at..], self.offset + at as u64),
            };
            match step {
                Ok(Some(used)) => at += used,
                Ok(None) => break Ok(self.progress()),
                Err(e) => break Err(e),
            }
        };
        self.buf = buf;
        self.buf.drain(..at);
        self.offset += at as u64;
        if let Err(e) = &result {
            self.error = Some(e.clone());
        }
        result
    }

    pub fn progress(&self) -> Progress {
        Progress {
            rows: self.done.iter().sum(),
            total: self.counts.as_ref().map(|c| c.iter().sum()),
        }
    }

    /// The dataset, once every row the header announced is in.
    pub fn finish(self) -> Result<Snapshot, WireError> {
        let (mut snapshot, deferred) = self.finish_deferred()?;
        if let Some(d) = deferred {
            snapshot.eligibility = d.decode()?;
        }
        Ok(snapshot)
    }

    /// As [`Decoder::finish`], but eligibility's blocks, when this decoder kept them, come
    /// back undecoded beside the snapshot (whose `eligibility` is then empty).
    pub fn finish_deferred(self) -> Result<(Snapshot, Option<DeferredEligibility>), WireError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let p = self.progress();
        match p.total {
            Some(total) if total == p.rows => Ok((self.records, self.deferred)),
            total => Err(WireError::Truncated {
                rows: p.rows,
                total: total.unwrap_or(0),
                pending: self.buf.len(),
            }),
        }
    }

    /// Reads the header from `buf` if it is all there: `Some(bytes used)`.
    fn header(&mut self, buf: &[u8]) -> Result<Option<usize>, WireError> {
        let m = buf.len().min(MAGIC.len());
        if buf[..m] != MAGIC[..m] {
            return Err(WireError::BadMagic);
        }
        let corrupt = |offset: usize, what: String| WireError::Corrupt {
            offset: offset as u64,
            what,
        };
        let mut r = Reader::new(buf);
        let parsed = (|| -> Result<Result<(Vec<u64>, usize), WireError>, ReadError> {
            r.take(MAGIC.len())?;
            let found = u16::from_le_bytes(r.array()?);
            if found != VERSION {
                return Ok(Err(WireError::Version {
                    found,
                    expected: VERSION,
                }));
            }
            let found = u32::from_le_bytes(r.array()?);
            if found != schema_id() {
                return Ok(Err(WireError::Schema {
                    found,
                    expected: schema_id(),
                }));
            }
            let tables = r.byte()? as usize;
            if tables != TABLES.len() {
                let what = format!("the header names {tables} tables, not {}", TABLES.len());
                return Ok(Err(corrupt(r.pos() - 1, what)));
            }
            let counts = (0..tables)
                .map(|_| r.varint())
                .collect::<Result<Vec<_>, _>>()?;
            let end = r.pos();
            let crc = u32::from_le_bytes(r.array()?);
            if crc != crc32(&buf[..end]) {
                return Ok(Err(corrupt(end, "header checksum mismatch".into())));
            }
            Ok(Ok((counts, r.pos())))
        })();
        match parsed {
            Err(ReadError::Eof) => Ok(None),
            Err(ReadError::Invalid(what)) => Err(corrupt(r.pos(), format!("header: {what}"))),
            Ok(Err(e)) => Err(e),
            Ok(Ok((counts, used))) => {
                self.done = vec![0; counts.len()];
                let mut reserve = counts.clone();
                if self.deferred.is_some() {
                    // Kept as bytes: room for its records now would be memory never used.
                    reserve[ELIGIBILITY] = 0;
                }
                Dataset::reserve_records(&mut self.records, &reserve);
                self.counts = Some(counts);
                Ok(Some(used))
            }
        }
    }

    /// Decodes one block from `buf` (at stream `offset`) if it is all there.
    fn block(&mut self, buf: &[u8], offset: u64) -> Result<Option<usize>, WireError> {
        let counts = self.counts.as_ref().expect("header read");
        let corrupt = |at: usize, what: String| WireError::Corrupt {
            offset: offset + at as u64,
            what,
        };
        if buf.is_empty() {
            return Ok(None);
        }
        if self.done == *counts {
            return Err(corrupt(0, "bytes after the last block".into()));
        }
        let mut r = Reader::new(buf);
        let head = (|| -> Result<(usize, u64, u64), ReadError> {
            Ok((r.byte()? as usize, r.varint()?, r.varint()?))
        })();
        let (table, rows, len) = match head {
            Err(ReadError::Eof) => return Ok(None),
            Err(ReadError::Invalid(what)) => return Err(corrupt(r.pos(), what)),
            Ok(h) => h,
        };
        let Some(name) = TABLES.get(table) else {
            return Err(corrupt(
                0,
                format!("a block of table {table}, which does not exist"),
            ));
        };
        let left = counts[table] - self.done[table];
        if rows == 0 || rows > left || rows > BLOCK_ROWS as u64 {
            let what = format!("a block of {rows} rows of {name}, which has {left} rows left");
            return Err(corrupt(0, what));
        }
        if len > MAX_BLOCK_BYTES {
            return Err(corrupt(0, format!("a block of {len} bytes")));
        }
        let start = r.pos();
        let end = start + len as usize;
        if buf.len() < end + 4 {
            return Ok(None);
        }
        let crc = u32::from_le_bytes(buf[end..end + 4].try_into().expect("4 bytes"));
        if crc != crc32(&buf[..end]) {
            return Err(corrupt(0, format!("block checksum mismatch ({name})")));
        }
        let payload = &buf[start..end];
        let at = offset + start as u64;
        match &mut self.deferred {
            Some(d) if table == ELIGIBILITY => d.keep(rows as usize, payload, at),
            _ => decode_payload(
                &mut self.ds,
                table,
                rows as usize,
                payload,
                at,
                &mut self.records,
            )?,
        }
        self.done[table] += rows;
        Ok(Some(end + 4))
    }
}

/// Decodes one block's payload (at stream `offset`) of table `table` into `into`'s records.
fn decode_payload(
    ds: &mut Dataset,
    table: usize,
    rows: usize,
    payload: &[u8],
    offset: u64,
    into: &mut Snapshot,
) -> Result<(), WireError> {
    let corrupt = |at: usize, what: String| WireError::Corrupt {
        offset: offset + at as u64,
        what,
    };
    let mut p = Reader::new(payload);
    ds.decode_block(table, rows, &mut p, into)
        .map_err(|e| corrupt(p.pos(), format!("{}: {}", e.column, e.error.describe())))?;
    if p.remaining() != 0 {
        let what = format!(
            "{} bytes left over in a block of {}",
            p.remaining(),
            TABLES[table]
        );
        return Err(corrupt(p.pos(), what));
    }
    Ok(())
}

/// Eligibility's position in `dataset::TABLES` (a test pins it).
const ELIGIBILITY: usize = 5;

/// Eligibility's blocks as read (checked, not decoded): see
/// [`Decoder::deferring_eligibility`].
#[derive(Debug, Default)]
pub struct DeferredEligibility {
    /// Each block's rows, its payload's offset in the stream, and the payload (each its own
    /// allocation of its exact size: one growing buffer would pass through twice the bytes).
    blocks: Vec<(usize, u64, Box<[u8]>)>,
}

impl DeferredEligibility {
    fn keep(&mut self, rows: usize, payload: &[u8], offset: u64) {
        self.blocks.push((rows, offset, payload.into()));
    }

    /// The records, decoded now (each call decodes them again). A block that is corrupt in a
    /// way its checksum cannot see (a value no column allows) is the error it would have been
    /// while the stream was read.
    pub fn decode(&self) -> Result<Vec<crate::eligibility::EligibilityRow>, WireError> {
        let mut ds = Dataset::default();
        let mut into = Snapshot::default();
        into.eligibility
            .reserve_exact(self.blocks.iter().map(|b| b.0).sum());
        for (rows, offset, payload) in &self.blocks {
            decode_payload(&mut ds, ELIGIBILITY, *rows, payload, *offset, &mut into)?;
        }
        Ok(into.eligibility)
    }
}
