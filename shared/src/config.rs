//! Every threshold of the rules, in one place (`../shared/spec/rules.md`): none is a literal
//! scattered in code, each struct's `Default` is the spec's value, and a deployment can tune
//! them together. Each struct deserializes from a partial JSON object, keeping the defaults of
//! the fields it leaves out.

use crate::model::{Segment, Sku};
use crate::ratio::Ratio;
use serde::{Deserialize, Serialize};

/// The FastTrack growth-opportunity thresholds (spec §1).
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

/// The Cloud Endpoints / Windows 365 thresholds (spec §2). Every comparison's direction is
/// part of the field's name, so that a partner changing a number cannot accidentally change
/// the rule's shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CloudEndpointsConfig {
    /// Visible only with W365 eligible seats strictly above this.
    pub visible_eligible_seats_above: u64,
    /// Enterprise tenants are visible only with M365 licenses strictly above this.
    pub enterprise_licenses_above: u64,
    /// SMC, SMB and SME&C tenants are visible only with M365 licenses strictly above this.
    pub smb_licenses_above: u64,
    /// Intune utilization at or below this → `Nurture Intune` (20% itself nurtures: the
    /// seed's other motions all require "greater than 20%" Intune usage).
    pub nurture_intune_at_most: Ratio,
    /// Fewer eligible seats than this → `Low Whitespace` (the seed: "500 or more" to land).
    pub low_whitespace_seats_below: u64,
    /// W365 PAU strictly above this makes an Expand / Flex motion `- Mature`.
    pub mature_w365_pau_above: u64,
    /// Industries whose frontline (F3) seats make a tenant a Flex target; matched
    /// case-insensitively, ignoring surrounding spaces.
    pub priority_frontline_industries: Vec<String>,
}

impl Default for CloudEndpointsConfig {
    fn default() -> Self {
        CloudEndpointsConfig {
            visible_eligible_seats_above: 100,
            enterprise_licenses_above: 150,
            smb_licenses_above: 25,
            nurture_intune_at_most: Ratio(0.20),
            low_whitespace_seats_below: 500,
            mature_w365_pau_above: 250,
            priority_frontline_industries: [
                "Retail",
                "Manufacturing",
                "Healthcare",
                "Hospitality",
                "Transportation",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}

impl CloudEndpointsConfig {
    /// The M365 license count a tenant of `segment` must exceed to be visible. EDU and Gov
    /// have none: the seed admits only Enterprise and SME&C (SMC, SMB) customers, so those
    /// tenants are never visible whatever their licenses.
    pub fn licenses_above(&self, segment: Segment) -> Option<u64> {
        match segment {
            Segment::Enterprise => Some(self.enterprise_licenses_above),
            Segment::Smc | Segment::Smb | Segment::SmeC => Some(self.smb_licenses_above),
            Segment::Edu | Segment::Gov => None,
        }
    }

    pub fn is_priority_frontline_industry(&self, industry: &str) -> bool {
        let wanted = industry.trim().to_lowercase();
        !wanted.is_empty()
            && self
                .priority_frontline_industries
                .iter()
                .any(|i| i.trim().to_lowercase() == wanted)
    }
}

/// The referral thresholds (spec §3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReferralConfig {
    /// A referral still `Pending` this many hours after assignment expires.
    pub expiry_hours: i64,
}

impl Default for ReferralConfig {
    fn default() -> Self {
        ReferralConfig { expiry_hours: 168 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_defaults_are_the_spec_values() {
        let c = RulesConfig::default();
        assert_eq!(c.min_pau, 150);
        assert_eq!(c.upsell_min_above, 4);
        assert_eq!(c.usage_opportunity_min_below, 2);
        assert_eq!(c.at_risk_fraction, 0.5);
        assert_eq!(c.opportunity_skus, [Sku::Office365, Sku::E3, Sku::E5]);
        assert_eq!(c.opportunity_segments, [Segment::Enterprise, Segment::Smc]);
    }

    #[test]
    fn cloud_endpoints_defaults_are_the_spec_values() {
        let c = CloudEndpointsConfig::default();
        assert_eq!(c.visible_eligible_seats_above, 100);
        assert_eq!(c.enterprise_licenses_above, 150);
        assert_eq!(c.smb_licenses_above, 25);
        assert_eq!(c.nurture_intune_at_most, Ratio(0.2));
        assert_eq!(c.low_whitespace_seats_below, 500);
        assert_eq!(c.mature_w365_pau_above, 250);
        assert_eq!(
            c.priority_frontline_industries,
            [
                "Retail",
                "Manufacturing",
                "Healthcare",
                "Hospitality",
                "Transportation"
            ]
        );
    }

    #[test]
    fn referral_defaults_are_the_spec_values() {
        assert_eq!(ReferralConfig::default().expiry_hours, 7 * 24);
    }

    #[test]
    fn licenses_above_by_segment() {
        let c = CloudEndpointsConfig::default();
        for (segment, want) in [
            (Segment::Enterprise, Some(150)),
            (Segment::Smc, Some(25)),
            (Segment::Smb, Some(25)),
            (Segment::SmeC, Some(25)),
            (Segment::Edu, None),
            (Segment::Gov, None),
        ] {
            assert_eq!(c.licenses_above(segment), want, "{segment}");
        }
    }

    #[test]
    fn priority_industries_match_case_and_spacing_aside() {
        let c = CloudEndpointsConfig::default();
        for (industry, want) in [
            ("Retail", true),
            ("  healthCARE ", true),
            ("TRANSPORTATION", true),
            ("Banking", false),
            ("", false),
            ("   ", false),
        ] {
            assert_eq!(
                c.is_priority_frontline_industry(industry),
                want,
                "{industry:?}"
            );
        }
    }

    #[test]
    fn a_partial_json_config_keeps_the_other_defaults() {
        let c: RulesConfig = serde_json::from_str(r#"{"min_pau": 100}"#).unwrap();
        assert_eq!(c.min_pau, 100);
        assert_eq!(c.upsell_min_above, 4);
        let c: CloudEndpointsConfig =
            serde_json::from_str(r#"{"mature_w365_pau_above": 300}"#).unwrap();
        assert_eq!(c.mature_w365_pau_above, 300);
        assert_eq!(c.low_whitespace_seats_below, 500);
        let c: ReferralConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(c, ReferralConfig::default());
    }
}
