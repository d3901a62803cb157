//! CRC-32 (IEEE, as zlib and PNG) of the wire format's header and blocks: detects a flipped or
//! dropped byte. Slice-by-16, the algorithm `crc32fast` runs where the CPU has no CRC
//! instructions (wasm32): a byte-at-a-time loop took a third of a second over a million rows'
//! bytes in the browser. Written here instead of taken from `crc32fast` because that crate
//! ships its 16 KiB of tables precomputed, and precomputed tables are incompressible: 4 % of
//! the app's first download. These are computed on first use (4,096 steps).

use std::sync::OnceLock;

/// The reflected IEEE polynomial.
const POLY: u32 = 0xEDB8_8320;

/// `TABLES[k][b]`: the CRC contribution of byte `b` followed by `k` zero bytes.
type Tables = [[u32; 256]; 16];

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Box<Tables>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t: Box<Tables> = Box::new([[0; 256]; 16]);
        for b in 0..256 {
            let mut c = b as u32;
            for _ in 0..8 {
                c = if c & 1 == 1 { POLY ^ (c >> 1) } else { c >> 1 };
            }
            t[0][b] = c;
        }
        for k in 1..16 {
            for b in 0..256 {
                let prev = t[k - 1][b];
                t[k][b] = (prev >> 8) ^ t[0][(prev & 0xff) as usize];
            }
        }
        t
    })
}

pub fn crc32(bytes: &[u8]) -> u32 {
    let t = tables();
    let mut crc = !0u32;
    let mut blocks = bytes.chunks_exact(16);
    for c in &mut blocks {
        // The running CRC folds into the first four bytes; byte j is followed by 15 − j more.
        let a = crc ^ u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        crc = t[15][(a & 0xff) as usize]
            ^ t[14][((a >> 8) & 0xff) as usize]
            ^ t[13][((a >> 16) & 0xff) as usize]
            ^ t[12][(a >> 24) as usize];
        for (j, &b) in c[4..].iter().enumerate() {
            crc ^= t[11 - j][b as usize];
        }
    }
    for &b in blocks.remainder() {
        crc = (crc >> 8) ^ t[0][((crc ^ b as u32) & 0xff) as usize];
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::crc32;
    use proptest::prelude::*;

    #[test]
    fn known_values() {
        for (input, want) in [
            (&b""[..], 0u32),
            (b"a", 0xE8B7_BE43),
            (b"123456789", 0xCBF4_3926),
            (b"The quick brown fox jumps over the lazy dog", 0x414F_A339),
        ] {
            assert_eq!(crc32(input), want, "{:?}", String::from_utf8_lossy(input));
        }
    }

    proptest! {
        // Every length around the 16-byte step, and longer inputs, against the crate.
        #[test]
        fn equals_crc32fast(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            prop_assert_eq!(crc32(&bytes), crc32fast::hash(&bytes));
        }
    }
}
