//! Usage ratios: the one place MAU / PAU becomes a percentage.

use crate::ratio::Ratio;

/// MAU / PAU capped at 100%; `None` when PAU is 0, since the ratio is undefined (shown `–`).
pub fn usage_ratio(mau: u64, pau: u64) -> Option<Ratio> {
    if pau == 0 {
        return None;
    }
    Some(Ratio((mau as f64 / pau as f64).min(1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn boundaries() {
        assert_eq!(usage_ratio(0, 0), None);
        assert_eq!(usage_ratio(5, 0), None);
        assert_eq!(usage_ratio(0, 10), Some(Ratio(0.0)));
        assert_eq!(usage_ratio(10, 10), Some(Ratio(1.0)));
        assert_eq!(usage_ratio(11, 10), Some(Ratio(1.0)));
        assert_eq!(usage_ratio(127, 200), Some(Ratio(0.635)));
    }

    proptest! {
        #[test]
        fn never_above_one(mau in 0u64..10_000_000, pau in 0u64..10_000_000) {
            if let Some(r) = usage_ratio(mau, pau) {
                prop_assert!((0.0..=1.0).contains(&r.value()));
            }
        }
    }
}
