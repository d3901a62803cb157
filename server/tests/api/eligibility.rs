//! `eligibility.csv` and `solutions_partner.csv` through `insights import` into the store and
//! back out in the snapshot and `insights export eligibility`: every row as imported, revenue
//! (and what is computed from it) absent for a viewer, a scope's customers only, a bad row or
//! an incomplete rules table refused in one line naming the place, with nothing changed.

use crate::common::*;
use serde_json::Value;
use server::store::import as store_import;
use shared::access::Role;
use shared::eligibility::{EligibilityRow, SolutionsPartnerSetting};
use shared::import;
use shared::rules::eligibility::DEFAULT_CSV;
use std::collections::HashSet;
use std::path::Path;

on_both_stores!(
    the_snapshot_carries_the_imported_eligibility_rows,
    a_viewer_gets_no_subscription_value_or_acr,
    a_bad_eligibility_row_is_one_line_and_changes_nothing,
    an_imported_rules_table_replaces_the_default_and_must_be_complete,
    a_viewers_eligibility_export_leaves_out_the_revenue_metrics,
    an_eligibility_export_for_an_mpn_holds_only_its_customers,
);

fn file_rows(dir: &Path) -> Vec<EligibilityRow> {
    let f = std::fs::File::open(dir.join("eligibility.csv")).unwrap();
    import::eligibility(f)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn snapshot_rows(snapshot: &Value) -> Vec<EligibilityRow> {
    serde_json::from_value(snapshot["eligibility"].clone()).unwrap()
}

/// A copy of the store's import folder with `file` written as `content`.
fn folder_with(s: &Store, file: &str, content: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(&s.dir).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), tmp.path().join(e.file_name())).unwrap();
    }
    std::fs::write(tmp.path().join(file), content).unwrap();
    tmp
}

async fn the_snapshot_carries_the_imported_eligibility_rows(s: &Store) {
    let (_, snap) = s.get("/api/snapshot").await;
    let rows = snapshot_rows(&snap);
    assert!(rows.len() > 3, "{}", rows.len());
    assert_eq!(rows, file_rows(&s.dir), "every row, as imported, in order");
    assert_eq!(
        snap["solutions_partner"],
        Value::Array(vec![]),
        "default table"
    );
    let fixture = rows
        .iter()
        .find(|r| r.tenant_id.to_string() == s.tenant && r.workload.as_str() == "Sentinel")
        .expect("the fixture tenant's Security row");
    assert_eq!(fixture.association.label(), "PAL");
}

async fn a_viewer_gets_no_subscription_value_or_acr(s: &Store) {
    let viewer = s.as_(Some(token("v@partner.example", Role::Viewer, &[])));
    let (_, snap) = viewer.get("/api/snapshot").await;
    let rows = snap["eligibility"].as_array().unwrap();
    assert_eq!(rows.len(), file_rows(&s.dir).len(), "the same rows");
    for r in rows {
        assert!(r.get("active_subscription").is_none(), "{r}");
        assert!(r.get("acr_12_months").is_none(), "{r}");
    }
    let text = snap.to_string();
    for i in 0..rows.len() {
        for cents in [subscription_cents(i), acr_cents(i)] {
            assert!(!text.contains(&cents.to_string()), "{cents} for a viewer");
        }
    }
}

async fn a_bad_eligibility_row_is_one_line_and_changes_nothing(s: &Store) {
    let (_, before) = s.get("/api/snapshot").await;
    let good = std::fs::read_to_string(s.dir.join("eligibility.csv")).unwrap();
    let mut lines: Vec<String> = good.lines().map(str::to_string).collect();
    let mut cells: Vec<String> = lines[2].split(',').map(str::to_string).collect();
    cells[5] = "Reseller".into();
    lines[2] = cells.join(",");
    let mut negative = good.lines().map(str::to_string).collect::<Vec<_>>();
    let mut cells: Vec<String> = negative[1].split(',').map(str::to_string).collect();
    cells[10] = "-5".into();
    negative[1] = cells.join(",");
    for (content, expected) in [
        (
            lines.join("\n"),
            "eligibility.csv: line 3, column 6 \"Association type\": `Reseller` is not one of",
        ),
        (
            negative.join("\n"),
            "eligibility.csv: line 2, column 11 \"Active subscription value (USD)\": -5.00 is below 0",
        ),
    ] {
        let bad = folder_with(s, "eligibility.csv", &content);
        let err = store_import::import_folder(&s.db, bad.path(), &|_, _| {})
            .await
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(expected), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        let (_, after) = s.get("/api/snapshot").await;
        assert_eq!(after, before, "nothing changed");
    }
}

