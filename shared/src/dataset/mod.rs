//! A [`Snapshot`] held column by column: the compact form the binary wire format
//! (`crate::wire`) carries; its decoder holds one block of rows at a time. Texts, IDs, enums
//! and lists are dictionary-encoded ([`Dict`]: a `u32` code per row), numbers, dates (day
//! numbers), instants and flags sit in typed columns ([`Nums`]), options in a presence bitmap
//! beside their values ([`Opt`]). Built in one pass over the snapshot; `to_snapshot` and `row`
//! give records back.
//!
//! **Adding a table or a field is one place:** the `tables!` list below. A field's column kind
//! follows from its type through [`Cell`] (a new field type needs one line in `cells!`, plus
//! an [`Entry`] or [`Num`] impl in `value` if it is new). Records are built field by field,
//! so a field added to a record or a table added to `Snapshot` but not here does not compile.
//! The schema's fingerprint travels in the wire header, so a server and an app of different
//! layouts refuse each other's bytes instead of misreading them.

mod column;
mod value;

pub use column::{Column, Dict, Nums, Opt};
pub use value::{Entry, Num};

use crate::eligibility::*;
use crate::ids::{ClaimNumber, MpnId, ReferralId, TenantId, Tpid};
use crate::model::*;
use crate::money::Money;
use crate::ratio::Ratio;
use crate::rules::eligibility::Setting;
use crate::snapshot::Snapshot;
use crate::wire::bytes::{ReadError, Reader};
use std::ops::Range;
use std::sync::Arc;
use time::{Date, OffsetDateTime};

/// The most rows per table [`Dataset::reserve_records`] makes room for up front.
const MAX_RESERVE: u64 = 1 << 24;

/// The column kind a field of this type is stored in.
pub trait Cell: Sized {
    type Col: Column<Item = Self> + PartialEq;
}

macro_rules! cells {
    ($kind:ident: $($t:ty),* $(,)?) => {$(
        impl Cell for $t {
            type Col = $kind<$t>;
        }
    )*};
}
cells!(Dict: String, Arc<str>, TenantId, Tpid, MpnId, ReferralId, Workload, Sku, Segment, Acceptance);
cells!(Dict: Option<ClaimNumber>, Option<ClaimedBy>, Option<CspTier>, Option<YearMonth>);
cells!(Dict: Vec<String>);
cells!(Dict: Designation, AssociationType, NetQualified, SolutionArea, Setting);
cells!(Nums: u64, i64, bool, Ratio, OffsetDateTime);

macro_rules! opt_cells {
    ($($t:ty),* $(,)?) => {$(
        impl Cell for Option<$t> {
            type Col = Opt<$t>;
        }
    )*};
}
opt_cells!(u64, Money, Date, Ratio);

/// Where a block failed: the column (`table.field`) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ColumnError {
    pub column: &'static str,
    pub error: ReadError,
}

macro_rules! tables {
    ($(
        $(#[$doc:meta])*
        $table:ident: $rec:ident => $cols:ident { $($field:ident: $ty:ty),* $(,)? }
    )*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, Default, PartialEq)]
            pub struct $cols {
                $(pub $field: <$ty as Cell>::Col,)*
            }

            impl $cols {
                const COLUMNS: usize = [$(stringify!($field)),*].len();

                /// Number of rows.
                pub fn len(&self) -> usize {
                    [$(Column::len(&self.$field)),*][0]
                }

                pub fn is_empty(&self) -> bool {
                    self.len() == 0
                }

                pub fn push(&mut self, r: &$rec) {
                    $(Column::push(&mut self.$field, &r.$field);)*
                }

                /// Row `i` as a record (allocates its texts: prefer the columns in loops).
                pub fn row(&self, i: usize) -> $rec {
                    $rec { $($field: Column::get(&self.$field, i),)* }
                }

                fn seal(&mut self) {
                    $(Column::seal(&mut self.$field);)*
                }

                fn encode(&self, rows: Range<usize>, sent: &mut [usize], out: &mut Vec<u8>) {
                    let mut sent = sent.iter_mut();
                    $(self.$field.encode(rows.clone(), sent.next().expect("one per column"), out);)*
                }

                fn decode(&mut self, rows: usize, r: &mut Reader) -> Result<(), ColumnError> {
                    $(
                        self.$field.decode(rows, r).map_err(|error| ColumnError {
                            column: concat!(stringify!($table), ".", stringify!($field)),
                            error,
                        })?;
                    )*
                    Ok(())
                }

                /// Appends the rows held as records to `out` and forgets them; the
                /// dictionaries stay, since later blocks' codes point into them.
                fn drain_into(&mut self, out: &mut Vec<$rec>) {
                    out.extend((0..self.len()).map(|i| self.row(i)));
                    $(Column::clear_rows(&mut self.$field);)*
                }
            }
        )*

        /// A snapshot, column by column: one field per table.
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct Dataset {
            $(pub $table: $cols,)*
        }

        /// The tables, in the order of the wire header.
        pub const TABLES: &[&str] = &[$(stringify!($table)),*];

        /// The layout, as written here; its fingerprint is in the wire header.
        pub(crate) const SCHEMA: &str =
            stringify!($($table: $rec { $($field: $ty),* })*);

        impl Dataset {
            /// The snapshot's records, column by column, in one pass.
            pub fn from_snapshot(s: &Snapshot) -> Dataset {
                let mut d = Dataset::default();
                $(
                    for r in &s.$table {
                        d.$table.push(r);
                    }
                    d.$table.seal();
                )*
                d
            }

            /// Room in `s` for exactly the records a decoder's header announced, in `TABLES`
            /// order (growing block by block, a vector would reach up to twice its final
            /// size). A count beyond `MAX_RESERVE` rows reserves only that many (a damaged or
            /// hostile header must not ask for all memory up front; the rows still decode).
            pub(crate) fn reserve_records(s: &mut Snapshot, counts: &[u64]) {
                let mut counts = counts.iter();
                $(
                    if let Some(&n) = counts.next() {
                        s.$table.reserve_exact(n.min(MAX_RESERVE) as usize);
                    }
                )*
            }

            pub fn to_snapshot(&self) -> Snapshot {
                Snapshot {
                    $($table: (0..self.$table.len()).map(|i| self.$table.row(i)).collect(),)*
                }
            }

            /// Rows per table, in `TABLES` order.
            pub fn row_counts(&self) -> Vec<u64> {
                vec![$(self.$table.len() as u64),*]
            }

            /// Rows per table of a snapshot, in `TABLES` order.
            pub fn row_counts_of(s: &Snapshot) -> Vec<u64> {
                vec![$(s.$table.len() as u64),*]
            }

            /// Columns per table, in `TABLES` order.
            pub(crate) fn column_counts() -> Vec<usize> {
                vec![$($cols::COLUMNS),*]
            }

            pub(crate) fn encode_block(
                &self,
                table: usize,
                rows: Range<usize>,
                sent: &mut [usize],
                out: &mut Vec<u8>,
            ) {
                let mut t = 0;
                $(
                    if table == t {
                        return self.$table.encode(rows, sent, out);
                    }
                    t += 1;
                )*
                unreachable!("table {table} of {t}")
            }

            /// Decodes a block of table `table` and moves its rows into `into` as records
            /// (see `drain_into`).
            pub(crate) fn decode_block(
                &mut self,
                table: usize,
                rows: usize,
                r: &mut Reader,
                into: &mut Snapshot,
            ) -> Result<(), ColumnError> {
                let mut t = 0;
                $(
                    if table == t {
                        self.$table.decode(rows, r)?;
                        self.$table.drain_into(&mut into.$table);
                        return Ok(());
                    }
                    t += 1;
                )*
                unreachable!("table {table} of {t}")
            }
        }
    };
}

