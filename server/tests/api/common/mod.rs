//! What every API test starts from: a small imported data set on a fresh store (a SQLite file,
//! or a PostgreSQL schema of its own), the real router checking tokens signed with [`SECRET`],
//! and a client for it that signs in as the executive [`AUTHOR`] (or, through [`Store::as_`],
//! as anyone).

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{json, Value};
use server::auth::{sign_hs256, unix_now, Auth, DEFAULT_AUDIENCE};
use server::demo_data::{self, DemoOptions};
use server::router::router;
use server::state::{AppState, Limits};
use server::store::{import, Db};
use shared::access::{Claims, Role};
use shared::eligibility::{AssociationType, Designation};
use shared::{Acceptance, ClaimedBy, Money, MpnId, Referral, ReferralId, Workload};
use std::path::{Path, PathBuf};
use time::OffsetDateTime;
use tower::ServiceExt;

pub mod served;

/// A workload of ours on the fixture tenant, with `TOTAL` entitlements.
pub const WORKLOAD: &str = "Teams Rooms Test";
pub const TOTAL: u64 = 100;
/// The fixture tenant's fresh, pending referral.
pub const REFERRAL: &str = "RFA-TEST-1";
/// The fixture tenant's referral assigned 169 hours ago: expired.
pub const EXPIRED_REFERRAL: &str = "RFA-TEST-OLD";
/// Who the default client is signed in as (an executive of the whole organization).
pub const AUTHOR: &str = "ann@partner.example";
/// The HS256 secret the test server checks tokens with.
pub const SECRET: &[u8] = b"test-secret-test-secret-test-secret-0123";
/// The fixture tenant's Partner Center ID; every other tenant's is [`OTHER_MPN`].
pub const FIXTURE_MPN: &str = "9000001";
pub const OTHER_MPN: &str = "9000002";

/// A token for `sub` with `role`, granted `mpn` (none: the whole organization), valid for an
/// hour.
pub fn token(sub: &str, role: Role, mpn: &[&str]) -> String {
    let now = unix_now();
    sign_hs256(
        SECRET,
        &Claims {
            sub: sub.into(),
            name: None,
            role,
            mpn: mpn.iter().map(|m| m.to_string()).collect(),
            exp: now + 3600,
            nbf: None,
            iat: Some(now),
            aud: Some(DEFAULT_AUDIENCE.into()),
            iss: None,
        },
    )
}

/// The server's sign-in: tokens signed with [`SECRET`] for the default audience.
pub fn auth() -> Auth {
    Auth::hs256(SECRET, DEFAULT_AUDIENCE, None)
}

/// The test router over `db`: no rate limit unless a test sets one.
pub fn test_router(db: &Db, limits: Limits) -> axum::Router {
    router(AppState::new(db.clone(), auth()).with_limits(limits))
}

/// No rate limit, the default timeout.
pub fn unlimited() -> Limits {
    Limits {
        per_second: 0,
        ..Limits::default()
    }
}

