use super::*;
use crate::edits::referral::ReferralDecision;
use crate::ids::{ReferralId, TenantId};
use crate::model::{Acceptance, Referral};
use crate::money::Money;
use crate::ratio::Ratio;
use crate::reports::{column_by_id, rows_to_csv, sort_indices, SortDir};
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

/// Newest first: Litware (declined), Contoso (pending), Fabrikam (expired), Northwind
/// (accepted), each column with values that sort them differently.
fn rows() -> Vec<ReferralRow> {
    let mut contoso = view("RFA-1", "Contoso", 10, Acceptance::Pending, false);
    contoso.referral.au_at_referral = Some(Ratio(0.35));
    contoso.decision.services_estimated_value = Some(Money(5000));
    let mut fabrikam = view("RFA-2", "Fabrikam", 200, Acceptance::Pending, false);
    fabrikam.referral.source = "Partner Center".into();
    fabrikam.referral.rfa_workloads = vec!["Exchange".into()];
    fabrikam.referral.au_at_referral = Some(Ratio(0.8));
    let mut northwind = view("RFA-3", "Northwind", 300, Acceptance::Accepted, true);
    northwind.decision.status = "Engaged".into();
    northwind.decision.value_added_services_sold = "Adoption workshop".into();
    northwind.decision.services_estimated_value = Some(Money(123_450));
    let litware = view("RFA-4", "Litware", 5, Acceptance::Declined, true);
    build_rows(&[contoso, fabrikam, northwind, litware], NOW)
}

fn col(id: &str) -> &'static Column<ReferralRow> {
    column_by_id(COLUMNS, id).unwrap()
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
    assert_eq!(col("left").cell(expired), "");
    assert_eq!(
        (col("state").why.unwrap())(expired).last().unwrap(),
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
    assert_eq!(f("RFA"), [0, 1, 2, 3]);
    assert!(f("nobody").is_empty());
}

/// Rows: 0 Litware (declined, 5 h ago), 1 Contoso (pending, 10 h), 2 Fabrikam (expired,
/// 200 h), 3 Northwind (accepted, 300 h).
#[test]
fn sorts_on_every_column_both_ways_with_missing_last() {
    let r = rows();
    let names: Vec<&str> = r.iter().map(|r| r.tenant_name()).collect();
    assert_eq!(names, ["Litware", "Contoso", "Fabrikam", "Northwind"]);
    // (column, ascending, descending)
    let cases: &[(&str, [u32; 4], [u32; 4])] = &[
        ("tenant", [1, 2, 0, 3], [3, 0, 2, 1]),
        ("source", [0, 1, 3, 2], [2, 0, 1, 3]),
        ("referral_id", [1, 2, 3, 0], [0, 3, 2, 1]),
        ("acceptance", [3, 0, 1, 2], [1, 2, 0, 3]),
        ("assigned", [3, 2, 1, 0], [0, 1, 2, 3]),
        ("status", [3, 0, 1, 2], [0, 1, 2, 3]),
        // Pending, accepted, declined, expired: not the alphabet.
        ("state", [1, 3, 0, 2], [2, 0, 3, 1]),
        // Only a pending referral expires or has time left; the others sort last.
        ("expires", [1, 0, 2, 3], [1, 0, 2, 3]),
        ("left", [1, 0, 2, 3], [1, 0, 2, 3]),
        ("decline_reason", [0, 1, 2, 3], [0, 1, 2, 3]),
        ("vas", [3, 0, 1, 2], [3, 0, 1, 2]),
        ("value", [1, 3, 0, 2], [3, 1, 0, 2]),
        ("rfa_workloads", [2, 0, 1, 3], [0, 1, 3, 2]),
        ("au", [1, 2, 0, 3], [2, 1, 0, 3]),
    ];
    assert_eq!(cases.len(), COLUMNS.len(), "every column is covered");
    for (id, asc, desc) in cases {
        assert_eq!(sort_indices(&r, col(id), SortDir::Asc), asc, "{id} asc");
        assert_eq!(sort_indices(&r, col(id), SortDir::Desc), desc, "{id} desc");
    }
}

#[test]
fn the_export_is_the_data_contracts_columns_and_cells() {
    let r = rows();
    let order: Vec<u32> = (0..r.len() as u32).collect();
    let cols = export_columns();
    assert_eq!(
        rows_to_csv(&r, &order, &cols),
        "Tenant name,Referral source,Referral ID,Acceptance,Date of assignment,\
         Referral status,State,Expires,Decline reason,Value-added services sold,\
         Services estimated value,RFA workloads,AU% at referral\n\
         Litware,FastTrack,RFA-4,Declined,2026-11-20T07:00:00Z,New,Declined,,no capacity,,,\
         Teams; Exchange,–\n\
         Contoso,FastTrack,RFA-1,Pending,2026-11-20T02:00:00Z,New,Pending,\
         2026-11-27T02:00:00Z,,,50.00,Teams; Exchange,35.0%\n\
         Fabrikam,Partner Center,RFA-2,Pending,2026-11-12T04:00:00Z,New,Expired (reassigned),\
         ,,,,Exchange,80.0%\n\
         Northwind,FastTrack,RFA-3,Accepted,2026-11-08T00:00:00Z,Engaged,Accepted,,,\
         Adoption workshop,1234.50,Teams; Exchange,–\n"
    );
}

#[test]
fn a_new_pending_referral_exports_its_assignment_and_expiry() {
    // Assigned 19 days before `NOW`, read at the moment of assignment.
    let v = view("RFA-1", "Contoso", 19 * 24, Acceptance::Pending, false);
    assert_eq!(v.referral.assigned_at, datetime!(2026-11-01 12:00 UTC));
    let row = build_row(&v, v.referral.assigned_at);
    let cells: Vec<String> = export_columns().iter().map(|c| c.cell(&row)).collect();
    assert_eq!(cells.len(), 13);
    assert_eq!(cells[0], "Contoso");
    assert_eq!(cells[3], "Pending");
    assert_eq!(cells[4], "2026-11-01T12:00:00Z");
    assert_eq!(cells[7], "2026-11-08T12:00:00Z");
}

#[test]
fn a_row_keeps_the_state_it_is_given() {
    let v = view("RFA-2", "Fabrikam", 200, Acceptance::Pending, false);
    assert_eq!(v.state.kind, ReferralStateKind::Expired);
    let served = ReferralRow::new(&v, v.state.clone());
    assert_eq!(served.state, v.state);
    assert_eq!(col("state").cell(&served), "Expired (reassigned)");
}
