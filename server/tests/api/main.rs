//! The API end to end through the real router, one test per behaviour: validation naming the
//! field, stale versions refused without overwriting, the contact and entitlement rules, the
//! change log, edits kept across a re-import, the referral export, and (with the real binary)
//! an acknowledged edit surviving `kill -9`.
//!
//! Every behaviour runs on SQLite and on PostgreSQL (INSIGHTS_TEST_POSTGRES, default the
//! machine's server), each test on a fresh store of its own.

/// `on_both_stores!(name, …)`: each `async fn name(s: &Store)` of the module runs twice, as
/// the tests `name::sqlite` and `name::postgres`.
macro_rules! on_both_stores {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            use crate::common::Store;

            #[tokio::test]
            async fn sqlite() {
                let s = Store::sqlite().await;
                super::$name(&s).await;
                s.close().await;
            }

            #[tokio::test]
            async fn postgres() {
                let s = Store::postgres().await;
                super::$name(&s).await;
                s.close().await;
            }
        }
    )+};
}

mod common;

mod access;
mod auth;
mod changes;
mod contacts;
mod eligibility;
mod errors;
mod export;
mod export_parts;
mod faults;
mod hardening;
mod meta;
mod notes;
mod referrals;
mod scope;
mod servers;
mod service_status;
mod snapshot;
mod upgrade;
mod versioned_write;
