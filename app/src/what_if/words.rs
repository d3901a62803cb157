//! What the what-if editor offers: the kinds of change (and their slider ranges), who a
//! change applies to, and the words the panel says what changed in.

use shared::format;
use shared::ratio::Ratio;
use shared::scenario::{Change, CloudEndpointDelta, OpportunityDelta, Target};

/// What the editor changes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Usage,
    Mau,
    Pau,
    TippingPoint,
    Intune,
    W365,
}

impl Kind {
    pub const OPPORTUNITIES: &'static [Kind] =
        &[Kind::Usage, Kind::Mau, Kind::Pau, Kind::TippingPoint];
    pub const CLOUD_ENDPOINTS: &'static [Kind] = &[Kind::Intune, Kind::W365];

    pub(super) fn key(self) -> &'static str {
        match self {
            Kind::Usage => "usage",
            Kind::Mau => "mau",
            Kind::Pau => "pau",
            Kind::TippingPoint => "tipping-point",
            Kind::Intune => "intune",
            Kind::W365 => "w365",
        }
    }

    pub(super) fn label(self) -> &'static str {
        match self {
            Kind::Usage => "Usage (± points)",
            Kind::Mau => "MAU (set to)",
            Kind::Pau => "PAU (set to)",
            Kind::TippingPoint => "Usage tipping point (%)",
            Kind::Intune => "Intune utilization (%)",
            Kind::W365 => "W365 utilization (%)",
        }
    }

    /// The slider's (min, max, step) in the unit the editor shows.
    pub(super) fn range(self) -> (f64, f64, f64) {
        match self {
            Kind::Usage => (-100.0, 100.0, 1.0),
            Kind::Mau | Kind::Pau => (0.0, 5000.0, 10.0),
            Kind::TippingPoint | Kind::Intune | Kind::W365 => (0.0, 100.0, 0.5),
        }
    }

    pub(super) fn is_ratio(self) -> bool {
        matches!(self, Kind::TippingPoint | Kind::Intune | Kind::W365)
    }

    /// The change for an editor value; `None` for a value that is none (not a number).
    pub(super) fn change(self, v: f64) -> Option<Change> {
        if !v.is_finite() {
            return None;
        }
        let ratio = || Ratio(f64::from((v * 10.0).round().clamp(0.0, 1000.0) as u16) / 1000.0);
        let count = || v.round().max(0.0) as u64;
        Some(match self {
            Kind::Usage => Change::UsagePoints(v.round().clamp(-100.0, 100.0) as i32),
            Kind::Mau => Change::Mau(count()),
            Kind::Pau => Change::Pau(count()),
            Kind::TippingPoint => Change::TippingPoint(ratio()),
            Kind::Intune => Change::IntuneUtilization(ratio()),
            Kind::W365 => Change::W365Utilization(ratio()),
        })
    }

    /// The editor's kind and value for a change.
    pub(super) fn of(change: Change) -> (Kind, f64) {
        let pct = |r: Ratio| r.permille() as f64 / 10.0;
        match change {
            Change::UsagePoints(p) => (Kind::Usage, f64::from(p)),
            Change::Mau(v) => (Kind::Mau, v as f64),
            Change::Pau(v) => (Kind::Pau, v as f64),
            Change::TippingPoint(r) => (Kind::TippingPoint, pct(r)),
            Change::IntuneUtilization(r) => (Kind::Intune, pct(r)),
            Change::W365Utilization(r) => (Kind::W365, pct(r)),
        }
    }

    /// Where a new adjustment of this kind starts.
    pub(super) fn start(self) -> f64 {
        match self {
            Kind::Usage => 0.0,
            Kind::Mau | Kind::Pau => 500.0,
            Kind::TippingPoint => 50.0,
            Kind::Intune | Kind::W365 => 20.0,
        }
    }
}

/// Who an adjustment applies to, as the editor offers it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Who {
    /// The tenants the view showed when chosen.
    Shown,
    Tenant,
    Every,
}

pub(super) fn target_text(t: &Target) -> String {
    let who = match t.tenant_ids() {
        None => "every tenant".to_string(),
        Some([_]) => "1 tenant".to_string(),
        Some(ids) => format!("{} tenants", format::grouped(ids.len() as u64)),
    };
    match &t.workload {
        Some(w) => format!("{who} · {w}"),
        None => who,
    }
}

/// What changed in the Opportunities report, one line per kind of change.
pub fn opportunity_lines(d: &OpportunityDelta) -> Vec<String> {
    if d.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        format!(
            "{} workloads changed: {} crossed up, {} down their tipping point",
            format::grouped(d.changed_rows.len() as u64),
            d.workloads_up,
            d.workloads_down
        ),
        format!(
            "Tenants: {} with a workload up, {} with one down; upsell +{} / −{}",
            d.tenants_up, d.tenants_down, d.upsell_gained, d.upsell_lost
        ),
    ];
    lines.extend(
        d.opportunity_changes
            .iter()
            .map(|(from, to, n)| format!("{from} → {to}: {n}")),
    );
    if let (Some(delta), Some(after)) = (d.earnings_delta(), d.earnings_after) {
        let sign = if delta.cents() >= 0 { "+" } else { "" };
        lines.push(format!(
            "Potential earnings {sign}{} (now {})",
            format::money(delta),
            format::money(after)
        ));
    }
    lines
}

/// What changed in the Cloud Endpoints report.
pub fn cloud_endpoint_lines(d: &CloudEndpointDelta) -> Vec<String> {
    if d.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![format!(
        "{} tenants changed",
        format::grouped(d.changed_rows.len() as u64)
    )];
    lines.extend(
        d.motion_changes
            .iter()
            .map(|(from, to, n)| format!("{from} → {to}: {n}")),
    );
    lines
}
