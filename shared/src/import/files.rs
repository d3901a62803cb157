//! The import files of the data contract: their columns, how each row parses, and how a
//! value is written back (the demo-data generator writes through the same column lists).

use super::reader::{CsvRow, CsvRows};
use super::ImportError;
use crate::format::{opt_date, or_blank, parse_date, timestamp, yes_no};
use crate::ids::{ClaimNumber, MpnId, ReferralId, TenantId, Tpid};
use crate::model::*;
use crate::money::Money;
use crate::ratio::Ratio;
use std::io::Read;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFile {
    Tenants,
    Workloads,
    TippingPoints,
    CloudEndpoints,
    Referrals,
    Eligibility,
    SolutionsPartner,
}

impl ImportFile {
    pub const ALL: [ImportFile; 7] = [
        ImportFile::Tenants,
        ImportFile::Workloads,
        ImportFile::TippingPoints,
        ImportFile::CloudEndpoints,
        ImportFile::Referrals,
        ImportFile::Eligibility,
        ImportFile::SolutionsPartner,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            ImportFile::Tenants => "tenants.csv",
            ImportFile::Workloads => "workloads.csv",
            ImportFile::TippingPoints => "tipping_points.csv",
            ImportFile::CloudEndpoints => "cloud_endpoints.csv",
            ImportFile::Referrals => "referrals.csv",
            ImportFile::Eligibility => "eligibility.csv",
            ImportFile::SolutionsPartner => "solutions_partner.csv",
        }
    }

    /// Every column of the file, in the order the product writes them.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ImportFile::Tenants => &[
                "Tenant ID",
                "Tenant name",
                "Tenant domain",
                "TPID",
                "Customer name",
                "Tenant country/region",
                "Tenant segment",
                "Customer sub-segment",
                "Industry/Vertical",
                "M365 licenses",
                "EA renewal",
                "Largest seat CSP renewal",
                "Partner name",
                "Partner Center ID (MPN)",
                "CPOR association",
                "CSP association",
                "CSP tier",
                "T2 reseller name",
            ],
            ImportFile::Workloads => &[
                "Tenant ID",
                "Workload",
                "SKU",
                "MAU",
                "PAU",
                "CPOR claim #",
                "Claimed by",
                "Claim date",
                "Incentivized",
                "Rate per unit",
                "Starting HWM",
                "Prior HWM",
                "Total entitlements",
                "Active entitlements",
                "Assigned licenses",
                "Sold licenses",
                "Resources",
            ],
            ImportFile::TippingPoints => {
                &["Workload", "Tenant segment", "SKU", "Usage tipping point"]
            }
            ImportFile::CloudEndpoints => &[
                "Tenant ID",
                "ME5 seats",
                "ME3 seats",
                "F3 seats",
                "W365 PAU",
                "W365 MAU",
                "Intune PAU",
                "Intune MAU",
                "Entra ID PAU",
                "Entra ID MAU",
                "Windows PAU",
                "MCI eligibility",
                "MCI estimate",
                "Intune CPOR eligibility",
                "W365 CPOR eligibility",
            ],
            ImportFile::Referrals => &[
                "Referral ID",
                "Tenant ID",
                "Referral source",
                "RFA workloads",
                "Date of assignment",
                "Acceptance",
                "Referral status",
                "AU% at referral",
            ],
            ImportFile::Eligibility => &[
                "TPID",
                "Customer name",
                "Tenant ID",
                "Solution area",
                "Workload",
                "Association type",
                "PAU",
                "MAU growth (TTM)",
                "Net qualified",
                "Qualified deployment date",
                "Active subscription value (USD)",
                "Usage baseline",
                "Usage current",
                "ACR 12 months (USD)",
                "Monthly protected users growth",
            ],
            ImportFile::SolutionsPartner => &["Solution area", "Setting", "Value"],
        }
    }

    /// Columns without which the file cannot be understood; the others default when absent.
    pub fn required_columns(self) -> &'static [&'static str] {
        match self {
            ImportFile::Tenants => &["Tenant ID", "Tenant name", "Tenant segment"],
            ImportFile::Workloads => &["Tenant ID", "Workload", "SKU", "MAU", "PAU"],
            ImportFile::TippingPoints => self.columns(),
            ImportFile::CloudEndpoints => &[
                "Tenant ID",
                "ME5 seats",
                "ME3 seats",
                "F3 seats",
                "W365 PAU",
                "W365 MAU",
                "Intune PAU",
                "Intune MAU",
            ],
            ImportFile::Referrals => &[
                "Referral ID",
                "Tenant ID",
                "Date of assignment",
                "Acceptance",
            ],
            ImportFile::Eligibility => &[
                "TPID",
                "Tenant ID",
                "Solution area",
                "Workload",
                "Association type",
            ],
            ImportFile::SolutionsPartner => self.columns(),
        }
    }
}

