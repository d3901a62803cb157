//! A partner's answer to a referral (spec §3) and the referral's state as of `now`: pending
//! with a countdown, accepted, declined, or expired (still pending a week after assignment,
//! so it was reassigned to another partner and is read-only).

use super::validation::{limit, FieldErrors, MAX_LINE, MAX_TEXT};
use crate::access::Field;
use crate::config::ReferralConfig;
use crate::format::or_blank;
use crate::ids::ReferralId;
use crate::model::{Acceptance, Referral};
use crate::money::Money;
use crate::rules::trace::Trace;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// The fields a partner edits on a referral.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralDecision {
    pub acceptance: Acceptance,
    /// Required when `Declined`; dropped otherwise.
    #[serde(default)]
    pub decline_reason: Option<String>,
    /// Free text (`Engaged`, `Onboarding`, …), as Partner Center's exports carry it.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub value_added_services_sold: String,
    /// USD (`"2500.00"`); absent when not given, and always for a Report viewer (revenue).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services_estimated_value: Option<Money>,
}

impl ReferralDecision {
    /// What the imported referral says before any partner edit.
    pub fn from_import(r: &Referral) -> Self {
        ReferralDecision {
            acceptance: r.acceptance,
            decline_reason: None,
            status: r.status.clone(),
            value_added_services_sold: String::new(),
            services_estimated_value: None,
        }
    }

    /// The decision as it will be stored: trimmed, with an empty reason as none and no
    /// reason kept on a referral that is not declined; or every refused field.
    pub fn validated(&self) -> Result<ReferralDecision, FieldErrors> {
        let mut e = FieldErrors::default();
        let reason = limit(
            &mut e,
            "decline_reason",
            "Decline reason",
            self.decline_reason.as_deref().unwrap_or(""),
            MAX_TEXT,
        );
        let decline_reason = match self.acceptance {
            Acceptance::Declined if reason.is_empty() => {
                e.push(
                    "decline_reason",
                    "A reason is required when declining a referral",
                );
                None
            }
            Acceptance::Declined => Some(reason),
            _ => None,
        };
        let status = limit(&mut e, "status", "Referral status", &self.status, MAX_LINE);
        let value_added_services_sold = limit(
            &mut e,
            "value_added_services_sold",
            "Value-added services sold",
            &self.value_added_services_sold,
            MAX_TEXT,
        );
        if let Some(v) = self.services_estimated_value {
            if v.cents() < 0 {
                e.push(
                    "services_estimated_value",
                    "Services estimated value cannot be negative",
                );
            }
        }
        e.into_result(ReferralDecision {
            acceptance: self.acceptance,
            decline_reason,
            status,
            value_added_services_sold,
            services_estimated_value: self.services_estimated_value,
        })
    }

    /// The fields that differ from `before`, with their shown values, for the notes history.
    pub fn changes_from(&self, before: &ReferralDecision) -> Vec<FieldChange> {
        let mut out = Vec::new();
        let mut diff = |field: &str, b: String, a: String| {
            if b != a {
                out.push(FieldChange {
                    field: field.to_string(),
                    before: b,
                    after: a,
                });
            }
        };
        diff(
            "Acceptance",
            before.acceptance.label().into(),
            self.acceptance.label().into(),
        );
        diff(
            "Decline reason",
            before.decline_reason.clone().unwrap_or_default(),
            self.decline_reason.clone().unwrap_or_default(),
        );
        diff(
            "Referral status",
            before.status.clone(),
            self.status.clone(),
        );
        diff(
            "Value-added services sold",
            before.value_added_services_sold.clone(),
            self.value_added_services_sold.clone(),
        );
        diff(
            Field::ServicesEstimatedValue.label(),
            or_blank(before.services_estimated_value),
            or_blank(self.services_estimated_value),
        );
        out
    }
}

/// One changed field of an edit: `Acceptance: Pending → Accepted`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// The text of the note a referral edit appends: `Referral RFA-1 edited: Acceptance: …`.
pub fn referral_edit_text(id: &ReferralId, changes: &[FieldChange]) -> String {
    if changes.is_empty() {
        format!("Referral {id} edited")
    } else {
        format!("Referral {id} edited: {}", describe_changes(changes))
    }
}

