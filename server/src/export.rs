//! `insights export`: the same CSV the app's Download gives for a report with no filter, as a
//! role and scope see it — the rows of the tenants in scope, built from data already redacted
//! for the role, less the columns the role may not see (`shared::access`, as for the API).
//!
//! It streams: the reports built per tenant (Opportunities, Tenants, Cloud Endpoints) are all
//! in tenant order (name case aside, then ID), so the tenants in scope are read in that order
//! [`TENANTS_PER_PART`] at a time with their rows, each part's report rows are built with the
//! report's own `build_rows` and written, and only one part is in memory at a time whatever
//! the data's size.

use crate::store::{referrals, snapshot, Db, StoreError};
use shared::access::{Redact, Role, Scope};
use shared::config::{CloudEndpointsConfig, ReferralConfig, RulesConfig};
use shared::csv_out::CsvWriter;
use shared::reports::referrals::ReferralRow;
use shared::reports::{
    adoption, cloud_endpoints, csv_header, eligibility, opportunities,
    referrals as referral_report, tenants, write_csv_rows, Column,
};
use shared::rules::adoption::AdoptionConfig;
use shared::rules::trace::Explain;
use shared::scenario::Scenario;
use shared::Snapshot;
use std::io::Write;
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
    #[error("cannot write the CSV: {0}")]
    Write(#[from] std::io::Error),
}

impl From<crate::store::DbError> for ExportError {
    fn from(e: crate::store::DbError) -> Self {
        ExportError::Store(e.into())
    }
}

/// Tenants read and built at a time: a part's rows are a few MB whatever the data's size.
pub const TENANTS_PER_PART: usize = 500;

/// The columns of `columns` that `role` may see.
fn shown<'c, R>(role: Role, columns: impl IntoIterator<Item = &'c Column<R>>) -> Vec<&'c Column<R>>
where
    R: 'c,
{
    columns.into_iter().filter(|c| c.visible_to(role)).collect()
}

fn in_order<R>(rows: &[R]) -> Vec<u32> {
    (0..rows.len() as u32).collect()
}

/// `report` as CSV for `role` within `scope`, written to `out` row by row: the same columns
/// and cells as the app's Download with no filter. Referrals carry the partners' decisions,
/// with their state as of `now`; eligibility's deployment windows end on `now`'s date. Every
/// export, whichever report, goes through here.
pub async fn export<W: Write>(
    db: &Db,
    report: Report,
    role: Role,
    scope: &Scope,
    now: OffsetDateTime,
    out: W,
) -> Result<W, ExportError> {
    export_in_parts(db, report, role, scope, now, TENANTS_PER_PART, out).await
}

/// [`export`], reading `tenants_per_part` tenants at a time (tests cross part boundaries
/// with small parts).
pub async fn export_in_parts<W: Write>(
    db: &Db,
    report: Report,
    role: Role,
    scope: &Scope,
    now: OffsetDateTime,
    tenants_per_part: usize,
    out: W,
) -> Result<W, ExportError> {
    let mut w = CsvWriter::new(out);
    let part = Part {
        db,
        role,
        scope,
        tenants: tenants_per_part,
    };
    match report {
        Report::Tenants => {
            let cols = shown(role, tenants::COLUMNS.iter().filter(|c| c.default_visible));
            by_tenant(&part, &mut w, &cols, |part| {
                let rows = tenants::build_rows(part);
                let order = in_order(&rows);
                (rows, order)
            })
            .await?;
        }
        Report::Opportunities => {
            let cols = shown(role, opportunities::EXPORT_COLUMNS.iter());
            by_tenant(&part, &mut w, &cols, |part| {
                // An export has no "why?": its rows are built without traces.
                let rows = opportunities::build_rows_with(
                    part,
                    &RulesConfig::default(),
                    &Scenario::default(),
                    Explain::Quiet,
                );
                let order = opportunities::export_order(&rows);
                (rows, order)
            })
            .await?;
        }
        Report::CloudEndpoints => {
            let cols = shown(role, cloud_endpoints::EXPORT_COLUMNS.iter());
            by_tenant(&part, &mut w, &cols, |part| {
                let rows = cloud_endpoints::build_rows(part, &CloudEndpointsConfig::default());
                let order = in_order(&rows);
                (rows, order)
            })
            .await?;
        }
        Report::Referrals => {
            let mut views = referrals::list(db, now, &ReferralConfig::default(), scope).await?;
            views.redact(role);
            let rows: Vec<ReferralRow> = views
                .iter()
                .map(|v| ReferralRow::new(v, v.state.clone()))
                .collect();
            let all = referral_report::export_columns();
            let cols = shown(role, all.iter().copied());
            csv_header(&mut w, &cols)?;
            write_csv_rows(&mut w, &rows, &in_order(&rows), &cols)?;
        }
        Report::Eligibility => {
            let s = whole(&part).await?;
            let report =
                eligibility::build(&s.eligibility, &s.solutions_partner, now.date(), role)?;
            let cols = shown(role, eligibility::EXPORT_COLUMNS.iter());
            csv_header(&mut w, &cols)?;
            write_csv_rows(&mut w, &report.rows, &in_order(&report.rows), &cols)?;
        }
        Report::Adoption => {
            let rows = adoption::build_rows(&whole(&part).await?, &AdoptionConfig::default());
            let cols = shown(role, adoption::EXPORT_COLUMNS.iter());
            csv_header(&mut w, &cols)?;
            write_csv_rows(&mut w, &rows, &in_order(&rows), &cols)?;
        }
    }
    Ok(w.finish()?)
}

/// Where and how a per-tenant report is read: for `role` within `scope`, `tenants` at a time.
struct Part<'a> {
    db: &'a Db,
    role: Role,
    scope: &'a Scope,
    tenants: usize,
}

/// Writes a per-tenant report: the header, then for each part of the tenants in scope (in
/// report order) the rows `build` makes of it, redacted for `role`, in the order it gives.
async fn by_tenant<R, W: Write>(
    &Part {
        db,
        role,
        scope,
        tenants,
    }: &Part<'_>,
    w: &mut CsvWriter<W>,
    columns: &[&Column<R>],
    build: impl Fn(&Snapshot) -> (Vec<R>, Vec<u32>),
) -> Result<(), ExportError> {
    csv_header(w, columns)?;
    let order = snapshot::tenant_order(db, scope).await?;
    let tipping_points = snapshot::tipping_points(db).await?;
    for ids in order.chunks(tenants.max(1)) {
        let mut part = snapshot::part(db, ids, scope).await?;
        part.tipping_points = tipping_points.clone();
        part.redact(role);
        let (rows, order) = build(&part);
        write_csv_rows(w, &rows, &order, columns)?;
    }
    Ok(())
}

/// The whole snapshot in `part`'s scope, redacted for its role. Eligibility and adoption
/// total per customer (TPID), whose tenants are not contiguous in tenant order, so they are
/// built from the whole data set rather than tenant parts.
async fn whole(part: &Part<'_>) -> Result<Snapshot, StoreError> {
    let mut s: Snapshot = snapshot::load(part.db, part.scope).await?;
    s.redact(part.role);
    Ok(s)
}
