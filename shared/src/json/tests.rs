//! Golden values of every contract form, the round trip of a whole snapshot, and what is
//! refused.

use super::*;
use crate::edits::notes::{Note, NoteDraft, NoteKind};
use crate::edits::referral::ReferralDecision;
use crate::ids::{ClaimNumber, ReferralId};
use crate::model::*;
use crate::ratio::Ratio;
use crate::snapshot::Snapshot;
use crate::testdata;
use proptest::prelude::*;
use serde_json::{json, Value};
use time::macros::{date, datetime};

fn snapshot() -> Snapshot {
    let mut t = testdata::tenant(7, "Contoso", Segment::SmeC);
    t.ea_renewal = YearMonth::parse("2027-04");
    t.csp_tier = Some(CspTier::T2);
    let mut w = testdata::workload(&t, "Teams", 40, 100, Some(ClaimedBy::Us), None);
    w.sku = Sku::Office365;
    w.claim_date = Some(date!(2025 - 04 - 23));
    w.claim_number = Some(ClaimNumber("C-1".into()));
    w.rate_per_unit = Some(Money(123450));
    let mut other = testdata::workload(&t, "Intune", 1, 2, None, None);
    other.sku = Sku::Other("Business Premium".into());
    other.rate_per_unit = None;
    let mut c = testdata::cloud_endpoint(&t);
    c.mci_estimate = Some(Money(-310));
    Snapshot {
        tipping_points: vec![TippingPoint {
            workload: Workload::new("Teams"),
            segment: Segment::SmeC,
            sku: Sku::Office365,
            tipping_point: Ratio(0.35),
        }],
        referrals: vec![Referral {
            id: ReferralId("RFA-1".into()),
            tenant_id: t.id,
            source: "FastTrack".into(),
            rfa_workloads: vec!["Teams".into()],
            assigned_at: datetime!(2026-11-02 09:30 UTC),
            acceptance: Acceptance::Declined,
            status: String::new(),
            au_at_referral: None,
        }],
        tenants: vec![t],
        workloads: vec![w, other],
        cloud_endpoints: vec![c],
        ..Snapshot::default()
    }
}

#[test]
fn snapshot_values_are_in_the_contract_forms() {
    let v = serde_json::to_value(snapshot()).unwrap();
    let golden: &[(&str, Value)] = &[
        ("/tenants/0/segment", json!("SME&C")),
        ("/tenants/0/ea_renewal", json!("2027-04")),
        ("/tenants/0/csp_renewal", Value::Null),
        ("/tenants/0/csp_tier", json!("T2")),
        ("/workloads/0/sku", json!("Office 365")),
        ("/workloads/0/claimed_by", json!("Us")),
        ("/workloads/0/claim_date", json!("2025-04-23")),
        ("/workloads/0/rate_per_unit", json!("1234.50")),
        ("/workloads/1/sku", json!("Business Premium")),
        ("/workloads/1/claim_date", Value::Null),
        ("/tipping_points/0/segment", json!("SME&C")),
        ("/tipping_points/0/tipping_point", json!(0.35)),
        ("/cloud_endpoints/0/mci_estimate", json!("-3.10")),
        ("/referrals/0/assigned_at", json!("2026-11-02T09:30:00Z")),
        ("/referrals/0/acceptance", json!("Declined")),
    ];
    for (pointer, want) in golden {
        assert_eq!(v.pointer(pointer), Some(want), "{pointer}");
    }
    // An absent revenue figure (a Report viewer's answer) is no key at all.
    assert_eq!(v.pointer("/workloads/1/rate_per_unit"), None);
}

#[test]
fn a_snapshot_reads_back_as_it_was_sent() {
    let s = snapshot();
    let text = serde_json::to_string(&s).unwrap();
    assert_eq!(serde_json::from_str::<Snapshot>(&text).unwrap(), s);
}

#[test]
fn partner_records_are_in_the_contract_forms() {
    let note = Note {
        id: 3,
        tenant_id: testdata::tenant(7, "Contoso", Segment::Smb).id,
        kind: NoteKind::ReferralEdit,
        author: "ana".into(),
        created_at: datetime!(2026-03-09 08:05:30 UTC),
        content: NoteDraft {
            text: "Kick-off".into(),
            next_action: "Call".into(),
            next_action_date: Some(date!(2026 - 03 - 20)),
            ..NoteDraft::default()
        },
        referral_id: None,
        changes: Vec::new(),
    };
    let v = serde_json::to_value(&note).unwrap();
    assert_eq!(v["kind"], json!("Referral edit"));
    assert_eq!(v["created_at"], json!("2026-03-09T08:05:30Z"));
    assert_eq!(v["next_action_date"], json!("2026-03-20"));
    assert_eq!(serde_json::from_value::<Note>(v).unwrap(), note);

    let decision = ReferralDecision {
        acceptance: Acceptance::Accepted,
        decline_reason: None,
        status: "Engaged".into(),
        value_added_services_sold: String::new(),
        services_estimated_value: Some(Money(250000)),
    };
    let v = serde_json::to_value(&decision).unwrap();
    assert_eq!(v["services_estimated_value"], json!("2500.00"));
    assert_eq!(
        serde_json::from_value::<ReferralDecision>(v).unwrap(),
        decision
    );
}

