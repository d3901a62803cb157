//! Named scenarios kept in this browser: `localStorage` (`insights.what-if.<report>`, a JSON
//! object of name → the scenario's `whatif` value), or this tab's memory when storage is
//! blocked or partitioned away (a portal's iframe in a strict browser): they then last until
//! the tab closes, and the panel says so.

use std::cell::RefCell;
use std::collections::BTreeMap;

thread_local! {
    /// The fallback when `localStorage` cannot be used, per report.
    static MEMORY: RefCell<BTreeMap<String, BTreeMap<String, String>>> = RefCell::default();
}

fn key(report: &str) -> String {
    format!("insights.what-if.{report}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Whether named scenarios outlive the tab here.
pub fn persistent() -> bool {
    storage().is_some_and(|s| {
        let probe = "insights.what-if.probe";
        let ok = s.set_item(probe, "1").is_ok();
        let _ = s.remove_item(probe);
        ok
    })
}

/// Every saved scenario of the report: name → `whatif` value.
pub fn load(report: &str) -> BTreeMap<String, String> {
    let stored = storage()
        .and_then(|s| s.get_item(&key(report)).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok());
    stored.unwrap_or_else(|| MEMORY.with(|m| m.borrow().get(report).cloned().unwrap_or_default()))
}

fn store(report: &str, all: BTreeMap<String, String>) {
    let json = serde_json::to_string(&all).unwrap_or_default();
    let kept = storage().is_some_and(|s| s.set_item(&key(report), &json).is_ok());
    if !kept {
        MEMORY.with(|m| m.borrow_mut().insert(report.to_string(), all));
    }
}

pub fn save(report: &str, name: &str, query: &str) {
    let mut all = load(report);
    all.insert(name.to_string(), query.to_string());
    store(report, all);
}

pub fn remove(report: &str, name: &str) {
    let mut all = load(report);
    all.remove(name);
    store(report, all);
}
