//! Sign-in: every signed-in route refuses a request without a valid bearer token (401 with
//! `WWW-Authenticate: Bearer`), whatever is wrong with it; the public routes answer anyone;
//! demo sign-in exists only without a configured key.

use crate::common::*;
use axum::http::{Method, StatusCode};
use base64::Engine;
use serde_json::{json, Value};
use server::auth::{sign_hs256, unix_now, Auth, DEFAULT_AUDIENCE};
use server::router::router;
use server::state::AppState;
use shared::access::{Claims, Role};

on_both_stores!(
    a_request_without_a_valid_token_is_refused,
    the_issuer_is_checked_when_configured,
    public_routes_answer_anyone_and_demo_routes_do_not_exist_with_a_key,
    demo_sign_in_opens_the_api_as_its_sample_users,
    demo_sign_in_scopes_follow_a_new_import,
    a_public_key_accepts_its_own_algorithm_only,
);

fn claims(sub: &str) -> Claims {
    let now = unix_now();
    Claims {
        sub: sub.into(),
        name: None,
        role: Role::Executive,
        mpn: vec![],
        exp: now + 600,
        nbf: None,
        iat: Some(now),
        aud: Some(DEFAULT_AUDIENCE.into()),
        iss: None,
    }
}

fn signed(c: &Claims) -> String {
    sign_hs256(SECRET, c)
}

fn b64(v: &Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

/// A token whose header says `alg` and whose signature is `sig` (unsigned tokens, tokens
/// claiming another algorithm).
fn forged(alg: &str, c: &Claims, sig: &str) -> String {
    let header = b64(&json!({"alg": alg, "typ": "JWT"}));
    format!("{header}.{}.{sig}", b64(&serde_json::to_value(c).unwrap()))
}

async fn a_request_without_a_valid_token_is_refused(s: &Store) {
    let now = unix_now();
    let ok = claims(AUTHOR);
    let with = |f: &dyn Fn(&mut Claims)| {
        let mut c = ok.clone();
        f(&mut c);
        c
    };
    let raw = |c: &Claims| -> Value {
        let mut v = serde_json::to_value(c).unwrap();
        v["role"] = json!("owner");
        v
    };
    let header_only = |h: &str| Some(h.to_string());
    let bearer = |t: String| Some(format!("Bearer {t}"));
    // (case, Authorization header, expected message)
    let cases: Vec<(&str, Option<String>, &str)> = vec![
        ("no token", None, "sign in first"),
        (
            "not bearer",
            header_only("Basic YWRtaW46YWRtaW4="),
            "not `Bearer <token>`",
        ),
        (
            "empty bearer",
            header_only("Bearer "),
            "not `Bearer <token>`",
        ),
        ("garbage", header_only("Bearer not.a.token"), "malformed"),
        (
            "expired beyond the leeway",
            bearer(signed(&with(&|c| c.exp = now - 120))),
            "expired",
        ),
        (
            "not valid yet",
            bearer(signed(&with(&|c| c.nbf = Some(now + 600)))),
            "not valid yet",
        ),
        (
            "wrong audience",
            bearer(signed(&with(&|c| c.aud = Some("another-app".into())))),
            "aud must be partner-insights",
        ),
        (
            "no audience",
            bearer(signed(&with(&|c| c.aud = None))),
            "no `aud` claim",
        ),
        (
            "bad signature",
            bearer(sign_hs256(b"another-secret-another-secret-another!", &ok)),
            "signature does not verify",
        ),
        (
            "tampered claims",
            bearer({
                let t = signed(&ok);
                let mut parts: Vec<String> = t.split('.').map(str::to_string).collect();
                parts[1] = b64(&serde_json::to_value(with(&|c| c.role = Role::Viewer)).unwrap());
                parts.join(".")
            }),
            "signature does not verify",
        ),
        (
            "alg none",
            bearer(forged("none", &ok, "")),
            "signed with `none`",
        ),
        (
            "algorithm switched",
            bearer(forged("RS256", &ok, "c2lnbmF0dXJl")),
            "signed with `RS256`",
        ),
        (
            "empty sub",
            bearer(signed(&with(&|c| c.sub = " ".into()))),
            "`sub` is empty",
        ),
        (
            "unknown role",
            bearer(sign_value(&raw(&ok))),
            "claims are not valid",
        ),
    ];
    let routes = [
        (Method::GET, "/api/snapshot".to_string(), None),
        (Method::GET, s.tenant_url(), None),
        (Method::GET, "/api/referrals".to_string(), None),
        (
            Method::POST,
            format!("{}/notes", s.tenant_url()),
            Some(json!({"text": "x"})),
        ),
    ];
    for (case, header, message) in cases {
        for (method, uri, body) in &routes {
            let a = raw_request(s, method.clone(), uri, header.as_deref(), body.clone()).await;
            assert_eq!(
                a.status,
                StatusCode::UNAUTHORIZED,
                "{case}: {uri}: {}",
                a.body
            );
            let challenge = a.headers["www-authenticate"].to_str().unwrap();
            assert!(
                challenge.starts_with("Bearer realm=\"partner-insights\""),
                "{case}: {challenge}"
            );
            let v = a.json();
            let error = v["error"].as_str().unwrap();
            assert!(error.contains(message), "{case}: {error}");
        }
    }
    assert_eq!(
        s.exec().get(&s.tenant_url()).await.1["notes_total"],
        0,
        "nothing written"
    );
    // Within the 60 s leeway, an expired token still passes.
    let late = signed(&with(&|c| c.exp = now - 30));
    let (status, _) = s.as_(Some(late)).get("/api/referrals").await;
    assert_eq!(status, StatusCode::OK);
}

/// Any JSON claims, signed HS256 with the test secret (claims `Claims` cannot hold).
fn sign_value(claims: &Value) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        claims,
        &jsonwebtoken::EncodingKey::from_secret(SECRET),
    )
    .unwrap()
}

