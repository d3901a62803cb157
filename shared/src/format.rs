//! How values read on screen and in CSV — one form for both, so a download equals the view.

use crate::ratio::Ratio;

/// Shown for an undefined value (e.g. usage with PAU 0).
pub const DASH: &str = "–";

pub fn percent(r: Option<Ratio>) -> String {
    r.map(|r| r.to_string()).unwrap_or_else(|| DASH.to_string())
}

pub fn opt_count(v: Option<u64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}
