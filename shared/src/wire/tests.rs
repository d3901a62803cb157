use super::*;
use crate::eligibility::*;
use crate::ids::{ClaimNumber, MpnId, ReferralId, TenantId, Tpid};
use crate::model::*;
use crate::money::Money;
use crate::ratio::Ratio;
use crate::rules::eligibility::Setting;
use crate::snapshot::Snapshot;
use crate::testdata;
use proptest::prelude::*;
use proptest::sample::select;
use time::{Date, OffsetDateTime, UtcOffset};
use uuid::Uuid;

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "",
            "Contoso",
            "Fabrikam",
            "Zürich AG",
            "=cmd|' /C calc'!A0"
        ])
        .prop_map(str::to_string),
        "\\PC{0,12}",
    ]
}

fn any_id() -> impl Strategy<Value = TenantId> {
    // Few distinct IDs, so workloads share tenants as they do in real data.
    (0u128..6).prop_map(|n| TenantId(Uuid::from_u128(n * 0x1234_5678_9abc_def0_1111)))
}

fn any_sku() -> impl Strategy<Value = Sku> {
    prop_oneof![
        select(Sku::MODELLED.to_vec()),
        any_text().prop_map(Sku::Other),
    ]
}

fn any_month() -> impl Strategy<Value = Option<YearMonth>> {
    proptest::option::of(
        (1990i32..2100, 1u8..=12).prop_map(|(year, month)| YearMonth { year, month }),
    )
}

fn any_date() -> impl Strategy<Value = Date> {
    (2_400_000i32..2_500_000).prop_map(|d| Date::from_julian_day(d).unwrap())
}

fn any_instant() -> impl Strategy<Value = OffsetDateTime> {
    (0i64..4_000_000_000, 0u32..1_000_000_000, -50_000i32..50_000).prop_map(|(s, n, o)| {
        OffsetDateTime::from_unix_timestamp(s)
            .unwrap()
            .replace_nanosecond(n)
            .unwrap()
            .to_offset(UtcOffset::from_whole_seconds(o).unwrap())
    })
}

fn any_ratio() -> impl Strategy<Value = Ratio> {
    prop_oneof![select(vec![0.0, -0.0, 1.0, 0.635]), -1e9f64..1e9].prop_map(Ratio)
}

fn any_tenant() -> impl Strategy<Value = Tenant> {
    (
        (
            any_id(),
            any_text(),
            any_text(),
            any_text(),
            testdata::any_segment(),
        ),
        (
            any::<u64>(),
            any_month(),
            any_month(),
            any_text(),
            any::<bool>(),
            any::<bool>(),
        ),
        proptest::option::of(select(CspTier::ALL.to_vec())),
    )
        .prop_map(
            |((id, name, country, mpn, segment), (lic, ea, csp, t2, cpor, cspa), tier)| {
                let mut t = testdata::tenant(1, "x", segment);
                t.id = id;
                t.name = name.clone().into();
                t.customer_name = name.into();
                t.country = country.into();
                t.tpid = Tpid::from(mpn.clone());
                t.mpn_id = MpnId::from(mpn);
                (t.m365_licenses, t.ea_renewal, t.csp_renewal) = (lic, ea, csp);
                t.t2_reseller = t2.into();
                (t.cpor_association, t.csp_association, t.csp_tier) = (cpor, cspa, tier);
                t
            },
        )
}

fn any_workload() -> impl Strategy<Value = WorkloadUsage> {
    (
        (any_id(), any_text(), any_sku(), any::<u64>(), any::<u64>()),
        proptest::option::of(any_text().prop_map(ClaimNumber::from)),
        proptest::option::of(select(ClaimedBy::ALL.to_vec())),
        proptest::option::of(any_date()),
        (
            any::<bool>(),
            proptest::option::of(any::<i64>().prop_map(Money)),
        ),
        (
            proptest::option::of(any::<u64>()),
            proptest::option::of(0u64..10),
        ),
        (any::<u64>(), 0u64..100, any_text()),
    )
        .prop_map(
            |(
                (tenant, name, sku, mau, pau),
                number,
                by,
                date,
                (inc, rate),
                (shwm, phwm),
                (ent, act, res),
            )| {
                let mut w = testdata::workload(
                    &testdata::tenant(1, "x", Segment::Smb),
                    "x",
                    mau,
                    pau,
                    by,
                    date,
                );
                (w.tenant_id, w.workload, w.sku, w.claim_number) =
                    (tenant, Workload(name.into()), sku, number);
                (w.incentivized, w.rate_per_unit, w.starting_hwm, w.prior_hwm) =
                    (inc, rate, shwm, phwm);
                (w.total_entitlements, w.active_entitlements, w.resources) = (ent, act, res.into());
                w
            },
        )
}

