//! How far a large download has come, as the loading state shows it: bytes received (of the
//! total when the server says it), then rows decoded (of the total when known).

use shared::format::grouped;

/// One moment of a load. `Default` is "nothing received yet".
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    /// Bytes of the body received so far (after the browser's decompression).
    pub received: u64,
    /// The body's length, when the server said it (`X-Snapshot-Bytes`, or `Content-Length`
    /// of an uncompressed answer).
    pub total: Option<u64>,
    /// Rows decoded so far, once decoding has started.
    pub rows: Option<u64>,
    /// The number of rows, when the server said it (`X-Snapshot-Rows`).
    pub rows_total: Option<u64>,
}

impl Progress {
    /// How far along, 0–100, when a total is known: bytes while receiving, rows after.
    pub fn percent(&self) -> Option<f64> {
        let (done, total) = match self.rows {
            Some(rows) => (rows, self.rows_total?),
            None => (self.received, self.total?),
        };
        Some(if total == 0 {
            100.0
        } else {
            (done as f64 * 100.0 / total as f64)
                .clamp(0.0, 100.0)
                .floor()
        })
    }

    /// The same as a sentence, e.g. "12.4 MB of 40.0 MB received" or "Reading 1,000 rows".
    pub fn text(&self) -> String {
        match (self.rows, self.rows_total) {
            (Some(rows), Some(total)) => {
                format!("Reading rows: {} of {}", grouped(rows), grouped(total))
            }
            (Some(rows), None) => format!("Reading rows: {}", grouped(rows)),
            (None, _) => match self.total {
                Some(total) => format!("{} of {} received", mb(self.received), mb(total)),
                None => format!("{} received", mb(self.received)),
            },
        }
    }
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(
        received: u64,
        total: Option<u64>,
        rows: Option<u64>,
        rows_total: Option<u64>,
    ) -> Progress {
        Progress {
            received,
            total,
            rows,
            rows_total,
        }
    }

    #[test]
    fn bytes_then_rows_with_and_without_totals() {
        let cases = [
            (p(0, None, None, None), None, "0.0 MB received"),
            (p(12_345_678, None, None, None), None, "12.3 MB received"),
            (
                p(0, Some(40_000_000), None, None),
                Some(0.0),
                "0.0 MB of 40.0 MB received",
            ),
            (
                p(10_000_000, Some(40_000_000), None, Some(7)),
                Some(25.0),
                "10.0 MB of 40.0 MB received",
            ),
            (
                p(5, Some(5), None, None),
                Some(100.0),
                "0.0 MB of 0.0 MB received",
            ),
            (
                p(0, Some(0), None, None),
                Some(100.0),
                "0.0 MB of 0.0 MB received",
            ),
            (p(9, Some(9), Some(999), None), None, "Reading rows: 999"),
            (
                p(9, Some(9), Some(333_333), Some(1_000_000)),
                Some(33.0),
                "Reading rows: 333,333 of 1,000,000",
            ),
            (
                p(9, None, Some(1_000_000), Some(1_000_000)),
                Some(100.0),
                "Reading rows: 1,000,000 of 1,000,000",
            ),
            // A server that said too little: never past 100.
            (
                p(50, Some(10), None, None),
                Some(100.0),
                "0.0 MB of 0.0 MB received",
            ),
        ];
        for (progress, percent, text) in cases {
            assert_eq!(progress.percent(), percent, "{progress:?}");
            assert_eq!(progress.text(), text, "{progress:?}");
        }
    }
}
