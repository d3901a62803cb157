//! Service status per tenant × workload (spec §3): the workload's entitlements split across
//! L1 statuses, each with the L2/L3 reasons the taxonomy asks for, plus a service intent note.

use super::taxonomy::Taxonomy;
use super::validation::{limit, FieldErrors, MAX_TEXT};
use crate::ids::TenantId;
use crate::model::Workload;
use serde::{Deserialize, Serialize};

/// Some entitlements of a workload in one status.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusSplit {
    pub l1: String,
    #[serde(default)]
    pub l2: Option<String>,
    #[serde(default)]
    pub l3: Option<String>,
    pub count: u64,
}

/// The service-status form of one workload.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ServiceStatusDraft {
    pub splits: Vec<StatusSplit>,
    #[serde(default)]
    pub intent_note: String,
}

/// A saved service status.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceStatus {
    pub tenant_id: TenantId,
    pub workload: Workload,
    pub version: i64,
    #[serde(flatten)]
    pub fields: ServiceStatusDraft,
}

impl ServiceStatusDraft {
    /// The status as it will be stored (names in the taxonomy's spelling, blank L2/L3 as
    /// none), or every refused field (`splits[i].l2`, `splits` for the sum).
    pub fn validated(
        &self,
        taxonomy: &Taxonomy,
        total_entitlements: u64,
    ) -> Result<ServiceStatusDraft, FieldErrors> {
        let mut e = FieldErrors::default();
        let blank = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let mut splits = Vec::with_capacity(self.splits.len());
        for (i, s) in self.splits.iter().enumerate() {
            let (l2, l3) = (blank(&s.l2), blank(&s.l3));
            let f = |name: &str| format!("splits[{i}].{name}");
            let Some(l1) = taxonomy.l1(&s.l1) else {
                e.push(f("l1"), format!("`{}` is not an L1 status", s.l1.trim()));
                continue;
            };
            let mut out = StatusSplit {
                l1: l1.name.clone(),
                l2: None,
                l3: None,
                count: s.count,
            };
            if l1.l2.is_empty() {
                if l2.is_some() || l3.is_some() {
                    e.push(f("l2"), format!("{} takes no L2 or L3 reason", l1.name));
                }
            } else {
                match l2.as_deref().map(|n| (n, l1.l2(n))) {
                    None => e.push(f("l2"), format!("{} requires an L2 reason", l1.name)),
                    Some((n, None)) => {
                        e.push(f("l2"), format!("`{n}` is not an L2 reason of {}", l1.name))
                    }
                    Some((_, Some(l2e))) => {
                        out.l2 = Some(l2e.name.clone());
                        if l2e.l3.is_empty() {
                            if l3.is_some() {
                                e.push(f("l3"), format!("{} takes no L3 reason", l2e.name));
                            }
                        } else {
                            match l3.as_deref().map(|n| (n, l2e.l3(n))) {
                                None => {
                                    e.push(f("l3"), format!("{} requires an L3 reason", l2e.name))
                                }
                                Some((n, None)) => e.push(
                                    f("l3"),
                                    format!("`{n}` is not an L3 reason of {}", l2e.name),
                                ),
                                Some((_, Some(l3n))) => out.l3 = Some(l3n.to_string()),
                            }
                        }
                    }
                }
            }
            if splits.iter().any(|p: &StatusSplit| {
                (p.l1.as_str(), &p.l2, &p.l3) == (out.l1.as_str(), &out.l2, &out.l3)
            }) {
                e.push(
                    f("l1"),
                    "This status is already listed; add to its count instead",
                );
            }
            splits.push(out);
        }
        let sum: u64 = self
            .splits
            .iter()
            .map(|s| s.count)
            .fold(0, u64::saturating_add);
        if sum != total_entitlements {
            e.push(
                "splits",
                format!(
                    "The entitlement counts add up to {sum}, but the workload has {total_entitlements} entitlements"
                ),
            );
        }
        let intent_note = limit(
            &mut e,
            "intent_note",
            "Service intent note",
            &self.intent_note,
            MAX_TEXT,
        );
        e.into_result(ServiceStatusDraft {
            splits,
            intent_note,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(l1: &str, l2: Option<&str>, l3: Option<&str>, count: u64) -> StatusSplit {
        StatusSplit {
            l1: l1.into(),
            l2: l2.map(Into::into),
            l3: l3.map(Into::into),
            count,
        }
    }

    fn check(splits: Vec<StatusSplit>, total: u64) -> Result<ServiceStatusDraft, FieldErrors> {
        ServiceStatusDraft {
            splits,
            intent_note: "Blocked because of proxy issues".into(),
        }
        .validated(&Taxonomy::default_table(), total)
    }

    #[test]
    fn boundaries() {
        let ip = |n| split("In Progress", None, None, n);
        for (splits, total, field) in [
            (vec![ip(100)], 100, None),
            (vec![ip(99)], 100, Some("splits")),
            (vec![ip(101)], 100, Some("splits")),
            (vec![], 0, None),
            (vec![], 1, Some("splits")),
            (
                vec![ip(60), split("Blocked", Some("Budget"), None, 40)],
                100,
                None,
            ),
            (
                vec![split("Blocked", None, None, 100)],
                100,
                Some("splits[0].l2"),
            ),
            (
                vec![split("Blocked", Some("  "), None, 100)],
                100,
                Some("splits[0].l2"),
            ),
            (
                vec![split("Blocked", Some("Weather"), None, 100)],
                100,
                Some("splits[0].l2"),
            ),
            (
                vec![split("Blocked", Some("Technical"), None, 100)],
                100,
                Some("splits[0].l3"),
            ),
            (
                vec![split("Blocked", Some("Technical"), Some("Nope"), 100)],
                100,
                Some("splits[0].l3"),
            ),
            (
                vec![split(
                    "Blocked",
                    Some("Technical"),
                    Some("Product bug"),
                    100,
                )],
                100,
                None,
            ),
            (
                vec![split("Blocked", Some("Budget"), Some("Product bug"), 100)],
                100,
                Some("splits[0].l3"),
            ),
            (
                vec![split("In Progress", Some("Budget"), None, 100)],
                100,
                Some("splits[0].l2"),
            ),
            (
                vec![split("Paused", None, None, 100)],
                100,
                Some("splits[0].l1"),
            ),
            (vec![ip(50), ip(50)], 100, Some("splits[1].l1")),
            (
                vec![split("No Intent", None, None, 5)],
                5,
                Some("splits[0].l2"),
            ),
        ] {
            match (check(splits.clone(), total), field) {
                (Ok(_), None) => {}
                (Err(e), Some(f)) => assert_eq!(e.first().unwrap().field, f, "{splits:?}"),
                (r, f) => panic!("{splits:?}/{total}: {r:?}, expected {f:?}"),
            }
        }
    }

    #[test]
    fn names_take_the_taxonomys_spelling() {
        let d = check(
            vec![split("blocked", Some("technical"), Some("product BUG"), 3)],
            3,
        )
        .unwrap();
        assert_eq!(
            d.splits,
            [split("Blocked", Some("Technical"), Some("Product bug"), 3)]
        );
        assert_eq!(
            check(vec![split("In Progress", Some(""), Some(""), 3)], 3)
                .unwrap()
                .splits,
            [split("In Progress", None, None, 3)]
        );
    }

    proptest::proptest! {
        #[test]
        fn in_progress_counts_pass_iff_they_sum_to_the_total(
            counts in proptest::collection::vec(0u64..1000, 1..4),
            total in 0u64..3000,
        ) {
            let names = ["In Progress", "Completed", "Blocked"];
            let splits: Vec<StatusSplit> = counts.iter().enumerate().map(|(i, &c)| {
                if names[i] == "Blocked" { split(names[i], Some("Budget"), None, c) } else { split(names[i], None, None, c) }
            }).collect();
            let sum: u64 = counts.iter().sum();
            proptest::prop_assert_eq!(check(splits, total).is_ok(), sum == total);
        }
    }
}
