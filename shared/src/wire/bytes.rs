//! The byte-level primitives of the wire form: LEB128 varints, zigzag for signed numbers, a
//! bounds-checked reader (every read can fail, none can panic) and CRC-32 for block checksums.

/// Why a read failed. `Eof` while a block is still arriving is not an error: the decoder waits
/// for more bytes; anywhere else it means the data is corrupt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The bytes end before the value does.
    Eof,
    /// The bytes are there but do not make a valid value; says what rule they break.
    Invalid(String),
}

impl ReadError {
    pub(crate) fn invalid(what: impl Into<String>) -> Self {
        ReadError::Invalid(what.into())
    }

    pub(crate) fn describe(&self) -> String {
        match self {
            ReadError::Eof => "a value ends past the end of its block".into(),
            ReadError::Invalid(what) => what.clone(),
        }
    }
}

pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub fn put_zigzag(out: &mut Vec<u8>, v: i64) {
    put_varint(out, ((v << 1) ^ (v >> 63)) as u64);
}

pub fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// A cursor over bytes whose every read is checked.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    pub fn byte(&mut self) -> Result<u8, ReadError> {
        let b = *self.buf.get(self.pos).ok_or(ReadError::Eof)?;
        self.pos += 1;
        Ok(b)
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], ReadError> {
        if n > self.remaining() {
            return Err(ReadError::Eof);
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], ReadError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    pub fn varint(&mut self) -> Result<u64, ReadError> {
        // Read from the slice directly: a million rows' numbers pass through here.
        let rest = &self.buf[self.pos..];
        let mut v: u64 = 0;
        for (i, &b) in rest.iter().take(10).enumerate() {
            if i == 9 && b > 1 {
                return Err(ReadError::invalid("a number does not fit in 64 bits"));
            }
            v |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                self.pos += i + 1;
                return Ok(v);
            }
        }
        Err(ReadError::Eof)
    }

    pub fn zigzag(&mut self) -> Result<i64, ReadError> {
        let u = self.varint()?;
        Ok(((u >> 1) as i64) ^ -((u & 1) as i64))
    }

    /// A count of items that each take at least one byte: never more than the bytes left, so a
    /// corrupt count cannot make the decoder reserve unbounded memory.
    pub fn count(&mut self) -> Result<usize, ReadError> {
        let n = self.varint()?;
        if n > self.remaining() as u64 {
            return Err(ReadError::Eof);
        }
        Ok(n as usize)
    }

    /// A text, borrowed from the bytes: the caller makes the one copy it keeps.
    pub fn text(&mut self) -> Result<&'a str, ReadError> {
        let n = self.count()?;
        let bytes = self.take(n)?;
        std::str::from_utf8(bytes).map_err(|_| ReadError::invalid("a text is not valid UTF-8"))
    }

    pub fn string(&mut self) -> Result<String, ReadError> {
        self.text().map(str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn varint_edges() {
        for (v, bytes) in [
            (0u64, vec![0u8]),
            (127, vec![0x7f]),
            (128, vec![0x80, 0x01]),
            (
                u64::MAX,
                vec![0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
            ),
        ] {
            let mut out = Vec::new();
            put_varint(&mut out, v);
            assert_eq!(out, bytes, "{v}");
            assert_eq!(Reader::new(&out).varint(), Ok(v));
        }
        let too_long = [0xffu8; 10];
        assert!(matches!(
            Reader::new(&too_long).varint(),
            Err(ReadError::Invalid(_))
        ));
        assert_eq!(Reader::new(&[0x80]).varint(), Err(ReadError::Eof));
    }

    proptest! {
        #[test]
        fn zigzag_round_trips(v in any::<i64>()) {
            let mut out = Vec::new();
            put_zigzag(&mut out, v);
            prop_assert_eq!(Reader::new(&out).zigzag(), Ok(v));
        }
    }
}
