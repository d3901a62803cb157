//! Money is USD held as integer cents: sums never drift and the CSV shows exact decimals. In
//! JSON it is the same decimal text, `"1234.50"` (`crate::json`).

use std::fmt;
use std::ops::{Add, AddAssign};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an amount in USD (expected e.g. 4.50)")]
pub struct MoneyParseError(pub String);

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn from_cents(cents: i64) -> Self {
        Money(cents)
    }

    pub fn cents(self) -> i64 {
        self.0
    }

    /// Parses `1234.5`, `1,234.50`, `$4.50` or `-3`; more than two decimals is an error rather
    /// than a silent rounding, since import data is money a partner will be paid.
    pub fn parse(s: &str) -> Result<Self, MoneyParseError> {
        let err = || MoneyParseError(s.to_string());
        let t = s.trim();
        let (neg, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let t = t.strip_prefix('$').unwrap_or(t).replace(',', "");
        if t.is_empty() {
            return Err(err());
        }
        let (whole, frac) = match t.split_once('.') {
            Some((w, f)) => (w, f),
            None => (t.as_str(), ""),
        };
        if whole.is_empty() && frac.is_empty()
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
            || frac.len() > 2
        {
            return Err(err());
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| err())?
        };
        let frac_cents: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| err())? * 10,
            _ => frac.parse().map_err(|_| err())?,
        };
        let cents = whole
            .checked_mul(100)
            .and_then(|c| c.checked_add(frac_cents))
            .ok_or_else(err)?;
        Ok(Money(if neg { -cents } else { cents }))
    }

    /// Money times a count of units, saturating rather than overflowing.
    pub fn times(self, units: u64) -> Money {
        Money(self.0.saturating_mul(units.min(i64::MAX as u64) as i64))
    }
}

impl fmt::Display for Money {
    /// Plain `1234.50` (the CSV form); negative amounts keep their sign.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        *self = *self + rhs;
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_table() {
        for (input, cents) in [
            ("4.50", 450),
            ("4.5", 450),
            ("4", 400),
            ("$1,234.56", 123456),
            (" 0.07 ", 7),
            ("-3.10", -310),
            (".5", 50),
        ] {
            assert_eq!(Money::parse(input), Ok(Money(cents)), "{input}");
        }
        for bad in ["", "abc", "1.234", "1.2.3", "-", "1e3", "."] {
            assert!(Money::parse(bad).is_err(), "{bad} should fail");
        }
    }

    #[test]
    fn displays_two_decimals() {
        assert_eq!(Money(123450).to_string(), "1234.50");
        assert_eq!(Money(7).to_string(), "0.07");
        assert_eq!(Money(-310).to_string(), "-3.10");
    }
}
