//! Service status: per workload, its entitlements split across L1 / L2 / L3 statuses of the
//! taxonomy (adding up to the total), and the intent note with its live lint.

use crate::api;
use crate::forms::{FieldMsg, Form, OutcomeLine, KEPT};
use leptos::prelude::*;
use shared::edits::intent_lint::lint_intent_note;
use shared::edits::service_status::{ServiceStatusDraft, StatusSplit};
use shared::edits::taxonomy::Taxonomy;
use shared::edits::views::{ServiceStatusEdit, ServiceStatusView, TenantDetail};
use shared::model::Workload;
use std::sync::Arc;

/// Every workload's saved intent note, for the "same note elsewhere" lint.
fn intent_notes(statuses: &[ServiceStatusView]) -> Vec<(Workload, String)> {
    statuses
        .iter()
        .map(|s| {
            (
                s.status.workload.clone(),
                s.status.fields.intent_note.clone(),
            )
        })
        .collect()
}

#[component]
pub(super) fn ServiceStatuses(
    tenant_id: String,
    statuses: Vec<ServiceStatusView>,
    taxonomy: Arc<Taxonomy>,
) -> impl IntoView {
    let notes = RwSignal::new(intent_notes(&statuses));
    let forms = statuses
        .into_iter()
        .map(|sv| view! { <ServiceStatusForm tenant_id=tenant_id.clone() sv taxonomy=taxonomy.clone() notes/> })
        .collect_view();
    view! {
        <h2>"Service status"</h2>
        <p class="sub">
            "Split each workload's entitlements across statuses (they must add up to the total). Blocked and No Intent need their L2 reason, and an L3 where the taxonomy lists one."
        </p>
        <div class="service-statuses">{forms}</div>
    }
}

#[derive(Clone, Copy)]
struct SplitRow {
    key: u32,
    l1: RwSignal<String>,
    l2: RwSignal<String>,
    l3: RwSignal<String>,
    count: RwSignal<String>,
}

impl SplitRow {
    fn new(key: u32, s: &StatusSplit) -> Self {
        SplitRow {
            key,
            l1: RwSignal::new(s.l1.clone()),
            l2: RwSignal::new(s.l2.clone().unwrap_or_default()),
            l3: RwSignal::new(s.l3.clone().unwrap_or_default()),
            count: RwSignal::new(s.count.to_string()),
        }
    }
}

fn options(names: Vec<String>, current: RwSignal<String>) -> impl IntoView {
    view! {
        <option value="" selected=move || current.get().is_empty()>"—"</option>
        {names.into_iter().map(|n| {
            let m = n.clone();
            let label = n.clone();
            view! { <option value=n selected=move || current.get().eq_ignore_ascii_case(&m)>{label}</option> }
        }).collect_view()}
    }
}

