//! Sign-in: every `/api` route but the public ones takes a bearer JWT from the partner portal
//! (or, with no key configured, from demo sign-in). [`Auth`] checks it — signature with the
//! configured key and algorithm only (`none` and algorithm switching are refused), `exp` and
//! `nbf` with 60 s leeway, `aud`, `iss` when configured — and turns its claims into the
//! [`Principal`] the request acts for. [`require_token`] is the middleware that does it for
//! the signed-in routes; a refusal is a 401 with `WWW-Authenticate: Bearer`.

pub mod demo;
pub mod keys;

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use shared::access::{Claims, Principal};

/// The audience tokens are for, unless configured otherwise.
pub const DEFAULT_AUDIENCE: &str = "partner-insights";
/// Clock skew tolerated on `exp` and `nbf`.
pub const LEEWAY_SECONDS: u64 = 60;

/// How tokens are checked.
pub struct Auth {
    key: DecodingKey,
    validation: Validation,
    /// Demo sign-in only: the per-process secret demo tokens are signed with.
    demo: Option<EncodingKey>,
    audience: String,
    issuer: Option<String>,
}

impl Auth {
    /// Tokens signed HS256 with `secret`.
    pub fn hs256(secret: &[u8], audience: &str, issuer: Option<&str>) -> Auth {
        Auth::new(
            DecodingKey::from_secret(secret),
            Algorithm::HS256,
            audience,
            issuer,
        )
    }

    /// Tokens signed with the private half of `key` (RS256, ES256 …: `alg` only).
    pub fn public_key(
        key: DecodingKey,
        alg: Algorithm,
        audience: &str,
        issuer: Option<&str>,
    ) -> Auth {
        Auth::new(key, alg, audience, issuer)
    }

    /// Demo sign-in: tokens the server itself signs for its sample users, with a secret that
    /// lives as long as the process (a restart signs everyone out).
    pub fn demo() -> Auth {
        let mut secret = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut secret);
        let mut auth = Auth::hs256(&secret, DEFAULT_AUDIENCE, None);
        auth.demo = Some(EncodingKey::from_secret(&secret));
        auth
    }

    fn new(key: DecodingKey, alg: Algorithm, audience: &str, issuer: Option<&str>) -> Auth {
        // One algorithm, the configured one: a token naming any other (`none`, or HS256
        // with the public key as its secret) is refused before its signature is looked at.
        let mut v = Validation::new(alg);
        v.leeway = LEEWAY_SECONDS;
        v.validate_exp = true;
        v.validate_nbf = true;
        v.set_audience(&[audience]);
        // `aud` and `iss` are only compared when present unless required.
        let mut required = vec!["exp", "sub", "aud"];
        if let Some(iss) = issuer {
            v.set_issuer(&[iss]);
            required.push("iss");
        }
        v.set_required_spec_claims(&required);
        Auth {
            key,
            validation: v,
            demo: None,
            audience: audience.to_string(),
            issuer: issuer.map(str::to_string),
        }
    }

    /// Whether this is demo sign-in (no key configured).
    pub fn is_demo(&self) -> bool {
        self.demo.is_some()
    }

    pub fn algorithm(&self) -> Algorithm {
        self.validation.algorithms[0]
    }

    /// The principal a token names, or why it is refused (the 401's message).
    pub fn principal(&self, token: &str) -> Result<Principal, String> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.key, &self.validation)
            .map_err(|e| self.refusal(token, e.kind()))?;
        Principal::from_claims(&data.claims).map_err(|e| e.to_string())
    }

    fn refusal(&self, token: &str, kind: &ErrorKind) -> String {
        let want = format!("{:?}", self.algorithm());
        // The algorithm is checked first (before the signature): say so when it is the reason.
        if let Some(alg) = header_alg(token).filter(|a| *a != want) {
            return format!("the token is signed with `{alg}`; only {want} is accepted");
        }
        match kind {
            ErrorKind::ExpiredSignature => "the token has expired".into(),
            ErrorKind::ImmatureSignature => "the token is not valid yet (nbf)".into(),
            ErrorKind::InvalidAudience => {
                format!(
                    "the token is not for this server (aud must be {})",
                    self.audience
                )
            }
            ErrorKind::InvalidIssuer => format!(
                "the token is not from the configured issuer ({})",
                self.issuer.as_deref().unwrap_or_default()
            ),
            ErrorKind::InvalidSignature => "the token's signature does not verify".into(),
            ErrorKind::MissingRequiredClaim(c) => format!("the token has no `{c}` claim"),
            ErrorKind::InvalidClaimFormat(c) => format!("the token's `{c}` claim is malformed"),
            ErrorKind::Json(e) if e.is_data() => format!("the token's claims are not valid: {e}"),
            _ => "the token is malformed".into(),
        }
    }

    /// A token for one of the demo users, with their `claims` (and this server's audience);
    /// `None` outside demo mode.
    pub fn demo_token(&self, claims: &Claims) -> Option<String> {
        let key = self.demo.as_ref()?;
        let claims = Claims {
            aud: Some(self.audience.clone()),
            ..claims.clone()
        };
        Some(sign(key, &claims))
    }
}

/// The `alg` a token's header names, read without trusting it (for the refusal message, so
/// kept to a few letters and digits: it is the sender's text).
fn header_alg(token: &str) -> Option<String> {
    let header = token.split('.').next()?;
    let json = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(header.trim_end_matches('='))
        .ok()?;
    let v: serde_json::Value = serde_json::from_slice(&json).ok()?;
    let alg: String = v.get("alg")?.as_str()?.chars().take(16).collect();
    Some(alg)
        .filter(|a| a.chars().all(|c| c.is_ascii_alphanumeric()))
        .or(Some("?".into()))
}

fn sign(key: &EncodingKey, claims: &Claims) -> String {
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, key)
        .expect("HS256 signs any claims")
}

/// Signs `claims` HS256 with `secret`: `insights token` and the tests.
pub fn sign_hs256(secret: &[u8], claims: &Claims) -> String {
    sign(&EncodingKey::from_secret(secret), claims)
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> u64 {
    jsonwebtoken::get_current_timestamp()
}

/// Middleware of the signed-in routes: the request goes on only with a valid bearer token,
/// carrying its [`Principal`] (read by the `SignedIn` and `Edit` extractors); otherwise 401.
pub async fn require_token(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(header) = req.headers().get(AUTHORIZATION) else {
        return ApiError::unauthorized(
            "sign in first: this request needs `Authorization: Bearer <token>`",
            false,
        )
        .into_response();
    };
    let token = header
        .to_str()
        .ok()
        .and_then(|h| h.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim());
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return ApiError::unauthorized("the Authorization header is not `Bearer <token>`", false)
            .into_response();
    };
    match st.auth.principal(token) {
        Ok(p) => {
            req.extensions_mut().insert(p);
            next.run(req).await
        }
        Err(why) => ApiError::unauthorized(why, true).into_response(),
    }
}
