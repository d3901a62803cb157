use super::*;
use crate::edits::contacts::{Contact, ContactDraft, ContactType};
use crate::edits::notes::{Note, NoteDraft, NoteKind};
use crate::edits::referral::{FieldChange, ReferralDecision};
use crate::edits::views::ChangeLogEntry;
use crate::eligibility::{AssociationType, Designation};
use crate::ids::{MpnId, ReferralId, TenantId};
use crate::model::{Acceptance, Referral, Segment};
use crate::money::Money;
use crate::snapshot::Snapshot;
use crate::testdata::{cloud_endpoint, eligibility_row, tenant, workload};
use proptest::prelude::*;
use serde_json::{json, Value};
use time::macros::datetime;

fn claims(sub: &str, role: Role, mpn: &[&str]) -> Claims {
    Claims {
        sub: sub.into(),
        name: None,
        role,
        mpn: mpn.iter().map(|m| m.to_string()).collect(),
        exp: 2_000_000_000,
        nbf: None,
        iat: None,
        aud: None,
        iss: None,
    }
}

#[test]
fn a_viewer_sees_no_revenue_and_no_personal_data() {
    for f in Field::ALL {
        assert!(may_see(Role::Executive, f), "{f:?}");
        assert!(!may_see(Role::Viewer, f), "{f:?}");
        assert_eq!(why_hidden(Role::Viewer, f), Some(NOT_FOR_VIEWERS));
        assert_eq!(why_hidden(Role::Executive, f), None);
    }
    let revenue: Vec<Field> = Field::ALL
        .into_iter()
        .filter(|f| f.sensitivity() == Sensitivity::Revenue)
        .collect();
    assert_eq!(
        revenue,
        [
            Field::PotentialEarnings,
            Field::RatePerUnit,
            Field::MciEstimate,
            Field::ServicesEstimatedValue,
            Field::SubscriptionValue,
            Field::AzureConsumedRevenue
        ]
    );
}

#[test]
fn roles_read_as_the_token_spells_them() {
    for (text, want) in [
        ("executive", Ok(Role::Executive)),
        ("Viewer", Ok(Role::Viewer)),
        (" viewer ", Ok(Role::Viewer)),
        ("admin", Err(())),
        ("", Err(())),
    ] {
        assert_eq!(text.parse::<Role>().map_err(drop), want, "{text:?}");
    }
    let c: Claims =
        serde_json::from_value(json!({"sub": "ann", "role": "viewer", "exp": 1})).unwrap();
    assert_eq!((c.role, c.mpn.len()), (Role::Viewer, 0));
    assert!(
        serde_json::from_value::<Claims>(json!({"sub": "a", "role": "owner", "exp": 1})).is_err()
    );
    assert!(serde_json::from_value::<Claims>(json!({"sub": "a", "exp": 1})).is_err());
}

#[test]
fn claims_name_a_principal_or_say_why_not() {
    let long = "x".repeat(201);
    type Case<'a> = (Claims, Result<(&'a str, Scope), ClaimsError>);
    let cases: [Case; 6] = [
        (
            claims(" ann@partner.example ", Role::Executive, &[]),
            Ok(("ann@partner.example", Scope::Organization)),
        ),
        (
            claims("bob", Role::Viewer, &["4412031", "4412031", " 4412032"]),
            Ok((
                "bob",
                Scope::of([MpnId("4412031".into()), MpnId("4412032".into())]),
            )),
        ),
        (claims("  ", Role::Viewer, &[]), Err(ClaimsError::EmptySub)),
        (
            claims(&long, Role::Viewer, &[]),
            Err(ClaimsError::TooLong("sub")),
        ),
        (claims("c", Role::Viewer, &[""]), Err(ClaimsError::BadMpn)),
        (
            claims("c", Role::Viewer, &[&long]),
            Err(ClaimsError::BadMpn),
        ),
    ];
    for (c, want) in cases {
        let got = Principal::from_claims(&c).map(|p| (p.sub, p.scope));
        assert_eq!(got, want.map(|(s, sc)| (s.to_string(), sc)), "{c:?}");
    }
    let mut c = claims("ann", Role::Viewer, &[]);
    assert_eq!(Principal::from_claims(&c).unwrap().display_name(), "ann");
    c.name = Some(" Ann Smith ".into());
    assert_eq!(
        Principal::from_claims(&c).unwrap().display_name(),
        "Ann Smith"
    );
}

