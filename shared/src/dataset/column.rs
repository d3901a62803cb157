//! The three kinds of column a table is made of, each kept compact in memory and written per
//! block of rows: [`Dict`] (codes into a dictionary, for texts, IDs, enums and lists), [`Nums`]
//! (a value per row) and [`Opt`] (a presence bitmap beside a value per row).

use super::value::{Entry, Num};
use crate::wire::bytes::{put_varint, put_zigzag, ReadError, Reader};
use std::collections::HashMap;
use std::ops::Range;

/// One column of a table: built row by row, read by row index, encoded and decoded a block of
/// rows at a time.
pub trait Column: Default + Clone + std::fmt::Debug {
    type Item;
    fn push(&mut self, v: &Self::Item);
    fn get(&self, row: usize) -> Self::Item;
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Writes `rows`. `sent` carries, from one block to the next, how many dictionary entries
    /// the stream already holds (columns without a dictionary leave it alone).
    fn encode(&self, rows: Range<usize>, sent: &mut usize, out: &mut Vec<u8>);
    /// Appends `rows` rows read from `r`.
    fn decode(&mut self, rows: usize, r: &mut Reader) -> Result<(), ReadError>;
    /// Drops what only building needs.
    fn seal(&mut self) {}
    /// Forgets the rows, keeping what later rows refer to (a dictionary) and the capacity.
    fn clear_rows(&mut self);
}

/// Dictionary-encoded: each distinct value once, in order of first appearance; a `u32` code
/// per row. On the wire a block carries the entries first used in it, then its codes as
/// zigzag deltas (sorted or repeated codes become runs of small numbers that compress well).
#[derive(Debug, Clone)]
pub struct Dict<T: Entry> {
    values: Vec<T>,
    codes: Vec<u32>,
    /// Value → code, while building only (`seal` drops it; `push` rebuilds it if needed).
    index: HashMap<T, u32>,
}

