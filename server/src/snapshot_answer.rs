//! The snapshot answer for an audience: built from the store (one way, whether a request asks
//! for it or the refresh below builds it ahead), and built again when an import lands or the
//! server starts.
//!
//! At a million rows an answer takes ~18 s to build (read the store, restrict, redact,
//! serialize, compress), which the first reader after an import or a restart would wait for.
//! The store keeps whom the app's answers were built for (`store::audiences`: role and scope,
//! never a user); the refresh watches for an import the kept answers are not of — a new one,
//! or, after a start, any — and builds for it the app's answer (binary, br) for the most
//! recently noted audiences, so the people who use the report find it ready. A request
//! arriving while one is under way waits for that build instead of starting its own
//! (`SnapshotCache::get_or_build`). JSON answers are for scripts, which can wait, and take
//! ~1 GB each at a million rows: never built ahead.

use crate::error::ApiError;
use crate::snapshot_cache::{Audience, Built, Encoding, Form};
use crate::state::AppState;
use crate::store::{audiences, snapshot, Db};
use std::time::Duration;

/// How often the server looks for a new import (one `MAX(id)` query).
pub const REFRESH_EVERY: Duration = Duration::from_secs(10);

/// How many answers an import gets built ahead: the audiences noted most recently.
pub const REFRESH_MOST: usize = 8;

/// The snapshot as `audience` may see it (its scope's tenants, redacted for its role), in
/// `form`.
pub async fn build(db: Db, audience: Audience, form: Form) -> Result<Built, ApiError> {
    let shown = audience.show(snapshot::load(&db, &audience.scope).await?);
    // Serializing a million rows takes seconds: off the async workers.
    let built = tokio::task::spawn_blocking(move || shown.build(form)).await;
    Ok(built.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic())))
}

/// Notes in the store that `audience` asked for the app's answer (the route calls it for
/// the first such reader per import, built ahead or not). A store that cannot take the note
/// costs the next start or import a build ahead, not this answer: logged, not returned.
pub async fn asked_for(db: &Db, audience: &Audience) {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    if let Err(e) = audiences::record(db, audience, now).await {
        tracing::warn!(error = %e, "could not note whom a snapshot answer was built for");
    }
}

/// If the store holds an import the kept answers are not of (a new one; after a start, any),
/// builds for it the app's answer (binary, and its br form) for the [`REFRESH_MOST`] most
/// recently noted audiences. How many it built: none when the kept answers are of the
/// latest import or no audience was noted yet.
pub async fn refresh(st: &AppState) -> Result<usize, ApiError> {
    let import = snapshot::import_id(&st.db.pool).await?;
    if import == st.snapshots.import() {
        return Ok(0);
    }
    let audiences = audiences::recent(&st.db, REFRESH_MOST).await?;
    for audience in &audiences {
        let answer = build(st.db.clone(), audience.clone(), Form::Binary);
        let built = st
            .snapshots
            .get_or_build(import, (audience.clone(), Form::Binary), answer)
            .await?;
        tokio::task::spawn_blocking(move || built.encoded(Encoding::Br))
            .await
            .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
    }
    Ok(audiences.len())
}

/// Runs [`refresh`] at once and then every `every` for as long as the server runs. A failure
/// is logged: one before any build (the store unreachable) is tried again at the next tick;
/// once a build for the import has begun the cache is of that import, so an answer whose
/// build failed is left to its first reader to build, as before there was a refresh.
pub fn spawn_refresh(st: AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match refresh(&st).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(
                    answers = n,
                    "snapshot answers built ahead for the latest import"
                ),
                Err(e) => {
                    tracing::warn!(error = %e.error, "building snapshot answers ahead failed")
                }
            }
        }
    })
}
