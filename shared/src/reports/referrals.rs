//! The Referrals report (spec §3, seed 001 "Referrals" tab): every referral assigned to the
//! partner with the partner's decision and its state as of a given instant — pending with a
//! countdown, accepted, declined, or expired (reassigned, read-only). The state always comes
//! from [`referral_state`]; nothing here re-implements the expiry rule.

use super::{matches_terms, Column, RowFilter, SortKey};
use crate::config::ReferralConfig;
use crate::edits::referral::{export_record, referral_state, ReferralState, ReferralStateKind};
use crate::edits::views::ReferralView;
use crate::format::percent;
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq)]
pub struct ReferralRow {
    pub view: ReferralView,
    /// The state as of the instant the rows were built.
    pub state: ReferralState,
    /// The cells in [`crate::edits::referral::EXPORT_HEADERS`] order.
    record: Vec<String>,
    /// Lower-cased tenant name and referral ID: what the search box looks in.
    haystack: String,
}

impl ReferralRow {
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
    let state = state_at(view, now);
    ReferralRow {
        record: export_record(
            &view.tenant_name,
            &view.referral,
            Some(&view.decision),
            &state,
        ),
        haystack: format!("{}\n{}", view.tenant_name, view.referral.id).to_lowercase(),
        state,
        view: view.clone(),
    }
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

fn record_col(r: &ReferralRow, i: usize) -> String {
    r.record.get(i).cloned().unwrap_or_default()
}

fn time_key(t: OffsetDateTime) -> SortKey {
    SortKey::Num(t.unix_timestamp() as f64)
}

fn state_rank(k: ReferralStateKind) -> f64 {
    match k {
        ReferralStateKind::Pending => 0.0,
        ReferralStateKind::Accepted => 1.0,
        ReferralStateKind::Declined => 2.0,
        ReferralStateKind::Expired => 3.0,
    }
}

/// Every column of `insights export referrals` (same headers, same cells, same order), plus
/// the live "Time left" countdown.
pub static COLUMNS: &[Column<ReferralRow>] = &[
    Column {
        id: "tenant",
        header: "Tenant name",
        cell: |r| record_col(r, 0),
        sort: |r| SortKey::text(&r.view.tenant_name),
        numeric: false,
        default_visible: true,
        why: None,
    },
    Column {
        id: "source",
        header: "Referral source",
        cell: |r| record_col(r, 1),
        sort: |r| SortKey::text(&r.view.referral.source),
        numeric: false,
        default_visible: true,
        why: None,
    },
    Column {
        id: "referral_id",
        header: "Referral ID",
        cell: |r| record_col(r, 2),
        sort: |r| SortKey::text(r.view.referral.id.as_str()),
        numeric: false,
        default_visible: true,
        why: None,
    },
    Column {
        id: "acceptance",
        header: "Acceptance",
        cell: |r| record_col(r, 3),
        sort: |r| SortKey::text(&record_col(r, 3)),
        numeric: false,
        default_visible: true,
        why: None,
    },
    Column {
        id: "assigned",
        header: "Date of assignment",
        cell: |r| record_col(r, 4),
        sort: |r| time_key(r.view.referral.assigned_at),
        numeric: false,
        default_visible: true,
        why: None,
    },
    Column {
        id: "status",
        header: "Referral status",
        cell: |r| record_col(r, 5),
        sort: |r| SortKey::text(&record_col(r, 5)),
        numeric: false,
        default_visible: true,
        why: None,
    },
    Column {
        id: "state",
        header: "State",
        cell: |r| record_col(r, 6),
        sort: |r| SortKey::Num(state_rank(r.state.kind)),
        numeric: false,
        default_visible: true,
        why: Some(state_trace),
    },
    Column {
        id: "expires",
        header: "Expires",
        cell: |r| record_col(r, 7),
        sort: |r| match r.state.kind {
            ReferralStateKind::Pending => time_key(r.state.expires_at),
            _ => SortKey::Missing,
        },
        numeric: false,
        default_visible: false,
        why: Some(state_trace),
    },
    Column {
        id: "left",
        header: "Time left",
        cell: |r| countdown(r.state.seconds_left),
        sort: |r| match r.state.seconds_left {
            Some(s) => SortKey::Num(s as f64),
            None => SortKey::Missing,
        },
        numeric: true,
        default_visible: true,
        why: Some(state_trace),
    },
    Column {
        id: "decline_reason",
        header: "Decline reason",
        cell: |r| record_col(r, 8),
        sort: |r| SortKey::text(&record_col(r, 8)),
        numeric: false,
        default_visible: false,
        why: None,
    },
    Column {
        id: "vas",
        header: "Value-added services sold",
        cell: |r| record_col(r, 9),
        sort: |r| SortKey::text(&record_col(r, 9)),
        numeric: false,
        default_visible: false,
        why: None,
    },
    Column {
        id: "value",
        header: "Services estimated value",
        cell: |r| record_col(r, 10),
        sort: |r| match r.view.decision.services_estimated_value {
            Some(m) => SortKey::Num(m.cents() as f64),
            None => SortKey::Missing,
        },
        numeric: true,
        default_visible: false,
        why: None,
    },
    Column {
        id: "rfa_workloads",
        header: "RFA workloads",
        cell: |r| record_col(r, 11),
        sort: |r| SortKey::text(&record_col(r, 11)),
        numeric: false,
        default_visible: false,
        why: None,
    },
    Column {
        id: "au",
        header: "AU% at referral",
        cell: |r| percent(r.view.referral.au_at_referral),
        sort: |r| match r.view.referral.au_at_referral {
            Some(a) => SortKey::Num(a.0),
            None => SortKey::Missing,
        },
        numeric: true,
        default_visible: false,
        why: None,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edits::referral::{ReferralDecision, EXPORT_HEADERS};
    use crate::ids::{ReferralId, TenantId};
    use crate::model::{Acceptance, Referral};
    use crate::reports::{rows_to_csv, sort_indices, SortDir};
    use time::macros::datetime;
    use time::Duration;

    const NOW: OffsetDateTime = datetime!(2026-11-20 12:00 UTC);

    fn view(
        id: &str,
        name: &str,
        hours_ago: i64,
        acceptance: Acceptance,
        edited: bool,
    ) -> ReferralView {
        let referral = Referral {
            id: ReferralId::from(id),
            tenant_id: TenantId(uuid::Uuid::nil()),
            source: "FastTrack".into(),
            rfa_workloads: vec!["Teams".into(), "Exchange".into()],
            assigned_at: NOW - Duration::hours(hours_ago),
            acceptance: if edited {
                Acceptance::Pending
            } else {
                acceptance
            },
            status: "New".into(),
            au_at_referral: None,
        };
        let mut decision = ReferralDecision::from_import(&referral);
        decision.acceptance = acceptance;
        if acceptance == Acceptance::Declined {
            decision.decline_reason = Some("no capacity".into());
        }
        let version = i64::from(edited);
        let state = referral_state(
            &referral,
            edited.then_some(&decision),
            NOW,
            &ReferralConfig::default(),
        );
        ReferralView {
            referral,
            tenant_name: name.into(),
            decision,
            version,
            state,
        }
    }

    fn rows() -> Vec<ReferralRow> {
        build_rows(
            &[
                view("RFA-1", "Contoso", 10, Acceptance::Pending, false),
                view("RFA-2", "Fabrikam", 200, Acceptance::Pending, false),
                view("RFA-3", "Northwind", 300, Acceptance::Accepted, true),
                view("RFA-4", "Litware", 5, Acceptance::Declined, true),
            ],
            NOW,
        )
    }

    #[test]
    fn state_comes_from_the_shared_rule() {
        let r = rows();
        let by_id = |id: &str| {
            r.iter()
                .find(|r| r.view.referral.id.as_str() == id)
                .unwrap()
        };
        let pending = by_id("RFA-1");
        assert_eq!(pending.state.kind, ReferralStateKind::Pending);
        assert!(pending.linkable() && pending.editable());
        assert_eq!(pending.state.seconds_left, Some(158 * 3600));
        assert_eq!(
            countdown(pending.state.seconds_left),
            "6 d 14 h 0 min 0 s left"
        );
        let expired = by_id("RFA-2");
        assert_eq!(expired.state.kind, ReferralStateKind::Expired);
        assert!(!expired.linkable() && !expired.editable());
        assert_eq!((COLUMNS[8].cell)(expired), "");
        assert_eq!(
            (COLUMNS[6].why.unwrap())(expired).last().unwrap(),
            "→ Expired (reassigned)"
        );
        // A saved acceptance never expires; a saved decline is not linked.
        assert_eq!(by_id("RFA-3").state.kind, ReferralStateKind::Accepted);
        assert!(!by_id("RFA-4").linkable());
        assert_eq!(by_id("RFA-4").tenant_href(), None);
        assert_eq!(
            pending.tenant_href().as_deref(),
            Some("/tenants/00000000-0000-0000-0000-000000000000")
        );
        assert_eq!(expired.tenant_href(), None);
        // Time moves the countdown and, at the threshold, the state.
        let later = build_row(&pending.view, NOW + Duration::hours(158));
        assert_eq!(later.state.kind, ReferralStateKind::Expired);
        assert_eq!(countdown(Some(59)), "0 h 0 min 59 s left");
    }

    #[test]
    fn follows_the_servers_expiry() {
        let mut v = view("RFA-9", "Contoso", 30, Acceptance::Pending, false);
        v.state.expires_at = v.referral.assigned_at + Duration::hours(24);
        assert_eq!(config_of(&v).expiry_hours, 24);
        assert_eq!(state_at(&v, NOW).kind, ReferralStateKind::Expired);
    }

    #[test]
    fn newest_first_and_search_by_name_or_id() {
        let r = rows();
        let ids: Vec<&str> = r.iter().map(|r| r.view.referral.id.as_str()).collect();
        assert_eq!(ids, ["RFA-4", "RFA-1", "RFA-2", "RFA-3"]);
        let all: Vec<u32> = (0..r.len() as u32).collect();
        let f = |q: &str| ReferralFilter { search: q.into() }.apply(&r, &all);
        assert_eq!(f("contoso"), [1]);
        assert_eq!(f("rfa-3"), [3]);
        assert_eq!(f("RFA").len(), 4);
        assert!(f("nobody").is_empty());
    }

    #[test]
    fn sorts_on_every_column() {
        let r = rows();
        for c in COLUMNS {
            let asc = sort_indices(&r, c, SortDir::Asc);
            let desc = sort_indices(&r, c, SortDir::Desc);
            assert_eq!(asc.len(), r.len(), "{}", c.id);
            assert_eq!(desc.len(), r.len(), "{}", c.id);
        }
        let left = COLUMNS.iter().find(|c| c.id == "left").unwrap();
        assert_eq!(sort_indices(&r, left, SortDir::Asc)[0], 1);
    }

    #[test]
    fn csv_of_the_export_columns_is_the_export() {
        let r = rows();
        let order: Vec<u32> = (0..r.len() as u32).collect();
        let cols: Vec<&Column<ReferralRow>> = COLUMNS.iter().filter(|c| c.id != "left").collect();
        let headers: Vec<&str> = cols.iter().map(|c| c.header).collect();
        assert_eq!(headers, EXPORT_HEADERS);
        let expected = crate::csv_out::to_csv(
            EXPORT_HEADERS,
            r.iter().map(|r| {
                export_record(
                    &r.view.tenant_name,
                    &r.view.referral,
                    Some(&r.view.decision),
                    &r.state,
                )
            }),
        );
        assert_eq!(rows_to_csv(&r, &order, &cols), expected);
    }
}
