//! Faults, each a test: `kill -9` under a stream of acknowledged writes, PostgreSQL stopped
//! under a running server, SQLite on a full disk, and two imports at once.

use crate::common::served::{secret_file, Served};
use crate::common::*;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

on_both_stores!(every_acknowledged_write_survives_kill_9_mid_stream);

/// Four writers post notes as fast as the server answers; the server is killed with SIGKILL
/// while they are at it. Every note answered 201 must be there after a restart.
async fn every_acknowledged_write_survives_kill_9_mid_stream(s: &Store) {
    let secret = secret_file(&s.dir);
    let served = Served::start(&s.url, &secret);
    let notes = format!("/api/tenants/{}/notes", s.tenant);
    let acknowledged = Mutex::new(Vec::new());
    let writer = |w: usize| {
        let (served, notes, acknowledged) = (&served, &notes, &acknowledged);
        async move {
            for i in 0.. {
                let text = format!("writer {w} note {i}");
                match served.try_post(notes, &json!({ "text": text })).await {
                    Some(201) => acknowledged.lock().unwrap().push(text),
                    Some(other) => panic!("{text}: {other}"),
                    None => break, // killed
                }
            }
        }
    };
    let killer = async {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        served.kill_now();
    };
    tokio::join!(writer(0), writer(1), writer(2), writer(3), killer);
    drop(served);
    let acknowledged = acknowledged.into_inner().unwrap();
    assert!(acknowledged.len() > 10, "a stream: {}", acknowledged.len());

    let served = Served::start(&s.url, &secret);
    let stored = served.get(&notes).await.json;
    let texts: Vec<&str> = stored
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    for text in &acknowledged {
        assert!(texts.contains(&text.as_str()), "lost: {text}");
    }
}

/// A throwaway PostgreSQL cluster of the test's own (initdb in a temporary folder, pg_ctl on a
/// free port), run as the `postgres` user when the test runs as root.
struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
}

fn pg_bin() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| Some(e.ok()?.path().join("bin")))
        .filter(|b| b.join("initdb").exists() && b.join("pg_ctl").exists())
        .collect();
    found.sort();
    found.pop()
}

fn as_postgres(bin: &Path, args: &[&str]) -> Command {
    let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let mut c = if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    c.args(args);
    c
}

