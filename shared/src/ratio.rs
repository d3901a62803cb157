//! Percentages are ratios in [0, 1] internally; only the edges (UI, CSV) show them as percents.

use serde::{Deserialize, Serialize};
use std::fmt;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Ratio(pub f64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a percentage (expected e.g. 35% or 0.35)")]
pub struct RatioParseError(pub String);

impl Ratio {
    pub fn value(self) -> f64 {
        self.0
    }

    /// `35%` → 0.35; `0.35` → 0.35. A bare number above 1 is refused rather than guessed at.
    pub fn parse(s: &str) -> Result<Self, RatioParseError> {
        let err = || RatioParseError(s.to_string());
        let t = s.trim();
        let v = if let Some(p) = t.strip_suffix('%') {
            p.trim().parse::<f64>().map_err(|_| err())? / 100.0
        } else {
            t.parse::<f64>().map_err(|_| err())?
        };
        if !v.is_finite() || !(0.0..=1.0).contains(&v) {
            return Err(err());
        }
        Ok(Ratio(v))
    }

    /// Tenths of a percent, rounded half away from zero: the one rounding the product uses, so
    /// the screen, the CSV and comparisons in tests all agree.
    pub fn permille(self) -> i64 {
        (self.0 * 1000.0).round() as i64
    }
}

impl fmt::Display for Ratio {
    /// `63.5%` — one decimal place.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pm = self.permille();
        let sign = if pm < 0 { "-" } else { "" };
        let abs = pm.unsigned_abs();
        write!(f, "{sign}{}.{}%", abs / 10, abs % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_one_decimal_half_away_from_zero() {
        for (v, s) in [
            (0.635, "63.5%"),
            (0.63551, "63.6%"),
            (1.0, "100.0%"),
            (0.0, "0.0%"),
            (0.00049, "0.0%"),
            (0.0005, "0.1%"),
            (1.25, "125.0%"),
        ] {
            assert_eq!(Ratio(v).to_string(), s, "{v}");
        }
    }

    #[test]
    fn parses_percent_or_fraction() {
        assert_eq!(Ratio::parse("35%"), Ok(Ratio(0.35)));
        assert_eq!(Ratio::parse(" 0.35 "), Ok(Ratio(0.35)));
        assert_eq!(Ratio::parse("0%"), Ok(Ratio(0.0)));
        for bad in ["35", "abc", "", "-1%", "101%", "NaN"] {
            assert!(Ratio::parse(bad).is_err(), "{bad}");
        }
    }
}
