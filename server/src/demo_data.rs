//! A realistic, deterministic demo data set in the import format: the same seed always gives
//! byte-identical files, so demos, tests and benchmarks are reproducible.

mod eligibility;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use shared::import::{self, ImportFile};
use shared::model::*;
use shared::{ClaimNumber, Money, MpnId, Ratio, ReferralId, TenantId, Tpid};
use std::path::Path;
use time::{Date, Duration, OffsetDateTime};

const PREFIXES: &[&str] = &[
    "Contoso",
    "Fabrikam",
    "Northwind",
    "Adventure Works",
    "Tailspin",
    "Wingtip",
    "Litware",
    "Proseware",
    "Woodgrove",
    "Alpine Ski",
    "Blue Yonder",
    "Coho",
    "Fourth Coffee",
    "Lucerne",
    "Margie's",
    "Trey",
    "VanArsdel",
    "Wide World",
    "Humongous",
    "Graphic Design",
    "Relecloud",
    "Bellows",
    "Southridge",
    "Consolidated",
    "Datum",
    "Lamna",
    "Nod",
    "Olympia",
    "Parnell",
    "Lakeshore",
    "Boulder",
    "Cascade",
    "Evergreen",
    "Harbor",
    "Ironwood",
    "Juniper",
    "Keystone",
    "Meridian",
    "Pinnacle",
    "Redwood",
    "Summit",
    "Tidewater",
    "Union",
    "Vertex",
    "Westfield",
];
const SUFFIXES: &[&str] = &[
    "Pharmaceuticals",
    "Traders",
    "Airlines",
    "Bank",
    "Insurance",
    "Hotels",
    "Logistics",
    "Manufacturing",
    "Health",
    "Foods",
    "Energy",
    "Retail",
    "Motors",
    "Media",
    "Electronics",
    "Consulting",
    "Engineering",
    "Publishing",
    "Shipping",
    "Telecom",
    "University",
    "Schools",
    "County",
    "Clinics",
    "Outfitters",
    "Brewing",
    "Construction",
    "Software",
    "Textiles",
];
const COUNTRIES: &[&str] = &[
    "United States",
    "United Kingdom",
    "Germany",
    "France",
    "Canada",
    "Australia",
    "Japan",
    "Netherlands",
    "Spain",
    "Brazil",
    "India",
    "Sweden",
    "Italy",
    "Mexico",
    "Singapore",
];
const INDUSTRIES: &[&str] = &[
    "Retail",
    "Manufacturing",
    "Healthcare",
    "Hospitality",
    "Transportation",
    "Financial Services",
    "Professional Services",
    "Education",
    "Government",
    "Media & Communications",
    "Energy",
];
const SUB_SEGMENTS: &[&str] = &["Strategic", "Major", "Corporate", "SMB Core", "SMB Scale"];

/// (workload, rate per unit in cents, resource link)
const WORKLOADS: &[(&str, i64, &str)] = &[
    (
        "Exchange Online",
        250,
        "https://learn.microsoft.com/exchange/exchange-online",
    ),
    (
        "SharePoint Online",
        300,
        "https://learn.microsoft.com/sharepoint/",
    ),
    ("OneDrive", 200, "https://learn.microsoft.com/onedrive/"),
    ("Teams", 450, "https://learn.microsoft.com/microsoftteams/"),
    (
        "Microsoft 365 Apps",
        200,
        "https://learn.microsoft.com/deployoffice/",
    ),
    ("Intune", 500, "https://learn.microsoft.com/mem/intune/"),
    ("Entra ID P1", 350, "https://learn.microsoft.com/entra/"),
    (
        "Defender for Office 365",
        400,
        "https://learn.microsoft.com/defender-office-365/",
    ),
    (
        "Defender for Endpoint",
        600,
        "https://learn.microsoft.com/defender-endpoint/",
    ),
    (
        "Purview Information Protection",
        550,
        "https://learn.microsoft.com/purview/",
    ),
    (
        "Viva Engage",
        150,
        "https://learn.microsoft.com/viva/engage/",
    ),
];
const WORKSHOPS: &[&str] = &[
    "Windows 365 Envisioning Workshop",
    "Intune Deployment Accelerator",
    "Frontline Workers Workshop",
    "Modern Endpoint Management",
];
const PARTNERS: &[(&str, &str)] = &[
    ("Contoso Cloud Partners (US)", "4412031"),
    ("Contoso Cloud Partners (EMEA)", "4412032"),
    ("Contoso Cloud Partners (APAC)", "4412033"),
];

