//! `insights export`: the same CSV the app's Download gives for a report with no filter,
//! less the columns the role may not see.

use crate::store::{referrals, snapshot, Db, StoreError};
use shared::config::{CloudEndpointsConfig, ReferralConfig, RulesConfig};
use shared::csv_out::to_csv;
use shared::reports::referrals::ReferralRow;
use shared::reports::{
    cloud_endpoints, opportunities, referrals as referral_report, tenants, Column,
};
use shared::rules::access::{may_see_column, Role as AccessRole};
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

/// The CSV of `rows` in `order` with `columns`, keeping only the columns `role` may see.
fn redacted<R>(role: AccessRole, columns: &[&Column<R>], rows: &[R], order: &[u32]) -> String {
    let shown: Vec<&Column<R>> = columns
        .iter()
        .copied()
        .filter(|c| may_see_column(role, c.header))
        .collect();
    to_csv(
        &shown.iter().map(|c| c.header).collect::<Vec<_>>(),
        order.iter().map(|&i| {
            let row = &rows[i as usize];
            shown.iter().map(|c| c.cell(row)).collect::<Vec<_>>()
        }),
    )
}

fn in_order<R>(rows: &[R]) -> Vec<u32> {
    (0..rows.len() as u32).collect()
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
            let rows = tenants::build_rows(&snapshot::load(db).await?);
            let cols: Vec<_> = tenants::COLUMNS
                .iter()
                .filter(|c| c.default_visible)
                .collect();
            redacted(role, &cols, &rows, &in_order(&rows))
        }
        Report::Opportunities => {
            let rows =
                opportunities::build_rows(&snapshot::load(db).await?, &RulesConfig::default());
            let cols: Vec<_> = opportunities::EXPORT_COLUMNS.iter().collect();
            redacted(role, &cols, &rows, &opportunities::export_order(&rows))
        }
        Report::CloudEndpoints => {
            let rows = cloud_endpoints::build_rows(
                &snapshot::load(db).await?,
                &CloudEndpointsConfig::default(),
            );
            let cols: Vec<_> = cloud_endpoints::EXPORT_COLUMNS.iter().collect();
            redacted(role, &cols, &rows, &in_order(&rows))
        }
        Report::Referrals => {
            let views = referrals::list(db, now, &ReferralConfig::default()).await?;
            let rows: Vec<ReferralRow> = views
                .iter()
                .map(|v| ReferralRow::new(v, v.state.clone()))
                .collect();
            let cols = referral_report::export_columns();
            redacted(role, &cols, &rows, &in_order(&rows))
        }
    })
}
