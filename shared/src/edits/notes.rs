//! Status notes (spec §3): what the partner documents about a tenant, plus the entries that
//! referral edits append. The tenant detail shows the last four, newest first.

use super::referral::FieldChange;
use super::validation::{limit, FieldErrors, MAX_LINE, MAX_TEXT};
use crate::ids::{ReferralId, TenantId};
use crate::model::labelled_enum;
use serde::{Deserialize, Serialize};
use std::fmt;
use time::{Date, OffsetDateTime};

/// How many notes the tenant detail shows before "view all history".
pub const DETAIL_NOTES: usize = 4;

labelled_enum!(
    /// Who wrote a note: the partner, or the system recording a referral edit.
    NoteKind {
        Status => "Status note",
        ReferralEdit => "Referral edit",
    }
);

/// What the partner types in the "Add status note" form.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NoteDraft {
    pub text: String,
    pub onboarding_scope: String,
    pub risks: String,
    pub next_action: String,
    #[serde(with = "crate::json::opt_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub next_action_date: Option<Date>,
    /// Personal data: absent when not given, and always for a Report viewer.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub next_action_owner: String,
}

impl NoteDraft {
    /// The note as it will be stored (trimmed), or every refused field. A next-action date or
    /// owner without the action itself says nothing, so the action is then required.
    pub fn validated(&self) -> Result<NoteDraft, FieldErrors> {
        let mut e = FieldErrors::default();
        let text = limit(&mut e, "text", "Note", &self.text, MAX_TEXT);
        if text.is_empty() {
            e.push("text", "Note text is required");
        }
        let onboarding_scope = limit(
            &mut e,
            "onboarding_scope",
            "Onboarding scope",
            &self.onboarding_scope,
            MAX_TEXT,
        );
        let risks = limit(&mut e, "risks", "Risks", &self.risks, MAX_TEXT);
        let next_action = limit(
            &mut e,
            "next_action",
            "Next action",
            &self.next_action,
            MAX_TEXT,
        );
        let next_action_owner = limit(
            &mut e,
            "next_action_owner",
            "Next action owner",
            &self.next_action_owner,
            MAX_LINE,
        );
        if next_action.is_empty()
            && (self.next_action_date.is_some() || !next_action_owner.is_empty())
        {
            e.push(
                "next_action",
                "Say what the next action is when giving its date or owner",
            );
        }
        e.into_result(NoteDraft {
            text,
            onboarding_scope,
            risks,
            next_action,
            next_action_date: self.next_action_date,
            next_action_owner,
        })
    }
}

/// A saved note.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: i64,
    pub tenant_id: TenantId,
    pub kind: NoteKind,
    /// Who wrote it (the token's `sub`). Personal data: absent for a Report viewer.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    #[serde(with = "crate::json::instant")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(flatten)]
    pub content: NoteDraft,
    /// The edited referral, for `ReferralEdit` notes.
    #[serde(default)]
    pub referral_id: Option<ReferralId>,
    /// What a referral edit changed (before → after); empty for status notes.
    #[serde(default)]
    pub changes: Vec<FieldChange>,
}

/// The last `n` notes, newest first (by time, then by id for notes saved in the same
/// instant, as ids grow with each save).
pub fn newest_first(notes: &[Note], n: usize) -> Vec<Note> {
    let mut v: Vec<&Note> = notes.iter().collect();
    v.sort_by_key(|n| std::cmp::Reverse((n.created_at, n.id)));
    v.into_iter().take(n).cloned().collect()
}

/// The first `max_chars` of a note for the tenant detail, and whether "read more" is needed.
pub fn preview(text: &str, max_chars: usize) -> (String, bool) {
    if text.chars().count() <= max_chars {
        (text.to_string(), false)
    } else {
        let cut: String = text.chars().take(max_chars).collect();
        (format!("{}…", cut.trim_end()), true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn note(id: i64, at: OffsetDateTime) -> Note {
        Note {
            id,
            tenant_id: TenantId(uuid::Uuid::nil()),
            kind: NoteKind::Status,
            author: "ann".into(),
            created_at: at,
            content: NoteDraft {
                text: format!("n{id}"),
                ..Default::default()
            },
            referral_id: None,
            changes: vec![],
        }
    }

    #[test]
    fn last_four_newest_first() {
        let t = datetime!(2026-11-01 0:00 UTC);
        let notes: Vec<Note> = [(1, 0), (2, 5), (3, 1), (4, 5), (5, 3), (6, 2)]
            .into_iter()
            .map(|(id, h)| note(id, t + time::Duration::hours(h)))
            .collect();
        let ids: Vec<i64> = newest_first(&notes, DETAIL_NOTES)
            .iter()
            .map(|n| n.id)
            .collect();
        assert_eq!(ids, [4, 2, 5, 6]);
        assert_eq!(newest_first(&notes[..2], DETAIL_NOTES).len(), 2);
    }

    #[test]
    fn validation_names_the_field() {
        for (draft, field) in [
            (NoteDraft::default(), Some("text")),
            (
                NoteDraft {
                    text: "   ".into(),
                    ..Default::default()
                },
                Some("text"),
            ),
            (
                NoteDraft {
                    text: "Kick-off done".into(),
                    next_action_date: Some(date!(2026 - 12 - 01)),
                    ..Default::default()
                },
                Some("next_action"),
            ),
            (
                NoteDraft {
                    text: "Kick-off done".into(),
                    next_action_owner: "Ann".into(),
                    ..Default::default()
                },
                Some("next_action"),
            ),
            (
                NoteDraft {
                    text: "x".repeat(MAX_TEXT + 1),
                    ..Default::default()
                },
                Some("text"),
            ),
            (
                NoteDraft {
                    text: " Kick-off done ".into(),
                    next_action: "Pilot".into(),
                    next_action_date: Some(date!(2026 - 12 - 01)),
                    next_action_owner: "Ann".into(),
                    ..Default::default()
                },
                None,
            ),
        ] {
            match (draft.validated(), field) {
                (Ok(d), None) => assert_eq!(d.text, "Kick-off done"),
                (Err(e), Some(f)) => assert_eq!(e.first().unwrap().field, f),
                (r, f) => panic!("{r:?} expected error on {f:?}"),
            }
        }
    }

    #[test]
    fn preview_truncates_on_characters() {
        assert_eq!(preview("short", 10), ("short".into(), false));
        assert_eq!(preview("ééééé ééé", 6), ("ééééé…".into(), true));
    }

    #[test]
    fn a_note_serializes_flat() {
        let json = serde_json::to_value(note(1, datetime!(2026-11-01 0:00 UTC))).unwrap();
        assert_eq!(json["text"], "n1");
        assert_eq!(json["kind"], "Status note");
        assert_eq!(json["created_at"], "2026-11-01T00:00:00Z");
        let d: NoteDraft =
            serde_json::from_str(r#"{"text":"t","next_action_date":"2026-12-01"}"#).unwrap();
        assert_eq!(d.next_action_date, Some(date!(2026 - 12 - 01)));
        assert_eq!(
            serde_json::to_value(&d).unwrap()["next_action_date"],
            "2026-12-01"
        );
        let mut n = note(2, datetime!(2026-11-01 0:00 UTC));
        let back: Note = serde_json::from_str(&serde_json::to_string(&n).unwrap()).unwrap();
        assert_eq!(back, n);
        n.content.next_action_date = Some(date!(2026 - 12 - 01));
        let back: Note = serde_json::from_str(&serde_json::to_string(&n).unwrap()).unwrap();
        assert_eq!(back, n);
    }
}
