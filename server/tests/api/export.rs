//! `insights export referrals`, through the real binary on the test's store: the partners'
//! decisions are in it, and a viewer never sees their value.

use crate::common::*;
use std::process::Command;

on_both_stores!(the_referrals_export_carries_the_decision_and_hides_its_value_from_viewers);

fn export(s: &Store, role: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_insights"))
        .args(["export", "--db", &s.url, "referrals", "--role", role])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

async fn the_referrals_export_carries_the_decision_and_hides_its_value_from_viewers(s: &Store) {
    s.accept_referral().await;
    let exec = export(s, "executive");
    let viewer = export(s, "viewer");
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
