//! The real `insights serve` binary as a child process, for what only processes can show:
//! several servers on one database, `kill -9`, a store going away under a running server.

use super::{token, AUTHOR, SECRET};
use serde_json::Value;
use shared::access::Role;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A running `insights serve` on a free port of 127.0.0.1, checking tokens signed with
/// [`SECRET`], without rate limit. Killed (SIGKILL) when dropped.
pub struct Served {
    child: Child,
    pub base: String,
    http: reqwest::Client,
    bearer: String,
}

/// What a served request answered.
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub json: Value,
}

/// The secret file `serve` reads, written into `dir`.
pub fn secret_file(dir: &Path) -> PathBuf {
    let path = dir.join("jwt-secret");
    std::fs::write(&path, SECRET).unwrap();
    path
}

impl Served {
    pub fn start(db: &str, secret: &Path) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_insights"))
            .args(["serve", "--db", db, "--addr", "127.0.0.1:0"])
            .args(["--assets", "/nonexistent", "--rate-limit", "0"])
            .arg("--jwt-secret-file")
            .arg(secret)
            .env("RUST_LOG", "error")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let base = loop {
            let line = lines
                .next()
                .expect("the server prints its address")
                .unwrap();
            if let Some(url) = line.trim().strip_prefix("Partner Insights at ") {
                break url.to_string();
            }
        };
        // Keep reading, so the server never blocks on (or dies of) a full or closed pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Served {
            child,
            base,
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(60))
                .build()
                .unwrap(),
            bearer: format!("Bearer {}", token(AUTHOR, Role::Executive, &[])),
        }
    }

    /// `kill -9` while requests may be in flight (the child is reaped when dropped).
    pub fn kill_now(&self) {
        let pid = self.child.id().to_string();
        let status = Command::new("kill").args(["-KILL", &pid]).status().unwrap();
        assert!(status.success());
    }

    /// A request that may find the server gone: `None` when nothing came back.
    pub async fn try_post(&self, path: &str, body: &Value) -> Option<u16> {
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .header("authorization", &self.bearer)
            .json(body)
            .send()
            .await
            .ok()?;
        let status = res.status().as_u16();
        // The answer counts only once it is complete.
        res.bytes().await.ok()?;
        Some(status)
    }

    /// `kill -9`: no graceful shutdown, nothing flushed on the way out.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: Option<&Value>) -> Reply {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("authorization", &self.bearer);
        if let Some(b) = body {
            req = req.json(b);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            json,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Reply {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: &Value) -> Reply {
        self.send(reqwest::Method::PUT, path, Some(body)).await
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
