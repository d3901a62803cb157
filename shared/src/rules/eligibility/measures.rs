//! The measures the metrics of every area are built from: each turns the rows a condition
//! looks at into a leaf — status, criterion, current value, trace, effect, rows. The area
//! modules decide which rows each condition looks at and with which table values.

use super::scope::Scope;
use super::tree::{Check, Condition, Effect, PartnerTarget, Quantity, Status, Unit};
use super::words;
use crate::eligibility::{EligibilityRow, NetQualified};
use crate::format;
use crate::ids::TenantId;
use crate::import::format_date;
use crate::money::Money;
use crate::ratio::Ratio;
use crate::rules::trace::{Trace, Traced};
use std::collections::{HashMap, HashSet};
use time::{Date, Month};

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

fn indices(items: &[&Item]) -> Vec<u32> {
    items.iter().map(|i| i.index).collect()
}

fn conclusion(status: Status) -> &'static str {
    match status {
        Status::Met => "→ Met",
        Status::NotMet => "→ Not met",
    }
}

/// Workload names as first written, once each, in row order.
fn distinct_workloads(items: &[&Item]) -> Vec<String> {
    let mut seen = HashSet::new();
    items
        .iter()
        .filter(|i| seen.insert(i.key.as_str()))
        .map(|i| i.row.workload.to_string())
        .collect()
}

const NO_ROWS: &str = "no qualifying rows";

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

struct Leaf {
    label: String,
    status: Status,
    trace: Trace,
    criterion: String,
    current: String,
    rows: Vec<u32>,
}

impl Leaf {
    fn check(self) -> Check {
        let trace = self.trace.with(conclusion(self.status));
        Check {
            label: self.label,
            status: Traced::new(self.status, trace),
            criterion: self.criterion,
            current: self.current,
            rows: self.rows,
        }
    }

    fn condition(self, loss: Option<String>, partner: Option<PartnerTarget>) -> Condition {
        let effect = effect(self.status, loss);
        Condition {
            check: self.check(),
            effect,
            partner,
        }
    }
}

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
                format_date(latest)
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
                format_date(start),
                format_date(window.as_of)
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
        groups[g].value += i.row.active_subscription;
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
