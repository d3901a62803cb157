//! The `insights` command line, end to end on real files: determinism, import → export, and
//! bad imports that name file, line and column and leave the database unchanged.

use std::path::Path;
use std::process::{Command, Output};

fn insights(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_insights"))
        .args(args)
        .output()
        .expect("insights runs")
}

fn ok(args: &[&str]) -> String {
    let out = insights(args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `insights demo-data --tenants N --seed S --out DIR`
fn demo_data(tenants: usize, seed: u64, out: &Path) {
    let (tenants, seed) = (tenants.to_string(), seed.to_string());
    ok(&[
        "demo-data",
        "--tenants",
        &tenants,
        "--seed",
        &seed,
        "--out",
        out.to_str().unwrap(),
    ]);
}

fn read_dir_sorted(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn demo_data_is_deterministic_and_round_trips_through_import_export() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for d in [&a, &b] {
        demo_data(500, 7, d);
    }
    assert_eq!(read_dir_sorted(&a), read_dir_sorted(&b));

    let db = format!("sqlite://{}", tmp.path().join("nested/x.db").display());
    ok(&["import", "--db", &db, a.to_str().unwrap()]);
    let csv = ok(&["export", "--db", &db, "tenants"]);
    assert_eq!(csv.lines().count(), 501, "header + 500 tenants");
    assert!(csv.starts_with("Tenant name,Tenant domain,Tenant ID,"));

    // Every report exports, and a viewer never sees revenue.
    for report in ["opportunities", "cloud-endpoints"] {
        let exec = ok(&["export", "--db", &db, report]);
        let viewer = ok(&["export", "--db", &db, report, "--role", "viewer"]);
        assert!(exec.lines().next().unwrap().contains("Potential earnings"));
        assert!(!viewer
            .lines()
            .next()
            .unwrap()
            .contains("Potential earnings"));
        assert_eq!(exec.lines().count(), viewer.lines().count());
        assert!(exec.lines().count() > 10, "{report} has rows");
    }

    // Referrals carry the partners' decisions; a viewer never sees their value.
    let exec = ok(&["export", "--db", &db, "referrals"]);
    let viewer = ok(&["export", "--db", &db, "referrals", "--role", "viewer"]);
    assert!(exec.starts_with(
        "Tenant name,Referral source,Referral ID,Acceptance,Date of assignment,Referral status,"
    ));
    assert!(exec
        .lines()
        .next()
        .unwrap()
        .contains("Services estimated value"));
    assert!(!viewer
        .lines()
        .next()
        .unwrap()
        .contains("Services estimated value"));
    assert_eq!(exec.lines().count(), viewer.lines().count());
    assert!(exec.lines().count() > 10, "referrals has rows");
}

/// The import's write-ahead log is folded into the database file: left behind, it is as
/// large as the data.
#[test]
fn an_import_leaves_no_write_ahead_log_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("csv");
    demo_data(500, 7, &dir);
    let file = tmp.path().join("x.db");
    ok(&[
        "import",
        "--db",
        &format!("sqlite://{}", file.display()),
        dir.to_str().unwrap(),
    ]);
    let wal = std::fs::metadata(tmp.path().join("x.db-wal")).map_or(0, |m| m.len());
    assert_eq!(wal, 0);
    assert!(
        std::fs::metadata(&file).unwrap().len() > 1 << 20,
        "the data is in the file"
    );
}

/// A demo folder imported into a fresh SQLite file, then the same folder with `file`
/// replaced by what `edit` makes of it, imported again: refused with exactly one line on
/// stderr, `error: ` and `expected` said once, and the database unchanged.
fn refused_import(file: &str, edit: impl FnOnce(Vec<u8>) -> Vec<u8>, expected: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good");
    demo_data(50, 3, &good);
    let db = format!("sqlite://{}", tmp.path().join("x.db").display());
    ok(&["import", "--db", &db, good.to_str().unwrap()]);
    let before = ok(&["export", "--db", &db, "tenants"]);
    let bad = tmp.path().join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    for entry in std::fs::read_dir(&good).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), bad.join(entry.file_name())).unwrap();
    }
    let content = std::fs::read(good.join(file)).unwrap_or_default();
    std::fs::write(bad.join(file), edit(content)).unwrap();

    let out = insights(&["import", "--db", &db, bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert_eq!(
        err.trim(),
        format!("error: {expected}"),
        "said once, exactly"
    );
    assert_eq!(
        ok(&["export", "--db", &db, "tenants"]),
        before,
        "database unchanged"
    );
}

/// Replaces cell `column` (0-based) of line `line` (0-based, header 0) of a CSV file.
fn with_cell(line: usize, column: usize, value: &str) -> impl FnOnce(Vec<u8>) -> Vec<u8> {
    let value = value.to_string();
    move |content| {
        let text = String::from_utf8(content).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let mut cells: Vec<String> = lines[line].split(',').map(str::to_string).collect();
        cells[column] = value;
        lines[line] = cells.join(",");
        (lines.join("\n") + "\n").into_bytes()
    }
}

#[test]
fn a_bad_number_is_named_once_with_file_line_and_column() {
    refused_import(
        "workloads.csv",
        with_cell(3, 3, "12x"),
        "workloads.csv: line 4, column 4 \"MAU\": `12x` is not a whole number of 0 or more",
    );
}

#[test]
fn a_missing_column_is_named() {
    refused_import(
        "workloads.csv",
        with_cell(0, 3, "Monthly"),
        "workloads.csv: line 1: missing required column \"MAU\"",
    );
}

#[test]
fn a_bad_tenant_id_is_named() {
    refused_import(
        "tenants.csv",
        |c| {
            let text = String::from_utf8(c).unwrap();
            let id = text.lines().nth(2).unwrap()[..36].to_string();
            text.replacen(&id, "not-a-guid", 1).into_bytes()
        },
        "tenants.csv: line 3, column 1 \"Tenant ID\": `not-a-guid` is not a GUID",
    );
}

#[test]
fn a_file_in_windows_1252_is_named_as_not_utf8() {
    // Tenant name on line 3 ends in "é" as Windows-1252 writes it: one byte, 0xE9.
    refused_import(
        "tenants.csv",
        |c| {
            let text = String::from_utf8(c).unwrap();
            let mut lines: Vec<Vec<u8>> = text.lines().map(|l| l.as_bytes().to_vec()).collect();
            let name_end = 37 + lines[2][37..].iter().position(|&b| b == b',').unwrap();
            lines[2].insert(name_end, 0xE9);
            lines.join(&b'\n')
        },
        "tenants.csv: line 3: field 2 is not valid UTF-8 (the file is probably Windows-1252 or Latin-1): save it as \"CSV UTF-8\"",
    );
}

#[test]
fn a_file_in_utf16_is_named_as_not_utf8() {
    refused_import(
        "tenants.csv",
        |c| {
            let text = String::from_utf8(c).unwrap();
            let mut out = vec![0xFF, 0xFE];
            out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            out
        },
        "tenants.csv: line 1: the file is UTF-16 text, not UTF-8: save it as \"CSV UTF-8\"",
    );
}

#[test]
fn a_tipping_point_above_90_percent_names_the_range() {
    refused_import(
        "tipping_points.csv",
        |_| b"Workload,Tenant segment,SKU,Usage tipping point\nTeams,Enterprise,E3,140%\n".to_vec(),
        "tipping_points.csv: line 2, column 4 \"Usage tipping point\": `140%` is out of range: a tipping point is from 0% to 90% (e.g. 35% or 0.35)",
    );
}

#[test]
fn a_name_over_200_characters_is_refused() {
    refused_import(
        "tenants.csv",
        |c| {
            let text = String::from_utf8(c).unwrap();
            let line = text.lines().nth(1).unwrap();
            let name = line.split(',').nth(1).unwrap().to_string();
            let long = "N".repeat(5_000_000);
            text.replacen(&format!(",{name},"), &format!(",{long},"), 1)
                .into_bytes()
        },
        "tenants.csv: line 2, column 2 \"Tenant name\": 5000000 characters, more than the 200 a value may have",
    );
}

/// A schema of its own in the test PostgreSQL (`INSIGHTS_TEST_POSTGRES`, else the machine's
/// 127.0.0.1:5432 database `test`), dropped when the guard goes: the test neither sees nor
/// leaves anything in `public`, whatever other runs left there.
struct PgSchema {
    url: String,
    base: String,
    name: String,
}

impl PgSchema {
    fn new() -> Self {
        let base = std::env::var("INSIGHTS_TEST_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
        let name = format!("cli_test_{}", uuid::Uuid::new_v4().simple());
        pg_exec(&base, &format!("CREATE SCHEMA {name}"));
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-c%20search_path%3D{name}");
        PgSchema { url, base, name }
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        pg_exec(&self.base, &format!("DROP SCHEMA {} CASCADE", self.name));
    }
}

fn pg_exec(url: &str, sql: &str) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(url)
            .await
            .expect("the test PostgreSQL answers");
        sqlx::query(sql).execute(&pool).await.unwrap();
        pool.close().await;
    });
}