async fn an_imported_rules_table_replaces_the_default_and_must_be_complete(s: &Store) {
    let table = DEFAULT_CSV.replace(
        "Modern Work SMB,PAU above,10",
        "Modern Work SMB,PAU above,20",
    );
    let dir = folder_with(s, "solutions_partner.csv", &table);
    store_import::import_folder(&s.db, dir.path(), &|_, _| {})
        .await
        .unwrap();
    let (_, snap) = s.get("/api/snapshot").await;
    let settings: Vec<SolutionsPartnerSetting> =
        serde_json::from_value(snap["solutions_partner"].clone()).unwrap();
    assert_eq!(settings.len(), DEFAULT_CSV.lines().count() - 1);
    assert!(settings
        .iter()
        .any(|l| l.to_string() == "Modern Work SMB · PAU above = 20"));

    let incomplete: String = DEFAULT_CSV
        .lines()
        .filter(|l| !l.starts_with("Security,Deployed tenants at least"))
        .map(|l| format!("{l}\n"))
        .collect();
    let dir = folder_with(s, "solutions_partner.csv", &incomplete);
    let err = store_import::import_folder(&s.db, dir.path(), &|_, _| {})
        .await
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "solutions_partner.csv: Security has no \"Deployed tenants at least\" setting"
    );
    let (_, after) = s.get("/api/snapshot").await;
    assert_eq!(after, snap, "the earlier import stands");
}

fn export(s: &Store, report: &str, args: &[&str]) -> Vec<Vec<String>> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_insights"))
        .args(["export", "--db", &s.url, report])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    csv::Reader::from_reader(out.stdout.as_slice())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// A viewer's eligibility export is the executive's without the metrics computed from
/// revenue; every other row is the same, cell for cell.
async fn a_viewers_eligibility_export_leaves_out_the_revenue_metrics(s: &Store) {
    let exec = export(s, "eligibility", &[]);
    let viewer = export(s, "eligibility", &["--role", "viewer"]);
    let withheld = |r: &Vec<String>| {
        matches!(
            (r[2].as_str(), r[3].as_str()),
            (
                "Business Applications SMB" | "Business Applications Enterprise",
                "Net customer adds" | "Deployments"
            ) | ("Security", "Azure usage growth")
        )
    };
    let kept: Vec<&Vec<String>> = exec.iter().filter(|r| !withheld(r)).collect();
    assert_eq!(exec.len() - kept.len(), exec.len() / 29 * 5);
    assert_eq!(viewer.iter().collect::<Vec<_>>(), kept);
    let customers: HashSet<&str> = exec.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(exec.len(), customers.len() * 29, "29 metrics per customer");
}

async fn an_eligibility_export_for_an_mpn_holds_only_its_customers(s: &Store) {
    let (_, snap) = s.get("/api/snapshot").await;
    let fixture = snap["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == s.tenant.as_str())
        .unwrap()
        .clone();
    let mine = export(s, "eligibility", &["--mpn", FIXTURE_MPN]);
    assert_eq!(mine.len(), 29);
    assert!(mine
        .iter()
        .all(|r| r[0] == fixture["tpid"] && r[1] == fixture["customer_name"]));
    let theirs = export(s, "eligibility", &["--mpn", OTHER_MPN]);
    assert!(!theirs.is_empty());
    assert!(theirs.iter().all(|r| r[0] != fixture["tpid"]));
}