pub struct DemoOptions {
    pub tenants: usize,
    pub seed: u64,
    /// The instant the data set is "as of": claim and referral dates lead up to it and none is
    /// after it (a referral assigned later would count down from more than its 7 days).
    pub as_of: OffsetDateTime,
}

pub struct DemoData {
    pub tenants: Vec<Tenant>,
    pub workloads: Vec<WorkloadUsage>,
    pub cloud_endpoints: Vec<CloudEndpoint>,
    pub referrals: Vec<Referral>,
    pub eligibility: Vec<shared::eligibility::EligibilityRow>,
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn weighted<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for (item, w) in items {
        if x < *w {
            return *item;
        }
        x -= w;
    }
    items[0].0
}

fn month_after(as_of: Date, months: i32) -> YearMonth {
    let total = as_of.year() * 12 + (as_of.month() as i32 - 1) + months;
    YearMonth {
        year: total.div_euclid(12),
        month: (total.rem_euclid(12) + 1) as u8,
    }
}

pub fn generate(opts: &DemoOptions) -> DemoData {
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let mut tenants = Vec::with_capacity(opts.tenants);
    let mut workloads = Vec::new();
    let mut cloud_endpoints = Vec::new();
    let mut referrals = Vec::new();
    let mut claim_seq = 100_000u64;
    let as_of_time = opts.as_of;
    let as_of = opts.as_of.date();

    for i in 0..opts.tenants {
        let id = TenantId(uuid::Builder::from_random_bytes(rng.random()).into_uuid());
        let prefix = pick(&mut rng, PREFIXES);
        let suffix = pick(&mut rng, SUFFIXES);
        // The index keeps names unique at any size, as real tenant names are.
        let name = if i < PREFIXES.len() * 4 {
            format!("{prefix} {suffix}")
        } else {
            format!("{prefix} {suffix} {}", i / 97 + 1)
        };
        let slug: String = name
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        let segment = weighted(
            &mut rng,
            &[
                (Segment::Enterprise, 36),
                (Segment::Smc, 30),
                (Segment::Smb, 14),
                (Segment::SmeC, 6),
                (Segment::Edu, 9),
                (Segment::Gov, 5),
            ],
        );
        let licenses: u64 = match segment {
            Segment::Enterprise => rng.random_range(300..25_000),
            Segment::Smc | Segment::SmeC => rng.random_range(60..3_000),
            Segment::Smb => rng.random_range(10..400),
            Segment::Edu | Segment::Gov => rng.random_range(100..8_000),
        };
        let (partner_name, mpn) = *pick(&mut rng, PARTNERS);
        let csp = rng.random_bool(0.55);
        let tenant = Tenant {
            id,
            name: name.clone().into(),
            domain: format!("{slug}{i}.onmicrosoft.com").into(),
            tpid: Tpid::from(format!(
                "{}",
                10_000_000 + i as u64 * 7 + rng.random_range(0..7u64)
            )),
            customer_name: format!("{prefix} {suffix} Group").into(),
            country: std::sync::Arc::from(*pick(&mut rng, COUNTRIES)),
            segment,
            sub_segment: std::sync::Arc::from(*pick(&mut rng, SUB_SEGMENTS)),
            industry: std::sync::Arc::from(*pick(&mut rng, INDUSTRIES)),
            m365_licenses: licenses,
            ea_renewal: rng
                .random_bool(0.35)
                .then(|| month_after(as_of, rng.random_range(1..=18))),
            csp_renewal: (csp && rng.random_bool(0.8))
                .then(|| month_after(as_of, rng.random_range(1..=12))),
            partner_name: partner_name.into(),
            mpn_id: MpnId::from(mpn),
            cpor_association: true,
            csp_association: csp,
            csp_tier: csp.then(|| {
                if rng.random_bool(0.6) {
                    CspTier::T1
                } else {
                    CspTier::T2
                }
            }),
            t2_reseller: String::new().into(),
        };
        let mut tenant = tenant;
        if tenant.csp_tier == Some(CspTier::T2) {
            tenant.t2_reseller = format!("{} Reseller", pick(&mut rng, PREFIXES)).into();
        }

        // Workloads: a tenant licenses one main SKU; about 7–8 CPOR workloads each.
        let sku = weighted(&mut rng, &[(0u8, 30), (1, 35), (2, 28), (3, 7)]);
        let sku = match sku {
            0 => Sku::Office365,
            1 => Sku::E3,
            2 => Sku::E5,
            _ => Sku::Other("Business Premium".into()),
        };
        let count = rng.random_range(5..=WORKLOADS.len());
        let mut chosen: Vec<usize> = (0..WORKLOADS.len()).collect();
        for k in 0..count {
            let j = rng.random_range(k..chosen.len());
            chosen.swap(k, j);
        }
        chosen.truncate(count);
        chosen.sort_unstable();
        // Partner Center only serves tenants the partner is associated with, so every demo
        // tenant carries at least one of our claims; other partners' claims stay per workload.
        let mut any_ours = false;
        for (k, &wi) in chosen.iter().enumerate() {
            let (wname, rate, link) = WORKLOADS[wi];
            let pau = if rng.random_bool(0.12) {
                rng.random_range(0..150)
            } else {
                ((licenses as f64) * rng.random_range(0.4..1.0)) as u64
            };
            let usage: f64 = rng.random_range(0.02..1.08);
            let mau = ((pau as f64) * usage) as u64;
            let claimed_by = if k + 1 == chosen.len() && !any_ours {
                Some(ClaimedBy::Us)
            } else {
                weighted(
                    &mut rng,
                    &[
                        (Some(ClaimedBy::Us), 55),
                        (None, 30),
                        (Some(ClaimedBy::Other), 15),
                    ],
                )
            };
            any_ours |= claimed_by == Some(ClaimedBy::Us);
            let claimed = claimed_by.is_some();
            let claim_number = claimed.then(|| {
                claim_seq += rng.random_range(1..40);
                ClaimNumber::from(format!("CPOR-{claim_seq}"))
            });
            let claim_date = claimed.then(|| as_of - Duration::days(rng.random_range(3..730)));
            let starting = rng
                .random_bool(0.7)
                .then(|| (pau as f64 * rng.random_range(0.2..0.9)) as u64);
            let prior = (starting.is_some() && rng.random_bool(0.5))
                .then(|| (pau as f64 * rng.random_range(0.3..1.05)) as u64);
            let sold = pau + rng.random_range(0..(pau / 5 + 2));
            workloads.push(WorkloadUsage {
                tenant_id: id,
                workload: Workload::new(wname),
                sku: sku.clone(),
                mau,
                pau,
                claim_number,
                claimed_by,
                claim_date,
                incentivized: claimed && rng.random_bool(0.6),
                rate_per_unit: Some(Money::from_cents(rate)),
                starting_hwm: starting,
                prior_hwm: prior,
                total_entitlements: pau,
                active_entitlements: ((pau as f64) * rng.random_range(0.3..1.1)) as u64,
                assigned_licenses: pau.min(sold),
                sold_licenses: sold,
                resources: link.into(),
            });
        }

        if rng.random_bool(0.7) {
            let me5 = if sku == Sku::E5 {
                (licenses as f64 * rng.random_range(0.5..1.0)) as u64
            } else {
                rng.random_range(0..licenses / 10 + 1)
            };
            let me3 = if sku == Sku::E3 {
                (licenses as f64 * rng.random_range(0.5..1.0)) as u64
            } else {
                rng.random_range(0..licenses / 8 + 1)
            };
            let f3 = if rng.random_bool(0.4) {
                rng.random_range(1..licenses / 3 + 2)
            } else {
                0
            };
            let eligible = me5 + me3 + f3;
            let w365_pau = if rng.random_bool(0.45) {
                0
            } else {
                rng.random_range(1..(eligible / 3 + 2))
            };
            let intune_pau = (eligible as f64 * rng.random_range(0.5..1.0)) as u64;
            let entra_pau = (eligible as f64 * rng.random_range(0.6..1.0)) as u64;
            let n_workshops = weighted(&mut rng, &[(0usize, 40), (1, 40), (2, 20)]);
            let mut mci: Vec<String> = Vec::new();
            for _ in 0..n_workshops {
                let w = pick(&mut rng, WORKSHOPS).to_string();
                if !mci.contains(&w) {
                    mci.push(w);
                }
            }
            let estimate = if mci.is_empty() {
                0
            } else {
                rng.random_range(5..250) * 10_000
            };
            cloud_endpoints.push(CloudEndpoint {
                tenant_id: id,
                me5_seats: me5,
                me3_seats: me3,
                f3_seats: f3,
                w365_pau,
                w365_mau: (w365_pau as f64 * rng.random_range(0.3..1.05)) as u64,
                intune_pau,
                intune_mau: (intune_pau as f64 * rng.random_range(0.05..1.0)) as u64,
                entra_pau,
                entra_mau: (entra_pau as f64 * rng.random_range(0.2..1.0)) as u64,
                windows_pau: (licenses as f64 * rng.random_range(0.5..1.0)) as u64,
                mci_eligibility: mci,
                mci_estimate: Some(Money::from_cents(estimate)),
                intune_cpor_eligible: rng.random_bool(0.7),
                w365_cpor_eligible: rng.random_bool(0.5),
            });
        }

        if rng.random_bool(0.1) {
            let assigned_at: OffsetDateTime =
                as_of_time - Duration::minutes(rng.random_range(30..(20 * 24 * 60)));
            let acceptance = weighted(
                &mut rng,
                &[
                    (Acceptance::Pending, 45),
                    (Acceptance::Accepted, 40),
                    (Acceptance::Declined, 15),
                ],
            );
            let status = match acceptance {
                Acceptance::Pending => "New",
                Acceptance::Accepted => *pick(
                    &mut rng,
                    &[
                        "Engaged",
                        "Onboarding",
                        "Deployment in progress",
                        "Completed",
                    ],
                ),
                Acceptance::Declined => "Closed",
            };
            let mut rfa: Vec<String> = chosen
                .iter()
                .take(rng.random_range(1..=3))
                .map(|&wi| WORKLOADS[wi].0.to_string())
                .collect();
            rfa.dedup();
            referrals.push(Referral {
                id: ReferralId::from(format!("RFA-{:06}", 300_000 + i)),
                tenant_id: id,
                source: pick(
                    &mut rng,
                    &[
                        "FastTrack",
                        "Microsoft seller",
                        "Partner Center",
                        "Customer request",
                    ],
                )
                .to_string(),
                rfa_workloads: rfa,
                assigned_at,
                acceptance,
                status: status.to_string(),
                au_at_referral: rng
                    .random_bool(0.7)
                    .then(|| Ratio((rng.random_range(0..1000) as f64) / 1000.0)),
            });
        }
        tenants.push(tenant);
    }
    DemoData {
        eligibility: eligibility::generate(&tenants, opts.seed, as_of),
        tenants,
        workloads,
        cloud_endpoints,
        referrals,
    }
}

fn write_file<T>(
    dir: &Path,
    file: ImportFile,
    rows: &[T],
    record: fn(&T) -> Vec<String>,
) -> std::io::Result<()> {
    let mut w = csv::Writer::from_path(dir.join(file.file_name()))?;
    w.write_record(file.columns())?;
    for r in rows {
        w.write_record(record(r))?;
    }
    w.flush()
}

/// Writes the data set as an import folder (tenants, workloads, cloud endpoints, referrals,
/// eligibility; no tipping_points.csv or solutions_partner.csv, so the shipped default tables
/// apply).
pub fn write(data: &DemoData, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    write_file(
        dir,
        ImportFile::Tenants,
        &data.tenants,
        import::tenant_record,
    )?;
    write_file(
        dir,
        ImportFile::Workloads,
        &data.workloads,
        import::workload_record,
    )?;
    write_file(
        dir,
        ImportFile::CloudEndpoints,
        &data.cloud_endpoints,
        import::cloud_endpoint_record,
    )?;
    write_file(
        dir,
        ImportFile::Referrals,
        &data.referrals,
        import::referral_record,
    )?;
    write_file(
        dir,
        ImportFile::Eligibility,
        &data.eligibility,
        import::eligibility_record,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests;
