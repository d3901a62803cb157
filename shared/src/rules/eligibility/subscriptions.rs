//! Business Applications' subscription measures (net customer adds and deployments).

use super::measures::{indices, Item, Items, Leaf, NO_ROWS};
use super::tree::{Condition, Status};
use super::words;
use crate::eligibility::NetQualified;
use crate::ids::TenantId;
use crate::money::Money;
use crate::rules::trace::Trace;
use std::collections::HashMap;

/// A bound on a workload's active subscriptions.
#[derive(Debug, Clone, Copy)]
pub enum Bound {
    Above(Money),
    AtLeast(Money),
}

impl Bound {
    fn holds(self, v: Money) -> bool {
        match self {
            Bound::Above(m) => v > m,
            Bound::AtLeast(m) => v >= m,
        }
    }

    pub fn words(self) -> String {
        match self {
            Bound::Above(m) => format!("above {}", words::usd(m)),
            Bound::AtLeast(m) => format!("of at least {}", words::usd(m)),
        }
    }
}

/// Business Applications' subscription measures: workloads rolled up per tenant (a workload
/// sold through two association types is one workload), their active subscriptions summed,
/// counted when within `bound`. `loss_from_net_qualified`: a row reporting net qualified −1
/// on a customer with no qualifying workload is a loss (net customer adds).
pub fn subscription_workloads(
    label: &str,
    items: &[&Item],
    bound: Bound,
    at_least: u64,
    loss_from_net_qualified: bool,
    criterion: String,
) -> Condition {
    struct Group<'i, 'a> {
        name: String,
        value: Money,
        rows: Items<'i, 'a>,
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut at: HashMap<(TenantId, &str), usize> = HashMap::new();
    for i in items {
        let g = *at
            .entry((i.row.tenant_id, i.key.as_str()))
            .or_insert_with(|| {
                groups.push(Group {
                    name: i.row.workload.to_string(),
                    value: Money::ZERO,
                    rows: Vec::new(),
                });
                groups.len() - 1
            });
        // Withheld (a Report viewer's data): the report leaves out these metrics for that role.
        groups[g].value += i.row.active_subscription.unwrap_or_default();
        groups[g].rows.push(i);
    }
    let mut qualifying: Vec<&Group> = groups.iter().filter(|g| bound.holds(g.value)).collect();
    qualifying.sort_by_key(|g| std::cmp::Reverse(g.value));
    let k = qualifying.len();
    let status = Status::from_met(k as u64 >= at_least);
    let money_names = |gs: &[&Group]| -> Vec<String> {
        gs.iter()
            .map(|g| format!("{} {}", g.name, words::usd(g.value)))
            .collect()
    };
    let current = if k > 0 {
        format!(
            "{}: {}",
            words::count(k, "workload", "workloads"),
            words::names(&money_names(&qualifying), 3)
        )
    } else if let Some(top) = groups.iter().max_by_key(|g| g.value) {
        format!(
            "no workload {} (highest: {})",
            bound.words(),
            money_names(&[top])[0]
        )
    } else {
        NO_ROWS.to_string()
    };
    let rows: Vec<u32> = if qualifying.is_empty() {
        indices(items)
    } else {
        let mut r: Vec<u32> = qualifying
            .iter()
            .flat_map(|g| g.rows.iter().map(|i| i.index))
            .collect();
        r.sort_unstable();
        r
    };
    let leaf = Leaf {
        label: label.to_string(),
        status,
        trace: Trace::new()
            .with(format!(
                "{} of {} (per tenant) with active subscriptions {}",
                k,
                words::count(groups.len(), "workload", "workloads"),
                bound.words()
            ))
            .with(format!(
                "{k} {} {at_least}",
                if status.is_met() { "≥" } else { "<" }
            )),
        criterion,
        current,
        rows,
    };
    let loss = (loss_from_net_qualified
        && !status.is_met()
        && items
            .iter()
            .any(|i| i.row.net_qualified == NetQualified::Lost))
    .then(|| "a qualifying workload was lost (net qualified -1)".to_string());
    leaf.condition(loss, None)
}
