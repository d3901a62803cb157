//! Talking to the server.

use gloo_net::http::Request;
use std::sync::Arc;

/// The whole data set, or a message a partner can act on.
pub async fn fetch_snapshot() -> Result<Arc<shared::Snapshot>, String> {
    let res = Request::get("/api/snapshot")
        .send()
        .await
        .map_err(|e| format!("the server could not be reached ({e})."))?;
    if !res.ok() {
        let detail = res
            .json::<serde_json::Value>()
            .await
            .ok()
            .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_string))
            .unwrap_or_else(|| res.status_text());
        return Err(format!("the server answered {}: {detail}", res.status()));
    }
    res.json::<shared::Snapshot>()
        .await
        .map(Arc::new)
        .map_err(|e| format!("the server's answer was not understood ({e})."))
}
