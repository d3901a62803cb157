//! `insights export`: the same CSV the app's Download gives for a report with no filter,
//! less the columns the role may not see.

use shared::config::{CloudEndpointsConfig, ReferralConfig, RulesConfig};
use shared::csv_out::to_csv;
use shared::edits::referral;
use shared::edits::views::ReferralView;
use shared::reports::referrals::ReferralRow;
use shared::reports::{cloud_endpoints, opportunities, tenants};
use shared::rules::access::{may_see_column, Role as AccessRole};
use shared::Snapshot;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Report {
    Opportunities,
    Tenants,
    CloudEndpoints,
    Referrals,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Role {
    #[default]
    Executive,
    Viewer,
}

impl From<Role> for AccessRole {
    fn from(r: Role) -> Self {
        match r {
            Role::Executive => AccessRole::Executive,
            Role::Viewer => AccessRole::Viewer,
        }
    }
}

/// Headers and rows, keeping only the columns `role` may see.
fn redacted(
    role: AccessRole,
    headers: Vec<&str>,
    rows: impl Iterator<Item = Vec<String>>,
) -> String {
    let keep: Vec<bool> = headers.iter().map(|h| may_see_column(role, h)).collect();
    let shown: Vec<&str> = headers
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(h, _)| *h)
        .collect();
    to_csv(
        &shown,
        rows.map(|r| {
            r.into_iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(c, _)| c)
                .collect::<Vec<_>>()
        }),
    )
}

pub fn export(snapshot: &Snapshot, report: Report, role: Role) -> String {
    let role = AccessRole::from(role);
    match report {
        Report::Tenants => {
            let rows = tenants::build_rows(snapshot);
            let cols: Vec<_> = tenants::COLUMNS
                .iter()
                .filter(|c| c.default_visible)
                .collect();
            redacted(
                role,
                cols.iter().map(|c| c.header).collect(),
                rows.iter()
                    .map(|r| cols.iter().map(|c| c.cell(r)).collect()),
            )
        }
        Report::Opportunities => {
            let rows = opportunities::build_rows(snapshot, &RulesConfig::default());
            let cols = opportunities::EXPORT_COLUMNS;
            redacted(
                role,
                cols.iter().map(|c| c.header).collect(),
                opportunities::export_order(&rows)
                    .into_iter()
                    .map(|i| cols.iter().map(|c| c.cell(&rows[i as usize])).collect()),
            )
        }
        Report::Referrals => {
            // The snapshot alone knows no partner decisions; `insights export` passes the
            // stored ones through `referrals` instead.
            let now = time::OffsetDateTime::now_utc();
            let cfg = ReferralConfig::default();
            let names: std::collections::HashMap<_, _> = snapshot
                .tenants
                .iter()
                .map(|t| (t.id, t.name.as_str()))
                .collect();
            let views: Vec<ReferralView> = snapshot
                .referrals
                .iter()
                .map(|r| ReferralView {
                    tenant_name: names.get(&r.tenant_id).copied().unwrap_or("").to_string(),
                    decision: referral::ReferralDecision::from_import(r),
                    version: 0,
                    state: referral::referral_state(r, None, now, &cfg),
                    referral: r.clone(),
                })
                .collect();
            referrals(&views, role)
        }
        Report::CloudEndpoints => {
            let rows = cloud_endpoints::build_rows(snapshot, &CloudEndpointsConfig::default());
            let cols = cloud_endpoints::EXPORT_COLUMNS;
            redacted(
                role,
                cols.iter().map(|c| c.header).collect(),
                rows.iter()
                    .map(|r| cols.iter().map(|c| c.cell(r)).collect()),
            )
        }
    }
}

/// The Referrals report with the partners' decisions, as `views` carries them.
pub fn referrals(views: &[ReferralView], role: impl Into<AccessRole>) -> String {
    let rows: Vec<ReferralRow> = views
        .iter()
        .map(|v| ReferralRow::new(v, v.state.clone()))
        .collect();
    let cols = shared::reports::referrals::export_columns();
    redacted(
        role.into(),
        cols.iter().map(|c| c.header).collect(),
        rows.iter()
            .map(|r| cols.iter().map(|c| c.cell(r)).collect()),
    )
}
