//! Dates and instants as the person reads them: the browser's locale and time zone (`Intl`),
//! with the data contract's plain form (`YYYY-MM-DD`, the UTC instant in RFC 3339) on hover.
//! Which form a column's value takes is decided by `shared` (`Column::display`); only the
//! locale and time zone are the browser's.

use js_sys::{Array, Date as JsDate, Intl, Object, Reflect};
use shared::format::{self, ViewCell};
use time::{Date, OffsetDateTime, UtcOffset};
use wasm_bindgen::JsValue;

fn intl(options: &[(&str, &str)], ms: f64) -> String {
    let opts = Object::new();
    for (k, v) in options {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&opts, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    let f = Intl::DateTimeFormat::new(&Array::new(), &opts);
    f.format()
        .call1(&JsValue::NULL, &JsDate::new(&JsValue::from_f64(ms)))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// An instant in the browser's time zone and locale, e.g. `2 Nov 2026, 10:30`.
pub fn instant(t: OffsetDateTime) -> String {
    let ms = (t.unix_timestamp_nanos() / 1_000_000) as f64;
    intl(&[("dateStyle", "medium"), ("timeStyle", "short")], ms)
}

/// A calendar date in the browser's locale (a date has no time zone: written as UTC's).
pub fn date(d: Date) -> String {
    let midnight = d.midnight().assume_utc();
    let ms = (midnight.unix_timestamp() * 1000) as f64;
    intl(&[("dateStyle", "medium"), ("timeZone", "UTC")], ms)
}

/// A cell's text and what hovering it shows (the exact figure, the plain date, the UTC instant).
pub fn shown(cell: ViewCell) -> (String, String) {
    match cell {
        ViewCell::Text { text, title } => {
            let title = title.unwrap_or_else(|| text.clone());
            (text, title)
        }
        ViewCell::Date(d) => (date(d), format::date(d)),
        ViewCell::Instant(t) => (instant(t), format::timestamp(t.to_offset(UtcOffset::UTC))),
    }
}
