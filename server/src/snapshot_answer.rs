//! The snapshot answer for an audience: built from the store (one way, whether a request asks
//! for it or the refresh below builds it ahead), and built again when an import lands.
//!
//! At a million rows an answer takes tens of seconds to build (read the store, restrict,
//! redact, serialize, compress), which the first reader after an import would wait for. The
//! refresh watches for a new import and builds, for it, the answers the previous import
//! served (its most recently asked-for audiences and forms), so the people who used the
//! report before find it ready. A request arriving while one is under way waits for that
//! build instead of starting its own (`SnapshotCache::get_or_build`).

use crate::error::ApiError;
use crate::snapshot_cache::{Audience, Built, Encoding, Form};
use crate::state::AppState;
use crate::store::{snapshot, Db};
use std::time::Duration;

/// How often the server looks for a new import (one `MAX(id)` query).
pub const REFRESH_EVERY: Duration = Duration::from_secs(10);

/// How many answers a new import gets built ahead: the audiences asked for most recently.
pub const REFRESH_MOST: usize = 8;

/// The snapshot as `audience` may see it (its scope's tenants, redacted for its role), in
/// `form`.
pub async fn build(db: Db, audience: Audience, form: Form) -> Result<Built, ApiError> {
    let shown = audience.show(snapshot::load(&db, &audience.scope).await?);
    // Serializing a million rows takes seconds: off the async workers.
    let built = tokio::task::spawn_blocking(move || shown.build(form)).await;
    Ok(built.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic())))
}

/// If the store holds a newer import than the kept answers are of, builds for it the answers
/// the previous import served (at most [`REFRESH_MOST`]), the binary ones compressed as the
/// app asks for them. How many it built: none when nothing new was imported or nothing was
/// served.
pub async fn refresh(st: &AppState) -> Result<usize, ApiError> {
    let import = snapshot::import_id(&st.db.pool).await?;
    let (served, keys) = st.snapshots.served(REFRESH_MOST);
    if import == served {
        return Ok(0);
    }
    for (audience, form) in &keys {
        let answer = build(st.db.clone(), audience.clone(), *form);
        let built = st
            .snapshots
            .get_or_build(import, (audience.clone(), *form), answer)
            .await?;
        if *form == Form::Binary {
            tokio::task::spawn_blocking(move || built.encoded(Encoding::Br))
                .await
                .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
        }
    }
    Ok(keys.len())
}

/// Runs [`refresh`] every `every` for as long as the server runs; a failure is logged and
/// tried again at the next tick (the requests build what they need meanwhile).
pub fn spawn_refresh(st: AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match refresh(&st).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(answers = n, "snapshot answers built for the new import"),
                Err(e) => {
                    tracing::warn!(error = %e.error, "building the new import's snapshot answers failed")
                }
            }
        }
    })
}
