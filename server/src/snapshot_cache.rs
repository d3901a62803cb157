//! The snapshot answer, built once per import and per audience and kept in memory.
//!
//! An audience is a role and a scope: everyone who shares both sees the same bytes, so the
//! answer is built (loaded, restricted to the scope, redacted for the role, serialized) for
//! the first of them and served from memory to the rest. Only the latest import is kept: the
//! first request after an import forgets everything older. The ETag names the import, the
//! audience, the form and the layout, so a revalidation after any of them changes is a 200.
//! The compressed forms (br, gzip) are made once too, on first demand: the compression layer
//! leaves an answer that already has a `Content-Encoding` alone.

use axum::body::Bytes;
use shared::access::{Principal, Role, Scope};
use shared::dataset::Dataset;
use shared::{wire, Snapshot};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
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
        Built::new(bytes, Dataset::row_counts_of(snapshot).iter().sum())
    }
}

/// A built answer, and its compressed forms once asked for. Once its br form exists the
/// uncompressed bytes are let go: nearly every reader takes br, and at a million rows the
/// uncompressed binary is 2.2 times its br form (JSON ~20 times); the rare identity or gzip
/// reader after that gets them decompressed from br.
#[derive(Debug)]
pub struct Built {
    /// The uncompressed bytes, until the br form replaces them.
    raw: Mutex<Option<Bytes>>,
    /// Rows over all tables (`X-Snapshot-Rows`).
    pub rows: u64,
    br: OnceLock<Bytes>,
    gzip: OnceLock<Bytes>,
}

impl Built {
    pub fn new(bytes: Vec<u8>, rows: u64) -> Built {
        Built {
            raw: Mutex::new(Some(Bytes::from(bytes))),
            rows,
            br: OnceLock::new(),
            gzip: OnceLock::new(),
        }
    }

    /// The bytes in `encoding`: compressed the first time they are asked for, then kept, so
    /// a cached answer costs no compression (at a million rows compressing takes seconds).
    /// Blocking: call it off the async workers.
    pub fn encoded(&self, encoding: Encoding) -> Bytes {
        match encoding {
            Encoding::Identity => self.raw(),
            Encoding::Br => {
                let br = self.br.get_or_init(|| Bytes::from(brotli(&self.raw())));
                *self.raw.lock().expect("raw lock") = None;
                br.clone()
            }
            Encoding::Gzip => self
                .gzip
                .get_or_init(|| Bytes::from(gzip(&self.raw())))
                .clone(),
        }
    }

    /// The uncompressed bytes: kept, or decompressed from br once they were let go.
    fn raw(&self) -> Bytes {
        if let Some(raw) = self.raw.lock().expect("raw lock").clone() {
            return raw;
        }
        let br = self
            .br
            .get()
            .expect("the raw bytes are let go only once br exists");
        Bytes::from(unbrotli(br))
    }
}

/// Brotli quality 5, 4 MiB window: within a few percent of the best size at a fraction of
/// the time (quality 11 takes minutes at a million rows).
fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut w = brotli::CompressorWriter::new(Vec::new(), 1 << 16, 5, 22);
    w.write_all(bytes).expect("writing to memory");
    w.into_inner()
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut brotli::Decompressor::new(bytes, 1 << 16), &mut out)
        .expect("our own br form decompresses");
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    w.write_all(bytes).expect("writing to memory");
    w.finish().expect("writing to memory")
}

/// How an answer is compressed on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    Gzip,
    Br,
}