async fn raw_request(
    s: &Store,
    method: Method,
    uri: &str,
    authorization: Option<&str>,
    body: Option<Value>,
) -> Answer {
    s.as_(None)
        .send_with(method, uri, authorization, body)
        .await
}

async fn the_issuer_is_checked_when_configured(s: &Store) {
    let app = router(
        AppState::new(
            s.db.clone(),
            Auth::hs256(SECRET, DEFAULT_AUDIENCE, Some("https://portal.example")),
        )
        .with_limits(unlimited()),
    );
    let mut c = claims(AUTHOR);
    for (iss, status) in [
        (None, StatusCode::UNAUTHORIZED),
        (Some("https://evil.example"), StatusCode::UNAUTHORIZED),
        (Some("https://portal.example"), StatusCode::OK),
    ] {
        c.iss = iss.map(str::to_string);
        let (got, v) = Client::new(app.clone(), Some(signed(&c)))
            .get("/api/referrals")
            .await;
        assert_eq!(got, status, "iss {iss:?}: {v}");
    }
}

async fn public_routes_answer_anyone_and_demo_routes_do_not_exist_with_a_key(s: &Store) {
    let anyone = s.as_(None);
    for uri in ["/api/health", "/api/openapi.json", "/api/config"] {
        let (status, v) = anyone.get(uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {v}");
    }
    let (_, config) = anyone.get("/api/config").await;
    assert_eq!(config, json!({"sign_in": "portal", "portal_origins": []}));
    // A feedback link is said only when one is configured.
    let url = "https://forms.example.com/insights?from=app"
        .parse()
        .unwrap();
    let app = router(AppState::new(s.db.clone(), auth()).with_feedback_url(Some(url)));
    let (_, config) = Client::new(app, None).get("/api/config").await;
    assert_eq!(
        config,
        json!({"sign_in": "portal", "portal_origins": [], "feedback_url": "https://forms.example.com/insights?from=app"})
    );
    let (status, v) = anyone.get("/api/demo/users").await;
    assert_eq!(
        (status, v["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("no such API route"))
    );
    let (status, _) = anyone
        .post("/api/demo/token", json!({"user": "executive"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn demo_sign_in_opens_the_api_as_its_sample_users(s: &Store) {
    let app = router(AppState::new(s.db.clone(), Auth::demo()).with_limits(unlimited()));
    let anyone = Client::new(app.clone(), None);
    let (_, config) = anyone.get("/api/config").await;
    assert_eq!(config["sign_in"], "demo");
    let (status, users) = anyone.get("/api/demo/users").await;
    assert_eq!(status, StatusCode::OK);
    let summary: Vec<(&str, &str, &str)> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["id"].as_str().unwrap(),
                u["role"].as_str().unwrap(),
                u["scope"].as_str().unwrap(),
            )
        })
        .collect();
    let one_mpn = format!("MPN {OTHER_MPN}");
    assert_eq!(
        summary,
        [
            ("executive", "executive", "Whole organization"),
            ("viewer", "viewer", "Whole organization"),
            ("viewer-mpn", "viewer", one_mpn.as_str()),
        ]
    );
    let (status, v) = anyone
        .post("/api/demo/token", json!({"user": "root"}))
        .await;
    assert_eq!(
        (status, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("user"))
    );
    let (status, issued) = anyone
        .post("/api/demo/token", json!({"user": "viewer-mpn"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{issued}");
    assert!(issued["expires_at"].as_u64().unwrap() > unix_now());
    let viewer = Client::new(app.clone(), issued["token"].as_str().map(str::to_string));
    let (status, snap) = viewer.get("/api/snapshot").await;
    assert_eq!(status, StatusCode::OK);
    let tenants = snap["tenants"].as_array().unwrap();
    assert_eq!(tenants.len(), 4);
    assert!(tenants.iter().all(|t| t["mpn_id"] == OTHER_MPN));
    assert!(!snap.to_string().contains("rate_per_unit"));
    // A token of the configured-key world means nothing here, and the other way round.
    let (status, _) = Client::new(app, Some(token(AUTHOR, Role::Executive, &[])))
        .get("/api/snapshot")
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = s
        .as_(issued["token"].as_str().map(str::to_string))
        .get("/api/snapshot")
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

fn fixture_key(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// RS256 and ES256 keys: tokens signed with the private key pass; the classic confusion —
/// HS256 "signed" with the public key's PEM as the secret — and the other family do not.
async fn a_public_key_accepts_its_own_algorithm_only(s: &Store) {
    use jsonwebtoken::{Algorithm, EncodingKey, Header};
    use server::auth::keys::public_key_from_file;
    for (name, alg, other) in [
        ("rsa", Algorithm::RS256, "ec"),
        ("ec", Algorithm::ES256, "rsa"),
    ] {
        let public = fixture_key(&format!("{name}_public.pem"));
        let (key, got) = public_key_from_file(&public, None).unwrap();
        assert_eq!(got, alg);
        let app = router(
            AppState::new(
                s.db.clone(),
                Auth::public_key(key, alg, DEFAULT_AUDIENCE, None),
            )
            .with_limits(unlimited()),
        );
        let private = |n: &str| std::fs::read(fixture_key(&format!("{n}_private.pem"))).unwrap();
        let encoding = |n: &str| match n {
            "rsa" => EncodingKey::from_rsa_pem(&private(n)).unwrap(),
            _ => EncodingKey::from_ec_pem(&private(n)).unwrap(),
        };
        let c = claims(AUTHOR);
        let other_alg = if alg == Algorithm::RS256 {
            Algorithm::ES256
        } else {
            Algorithm::RS256
        };
        let cases = [
            (
                "own key",
                jsonwebtoken::encode(&Header::new(alg), &c, &encoding(name)).unwrap(),
                StatusCode::OK,
            ),
            (
                "other family",
                jsonwebtoken::encode(&Header::new(other_alg), &c, &encoding(other)).unwrap(),
                StatusCode::UNAUTHORIZED,
            ),
            (
                "HS256 with the public key as secret",
                sign_hs256(&std::fs::read(&public).unwrap(), &c),
                StatusCode::UNAUTHORIZED,
            ),
            ("alg none", forged("none", &c, ""), StatusCode::UNAUTHORIZED),
        ];
        for (case, t, want) in cases {
            let (status, v) = Client::new(app.clone(), Some(t))
                .get("/api/referrals")
                .await;
            assert_eq!(status, want, "{name} {case}: {v}");
        }
    }
}

/// The MPN-scoped sample user is of the largest MPN location as of the latest import: the
/// server keeps it per import, and a new import (here: every other tenant moved to a third
/// MPN) is noticed.
async fn demo_sign_in_scopes_follow_a_new_import(s: &Store) {
    let app = router(AppState::new(s.db.clone(), Auth::demo()).with_limits(unlimited()));
    let anyone = Client::new(app, None);
    let scope_of_viewer_mpn = || async {
        let (status, users) = anyone.get("/api/demo/users").await;
        assert_eq!(status, StatusCode::OK);
        users[2]["scope"].as_str().unwrap().to_string()
    };
    assert_eq!(scope_of_viewer_mpn().await, format!("MPN {OTHER_MPN}"));
    let tenants = s.dir.join("tenants.csv");
    let text = std::fs::read_to_string(&tenants).unwrap();
    std::fs::write(&tenants, text.replace(OTHER_MPN, "9000003")).unwrap();
    server::store::import::import_folder(&s.db, &s.dir, &|_, _| {})
        .await
        .unwrap();
    assert_eq!(scope_of_viewer_mpn().await, "MPN 9000003");
}
