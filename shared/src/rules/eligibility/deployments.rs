//! Deployments: rows whose deployment qualified within a window of months ending on the
//! data's as-of date, counted per tenant × workload or per tenant.

use super::measures::{distinct_workloads, indices, Item, Items, Leaf, NO_ROWS};
use super::tree::{Condition, Status};
use super::words;
use crate::format::date;
use crate::ids::TenantId;
use crate::rules::trace::Trace;
use std::collections::HashSet;
use time::{Date, Month};

/// The same day `months` months earlier (the last day of a shorter month).
pub fn months_before(d: Date, months: u32) -> Date {
    let total = d.year() * 12 + (d.month() as i32 - 1) - months as i32;
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12));
    let month = Month::try_from(month0 as u8 + 1).expect("1..=12");
    let day = d.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).expect("a valid day of the month")
}

/// What a deployment is counted per.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    /// Distinct tenant × workload.
    Workload,
    Tenant,
}

/// The deployment window: dates after `months` months before `as_of`, up to `as_of`.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub months: u32,
    pub as_of: Date,
}

impl Window {
    pub fn contains(self, d: Date) -> bool {
        d > months_before(self.as_of, self.months) && d <= self.as_of
    }

    pub fn words(self) -> String {
        format!("in the last {} months", self.months)
    }
}

/// Deployments: rows whose deployment qualified within the window, counted per `per`.
pub fn deployments(
    label: &str,
    items: &[&Item],
    window: Window,
    at_least: u64,
    per: Per,
    criterion: String,
) -> Condition {
    let counted: Items = items
        .iter()
        .copied()
        .filter(|i| {
            i.row
                .qualified_deployment
                .is_some_and(|d| window.contains(d))
        })
        .collect();
    let (k, what) = match per {
        Per::Workload => {
            let set: HashSet<(TenantId, &str)> = counted
                .iter()
                .map(|i| (i.row.tenant_id, i.key.as_str()))
                .collect();
            (
                set.len(),
                words::count(set.len(), "deployed workload", "deployed workloads"),
            )
        }
        Per::Tenant => {
            let set: HashSet<TenantId> = counted.iter().map(|i| i.row.tenant_id).collect();
            (
                set.len(),
                words::count(
                    set.len(),
                    "tenant with a deployment",
                    "tenants with a deployment",
                ),
            )
        }
    };
    let status = Status::from_met(k as u64 >= at_least);
    let current = if k > 0 {
        let names = match per {
            Per::Workload => format!(": {}", words::names(&distinct_workloads(&counted), 3)),
            Per::Tenant => String::new(),
        };
        format!("{what} {}{names}", window.words())
    } else if items.is_empty() {
        NO_ROWS.to_string()
    } else {
        match items
            .iter()
            .filter_map(|i| i.row.qualified_deployment)
            .max()
        {
            Some(latest) => format!(
                "no qualified deployment {} (latest {})",
                window.words(),
                date(latest)
            ),
            None => "no qualified deployment".to_string(),
        }
    };
    let start = months_before(window.as_of, window.months);
    let leaf = Leaf {
        label: label.to_string(),
        status,
        trace: Trace::new()
            .with(format!(
                "deployments after {} up to {} count",
                date(start),
                date(window.as_of)
            ))
            .with(format!(
                "{what} {} {at_least}",
                if status.is_met() { "≥" } else { "<" }
            )),
        criterion,
        current,
        rows: indices(if counted.is_empty() { items } else { &counted }),
    };
    // A date says when a deployment qualified, never that one was lost: no negative effect.
    leaf.condition(None, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_before_clamps_to_the_month_end() {
        for (d, n, want) in [
            (date!(2026 - 03 - 31), 12, date!(2025 - 03 - 31)),
            (date!(2026 - 03 - 31), 1, date!(2026 - 02 - 28)),
            (date!(2024 - 03 - 31), 1, date!(2024 - 02 - 29)),
            (date!(2026 - 01 - 15), 1, date!(2025 - 12 - 15)),
            (date!(2026 - 01 - 15), 25, date!(2023 - 12 - 15)),
        ] {
            assert_eq!(months_before(d, n), want, "{d} - {n}");
        }
    }

    #[test]
    fn the_window_excludes_its_first_day_and_the_future() {
        let w = Window {
            months: 12,
            as_of: date!(2026 - 06 - 15),
        };
        for (d, inside) in [
            (date!(2025 - 06 - 15), false),
            (date!(2025 - 06 - 16), true),
            (date!(2026 - 06 - 15), true),
            (date!(2026 - 06 - 16), false),
        ] {
            assert_eq!(w.contains(d), inside, "{d}");
        }
    }
}
