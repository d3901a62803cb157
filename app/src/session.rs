//! Signing in, in the browser. The token lives in this module's memory only — never a
//! cookie, never `localStorage`/`sessionStorage` (partitioned or blocked in a portal's
//! iframe, and readable by anything on the origin) — and `api::send` is the only reader.
//!
//! Where a token comes from (`shared::access::session` has the message protocol):
//! - framed by the partner portal: the app announces itself to its parent (`insights:ready`,
//!   posted to each configured portal origin, never `*`) and takes `insights:token` only from
//!   its parent window, and only when the message's origin is exactly one of those origins;
//!   before the token expires, and after a 401, it asks again (`insights:token-request`);
//! - opened top-level with `#token=…`: the token is taken and removed from the address bar at
//!   once, before anything else runs;
//! - demo sign-in (no key on the server): the sample executive, switchable in the header (the
//!   tab remembers the sample user's name in `sessionStorage`, never its token).
//!
//! The claims are read from the token's payload (unverified: the server verifies every
//! request; the app only needs to know whom to show and what to hide).

use crate::api;
use base64::Engine;
use futures::channel::oneshot;
use leptos::prelude::*;
use leptos_dom::helpers::{set_timeout_with_handle, TimeoutHandle};
use shared::access::{
    Claims, DemoUser, Principal, SignInConfig, SignInMode, MSG_READY, MSG_TOKEN, MSG_TOKEN_REQUEST,
};
use std::cell::RefCell;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Where signing in stands.
#[derive(Debug, Clone, PartialEq)]
pub enum SignIn {
    Starting,
    /// Framed, waiting for the portal's token (or, top-level without one, nowhere to get it).
    Waiting {
        framed: bool,
    },
    SignedIn(Principal),
    Failed(String),
}

/// The sign-in state the header and the app's root render.
#[derive(Clone, Copy)]
pub struct Session {
    pub state: RwSignal<SignIn>,
    pub config: RwSignal<Option<SignInConfig>>,
    /// Demo sign-in's sample users, and which one is signed in.
    pub demo_users: RwSignal<Vec<DemoUser>>,
    pub demo_user: RwSignal<String>,
}

thread_local! {
    static TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
    /// Requests waiting for a fresh token after a 401.
    static WAITERS: RefCell<Vec<oneshot::Sender<()>>> = const { RefCell::new(Vec::new()) };
    static REFRESH: RefCell<Option<TimeoutHandle>> = const { RefCell::new(None) };
}

/// The current token, for `api::send`.
pub fn token() -> Option<String> {
    TOKEN.with(|t| t.borrow().clone())
}