#[test]
fn scope_is_an_exact_match_on_partner_center_ids() {
    let one = Scope::of([MpnId("4412031".into())]);
    for (mpn, org, scoped) in [
        ("4412031", true, true),
        ("4412032", true, false),
        ("441203", true, false),
        ("44120311", true, false),
    ] {
        let m = MpnId(mpn.into());
        assert_eq!(Scope::Organization.contains(&m), org, "{mpn}");
        assert_eq!(one.contains(&m), scoped, "{mpn}");
    }
    assert_eq!(Scope::of([]), Scope::Organization);
    assert_eq!(Scope::Organization.label(), "Whole organization");
    assert_eq!(one.label(), "MPN 4412031");
    let two = Scope::of([MpnId("2".into()), MpnId("1".into())]);
    assert_eq!(two.label(), "MPNs 1, 2");
}

fn snapshot_of(mpns: &[&str]) -> Snapshot {
    let mut s = Snapshot::default();
    for (i, m) in mpns.iter().enumerate() {
        let mut t = tenant(i as u128 + 1, &format!("T{i}"), Segment::Enterprise);
        t.mpn_id = MpnId::from(*m);
        s.workloads.push(workload(&t, "Teams", 1, 2, None, None));
        s.cloud_endpoints.push(cloud_endpoint(&t));
        s.eligibility.push(eligibility_row(
            &t,
            Designation::Security,
            "Sentinel",
            AssociationType::Pal,
        ));
        s.referrals.push(Referral {
            id: ReferralId::from(format!("R{i}")),
            tenant_id: t.id,
            source: "FastTrack".into(),
            rfa_workloads: vec![],
            assigned_at: datetime!(2026-11-01 0:00 UTC),
            acceptance: Acceptance::Pending,
            status: String::new(),
            au_at_referral: None,
        });
        s.tenants.push(t);
    }
    s
}

proptest! {
    #[test]
    fn a_restricted_snapshot_holds_exactly_the_scope(
        mpns in proptest::collection::vec(proptest::sample::select(vec!["1", "2", "3"]), 0..12),
        granted in proptest::collection::btree_set(proptest::sample::select(vec!["1", "2", "4"]), 0..3),
    ) {
        let scope = Scope::of(granted.iter().map(|m| MpnId::from(*m)));
        let mut s = snapshot_of(&mpns);
        scope.restrict(&mut s);
        let want = mpns.iter().filter(|m| granted.is_empty() || granted.contains(*m)).count();
        prop_assert_eq!(s.tenants.len(), want);
        prop_assert!(s.tenants.iter().all(|t| scope.contains(&t.mpn_id)));
        let ids: Vec<TenantId> = s.tenants.iter().map(|t| t.id).collect();
        prop_assert_eq!(s.workloads.len(), want);
        prop_assert!(s.workloads.iter().all(|w| ids.contains(&w.tenant_id)));
        prop_assert!(s.cloud_endpoints.iter().all(|c| ids.contains(&c.tenant_id)));
        prop_assert!(s.referrals.iter().all(|r| ids.contains(&r.tenant_id)));
        prop_assert_eq!(s.referrals.len(), want);
        prop_assert!(s.eligibility.iter().all(|r| ids.contains(&r.tenant_id)));
        prop_assert_eq!(s.eligibility.len(), want);
    }
}

/// The JSON keys of `v` anywhere in it.
fn keys(v: &Value) -> Vec<String> {
    match v {
        Value::Object(m) => m
            .iter()
            .flat_map(|(k, v)| std::iter::once(k.clone()).chain(keys(v)))
            .collect(),
        Value::Array(a) => a.iter().flat_map(keys).collect(),
        _ => vec![],
    }
}

#[test]
fn a_redacted_snapshot_has_no_revenue_keys() {
    let mut s = snapshot_of(&["1"]);
    s.workloads[0].rate_per_unit = Some(Money(98_765));
    s.cloud_endpoints[0].mci_estimate = Some(Money(43_210));
    s.eligibility[0].active_subscription = Some(Money(150_100));
    s.eligibility[0].acr_12_months = Some(Money(2_500_000));
    let exec = serde_json::to_value(redacted(Role::Executive, s.clone())).unwrap();
    assert_eq!(exec["workloads"][0]["rate_per_unit"], "987.65");
    assert_eq!(exec["cloud_endpoints"][0]["mci_estimate"], "432.10");
    assert_eq!(exec["eligibility"][0]["active_subscription"], "1501.00");
    assert_eq!(exec["eligibility"][0]["acr_12_months"], "25000.00");
    let viewer = serde_json::to_value(redacted(Role::Viewer, s)).unwrap();
    let k = keys(&viewer);
    for gone in [
        "rate_per_unit",
        "mci_estimate",
        "active_subscription",
        "acr_12_months",
    ] {
        assert!(!k.iter().any(|x| x == gone), "{gone} in {viewer}");
    }
    // What the app reads back is "withheld", not zero.
    let back: Snapshot = serde_json::from_value(viewer).unwrap();
    assert_eq!(back.workloads[0].rate_per_unit, None);
    assert_eq!(back.cloud_endpoints[0].mci_estimate, None);
    assert_eq!(back.eligibility[0].active_subscription, None);
    assert_eq!(back.eligibility[0].acr_12_months, None);
}

