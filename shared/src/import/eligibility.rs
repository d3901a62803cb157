//! `eligibility.csv` (Solutions Partner customer eligibility rows) and `solutions_partner.csv`
//! (the rules table that replaces the shipped default), parsed like the other import files.

use super::files::{date, open, tenant_id, ImportFile, Parsed};
use super::reader::CsvRow;
use super::ImportError;
use crate::eligibility::*;
use crate::format::opt_date;
use crate::ids::Tpid;
use crate::model::Workload;
use crate::money::Money;
use crate::rules::eligibility::{check_setting, Setting};
use std::io::Read;

pub fn eligibility<R: Read>(input: R) -> Result<Parsed<R, EligibilityRow>, ImportError> {
    open(ImportFile::Eligibility, input, parse_eligibility)
}

pub fn solutions_partner<R: Read>(
    input: R,
) -> Result<Parsed<R, SolutionsPartnerSetting>, ImportError> {
    open(ImportFile::SolutionsPartner, input, parse_setting)
}

/// A signed whole number: `+12`, `-3`, `−3` (the typographic minus), `1,200`.
pub(crate) fn parse_signed(s: &str) -> Result<i64, String> {
    let err = || format!("`{s}` is not a whole number (e.g. 12 or -3)");
    let t = s.trim();
    let (neg, digits) = if let Some(r) = t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        (true, r)
    } else {
        (false, t.strip_prefix('+').unwrap_or(t))
    };
    let digits = digits.replace(',', "");
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(err());
    }
    let v: i64 = digits.parse().map_err(|_| format!("`{s}` is too large"))?;
    Ok(if neg { -v } else { v })
}

fn labelled<T>(
    row: &CsvRow<'_>,
    column: &str,
    parse: impl Fn(&str) -> Option<T>,
    expected: String,
) -> Result<T, ImportError> {
    let t = row.required(column)?;
    parse(t).ok_or_else(|| row.error(column, format!("`{t}` is not one of {expected}")))
}

fn signed(row: &CsvRow<'_>, column: &str) -> Result<i64, ImportError> {
    Ok(row.optional(column, parse_signed)?.unwrap_or(0))
}

fn money(row: &CsvRow<'_>, column: &str) -> Result<Money, ImportError> {
    Ok(row.optional(column, Money::parse)?.unwrap_or_default())
}

fn parse_eligibility(row: &CsvRow<'_>) -> Result<EligibilityRow, ImportError> {
    let net = "Net qualified";
    let net_qualified = match row.text(net) {
        "" => NetQualified::Unchanged,
        t => NetQualified::parse(t)
            .ok_or_else(|| row.error(net, format!("`{t}` is not +1, 0 or -1")))?,
    };
    let sub = "Active subscription value (USD)";
    let active_subscription = money(row, sub)?;
    if active_subscription.cents() < 0 {
        return Err(row.error(
            sub,
            format!("{active_subscription} is below 0 (a subscription's value)"),
        ));
    }
    Ok(EligibilityRow {
        tpid: Tpid::from(row.required("TPID")?),
        customer_name: row.text("Customer name").to_string().into(),
        tenant_id: tenant_id(row)?,
        designation: labelled(
            row,
            "Solution area",
            Designation::parse,
            Designation::expected(),
        )?,
        workload: Workload::new(row.required("Workload")?),
        association: labelled(
            row,
            "Association type",
            AssociationType::parse,
            AssociationType::expected(),
        )?,
        pau: row.count("PAU")?,
        mau_growth: signed(row, "MAU growth (TTM)")?,
        net_qualified,
        qualified_deployment: row.optional("Qualified deployment date", date)?,
        active_subscription: Some(active_subscription),
        usage_baseline: row.count("Usage baseline")?,
        usage_current: row.count("Usage current")?,
        acr_12_months: Some(money(row, "ACR 12 months (USD)")?),
        mpu_growth: signed(row, "Monthly protected users growth")?,
    })
}

fn parse_setting(row: &CsvRow<'_>) -> Result<SolutionsPartnerSetting, ImportError> {
    let area = labelled(
        row,
        "Solution area",
        SolutionArea::parse,
        SolutionArea::expected(),
    )?;
    let name = row.required("Setting")?;
    let setting = Setting::parse(name)
        .ok_or_else(|| row.error("Setting", format!("`{name}` is not a setting of {area}")))?;
    let value = row.text("Value");
    check_setting(area, setting, value).map_err(|(blames_setting, message)| {
        row.error(if blames_setting { "Setting" } else { "Value" }, message)
    })?;
    Ok(SolutionsPartnerSetting {
        area,
        setting,
        value: value.to_string(),
    })
}

/// An amount withheld from the reader is written empty.
fn opt_money(m: Option<Money>) -> String {
    m.map(|m| m.to_string()).unwrap_or_default()
}

fn signed_text(v: i64) -> String {
    if v > 0 {
        format!("+{v}")
    } else {
        v.to_string()
    }
}

/// The CSV fields of an eligibility row, in `ImportFile::Eligibility.columns()` order.
pub fn eligibility_record(r: &EligibilityRow) -> Vec<String> {
    vec![
        r.tpid.to_string(),
        r.customer_name.to_string(),
        r.tenant_id.to_string(),
        r.designation.to_string(),
        r.workload.to_string(),
        r.association.to_string(),
        r.pau.to_string(),
        signed_text(r.mau_growth),
        r.net_qualified.to_string(),
        opt_date(r.qualified_deployment),
        opt_money(r.active_subscription),
        r.usage_baseline.to_string(),
        r.usage_current.to_string(),
        opt_money(r.acr_12_months),
        signed_text(r.mpu_growth),
    ]
}

pub fn solutions_partner_record(s: &SolutionsPartnerSetting) -> Vec<String> {
    vec![s.area.to_string(), s.setting.to_string(), s.value.clone()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_numbers() {
        for (s, v) in [
            ("12", 12),
            ("+12", 12),
            ("-3", -3),
            ("−3", -3),
            ("1,200", 1200),
            (" -1,200 ", -1200),
            ("0", 0),
        ] {
            assert_eq!(parse_signed(s), Ok(v), "{s}");
        }
        for bad in [
            "",
            "-",
            "+",
            "1.5",
            "abc",
            "--1",
            "+-1",
            "99999999999999999999",
        ] {
            assert!(parse_signed(bad).is_err(), "{bad}");
        }
    }
}