impl Encoding {
    /// Brotli if `Accept-Encoding` allows it, else gzip, else none.
    pub fn negotiate(accept_encoding: Option<&str>) -> Encoding {
        let allows = |name: &str| {
            accept_encoding.unwrap_or_default().split(',').any(|c| {
                let mut parts = c.split(';').map(str::trim);
                let coding = parts.next().unwrap_or_default();
                let refused = parts.any(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                coding.eq_ignore_ascii_case(name) && !refused
            })
        };
        if allows("br") {
            Encoding::Br
        } else if allows("gzip") {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }

    /// The `Content-Encoding` value, if any.
    pub fn header(self) -> Option<&'static str> {
        match self {
            Encoding::Identity => None,
            Encoding::Gzip => Some("gzip"),
            Encoding::Br => Some("br"),
        }
    }
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

/// Whom an answer is for, in which form.
pub type Key = (Audience, Form);
type Cell = Arc<OnceCell<Arc<Built>>>;

/// At most this many audiences are kept per import; past it, the least recently asked for is
/// dropped (it is built again when asked for).
const MAX_ENTRIES: usize = 64;

/// The answers of one import.
#[derive(Default)]
struct Entries {
    import: i64,
    map: HashMap<Key, Entry>,
    /// Counts `get_or_build` calls: when each answer was last used, without a clock.
    uses: u64,
}

#[derive(Default)]
struct Entry {
    cell: Cell,
    last_used: u64,
    /// A reader asked for it ([`SnapshotCache::first_request`]), not only the refresh.
    requested: bool,
}

#[derive(Default)]
pub struct SnapshotCache {
    entries: Mutex<Entries>,
}

impl SnapshotCache {
    /// The answer for `key` as of `import`, built by `build` if no request built it yet
    /// (concurrent first requests wait for one build). The build runs as a task of its own,
    /// so a request that gives up (the time limit, a closed connection) does not waste it:
    /// the next request finds it done or still under way. A failed build is not kept.
    pub async fn get_or_build<E, F>(&self, import: i64, key: Key, build: F) -> Result<Arc<Built>, E>
    where
        E: Send + 'static,
        F: std::future::Future<Output = Result<Built, E>> + Send + 'static,
    {
        let cell = {
            let mut guard = self.entries.lock().expect("cache lock");
            let e = &mut *guard;
            if e.import != import {
                e.import = import;
                e.map.clear();
            }
            if !e.map.contains_key(&key) && e.map.len() >= MAX_ENTRIES {
                let oldest = e.map.iter().min_by_key(|(_, entry)| entry.last_used);
                if let Some(k) = oldest.map(|(k, _)| k.clone()) {
                    e.map.remove(&k);
                }
            }
            e.uses += 1;
            let uses = e.uses;
            let entry = e.map.entry(key).or_default();
            entry.last_used = uses;
            entry.cell.clone()
        };
        if let Some(built) = cell.get() {
            return Ok(built.clone());
        }
        let task = tokio::spawn(async move {
            cell.get_or_try_init(|| async { build.await.map(Arc::new) })
                .await
                .cloned()
        });
        match task.await {
            Ok(result) => result,
            // The build panicked: a bug of ours; the request fails as a panic would.
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }

    /// The import the kept answers are of (0 before any was asked for).
    pub fn import(&self) -> i64 {
        self.entries.lock().expect("cache lock").import
    }

    /// Whether the answer for `key` as of `import` is built and kept.
    pub fn holds(&self, import: i64, key: &Key) -> bool {
        let e = self.entries.lock().expect("cache lock");
        e.import == import && e.map.get(key).is_some_and(|x| x.cell.initialized())
    }

    /// Marks the kept answer for `key` as of `import` as asked for by a reader; `true` the
    /// first time (per import), so the store hears of each audience once per import.
    pub fn first_request(&self, import: i64, key: &Key) -> bool {
        let mut e = self.entries.lock().expect("cache lock");
        if e.import != import {
            return false;
        }
        match e.map.get_mut(key) {
            Some(entry) if !entry.requested => {
                entry.requested = true;
                true
            }
            _ => false,
        }
    }

    /// How many answers are kept (for tests of the bound).
    pub fn len(&self) -> usize {
        self.entries.lock().expect("cache lock").map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::MpnId;

    fn key(mpn: u32) -> Key {
        let scope = Scope::Locations([MpnId::from(mpn.to_string())].into());
        (
            Audience {
                role: Role::Viewer,
                scope,
            },
            Form::Binary,
        )
    }

    /// Asks for `k` as of `import`: `true` when this call built it, `false` when it was kept.
    async fn ask(cache: &SnapshotCache, import: i64, k: Key) -> bool {
        let built = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = built.clone();
        cache
            .get_or_build::<(), _>(import, k, async move {
                flag.store(true, std::sync::atomic::Ordering::SeqCst);
                Ok(Built::new(vec![1, 2, 3], 1))
            })
            .await
            .unwrap();
        built.load(std::sync::atomic::Ordering::SeqCst)
    }

    #[tokio::test]
    async fn an_answer_is_built_once_per_import() {
        let cache = SnapshotCache::default();
        assert_eq!(cache.import(), 0);
        assert!(ask(&cache, 1, key(1)).await, "first: built");
        assert!(!ask(&cache, 1, key(1)).await, "again: kept");
        assert!(cache.holds(1, &key(1)));
        assert!(ask(&cache, 2, key(1)).await, "a new import: built again");
        assert!(
            !cache.holds(1, &key(1)),
            "the older import's answers are forgotten"
        );
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.import(), 2);
    }

    #[tokio::test]
    async fn a_reader_is_first_once_per_import_whoever_built_the_answer() {
        let cache = SnapshotCache::default();
        assert!(!cache.first_request(1, &key(1)), "nothing kept yet");
        ask(&cache, 1, key(1)).await; // built ahead, by the refresh
        assert!(cache.first_request(1, &key(1)));
        assert!(!cache.first_request(1, &key(1)));
        assert!(!cache.first_request(0, &key(1)), "another import");
        ask(&cache, 2, key(1)).await;
        assert!(cache.first_request(2, &key(1)));
    }

    #[test]
    fn after_br_the_raw_bytes_are_let_go_and_every_form_still_reads_the_same() {
        let data: Vec<u8> = (0..50_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let built = Built::new(data.clone(), 1);
        let held = |b: &Built| b.raw.lock().unwrap().is_some();
        assert_eq!(built.encoded(Encoding::Identity), data);
        assert!(held(&built));
        let br = built.encoded(Encoding::Br);
        assert!(!held(&built), "let go once br exists");
        assert_eq!(unbrotli(&br), data);
        assert_eq!(built.encoded(Encoding::Br), br, "made once");
        assert_eq!(built.encoded(Encoding::Identity), data);
        assert!(!held(&built), "not kept again");
        let mut gunzipped = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(&built.encoded(Encoding::Gzip)[..]),
            &mut gunzipped,
        )
        .unwrap();
        assert_eq!(gunzipped, data);
    }

    #[tokio::test]
    async fn past_the_bound_the_least_recently_asked_for_is_dropped() {
        let cache = SnapshotCache::default();
        for m in 0..MAX_ENTRIES as u32 {
            ask(&cache, 1, key(m)).await;
        }
        // Asked for again: now the most recent; 1 is the least recent.
        ask(&cache, 1, key(0)).await;
        ask(&cache, 1, key(MAX_ENTRIES as u32)).await;
        assert_eq!(cache.len(), MAX_ENTRIES);
        assert!(cache.holds(1, &key(0)));
        assert!(!cache.holds(1, &key(1)));
        assert!(cache.holds(1, &key(2)));
    }
}
