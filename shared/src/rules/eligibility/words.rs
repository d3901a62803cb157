//! How the eligibility tree writes numbers in criteria and current values.

use crate::money::Money;

/// `25,000`, `-1,200`.
pub fn thousands(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if v < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `+3`, `0`, `-2`: a change, with its sign.
pub fn signed(v: i64) -> String {
    if v > 0 {
        format!("+{}", thousands(v))
    } else {
        thousands(v)
    }
}

/// `500 USD`, `1,200.50 USD`: whole dollars without cents, as the seed writes thresholds.
pub fn usd(m: Money) -> String {
    let c = m.cents();
    let whole = thousands(c / 100);
    let whole = if c < 0 && c > -100 {
        format!("-{whole}")
    } else {
        whole
    };
    match (c % 100).unsigned_abs() {
        0 => format!("{whole} USD"),
        cents => format!("{whole}.{cents:02} USD"),
    }
}

/// `Teams, Intune and 2 more`.
pub fn names(items: &[String], max: usize) -> String {
    if items.len() <= max {
        items.join(", ")
    } else {
        format!("{} and {} more", items[..max].join(", "), items.len() - max)
    }
}

/// `1 row`, `3 rows`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        thousands(n as i64),
        if n == 1 { one } else { many }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_words() {
        for (v, s) in [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (25000, "25,000"),
            (-1200, "-1,200"),
            (1234567, "1,234,567"),
        ] {
            assert_eq!(thousands(v), s);
        }
        assert_eq!(signed(3), "+3");
        assert_eq!(signed(0), "0");
        assert_eq!(signed(-2), "-2");
        assert_eq!(usd(Money(50000)), "500 USD");
        assert_eq!(usd(Money(2_500_000)), "25,000 USD");
        assert_eq!(usd(Money(120_050)), "1,200.50 USD");
        assert_eq!(usd(Money(-50)), "-0.50 USD");
        assert_eq!(usd(Money(-150)), "-1.50 USD");
        let n: Vec<String> = ["A", "B", "C", "D"].map(String::from).to_vec();
        assert_eq!(names(&n, 3), "A, B, C and 1 more");
        assert_eq!(names(&n[..2], 3), "A, B");
        assert_eq!(count(1, "row", "rows"), "1 row");
        assert_eq!(count(1200, "row", "rows"), "1,200 rows");
    }
}
