//! The what-if menu: the adjustments in force (each can be edited or removed), an editor
//! whose slider applies its adjustment live, the thresholds (Opportunities), what changed,
//! named scenarios, the before/after CSV and Reset. Built when the panel first opens, from a
//! wasm chunk of its own (`menu` is a `fallible` split function).

use super::words::{target_text, Kind, Who};
use super::{saved, ViewTenants, WhatIf};
use crate::download::{save_csv, BlobSink};
use crate::load::ChunkError;
use leptos::prelude::*;
use shared::config::RulesConfig;
use shared::format;
use shared::ids::TenantId;
use shared::model::Workload;
use shared::scenario::{Adjustment, Scenario, Target, Thresholds};

/// What the panel hands its menu. `open`: whether the panel is open now.
#[derive(Clone)]
pub struct MenuProps {
    pub what_if: WhatIf,
    pub report: &'static str,
    pub kinds: &'static [Kind],
    pub workloads: Vec<String>,
    pub thresholds: bool,
    pub tenants: Callback<(), ViewTenants>,
    pub delta: Signal<Vec<String>>,
    pub csv: Callback<BlobSink, std::io::Result<BlobSink>>,
    pub open: Signal<bool>,
}

/// The menu, from its own wasm chunk: `menu(props).await` fetches the chunk the first time
/// (an error when it cannot be fetched).
#[leptos::wasm_split::wasm_split(
    what_if_menu,
    wasm_split_path = ::leptos::wasm_split,
    fallible
)]
pub fn menu(props: MenuProps) -> Result<AnyView, ChunkError> {
    let MenuProps {
        what_if,
        report,
        kinds,
        workloads,
        thresholds,
        tenants,
        delta,
        csv,
        open,
    } = props;
    let scenario = what_if.scenario;
    let kind = RwSignal::new(kinds[0]);
    let value = RwSignal::new(kinds[0].start());
    let who = RwSignal::new(Who::Shown);
    // The view's tenants when "shown" was picked; `None`: every tenant was shown.
    let captured = RwSignal::new(None::<Vec<TenantId>>);
    let captured_count = RwSignal::new(0usize);
    let tenant_name = RwSignal::new(String::new());
    let workload = RwSignal::new(String::new());
    // The adjustment the editor changes; `None`: the next change adds one.
    let editing = RwSignal::new(None::<usize>);
    let problem = RwSignal::new(None::<String>);

    let capture = move || {
        let shown = tenants.run(());
        captured_count.set(shown.list.len());
        captured.set((!shown.every).then(|| shown.list.into_iter().map(|(id, _)| id).collect()));
    };
    // Taken when the panel opens (the view as it is then), not when the page is built: at a
    // million rows, listing the view's tenants costs a third of a second.
    Effect::new(move |_| {
        if open.get() && editing.get_untracked().is_none() {
            capture();
        }
    });

    let target = move || -> Option<Target> {
        let t = match who.get_untracked() {
            Who::Every => Target::all(),
            Who::Shown => match captured.get_untracked() {
                Some(ids) => Target::tenants(ids),
                None => Target::all(),
            },
            Who::Tenant => {
                let name = tenant_name.get_untracked();
                let id = TenantId::parse(&name).ok().or_else(|| {
                    tenants
                        .run(())
                        .list
                        .into_iter()
                        .find(|(_, n)| n.eq_ignore_ascii_case(name.trim()))
                        .map(|(id, _)| id)
                })?;
                Target::tenant(id)
            }
        };
        let w = workload.get_untracked();
        Some(if w.is_empty() {
            t
        } else {
            t.and_workload(Workload::new(&w))
        })
    };

    // The editor's adjustment, applied at once.
    let apply = move || {
        let Some(change) = kind.get_untracked().change(value.get_untracked()) else {
            return;
        };
        let Some(target) = target() else {
            problem.set(Some(
                "Pick a tenant of the view by name, or paste its tenant ID.".into(),
            ));
            return;
        };
        problem.set(None);
        let mut s = scenario.with_untracked(|s| (**s).clone());
        let a = Adjustment { change, target };
        match editing.get_untracked().filter(|&i| i < s.adjustments.len()) {
            Some(i) => s.adjustments[i] = a,
            None => {
                s.adjustments.push(a);
                editing.set(Some(s.adjustments.len() - 1));
            }
        }
        what_if.preview(s);
    };
    let apply_and_commit = move || {
        apply();
        what_if.commit();
    };
    let new_adjustment = move || {
        editing.set(None);
        value.set(kind.get_untracked().start());
        capture();
    };
    let edit = move |i: usize| {
        let Some(a) = scenario.with_untracked(|s| s.adjustments.get(i).cloned()) else {
            return;
        };
        let (k, v) = Kind::of(a.change);
        kind.set(k);
        value.set(v);
        workload.set(
            a.target
                .workload
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        );
        match a.target.tenant_ids() {
            None => who.set(Who::Every),
            Some(ids) => {
                captured_count.set(ids.len());
                captured.set(Some(ids.to_vec()));
                who.set(Who::Shown);
            }
        }
        editing.set(Some(i));
    };
    let remove = move |i: usize| {
        let mut s = scenario.with_untracked(|s| (**s).clone());
        if i < s.adjustments.len() {
            s.adjustments.remove(i);
        }
        editing.set(None);
        what_if.set(s);
    };
    let reset = move || {
        editing.set(None);
        value.set(kind.get_untracked().start());
        what_if.set(Scenario::default());
    };

    let list = move || {
        scenario.with(|s| {
            s.adjustments
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let text = format!("{} · {}", a.change.label(), target_text(&a.target));
                    view! {
                        <li data-testid="what-if-adjustment" class:editing=move || editing.get() == Some(i)>
                            <button class="link" on:click=move |_| edit(i)>{text}</button>
                            <button class="link" aria-label="Remove this change" on:click=move |_| remove(i)>"×"</button>
                        </li>
                    }
                })
                .collect_view()
        })
    };

    let kind_select = view! {
        <label class="field">
            <span>"Change"</span>
            <select
                data-testid="what-if-kind"
                on:change=move |ev| {
                    let key = event_target_value(&ev);
                    if let Some(k) = kinds.iter().find(|k| k.key() == key) {
                        kind.set(*k);
                        value.set(k.start());
                        editing.set(None);
                    }
                }
            >
                {kinds
                    .iter()
                    .map(|k| view! { <option value=k.key() selected=move || kind.get() == *k>{k.label()}</option> })
                    .collect_view()}
            </select>
        </label>
    };

    let shown_label = move || {
        format!(
            "The {} tenants shown",
            format::grouped(captured_count.get() as u64)
        )
    };
    let who_select = view! {
        <label class="field">
            <span>"For"</span>
            <select
                data-testid="what-if-target"
                on:change=move |ev| {
                    let w = match event_target_value(&ev).as_str() {
                        "tenant" => Who::Tenant,
                        "every" => Who::Every,
                        _ => {
                            capture();
                            Who::Shown
                        }
                    };
                    who.set(w);
                    editing.set(None);
                }
            >
                <option value="shown" selected=move || who.get() == Who::Shown>{shown_label}</option>
                <option value="tenant" selected=move || who.get() == Who::Tenant>"One tenant"</option>
                <option value="every" selected=move || who.get() == Who::Every>"Every tenant"</option>
            </select>
        </label>
        <Show when=move || who.get() == Who::Tenant>
            <label class="field">
                <span>"Tenant (name or ID)"</span>
                <input
                    type="text"
                    list="what-if-tenants"
                    data-testid="what-if-tenant"
                    prop:value=move || tenant_name.get()
                    on:change=move |ev| {
                        tenant_name.set(event_target_value(&ev));
                        editing.set(None);
                    }
                />
                <datalist id="what-if-tenants">
                    {move || {
                        tenants
                            .run(())
                            .list
                            .into_iter()
                            .take(500)
                            .map(|(_, n)| view! { <option value=n></option> })
                            .collect_view()
                    }}
                </datalist>
            </label>
        </Show>
    };

    let workload_select = (!workloads.is_empty()).then(|| {
        view! {
            <label class="field">
                <span>"Workload"</span>
                <select
                    data-testid="what-if-workload"
                    on:change=move |ev| {
                        workload.set(event_target_value(&ev));
                        editing.set(None);
                    }
                >
                    <option value="" selected=move || workload.with(String::is_empty)>"Every workload"</option>
                    {workloads
                        .into_iter()
                        .map(|w| {
                            let (value, label) = (w.clone(), w.clone());
                            view! { <option value=value selected=move || workload.get() == w>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
        }
    });

    let on_value = move |text: String, commit: bool| {
        let v: f64 = text.trim().parse().unwrap_or(f64::NAN);
        if !v.is_finite() {
            return;
        }
        value.set(v);
        if commit {
            apply_and_commit();
        } else {
            apply();
        }
    };
    let value_inputs = move || {
        let k = kind.get();
        let (min, max, step) = k.range();
        let (min, max, step) = (min.to_string(), max.to_string(), step.to_string());
        view! {
            <label class="field">
                <span>{k.label()}</span>
                <span class="slider">
                    <input
                        type="range"
                        data-testid="what-if-value"
                        min=min.clone()
                        max=max
                        step=step.clone()
                        prop:value=move || value.get().to_string()
                        on:input=move |ev| on_value(event_target_value(&ev), false)
                        on:change=move |ev| on_value(event_target_value(&ev), true)
                    />
                    <input
                        type="number"
                        data-testid="what-if-number"
                        min=min
                        step=step
                        prop:value=move || value.get().to_string()
                        on:change=move |ev| on_value(event_target_value(&ev), true)
                    />
                    {k.is_ratio().then_some("%")}
                </span>
            </label>
        }
    };

    Ok(view! {
        <p class="hint">
            "Try other figures: every column, tile and chart is recomputed here as you drag. Nothing is saved to the server."
        </p>
        {move || what_if.error.get().map(|e| view! {
            <p class="error" role="alert">{format!("This link's what-if could not be read ({e}); the data is shown as imported.")}</p>
        })}
        <ul class="adjustments">{list}</ul>
        <fieldset class="editor">
            <legend>{move || if editing.get().is_some() { "Change (editing)" } else { "New change" }}</legend>
            {kind_select}
            {who_select}
            {workload_select}
            {value_inputs}
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
            <button class="link" data-testid="what-if-new" on:click=move |_| new_adjustment()>"Add another change"</button>
        </fieldset>
        {thresholds.then(|| view! { <ThresholdFields what_if/> })}
        <section class="delta" aria-live="polite" data-testid="what-if-delta">
            <h3>"What changes"</h3>
            {move || {
                let lines = delta.get();
                if lines.is_empty() {
                    view! { <p class="hint">"Nothing yet: move a slider."</p> }.into_any()
                } else {
                    view! { <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul> }.into_any()
                }
            }}
        </section>
        <Saved what_if report/>
        <div class="actions">
            <button
                class="link"
                data-testid="what-if-csv"
                on:click=move |_| {
                    let r = save_csv(&format!("{report}-what-if.csv"), |sink| csv.run(sink));
                    problem.set(r.err());
                }
            >
                "Download CSV (before / after)"
            </button>
            <button class="primary" data-testid="what-if-reset" on:click=move |_| reset()>"Reset"</button>
        </div>
    }
    .into_any())
}

/// The tenant-rule thresholds (the spec's values unless the scenario sets them).
#[component]
fn ThresholdFields(what_if: WhatIf) -> impl IntoView {
    type Get = fn(&Thresholds) -> Option<u64>;
    type Set = fn(&mut Thresholds, Option<u64>);
    let spec = RulesConfig::default();
    let fields: [(&str, &str, u64, Get, Set); 3] = [
        (
            "min_pau",
            "Minimum PAU for FastTrack eligibility",
            spec.min_pau,
            |t| t.min_pau,
            |t, v| t.min_pau = v,
        ),
        (
            "upsell_min",
            "Workloads above tipping point for a tenant upsell",
            spec.upsell_min_above as u64,
            |t| t.upsell_min_above.map(u64::from),
            |t, v| t.upsell_min_above = v.map(|v| v.min(u64::from(u32::MAX)) as u32),
        ),
        (
            "usage_min",
            "Workloads below tipping point for a tenant usage opportunity",
            spec.usage_opportunity_min_below as u64,
            |t| t.usage_opportunity_min_below.map(u64::from),
            |t, v| t.usage_opportunity_min_below = v.map(|v| v.min(u64::from(u32::MAX)) as u32),
        ),
    ];
    fields
        .into_iter()
        .map(|(key, label, spec, get, set)| {
            view! {
                <label class="field">
                    <span>{label}</span>
                    <input
                        type="number"
                        min="1"
                        step="1"
                        data-testid=format!("what-if-{key}")
                        prop:value=move || what_if.scenario.with(|s| get(&s.thresholds)).unwrap_or(spec).to_string()
                        on:change=move |ev| {
                            // Not a whole number above 0, or the spec's value: no scenario.
                            let v = event_target_value(&ev).trim().parse::<u64>().ok().filter(|n| *n > 0 && *n != spec);
                            let mut s = what_if.scenario.with_untracked(|s| (**s).clone());
                            set(&mut s.thresholds, v);
                            what_if.set(s);
                        }
                    />
                    <span class="hint">{format!("spec: {spec}")}</span>
                </label>
            }
        })
        .collect_view()
}

/// Named scenarios: save the one in force, open or delete a saved one.
#[component]
fn Saved(what_if: WhatIf, report: &'static str) -> impl IntoView {
    let all = RwSignal::new(saved::load(report));
    let name = RwSignal::new(String::new());
    let save = move || {
        let n = name.get_untracked().trim().to_string();
        let Some(q) = what_if.scenario.with_untracked(|s| s.to_query()) else {
            return;
        };
        if n.is_empty() {
            return;
        }
        saved::save(report, &n, &q);
        all.set(saved::load(report));
        name.set(String::new());
    };
    let persistent = saved::persistent();
    view! {
        <section class="saved">
            <h3>"Named scenarios"</h3>
            {(!persistent).then(|| view! {
                <p class="hint">"This browser blocks storage here: named scenarios last until the tab closes."</p>
            })}
            <ul>
                {move || {
                    all.get()
                        .into_iter()
                        .map(|(n, q)| {
                            let n2 = n.clone();
                            view! {
                                <li data-testid="what-if-saved">
                                    <button class="link" on:click=move |_| {
                                        what_if.set(Scenario::from_query(Some(&q)).unwrap_or_default());
                                    }>{n.clone()}</button>
                                    <button class="link" aria-label=format!("Delete {n}") on:click=move |_| {
                                        saved::remove(report, &n2);
                                        all.set(saved::load(report));
                                    }>"×"</button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <span class="save-row">
                <input
                    type="text"
                    placeholder="Name this scenario"
                    data-testid="what-if-name"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <button
                    class="link"
                    data-testid="what-if-save"
                    disabled=move || !what_if.is_active()
                    on:click=move |_| save()
                >
                    "Save"
                </button>
            </span>
        </section>
    }
}