fn any_endpoint() -> impl Strategy<Value = CloudEndpoint> {
    (
        testdata::any_endpoint(),
        any_id(),
        proptest::collection::vec(any_text(), 0..3),
        proptest::option::of(any::<i64>().prop_map(Money)),
        any::<bool>(),
    )
        .prop_map(|(mut e, id, elig, est, w365)| {
            (
                e.tenant_id,
                e.mci_eligibility,
                e.mci_estimate,
                e.w365_cpor_eligible,
            ) = (id, elig, est, w365);
            e
        })
}

fn any_referral() -> impl Strategy<Value = Referral> {
    (
        (
            any_text(),
            any_id(),
            any_text(),
            proptest::collection::vec(any_text(), 0..3),
        ),
        (any_instant(), select(Acceptance::ALL.to_vec()), any_text()),
        proptest::option::of(any_ratio()),
    )
        .prop_map(
            |((id, tenant_id, source, rfa_workloads), (assigned_at, acceptance, status), au)| {
                Referral {
                    id: ReferralId::from(id),
                    tenant_id,
                    source,
                    rfa_workloads,
                    assigned_at,
                    acceptance,
                    status,
                    au_at_referral: au,
                }
            },
        )
}

fn any_tipping_point() -> impl Strategy<Value = TippingPoint> {
    (any_text(), testdata::any_segment(), any_sku(), any_ratio()).prop_map(
        |(w, segment, sku, r)| TippingPoint {
            workload: Workload(w.into()),
            segment,
            sku,
            tipping_point: r,
        },
    )
}

fn any_eligibility() -> impl Strategy<Value = EligibilityRow> {
    let money = || proptest::option::of(any::<i64>().prop_map(Money));
    (
        (
            any_text(),
            any_text(),
            any_id(),
            select(Designation::ALL.to_vec()),
            any_text(),
            select(AssociationType::ALL.to_vec()),
        ),
        (
            any::<u64>(),
            any::<i64>(),
            select(NetQualified::ALL.to_vec()),
            proptest::option::of(any_date()),
        ),
        (money(), any::<u64>(), any::<u64>(), money(), any::<i64>()),
    )
        .prop_map(
            |(
                (tpid, customer_name, tenant_id, designation, workload, association),
                (pau, mau_growth, net_qualified, qualified_deployment),
                (active_subscription, usage_baseline, usage_current, acr_12_months, mpu_growth),
            )| EligibilityRow {
                tpid: Tpid::from(tpid),
                customer_name: customer_name.into(),
                tenant_id,
                designation,
                workload: Workload(workload.into()),
                association,
                pau,
                mau_growth,
                net_qualified,
                qualified_deployment,
                active_subscription,
                usage_baseline,
                usage_current,
                acr_12_months,
                mpu_growth,
            },
        )
}

fn any_setting() -> impl Strategy<Value = SolutionsPartnerSetting> {
    (
        select(SolutionArea::ALL.to_vec()),
        select(Setting::ALL.to_vec()),
        any_text(),
    )
        .prop_map(|(area, setting, value)| SolutionsPartnerSetting {
            area,
            setting,
            value,
        })
}

pub(crate) fn any_snapshot() -> impl Strategy<Value = Snapshot> {
    (
        proptest::collection::vec(any_tenant(), 0..8),
        proptest::collection::vec(any_workload(), 0..40),
        proptest::collection::vec(any_tipping_point(), 0..5),
        proptest::collection::vec(any_endpoint(), 0..5),
        proptest::collection::vec(any_referral(), 0..5),
        proptest::collection::vec(any_eligibility(), 0..6),
        proptest::collection::vec(any_setting(), 0..3),
    )
        .prop_map(
            |(
                tenants,
                workloads,
                tipping_points,
                cloud_endpoints,
                referrals,
                eligibility,
                solutions_partner,
            )| Snapshot {
                tenants,
                workloads,
                tipping_points,
                cloud_endpoints,
                referrals,
                eligibility,
                solutions_partner,
            },
        )
}