/// A small import folder with one tenant whose referral is fresh and pending, one expired
/// referral, and a workload of ours with 100 entitlements. The fixture tenant alone is of
/// [`FIXTURE_MPN`], and has an eligibility row (Security). Revenue figures are distinctive
/// ([`rate_cents`], [`mci_cents`], [`subscription_cents`], [`acr_cents`]) so a test
/// can look for them anywhere in an answer. Returns the tenant ID.
fn fixture(dir: &Path) -> String {
    let mut data = demo_data::generate(&DemoOptions {
        tenants: 5,
        seed: 11,
        as_of: OffsetDateTime::now_utc(),
    });
    let t0 = data.tenants[0].id;
    for (i, t) in data.tenants.iter_mut().enumerate() {
        t.mpn_id = MpnId(if i == 0 { FIXTURE_MPN } else { OTHER_MPN }.into());
    }
    for (i, w) in data.workloads.iter_mut().enumerate() {
        w.rate_per_unit = Some(Money(rate_cents(i)));
    }
    for (i, c) in data.cloud_endpoints.iter_mut().enumerate() {
        c.mci_estimate = Some(Money(mci_cents(i)));
    }
    // The fixture tenant is a Security customer whatever the demo drew for it.
    let mut e = data.eligibility[0].clone();
    (e.tpid, e.customer_name, e.tenant_id) = (
        data.tenants[0].tpid.clone(),
        data.tenants[0].customer_name.clone(),
        t0,
    );
    e.designation = Designation::Security;
    e.workload = Workload::new("Sentinel");
    e.association = AssociationType::Pal;
    data.eligibility.push(e);
    for (i, e) in data.eligibility.iter_mut().enumerate() {
        e.active_subscription = Some(Money(subscription_cents(i)));
        e.acr_12_months = Some(Money(acr_cents(i)));
    }
    let mut w = data.workloads[0].clone();
    w.tenant_id = t0;
    w.workload = Workload::new(WORKLOAD);
    w.claimed_by = Some(ClaimedBy::Us);
    w.total_entitlements = TOTAL;
    data.workloads.push(w);
    let r = Referral {
        id: ReferralId::from(REFERRAL),
        tenant_id: t0,
        source: "FastTrack".into(),
        rfa_workloads: vec![WORKLOAD.into()],
        assigned_at: OffsetDateTime::now_utc() - time::Duration::hours(1),
        acceptance: Acceptance::Pending,
        status: "New".into(),
        au_at_referral: None,
    };
    let mut old = r.clone();
    old.id = ReferralId::from(EXPIRED_REFERRAL);
    old.assigned_at = OffsetDateTime::now_utc() - time::Duration::hours(169);
    data.referrals.retain(|x| x.tenant_id != t0);
    data.referrals.push(r);
    data.referrals.push(old);
    demo_data::write(&data, dir).unwrap();
    t0.to_string()
}

/// The fixture's rate per unit of workload row `i`, in cents: a number found nowhere else.
pub fn rate_cents(i: usize) -> i64 {
    9_100_000 + 7 * i as i64
}

/// The fixture's MCI estimate of cloud endpoint row `i`, in cents.
pub fn mci_cents(i: usize) -> i64 {
    8_300_000 + 11 * i as i64
}

/// The fixture's active subscription value of eligibility row `i`, in cents.
pub fn subscription_cents(i: usize) -> i64 {
    7_700_000 + 13 * i as i64
}

/// The fixture's ACR 12 months of eligibility row `i`, in cents.
pub fn acr_cents(i: usize) -> i64 {
    6_600_000 + 17 * i as i64
}

