//! Newtypes for identifiers, so a tenant ID can never be passed where a TPID is expected.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;
use uuid::Uuid;

/// A customer tenant's Azure AD ID (a GUID).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TenantId(pub Uuid);

impl TenantId {
    pub fn parse(s: &str) -> Result<Self, uuid::Error> {
        Uuid::parse_str(s.trim()).map(TenantId)
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

/// A text identifier, shared: a decoded snapshot holds one copy per distinct value (its
/// dictionary's), and every record and report row naming it shares that copy — a million
/// rows' claim numbers and TPIDs would otherwise be a million allocations each time a table
/// is turned into records or rows.
macro_rules! string_id {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        pub struct $name(pub Arc<str>);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name(Arc::from(s))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(Arc::from(s))
            }
        }
    };
}

string_id!(
    /// Top Parent Organization ID: one per tenant on any given date.
    Tpid
);
string_id!(
    /// Partner Center ID (MPN location) a tenant is associated through.
    MpnId
);
string_id!(
    /// CPOR claim number, assigned when a partner claims a workload.
    ClaimNumber
);
string_id!(
    /// Referral (RFA) ID.
    ReferralId
);