/// A streaming parse of one import file.
pub struct Parsed<R: Read, T> {
    rows: CsvRows<R>,
    parse: fn(&CsvRow<'_>) -> Result<T, ImportError>,
}

impl<R: Read, T> Parsed<R, T> {
    /// The line of the row returned last.
    pub fn line(&self) -> u64 {
        self.rows.line()
    }
    /// An error about `column` on the row returned last.
    pub fn error(&self, column: &str, message: impl Into<String>) -> ImportError {
        self.rows.error(column, message)
    }
}

impl<R: Read, T> Iterator for Parsed<R, T> {
    type Item = Result<T, ImportError>;
    fn next(&mut self) -> Option<Self::Item> {
        let parse = self.parse;
        self.rows.next_row().map(|row| row.and_then(|r| parse(&r)))
    }
}

pub(super) fn open<R: Read, T>(
    file: ImportFile,
    input: R,
    parse: fn(&CsvRow<'_>) -> Result<T, ImportError>,
) -> Result<Parsed<R, T>, ImportError> {
    Ok(Parsed {
        rows: CsvRows::open(file.file_name(), input, file.required_columns())?,
        parse,
    })
}

pub fn tenants<R: Read>(input: R) -> Result<Parsed<R, Tenant>, ImportError> {
    open(ImportFile::Tenants, input, parse_tenant)
}
pub fn workloads<R: Read>(input: R) -> Result<Parsed<R, WorkloadUsage>, ImportError> {
    open(ImportFile::Workloads, input, parse_workload)
}
pub fn tipping_points<R: Read>(input: R) -> Result<Parsed<R, TippingPoint>, ImportError> {
    open(ImportFile::TippingPoints, input, parse_tipping_point)
}
pub fn cloud_endpoints<R: Read>(input: R) -> Result<Parsed<R, CloudEndpoint>, ImportError> {
    open(ImportFile::CloudEndpoints, input, parse_cloud_endpoint)
}
pub fn referrals<R: Read>(input: R) -> Result<Parsed<R, Referral>, ImportError> {
    open(ImportFile::Referrals, input, parse_referral)
}

pub(super) fn tenant_id(row: &CsvRow<'_>) -> Result<TenantId, ImportError> {
    let t = row.required("Tenant ID")?;
    TenantId::parse(t).map_err(|_| row.error("Tenant ID", format!("`{t}` is not a GUID")))
}

fn segment(row: &CsvRow<'_>) -> Result<Segment, ImportError> {
    let t = row.required("Tenant segment")?;
    Segment::parse(t).ok_or_else(|| {
        row.error(
            "Tenant segment",
            format!(
                "`{t}` is not a segment (expected one of {})",
                Segment::expected()
            ),
        )
    })
}

fn year_month(s: &str) -> Result<YearMonth, String> {
    YearMonth::parse(s).ok_or_else(|| format!("`{s}` is not a month (expected YYYY-MM)"))
}

pub(super) fn date(s: &str) -> Result<Date, String> {
    parse_date(s).ok_or_else(|| format!("`{s}` is not a date (expected YYYY-MM-DD)"))
}

fn list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

fn parse_tenant(row: &CsvRow<'_>) -> Result<Tenant, ImportError> {
    Ok(Tenant {
        id: tenant_id(row)?,
        name: row.required("Tenant name")?.into(),
        domain: row.text("Tenant domain").into(),
        tpid: Tpid::from(row.text("TPID")),
        customer_name: row.text("Customer name").into(),
        country: row.text("Tenant country/region").into(),
        segment: segment(row)?,
        sub_segment: row.text("Customer sub-segment").into(),
        industry: row.text("Industry/Vertical").into(),
        m365_licenses: row.count("M365 licenses")?,
        ea_renewal: row.optional("EA renewal", year_month)?,
        csp_renewal: row.optional("Largest seat CSP renewal", year_month)?,
        partner_name: row.text("Partner name").into(),
        mpn_id: MpnId::from(row.text("Partner Center ID (MPN)")),
        cpor_association: row.yes_no("CPOR association")?,
        csp_association: row.yes_no("CSP association")?,
        csp_tier: row.optional("CSP tier", |s| {
            CspTier::parse(s).ok_or_else(|| format!("`{s}` is not a CSP tier (expected T1 or T2)"))
        })?,
        t2_reseller: row.text("T2 reseller name").into(),
    })
}

fn parse_workload(row: &CsvRow<'_>) -> Result<WorkloadUsage, ImportError> {
    let claim_number = match row.text("CPOR claim #") {
        "" => None,
        n => Some(ClaimNumber::from(n)),
    };
    Ok(WorkloadUsage {
        tenant_id: tenant_id(row)?,
        workload: Workload::new(row.required("Workload")?),
        sku: Sku::parse(row.required("SKU")?),
        mau: row.count("MAU")?,
        pau: row.count("PAU")?,
        claim_number,
        claimed_by: row.optional("Claimed by", |s| {
            ClaimedBy::parse(s).ok_or_else(|| format!("`{s}` is not Us, Other or empty"))
        })?,
        claim_date: row.optional("Claim date", date)?,
        incentivized: row.yes_no("Incentivized")?,
        rate_per_unit: Some(
            row.optional("Rate per unit", Money::parse)?
                .unwrap_or_default(),
        ),
        starting_hwm: row.optional_count("Starting HWM")?,
        prior_hwm: row.optional_count("Prior HWM")?,
        total_entitlements: row.count("Total entitlements")?,
        active_entitlements: row.count("Active entitlements")?,
        assigned_licenses: row.count("Assigned licenses")?,
        sold_licenses: row.count("Sold licenses")?,
        resources: row.text("Resources").into(),
    })
}

/// Tipping points range from 0% to 90% (seed 000); anything above is a mistyped file.
pub const MAX_TIPPING_POINT: f64 = 0.9;

/// A tipping point: a percentage from 0% to 90%. A number out of that range is told so (not
/// "not a percentage"), whichever way it is written.
fn tipping_point_value(s: &str) -> Result<Ratio, String> {
    const RANGE: &str = "a tipping point is from 0% to 90% (e.g. 35% or 0.35)";
    match Ratio::parse(s) {
        Ok(r) if r.value() <= MAX_TIPPING_POINT + 1e-9 => Ok(r),
        Ok(_) => Err(format!("`{s}` is out of range: {RANGE}")),
        Err(_) => {
            let t = s.trim();
            let number = t.strip_suffix('%').unwrap_or(t).trim();
            if number.parse::<f64>().is_ok_and(f64::is_finite) {
                Err(format!("`{s}` is out of range: {RANGE}"))
            } else {
                Err(format!("`{s}` is not a percentage: {RANGE}"))
            }
        }
    }
}

fn parse_tipping_point(row: &CsvRow<'_>) -> Result<TippingPoint, ImportError> {
    let col = "Usage tipping point";
    let tp = row
        .optional(col, tipping_point_value)?
        .ok_or_else(|| row.error(col, "a value is required"))?;
    Ok(TippingPoint {
        workload: Workload::new(row.required("Workload")?),
        segment: segment(row)?,
        sku: Sku::parse(row.required("SKU")?),
        tipping_point: tp,
    })
}

fn parse_cloud_endpoint(row: &CsvRow<'_>) -> Result<CloudEndpoint, ImportError> {
    Ok(CloudEndpoint {
        tenant_id: tenant_id(row)?,
        me5_seats: row.count("ME5 seats")?,
        me3_seats: row.count("ME3 seats")?,
        f3_seats: row.count("F3 seats")?,
        w365_pau: row.count("W365 PAU")?,
        w365_mau: row.count("W365 MAU")?,
        intune_pau: row.count("Intune PAU")?,
        intune_mau: row.count("Intune MAU")?,
        entra_pau: row.count("Entra ID PAU")?,
        entra_mau: row.count("Entra ID MAU")?,
        windows_pau: row.count("Windows PAU")?,
        mci_eligibility: list(row.text("MCI eligibility")),
        mci_estimate: Some(
            row.optional("MCI estimate", Money::parse)?
                .unwrap_or_default(),
        ),
        intune_cpor_eligible: row.yes_no("Intune CPOR eligibility")?,
        w365_cpor_eligible: row.yes_no("W365 CPOR eligibility")?,
    })
}

fn parse_referral(row: &CsvRow<'_>) -> Result<Referral, ImportError> {
    let assigned = row.required("Date of assignment")?;
    let assigned_at = OffsetDateTime::parse(assigned, &Rfc3339).map_err(|_| {
        row.error(
            "Date of assignment",
            format!("`{assigned}` is not an RFC 3339 time (e.g. 2026-11-02T09:30:00Z)"),
        )
    })?;
    let acc = row.required("Acceptance")?;
    let acceptance = Acceptance::parse(acc).ok_or_else(|| {
        row.error(
            "Acceptance",
            format!("`{acc}` is not one of {}", Acceptance::expected()),
        )
    })?;
    Ok(Referral {
        id: ReferralId::from(row.required("Referral ID")?),
        tenant_id: tenant_id(row)?,
        source: row.text("Referral source").to_string(),
        rfa_workloads: list(row.text("RFA workloads")),
        assigned_at,
        acceptance,
        status: row.text("Referral status").to_string(),
        au_at_referral: row.optional("AU% at referral", Ratio::parse)?,
    })
}

/// The CSV fields of a tenant, in `ImportFile::Tenants.columns()` order.
pub fn tenant_record(t: &Tenant) -> Vec<String> {
    vec![
        t.id.to_string(),
        t.name.to_string(),
        t.domain.to_string(),
        t.tpid.to_string(),
        t.customer_name.to_string(),
        t.country.to_string(),
        t.segment.to_string(),
        t.sub_segment.to_string(),
        t.industry.to_string(),
        t.m365_licenses.to_string(),
        or_blank(t.ea_renewal.as_ref()),
        or_blank(t.csp_renewal.as_ref()),
        t.partner_name.to_string(),
        t.mpn_id.to_string(),
        yes_no(t.cpor_association).into(),
        yes_no(t.csp_association).into(),
        or_blank(t.csp_tier.as_ref()),
        t.t2_reseller.to_string(),
    ]
}

pub fn workload_record(w: &WorkloadUsage) -> Vec<String> {
    vec![
        w.tenant_id.to_string(),
        w.workload.to_string(),
        w.sku.to_string(),
        w.mau.to_string(),
        w.pau.to_string(),
        or_blank(w.claim_number.as_ref()),
        or_blank(w.claimed_by.as_ref()),
        opt_date(w.claim_date),
        yes_no(w.incentivized).into(),
        or_blank(w.rate_per_unit),
        or_blank(w.starting_hwm.as_ref()),
        or_blank(w.prior_hwm.as_ref()),
        w.total_entitlements.to_string(),
        w.active_entitlements.to_string(),
        w.assigned_licenses.to_string(),
        w.sold_licenses.to_string(),
        w.resources.to_string(),
    ]
}

pub fn tipping_point_record(t: &TippingPoint) -> Vec<String> {
    vec![
        t.workload.to_string(),
        t.segment.to_string(),
        t.sku.to_string(),
        t.tipping_point.to_string(),
    ]
}

pub fn cloud_endpoint_record(c: &CloudEndpoint) -> Vec<String> {
    vec![
        c.tenant_id.to_string(),
        c.me5_seats.to_string(),
        c.me3_seats.to_string(),
        c.f3_seats.to_string(),
        c.w365_pau.to_string(),
        c.w365_mau.to_string(),
        c.intune_pau.to_string(),
        c.intune_mau.to_string(),
        c.entra_pau.to_string(),
        c.entra_mau.to_string(),
        c.windows_pau.to_string(),
        c.mci_eligibility.join(";"),
        or_blank(c.mci_estimate),
        yes_no(c.intune_cpor_eligible).into(),
        yes_no(c.w365_cpor_eligible).into(),
    ]
}

pub fn referral_record(r: &Referral) -> Vec<String> {
    vec![
        r.id.to_string(),
        r.tenant_id.to_string(),
        r.source.clone(),
        r.rfa_workloads.join(";"),
        timestamp(r.assigned_at),
        r.acceptance.to_string(),
        r.status.clone(),
        or_blank(r.au_at_referral.as_ref()),
    ]
}
