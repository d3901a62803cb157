//! Who is signed in, in the header — name, role and scope, and in demo sign-in a "demo"
//! marker with a switcher to the other sample users — and what the page says until someone
//! is.

use crate::session::{demo_sign_in, use_session, SignIn};
use leptos::prelude::*;
use shared::access::SignInMode;

#[component]
pub fn Account() -> impl IntoView {
    let s = use_session();
    let demo = move || {
        s.config
            .with(|c| c.as_ref().map(|c| c.sign_in) == Some(SignInMode::Demo))
    };
    move || {
        let SignIn::SignedIn(p) = s.state.get() else {
            return ().into_any();
        };
        let switcher = demo().then(|| {
            let current = s.demo_user.get();
            view! {
                <span class="demo-badge" data-testid="demo-marker"
                    title="Demo sign-in: sample users, tokens signed by this server. Configure a key (README) before real use.">
                    "demo"
                </span>
                <label class="demo-switch">
                    <span class="visually-hidden">"Sign in as"</span>
                    <select data-testid="demo-user" on:change=move |ev| {
                        leptos::task::spawn_local(demo_sign_in(s, event_target_value(&ev)));
                    }>
                        {s.demo_users.get().into_iter().map(|u| {
                            let selected = u.id == current;
                            view! { <option value=u.id.clone() selected=selected>{format!("{} · {}", u.role.label(), u.scope)}</option> }
                        }).collect_view()}
                    </select>
                </label>
            }
        });
        view! {
            <div class="account" data-testid="account">
                {switcher}
                <span class="who">
                    <span class="name" data-testid="user-name">{p.display_name().to_string()}</span>
                    <span class="role" data-testid="user-role">{p.role.label()}</span>
                    <span class="scope" data-testid="user-scope">{p.scope.label()}</span>
                </span>
            </div>
        }
        .into_any()
    }
}

/// The page until someone is signed in.
#[component]
pub fn SigningIn() -> impl IntoView {
    let s = use_session();
    move || match s.state.get() {
        SignIn::Starting | SignIn::SignedIn(_) => view! {
            <div class="loading" role="status" data-testid="signing-in">
                <span class="spinner" aria-hidden="true"></span>
                "Signing in…"
            </div>
        }
        .into_any(),
        SignIn::Waiting { framed: true } => view! {
            <div class="loading" role="status" data-testid="signing-in">
                <span class="spinner" aria-hidden="true"></span>
                "Waiting for your partner portal to sign you in…"
            </div>
        }
        .into_any(),
        SignIn::Waiting { framed: false } => view! {
            <p class="notice" data-testid="sign-in-needed">
                "Open Partner Insights from your partner portal to sign in."
            </p>
        }
        .into_any(),
        SignIn::Failed(why) => view! {
            <div class="error" role="alert" data-testid="sign-in-error">{why}</div>
        }
        .into_any(),
    }
}