impl Cluster {
    fn start() -> Option<Cluster> {
        let bin = pg_bin()?;
        let dir = tempfile::tempdir().unwrap();
        Command::new("chmod")
            .arg("777")
            .arg(dir.path())
            .status()
            .unwrap();
        let data = dir.path().join("data");
        let ok = as_postgres(
            &bin.join("initdb"),
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            ],
        )
        .output()
        .unwrap();
        assert!(
            ok.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let c = Cluster { bin, dir, port };
        c.pg_ctl_start();
        Some(c)
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn pg_ctl_start(&self) {
        let data = self.dir.path().join("data");
        let log = self.dir.path().join("log");
        let opts = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {}",
            self.port,
            self.dir.path().display()
        );
        let out = as_postgres(
            &self.bin.join("pg_ctl"),
            &[
                "-D",
                data.to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-o",
                &opts,
                "-w",
                "start",
            ],
        )
        .output()
        .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn stop(&self) {
        let data = self.dir.path().join("data");
        let out = as_postgres(
            &self.bin.join("pg_ctl"),
            &["-D", data.to_str().unwrap(), "-m", "fast", "-w", "stop"],
        )
        .output()
        .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl stop: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let _ = as_postgres(
            &self.bin.join("pg_ctl"),
            &["-D", data.to_str().unwrap(), "-m", "immediate", "stop"],
        )
        .output();
    }
}

/// The demo data set imported into `url` by the command line.
fn import_demo(url: &str, dir: &Path, tenants: usize, seed: u64) {
    let folder = dir.join(format!("demo-{tenants}-{seed}"));
    let data = server::demo_data::generate(&server::demo_data::DemoOptions {
        tenants,
        seed,
        as_of: time::OffsetDateTime::now_utc().date(),
    });
    server::demo_data::write(&data, &folder).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_insights"))
        .args(["import", "--db", url])
        .arg(&folder)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn postgres_stopped_under_a_running_server_is_503_then_served_again() {
    let Some(cluster) = Cluster::start() else {
        eprintln!(
            "\n*** SKIPPED postgres_stopped_under_a_running_server: no initdb/pg_ctl under \
             /usr/lib/postgresql/*/bin (./dev test installs Debian's postgresql) ***\n"
        );
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    import_demo(&cluster.url(), tmp.path(), 20, 4);
    let served = Served::start(&cluster.url(), &secret_file(tmp.path()));
    assert_eq!(served.get("/api/snapshot").await.status, 200);

    cluster.stop();
    let asked = Instant::now();
    let down = served.get("/api/snapshot").await;
    assert_eq!(down.status, 503, "{}", down.json);
    assert!(
        asked.elapsed() < Duration::from_secs(15),
        "answered, not hung"
    );
    assert_eq!(down.headers["retry-after"], "5");
    assert!(
        down.json["error"]
            .as_str()
            .unwrap()
            .contains("cannot be reached"),
        "{}",
        down.json
    );

    cluster.pg_ctl_start();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let r = served.get("/api/snapshot").await;
        if r.status == 200 {
            assert_eq!(r.json["tenants"].as_array().unwrap().len(), 20);
            break;
        }
        assert_eq!(r.status, 503, "{}", r.json);
        assert!(
            Instant::now() < deadline,
            "not served again after PostgreSQL came back"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// A small tmpfs of the test's own: `None` (and a loud skip) when it cannot mount one.
struct SmallDisk {
    path: PathBuf,
    /// Removed (after the unmount) when the disk goes.
    _dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let opts = format!("size={size}");
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &opts, "tmpfs"])
            .arg(dir.path())
            .output()
            .ok()?
            .status
            .success();
        ok.then(|| SmallDisk {
            path: dir.path().to_path_buf(),
            _dir: dir,
        })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

#[tokio::test]
async fn sqlite_on_a_full_disk_answers_clearly_and_loses_nothing_acknowledged() {
    let Some(disk) = SmallDisk::mount("3m") else {
        eprintln!("\n*** SKIPPED sqlite_on_a_full_disk: cannot mount a tmpfs (not root) ***\n");
        return;
    };
    let url = format!("sqlite://{}", disk.path.join("x.db").display());
    let tmp = tempfile::tempdir().unwrap();
    import_demo(&url, tmp.path(), 10, 5);
    let secret = secret_file(tmp.path());
    let served = Served::start(&url, &secret);
    let tenant = served.get("/api/snapshot").await.json["tenants"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let notes = format!("/api/tenants/{tenant}/notes");
    let filler = "x".repeat(3900);
    let mut acknowledged = Vec::new();
    let full = loop {
        let text = format!("note {} {filler}", acknowledged.len());
        let r = served.post(&notes, &json!({ "text": text })).await;
        match r.status {
            201 => acknowledged.push(text),
            _ => break r,
        }
        assert!(acknowledged.len() < 5000, "the disk never filled");
    };
    assert_eq!(full.status, 503, "{}", full.json);
    assert!(
        full.json["error"]
            .as_str()
            .unwrap()
            .contains("disk is full"),
        "{}",
        full.json
    );
    assert!(!acknowledged.is_empty());
    served.kill();

    // The store still opens on the full disk, with every acknowledged note.
    let served = Served::start(&url, &secret);
    let stored = served.get(&notes).await;
    assert_eq!(stored.status, 200, "{}", stored.json);
    let texts: Vec<&str> = stored
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    for text in &acknowledged {
        assert!(texts.contains(&text.as_str()), "lost: {}", &text[..12]);
    }
    drop(served);
}

on_both_stores!(a_second_import_while_one_runs_waits_and_never_interleaves);

/// Two imports of different folders at once: the second waits for the first (or fails saying
/// why); the store ends holding exactly one of the two folders, whole.
async fn a_second_import_while_one_runs_waits_and_never_interleaves(s: &Store) {
    let tmp = tempfile::tempdir().unwrap();
    let folder = |tenants: usize, seed: u64| {
        let f = tmp.path().join(format!("f{seed}"));
        let data = server::demo_data::generate(&server::demo_data::DemoOptions {
            tenants,
            seed,
            as_of: time::OffsetDateTime::now_utc().date(),
        });
        server::demo_data::write(&data, &f).unwrap();
        (f, (data.tenants.len() as i64, data.workloads.len() as i64))
    };
    let ((big, big_counts), (small, small_counts)) = (folder(1500, 1), folder(300, 2));
    let run = |f: PathBuf, url: String| {
        std::thread::spawn(move || {
            Command::new(env!("CARGO_BIN_EXE_insights"))
                .args(["import", "--db", &url])
                .arg(f)
                .output()
                .unwrap()
        })
    };
    let first = run(big, s.url.clone());
    std::thread::sleep(Duration::from_millis(300));
    let second = run(small, s.url.clone());
    let (first, second) = (first.join().unwrap(), second.join().unwrap());
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        second.status.success(),
        "the second waits for the first: {}",
        String::from_utf8_lossy(&second.stderr)
    );
    let count = |sql: &'static str| async move {
        let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&s.db.pool).await.unwrap();
        n
    };
    let stored = (
        count("SELECT COUNT(*) FROM tenants").await,
        count("SELECT COUNT(*) FROM workloads").await,
    );
    assert!(
        stored == small_counts || stored == big_counts,
        "one folder, whole: {stored:?} is neither {small_counts:?} nor {big_counts:?}"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM workloads WHERE tenant_id NOT IN (SELECT id FROM tenants)")
            .await,
        0,
        "no workload of the other folder"
    );
}
