//! Roles (§6): a Report viewer sees no revenue and no personal data. The server removes those
//! fields before anything leaves it; hiding them in the UI would not be enough.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Role {
    /// Executive report viewer: every field.
    #[default]
    Executive,
    /// Report viewer: no revenue, no personal data.
    Viewer,
}

/// Column headers that carry revenue (potential earnings, MCI estimates, services value, rates).
const REVENUE_HEADERS: &[&str] = &[
    "potential earnings",
    "mci estimate",
    "services estimated value",
    "rate per unit",
];

/// Column headers that carry personal data.
const PERSONAL_HEADERS: &[&str] = &["contact name", "contact email", "name", "email"];

/// Whether `role` may see a report column with this header.
pub fn may_see_column(role: Role, header: &str) -> bool {
    match role {
        Role::Executive => true,
        Role::Viewer => {
            let h = header.trim().to_lowercase();
            !REVENUE_HEADERS.contains(&h.as_str()) && !PERSONAL_HEADERS.contains(&h.as_str())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewer_loses_revenue_and_personal_columns_only() {
        for (h, viewer) in [
            ("Potential earnings", false),
            ("Potential Earnings", false),
            ("MCI estimate", false),
            ("Email", false),
            ("Tenant name", true),
            ("Usage %", true),
        ] {
            assert_eq!(may_see_column(Role::Viewer, h), viewer, "{h}");
            assert!(may_see_column(Role::Executive, h));
        }
    }
}
