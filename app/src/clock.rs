//! The browser's clock, for countdowns: the rules in `shared` take the instant as an argument,
//! the app only supplies it.

use leptos::prelude::*;
use std::time::Duration;
use time::OffsetDateTime;

pub fn now() -> OffsetDateTime {
    let nanos = (js_sys::Date::now() as i128) * 1_000_000;
    OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The current time, ticking every second while the calling component lives.
pub fn use_clock() -> ReadSignal<OffsetDateTime> {
    let (t, set_t) = signal(now());
    if let Ok(handle) = set_interval_with_handle(move || set_t.set(now()), Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
    t
}