fn referral_edit_note() -> Note {
    let changes = ReferralDecision {
        acceptance: Acceptance::Accepted,
        decline_reason: None,
        status: "Engaged".into(),
        value_added_services_sold: String::new(),
        services_estimated_value: Some(Money(250_000)),
    }
    .changes_from(&ReferralDecision {
        acceptance: Acceptance::Pending,
        decline_reason: None,
        status: "New".into(),
        value_added_services_sold: String::new(),
        services_estimated_value: None,
    });
    let id = ReferralId("RFA-9".into());
    Note {
        id: 7,
        tenant_id: TenantId(uuid::Uuid::nil()),
        kind: NoteKind::ReferralEdit,
        author: "ann@partner.example".into(),
        created_at: datetime!(2026-11-01 0:00 UTC),
        content: NoteDraft {
            text: crate::edits::referral::referral_edit_text(&id, &changes),
            next_action_owner: "Ann Smith".into(),
            ..Default::default()
        },
        referral_id: Some(id),
        changes,
    }
}

#[test]
fn a_viewer_reads_a_referral_edit_without_its_value_or_its_author() {
    let note = referral_edit_note();
    assert!(
        note.content.text.contains("2500.00"),
        "{}",
        note.content.text
    );
    let exec = redacted(Role::Executive, note.clone());
    assert_eq!(exec, note);
    let v = redacted(Role::Viewer, note);
    assert_eq!(
        v.content.text,
        "Referral RFA-9 edited: Acceptance: Pending → Accepted; Referral status: New → Engaged"
    );
    assert_eq!(v.changes.len(), 2);
    let json = serde_json::to_value(&v).unwrap();
    let k = keys(&json);
    for gone in ["author", "next_action_owner"] {
        assert!(!k.iter().any(|x| x == gone), "{gone} in {json}");
    }
    let text = json.to_string();
    for value in ["2500.00", "250000", "ann@partner.example", "Ann Smith"] {
        assert!(!text.contains(value), "{value} in {text}");
    }
}

fn contact() -> Contact {
    Contact {
        id: 3,
        tenant_id: TenantId(uuid::Uuid::nil()),
        version: 2,
        fields: ContactDraft {
            contact_type: ContactType::Customer,
            name: "Zelda Quill".into(),
            email: "zelda@contoso.example".into(),
            country: "Norway".into(),
            survey_language: "English".into(),
            services_assisted_with: vec!["Teams".into()],
            survey_eligible: true,
        },
    }
}

#[test]
fn a_viewer_reads_a_contact_as_type_country_language_services_and_eligibility() {
    let json = serde_json::to_value(redacted(Role::Viewer, contact())).unwrap();
    let mut k = keys(&json);
    k.sort();
    assert_eq!(
        k,
        [
            "contact_type",
            "country",
            "id",
            "services_assisted_with",
            "survey_eligible",
            "survey_language",
            "tenant_id",
            "version"
        ]
    );
}

#[test]
fn a_change_log_entry_is_redacted_as_its_record() {
    let note = referral_edit_note();
    let entry = |entity: &str, before: Option<Value>, after: Option<Value>| ChangeLogEntry {
        id: 1,
        tenant_id: "t".into(),
        at: "2026-11-01T00:00:00Z".into(),
        who: "ann@partner.example".into(),
        entity: entity.into(),
        entity_id: "1".into(),
        before,
        after,
    };
    let decision = json!({"acceptance": "Accepted", "status": "Engaged",
        "value_added_services_sold": "", "services_estimated_value": "2500.00"});
    let cases = [
        entry("contact", None, serde_json::to_value(contact()).ok()),
        entry("note", None, serde_json::to_value(&note).ok()),
        entry("referral_decision", Some(decision.clone()), Some(decision)),
        entry("unknown", Some(json!({"secret": "zelda"})), None),
    ];
    for e in cases {
        let exec = redacted(Role::Executive, e.clone());
        assert_eq!(exec, e);
        let v = serde_json::to_value(redacted(Role::Viewer, e.clone())).unwrap();
        let text = v.to_string();
        for value in [
            "ann@partner.example",
            "Zelda Quill",
            "zelda",
            "250000",
            "2500.00",
            "Ann Smith",
        ] {
            assert!(!text.contains(value), "{} leaks {value}: {text}", e.entity);
        }
        assert!(!keys(&v).iter().any(|k| k == "who"), "{text}");
        if e.entity != "unknown" {
            assert_eq!(v["after"].is_object(), e.after.is_some(), "{text}");
        }
    }
}

