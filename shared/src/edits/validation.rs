//! Field-level validation errors: each names the input field it is about, so the server can
//! answer `400 {"error", "field"}` and the app can put the message beside the right control.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The longest free text a partner may save in one field; longer text is almost always a
/// paste accident, and it keeps rows small.
pub const MAX_TEXT: usize = 4000;
/// The longest one-line value (names, emails, statuses).
pub const MAX_LINE: usize = 200;

/// One refused field. `field` is the JSON name of the input (`decline_reason`,
/// `splits[1].l2`), so that it matches the request body the app sent.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Every refused field of one input, in form order (the first is the one to focus).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn first(&self) -> Option<&FieldError> {
        self.0.first()
    }

    /// `Ok(value)` when nothing was refused.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", e.field, e.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for FieldErrors {}

/// Trims `value`; a blank required value is refused as missing.
pub(crate) fn required(errors: &mut FieldErrors, field: &str, label: &str, value: &str) -> String {
    let t = value.trim();
    if t.is_empty() {
        errors.push(field, format!("{label} is required"));
    }
    limit(errors, field, label, t, MAX_LINE)
}

/// Trims `value` and refuses it when longer than `max` characters.
pub(crate) fn limit(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
    value: &str,
    max: usize,
) -> String {
    let t = value.trim();
    if t.chars().count() > max {
        errors.push(field, format!("{label} is longer than {max} characters"));
    }
    t.to_string()
}

/// A plausible email address: one `@`, something before it, a dotted domain after it, no
/// spaces. Deliverability is not ours to check.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for (s, ok) in [
            ("a@b.co", true),
            ("first.last@contoso.com", true),
            ("", false),
            ("a@b", false),
            ("@b.co", false),
            ("a@@b.co", false),
            ("a b@c.co", false),
            ("a@.co", false),
            ("a@b.", false),
        ] {
            assert_eq!(is_email(s), ok, "{s}");
        }
    }

    #[test]
    fn required_trims_and_names_the_field() {
        let mut e = FieldErrors::default();
        assert_eq!(required(&mut e, "name", "Name", "  Ann "), "Ann");
        assert!(e.is_empty());
        required(&mut e, "name", "Name", " \t ");
        assert_eq!(e.first().unwrap().field, "name");
        assert_eq!(e.to_string(), "name: Name is required");
    }
}
