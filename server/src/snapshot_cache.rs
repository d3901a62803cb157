//! The snapshot answer, built once per import and per audience and kept in memory.
//!
//! An audience is a role and a scope: everyone who shares both sees the same bytes, so the
//! answer is built (loaded, restricted to the scope, redacted for the role, serialized) for
//! the first of them and served from memory to the rest. Only the latest import is kept: the
//! first request after an import forgets everything older. The ETag names the import, the
//! audience, the form and the layout, so a revalidation after any of them changes is a 200.

use axum::body::Bytes;
use shared::access::{Principal, Role, Scope};
use shared::dataset::Dataset;
use shared::{wire, Snapshot};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;

/// Who an answer is for: what they may see depends on these two only.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Audience {
    pub role: Role,
    pub scope: Scope,
}

impl Audience {
    pub fn of(p: &Principal) -> Audience {
        Audience {
            role: p.role,
            scope: p.scope.clone(),
        }
    }
}

/// The two forms of the snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    Json,
    /// `shared::wire`
    Binary,
}

impl Form {
    /// The binary form when `Accept` names its media type (with a non-zero `q`); JSON
    /// otherwise, so scripts and browsers opening the URL get JSON.
    pub fn negotiate(accept: Option<&str>) -> Form {
        let binary = accept.unwrap_or_default().split(',').any(|range| {
            let mut parts = range.split(';').map(str::trim);
            let media = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            media.eq_ignore_ascii_case(wire::MEDIA_TYPE) && !refused
        });
        if binary {
            Form::Binary
        } else {
            Form::Json
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Form::Json => "application/json",
            Form::Binary => wire::MEDIA_TYPE,
        }
    }

    /// `snapshot` in this form.
    pub fn build(self, snapshot: &Snapshot) -> Built {
        let bytes = match self {
            Form::Json => serde_json::to_vec(snapshot).expect("a snapshot serializes"),
            Form::Binary => wire::encode(&Dataset::from_snapshot(snapshot)),
        };
        Built {
            bytes: Bytes::from(bytes),
            rows: Dataset::row_counts_of(snapshot).iter().sum(),
        }
    }
}

/// A built answer.
#[derive(Debug)]
pub struct Built {
    pub bytes: Bytes,
    /// Rows over all tables (`X-Snapshot-Rows`).
    pub rows: u64,
}

/// The strong ETag of the answer for `audience` in `form` as of `import`.
pub fn etag(import: i64, audience: &Audience, form: Form) -> String {
    // Not a secret: a fingerprint telling audiences apart. `DefaultHasher::new()` has fixed
    // keys, so it is stable across restarts of the same build.
    let mut h = DefaultHasher::new();
    audience.scope.hash(&mut h);
    let form = match form {
        Form::Json => "j",
        Form::Binary => "b",
    };
    format!(
        "\"{import}-{}-{:016x}-{form}{:08x}\"",
        audience.role.as_str(),
        h.finish(),
        wire::schema_id()
    )
}

type Key = (Audience, Form);
type Cell = Arc<OnceCell<Arc<Built>>>;

/// At most this many audiences are kept per import; past it, an arbitrary one is dropped (it
/// is built again when asked for).
const MAX_ENTRIES: usize = 64;

#[derive(Default)]
pub struct SnapshotCache {
    entries: Mutex<(i64, HashMap<Key, Cell>)>,
}

impl SnapshotCache {
    /// The answer for `key` as of `import`, built by `build` if no request built it yet
    /// (concurrent first requests wait for one build). A failed build is not kept.
    pub async fn get_or_build<E, F>(&self, import: i64, key: Key, build: F) -> Result<Arc<Built>, E>
    where
        F: std::future::Future<Output = Result<Built, E>>,
    {
        let cell = {
            let mut guard = self.entries.lock().expect("cache lock");
            let (current, map) = &mut *guard;
            if *current != import {
                *current = import;
                map.clear();
            }
            if !map.contains_key(&key) && map.len() >= MAX_ENTRIES {
                if let Some(k) = map.keys().next().cloned() {
                    map.remove(&k);
                }
            }
            map.entry(key).or_default().clone()
        };
        cell.get_or_try_init(|| async { build.await.map(Arc::new) })
            .await
            .cloned()
    }

    /// How many answers are kept (for tests of the bound).
    pub fn len(&self) -> usize {
        self.entries.lock().expect("cache lock").1.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