/// Starts signing in (once, at the app's root) and provides the [`Session`].
pub fn provide() -> Session {
    // First of all: a token in the address bar leaves it before anything can read or log it.
    let from_fragment = take_fragment_token();
    let s = Session {
        state: RwSignal::new(SignIn::Starting),
        config: RwSignal::new(None),
        demo_users: RwSignal::new(Vec::new()),
        demo_user: RwSignal::new(String::new()),
    };
    SESSION.with(|c| *c.borrow_mut() = Some(s));
    provide_context(s);
    leptos::task::spawn_local(start(s, from_fragment));
    s
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The signed-in user, in the pages (they render only once someone is signed in).
#[derive(Clone)]
pub struct CurrentUser(pub Principal);

pub fn use_user() -> Principal {
    expect_context::<CurrentUser>().0
}

async fn start(s: Session, from_fragment: Option<String>) {
    let config = match api::sign_in_config().await {
        Ok(c) => c,
        Err(e) => {
            s.state.set(SignIn::Failed(format!(
                "The sign-in settings could not be loaded: {e}"
            )));
            return;
        }
    };
    s.config.set(Some(config.clone()));
    let framed = is_framed();
    if framed {
        listen_to_parent(config.portal_origins.clone());
        post_to_parent(&config.portal_origins, MSG_READY);
    }
    let mut refused = None;
    if let Some(t) = from_fragment {
        match accept(s, &t) {
            Ok(()) => return,
            Err(e) => refused = Some(e),
        }
    }
    match config.sign_in {
        SignInMode::Demo => {
            if let Ok(users) = api::demo_users().await {
                // The sample user chosen earlier in this tab, else the executive (first).
                let chosen = remembered_demo_user().filter(|id| users.iter().any(|u| u.id == *id));
                let first = users.first().map(|u| u.id.clone()).unwrap_or_default();
                s.demo_users.set(users);
                demo_sign_in(s, chosen.unwrap_or(first)).await;
            }
        }
        SignInMode::Portal => s.state.set(match refused {
            Some(why) if !framed => SignIn::Failed(format!(
                "The sign-in link cannot be used ({why}): open Partner Insights from your partner portal."
            )),
            _ => SignIn::Waiting { framed },
        }),
    }
}

/// Where the tab remembers which sample user it chose: a name, not a token (the token stays
/// in memory), so a reload shows the same sample user again.
const DEMO_USER_KEY: &str = "insights.demo-user";

fn remembered_demo_user() -> Option<String> {
    let storage = web_sys::window()?.session_storage().ok()??;
    storage.get_item(DEMO_USER_KEY).ok()?
}

/// Signs in as the demo user `id`.
pub async fn demo_sign_in(s: Session, id: String) {
    match api::demo_token(&id).await {
        Ok(t) => {
            if let Some(storage) =
                web_sys::window().and_then(|w| w.session_storage().ok().flatten())
            {
                let _ = storage.set_item(DEMO_USER_KEY, &id);
            }
            s.demo_user.set(id);
            if let Err(e) = accept(s, &t.token) {
                s.state.set(SignIn::Failed(e));
            }
        }
        Err(e) => s
            .state
            .set(SignIn::Failed(format!("Demo sign-in failed: {e}"))),
    }
}

/// Takes `token` if its claims name a user and it has not expired: it becomes the token every
/// request sends, the header shows its user, and a fresh one is asked for before it expires.
fn accept(s: Session, token: &str) -> Result<(), String> {
    let claims = claims_of(token).ok_or("the token is malformed")?;
    let now = (js_sys::Date::now() / 1000.0) as u64;
    if claims.exp <= now {
        return Err("the token has expired".into());
    }
    let user = Principal::from_claims(&claims).map_err(|e| e.to_string())?;
    TOKEN.with(|t| *t.borrow_mut() = Some(token.to_string()));
    // A refresh for the same user changes nothing on screen; another user re-renders all.
    if s.state.get_untracked() != SignIn::SignedIn(user.clone()) {
        s.state.set(SignIn::SignedIn(user));
    }
    schedule_refresh(s, claims.exp.saturating_sub(now));
    WAITERS.with(|w| {
        for tx in w.borrow_mut().drain(..) {
            let _ = tx.send(());
        }
    });
    Ok(())
}

/// The claims of a token's payload, unverified.
pub fn claims_of(token: &str) -> Option<Claims> {
    let payload = token.split('.').nth(1)?;
    let json = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&json).ok()
}

/// Asks for a fresh token a minute before this one's `exp` (halfway for short-lived ones).
fn schedule_refresh(s: Session, seconds_left: u64) {
    let lead = if seconds_left > 120 {
        60
    } else {
        seconds_left / 2
    };
    let wait = Duration::from_secs(seconds_left.saturating_sub(lead).max(1));
    let handle = set_timeout_with_handle(
        move || {
            request_token(s);
        },
        wait,
    )
    .ok();
    REFRESH.with(|r| {
        if let Some(old) = r.replace(handle) {
            old.clear();
        }
    });
}