/// `Acceptance: Pending → Accepted; Referral status: (empty) → Engaged`.
pub fn describe_changes(changes: &[FieldChange]) -> String {
    let shown = |s: &str| {
        if s.is_empty() {
            "(empty)".to_string()
        } else {
            s.to_string()
        }
    };
    changes
        .iter()
        .map(|c| format!("{}: {} → {}", c.field, shown(&c.before), shown(&c.after)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Where a referral stands as of `now`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReferralStateKind {
    Pending,
    Accepted,
    Declined,
    /// Pending past the expiry: reassigned to another partner, read-only.
    Expired,
}

impl ReferralStateKind {
    pub fn label(self) -> &'static str {
        match self {
            ReferralStateKind::Pending => "Pending",
            ReferralStateKind::Accepted => "Accepted",
            ReferralStateKind::Declined => "Declined",
            ReferralStateKind::Expired => "Expired (reassigned)",
        }
    }
}

/// A referral's state with what the UI does with it, and why.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralState {
    pub kind: ReferralStateKind,
    /// When a pending referral expires (assignment + expiry).
    #[serde(with = "crate::json::instant")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: OffsetDateTime,
    /// Whole seconds left before expiry, for the countdown; only while `Pending`.
    pub seconds_left: Option<i64>,
    /// Whether the tenant name links to the tenant detail (not declined, not expired).
    pub linkable: bool,
    /// Whether the decision can still be edited (everything but expired).
    pub editable: bool,
    /// Expired referrals were handed to another partner.
    pub reassigned: bool,
    /// The checks behind `kind` ("why?").
    pub trace: Vec<String>,
}

/// The referral's state as of `now`: the partner's decision if any, else the imported
/// acceptance; a pending one expires `expiry_hours` after assignment (at exactly that
/// instant, not a second later).
pub fn referral_state(
    referral: &Referral,
    decision: Option<&ReferralDecision>,
    now: OffsetDateTime,
    config: &ReferralConfig,
) -> ReferralState {
    let mut trace = Trace::new();
    let acceptance = match decision {
        Some(d) => {
            trace.push(format!("partner set acceptance {}", d.acceptance));
            d.acceptance
        }
        None => {
            trace.push(format!("imported acceptance {}", referral.acceptance));
            referral.acceptance
        }
    };
    let expires_at = referral.assigned_at + Duration::hours(config.expiry_hours);
    let age = now - referral.assigned_at;
    let kind = match acceptance {
        Acceptance::Accepted => ReferralStateKind::Accepted,
        Acceptance::Declined => ReferralStateKind::Declined,
        Acceptance::Pending if now >= expires_at => {
            trace.push(format!(
                "pending {} h ≥ {} h after assignment → expired, reassigned",
                age.whole_hours(),
                config.expiry_hours
            ));
            ReferralStateKind::Expired
        }
        Acceptance::Pending => {
            let left = expires_at - now;
            trace.push(format!(
                "pending {} h < {} h after assignment → {} h {} min left",
                age.whole_hours(),
                config.expiry_hours,
                left.whole_hours(),
                left.whole_minutes() % 60
            ));
            ReferralStateKind::Pending
        }
    };
    trace.push(format!("→ {}", kind.label()));
    ReferralState {
        kind,
        expires_at,
        seconds_left: (kind == ReferralStateKind::Pending)
            .then(|| (expires_at - now).whole_seconds()),
        linkable: is_linkable(kind),
        editable: kind != ReferralStateKind::Expired,
        reassigned: kind == ReferralStateKind::Expired,
        trace: trace.to_vec(),
    }
}

/// A declined or expired referral's tenant name is plain text, not a link to the detail.
pub fn is_linkable(kind: ReferralStateKind) -> bool {
    !matches!(
        kind,
        ReferralStateKind::Declined | ReferralStateKind::Expired
    )
}

/// Refuses an edit of a referral that can no longer be edited.
pub fn check_editable(state: &ReferralState) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::default();
    if !state.editable {
        e.push(
            "acceptance",
            "This referral expired (not accepted within the deadline) and was reassigned; it is read-only",
        );
    }
    e.into_result(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{ReferralId, TenantId};
    use time::macros::datetime;

    fn referral(acceptance: Acceptance) -> Referral {
        Referral {
            id: ReferralId::from("RFA-1"),
            tenant_id: TenantId(uuid::Uuid::nil()),
            source: "FastTrack".into(),
            rfa_workloads: vec!["Teams".into()],
            assigned_at: datetime!(2026-11-01 12:00 UTC),
            acceptance,
            status: "New".into(),
            au_at_referral: None,
        }
    }

    fn decision(acceptance: Acceptance, reason: Option<&str>) -> ReferralDecision {
        ReferralDecision {
            acceptance,
            decline_reason: reason.map(str::to_string),
            status: "Engaged".into(),
            value_added_services_sold: String::new(),
            services_estimated_value: None,
        }
    }

    #[test]
    fn pending_expires_at_exactly_168_hours() {
        let r = referral(Acceptance::Pending);
        let cfg = ReferralConfig::default();
        let at = |h: i64, m: i64| r.assigned_at + Duration::hours(h) + Duration::minutes(m);
        for (now, kind, left) in [
            (at(0, 0), ReferralStateKind::Pending, Some(168 * 3600)),
            (at(167, 59), ReferralStateKind::Pending, Some(60)),
            (at(168, 0), ReferralStateKind::Expired, None),
            (at(400, 0), ReferralStateKind::Expired, None),
        ] {
            let s = referral_state(&r, None, now, &cfg);
            assert_eq!(s.kind, kind, "{now}");
            assert_eq!(s.seconds_left, left, "{now}");
            assert_eq!(s.linkable, kind == ReferralStateKind::Pending);
            assert_eq!(s.editable, kind == ReferralStateKind::Pending);
            assert_eq!(s.reassigned, kind == ReferralStateKind::Expired);
        }
        let s = referral_state(&r, None, at(168, 0), &cfg);
        assert_eq!(
            s.trace,
            [
                "imported acceptance Pending",
                "pending 168 h ≥ 168 h after assignment → expired, reassigned",
                "→ Expired (reassigned)"
            ]
        );
        assert!(check_editable(&s).unwrap_err().has("acceptance"));
    }

    #[test]
    fn the_partners_decision_wins_over_the_import_and_never_expires() {
        let r = referral(Acceptance::Pending);
        let cfg = ReferralConfig { expiry_hours: 24 };
        let late = r.assigned_at + Duration::days(30);
        let accepted = decision(Acceptance::Accepted, None);
        let s = referral_state(&r, Some(&accepted), late, &cfg);
        assert_eq!(s.kind, ReferralStateKind::Accepted);
        assert!(s.linkable && s.editable);
        let declined = decision(Acceptance::Declined, Some("no capacity"));
        let s = referral_state(&r, Some(&declined), late, &cfg);
        assert_eq!(s.kind, ReferralStateKind::Declined);
        assert!(!s.linkable && s.editable);
        let s = referral_state(&referral(Acceptance::Declined), None, r.assigned_at, &cfg);
        assert_eq!(s.kind, ReferralStateKind::Declined);
        // The configured threshold decides.
        let s = referral_state(&r, None, r.assigned_at + Duration::hours(24), &cfg);
        assert_eq!(s.kind, ReferralStateKind::Expired);
    }

    #[test]
    fn declining_needs_a_reason() {
        for (acceptance, reason, ok) in [
            (Acceptance::Declined, None, false),
            (Acceptance::Declined, Some(""), false),
            (Acceptance::Declined, Some("  \t\n"), false),
            (Acceptance::Declined, Some(" no capacity "), true),
            (Acceptance::Accepted, None, true),
            (Acceptance::Pending, Some(""), true),
        ] {
            let r = decision(acceptance, reason).validated();
            match r {
                Ok(d) => {
                    assert!(ok, "{acceptance:?} {reason:?}");
                    if acceptance == Acceptance::Declined {
                        assert_eq!(d.decline_reason.as_deref(), Some("no capacity"));
                    } else {
                        assert_eq!(d.decline_reason, None);
                    }
                }
                Err(e) => {
                    assert!(!ok, "{acceptance:?} {reason:?}");
                    assert_eq!(e.first().unwrap().field, "decline_reason");
                }
            }
        }
    }

    #[test]
    fn negative_value_and_long_text_are_refused() {
        let mut d = decision(Acceptance::Accepted, None);
        d.services_estimated_value = Some(Money(-1));
        assert!(d.validated().unwrap_err().has("services_estimated_value"));
        d.services_estimated_value = Some(Money(0));
        d.status = "x".repeat(MAX_LINE + 1);
        assert!(d.validated().unwrap_err().has("status"));
    }

    #[test]
    fn changes_list_only_what_differs() {
        let before = ReferralDecision::from_import(&referral(Acceptance::Pending));
        let mut after = decision(Acceptance::Accepted, None);
        after.services_estimated_value = Some(Money(123_450));
        let ch = after.changes_from(&before);
        assert_eq!(
            describe_changes(&ch),
            "Acceptance: Pending → Accepted; Referral status: New → Engaged; \
             Services estimated value: (empty) → 1234.50"
        );
        assert!(after.changes_from(&after).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn pending_is_expired_iff_at_least_the_threshold(mins in 0i64..20_000, hours in 1i64..500) {
            let r = referral(Acceptance::Pending);
            let cfg = ReferralConfig { expiry_hours: hours };
            let s = referral_state(&r, None, r.assigned_at + Duration::minutes(mins), &cfg);
            proptest::prop_assert_eq!(s.kind == ReferralStateKind::Expired, mins >= hours * 60);
            if let Some(left) = s.seconds_left {
                proptest::prop_assert_eq!(left, hours * 3600 - mins * 60);
            }
        }
    }
}
