//! View state (search, filters, sort) lives in the URL, so a link reproduces a view and
//! Back/Forward walk through it.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::sync::Arc;

/// Rewrites some query parameters (None removes one); `true` replaces the history entry.
pub type Setter = Arc<dyn Fn(&[(&'static str, Option<String>)], bool) + Send + Sync>;

/// Reads a query parameter reactively.
pub fn param(key: &'static str) -> Memo<Option<String>> {
    let q = use_query_map();
    Memo::new(move |_| q.with(|q| q.get(key)).filter(|v| !v.is_empty()))
}

/// Reads a comma-separated list parameter.
pub fn list_param(key: &'static str) -> Memo<Vec<String>> {
    let q = use_query_map();
    Memo::new(move |_| {
        q.with(|q| q.get(key))
            .map(|v| {
                v.split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// Returns a setter that rewrites some query parameters (None removes one). `replace` is for
/// typing, so every keystroke does not become a history entry.
pub fn setter() -> Setter {
    let navigate = use_navigate();
    let location = use_location();
    let q = use_query_map();
    Arc::new(
        move |changes: &[(&'static str, Option<String>)], replace: bool| {
            let mut params = q.get_untracked();
            for (k, v) in changes {
                match v {
                    Some(v) if !v.is_empty() => params.replace(*k, v.clone()),
                    _ => {
                        params.remove(k);
                    }
                }
            }
            let path = location.pathname.get_untracked();
            let query = params.to_query_string();
            navigate(
                &format!("{path}{query}"),
                NavigateOptions {
                    replace,
                    scroll: false,
                    ..Default::default()
                },
            );
        },
    )
}