/// A snapshot of `n` workload rows, four per tenant: several blocks per table.
fn big_snapshot(n: usize) -> Snapshot {
    let tenants: Vec<Tenant> = (0..n.div_ceil(4))
        .map(|i| testdata::tenant(i as u128, &format!("Tenant {i}"), Segment::ALL[i % 6]))
        .collect();
    let workloads = (0..n)
        .map(|i| {
            let mut w = testdata::workload(
                &tenants[i / 4],
                ["Teams", "Exchange", "SharePoint", "Intune"][i % 4],
                i as u64,
                2 * i as u64,
                None,
                None,
            );
            w.rate_per_unit = (i % 3 != 0).then_some(Money(i as i64));
            w
        })
        .collect();
    Snapshot {
        tenants,
        workloads,
        ..Snapshot::default()
    }
}

proptest! {
    #[test]
    fn snapshot_survives_the_wire(s in any_snapshot()) {
        let ds = Dataset::from_snapshot(&s);
        prop_assert_eq!(&ds.to_snapshot(), &s);
        prop_assert_eq!(decode(&encode(&ds)).unwrap(), s);
    }

    /// However the bytes are cut, the decoder gives the same records, and its progress only
    /// grows.
    #[test]
    fn any_chunking_decodes_the_same(s in any_snapshot(), cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..12)) {
        let ds = Dataset::from_snapshot(&s);
        let bytes = encode(&ds);
        let mut at: Vec<usize> = cuts.iter().map(|i| i.index(bytes.len() + 1)).collect();
        at.push(0);
        at.push(bytes.len());
        at.sort();
        let mut d = Decoder::new();
        let mut last = 0;
        for w in at.windows(2) {
            let p = d.feed(&bytes[w[0]..w[1]]).unwrap();
            prop_assert!(p.rows >= last);
            last = p.rows;
        }
        prop_assert_eq!(d.finish().unwrap(), s);
    }

    /// Any prefix short of the whole stream is an error (never a panic), and any single
    /// flipped byte is an error too (checksums), never a different dataset — eligibility
    /// decoded with the rest or kept for later alike.
    #[test]
    fn damage_is_an_error(s in any_snapshot(), cut in any::<prop::sample::Index>(), bit in 0u8..8) {
        let bytes = encode(&Dataset::from_snapshot(&s));
        let at = cut.index(bytes.len());
        prop_assert!(decode(&bytes[..at]).is_err());
        let mut flipped = bytes.clone();
        flipped[at] ^= 1 << bit;
        prop_assert!(decode(&flipped).is_err());
        let mut d = Decoder::deferring_eligibility();
        prop_assert!(d.feed(&flipped).is_err() || d.finish().is_err());
    }

    /// Eligibility kept for later: the snapshot without it, then exactly its records, however
    /// the bytes are cut; `finish` gives the whole snapshot.
    #[test]
    fn deferred_eligibility_decodes_the_same(s in any_snapshot(), cut in any::<prop::sample::Index>()) {
        let bytes = encode(&Dataset::from_snapshot(&s));
        let at = cut.index(bytes.len() + 1);
        let mut d = Decoder::deferring_eligibility();
        d.feed(&bytes[..at]).unwrap();
        let p = d.feed(&bytes[at..]).unwrap();
        prop_assert_eq!(Some(p.rows), p.total);
        let (rest, deferred) = d.finish_deferred().unwrap();
        let deferred = deferred.expect("kept");
        let mut without = s.clone();
        let eligibility = std::mem::take(&mut without.eligibility);
        prop_assert_eq!(rest, without);
        prop_assert_eq!(deferred.decode().unwrap(), eligibility.clone());
        // Again: decoding is repeatable.
        prop_assert_eq!(deferred.decode().unwrap(), eligibility);
        let mut d = Decoder::deferring_eligibility();
        d.feed(&bytes).unwrap();
        prop_assert_eq!(d.finish().unwrap(), s);
    }
}

#[test]
fn eligibility_is_the_table_kept_for_later() {
    assert_eq!(TABLES[ELIGIBILITY], "eligibility");
    // A decoder that keeps nothing for later hands nothing back.
    let s = big_snapshot(40);
    let mut d = Decoder::new();
    d.feed(&encode(&Dataset::from_snapshot(&s))).unwrap();
    let (all, deferred) = d.finish_deferred().unwrap();
    assert!(deferred.is_none());
    assert_eq!(all, s);
}