tables! {
    /// `tenants.csv`
    tenants: Tenant => TenantColumns {
        id: TenantId, name: Arc<str>, domain: Arc<str>, tpid: Tpid, customer_name: Arc<str>,
        country: Arc<str>, segment: Segment, sub_segment: Arc<str>, industry: Arc<str>,
        m365_licenses: u64, ea_renewal: Option<YearMonth>, csp_renewal: Option<YearMonth>,
        partner_name: Arc<str>, mpn_id: MpnId, cpor_association: bool, csp_association: bool,
        csp_tier: Option<CspTier>, t2_reseller: Arc<str>,
    }
    /// `workloads.csv`
    workloads: WorkloadUsage => WorkloadColumns {
        tenant_id: TenantId, workload: Workload, sku: Sku, mau: u64, pau: u64,
        claim_number: Option<ClaimNumber>, claimed_by: Option<ClaimedBy>,
        claim_date: Option<Date>, incentivized: bool, rate_per_unit: Option<Money>,
        starting_hwm: Option<u64>, prior_hwm: Option<u64>, total_entitlements: u64,
        active_entitlements: u64, assigned_licenses: u64, sold_licenses: u64,
        resources: Arc<str>,
    }
    /// The tipping-point table.
    tipping_points: TippingPoint => TippingPointColumns {
        workload: Workload, segment: Segment, sku: Sku, tipping_point: Ratio,
    }
    /// `cloud_endpoints.csv`
    cloud_endpoints: CloudEndpoint => CloudEndpointColumns {
        tenant_id: TenantId, me5_seats: u64, me3_seats: u64, f3_seats: u64, w365_pau: u64,
        w365_mau: u64, intune_pau: u64, intune_mau: u64, entra_pau: u64, entra_mau: u64,
        windows_pau: u64, mci_eligibility: Vec<String>, mci_estimate: Option<Money>,
        intune_cpor_eligible: bool, w365_cpor_eligible: bool,
    }
    /// `referrals.csv`
    referrals: Referral => ReferralColumns {
        id: ReferralId, tenant_id: TenantId, source: String, rfa_workloads: Vec<String>,
        assigned_at: OffsetDateTime, acceptance: Acceptance, status: String,
        au_at_referral: Option<Ratio>,
    }
    /// `eligibility.csv`
    eligibility: EligibilityRow => EligibilityColumns {
        tpid: Tpid, customer_name: Arc<str>, tenant_id: TenantId, designation: Designation,
        workload: Workload, association: AssociationType, pau: u64, mau_growth: i64,
        net_qualified: NetQualified, qualified_deployment: Option<Date>,
        active_subscription: Option<Money>, usage_baseline: u64, usage_current: u64,
        acr_12_months: Option<Money>, mpu_growth: i64,
    }
    /// An imported `solutions_partner.csv` (empty: the shipped table applies).
    solutions_partner: SolutionsPartnerSetting => SolutionsPartnerColumns {
        area: SolutionArea, setting: Setting, value: String,
    }
}

impl Dataset {
    /// Total rows over all tables.
    pub fn rows(&self) -> u64 {
        self.row_counts().iter().sum()
    }
}

#[cfg(test)]
mod tests;