#[test]
fn a_viewer_writes_notes_status_and_decisions_but_no_field_it_cannot_read() {
    let owner = NoteDraft {
        text: "t".into(),
        next_action: "a".into(),
        next_action_owner: "Ann".into(),
        ..Default::default()
    };
    let mut decision = referral_edit_note_decision();
    let valued = decision.sensitive_given();
    decision.services_estimated_value = None;
    // (record, sensitive fields given, a viewer's answer: refused naming this field)
    type Case<'a> = (Record, Vec<Field>, Result<(), Option<&'a str>>);
    let cases: [Case; 6] = [
        (Record::Note, NoteDraft::default().sensitive_given(), Ok(())),
        (
            Record::Note,
            owner.sensitive_given(),
            Err(Some("next_action_owner")),
        ),
        (Record::ServiceStatus, vec![], Ok(())),
        (Record::ReferralDecision, decision.sensitive_given(), Ok(())),
        (
            Record::ReferralDecision,
            valued,
            Err(Some("services_estimated_value")),
        ),
        (
            Record::Contact,
            contact().fields.sensitive_given(),
            Err(None),
        ),
    ];
    for (record, given, want) in cases {
        assert_eq!(
            check_write(Role::Executive, record, &given),
            Ok(()),
            "{record:?}"
        );
        let got = check_write(Role::Viewer, record, &given).map_err(|r| r.field());
        assert_eq!(got, want, "{record:?} {given:?}");
    }
    assert_eq!(
        check_write(Role::Viewer, Record::Contact, &[])
            .unwrap_err()
            .to_string(),
        "Report viewers cannot change contacts"
    );
    assert_eq!(
        check_write(
            Role::Viewer,
            Record::ReferralDecision,
            &[Field::ServicesEstimatedValue]
        )
        .unwrap_err()
        .to_string(),
        "Report viewers cannot set services estimated value (services_estimated_value)"
    );
}

fn referral_edit_note_decision() -> ReferralDecision {
    ReferralDecision {
        acceptance: Acceptance::Accepted,
        decline_reason: None,
        status: "Engaged".into(),
        value_added_services_sold: String::new(),
        services_estimated_value: Some(Money(250_000)),
    }
}

#[test]
fn a_viewers_decision_keeps_the_value_it_was_not_shown() {
    let stored = referral_edit_note_decision();
    let mut draft = ReferralDecision {
        services_estimated_value: None,
        status: "Onboarding".into(),
        ..stored.clone()
    };
    let mut exec = draft.clone();
    keep_withheld(Role::Viewer, &mut draft, &stored);
    assert_eq!(draft.services_estimated_value, Some(Money(250_000)));
    assert_eq!(draft.status, "Onboarding");
    keep_withheld(Role::Executive, &mut exec, &stored);
    assert_eq!(
        exec.services_estimated_value, None,
        "an executive may clear it"
    );
}

#[test]
fn field_changes_name_fields_as_the_access_rules_do() {
    let ch: Vec<FieldChange> = referral_edit_note().changes;
    assert!(ch
        .iter()
        .any(|c| c.field == Field::ServicesEstimatedValue.label()));
}

/// Every report column that shows revenue or a person says so, so that no role-aware table,
/// picker or CSV can show it to a viewer.
#[test]
fn every_revenue_or_personal_column_is_marked_sensitive() {
    use crate::reports::{cloud_endpoints, opportunities, referrals, tenants, Column};
    fn check<R>(columns: &[&Column<R>]) -> usize {
        let words = [
            "earning", "estimate", "value", "rate", "email", "owner", "author", "contact",
        ];
        let mut marked = 0;
        for c in columns {
            let h = c.header.to_lowercase();
            let looks = words.iter().any(|w| h.contains(w)) && !h.contains("value-added");
            assert_eq!(c.sensitive.is_some(), looks, "{}", c.header);
            assert_eq!(
                c.visible_to(Role::Viewer),
                c.sensitive.is_none(),
                "{}",
                c.header
            );
            assert!(c.visible_to(Role::Executive));
            marked += usize::from(c.sensitive.is_some());
        }
        marked
    }
    fn all<R>(cols: &'static [Column<R>]) -> Vec<&'static Column<R>> {
        cols.iter().collect()
    }
    assert_eq!(check(&all(opportunities::COLUMNS)), 1);
    assert_eq!(check(&all(opportunities::EXPORT_COLUMNS)), 1);
    assert_eq!(check(&all(cloud_endpoints::COLUMNS)), 1);
    assert_eq!(check(&all(cloud_endpoints::EXPORT_COLUMNS)), 1);
    assert_eq!(check(&all(referrals::COLUMNS)), 1);
    assert_eq!(check(&referrals::export_columns()), 1);
    assert_eq!(check(&all(tenants::COLUMNS)), 0);
}
