//! `insights export`: the same CSV the app's Download gives for a report with no filter, as a
//! role and scope see it — the rows of the tenants in scope, built from data already redacted
//! for the role, less the columns the role may not see (`shared::access`, as for the API).

use crate::store::{referrals, snapshot, Db, StoreError};
use shared::access::{Redact, Role, Scope};
use shared::config::{CloudEndpointsConfig, ReferralConfig, RulesConfig};
use shared::reports::referrals::ReferralRow;
use shared::reports::{
    adoption, cloud_endpoints, eligibility, opportunities, referrals as referral_report,
    rows_to_csv, tenants, Column,
};
use shared::rules::adoption::AdoptionConfig;
use shared::Snapshot;
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Report {
    Opportunities,
    Tenants,
    CloudEndpoints,
    Referrals,
    Eligibility,
    Adoption,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The stored Solutions Partner rules table no longer reads (the import checks it, so
    /// only a database edited by hand gets here).
    #[error(transparent)]
    Rules(#[from] shared::import::ImportError),
}

/// The CSV of `rows` in `order` with the `columns` that `role` may see.
fn csv_for<R>(role: Role, columns: &[&Column<R>], rows: &[R], order: &[u32]) -> String {
    let shown: Vec<&Column<R>> = columns
        .iter()
        .copied()
        .filter(|c| c.visible_to(role))
        .collect();
    rows_to_csv(rows, order, &shown)
}

fn in_order<R>(rows: &[R]) -> Vec<u32> {
    (0..rows.len() as u32).collect()
}

/// `report` as CSV for `role` within `scope`: the same columns and cells as the app's Download
/// with no filter. Referrals carry the partners' decisions, with their state as of `now`;
/// eligibility's deployment windows end on `now`'s date. Every export, whichever report, goes
/// through here.
pub async fn export(
    db: &Db,
    report: Report,
    role: Role,
    scope: &Scope,
    now: OffsetDateTime,
) -> Result<String, ExportError> {
    let data = || async {
        let mut s: Snapshot = snapshot::load(db, scope).await?;
        s.redact(role);
        Ok::<_, StoreError>(s)
    };
    Ok(match report {
        Report::Tenants => {
            let rows = tenants::build_rows(&data().await?);
            let cols: Vec<_> = tenants::COLUMNS
                .iter()
                .filter(|c| c.default_visible)
                .collect();
            csv_for(role, &cols, &rows, &in_order(&rows))
        }
        Report::Opportunities => {
            let rows = opportunities::build_rows(&data().await?, &RulesConfig::default());
            let cols: Vec<_> = opportunities::EXPORT_COLUMNS.iter().collect();
            csv_for(role, &cols, &rows, &opportunities::export_order(&rows))
        }
        Report::CloudEndpoints => {
            let rows =
                cloud_endpoints::build_rows(&data().await?, &CloudEndpointsConfig::default());
            let cols: Vec<_> = cloud_endpoints::EXPORT_COLUMNS.iter().collect();
            csv_for(role, &cols, &rows, &in_order(&rows))
        }
        Report::Referrals => {
            let mut views = referrals::list(db, now, &ReferralConfig::default(), scope).await?;
            views.redact(role);
            let rows: Vec<ReferralRow> = views
                .iter()
                .map(|v| ReferralRow::new(v, v.state.clone()))
                .collect();
            let cols = referral_report::export_columns();
            csv_for(role, &cols, &rows, &in_order(&rows))
        }
        Report::Eligibility => {
            let report = eligibility::build(&data().await?, now.date(), role)?;
            let cols: Vec<_> = eligibility::EXPORT_COLUMNS.iter().collect();
            csv_for(role, &cols, &report.rows, &in_order(&report.rows))
        }
        Report::Adoption => {
            let rows = adoption::build_rows(&data().await?, &AdoptionConfig::default());
            let cols: Vec<_> = adoption::EXPORT_COLUMNS.iter().collect();
            csv_for(role, &cols, &rows, &in_order(&rows))
        }
    })
}
