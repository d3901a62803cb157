//! Service intent note lint (spec §3): advice shown as the partner types, never a reason to
//! refuse a save. Seed 001 asks for clear language with the "why", no ambiguous wording, and
//! no note copied across workloads.

use crate::model::Workload;
use serde::{Deserialize, Serialize};

/// Wording that leaves the intent open.
pub const AMBIGUOUS: &[&str] = &["for now", "currently", "yet"];

/// Wording that gives the reason, or states the intent clearly.
pub const REASONS: &[&str] = &[
    "because",
    "due to",
    "since",
    "unable",
    "problem",
    "problems",
    "blocked",
    "don't have intent",
    "do not have intent",
    "doesn't have intent",
    "does not have intent",
    "issue",
    "issues",
    "no value",
    "lack of features",
];

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LintKind {
    /// An ambiguous phrase (`phrase` says which).
    Ambiguous,
    /// No reason or clear-intent wording.
    NoReason,
    /// The same text is the note of another workload of this tenant (`workload` says which).
    Reused,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LintWarning {
    pub kind: LintKind,
    pub message: String,
    #[serde(default)]
    pub phrase: Option<String>,
    #[serde(default)]
    pub workload: Option<Workload>,
}

/// Lower-case words, curly apostrophes straightened, so `Don’t` matches `don't`.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(['’', '‘'], "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\'').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether the phrase occurs as whole words (`yet` in "not yet", not in "Yetti").
fn contains_phrase(words: &[String], phrase: &str) -> bool {
    let p: Vec<&str> = phrase.split(' ').collect();
    words
        .windows(p.len())
        .any(|w| w.iter().zip(&p).all(|(a, b)| a == b))
}

/// The same note, ignoring case, spacing and punctuation.
fn normalized(text: &str) -> String {
    words(text).join(" ")
}

/// The warnings for `note` on `workload`, given the tenant's notes on its other workloads.
/// An empty note gets none: there is nothing to advise on yet.
pub fn lint_intent_note(
    note: &str,
    workload: &Workload,
    other_notes: &[(Workload, String)],
) -> Vec<LintWarning> {
    let w = words(note);
    if w.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for phrase in AMBIGUOUS {
        if contains_phrase(&w, phrase) {
            out.push(LintWarning {
                kind: LintKind::Ambiguous,
                message: format!("“{phrase}” does not make the intent clear"),
                phrase: Some(phrase.to_string()),
                workload: None,
            });
        }
    }
    if !REASONS.iter().any(|r| contains_phrase(&w, r)) {
        out.push(LintWarning {
            kind: LintKind::NoReason,
            message: "Say why: e.g. “because …”, “due to …”, or a clear word such as unable, blocked, issues, no value".into(),
            phrase: None,
            workload: None,
        });
    }
    let mine = normalized(note);
    let mut reused: Vec<&Workload> = other_notes
        .iter()
        .filter(|(ow, text)| ow.key() != workload.key() && normalized(text) == mine)
        .map(|(ow, _)| ow)
        .collect();
    reused.sort();
    reused.dedup();
    for ow in reused {
        out.push(LintWarning {
            kind: LintKind::Reused,
            message: format!("The same note is used for {ow}; write one that fits this workload"),
            phrase: None,
            workload: Some(ow.clone()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(note: &str, others: &[(&str, &str)]) -> Vec<(LintKind, Option<String>)> {
        let others: Vec<(Workload, String)> = others
            .iter()
            .map(|(w, t)| (Workload::new(w), t.to_string()))
            .collect();
        lint_intent_note(note, &Workload::new("Teams"), &others)
            .into_iter()
            .map(|w| (w.kind, w.phrase.or(w.workload.map(|w| w.0.to_string()))))
            .collect()
    }

    #[test]
    fn lint_cases() {
        use LintKind::*;
        let amb = |p: &str| (Ambiguous, Some(p.to_string()));
        for (note, others, expected) in [
            ("", vec![], vec![]),
            ("   ", vec![], vec![]),
            (
                "Blocked because the proxy drops media traffic",
                vec![],
                vec![],
            ),
            ("Customer is unable to deploy: no Intune", vec![], vec![]),
            (
                "Customer doesn’t have intent: no value over Zoom",
                vec![],
                vec![],
            ),
            (
                "Not deployed yet",
                vec![],
                vec![amb("yet"), (NoReason, None)],
            ),
            (
                "Currently piloting",
                vec![],
                vec![amb("currently"), (NoReason, None)],
            ),
            (
                "On hold for now due to budget",
                vec![],
                vec![amb("for now")],
            ),
            ("Rolling out to sales", vec![], vec![(NoReason, None)]),
            // Whole words only.
            ("Yeti team blocked", vec![], vec![]),
            ("Presincerely fine", vec![], vec![(NoReason, None)]),
            (
                "Blocked due to proxy issues.",
                vec![
                    ("Exchange", "blocked due to  proxy issues"),
                    ("Teams", "Blocked due to proxy issues."),
                ],
                vec![(Reused, Some("Exchange".into()))],
            ),
            (
                "Blocked due to proxy issues",
                vec![("SharePoint", "Other text because")],
                vec![],
            ),
        ] {
            assert_eq!(kinds(note, &others), expected, "{note}");
        }
    }

    /// Punctuation alone is no note; quotes around a word do not hide it; a phrase repeated
    /// is one warning.
    #[test]
    fn odd_text_gets_the_warnings_its_words_call_for() {
        use LintKind::*;
        let amb_yet = (Ambiguous, Some("yet".to_string()));
        for (note, expected) in [
            ("'", vec![]),
            ("''''", vec![]),
            ("\u{0}", vec![]),
            ("—…!?", vec![]),
            ("é’", vec![(NoReason, None)]),
            ("’yet’", vec![amb_yet.clone(), (NoReason, None)]),
            ("yet yet yet", vec![amb_yet.clone(), (NoReason, None)]),
            ("YET, because", vec![amb_yet]),
        ] {
            assert_eq!(kinds(note, &[]), expected, "{note:?}");
        }
    }
}
