//! The measures the metrics of every area are built from: each turns the rows a condition
//! looks at into a leaf — status, criterion, current value, trace, effect, rows. The area
//! modules decide which rows each condition looks at and with which table values; program
//! eligibility is in `program`, deployments in `deployments`, Business Applications'
//! subscription rollups in `subscriptions`.

use super::tree::{Check, Condition, Effect, PartnerTarget, Quantity, Status, Unit};
use super::words;
use crate::eligibility::{EligibilityRow, NetQualified};
use crate::format;
use crate::ids::TenantId;
use crate::money::Money;
use crate::ratio::Ratio;
use crate::rules::trace::{Trace, Traced};
use std::collections::{HashMap, HashSet};

/// A row of the customer being evaluated, with its workload's match key computed once.
pub struct Item<'a> {
    pub index: u32,
    pub row: &'a EligibilityRow,
    pub key: String,
}

/// The rows a check looks at.
pub type Items<'i, 'a> = Vec<&'i Item<'a>>;

/// How many rows two row sets hold together, each row once.
pub fn union_len(a: &[&Item], b: &[&Item]) -> usize {
    a.iter()
        .chain(b)
        .map(|i| i.index)
        .collect::<HashSet<_>>()
        .len()
}

pub(super) fn indices(items: &[&Item]) -> Vec<u32> {
    items.iter().map(|i| i.index).collect()
}

pub(super) fn conclusion(status: Status) -> &'static str {
    match status {
        Status::Met => "→ Met",
        Status::NotMet => "→ Not met",
    }
}

/// Workload names as first written, once each, in row order.
pub(super) fn distinct_workloads(items: &[&Item]) -> Vec<String> {
    let mut seen = HashSet::new();
    items
        .iter()
        .filter(|i| seen.insert(i.key.as_str()))
        .map(|i| i.row.workload.to_string())
        .collect()
}

pub(super) const NO_ROWS: &str = "no qualifying rows";

/// The effect of a leaf: met adds; a loss the data shows takes away; anything else does
/// nothing.
fn effect(status: Status, loss: Option<String>) -> Traced<Effect> {
    match (status, loss) {
        (Status::Met, _) => Traced::new(Effect::Positive, Trace::new().with("Met → Positive")),
        (Status::NotMet, Some(why)) => Traced::new(
            Effect::Negative,
            Trace::new().with(format!("Not met; {why} → Negative")),
        ),
        (Status::NotMet, None) => Traced::new(
            Effect::NoEffect,
            Trace::new().with("Not met, nothing lost → No effect"),
        ),
    }
}

pub(super) struct Leaf {
    pub label: String,
    pub status: Status,
    pub trace: Trace,
    pub criterion: String,
    pub current: String,
    pub rows: Vec<u32>,
}

impl Leaf {
    pub fn check(self) -> Check {
        let trace = self.trace.with(conclusion(self.status));
        Check {
            label: self.label,
            status: Traced::new(self.status, trace),
            criterion: self.criterion,
            current: self.current,
            rows: self.rows,
        }
    }

    pub fn condition(self, loss: Option<String>, partner: Option<PartnerTarget>) -> Condition {
        let effect = effect(self.status, loss);
        Condition {
            check: self.check(),
            effect,
            partner,
        }
    }
}

/// Net customer adds: each tenant counts once, as the sign of its rows' net qualified values
/// summed (+1 gained, −1 lost); the customer's value is gained − lost.
pub fn net_qualified_tenants(label: &str, items: &[&Item], at_least: u64) -> Condition {
    let mut per_tenant: HashMap<TenantId, i64> = HashMap::new();
    for i in items {
        *per_tenant.entry(i.row.tenant_id).or_default() += i.row.net_qualified.value();
    }
    let gained = per_tenant.values().filter(|v| **v > 0).count() as i64;
    let lost = per_tenant.values().filter(|v| **v < 0).count() as i64;
    let net = gained - lost;
    let status = Status::from_met(net >= at_least as i64);
    let changed: Items = items
        .iter()
        .copied()
        .filter(|i| i.row.net_qualified != NetQualified::Unchanged)
        .collect();
    let leaf = Leaf {
        label: label.to_string(),
        status,
        trace: Trace::new()
            .with(format!(
                "{}: {gained} gained, {lost} lost → net {}",
                words::count(per_tenant.len(), "tenant", "tenants"),
                words::signed(net)
            ))
            .with(format!(
                "{} {} {at_least}",
                words::signed(net),
                if status.is_met() { "≥" } else { "<" }
            )),
        criterion: format!("Net qualified tenants: at least {at_least}"),
        current: if items.is_empty() {
            NO_ROWS.to_string()
        } else {
            format!(
                "net qualified tenants {} ({gained} gained, {lost} lost)",
                words::signed(net)
            )
        },
        rows: indices(if changed.is_empty() { items } else { &changed }),
    };
    let loss = (net < 0).then(|| format!("net qualified tenants {}", words::signed(net)));
    leaf.condition(loss, None)
}

