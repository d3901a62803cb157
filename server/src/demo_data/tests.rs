use super::*;
use time::macros::datetime;

#[test]
fn same_seed_same_data_and_sizes_are_realistic() {
    let opts = DemoOptions {
        tenants: 2000,
        seed: 1,
        as_of: datetime!(2026-11-01 00:00 UTC),
    };
    let a = generate(&opts);
    let b = generate(&opts);
    assert_eq!(a.tenants, b.tenants);
    assert_eq!(a.workloads, b.workloads);
    assert!(
        (13_000..17_000).contains(&a.workloads.len()),
        "{}",
        a.workloads.len()
    );
    assert!(a.cloud_endpoints.len() > 1000);
    assert!(a.referrals.len() > 100);
    let ours = a
        .tenants
        .iter()
        .filter(|t| {
            shared::rules::association::is_associated(
                a.workloads.iter().filter(|w| w.tenant_id == t.id),
            )
        })
        .count();
    assert_eq!(ours, 2000);
}

/// A server started on the morning of the day it dates its data from showed pending
/// referrals with more than 7 days left: they were dated at noon, in its future.
#[test]
fn no_referral_is_assigned_after_the_as_of_instant() {
    for as_of in [
        datetime!(2026-11-23 00:00:01 UTC),
        datetime!(2026-11-23 08:30 UTC),
        datetime!(2026-11-23 11:59:59 UTC),
        datetime!(2026-11-23 23:59 UTC),
    ] {
        let data = generate(&DemoOptions {
            tenants: 300,
            seed: 5,
            as_of,
        });
        assert!(!data.referrals.is_empty());
        let latest = data.referrals.iter().map(|r| r.assigned_at).max().unwrap();
        assert!(latest <= as_of, "{latest} is after {as_of}");
        // So a pending referral has at most its 7 days left.
        let config = shared::config::ReferralConfig::default();
        let left = latest + Duration::hours(config.expiry_hours) - as_of;
        assert!(left <= Duration::days(7), "{left}");
    }
}
