//! How a report table sorts: by one column's key, either way, missing values last.

use super::Column;
use std::cmp::Ordering;

/// What a column sorts by. Missing values sort last in either direction.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey {
    Missing,
    Num(f64),
    Text(String),
}

impl SortKey {
    /// Lower-cased text; an empty cell is missing.
    pub fn text(s: &str) -> SortKey {
        if s.is_empty() {
            SortKey::Missing
        } else {
            SortKey::Text(s.to_lowercase())
        }
    }

    /// A number, or missing.
    pub fn num(v: Option<f64>) -> SortKey {
        v.map_or(SortKey::Missing, SortKey::Num)
    }

    fn cmp_present(&self, other: &SortKey) -> Ordering {
        match (self, other) {
            (SortKey::Num(a), SortKey::Num(b)) => a.total_cmp(b),
            (SortKey::Text(a), SortKey::Text(b)) => a.cmp(b),
            (SortKey::Num(_), SortKey::Text(_)) => Ordering::Less,
            (SortKey::Text(_), SortKey::Num(_)) => Ordering::Greater,
            _ => Ordering::Equal,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortDir {
    #[default]
    Asc,
    Desc,
}

impl SortDir {
    pub fn flip(self) -> SortDir {
        match self {
            SortDir::Asc => SortDir::Desc,
            SortDir::Desc => SortDir::Asc,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            SortDir::Asc => "asc",
            SortDir::Desc => "desc",
        }
    }
    pub fn parse(s: &str) -> Option<SortDir> {
        match s {
            "asc" => Some(SortDir::Asc),
            "desc" => Some(SortDir::Desc),
            _ => None,
        }
    }
}

/// Row indices ordered by `column` (stable: ties keep the input order).
pub fn sort_indices<R>(rows: &[R], column: &Column<R>, dir: SortDir) -> Vec<u32> {
    let keys: Vec<SortKey> = rows.iter().map(|r| column.sort_key(r)).collect();
    if keys.iter().all(|k| !matches!(k, SortKey::Text(_))) {
        return sort_numbers(&keys, dir);
    }
    sort_keys(&keys, dir)
}

/// [`sort_keys`] for keys without text (every numeric column): a million rows sort as flat
/// `(missing, order-preserving bits, index)` triples — contiguous, compared as integers, and
/// the index breaks ties, so the unstable sort gives the stable order.
fn sort_numbers(keys: &[SortKey], dir: SortDir) -> Vec<u32> {
    let mut keyed: Vec<(bool, u64, u32)> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| match k {
            SortKey::Num(v) => {
                let bits = ordered_bits(*v);
                (
                    false,
                    if dir == SortDir::Desc { !bits } else { bits },
                    i as u32,
                )
            }
            _ => (true, 0, i as u32),
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(.., i)| i).collect()
}

/// `v`'s bits, mapped so that integer order is `f64::total_cmp`'s order.
fn ordered_bits(v: f64) -> u64 {
    let b = v.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | 1 << 63
    }
}

/// Indices ordered by `keys`, stable, missing last either way.
fn sort_keys(keys: &[SortKey], dir: SortDir) -> Vec<u32> {
    let mut idx: Vec<u32> = (0..keys.len() as u32).collect();
    idx.sort_by(|&a, &b| {
        let (ka, kb) = (&keys[a as usize], &keys[b as usize]);
        match (ka, kb) {
            (SortKey::Missing, SortKey::Missing) => Ordering::Equal,
            (SortKey::Missing, _) => Ordering::Greater,
            (_, SortKey::Missing) => Ordering::Less,
            _ => {
                let o = ka.cmp_present(kb);
                if dir == SortDir::Desc {
                    o.reverse()
                } else {
                    o
                }
            }
        }
    });
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_sorts_last_both_ways_and_ties_keep_their_order() {
        let rows: Vec<Option<u64>> = vec![Some(2), None, Some(1), Some(2), None];
        let col: Column<Option<u64>> = Column::opt_count("n", "N", |r| *r);
        assert_eq!(sort_indices(&rows, &col, SortDir::Asc), [2, 0, 3, 1, 4]);
        assert_eq!(sort_indices(&rows, &col, SortDir::Desc), [0, 3, 2, 1, 4]);
    }

    #[test]
    fn text_sorts_case_aside_and_numbers_before_text() {
        let keys = [SortKey::text("b"), SortKey::text("A"), SortKey::Num(9.0)];
        assert_eq!(keys[1].cmp_present(&keys[0]), Ordering::Less);
        assert_eq!(keys[2].cmp_present(&keys[1]), Ordering::Less);
        assert_eq!(SortKey::text(""), SortKey::Missing);
        assert_eq!(SortKey::num(None), SortKey::Missing);
        assert_eq!(SortKey::num(Some(1.5)), SortKey::Num(1.5));
    }

    proptest::proptest! {
        /// The numeric fast path orders exactly as the general comparison does (NaN, −0.0,
        /// infinities, missing values and ties included).
        #[test]
        fn numbers_sort_as_the_general_comparison(
            values in proptest::collection::vec(proptest::option::of(proptest::num::f64::ANY), 0..60),
            picks in proptest::collection::vec(0usize..60, 0..30),
        ) {
            // Repeat some values so ties are common.
            let mut keys: Vec<SortKey> = values.iter().map(|v| SortKey::num(*v)).collect();
            for p in picks {
                if let Some(k) = keys.get(p % keys.len().max(1)).cloned() {
                    keys.push(k);
                }
            }
            for dir in [SortDir::Asc, SortDir::Desc] {
                proptest::prop_assert_eq!(sort_numbers(&keys, dir), sort_keys(&keys, dir));
            }
        }
    }

    #[test]
    fn directions_round_trip() {
        for d in [SortDir::Asc, SortDir::Desc] {
            assert_eq!(SortDir::parse(d.as_str()), Some(d));
            assert_eq!(d.flip().flip(), d);
            assert_ne!(d.flip(), d);
        }
        assert_eq!(SortDir::parse("up"), None);
    }
}
