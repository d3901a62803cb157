//! A scenario in one query parameter, short enough for a link with a filtered set of tenants:
//! `whatif=1~n200~u10_Wteams~m900_T<32 hex>…`.
//!
//! - `1` is the format's version: a link made by a later version that this one cannot read is
//!   refused as a whole (with a message), never half-applied.
//! - Then `~`-separated items. Thresholds: `n<min PAU>`, `a<upsell: workloads above>`,
//!   `b<usage opportunity: workloads below>`. Adjustments: a change then its target parts,
//!   separated by `_`. Changes: `u<±points>`, `m<MAU>`, `p<PAU>`, `t<tipping point ‰>`,
//!   `i<Intune utilization ‰>`, `w<W365 utilization ‰>` (percentages in tenths of a percent,
//!   the precision the product shows). Targets: `T` and the tenant IDs as 32 hex digits each,
//!   back to back; `W` and the workload's name with `%`, `~` and `_` escaped as `%25`, `%7E`,
//!   `%5F`. No target part: every record.
//!
//! Only unreserved URL characters are used apart from a workload name's own, so the value is
//! mostly not percent-encoded again by the browser.

use super::{Adjustment, Change, Scenario, Target};
use crate::ids::TenantId;
use crate::model::Workload;
use crate::ratio::Ratio;
use std::fmt::Write;
use uuid::Uuid;

/// The query parameter a scenario lives in.
pub const QUERY_KEY: &str = "whatif";

const VERSION: &str = "1";

/// Why a `whatif` value was refused (the app then shows the data as imported and says so).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioParseError {
    #[error("what-if link of version `{0}`; this version reads version 1")]
    Version(String),
    #[error("what-if item `{item}`: {why}")]
    Item { item: String, why: &'static str },
}

fn permille(r: Ratio) -> i64 {
    r.permille()
}

fn escape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '%' => out.push_str("%25"),
            '~' => out.push_str("%7E"),
            '_' => out.push_str("%5F"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let code = rest.get(i + 1..i + 3)?;
        out.push(match code.to_ascii_uppercase().as_str() {
            "25" => '%',
            "7E" => '~',
            "5F" => '_',
            _ => return None,
        });
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    Some(out)
}

impl Scenario {
    /// The `whatif` parameter's value; `None` for the empty scenario (no parameter at all).
    pub fn to_query(&self) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let mut out = String::from(VERSION);
        let t = self.thresholds;
        for (code, v) in [
            ('n', t.min_pau),
            ('a', t.upsell_min_above.map(u64::from)),
            ('b', t.usage_opportunity_min_below.map(u64::from)),
        ] {
            if let Some(v) = v {
                let _ = write!(out, "~{code}{v}");
            }
        }
        for a in &self.adjustments {
            let _ = match a.change {
                Change::UsagePoints(p) => write!(out, "~u{p}"),
                Change::Mau(v) => write!(out, "~m{v}"),
                Change::Pau(v) => write!(out, "~p{v}"),
                Change::TippingPoint(r) => write!(out, "~t{}", permille(r)),
                Change::IntuneUtilization(r) => write!(out, "~i{}", permille(r)),
                Change::W365Utilization(r) => write!(out, "~w{}", permille(r)),
            };
            if let Some(ids) = a.target.tenant_ids() {
                out.push_str("_T");
                for id in ids {
                    let _ = write!(out, "{}", id.0.simple());
                }
            }
            if let Some(w) = &a.target.workload {
                out.push_str("_W");
                out.push_str(&escape(w.as_str()));
            }
        }
        Some(out)
    }

    /// Reads a `whatif` value back; an absent or empty one is the empty scenario.
    pub fn from_query(value: Option<&str>) -> Result<Scenario, ScenarioParseError> {
        let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
            return Ok(Scenario::default());
        };
        let mut items = value.split('~');
        let version = items.next().unwrap_or_default();
        if version != VERSION {
            return Err(ScenarioParseError::Version(version.to_string()));
        }
        let mut s = Scenario::default();
        for item in items {
            let bad = |why| ScenarioParseError::Item {
                item: item.to_string(),
                why,
            };
            let mut parts = item.split('_');
            let head = parts.next().unwrap_or_default();
            let (code, num) = head.split_at(head.chars().next().map_or(0, char::len_utf8));
            let whole = || num.parse::<u64>().map_err(|_| bad("not a whole number"));
            let small = || num.parse::<u32>().map_err(|_| bad("not a whole number"));
            let ratio = || match num.parse::<u16>() {
                Ok(pm) if pm <= 1000 => Ok(Ratio(f64::from(pm) / 1000.0)),
                _ => Err(bad("not a percentage in tenths (0 to 1000)")),
            };
            let change = match code {
                "n" => {
                    s.thresholds.min_pau = Some(whole()?);
                    None
                }
                "a" => {
                    s.thresholds.upsell_min_above = Some(small()?);
                    None
                }
                "b" => {
                    s.thresholds.usage_opportunity_min_below = Some(small()?);
                    None
                }
                "u" => Some(Change::UsagePoints(
                    num.parse()
                        .map_err(|_| bad("not a whole number of points"))?,
                )),
                "m" => Some(Change::Mau(whole()?)),
                "p" => Some(Change::Pau(whole()?)),
                "t" => Some(Change::TippingPoint(ratio()?)),
                "i" => Some(Change::IntuneUtilization(ratio()?)),
                "w" => Some(Change::W365Utilization(ratio()?)),
                _ => return Err(bad("unknown kind")),
            };
            let Some(change) = change else {
                if parts.next().is_some() {
                    return Err(bad("a threshold has no target"));
                }
                continue;
            };
            let mut target = Target::all();
            for part in parts {
                let (kind, rest) = part.split_at(part.chars().next().map_or(0, char::len_utf8));
                match kind {
                    "T" if target.tenants.is_none() && rest.len() % 32 == 0 && !rest.is_empty() => {
                        let ids = (0..rest.len() / 32)
                            .map(|i| {
                                rest.get(i * 32..(i + 1) * 32)
                                    .and_then(|h| Uuid::try_parse(h).ok())
                            })
                            .collect::<Option<Vec<Uuid>>>()
                            .ok_or_else(|| bad("a tenant ID is not 32 hex digits"))?;
                        target = Target {
                            workload: target.workload,
                            ..Target::tenants(ids.into_iter().map(TenantId))
                        };
                    }
                    "W" if target.workload.is_none() => {
                        let name = unescape(rest)
                            .filter(|n| !n.trim().is_empty())
                            .ok_or_else(|| bad("not a workload name"))?;
                        target.workload = Some(Workload::new(&name));
                    }
                    _ => return Err(bad("unknown or repeated target")),
                }
            }
            s.adjustments.push(Adjustment { change, target });
        }
        Ok(s)
    }
}