/// The scale-out store: the same import gives the same export on PostgreSQL as on SQLite.
#[test]
fn postgres_store_matches_sqlite() {
    let pg = PgSchema::new();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("csv");
    demo_data(120, 5, &dir);
    let sqlite = format!("sqlite://{}", tmp.path().join("x.db").display());
    ok(&["import", "--db", &sqlite, dir.to_str().unwrap()]);
    ok(&["import", "--db", &pg.url, dir.to_str().unwrap()]);
    for report in [
        "tenants",
        "opportunities",
        "cloud-endpoints",
        "eligibility",
        "adoption",
    ] {
        assert_eq!(
            ok(&["export", "--db", &pg.url, report]),
            ok(&["export", "--db", &sqlite, report]),
            "{report}"
        );
    }
}

const ALPHA: &str = "00000000-0000-0000-0000-0000000000a1";
const BETA: &str = "00000000-0000-0000-0000-0000000000b2";

/// Two customers written by hand: Alpha (one of our claims; Modern Work PAU 11, Business
/// Applications 501 USD) and Beta (CSP only; Security with 25,000 USD ACR, lost a tenant).
fn eligibility_folder(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let write = |name: &str, text: String| std::fs::write(dir.join(name), text).unwrap();
    write(
        "tenants.csv",
        format!(
            "Tenant ID,Tenant name,Tenant segment,TPID,Customer name,CSP association\n\
             {ALPHA},Alpha,SMB,5001,Alpha Group,No\n\
             {BETA},Beta,Enterprise,5002,Beta Inc,Yes\n"
        ),
    );
    write(
        "workloads.csv",
        format!(
            "Tenant ID,Workload,SKU,MAU,PAU,CPOR claim #,Claimed by,Sold licenses,Assigned licenses,Total entitlements,Active entitlements\n\
             {ALPHA},Teams,E3,10,10,CPOR-1,Us,100,80,100,49\n\
             {ALPHA},Exchange Online,E3,1,1,CPOR-2,Other,9,9,9,9\n\
             {BETA},Intune,E3,1,1,,,0,10,200,250\n"
        ),
    );
    write(
        "eligibility.csv",
        format!(
            "TPID,Customer name,Tenant ID,Solution area,Workload,Association type,PAU,Net qualified,Active subscription value (USD),ACR 12 months (USD)\n\
             5001,Alpha Group,{ALPHA},Modern Work,Teams,CSP,11,+1,,\n\
             5001,Alpha Group,{ALPHA},Business Applications,Sales,CSP T1,0,+1,501,\n\
             5002,Beta Inc,{BETA},Security,Sentinel,PAL,0,-1,,\"25,000\"\n"
        ),
    );
}