#[test]
fn header_bytes_are_pinned() {
    let counts = [2u64, 300, 0, 1, 5];
    let mut expected = b"\x89INSNAP\n".to_vec();
    expected.extend_from_slice(&[1, 0]); // version 1
    expected.extend_from_slice(&schema_id().to_le_bytes());
    expected.extend_from_slice(&[5, 2, 0xac, 0x02, 0, 1, 5]); // 5 tables; 300 = ac 02
    let crc = crc32(&expected);
    expected.extend_from_slice(&crc.to_le_bytes());
    assert_eq!(header(&counts), expected);
    // The schema fingerprint changes only with the layout in `dataset::tables!`: a change
    // here is a format change (the app and server must be rebuilt together).
    assert_eq!(schema_id(), 0x37fe_dc0b, "schema fingerprint");
}

#[test]
fn large_tables_span_blocks_and_report_progress() {
    let s = big_snapshot(BLOCK_ROWS * 2 + 10);
    let ds = Dataset::from_snapshot(&s);
    let chunks: Vec<Vec<u8>> = Encoder::new(&ds).collect();
    // header, tenants (1 block), workloads (3 blocks)
    assert_eq!(chunks.len(), 5);
    let mut d = Decoder::new();
    let seen: Vec<Progress> = chunks.iter().map(|c| d.feed(c).unwrap()).collect();
    let total = Some(ds.rows());
    let tenants = (BLOCK_ROWS * 2 + 10).div_ceil(4) as u64;
    assert_eq!(seen[0], Progress { rows: 0, total });
    assert_eq!(
        seen[1],
        Progress {
            rows: tenants,
            total
        }
    );
    assert_eq!(
        seen[2],
        Progress {
            rows: tenants + BLOCK_ROWS as u64,
            total
        }
    );
    assert_eq!(seen[4].rows, ds.rows());
    assert_eq!(d.finish().unwrap(), s);
}

#[test]
fn wrong_streams_are_named_errors() {
    let s = big_snapshot(40);
    let bytes = encode(&Dataset::from_snapshot(&s));
    assert_eq!(decode(b"{\"tenants\": []}"), Err(WireError::BadMagic));
    assert_eq!(
        decode(b""),
        Err(WireError::Truncated {
            rows: 0,
            total: 0,
            pending: 0
        })
    );
    let mut v2 = bytes.clone();
    v2[8] = 2;
    assert_eq!(
        decode(&v2),
        Err(WireError::Version {
            found: 2,
            expected: VERSION
        })
    );
    let mut other = bytes.clone();
    other[10] ^= 0xff;
    assert!(matches!(decode(&other), Err(WireError::Schema { .. })));
    let cut = decode(&bytes[..bytes.len() - 3]);
    assert_eq!(
        cut,
        Err(WireError::Truncated {
            rows: 10,
            total: 50,
            pending: bytes.len()
                - 3
                - header(&[10, 40, 0, 0, 0, 0, 0]).len()
                - block_len(&bytes, 1)
        })
    );
    let mut extra = bytes.clone();
    extra.push(0);
    let at = bytes.len() as u64;
    assert_eq!(
        decode(&extra),
        Err(WireError::Corrupt {
            offset: at,
            what: "bytes after the last block".into()
        })
    );
    // A block whose checksum is right but whose data is not: a dictionary code out of range.
    let tampered = retamper(&bytes);
    let err = decode(&tampered).unwrap_err().to_string();
    assert!(
        err.contains("tenants.id: a dictionary code is outside its 10 entries"),
        "{err}"
    );
}

/// Length of the `n`-th chunk of the stream (0: the header).
fn block_len(bytes: &[u8], n: usize) -> usize {
    let ds = Dataset::from_snapshot(&decode(bytes).unwrap());
    Encoder::new(&ds).nth(n).unwrap().len()
}

/// The stream with the first tenant block's last code changed to point past the dictionary,
/// its checksum recomputed.
fn retamper(bytes: &[u8]) -> Vec<u8> {
    let ds = Dataset::from_snapshot(&decode(bytes).unwrap());
    let mut chunks: Vec<Vec<u8>> = Encoder::new(&ds).collect();
    let block = &mut chunks[1];
    // tenants.id is the first column: 10 entries of 16 bytes, then 10 codes (delta 1 each,
    // zigzag 2); make the first code 10 (zigzag 20).
    let payload_start = 1 + 1 + 2; // table, rows, length (two bytes)
    let first_code = payload_start + 1 + 10 * 16;
    assert_eq!(block[first_code], 0, "first code is 0");
    block[first_code] = 20;
    let end = block.len() - 4;
    let crc = crc32(&block[..end]);
    block[end..].copy_from_slice(&crc.to_le_bytes());
    chunks.concat()
}