/// Usage growth from the usage columns: the customer's current usage against its baseline,
/// summed over the rows; any growth meets, a fall is a loss. Shown as the seed writes it:
/// `x% (a/b)` with x = current / baseline (`–` when the baseline is 0).
pub fn usage_growth(label: &str, items: &[&Item]) -> Condition {
    let base = items
        .iter()
        .fold(0u64, |s, i| s.saturating_add(i.row.usage_baseline));
    let cur = items
        .iter()
        .fold(0u64, |s, i| s.saturating_add(i.row.usage_current));
    let status = Status::from_met(cur > base);
    let ratio = (base > 0).then(|| Ratio(cur as f64 / base as f64));
    let (cur_s, base_s) = (words::thousands(cur as i64), words::thousands(base as i64));
    let changed: Items = items
        .iter()
        .copied()
        .filter(|i| i.row.usage_current != i.row.usage_baseline)
        .collect();
    let cmp = match cur.cmp(&base) {
        std::cmp::Ordering::Greater => ">",
        std::cmp::Ordering::Equal => "=",
        std::cmp::Ordering::Less => "<",
    };
    let leaf = Leaf {
        label: label.to_string(),
        status,
        trace: Trace::new().with(format!("usage current {cur_s} {cmp} baseline {base_s}")),
        criterion: "Usage growth (current / baseline): any positive growth".to_string(),
        current: if items.is_empty() {
            NO_ROWS.to_string()
        } else {
            format!("usage growth {} ({cur_s}/{base_s})", format::percent(ratio))
        },
        rows: indices(if changed.is_empty() { items } else { &changed }),
    };
    let loss = (cur < base).then(|| format!("usage fell from {base_s} to {cur_s}"));
    leaf.condition(loss, None)
}

/// What a signed sum measures, for [`positive_sum`].
pub struct Measure {
    /// `CPOR MAU growth`, `Security ACR`, …
    pub name: String,
    pub unit: Unit,
    pub value: fn(&EligibilityRow) -> i64,
}

fn amount_words(amount: i64, unit: Unit) -> String {
    match unit {
        Unit::Mau => format!("{} MAU", words::signed(amount)),
        Unit::ProtectedUsers => format!("{} protected users", words::signed(amount)),
        Unit::Usd => words::usd(Money(amount)),
    }
}

/// A measure summed over the rows: any positive total meets ("any positive … for this
/// customer"), a negative one is a loss. With `partner_at_least`, the total is also this
/// customer's share of a partner-level target.
pub fn positive_sum(
    label: &str,
    items: &[&Item],
    measure: &Measure,
    criterion: String,
    partner_at_least: Option<i64>,
) -> Condition {
    let total = items
        .iter()
        .fold(0i64, |s, i| s.saturating_add((measure.value)(i.row)));
    let status = Status::from_met(total > 0);
    let shown = amount_words(total, measure.unit);
    let nonzero: Items = items
        .iter()
        .copied()
        .filter(|i| (measure.value)(i.row) != 0)
        .collect();
    let leaf = Leaf {
        label: label.to_string(),
        status,
        trace: Trace::new()
            .with(format!(
                "{} {shown} over {}",
                measure.name,
                words::count(items.len(), "row", "rows")
            ))
            .with(format!(
                "{shown} {} 0",
                if status.is_met() { ">" } else { "≤" }
            )),
        criterion,
        current: if items.is_empty() {
            NO_ROWS.to_string()
        } else {
            format!("{} {shown}", measure.name)
        },
        rows: indices(if nonzero.is_empty() { items } else { &nonzero }),
    };
    let loss = (total < 0).then(|| format!("{} {shown} is below 0", measure.name));
    let partner = partner_at_least.map(|at_least| PartnerTarget {
        amount: Quantity {
            amount: total,
            unit: measure.unit,
        },
        at_least: Quantity {
            amount: at_least,
            unit: measure.unit,
        },
    });
    leaf.condition(loss, partner)
}

/// Modern Work's PAU metric: some workload's PAU strictly above `above` and at most
/// `at_most`.
pub fn pau_in_range(label: &str, items: &[&Item], above: u64, at_most: Option<u64>) -> Condition {
    let within = |p: u64| p > above && at_most.is_none_or(|m| p <= m);
    let in_range: Items = items
        .iter()
        .copied()
        .filter(|i| within(i.row.pau))
        .collect();
    let status = Status::from_met(!in_range.is_empty());
    let range = match at_most {
        Some(m) => format!("> {above} and ≤ {m}"),
        None => format!("> {above}"),
    };
    let best = |its: &[&Item]| {
        its.iter().max_by_key(|i| i.row.pau).map(|i| {
            format!(
                "PAU {} ({})",
                words::thousands(i.row.pau as i64),
                i.row.workload
            )
        })
    };
    let current = match (best(&in_range), best(items)) {
        (Some(b), _) => b,
        (None, Some(highest)) => format!("highest {highest}"),
        (None, None) => NO_ROWS.to_string(),
    };
    let leaf = Leaf {
        label: label.to_string(),
        status,
        trace: Trace::new().with(format!(
            "{} of {} with PAU {range}",
            in_range.len(),
            words::count(items.len(), "row", "rows")
        )),
        criterion: format!("PAU of at least one workload {range}"),
        current,
        rows: indices(if in_range.is_empty() {
            items
        } else {
            &in_range
        }),
    };
    leaf.condition(None, None)
}

/// A metric condition of a customer outside the program: `Not met`, saying why, with no
/// effect, no rows and no share of a partner-level target.
pub fn not_eligible(mut c: Condition, reason: &str) -> Condition {
    if let Some(p) = &mut c.partner {
        p.amount.amount = 0;
    }
    c.check.status = Traced::new(
        Status::NotMet,
        Trace::new().with(reason.to_string()).with("→ Not met"),
    );
    c.check.current = reason.to_string();
    c.check.rows.clear();
    c.effect = Traced::new(
        Effect::NoEffect,
        Trace::new().with(format!("{reason} → No effect")),
    );
    c
}