/// Asks for a fresh token where this one came from: the portal, or demo sign-in. `false` when
/// there is nowhere to ask (opened top-level with `#token=`).
fn request_token(s: Session) -> bool {
    let Some(config) = s.config.get_untracked() else {
        return false;
    };
    match config.sign_in {
        SignInMode::Demo => {
            let id = s.demo_user.get_untracked();
            leptos::task::spawn_local(demo_sign_in(s, id));
            true
        }
        SignInMode::Portal if is_framed() => {
            post_to_parent(&config.portal_origins, MSG_TOKEN_REQUEST);
            true
        }
        // Nowhere to ask: the request's 401 says so at once.
        SignInMode::Portal => false,
    }
}

/// After a 401: asks for a fresh token and waits for it (at most 15 s). `true` when one came.
pub async fn renew() -> bool {
    let Some(s) = SESSION.with(|c| *c.borrow()) else {
        return false;
    };
    if !request_token(s) {
        return false;
    }
    // The answer comes asynchronously (a message, a demo sign-in), after this waiter is set.
    let (tx, rx) = oneshot::channel();
    WAITERS.with(|w| w.borrow_mut().push(tx));
    let timeout = Box::pin(sleep(15_000));
    matches!(
        futures::future::select(rx, timeout).await,
        futures::future::Either::Left((Ok(()), _))
    )
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn is_framed() -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    match w.parent() {
        Ok(Some(parent)) => !js_sys::Object::is(&parent, &w),
        _ => false,
    }
}

/// Posts `{type}` to the parent window, addressed to each allowed origin in turn: the browser
/// delivers it only to a parent of that exact origin, so nothing reaches anyone else.
fn post_to_parent(origins: &[String], kind: &str) {
    let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else {
        return;
    };
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"type".into(), &kind.into());
    for origin in origins {
        let _ = parent.post_message(&msg, origin);
    }
}

/// Takes `insights:token` messages from the parent window of an allowed origin; everything
/// else — another origin, another window, another shape — is ignored.
fn listen_to_parent(origins: Vec<String>) {
    let Some(w) = web_sys::window() else {
        return;
    };
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let Some(s) = SESSION.with(|c| *c.borrow()) else {
                return;
            };
            if !origins.iter().any(|o| *o == ev.origin()) {
                return;
            }
            let parent = web_sys::window().and_then(|w| w.parent().ok().flatten());
            let from_parent = match (ev.source(), parent) {
                (Some(src), Some(p)) => js_sys::Object::is(&src, &p),
                _ => false,
            };
            if !from_parent {
                return;
            }
            let data = ev.data();
            let field = |k: &str| js_sys::Reflect::get(&data, &k.into()).ok()?.as_string();
            if field("type").as_deref() != Some(MSG_TOKEN) {
                return;
            }
            if let Some(token) = field("token") {
                if let Err(e) = accept(s, &token) {
                    web_sys::console::warn_1(
                        &format!("Partner Insights: token refused: {e}").into(),
                    );
                }
            }
        });
    let _ = w.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    // Listens for the app's lifetime.
    on_message.forget();
}

/// `#token=…` in the address bar: taken, and the fragment removed from the bar and the
/// history entry at once.
fn take_fragment_token() -> Option<String> {
    let w = web_sys::window()?;
    let location = w.location();
    let hash = location.hash().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(hash.strip_prefix('#')?).ok()?;
    let token = params.get("token")?;
    let clean = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&clean));
    }
    Some(token).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::access::Role;

    fn b64(s: &str) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn claims_are_read_from_the_payload() {
        let payload = r#"{"sub":"ann","name":"Änn","role":"viewer","mpn":["1"],"exp":9}"#;
        let token = format!("{}.{}.sig", b64(r#"{"alg":"HS256"}"#), b64(payload));
        let c = claims_of(&token).unwrap();
        assert_eq!((c.sub.as_str(), c.role, c.exp), ("ann", Role::Viewer, 9));
        assert_eq!(c.name.as_deref(), Some("Änn"));
        for bad in ["", "a", "a.b.c", &format!("x.{}.y", b64("{}"))] {
            assert_eq!(claims_of(bad), None, "{bad}");
        }
    }
}