/// The PostgreSQL server the tests use: INSIGHTS_TEST_POSTGRES, or the machine's.
pub fn postgres_url() -> String {
    std::env::var("INSIGHTS_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

/// A fresh store with the fixture imported, and the API over it.
pub struct Store {
    pub db: Db,
    /// The URL `db` was opened with (for the `insights` binary).
    pub url: String,
    /// The imported CSV folder (for a re-import).
    pub dir: PathBuf,
    /// The fixture tenant's ID.
    pub tenant: String,
    app: axum::Router,
    /// The PostgreSQL schema to drop afterwards, with a connection outside it.
    schema: Option<(sqlx::AnyPool, String)>,
    _tmp: tempfile::TempDir,
}

impl Store {
    pub async fn sqlite() -> Store {
        let tmp = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", tmp.path().join("x.db").display());
        Store::open(tmp, url, None).await
    }

    /// In a schema of its own, so that it collides with no other test (the CLI parity test
    /// imports into `public`).
    pub async fn postgres() -> Store {
        let base = postgres_url();
        let schema = format!("api_test_{}", uuid::Uuid::new_v4().simple());
        sqlx::any::install_default_drivers();
        let admin = sqlx::AnyPool::connect(&base).await.unwrap();
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&admin)
            .await
            .unwrap();
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
        let tmp = tempfile::tempdir().unwrap();
        Store::open(tmp, url, Some((admin, schema))).await
    }

    async fn open(
        tmp: tempfile::TempDir,
        url: String,
        schema: Option<(sqlx::AnyPool, String)>,
    ) -> Store {
        let dir = tmp.path().join("csv");
        let tenant = fixture(&dir);
        let db = Db::connect(&url).await.unwrap();
        import::import_folder(&db, &dir, &|_, _| {}).await.unwrap();
        Store {
            app: test_router(&db, unlimited()),
            db,
            url,
            dir,
            tenant,
            schema,
            _tmp: tmp,
        }
    }

    /// Closes the store; a PostgreSQL schema is dropped.
    pub async fn close(self) {
        self.db.pool.close().await;
        if let Some((admin, schema)) = self.schema {
            sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
                .execute(&admin)
                .await
                .unwrap();
        }
    }

    /// `/api/tenants/{the fixture tenant}`
    pub fn tenant_url(&self) -> String {
        format!("/api/tenants/{}", self.tenant)
    }

    /// The service status of the fixture's `WORKLOAD`.
    pub fn status_url(&self) -> String {
        format!(
            "{}/service-status/{}",
            self.tenant_url(),
            WORKLOAD.replace(' ', "%20")
        )
    }

    /// A client sending `token` (none: no Authorization header).
    pub fn as_(&self, token: Option<String>) -> Client {
        Client {
            app: self.app.clone(),
            token,
        }
    }

    /// The executive [`AUTHOR`].
    pub fn exec(&self) -> Client {
        self.as_(Some(token(AUTHOR, Role::Executive, &[])))
    }

    pub async fn call(
        &self,
        method: Method,
        uri: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        self.exec().call(method, uri, body).await
    }

    pub async fn get(&self, uri: &str) -> (StatusCode, Value) {
        self.call(Method::GET, uri, None).await
    }

    pub async fn put(&self, uri: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PUT, uri, Some(body)).await
    }

    pub async fn post(&self, uri: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, uri, Some(body)).await
    }

    pub async fn delete(&self, uri: &str) -> (StatusCode, Value) {
        self.call(Method::DELETE, uri, None).await
    }

    /// The fixture tenant's detail.
    pub async fn detail(&self) -> Value {
        let (s, v) = self.get(&self.tenant_url()).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v
    }

    /// Adds a contact to the fixture tenant; returns it.
    pub async fn add_contact(&self, contact: Value) -> Value {
        let (s, c) = self
            .post(&format!("{}/contacts", self.tenant_url()), contact)
            .await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        c
    }

    /// Accepts `REFERRAL` (from version 0), with a value-added service worth 2,500.00.
    pub async fn accept_referral(&self) -> Value {
        let (s, v) = self.put(&decision_url(REFERRAL), accepted()).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v
    }
}

/// A client of the test router signed in with one token.
pub struct Client {
    app: axum::Router,
    token: Option<String>,
}

/// An answer: status, headers and the body as text.
pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

/// An answer whose body is kept as bytes.
pub struct RawAnswer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl RawAnswer {
    /// A header's value as text ("" when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or_default()
    }
}

impl Answer {
    pub fn json(&self) -> Value {
        if self.body.is_empty() {
            return Value::Null;
        }
        serde_json::from_str(&self.body)
            .unwrap_or_else(|_| panic!("not JSON ({}): {}", self.status, self.body))
    }
}

impl Client {
    /// A client of `app` sending `token`.
    pub fn new(app: axum::Router, token: Option<String>) -> Client {
        Client { app, token }
    }

    /// The raw answer to one request.
    pub async fn send(&self, method: Method, uri: &str, body: Option<Value>) -> Answer {
        let auth = self.token.as_ref().map(|t| format!("Bearer {t}"));
        self.send_with(method, uri, auth.as_deref(), body).await
    }

