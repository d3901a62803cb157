//! `insights export`, through the real binary on the test's store: the partners' decisions
//! are in it; a viewer's export of any report holds no revenue or personal column nor any of
//! their values; an export for some MPNs holds only their tenants.

use crate::common::*;
use std::collections::HashSet;
use std::process::Command;

on_both_stores!(
    the_referrals_export_carries_the_decision_and_hides_its_value_from_viewers,
    no_export_a_viewer_gets_holds_a_sensitive_column_or_value,
    an_export_for_an_mpn_holds_only_its_tenants,
);

const REPORTS: [&str; 4] = ["opportunities", "tenants", "cloud-endpoints", "referrals"];

fn export(s: &Store, report: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_insights"))
        .args(["export", "--db", &s.url, report])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn rows(csv: &str) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let mut out = vec![r.headers().unwrap().iter().map(str::to_string).collect()];
    out.extend(
        r.records()
            .map(|x| x.unwrap().iter().map(str::to_string).collect()),
    );
    out
}

async fn the_referrals_export_carries_the_decision_and_hides_its_value_from_viewers(s: &Store) {
    s.accept_referral().await;
    let exec = export(s, "referrals", &["--role", "executive"]);
    let viewer = export(s, "referrals", &["--role", "viewer"]);
    let row = exec.lines().find(|l| l.contains(REFERRAL)).unwrap();
    assert!(
        row.contains(",Accepted,") && row.contains(",Adoption workshop,2500.00,"),
        "{row}"
    );
    let row = viewer.lines().find(|l| l.contains(REFERRAL)).unwrap();
    assert!(!row.contains("2500.00"), "{row}");
    assert!(row.contains(",Accepted,"), "{row}");
    let row = exec.lines().find(|l| l.contains(EXPIRED_REFERRAL)).unwrap();
    assert!(row.contains(",Expired (reassigned),"), "{row}");
}

/// The executive's export has the revenue columns; the viewer's has every other column, the
/// same rows, and none of the revenue cells anywhere.
async fn no_export_a_viewer_gets_holds_a_sensitive_column_or_value(s: &Store) {
    s.accept_referral().await;
    let revenue = [
        "Potential earnings",
        "Potential Earnings",
        "Services estimated value",
    ];
    let mut checked = 0;
    for report in REPORTS {
        let exec = rows(&export(s, report, &[]));
        let viewer = rows(&export(s, report, &["--role", "viewer"]));
        assert_eq!(exec.len(), viewer.len(), "{report}: the same rows");
        let hidden: Vec<usize> = (0..exec[0].len())
            .filter(|&i| revenue.contains(&exec[0][i].as_str()))
            .collect();
        let kept: Vec<&String> = exec[0]
            .iter()
            .filter(|h| !revenue.contains(&h.as_str()))
            .collect();
        assert_eq!(viewer[0].iter().collect::<Vec<_>>(), kept, "{report}");
        let secrets: HashSet<&str> = exec[1..]
            .iter()
            .flat_map(|r| hidden.iter().map(|&i| r[i].as_str()))
            .filter(|c| !c.is_empty() && *c != "0.00")
            .collect();
        if report != "tenants" {
            assert!(!secrets.is_empty(), "{report}: the executive sees revenue");
        }
        for cell in viewer[1..].iter().flatten() {
            assert!(
                !secrets.contains(cell.as_str()),
                "{report}: {cell} in the viewer's export"
            );
        }
        checked += secrets.len();
    }
    assert!(checked > 5);
}

async fn an_export_for_an_mpn_holds_only_its_tenants(s: &Store) {
    for report in REPORTS.into_iter().chain(["adoption"]) {
        let all = rows(&export(s, report, &[]));
        let mine = rows(&export(s, report, &["--mpn", FIXTURE_MPN]));
        let theirs = rows(&export(
            s,
            report,
            &["--role", "viewer", "--mpn", OTHER_MPN],
        ));
        let id = all[0].iter().position(|h| h == "Tenant ID");
        let tenant_col = |r: &Vec<Vec<String>>| -> Vec<String> {
            r[1..]
                .iter()
                .map(|row| match id {
                    Some(i) => row[i].clone(),
                    None => row.join(","),
                })
                .collect()
        };
        assert_eq!(
            mine.len() + theirs.len(),
            all.len() + 1,
            "{report}: split, header twice"
        );
        if let Some(i) = id {
            assert!(mine[1..].iter().all(|r| r[i] == s.tenant), "{report}");
            assert!(theirs[1..].iter().all(|r| r[i] != s.tenant), "{report}");
        } else {
            // Referrals name tenants, not their IDs: the fixture's are the fixture tenant's.
            assert!(
                tenant_col(&mine).iter().all(|r| r.contains("RFA-TEST")),
                "{report}"
            );
            assert!(
                tenant_col(&theirs).iter().all(|r| !r.contains("RFA-TEST")),
                "{report}"
            );
        }
    }
}