#[test]
fn every_label_is_its_json_and_reads_back() {
    fn check<T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
        all: &[T],
        label: impl Fn(&T) -> &str,
    ) {
        for v in all {
            let j = serde_json::to_value(v).unwrap();
            assert_eq!(j, json!(label(v)));
            assert_eq!(&serde_json::from_value::<T>(j).unwrap(), v);
        }
    }
    check(Segment::ALL, |v| v.label());
    check(ClaimedBy::ALL, |v| v.label());
    check(CspTier::ALL, |v| v.label());
    check(Acceptance::ALL, |v| v.label());
    check(NoteKind::ALL, |v| v.label());
    check(
        &[Sku::Office365, Sku::E3, Sku::E5, Sku::Other("F1".into())],
        |v| v.label(),
    );
}

#[test]
fn anything_but_the_contract_form_is_refused() {
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct D {
        #[serde(with = "crate::json::date")]
        d: Date,
    }
    for bad in [
        json!([2025, 113]),
        json!("2025-4-23"),
        json!(" 2025-04-23"),
        json!("2025-02-30"),
        json!("23/04/2025"),
        json!(""),
    ] {
        assert!(
            serde_json::from_value::<D>(json!({ "d": bad })).is_err(),
            "date {bad}"
        );
    }
    for bad in [
        json!({"year": 2027, "month": 4}),
        json!("2027-4"),
        json!("2027-13"),
        json!(" 2027-04"),
    ] {
        assert!(
            serde_json::from_value::<YearMonth>(bad.clone()).is_err(),
            "month {bad}"
        );
    }
    for bad in [
        json!(123450),
        json!("1234.5"),
        json!("1,234.50"),
        json!("$4.50"),
        json!("4"),
        json!("1234.500"),
        json!("+1.00"),
        json!("1234567890123456.00"),
        json!(".50"),
    ] {
        assert!(
            serde_json::from_value::<Money>(bad.clone()).is_err(),
            "money {bad}"
        );
    }
    for bad in [json!("SmeC"), json!("sme&c"), json!("ENT"), json!(3)] {
        assert!(
            serde_json::from_value::<Segment>(bad.clone()).is_err(),
            "segment {bad}"
        );
    }
    assert!(serde_json::from_value::<NoteKind>(json!("Status")).is_err());
}

#[test]
fn an_optional_date_is_a_date_or_null() {
    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct D {
        #[serde(with = "crate::json::opt_date")]
        d: Option<Date>,
    }
    let some = D {
        d: Some(date!(2026 - 03 - 01)),
    };
    assert_eq!(
        serde_json::to_string(&some).unwrap(),
        r#"{"d":"2026-03-01"}"#
    );
    assert_eq!(
        serde_json::from_str::<D>(r#"{"d":"2026-03-01"}"#).unwrap(),
        some
    );
    assert_eq!(
        serde_json::to_string(&D { d: None }).unwrap(),
        r#"{"d":null}"#
    );
    assert_eq!(
        serde_json::from_str::<D>(r#"{"d":null}"#).unwrap(),
        D { d: None }
    );
    assert!(serde_json::from_str::<D>(r#"{"d":""}"#).is_err());
}

#[test]
fn the_rust_names_of_old_records_map_to_the_labels() {
    assert_eq!(Segment::from_rust_name("SmeC"), Some(Segment::SmeC));
    assert_eq!(Segment::from_rust_name("Smc"), Some(Segment::Smc));
    assert_eq!(NoteKind::from_rust_name("Status"), Some(NoteKind::Status));
    assert_eq!(Segment::from_rust_name("SME&C"), None);
}

/// The largest amount the pattern allows: 15 whole digits and two decimals.
const MAX_CENTS: i64 = 99_999_999_999_999_999;

proptest! {
    #[test]
    fn money_round_trips_and_matches_its_pattern(cents in -MAX_CENTS..=MAX_CENTS) {
        let m = Money(cents);
        let j = serde_json::to_value(m).unwrap();
        let text = j.as_str().unwrap().to_string();
        prop_assert!(money_text(&text).is_some(), "{text}");
        prop_assert_eq!(serde_json::from_value::<Money>(j).unwrap(), m);
    }

    #[test]
    fn dates_and_months_round_trip(day in 0i32..3_000_000) {
        let d = Date::from_julian_day(day + 1_721_426).unwrap(); // from 0001-01-01
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct D {
            #[serde(with = "crate::json::date")]
            d: Date,
            m: YearMonth,
        }
        let v = D { d, m: YearMonth { year: d.year(), month: d.month() as u8 } };
        let text = serde_json::to_string(&v).unwrap();
        prop_assert_eq!(serde_json::from_str::<D>(&text).unwrap(), v);
    }
}
