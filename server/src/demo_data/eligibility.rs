//! The demo `eligibility.csv`: Solutions Partner rows for most demo customers, with values
//! drawn from lists that sit on both sides of every threshold of the shipped rules table
//! (PAU 10/11 and 300/301, subscriptions 500/501, 1,500/1,501, 4,999/5,000 and 9,999/10,000
//! USD, deployment dates inside and outside the twelve-month window, growth above and below
//! zero), and rows that do not qualify at all. Its own random stream, so adding it left the
//! other demo files byte-identical.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use shared::eligibility::{AssociationType as A, Designation, EligibilityRow, NetQualified};
use shared::model::{Tenant, Workload};
use shared::Money;
use time::{Date, Duration};

const AZURE_WORKLOADS: &[&str] = &[
    "Azure SQL Database",
    "Azure Kubernetes Service",
    "Azure OpenAI",
    "App Service",
    "Azure Synapse Analytics",
    "Azure Backup",
    "Virtual Machines",
    "Virtual Machine Licenses",
];
const AZURE_ASSOCIATIONS: &[A] = &[A::Csp, A::CspT1, A::Dpor, A::Pal, A::Cpor];

const BA_WORKLOADS: &[&str] = &[
    "Sales",
    "Customer Service",
    "Field Service",
    "Business Central",
    "Power Apps",
    "Power BI",
    "Power Automate",
    "Finance & Operations",
    "Portals",
    "Marketing",
    "Core HR",
];
const BA_ASSOCIATIONS: &[A] = &[
    A::CporRevRec,
    A::CporOsa,
    A::CspT1,
    A::CspT2,
    A::Dpor,
    A::Pal,
    A::CporOsu,
    A::Csp,
];

const MW_WORKLOADS: &[&str] = &[
    "Exchange Online",
    "Teams",
    "SharePoint Online",
    "Microsoft 365 Apps",
    "Intune",
    "Viva Engage",
    "Teams Phone calling 1p/3p",
    "Windows 365",
];
const MW_ASSOCIATIONS: &[A] = &[A::Csp, A::Cpor, A::Dpor, A::CspT1, A::Pal];

const SECURITY_WORKLOADS: &[&str] = &[
    "Sentinel",
    "Azure Defender",
    "Network Security",
    "Entra ID P1",
    "Entra ID P2",
    "Defender for Endpoint",
    "Defender for Office 365",
    "Intune",
    "Purview Information Protection",
];
const SECURITY_ASSOCIATIONS: &[A] = &[A::Pal, A::Cpor, A::Csp];

/// PAU on both sides of Modern Work's 10 / 300 (SMB) and 300 (Enterprise).
const PAU: &[u64] = &[0, 5, 10, 11, 120, 300, 301, 850, 4_000];
/// Subscription values (USD) on both sides of 500, 1,500, 5,000 and 10,000.
const SUBSCRIPTION_USD: &[i64] = &[
    0, 250, 500, 501, 900, 1_500, 1_501, 4_999, 5_000, 7_500, 9_999, 10_000, 24_000,
];
/// Security ACR (USD): credits, nothing, and amounts around the partner's 25,000.
const ACR_USD: &[i64] = &[-400, 0, 1_200, 8_000, 24_999, 25_000, 60_000];

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// A qualified deployment date: none, inside the window, on its excluded first day (a year
/// before), before it, or in the future.
fn deployment(rng: &mut ChaCha8Rng, as_of: Date) -> Option<Date> {
    let year_before = as_of.replace_year(as_of.year() - 1).unwrap_or(as_of);
    match rng.random_range(0..10) {
        0..=2 => None,
        3..=6 => Some(as_of - Duration::days(rng.random_range(0..364))),
        7 => Some(year_before),
        8 => Some(year_before - Duration::days(rng.random_range(1..400))),
        _ => Some(as_of + Duration::days(rng.random_range(1..60))),
    }
}

fn net_qualified(rng: &mut ChaCha8Rng) -> NetQualified {
    match rng.random_range(0..10) {
        0..=4 => NetQualified::Gained,
        5..=7 => NetQualified::Unchanged,
        _ => NetQualified::Lost,
    }
}

/// (baseline, current): grown, flat, shrunk, or no baseline.
fn usage(rng: &mut ChaCha8Rng) -> (u64, u64) {
    let baseline = rng.random_range(50..5_000);
    match rng.random_range(0..8) {
        0..=3 => (baseline, baseline + rng.random_range(1..2_000)),
        4 => (baseline, baseline),
        5 | 6 => (baseline, baseline - rng.random_range(1..50)),
        _ => (0, rng.random_range(0..300)),
    }
}

