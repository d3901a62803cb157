//! The usage tipping-point table (spec §1): one tipping point per (workload, tenant segment,
//! SKU). The product ships a default table; a partner's imported `tipping_points.csv` replaces
//! it wholesale, never key by key, so a partner's model is never mixed with ours.

use super::trace::{Explain, Trace, Traced};
use crate::import;
use crate::model::{Segment, Sku, TippingPoint, Workload};
use crate::ratio::Ratio;
use crate::snapshot::Snapshot;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The shipped default table, in the import format so that partners can start from a copy.
pub const DEFAULT_CSV: &str = include_str!("../../data/tipping_points.csv");

/// Where a table's values come from; named in traces so a partner can tell which model spoke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TableSource {
    Default,
    Imported,
}

impl TableSource {
    pub fn label(self) -> &'static str {
        match self {
            TableSource::Default => "default table",
            TableSource::Imported => "imported table",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TippingPointTable {
    source: TableSource,
    /// Keyed by the workload's lower-cased name (partners' exports are not consistent in
    /// case), then its (segment, SKU) — a handful each, looked up by a borrowed name so a
    /// million rows allocate nothing. Each value keeps the check that explains it, built once
    /// and shared by every row.
    points: HashMap<String, Vec<Point>>,
    len: usize,
}

#[derive(Debug, Clone, PartialEq)]
struct Point {
    segment: Segment,
    sku: Sku,
    tipping_point: Ratio,
    trace: Trace,
}

impl TippingPointTable {
    /// The table that ships with the product.
    ///
    /// # Panics
    /// Never in a released build: the shipped file is checked by this module's tests.
    pub fn default_table() -> Self {
        let rows = import::tipping_points(DEFAULT_CSV.as_bytes())
            .and_then(|parsed| parsed.collect::<Result<Vec<_>, _>>())
            .expect("the shipped tipping_points.csv parses");
        Self::with_source(rows, TableSource::Default)
    }

    /// A table of imported rows. A key given twice keeps its last value, as a later line of a
    /// file overrides an earlier one.
    pub fn from_rows(rows: impl IntoIterator<Item = TippingPoint>) -> Self {
        Self::with_source(rows, TableSource::Imported)
    }

    fn with_source(rows: impl IntoIterator<Item = TippingPoint>, source: TableSource) -> Self {
        let mut points: HashMap<String, Vec<Point>> = HashMap::new();
        let mut len = 0;
        for t in rows {
            let step = format!(
                "tipping point for {} · {} · {} = {} ({})",
                t.workload,
                t.segment,
                t.sku,
                t.tipping_point,
                source.label()
            );
            let point = Point {
                segment: t.segment,
                sku: t.sku,
                tipping_point: t.tipping_point,
                trace: Trace::new().with(step),
            };
            let same = points.entry(t.workload.key()).or_default();
            match same
                .iter_mut()
                .find(|p| p.segment == point.segment && p.sku == point.sku)
            {
                Some(earlier) => *earlier = point,
                None => {
                    same.push(point);
                    len += 1;
                }
            }
        }
        TippingPointTable {
            source,
            points,
            len,
        }
    }

    /// The table in force for a snapshot: its imported rows when it has any, else the default.
    pub fn for_snapshot(snapshot: &Snapshot) -> Self {
        if snapshot.tipping_points.is_empty() {
            Self::default_table()
        } else {
            Self::from_rows(snapshot.tipping_points.iter().cloned())
        }
    }

    pub fn source(&self) -> TableSource {
        self.source
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn lookup(&self, workload: &Workload, segment: Segment, sku: &Sku) -> Option<Ratio> {
        self.entry(workload, segment, sku).map(|(tp, _)| *tp)
    }

    fn entry(&self, workload: &Workload, segment: Segment, sku: &Sku) -> Option<(&Ratio, &Trace)> {
        workload
            .with_key(|key| self.points.get(key))?
            .iter()
            .find(|p| p.segment == segment && p.sku == *sku)
            .map(|p| (&p.tipping_point, &p.trace))
    }

    /// [`lookup`](Self::lookup) with the check that found (or missed) the value.
    pub fn lookup_traced(
        &self,
        workload: &Workload,
        segment: Segment,
        sku: &Sku,
    ) -> Traced<Option<Ratio>> {
        self.lookup_explained(workload, segment, sku, Explain::Steps)
    }

    /// [`lookup_traced`](Self::lookup_traced), with the check or quiet.
    pub fn lookup_explained(
        &self,
        workload: &Workload,
        segment: Segment,
        sku: &Sku,
        explain: Explain,
    ) -> Traced<Option<Ratio>> {
        match (self.entry(workload, segment, sku), explain) {
            (Some((tp, _)), Explain::Quiet) => Traced::new(Some(*tp), Trace::quiet()),
            (Some((tp, trace)), Explain::Steps) => Traced::new(Some(*tp), trace.clone()),
            (None, _) => {
                let trace = explain.trace().with_lazy(|| {
                    format!(
                        "no tipping point for {workload} · {segment} · {sku} in the {}",
                        self.source.label()
                    )
                });
                Traced::new(None, trace)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_parses_and_covers_the_cpor_workloads() {
        let t = TippingPointTable::default_table();
        assert_eq!(t.source(), TableSource::Default);
        assert_eq!(t.len(), 62);
        let teams = Workload::new("teams");
        assert_eq!(
            t.lookup(&teams, Segment::Enterprise, &Sku::E3),
            Some(Ratio(0.70))
        );
        assert_eq!(
            t.lookup(&teams, Segment::Smc, &Sku::Office365),
            Some(Ratio(0.60))
        );
        for missing in ["Intune", "Defender for Endpoint"] {
            for seg in [Segment::Enterprise, Segment::Smc] {
                assert_eq!(
                    t.lookup(&Workload::new(missing), seg, &Sku::Office365),
                    None
                );
            }
        }
        assert_eq!(t.lookup(&teams, Segment::Edu, &Sku::E3), None);
        let max = t
            .points
            .values()
            .flatten()
            .map(|p| p.tipping_point.value())
            .fold(0.0, f64::max);
        assert!(max <= import::MAX_TIPPING_POINT, "{max}");
    }

    #[test]
    fn an_imported_table_replaces_the_default_wholesale() {
        let mut snap = Snapshot::default();
        assert_eq!(
            TippingPointTable::for_snapshot(&snap).source(),
            TableSource::Default
        );
        snap.tipping_points = vec![
            TippingPoint {
                workload: Workload::new("Teams"),
                segment: Segment::Smc,
                sku: Sku::E5,
                tipping_point: Ratio(0.2),
            },
            TippingPoint {
                workload: Workload::new("TEAMS"),
                segment: Segment::Smc,
                sku: Sku::E5,
                tipping_point: Ratio(0.25),
            },
        ];
        let t = TippingPointTable::for_snapshot(&snap);
        assert_eq!(t.source(), TableSource::Imported);
        assert_eq!(t.len(), 1, "same key, case aside");
        assert_eq!(
            t.lookup(&Workload::new("teams"), Segment::Smc, &Sku::E5),
            Some(Ratio(0.25))
        );
        assert_eq!(
            t.lookup(&Workload::new("Exchange Online"), Segment::Smc, &Sku::E5),
            None,
            "no fallback to the default table"
        );
    }

    #[test]
    fn traced_lookup_names_key_and_source() {
        let t = TippingPointTable::default_table();
        let hit = t.lookup_traced(&Workload::new("Teams"), Segment::Enterprise, &Sku::E5);
        assert_eq!(
            hit.trace.to_string(),
            "tipping point for Teams · Enterprise · E5 = 75.0% (default table)"
        );
        let miss = t.lookup_traced(&Workload::new("Intune"), Segment::Smc, &Sku::Office365);
        assert_eq!(miss.value, None);
        assert_eq!(
            miss.trace.to_string(),
            "no tipping point for Intune · SMC · Office 365 in the default table"
        );
    }
}
