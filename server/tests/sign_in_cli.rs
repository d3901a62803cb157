//! Sign-in on the command line: `insights token` prints a token the server accepts, and
//! `insights serve` refuses a bad key, origin or setting with one clear line, never a panic.

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use shared::access::{Claims, Role};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const SECRET: &str = "a-secret-of-more-than-thirty-two-bytes-0123456789";

fn insights() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_insights"));
    // Whatever the developer's shell exports, these tests say every setting themselves.
    for var in [
        "INSIGHTS_DB",
        "INSIGHTS_JWT_SECRET_FILE",
        "INSIGHTS_JWT_PUBLIC_KEY",
        "INSIGHTS_JWT_ALGORITHM",
        "INSIGHTS_JWT_AUDIENCE",
        "INSIGHTS_JWT_ISSUER",
        "INSIGHTS_PORTAL_ORIGINS",
        "INSIGHTS_FRAME_ANCESTORS",
    ] {
        c.env_remove(var);
    }
    c
}

fn file(dir: &Path, name: &str, content: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// One line on stderr, starting `error:`, naming `what`; a failed exit; no panic.
fn assert_one_line_error(out: &Output, what: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{what}: succeeded");
    assert!(!err.contains("panicked"), "{what}: {err}");
    assert_eq!(err.trim().lines().count(), 1, "{what}: one line: {err}");
    assert!(
        err.starts_with("error: ") && err.contains(what),
        "{what}: {err}"
    );
}

#[test]
fn token_prints_a_token_the_server_accepts() {
    let tmp = tempfile::tempdir().unwrap();
    let secret = file(tmp.path(), "secret", &format!("{SECRET}\n"));
    let out = insights()
        .args(["token", "--jwt-secret-file", secret.to_str().unwrap()])
        .args([
            "--sub",
            "ann@partner.example",
            "--role",
            "viewer",
            "--name",
            "Ann",
        ])
        .args(["--mpn", "4412031", "--mpn", "4412032", "--ttl", "120"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8(out.stdout).unwrap();
    let mut v = Validation::new(Algorithm::HS256);
    v.set_audience(&["partner-insights"]);
    // The trailing newline is not part of the secret.
    let data = jsonwebtoken::decode::<Claims>(
        token.trim(),
        &DecodingKey::from_secret(SECRET.as_bytes()),
        &v,
    )
    .unwrap();
    let c = data.claims;
    assert_eq!(
        (c.sub.as_str(), c.role, c.name.as_deref()),
        ("ann@partner.example", Role::Viewer, Some("Ann"))
    );
    assert_eq!(c.mpn, ["4412031", "4412032"]);
    assert_eq!(c.exp - c.iat.unwrap(), 120);

    for (args, what) in [
        (vec!["--sub", " ", "--role", "viewer"], "`sub` is empty"),
        (
            vec!["--sub", "a", "--role", "viewer", "--ttl", "0"],
            "--ttl",
        ),
        (vec!["--sub", "a", "--role", "viewer", "--mpn", ""], "mpn"),
    ] {
        let out = insights()
            .args(["token", "--jwt-secret-file", secret.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap();
        assert_one_line_error(&out, what);
    }
    let short = file(tmp.path(), "short", "tiny");
    let out = insights()
        .args([
            "token",
            "--jwt-secret-file",
            short.to_str().unwrap(),
            "--sub",
            "a",
            "--role",
            "viewer",
        ])
        .output()
        .unwrap();
    assert_one_line_error(&out, "HS256 needs at least 32");
}

/// Runs `insights serve` with `args`; it must exit on its own (a bad setting), within 20 s.
fn serve_fails(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let db = format!("sqlite://{}", dir.join("x.db").display());
    let mut child = insights()
        .args([
            "serve",
            "--db",
            &db,
            "--addr",
            "127.0.0.1:0",
            "--assets",
            "/nonexistent",
        ])
        .args(args)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("{args:?} started instead of refusing");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn serve_refuses_a_bad_setting_with_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let short = file(dir, "short", "only-20-bytes-secret");
    let not_pem = file(
        dir,
        "key.pem",
        "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n",
    );
    let (missing, short, not_pem) = (
        dir.join("missing").display().to_string(),
        short.display().to_string(),
        not_pem.display().to_string(),
    );
    let rsa = fixture("rsa_public.pem");
    let private = fixture("rsa_private.pem");
    // (flags, environment, what the one line says)
    type Case<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec!["--jwt-secret-file", &missing],
            vec![],
            "cannot read --jwt-secret-file",
        ),
        (
            vec!["--jwt-secret-file", &short],
            vec![],
            "HS256 needs at least 32 (e.g.",
        ),
        (
            vec!["--jwt-public-key", &missing],
            vec![],
            "cannot read --jwt-public-key",
        ),
        (
            vec!["--jwt-public-key", &not_pem],
            vec![],
            "not a PEM RSA or EC public key",
        ),
        (
            vec!["--jwt-public-key", &private],
            vec![],
            "this is a private key",
        ),
        (
            vec!["--jwt-public-key", &rsa, "--jwt-algorithm", "ES256"],
            vec![],
            "does not fit the RSA key",
        ),
        (
            vec!["--jwt-public-key", &rsa, "--jwt-algorithm", "none"],
            vec![],
            "not a JWT algorithm",
        ),
        (
            vec!["--portal-origin", "https://portal.example/app"],
            vec![],
            "is not an origin (no path",
        ),
        (
            vec!["--portal-origin", "*"],
            vec![],
            "is not an origin (no wildcards",
        ),
        (
            vec![],
            vec![("INSIGHTS_PORTAL_ORIGINS", "https://ok.example,portal")],
            "`portal` is not an origin",
        ),
        (
            vec![],
            vec![("INSIGHTS_FRAME_ANCESTORS", "'self'")],
            "replaced by INSIGHTS_PORTAL_ORIGINS",
        ),
        (vec!["--request-timeout", "0"], vec![], "--request-timeout"),
        (
            vec!["--jwt-audience", " "],
            vec![],
            "--jwt-audience is empty",
        ),
    ];
    for (args, env, what) in cases {
        let out = serve_fails(dir, &args, &env);
        assert_one_line_error(&out, what);
    }
}