/// Rows for about four in five of `tenants` (each its own customer, by TPID): one to three
/// solution areas each, one to three rows per area.
pub fn generate(tenants: &[Tenant], seed: u64, as_of: Date) -> Vec<EligibilityRow> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5e1e_c7ed_e11a_0003);
    let mut rows = Vec::new();
    for t in tenants {
        if rng.random_bool(0.2) {
            continue;
        }
        let areas = rng.random_range(1..=3);
        let mut designations: Vec<Designation> = Designation::ALL.to_vec();
        for k in 0..areas {
            let j = rng.random_range(k..designations.len());
            designations.swap(k, j);
        }
        designations.truncate(areas);
        designations.sort_by_key(|d| Designation::ALL.iter().position(|x| x == d));
        for designation in designations {
            for _ in 0..rng.random_range(1..=3) {
                rows.push(row(&mut rng, t, designation, as_of));
            }
        }
    }
    rows
}

fn row(rng: &mut ChaCha8Rng, t: &Tenant, designation: Designation, as_of: Date) -> EligibilityRow {
    let mut r = EligibilityRow {
        tpid: t.tpid.clone(),
        customer_name: t.customer_name.clone(),
        tenant_id: t.id,
        designation,
        workload: Workload::new(""),
        association: A::Csp,
        pau: 0,
        mau_growth: 0,
        net_qualified: NetQualified::Unchanged,
        qualified_deployment: None,
        active_subscription: Some(Money::ZERO),
        usage_baseline: 0,
        usage_current: 0,
        acr_12_months: Some(Money::ZERO),
        mpu_growth: 0,
    };
    let (workloads, associations) = match designation {
        Designation::AzureDataAi
        | Designation::AzureDigitalAppInnovation
        | Designation::AzureInfrastructure => (AZURE_WORKLOADS, AZURE_ASSOCIATIONS),
        Designation::BusinessApplications => (BA_WORKLOADS, BA_ASSOCIATIONS),
        Designation::ModernWork => (MW_WORKLOADS, MW_ASSOCIATIONS),
        Designation::Security => (SECURITY_WORKLOADS, SECURITY_ASSOCIATIONS),
    };
    r.workload = Workload::new(pick(rng, workloads));
    r.association = pick(rng, associations);
    r.net_qualified = net_qualified(rng);
    match designation {
        Designation::BusinessApplications => {
            r.active_subscription = Some(Money(pick(rng, SUBSCRIPTION_USD) * 100));
            (r.usage_baseline, r.usage_current) = usage(rng);
        }
        Designation::ModernWork => {
            r.pau = pick(rng, PAU);
            r.mau_growth = rng.random_range(-300..2_500);
            r.qualified_deployment = deployment(rng, as_of);
        }
        Designation::Security => {
            r.qualified_deployment = deployment(rng, as_of);
            r.acr_12_months = Some(Money(pick(rng, ACR_USD) * 100));
            r.mpu_growth = rng.random_range(-200..1_500);
        }
        _ => {
            r.qualified_deployment = deployment(rng, as_of);
            (r.usage_baseline, r.usage_current) = usage(rng);
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use crate::demo_data::{generate, DemoOptions};
    use shared::eligibility::SolutionArea;
    use shared::rules::eligibility::{distribution, evaluate, Effect, SolutionsPartnerTable};
    use time::macros::date;

    /// Every metric of every area has customers that meet it and customers that do not, and
    /// every area has customers outside its program: the demo shows each side of the rules.
    #[test]
    fn the_demo_has_customers_on_both_sides_of_every_metric() {
        let as_of = date!(2026 - 11 - 01);
        let opts = || DemoOptions {
            tenants: 2000,
            seed: 1,
            as_of: as_of.midnight().assume_utc(),
        };
        let data = generate(&opts());
        let again = generate(&opts());
        assert_eq!(data.eligibility, again.eligibility, "deterministic");
        let customers = evaluate(
            &data.eligibility,
            &SolutionsPartnerTable::default_table(),
            as_of,
        );
        assert!(customers.len() > 1000, "{}", customers.len());
        for d in distribution(&customers) {
            let met = d.count(Effect::Positive);
            let not_met = d.count(Effect::Negative) + d.count(Effect::NoEffect);
            assert!(met > 5 && not_met > 5, "{} · {}", d.area, d.metric);
        }
        for area in SolutionArea::ALL {
            let ineligible = customers
                .iter()
                .filter(|c| !c.area(*area).eligible.value)
                .count();
            assert!(ineligible > 0, "{area}");
        }
    }
}
