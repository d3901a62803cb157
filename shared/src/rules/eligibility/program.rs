//! Program eligibility: the rows on qualifying workloads, then those through a qualifying
//! association type — the first nodes of every tree, and the rows its metrics count.

use super::measures::{distinct_workloads, indices, Item, Items, Leaf};
use super::scope::Scope;
use super::tree::{Check, Status};
use super::words;
use crate::rules::trace::Trace;
use std::collections::HashSet;

/// Program eligibility, first half: the rows on a workload of the scope's lists. `any` is
/// what `*` stands for; `what` names the area's rows.
pub fn workloads_check<'i, 'a>(
    label: &str,
    items: &[&'i Item<'a>],
    scope: &Scope,
    any: &str,
    what: &str,
) -> (Check, Items<'i, 'a>) {
    let hits: Items = items
        .iter()
        .copied()
        .filter(|i| scope.workload_qualifies(&i.key))
        .collect();
    let status = Status::from_met(!hits.is_empty());
    let current = if status.is_met() {
        format!(
            "{}: {}",
            words::count(hits.len(), "row", "rows"),
            words::names(&distinct_workloads(&hits), 5)
        )
    } else if items.is_empty() {
        format!("no {what} rows")
    } else {
        format!(
            "no qualifying workload (found: {})",
            words::names(&distinct_workloads(items), 5)
        )
    };
    let leaf = Leaf {
        label: label.to_string(),
        status,
        trace: Trace::new().with(format!(
            "{} of {} {what} rows on a qualifying workload",
            hits.len(),
            items.len()
        )),
        criterion: scope.describe_workloads(any),
        current,
        rows: indices(if status.is_met() { &hits } else { items }),
    };
    (leaf.check(), hits)
}

/// Program eligibility, second half: of the rows on qualifying workloads, those through an
/// association type their workload's group admits. These are the rows the metrics count.
pub fn associations_check<'i, 'a>(
    label: &str,
    hits: &[&'i Item<'a>],
    scope: &Scope,
) -> (Check, Items<'i, 'a>) {
    let qualifying: Items = hits
        .iter()
        .copied()
        .filter(|i| scope.row_qualifies(&i.key, i.row))
        .collect();
    let types = |items: &[&Item]| {
        let mut seen = HashSet::new();
        items
            .iter()
            .filter(|i| seen.insert(i.row.association))
            .map(|i| i.row.association.to_string())
            .collect::<Vec<_>>()
    };
    let status = Status::from_met(!qualifying.is_empty());
    let current = if status.is_met() {
        format!(
            "{}: {}",
            words::count(qualifying.len(), "row", "rows"),
            words::names(&types(&qualifying), 5)
        )
    } else if hits.is_empty() {
        "no row on a qualifying workload".to_string()
    } else {
        format!(
            "no qualifying association (found: {})",
            words::names(&types(hits), 5)
        )
    };
    let leaf = Leaf {
        label: label.to_string(),
        status,
        trace: Trace::new().with(format!(
            "{} of {} rows on qualifying workloads through a qualifying association",
            qualifying.len(),
            hits.len()
        )),
        criterion: scope.describe_associations(),
        current,
        rows: indices(if status.is_met() { &qualifying } else { hits }),
    };
    (leaf.check(), qualifying)
}
