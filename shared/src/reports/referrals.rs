//! The Referrals report (spec §3, seed 001 "Referrals" tab): every referral assigned to the
//! partner with the partner's decision and its state as of a given instant — pending with a
//! countdown, accepted, declined, or expired (reassigned, read-only). The state always comes
//! from [`referral_state`]; nothing here re-implements the expiry rule.

use super::{matches_terms, Column, RowFilter, SortKey};
use crate::access::Field;
use crate::config::ReferralConfig;
use crate::edits::referral::{referral_state, ReferralState, ReferralStateKind};
use crate::edits::views::ReferralView;
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq)]
pub struct ReferralRow {
    pub view: ReferralView,
    /// The state as of the instant the rows were built.
    pub state: ReferralState,
    /// Lower-cased tenant name and referral ID: what the search box looks in.
    haystack: String,
}

impl ReferralRow {
    /// The row of `view` in `state`: [`build_row`]'s state as of an instant, or the state the
    /// server evaluated when it answered (`view.state`, what `insights export` writes).
    pub fn new(view: &ReferralView, state: ReferralState) -> Self {
        ReferralRow {
            haystack: format!("{}\n{}", view.tenant_name, view.referral.id).to_lowercase(),
            state,
            view: view.clone(),
        }
    }

    pub fn tenant_name(&self) -> &str {
        &self.view.tenant_name
    }
    /// Whether the tenant name links to the tenant detail.
    pub fn linkable(&self) -> bool {
        self.state.linkable
    }
    pub fn editable(&self) -> bool {
        self.state.editable
    }
    /// The tenant detail the tenant name links to; none for declined and expired referrals.
    pub fn tenant_href(&self) -> Option<String> {
        self.linkable()
            .then(|| format!("/tenants/{}", self.view.referral.tenant_id))
    }
}

/// The expiry the server applied to `view` (its `expires_at` minus the assignment), so a
/// server configured with another threshold is followed; the default when it cannot tell.
pub fn config_of(view: &ReferralView) -> ReferralConfig {
    let hours = (view.state.expires_at - view.referral.assigned_at).whole_hours();
    if hours > 0 {
        ReferralConfig {
            expiry_hours: hours,
        }
    } else {
        ReferralConfig::default()
    }
}

/// One view's state as of `now`: the partner's decision counts once saved (version > 0),
/// else the imported acceptance.
pub fn state_at(view: &ReferralView, now: OffsetDateTime) -> ReferralState {
    let decision = (view.version > 0).then_some(&view.decision);
    referral_state(&view.referral, decision, now, &config_of(view))
}

pub fn build_row(view: &ReferralView, now: OffsetDateTime) -> ReferralRow {
    ReferralRow::new(view, state_at(view, now))
}

/// The report's rows as of `now`, newest assignment first.
pub fn build_rows(views: &[ReferralView], now: OffsetDateTime) -> Vec<ReferralRow> {
    let mut rows: Vec<ReferralRow> = views.iter().map(|v| build_row(v, now)).collect();
    rows.sort_by(|a, b| {
        b.view
            .referral
            .assigned_at
            .cmp(&a.view.referral.assigned_at)
            .then_with(|| a.view.referral.id.cmp(&b.view.referral.id))
    });
    rows
}

/// `6 d 23 h 59 min 12 s left` for a pending referral; empty otherwise.
pub fn countdown(seconds_left: Option<i64>) -> String {
    match seconds_left {
        None => String::new(),
        Some(s) => {
            let s = s.max(0);
            let (d, h, m, sec) = (s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60);
            if d > 0 {
                format!("{d} d {h} h {m} min {sec} s left")
            } else {
                format!("{h} h {m} min {sec} s left")
            }
        }
    }
}

/// The Referrals report's search: tenant name or referral ID.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReferralFilter {
    pub search: String,
}

impl RowFilter<ReferralRow> for ReferralFilter {
    fn search(&self) -> &str {
        &self.search
    }

    fn matches(&self, row: &ReferralRow, terms: &[String]) -> bool {
        matches_terms(&row.haystack, terms)
    }
}

fn state_trace(r: &ReferralRow) -> Vec<String> {
    r.state.trace.clone()
}

type Col = Column<ReferralRow>;

const TENANT: Col = Col::text("tenant", "Tenant name", |r| r.view.tenant_name.clone());
const SOURCE: Col = Col::text("source", "Referral source", |r| {
    r.view.referral.source.clone()
});
const REFERRAL_ID: Col = Col::text("referral_id", "Referral ID", |r| {
    r.view.referral.id.to_string()
});
const ACCEPTANCE: Col = Col::text("acceptance", "Acceptance", |r| {
    r.view.decision.acceptance.label().into()
});
const ASSIGNED: Col = Col::instant("assigned", "Date of assignment", |r| {
    Some(r.view.referral.assigned_at)
});
const STATUS: Col = Col::text("status", "Referral status", |r| {
    r.view.decision.status.clone()
});
const STATE: Col = Col::text("state", "State", |r| r.state.kind.label().into())
    // Open ones first: pending, accepted, declined, expired.
    .sorted_by(|r| {
        SortKey::Num(match r.state.kind {
            ReferralStateKind::Pending => 0.0,
            ReferralStateKind::Accepted => 1.0,
            ReferralStateKind::Declined => 2.0,
            ReferralStateKind::Expired => 3.0,
        })
    })
    .why(state_trace);
const EXPIRES: Col = Col::instant("expires", "Expires", |r| {
    (r.state.kind == ReferralStateKind::Pending).then_some(r.state.expires_at)
})
.why(state_trace)
.hidden();
const TIME_LEFT: Col = Col::text("left", "Time left", |r| countdown(r.state.seconds_left))
    .sorted_by(|r| SortKey::num(r.state.seconds_left.map(|s| s as f64)))
    .numeric()
    .why(state_trace);
const DECLINE_REASON: Col = Col::text("decline_reason", "Decline reason", |r| {
    r.view.decision.decline_reason.clone().unwrap_or_default()
})
.hidden();
const SERVICES_SOLD: Col = Col::text("vas", "Value-added services sold", |r| {
    r.view.decision.value_added_services_sold.clone()
})
.hidden();
const SERVICES_VALUE: Col = Col::opt_money("value", "Services estimated value", |r| {
    r.view.decision.services_estimated_value
})
.hidden()
.sensitive(Field::ServicesEstimatedValue);
const RFA_WORKLOADS: Col = Col::text("rfa_workloads", "RFA workloads", |r| {
    r.view.referral.rfa_workloads.join("; ")
})
.hidden();
const AU_AT_REFERRAL: Col =
    Col::percent("au", "AU% at referral", |r| r.view.referral.au_at_referral).hidden();

/// The table: every export column, plus the live "Time left" countdown.
pub static COLUMNS: &[Col] = &[
    TENANT,
    SOURCE,
    REFERRAL_ID,
    ACCEPTANCE,
    ASSIGNED,
    STATUS,
    STATE,
    EXPIRES,
    TIME_LEFT,
    DECLINE_REASON,
    SERVICES_SOLD,
    SERVICES_VALUE,
    RFA_WORKLOADS,
    AU_AT_REFERRAL,
];

/// The columns of `insights export referrals`, in the data contract's order: the table's but
/// the countdown, which is only true at the instant it is read.
pub fn export_columns() -> Vec<&'static Col> {
    COLUMNS.iter().filter(|c| c.id != TIME_LEFT.id).collect()
}

#[cfg(test)]
mod tests;
