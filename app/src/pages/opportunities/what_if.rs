//! What if: the thresholds a partner can try out (kept in the URL, so a link carries the
//! scenario). Every figure, row and "why?" is recomputed from them in the browser; nothing is
//! saved. Their starting values are the spec's, as `RulesConfig::default()` holds them.

use crate::url_state::Url;
use leptos::prelude::*;
use shared::config::RulesConfig;

/// One threshold: its URL parameter, its label, and where it sits in `RulesConfig`.
struct Threshold {
    key: &'static str,
    label: &'static str,
    get: fn(&RulesConfig) -> u64,
    set: fn(&mut RulesConfig, u64),
}

const THRESHOLDS: [Threshold; 3] = [
    Threshold {
        key: "min_pau",
        label: "Minimum PAU for FastTrack eligibility",
        get: |c| c.min_pau,
        set: |c, v| c.min_pau = v,
    },
    Threshold {
        key: "upsell_min",
        label: "Workloads above tipping point for a tenant upsell",
        get: |c| c.upsell_min_above as u64,
        set: |c, v| c.upsell_min_above = v as usize,
    },
    Threshold {
        key: "usage_min",
        label: "Workloads below tipping point for a tenant usage opportunity",
        get: |c| c.usage_opportunity_min_below as u64,
        set: |c, v| c.usage_opportunity_min_below = v as usize,
    },
];

/// A what-if value from the URL: a whole number above zero, else the spec's value applies.
fn parse(v: Option<&str>) -> Option<u64> {
    v?.trim().parse::<u64>().ok().filter(|n| *n > 0)
}

/// The spec's configuration with the given values (in `THRESHOLDS` order) applied.
fn config_with<'a>(values: impl IntoIterator<Item = Option<&'a str>>) -> RulesConfig {
    let mut config = RulesConfig::default();
    for (t, v) in THRESHOLDS.iter().zip(values) {
        if let Some(v) = parse(v) {
            (t.set)(&mut config, v);
        }
    }
    config
}

/// The scenario: the thresholds' URL values and the configuration they make.
#[derive(Clone, Copy)]
pub struct WhatIf {
    values: [Memo<Option<String>>; 3],
    pub config: Memo<RulesConfig>,
    url: Url,
}

impl WhatIf {
    pub fn new(url: Url) -> Self {
        let values = THRESHOLDS.map(|t| url.param(t.key));
        let config = Memo::new(move |_| {
            let values = values.map(|v| v.get());
            config_with(values.iter().map(Option::as_deref))
        });
        WhatIf {
            values,
            config,
            url,
        }
    }
}

#[component]
pub fn WhatIfMenu(what_if: WhatIf) -> impl IntoView {
    let WhatIf { values, url, .. } = what_if;
    let active = move || values.iter().any(|v| v.get().is_some());
    let spec = RulesConfig::default();
    let fields = THRESHOLDS
        .iter()
        .zip(values)
        .map(|(t, value)| {
            let (key, spec) = (t.key, (t.get)(&spec));
            view! {
                <label class="field">
                    <span>{t.label}</span>
                    <input
                        type="number"
                        min="1"
                        step="1"
                        data-testid=format!("what-if-{key}")
                        prop:value=move || value.get().unwrap_or_else(|| spec.to_string())
                        on:change=move |ev| {
                            // The spec's value is no scenario: it leaves the URL.
                            let keep = parse(Some(&event_target_value(&ev))).filter(|n| *n != spec);
                            url.set(&[(key, keep.map(|n| n.to_string()))]);
                        }
                    />
                    <span class="hint">{format!("spec: {spec}")}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <details class="multi right" data-testid="what-if">
            <summary>
                "What if"
                {move || active().then(|| view! { <span class="badge">"on"</span> })}
            </summary>
            <div class="menu what-if">
                <p class="hint">"Try other thresholds: every figure, row and “why?” is recomputed here, nothing is saved."</p>
                {fields}
                <button
                    class="link"
                    on:click=move |_| url.set(&THRESHOLDS.map(|t| (t.key, None)))
                >
                    "Back to the spec's thresholds"
                </button>
            </div>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_scenario_is_the_spec() {
        assert_eq!(config_with([None, None, None]), RulesConfig::default());
    }

    #[test]
    fn url_values_set_their_threshold_and_bad_ones_keep_the_spec() {
        let spec = RulesConfig::default();
        let c = config_with([Some("1000"), Some("0"), Some("x")]);
        assert_eq!(c.min_pau, 1000);
        assert_eq!(c.upsell_min_above, spec.upsell_min_above);
        assert_eq!(
            c.usage_opportunity_min_below,
            spec.usage_opportunity_min_below
        );
        let c = config_with([None, Some(" 6 "), Some("3")]);
        assert_eq!(
            (c.min_pau, c.upsell_min_above, c.usage_opportunity_min_below),
            (spec.min_pau, 6, 3)
        );
    }

    #[test]
    fn each_threshold_reads_back_what_it_sets() {
        for t in &THRESHOLDS {
            let mut c = RulesConfig::default();
            (t.set)(&mut c, 17);
            assert_eq!((t.get)(&c), 17, "{}", t.key);
        }
    }
}
