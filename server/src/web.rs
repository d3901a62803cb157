//! The HTTP server: the API plus the built app, with compression, caching and the headers
//! that let the product live inside a partner portal's iframe — and only there: CSP
//! `frame-ancestors` names the configured portal origins (none: the app's own origin), and no
//! script runs but the app's own files.

use crate::origin::PortalOrigin;
use crate::router::router;
use crate::state::AppState;
use axum::http::{header, HeaderValue, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use std::path::PathBuf;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

#[derive(Clone, Debug)]
pub struct WebConfig {
    /// The built app (`dist/`): index.html plus content-hashed assets.
    pub assets: PathBuf,
}

/// The Content-Security-Policy of every answer. `script-src` has no 'unsafe-inline': the
/// app's JS glue is a file, and 'wasm-unsafe-eval' only lets it compile its WebAssembly.
/// Inline styles are Leptos' `style:` attributes.
pub fn csp(portal_origins: &[PortalOrigin]) -> String {
    let ancestors: Vec<&str> = std::iter::once("'self'")
        .chain(portal_origins.iter().map(PortalOrigin::as_str))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors {}",
        ancestors.join(" ")
    )
}

async fn headers(csp: HeaderValue, req: Request<axum::body::Body>, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, csp);
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // No page of ours links anywhere a referrer would help; a portal URL stays private.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // A route that says how it may be cached (the snapshot: revalidate by ETag) keeps it.
    let cache = if h.contains_key(header::CACHE_CONTROL) {
        return res;
    } else if path.starts_with("/api/") {
        "no-store"
    } else if is_hashed_asset(&path) {
        // File names carry a content hash: they never change, so cache them for good.
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}

fn is_hashed_asset(path: &str) -> bool {
    path.starts_with("/assets/")
}

pub fn app(state: AppState, cfg: &WebConfig) -> Router {
    let index = cfg.assets.join("index.html");
    // Client-side routes (/tenants, /opportunities …) all load index.html.
    let static_files = ServeDir::new(&cfg.assets)
        .precompressed_gzip()
        .precompressed_br()
        .fallback(ServeFile::new(index));
    // Origins are checked at start-up (`PortalOrigin`): ASCII, no spaces or semicolons.
    let csp = HeaderValue::from_str(&csp(&state.portal_origins)).expect("CSP is a valid header");
    Router::new()
        .merge(router(state))
        .fallback_service(static_files)
        .layer(middleware::from_fn(move |req, next| {
            headers(csp.clone(), req, next)
        }))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
}
