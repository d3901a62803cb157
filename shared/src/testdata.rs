//! Builders for tests: a tenant or workload row with everything but the interesting fields
//! filled with plausible defaults, and the proptest strategies several modules share.

use crate::ids::{MpnId, TenantId, Tpid};
use crate::model::*;
use crate::money::Money;
use proptest::prelude::*;
use time::Date;
use uuid::Uuid;

pub fn tenant(n: u128, name: &str, segment: Segment) -> Tenant {
    Tenant {
        id: TenantId(Uuid::from_u128(n)),
        name: name.into(),
        domain: format!("{}.example", name.to_lowercase()).into(),
        tpid: Tpid::from(format!("{}", 1000 + n)),
        customer_name: name.into(),
        country: "United States".into(),
        segment,
        sub_segment: "".into(),
        industry: "Retail".into(),
        m365_licenses: 500,
        ea_renewal: None,
        csp_renewal: None,
        partner_name: "Partner".into(),
        mpn_id: MpnId("123".into()),
        cpor_association: true,
        csp_association: false,
        csp_tier: None,
        t2_reseller: "".into(),
    }
}

pub fn workload(
    t: &Tenant,
    name: &str,
    mau: u64,
    pau: u64,
    claimed_by: Option<ClaimedBy>,
    claim_date: Option<Date>,
) -> WorkloadUsage {
    WorkloadUsage {
        tenant_id: t.id,
        workload: Workload::new(name),
        sku: Sku::E3,
        mau,
        pau,
        claim_number: None,
        claimed_by,
        claim_date,
        incentivized: false,
        rate_per_unit: Some(Money::ZERO),
        starting_hwm: None,
        prior_hwm: None,
        total_entitlements: pau,
        active_entitlements: mau,
        assigned_licenses: pau,
        sold_licenses: pau,
        resources: "".into(),
    }
}

/// A Cloud Endpoints row that lands as `Expand W365` under the default rules (800 eligible
/// seats, Intune 75%, W365 PAU 100, no F3 seats, no MCI workshop); tests change what matters.
pub fn cloud_endpoint(t: &Tenant) -> CloudEndpoint {
    CloudEndpoint {
        tenant_id: t.id,
        me5_seats: 300,
        me3_seats: 500,
        f3_seats: 0,
        w365_pau: 100,
        w365_mau: 60,
        intune_pau: 800,
        intune_mau: 600,
        entra_pau: 800,
        entra_mau: 700,
        windows_pau: 800,
        mci_eligibility: Vec::new(),
        mci_estimate: Some(Money::ZERO),
        intune_cpor_eligible: true,
        w365_cpor_eligible: false,
    }
}

/// An `eligibility.csv` row of tenant `t` (its TPID and customer name) with nothing
/// measured; tests set what matters.
pub fn eligibility_row(
    t: &Tenant,
    designation: crate::eligibility::Designation,
    workload: &str,
    association: crate::eligibility::AssociationType,
) -> crate::eligibility::EligibilityRow {
    crate::eligibility::EligibilityRow {
        tpid: t.tpid.clone(),
        customer_name: t.customer_name.clone(),
        tenant_id: t.id,
        designation,
        workload: Workload::new(workload),
        association,
        pau: 0,
        mau_growth: 0,
        net_qualified: crate::eligibility::NetQualified::Unchanged,
        qualified_deployment: None,
        active_subscription: Some(Money::ZERO),
        usage_baseline: 0,
        usage_current: 0,
        acr_12_months: Some(Money::ZERO),
        mpu_growth: 0,
    }
}

/// Any Cloud Endpoints row: seats, W365, Intune and Entra ID figures across the thresholds.
pub fn any_endpoint() -> impl Strategy<Value = CloudEndpoint> {
    (
        (0u64..3000, 0u64..3000, 0u64..3000),
        (0u64..4000, 0u64..5000),
        (0u64..4000, 0u64..4000),
        (0u64..4000, 0u64..4000),
    )
        .prop_map(|(seats, w365, intune, entra)| {
            let mut e = cloud_endpoint(&tenant(1, "Contoso", Segment::Enterprise));
            (e.me5_seats, e.me3_seats, e.f3_seats) = seats;
            (e.w365_pau, e.w365_mau) = w365;
            (e.intune_pau, e.intune_mau) = intune;
            (e.entra_pau, e.entra_mau) = entra;
            e
        })
}

pub fn any_segment() -> impl Strategy<Value = Segment> {
    proptest::sample::select(Segment::ALL.to_vec())
}

/// Priority frontline industries in either case, others, and none.
pub fn any_industry() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(vec![
        "Retail",
        "retail",
        "Banking",
        "",
        "Healthcare",
        "Energy",
    ])
}
