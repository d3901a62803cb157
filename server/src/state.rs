//! What every request handler shares: the store and the configuration the rules run with.

use crate::store::Db;
use shared::config::ReferralConfig;
use shared::edits::taxonomy::Taxonomy;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub referral_config: ReferralConfig,
    pub taxonomy: Arc<Taxonomy>,
}

impl AppState {
    /// The store with the spec's default referral expiry and the shipped service taxonomy.
    pub fn new(db: Db) -> Self {
        AppState {
            db,
            referral_config: ReferralConfig::default(),
            taxonomy: Arc::new(Taxonomy::default_table()),
        }
    }
}
