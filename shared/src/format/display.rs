//! The on-screen forms: what a person reads at a glance. Never in a CSV or an export (those
//! keep the plain forms of [`super`]), so the data contract's files are untouched by them.

use crate::money::Money;
use time::{Date, OffsetDateTime};

/// A table cell as the view shows it. Calendar values stay typed: the app writes them in the
/// browser's locale and time zone, with the plain (UTC) form on hover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewCell {
    /// Text as shown, and what hovering it tells when that is more (the exact figure).
    Text {
        text: String,
        title: Option<String>,
    },
    Date(Date),
    Instant(OffsetDateTime),
}

impl ViewCell {
    pub fn text(text: impl Into<String>) -> Self {
        ViewCell::Text {
            text: text.into(),
            title: None,
        }
    }
}

/// `1234567` → `1,234,567`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `$1,234.50`; a negative amount `-$1,234.50`.
pub fn money(m: Money) -> String {
    let sign = if m.cents() < 0 { "-" } else { "" };
    let abs = m.cents().unsigned_abs();
    format!("{sign}${}.{:02}", grouped(abs / 100), abs % 100)
}

/// A tile's amount: three significant digits and K / M / B / T from a thousand dollars up
/// (`$8.19M`, `$12.3K`, `$950K`), the exact [`money`] below that. Rounded half up first, so
/// $999,950 reads `$1.00M`, never `$1000K`.
pub fn money_compact(m: Money) -> String {
    const UNITS: [(u64, &str); 4] = [
        (100_000, "K"),
        (100_000_000, "M"),
        (100_000_000_000, "B"),
        (100_000_000_000_000, "T"),
    ];
    let sign = if m.cents() < 0 { "-" } else { "" };
    let mut cents = m.cents().unsigned_abs();
    if cents < UNITS[0].0 {
        return money(m);
    }
    let digits = cents.ilog10() + 1;
    if digits > 3 {
        let p = 10u64.pow(digits - 3);
        cents = (cents / p + u64::from(cents % p >= p / 2)) * p;
    }
    let (unit, suffix) = UNITS
        .iter()
        .rev()
        .find(|(unit, _)| cents >= *unit)
        .copied()
        .unwrap_or(UNITS[0]);
    let whole = cents / unit;
    let decimals = 3u32.saturating_sub(whole.ilog10() + 1);
    let number = if decimals == 0 {
        whole.to_string()
    } else {
        let frac = cents % unit / (unit / 10u64.pow(decimals));
        format!("{whole}.{frac:0w$}", w = decimals as usize)
    };
    format!("{sign}${number}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        for (n, want) in [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (123_456, "123,456"),
            (1_234_567, "1,234,567"),
            (123_456_789, "123,456,789"),
            (u64::MAX, "18,446,744,073,709,551,615"),
        ] {
            assert_eq!(grouped(n), want);
        }
    }

    #[test]
    fn money_with_its_sign_and_separators() {
        for (cents, want) in [
            (0, "$0.00"),
            (5, "$0.05"),
            (123_450, "$1,234.50"),
            (-123_450, "-$1,234.50"),
            (10_000_000_000, "$100,000,000.00"),
        ] {
            assert_eq!(money(Money(cents)), want);
        }
    }

    #[test]
    fn compact_money_for_tiles() {
        for (cents, want) in [
            (95_000, "$950.00"),
            (99_999, "$999.99"),
            (100_000, "$1.00K"),
            (1_234_500, "$12.3K"),
            (95_049_900, "$950K"),
            (99_949_900, "$999K"),
            (99_950_000, "$1.00M"),
            (819_000_000, "$8.19M"),
            (818_549_999, "$8.19M"),
            (818_450_000, "$8.18M"),
            (12_345_678_900, "$123M"),
            (123_456_789_000, "$1.23B"),
            (-819_000_000, "-$8.19M"),
            (i64::MAX, "$92200T"),
        ] {
            assert_eq!(money_compact(Money(cents)), want, "{cents}");
        }
    }
}
