//! `insights export` streams the per-tenant reports a part of the tenants at a time; the CSV
//! is byte for byte what building the report over the whole snapshot at once gives, for every
//! role and scope and wherever the parts are cut.

use crate::common::*;
use server::export::{export_in_parts, Report};
use server::store::snapshot;
use shared::access::{Redact, Role, Scope};
use shared::config::{CloudEndpointsConfig, RulesConfig};
use shared::reports::{cloud_endpoints, opportunities, rows_to_csv, tenants, Column};
use shared::MpnId;
use time::OffsetDateTime;

on_both_stores!(a_streamed_export_equals_the_report_built_whole);

fn csv<R>(role: Role, columns: Vec<&Column<R>>, rows: &[R], order: &[u32]) -> String {
    let shown: Vec<&Column<R>> = columns.into_iter().filter(|c| c.visible_to(role)).collect();
    rows_to_csv(rows, order, &shown)
}

/// The report over the whole snapshot in memory (how the export was made before it streamed).
async fn whole(s: &Store, report: Report, role: Role, scope: &Scope) -> String {
    let mut data = snapshot::load(&s.db, scope).await.unwrap();
    data.redact(role);
    let all = |n: usize| (0..n as u32).collect::<Vec<_>>();
    match report {
        Report::Tenants => {
            let rows = tenants::build_rows(&data);
            let cols = tenants::COLUMNS
                .iter()
                .filter(|c| c.default_visible)
                .collect();
            csv(role, cols, &rows, &all(rows.len()))
        }
        Report::Opportunities => {
            let rows = opportunities::build_rows(&data, &RulesConfig::default());
            let cols = opportunities::EXPORT_COLUMNS.iter().collect();
            csv(role, cols, &rows, &opportunities::export_order(&rows))
        }
        Report::CloudEndpoints => {
            let rows = cloud_endpoints::build_rows(&data, &CloudEndpointsConfig::default());
            let cols = cloud_endpoints::EXPORT_COLUMNS.iter().collect();
            csv(role, cols, &rows, &all(rows.len()))
        }
        Report::Referrals | Report::Eligibility | Report::Adoption => {
            unreachable!("not per tenant")
        }
    }
}

async fn a_streamed_export_equals_the_report_built_whole(s: &Store) {
    let now = OffsetDateTime::now_utc();
    let scopes = [
        Scope::Organization,
        Scope::of([MpnId(FIXTURE_MPN.into())]),
        Scope::of([MpnId(OTHER_MPN.into())]),
    ];
    for report in [
        Report::Opportunities,
        Report::Tenants,
        Report::CloudEndpoints,
    ] {
        for role in Role::ALL {
            for scope in &scopes {
                let want = whole(s, report, role, scope).await;
                assert!(
                    want.lines().count() > 1,
                    "{report:?} {role} {scope:?}: rows"
                );
                for per_part in [1, 2, 500] {
                    let got =
                        export_in_parts(&s.db, report, role, scope, now, per_part, Vec::new())
                            .await
                            .unwrap();
                    assert_eq!(
                        String::from_utf8(got).unwrap(),
                        want,
                        "{report:?} {role} {scope:?} {per_part}"
                    );
                }
            }
        }
    }
}
