//! What every request handler shares: the store, how tokens are checked, the portal's
//! origins, the limits, the configuration the rules run with, and the feedback link.

use crate::auth::Auth;
use crate::origin::{FeedbackUrl, PortalOrigin};
use crate::snapshot_cache::SnapshotCache;
use crate::store::Db;
use shared::config::ReferralConfig;
use shared::edits::taxonomy::Taxonomy;
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub referral_config: ReferralConfig,
    pub taxonomy: Arc<Taxonomy>,
    pub auth: Arc<Auth>,
    /// Allowed to frame the app and to send it tokens; none: the app's own origin only.
    pub portal_origins: Arc<[PortalOrigin]>,
    pub limits: Limits,
    /// The "Got feedback" link the app shows; none: no link.
    pub feedback_url: Option<Arc<FeedbackUrl>>,
    /// The snapshot answers of the latest import, per audience and form.
    pub snapshots: Arc<SnapshotCache>,
}

/// How much one user may ask, and for how long a request may run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Requests per second per signed-in user, sustained (0: no limit).
    pub per_second: u32,
    /// Requests a user may send at once before the per-second rate applies.
    pub burst: u32,
    pub request_timeout: Duration,
}

impl Default for Limits {
    /// Loading the app is a handful of requests and a save one; 20/s with bursts of 60 is far
    /// above what a person clicks and far below what a runaway script sends.
    fn default() -> Self {
        Limits {
            per_second: 20,
            burst: 60,
            request_timeout: Duration::from_secs(30),
        }
    }
}

impl AppState {
    /// The store with the spec's default referral expiry, the shipped service taxonomy,
    /// tokens checked by `auth`, no portal and the default limits.
    pub fn new(db: Db, auth: Auth) -> Self {
        AppState {
            db,
            referral_config: ReferralConfig::default(),
            taxonomy: Arc::new(Taxonomy::default_table()),
            auth: Arc::new(auth),
            portal_origins: Arc::from(Vec::new()),
            limits: Limits::default(),
            feedback_url: None,
            snapshots: Arc::default(),
        }
    }

    pub fn with_portal_origins(mut self, origins: Vec<PortalOrigin>) -> Self {
        self.portal_origins = Arc::from(origins);
        self
    }

    pub fn with_feedback_url(mut self, url: Option<FeedbackUrl>) -> Self {
        self.feedback_url = url.map(Arc::new);
        self
    }

    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}
