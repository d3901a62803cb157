//! The signed-in user: the claims of the portal's token as they travel (JWT payload), and the
//! [`Principal`] the server and the app act for once the claims are checked.

use super::scope::Scope;
use crate::ids::MpnId;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a user may see (seed 001's two Partner Center roles).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Executive report viewer: every field.
    #[default]
    Executive,
    /// Report viewer: no revenue, no personal data.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 2] = [Role::Executive, Role::Viewer];

    /// The token's and the command line's spelling: `executive`, `viewer`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Executive => "executive",
            Role::Viewer => "viewer",
        }
    }

    /// Partner Center's name for the role.
    pub fn label(self) -> &'static str {
        match self {
            Role::Executive => "Executive report viewer",
            Role::Viewer => "Report viewer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("`{s}` is not a role (expected executive or viewer)"))
    }
}

/// The claims of a portal token (the JWT payload). `aud` and `iss` are checked by the
/// server's token validation, which reads them from the token itself (a string or an
/// array); here they are only written, by `insights token` and the demo sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Who: recorded as the author of every write.
    pub sub: String,
    /// A display name for the header; `sub` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub role: Role,
    /// Partner Center IDs (MPN locations) the user is granted; absent or empty: the whole
    /// organization.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mpn: Vec<String>,
    /// Expiry, seconds since the Unix epoch.
    pub exp: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<u64>,
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub aud: Option<String>,
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
}

/// The longest `sub` or `name` accepted: it is stored as the author of every write.
pub const MAX_NAME: usize = 200;
/// The longest Partner Center ID accepted.
const MAX_MPN: usize = 50;

/// Claims that are well-formed JSON but name no usable user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClaimsError {
    #[error("the token's `sub` is empty")]
    EmptySub,
    #[error("the token's `{0}` is longer than {MAX_NAME} characters")]
    TooLong(&'static str),
    #[error("the token's `mpn` holds an empty or over-long Partner Center ID")]
    BadMpn,
}

/// Who a request acts for: checked claims, with the scope they grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub sub: String,
    pub name: Option<String>,
    pub role: Role,
    pub scope: Scope,
}

impl Principal {
    /// The principal the claims name, or why they name none.
    pub fn from_claims(c: &Claims) -> Result<Principal, ClaimsError> {
        let sub = c.sub.trim();
        if sub.is_empty() {
            return Err(ClaimsError::EmptySub);
        }
        if sub.chars().count() > MAX_NAME {
            return Err(ClaimsError::TooLong("sub"));
        }
        let name = c.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
        if name.is_some_and(|n| n.chars().count() > MAX_NAME) {
            return Err(ClaimsError::TooLong("name"));
        }
        let mut mpns = Vec::with_capacity(c.mpn.len());
        for m in &c.mpn {
            let m = m.trim();
            if m.is_empty() || m.chars().count() > MAX_MPN {
                return Err(ClaimsError::BadMpn);
            }
            mpns.push(MpnId::from(m));
        }
        Ok(Principal {
            sub: sub.to_string(),
            name: name.map(str::to_string),
            role: c.role,
            scope: Scope::of(mpns),
        })
    }

    /// How the header names the user: the display name, else `sub`.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.sub)
    }
}
