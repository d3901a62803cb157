//! Every threshold of the FastTrack growth-opportunity rules (spec §1), in one place, so that
//! none is a literal scattered in code and a deployment can tune them together.

use crate::model::{Segment, Sku};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RulesConfig {
    /// A workload with fewer paid available units (or none) is ineligible for FastTrack.
    pub min_pau: u64,
    /// A tenant with at least this many workloads `Above` has an upsell opportunity (the
    /// summary tile's "four or more", not the seed's looser "more than four").
    pub upsell_min_above: usize,
    /// A tenant with at least this many workloads `Below` has a usage opportunity.
    pub usage_opportunity_min_below: usize,
    /// A `Below` workload whose usage is under this fraction of its tipping point is at risk.
    pub at_risk_fraction: f64,
    /// SKUs the Opportunities report (and the growth-propensity model) covers.
    pub opportunity_skus: Vec<Sku>,
    /// Tenant segments the Opportunities report covers.
    pub opportunity_segments: Vec<Segment>,
}

impl Default for RulesConfig {
    fn default() -> Self {
        RulesConfig {
            min_pau: 150,
            upsell_min_above: 4,
            usage_opportunity_min_below: 2,
            at_risk_fraction: 0.5,
            opportunity_skus: Sku::MODELLED.to_vec(),
            opportunity_segments: vec![Segment::Enterprise, Segment::Smc],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_spec_values() {
        let c = RulesConfig::default();
        assert_eq!(c.min_pau, 150);
        assert_eq!(c.upsell_min_above, 4);
        assert_eq!(c.usage_opportunity_min_below, 2);
        assert_eq!(c.at_risk_fraction, 0.5);
        assert_eq!(c.opportunity_skus, [Sku::Office365, Sku::E3, Sku::E5]);
        assert_eq!(c.opportunity_segments, [Segment::Enterprise, Segment::Smc]);
    }

    #[test]
    fn a_partial_json_config_keeps_the_other_defaults() {
        let c: RulesConfig = serde_json::from_str(r#"{"min_pau": 100}"#).unwrap();
        assert_eq!(c.min_pau, 100);
        assert_eq!(c.upsell_min_above, 4);
    }
}