#[component]
fn ServiceStatusForm(
    tenant_id: String,
    sv: ServiceStatusView,
    taxonomy: Arc<Taxonomy>,
    notes: RwSignal<Vec<(Workload, String)>>,
) -> impl IntoView {
    let workload = sv.status.workload.clone();
    let total = sv.total_entitlements;
    let version = RwSignal::new(sv.status.version);
    let next_key = StoredValue::new(0u32);
    let fresh = move |s: &StatusSplit| {
        let k = next_key.get_value();
        next_key.set_value(k + 1);
        SplitRow::new(k, s)
    };
    let initial: Vec<SplitRow> = if sv.status.fields.splits.is_empty() {
        vec![fresh(&StatusSplit {
            l1: String::new(),
            l2: None,
            l3: None,
            count: total,
        })]
    } else {
        sv.status.fields.splits.iter().map(fresh).collect()
    };
    let splits = RwSignal::new(initial);
    let note = RwSignal::new(sv.status.fields.intent_note.clone());

    let count_of = |r: &SplitRow| r.count.get().trim().parse::<u64>().ok();
    let sum = Memo::new(move |_| {
        splits
            .get()
            .iter()
            .map(|r| count_of(r).unwrap_or(0))
            .sum::<u64>()
    });
    let draft = move || ServiceStatusDraft {
        splits: splits
            .get()
            .iter()
            .map(|r| StatusSplit {
                l1: r.l1.get(),
                l2: Some(r.l2.get()),
                l3: Some(r.l3.get()),
                count: count_of(r).unwrap_or(0),
            })
            .collect(),
        intent_note: note.get(),
    };
    let tax = taxonomy.clone();
    let live = Memo::new(move |_| {
        let mut e = draft().validated(&tax, total).err().unwrap_or_default();
        for (i, r) in splits.get().iter().enumerate() {
            if count_of(r).is_none() {
                e.push(format!("splits[{i}].count"), "Enter a whole number");
            }
        }
        e
    });
    let w = workload.clone();
    let lint = Memo::new(move |_| {
        let others = notes.get();
        lint_intent_note(&note.get(), &w, &others)
    });

    let (tid_save, wl_save) = (tenant_id.clone(), workload.clone());
    let wl_reload = workload.clone();
    let form = Form::new(
        live,
        move |status: &ServiceStatusDraft| {
            let edit = ServiceStatusEdit {
                version: version.get_untracked(),
                status: status.clone(),
            };
            let (tid, wl) = (tid_save.clone(), wl_save.clone());
            async move { api::put_service_status(&tid, &wl, &edit).await }
        },
        move |v: ServiceStatusView| {
            let saved = &v.status;
            version.set(saved.version);
            notes.update(|n| {
                if let Some(slot) = n.iter_mut().find(|(w, _)| w.key() == saved.workload.key()) {
                    slot.1 = saved.fields.intent_note.clone();
                }
            });
            Some(format!("Saved (version {}).", saved.version))
        },
    )
    .with_reload(
        move || {
            let tid = tenant_id.clone();
            async move { api::tenant(&tid).await }
        },
        move |d: TenantDetail| {
            let latest = d
                .service_statuses
                .iter()
                .find(|s| s.status.workload.key() == wl_reload.key());
            if let Some(s) = latest {
                version.set(s.status.version);
            }
            notes.set(intent_notes(&d.service_statuses));
            Ok(KEPT.into())
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submit(Ok(draft()));
    };
    let l1_names: Vec<String> = taxonomy.l1.iter().map(|e| e.name.clone()).collect();
    let row_view = move |r: SplitRow| {
        let tax2 = taxonomy.clone();
        let tax3 = taxonomy.clone();
        let pos = move || splits.with(|s| s.iter().position(|x| x.key == r.key).unwrap_or(0));
        let l2_names = Memo::new(move |_| {
            tax2.l1(&r.l1.get())
                .map(|e| e.l2.iter().map(|x| x.name.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        });
        let l3_names = Memo::new(move |_| {
            tax3.l1(&r.l1.get())
                .and_then(|e| e.l2(&r.l2.get()).map(|x| x.l3.clone()))
                .unwrap_or_default()
        });
        let l1_opts = l1_names.clone();
        // L2 and L3 say at once what the chosen L1 needs; L1 and the count after a save try.
        let msg = move |name: &'static str| {
            let field = Memo::new(move |_| format!("splits[{}].{name}", pos()));
            form.msg_at(field.into(), name == "l2" || name == "l3")
        };
        view! {
            <div class="split" data-testid="split">
                <label>"L1"
                    <select data-testid="l1" on:change=move |ev| { r.l1.set(event_target_value(&ev)); r.l2.set(String::new()); r.l3.set(String::new()); }>
                        {options(l1_opts, r.l1)}
                    </select>
                    <FieldMsg msg=msg("l1") field="l1"/>
                </label>
                <Show when=move || !l2_names.get().is_empty()>
                    <label>"L2"
                        <select data-testid="l2" on:change=move |ev| { r.l2.set(event_target_value(&ev)); r.l3.set(String::new()); }>
                            {move || options(l2_names.get(), r.l2)}
                        </select>
                        <FieldMsg msg=msg("l2") field="l2"/>
                    </label>
                </Show>
                <Show when=move || !l3_names.get().is_empty()>
                    <label>"L3"
                        <select data-testid="l3" on:change=move |ev| r.l3.set(event_target_value(&ev))>
                            {move || options(l3_names.get(), r.l3)}
                        </select>
                        <FieldMsg msg=msg("l3") field="l3"/>
                    </label>
                </Show>
                <label>"Entitlements"
                    <input type="number" min="0" step="1" data-testid="count" prop:value=move || r.count.get()
                        on:input=move |ev| r.count.set(event_target_value(&ev))/>
                    <FieldMsg msg=msg("count") field="count"/>
                </label>
                <button type="button" class="link danger" data-testid="remove-split"
                    disabled=move || splits.with(|s| s.len() <= 1)
                    on:click=move |_| splits.update(|s| s.retain(|x| x.key != r.key))>"Remove"</button>
            </div>
        }
    };
    view! {
        <form class="edit-form status-form" data-testid="service-status" data-workload=workload.to_string() on:submit=submit novalidate>
            <h3>{workload.to_string()} <span class="hint">" · " {total} " entitlements"</span></h3>
            <For each=move || splits.get() key=|r| r.key children=row_view.clone()/>
            <p class="sum" class:mismatch=move || sum.get() != total data-testid="split-sum">
                "Assigned " {sum} " of " {total}
                {move || (sum.get() != total).then(|| {
                    let diff = sum.get() as i64 - total as i64;
                    if diff > 0 { format!(" — {diff} too many") } else { format!(" — {} left to assign", -diff) }
                })}
            </p>
            <FieldMsg msg=form.msg("splits") field="splits"/>
            <button type="button" class="link" data-testid="add-split" on:click=move |_| {
                let r = fresh(&StatusSplit { l1: String::new(), l2: None, l3: None, count: 0 });
                splits.update(|s| s.push(r));
            }>"+ Add a status"</button>
            <label>"Service intent note"
                <textarea data-testid="intent-note" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </label>
            <ul class="lint" aria-live="polite">
                {move || lint.get().into_iter().map(|w| view! { <li data-testid="lint-warning">{w.message}</li> }).collect_view()}
            </ul>
            <div class="actions">
                <button type="submit" class="primary" data-testid="save-status" disabled=form.busy()>"Save status"</button>
            </div>
            <OutcomeLine form/>
        </form>
    }
}