impl<T: Entry> Default for Dict<T> {
    fn default() -> Self {
        Dict {
            values: Vec::new(),
            codes: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl<T: Entry> PartialEq for Dict<T> {
    fn eq(&self, other: &Self) -> bool {
        self.values == other.values && self.codes == other.codes
    }
}

impl<T: Entry> Dict<T> {
    /// The row's value, borrowed.
    pub fn value(&self, row: usize) -> &T {
        &self.values[self.codes[row] as usize]
    }
    /// The row's code: equal codes are equal values (filter by code, not by value).
    pub fn code(&self, row: usize) -> u32 {
        self.codes[row]
    }
    pub fn codes(&self) -> &[u32] {
        &self.codes
    }
    /// The distinct values, indexed by code.
    pub fn dictionary(&self) -> &[T] {
        &self.values
    }
}

impl<T: Entry> Column for Dict<T> {
    type Item = T;

    fn push(&mut self, v: &T) {
        if self.index.len() != self.values.len() {
            self.index = (0..)
                .zip(&self.values)
                .map(|(i, v)| (v.clone(), i))
                .collect();
        }
        let next = self.values.len() as u32;
        let code = *self.index.entry(v.clone()).or_insert_with(|| {
            self.values.push(v.clone());
            next
        });
        self.codes.push(code);
    }

    fn get(&self, row: usize) -> T {
        self.value(row).clone()
    }

    fn len(&self) -> usize {
        self.codes.len()
    }

    fn encode(&self, rows: Range<usize>, sent: &mut usize, out: &mut Vec<u8>) {
        let codes = &self.codes[rows];
        let needed = codes.iter().map(|c| *c as usize + 1).max().unwrap_or(0);
        let new = needed.saturating_sub(*sent);
        put_varint(out, new as u64);
        for v in &self.values[*sent..*sent + new] {
            v.write(out);
        }
        *sent += new;
        let mut prev = 0i64;
        for &c in codes {
            put_zigzag(out, i64::from(c) - prev);
            prev = i64::from(c);
        }
    }

    fn decode(&mut self, rows: usize, r: &mut Reader) -> Result<(), ReadError> {
        let new = r.count()?;
        self.values.reserve(new);
        for _ in 0..new {
            self.values.push(T::read(r)?);
        }
        self.codes.reserve(rows);
        let mut prev = 0i64;
        for _ in 0..rows {
            let code = prev.checked_add(r.zigzag()?);
            match code {
                Some(c) if c >= 0 && (c as u64) < self.values.len() as u64 => {
                    self.codes.push(c as u32);
                    prev = c;
                }
                _ => {
                    return Err(ReadError::invalid(format!(
                        "a dictionary code is outside its {} entries",
                        self.values.len()
                    )))
                }
            }
        }
        Ok(())
    }

    fn seal(&mut self) {
        self.index = HashMap::new();
    }

    fn clear_rows(&mut self) {
        self.codes.clear();
    }
}

/// A value per row.
#[derive(Debug, Clone, PartialEq)]
pub struct Nums<T: Num>(pub Vec<T>);

impl<T: Num> Default for Nums<T> {
    fn default() -> Self {
        Nums(Vec::new())
    }
}

impl<T: Num> Nums<T> {
    pub fn values(&self) -> &[T] {
        &self.0
    }
}

impl<T: Num> Column for Nums<T> {
    type Item = T;

    fn push(&mut self, v: &T) {
        self.0.push(*v);
    }
    fn get(&self, row: usize) -> T {
        self.0[row]
    }
    fn len(&self) -> usize {
        self.0.len()
    }
    fn encode(&self, rows: Range<usize>, _: &mut usize, out: &mut Vec<u8>) {
        for v in &self.0[rows] {
            v.write(out);
        }
    }
    fn decode(&mut self, rows: usize, r: &mut Reader) -> Result<(), ReadError> {
        self.0.reserve(rows);
        for _ in 0..rows {
            self.0.push(T::read(r)?);
        }
        Ok(())
    }

    fn clear_rows(&mut self) {
        self.0.clear();
    }
}

/// An optional value per row: a presence bit, and the value (a filler where absent, so a row
/// is found by index). On the wire: the block's presence bits, then the present values only.
#[derive(Debug, Clone, PartialEq)]
pub struct Opt<T: Num> {
    present: Vec<u64>,
    values: Vec<T>,
}

impl<T: Num> Default for Opt<T> {
    fn default() -> Self {
        Opt {
            present: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<T: Num> Opt<T> {
    pub fn is_present(&self, row: usize) -> bool {
        self.present[row / 64] >> (row % 64) & 1 == 1
    }

    fn push_value(&mut self, v: Option<T>) {
        let row = self.values.len();
        if row.is_multiple_of(64) {
            self.present.push(0);
        }
        if v.is_some() {
            self.present[row / 64] |= 1 << (row % 64);
        }
        self.values.push(v.unwrap_or(T::FILLER));
    }
}

impl<T: Num> Column for Opt<T> {
    type Item = Option<T>;

    fn push(&mut self, v: &Option<T>) {
        self.push_value(*v);
    }
    fn get(&self, row: usize) -> Option<T> {
        self.is_present(row).then(|| self.values[row])
    }
    fn len(&self) -> usize {
        self.values.len()
    }
    fn encode(&self, rows: Range<usize>, _: &mut usize, out: &mut Vec<u8>) {
        let start = out.len();
        out.resize(start + rows.len().div_ceil(8), 0);
        for (k, row) in rows.clone().enumerate() {
            if self.is_present(row) {
                out[start + k / 8] |= 1 << (k % 8);
            }
        }
        for row in rows.filter(|r| self.is_present(*r)) {
            self.values[row].write(out);
        }
    }
    fn decode(&mut self, rows: usize, r: &mut Reader) -> Result<(), ReadError> {
        let bits = r.take(rows.div_ceil(8))?;
        if !rows.is_multiple_of(8) && bits[rows / 8] >> (rows % 8) != 0 {
            return Err(ReadError::invalid(
                "presence bits are set past the block's rows",
            ));
        }
        self.values.reserve(rows);
        for k in 0..rows {
            let v = if bits[k / 8] >> (k % 8) & 1 == 1 {
                Some(T::read(r)?)
            } else {
                None
            };
            self.push_value(v);
        }
        Ok(())
    }

    fn clear_rows(&mut self) {
        self.present.clear();
        self.values.clear();
    }
}