#[test]
fn eligibility_and_adoption_export_the_issues_columns_with_their_values() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("csv");
    eligibility_folder(&dir);
    let db = format!("sqlite://{}", tmp.path().join("x.db").display());
    ok(&["import", "--db", &db, dir.to_str().unwrap()]);

    let adoption = ok(&["export", "--db", &db, "adoption"]);
    assert_eq!(
        adoption,
        format!(
            "Tenant ID,Tenant name,TPID,Customer name,Workload,SKU,Sold licenses,Assigned licenses,\
Total entitlements,Active entitlements,Deployment %,Usage %,Low adoption,Usage above 100%\n\
{ALPHA},Alpha,5001,Alpha Group,Teams,E3,100,80,100,49,80.0%,49.0%,Yes,No\n\
{BETA},Beta,5002,Beta Inc,Intune,E3,0,10,200,250,–,125.0%,No,Yes\n"
        ),
        "Exchange Online is another partner's: not reported"
    );
    assert_eq!(
        ok(&["export", "--db", &db, "adoption", "--role", "viewer"]),
        adoption
    );

    let exec = ok(&["export", "--db", &db, "eligibility"]);
    let viewer = ok(&["export", "--db", &db, "eligibility", "--role", "viewer"]);
    assert_eq!(
        exec.lines().next().unwrap(),
        "TPID,Customer name,Solution area,Metric,Status,Criterion,Current value"
    );
    assert_eq!(exec.lines().count(), 1 + 2 * 29);
    assert_eq!(viewer.lines().count(), 1 + 2 * 24);
    let line = |csv: &str, prefix: &str| -> Option<String> {
        csv.lines()
            .find(|l| l.starts_with(prefix))
            .map(str::to_string)
    };
    for (prefix, status) in [
        (
            "5001,Alpha Group,Modern Work SMB,Paid available units (PAU),",
            "Met",
        ),
        (
            "5001,Alpha Group,Modern Work Enterprise,Paid available units (PAU),",
            "Not met",
        ),
        (
            "5001,Alpha Group,Business Applications SMB,Net customer adds,",
            "Met",
        ),
        (
            "5001,Alpha Group,Business Applications Enterprise,Net customer adds,",
            "Not met",
        ),
        ("5002,Beta Inc,Security,Azure usage growth,", "Met"),
        ("5002,Beta Inc,Security,Azure net customer adds,", "Not met"),
    ] {
        let l = line(&exec, prefix).unwrap_or_else(|| panic!("{prefix}"));
        assert!(l[prefix.len()..].starts_with(&format!("{status},")), "{l}");
    }
    for withheld in [
        "5001,Alpha Group,Business Applications SMB,Net customer adds,",
        "5001,Alpha Group,Business Applications Enterprise,Deployments,",
        "5002,Beta Inc,Security,Azure usage growth,",
    ] {
        assert_eq!(line(&viewer, withheld), None, "{withheld}");
    }
    assert!(!viewer.contains("501"), "{viewer}");
    assert_eq!(
        line(
            &viewer,
            "5001,Alpha Group,Modern Work SMB,Paid available units (PAU),"
        ),
        line(
            &exec,
            "5001,Alpha Group,Modern Work SMB,Paid available units (PAU),"
        )
    );
}
