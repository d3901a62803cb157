//! `insights export`: the same CSV the app's Download gives for a report with no filter,
//! less the columns the role may not see.

use crate::store::{referrals, snapshot, Db, StoreError};
use shared::csv_out::to_csv;
use shared::edits::referral::{self, ReferralConfig};
use shared::reports::{cloud_endpoints, opportunities, tenants};
use shared::rules::access::{may_see_column, Role as AccessRole};
use shared::rules::cloud_endpoints::CloudEndpointsConfig;
use shared::rules::config::RulesConfig;
use time::OffsetDateTime;

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

/// `report` as CSV: the same columns and cells as the app's Download with no filter, less the
/// columns `role` may not see. Referrals carry the partners' decisions, with their state as of
/// `now`. Every export, whichever report, goes through here.
pub async fn export(
    db: &Db,
    report: Report,
    role: Role,
    now: OffsetDateTime,
) -> Result<String, StoreError> {
    let role = AccessRole::from(role);
    Ok(match report {
        Report::Tenants => {
            let snapshot = snapshot::load(db).await?;
            let rows = tenants::build_rows(&snapshot);
            let cols: Vec<_> = tenants::COLUMNS
                .iter()
                .filter(|c| c.default_visible)
                .collect();
            redacted(
                role,
                cols.iter().map(|c| c.header).collect(),
                rows.iter()
                    .map(|r| cols.iter().map(|c| (c.cell)(r)).collect()),
            )
        }
        Report::Opportunities => {
            let snapshot = snapshot::load(db).await?;
            let rows = opportunities::build_rows(&snapshot, &RulesConfig::default());
            let cols = opportunities::EXPORT_COLUMNS;
            redacted(
                role,
                cols.iter().map(|c| c.header).collect(),
                opportunities::export_order(&rows)
                    .into_iter()
                    .map(|i| cols.iter().map(|c| (c.cell)(&rows[i as usize])).collect()),
            )
        }
        Report::CloudEndpoints => {
            let snapshot = snapshot::load(db).await?;
            let rows = cloud_endpoints::build_rows(&snapshot, &CloudEndpointsConfig::default());
            redacted(
                role,
                cloud_endpoints::export_headers(),
                rows.iter().map(cloud_endpoints::export_record),
            )
        }
        Report::Referrals => {
            let views = referrals::list(db, now, &ReferralConfig::default()).await?;
            redacted(
                role,
                referral::EXPORT_HEADERS.to_vec(),
                views.iter().map(|v| {
                    referral::export_record(
                        &v.tenant_name,
                        &v.referral,
                        Some(&v.decision),
                        &v.state,
                    )
                }),
            )
        }
    })
}