    /// The raw answer to one request with this `Authorization` header (none: without).
    pub async fn send_with(
        &self,
        method: Method,
        uri: &str,
        authorization: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let mut req = Request::builder().method(method).uri(uri);
        if let Some(a) = authorization {
            req = req.header("authorization", a);
        }
        let body = match body {
            Some(v) => {
                req = req.header("content-type", "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        let res = self
            .app
            .clone()
            .oneshot(req.body(body).unwrap())
            .await
            .unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        let bytes = axum::body::to_bytes(res.into_body(), 10 << 20)
            .await
            .unwrap();
        Answer {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }

    /// A GET with these extra headers, the body as bytes (for answers that are not text).
    pub async fn get_bytes(&self, uri: &str, headers: &[(&str, &str)]) -> RawAnswer {
        let mut req = Request::builder().method(Method::GET).uri(uri);
        if let Some(t) = &self.token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let res = self
            .app
            .clone()
            .oneshot(req.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        let body = axum::body::to_bytes(res.into_body(), 1 << 30)
            .await
            .unwrap()
            .to_vec();
        RawAnswer {
            status,
            headers,
            body,
        }
    }

    pub async fn call(
        &self,
        method: Method,
        uri: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let a = self.send(method, uri, body).await;
        (a.status, a.json())
    }

    pub async fn get(&self, uri: &str) -> (StatusCode, Value) {
        self.call(Method::GET, uri, None).await
    }

    pub async fn put(&self, uri: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PUT, uri, Some(body)).await
    }

    pub async fn post(&self, uri: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, uri, Some(body)).await
    }

    pub async fn delete(&self, uri: &str) -> (StatusCode, Value) {
        self.call(Method::DELETE, uri, None).await
    }
}

pub fn decision_url(referral: &str) -> String {
    format!("/api/referrals/{referral}/decision")
}

/// Accepting `REFERRAL` from version 0.
pub fn accepted() -> Value {
    json!({"version": 0, "acceptance": "Accepted", "status": "Engaged",
        "value_added_services_sold": "Adoption workshop", "services_estimated_value": "2500.00"})
}

pub fn customer(name: &str, eligible: bool) -> Value {
    json!({"contact_type": "Customer", "name": name, "email": "c@contoso.com",
        "country": "Norway", "survey_language": "English",
        "services_assisted_with": ["Teams"], "survey_eligible": eligible})
}

pub fn partner(name: &str, eligible: bool) -> Value {
    let mut p = customer(name, eligible);
    p["contact_type"] = json!("Partner");
    p
}

/// One service-status split.
pub fn split(l1: &str, l2: Value, l3: Value, n: u64) -> Value {
    json!({"l1": l1, "l2": l2, "l3": l3, "count": n})
}

/// A 400 naming `field`, with a message.
pub fn assert_field(r: &(StatusCode, Value), field: &str) {
    assert_eq!(r.0, StatusCode::BAD_REQUEST, "{:?}", r.1);
    assert_eq!(r.1["field"], field, "{:?}", r.1);
    assert!(r.1["error"].as_str().is_some_and(|e| !e.is_empty()));
}

/// A 409 whose message names the version actually stored.
pub fn assert_stale(r: &(StatusCode, Value), stored: i64) {
    assert_eq!(r.0, StatusCode::CONFLICT, "{:?}", r.1);
    let error = r.1["error"].as_str().unwrap();
    assert!(error.contains(&format!("(version {stored},")), "{error}");
}

/// The element of the JSON array `list` whose `path` (a JSON pointer) is `value`.
pub fn find<'a>(list: &'a Value, path: &str, value: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|x| x.pointer(path).is_some_and(|v| v == value))
        .unwrap_or_else(|| panic!("no {path} = {value} in {list}"))
}
