//! Demo sign-in: with no key configured, `insights serve` signs tokens itself for three
//! sample users, so a newcomer sees the whole product at once and can switch to what a
//! Report viewer — of the whole organization, or of one MPN location — sees.

use shared::access::{Claims, Role, Scope};
use shared::MpnId;

/// How long a demo token lives; the app asks for a fresh one before it expires.
pub const DEMO_TTL_SECONDS: u64 = 3600;

/// One sample user.
pub struct SampleUser {
    /// What `POST /api/demo/token` takes.
    pub id: &'static str,
    pub sub: &'static str,
    pub name: &'static str,
    pub role: Role,
    /// Granted one Partner Center ID (the data's largest location) instead of the whole
    /// organization.
    pub one_mpn: bool,
}

/// The sample users, the executive first (the app opens signed in as it).
pub const SAMPLE_USERS: [SampleUser; 3] = [
    SampleUser {
        id: "executive",
        sub: "demo-executive",
        name: "Dana Demo (Executive report viewer)",
        role: Role::Executive,
        one_mpn: false,
    },
    SampleUser {
        id: "viewer",
        sub: "demo-viewer",
        name: "Vic Demo (Report viewer)",
        role: Role::Viewer,
        one_mpn: false,
    },
    SampleUser {
        id: "viewer-mpn",
        sub: "demo-viewer-mpn",
        name: "Mo Demo (Report viewer, one MPN)",
        role: Role::Viewer,
        one_mpn: true,
    },
];

impl SampleUser {
    pub fn find(id: &str) -> Option<&'static SampleUser> {
        SAMPLE_USERS.iter().find(|u| u.id == id)
    }

    /// The user's scope, given the data's largest location (`None`: nothing imported).
    pub fn scope(&self, largest: Option<&MpnId>) -> Scope {
        match (self.one_mpn, largest) {
            (true, Some(mpn)) => Scope::of([mpn.clone()]),
            _ => Scope::Organization,
        }
    }

    /// The claims of a token for this user issued at `now`.
    pub fn claims(&self, largest: Option<&MpnId>, now: u64) -> Claims {
        Claims {
            sub: self.sub.to_string(),
            name: Some(self.name.to_string()),
            role: self.role,
            mpn: self
                .scope(largest)
                .mpns()
                .into_iter()
                .map(|m| m.to_string())
                .collect(),
            exp: now + DEMO_TTL_SECONDS,
            nbf: None,
            iat: Some(now),
            aud: None,
            iss: None,
        }
    }
}
