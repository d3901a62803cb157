//! Tenant detail (seed 001 "tenant detail"): referral and tenant tiles, the workloads with the
//! §1 figures, status notes with their history, contacts, and the service status of each
//! workload. Every rule and validator comes from `shared`; the forms keep what was typed when
//! a save is refused, and show the server's message beside the field it names.

use crate::clock::{now, use_clock};
use crate::edit_api::{self, seg, ApiFailure};
use crate::forms::{value, FieldMsg, FormState, Outcome, OutcomeLine};
use crate::with_data;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use shared::config::RulesConfig;
use shared::edits::contacts::{
    check_contact_list, Contact, ContactChange, ContactDraft, ContactType,
};
use shared::edits::intent_lint::lint_intent_note;
use shared::edits::notes::{newest_first, preview, Note, NoteDraft, NoteKind, DETAIL_NOTES};
use shared::edits::referral::describe_changes;
use shared::edits::service_status::{ServiceStatusDraft, StatusSplit};
use shared::edits::taxonomy::Taxonomy;
use shared::edits::views::{
    ContactEdit, ReferralView, ServiceStatusEdit, ServiceStatusView, TenantDetail,
};
use shared::edits::FieldErrors;
use shared::format::percent;
use shared::model::{ClaimState, Workload, WorkloadUsage};
use shared::reports::referrals::{countdown, state_at};
use shared::rules::association::is_associated;
use shared::rules::opportunity::evaluate_in;
use shared::rules::tipping_points::TippingPointTable;
use shared::Snapshot;
use std::sync::Arc;
use time::{Date, OffsetDateTime};

/// Where CPOR claims are submitted: Partner Center (seed 001 signs in there). The claim
/// itself is made in Partner Center; this product only starts it.
pub const CPOR_CLAIM_URL: &str = "https://partner.microsoft.com/dashboard/home";
/// The FRP Dashboard, in Partner Center's Insights workspace (seed 001).
pub const FRP_DASHBOARD_URL: &str = "https://partnercenter.microsoft.com/";
/// Characters of a note shown before "read more".
const PREVIEW_CHARS: usize = 240;

#[component]
pub fn TenantDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("tenant_id")).unwrap_or_default());
    with_data(move |snapshot| {
        move || {
            let id = id.get();
            let snapshot = snapshot.clone();
            view! { <Detail id snapshot/> }
        }
    })
}

#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Failed(String),
    Ready,
}

#[component]
fn Detail(id: String, snapshot: Arc<Snapshot>) -> impl IntoView {
    let load = RwSignal::new(Load::Loading);
    let data = StoredValue::new(None::<TenantDetail>);
    let url = format!("/api/tenants/{}", seg(&id));
    let fetch = move |url: String| {
        spawn_local(async move {
            match edit_api::get::<TenantDetail>(&url).await {
                Ok(d) => {
                    data.set_value(Some(d));
                    load.set(Load::Ready);
                }
                Err(e) => load.set(Load::Failed(e.message())),
            }
        });
    };
    fetch(url.clone());
    move || match load.get() {
        Load::Loading => view! {
            <div class="loading" role="status" data-testid="loading">
                <span class="spinner" aria-hidden="true"></span>
                "Loading the tenant…"
            </div>
        }
        .into_any(),
        Load::Failed(e) => {
            let url = url.clone();
            view! {
                <div class="error" role="alert" data-testid="load-error">
                    <strong>"The tenant could not be loaded. "</strong>
                    <span>{e}</span>
                    <button on:click=move |_| {
                        load.set(Load::Loading);
                        fetch(url.clone());
                    }>"Try again"</button>
                    " " <a href="/tenants">"Back to Tenants"</a>
                </div>
            }
            .into_any()
        }
        Load::Ready => match data.get_value() {
            Some(d) => view! { <DetailView d snapshot=snapshot.clone()/> }.into_any(),
            None => ().into_any(),
        },
    }
}

async fn fetch_detail(tenant_id: &str) -> Result<TenantDetail, ApiFailure> {
    edit_api::get::<TenantDetail>(&format!("/api/tenants/{}", seg(tenant_id))).await
}

const KEPT: &str =
    "Reloaded the latest saved version. What you typed is kept — save again to replace it.";

fn when(t: OffsetDateTime) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    t.to_offset(time::UtcOffset::UTC)
        .format(&fmt)
        .unwrap_or_default()
}

fn parse_date(s: &str) -> Option<Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s.trim(), &fmt).ok()
}

fn date_text(d: Option<Date>) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    d.and_then(|d| d.format(&fmt).ok()).unwrap_or_default()
}

#[component]
fn DetailView(d: TenantDetail, snapshot: Arc<Snapshot>) -> impl IntoView {
    let t = d.tenant.clone();
    let tenant_id = t.id.to_string();
    // Countdowns run on the browser's clock, shifted to the server's `now` of the answer.
    let skew = d.now - now();
    let clock = use_clock();
    let server_now = Signal::derive(move || clock.get() + skew);

    let referrals = d
        .referrals
        .iter()
        .cloned()
        .map(|v| view! { <ReferralTile v now=server_now/> })
        .collect_view();

    view! {
        <section class="detail" data-testid="tenant-detail">
            <div class="report-head">
                <p class="crumbs"><a href="/tenants">"Tenants"</a> " › "</p>
                <h1 data-testid="tenant-name">{t.name.clone()}</h1>
            </div>
            <div class="tiles">
                <div class="tile"><span class="k">"Domain"</span><span class="v" data-testid="tenant-domain">{t.domain.clone()}</span></div>
                <div class="tile"><span class="k">"Tenant ID"</span><span class="v mono" data-testid="tenant-id">{tenant_id.clone()}</span></div>
                <div class="tile"><span class="k">"Segment"</span><span class="v">{t.segment.to_string()}</span></div>
                <div class="tile"><span class="k">"Country/region"</span><span class="v">{t.country.clone()}</span></div>
                <div class="tile"><span class="k">"Microsoft 365 licenses"</span><span class="v">{t.m365_licenses}</span></div>
            </div>
            {(!d.referrals.is_empty()).then(|| view! {
                <h2>"Referrals"</h2>
                <div class="tiles">{referrals}</div>
            })}
            <Workloads d=d.clone() snapshot/>
            <Notes tenant_id=tenant_id.clone() notes=d.notes.clone() total=d.notes_total/>
            <Contacts tenant_id=tenant_id.clone() contacts=d.contacts.clone()/>
            <ServiceStatuses tenant_id statuses=d.service_statuses.clone() taxonomy=Arc::new(d.taxonomy.clone())/>
        </section>
    }
}

#[component]
fn ReferralTile(v: ReferralView, #[prop(into)] now: Signal<OffsetDateTime>) -> impl IntoView {
    let view_ = v.clone();
    let state = Memo::new(move |_| state_at(&view_, now.get()));
    let id = v.referral.id.to_string();
    let edit_href = format!("/referrals?q={id}&open={id}");
    let au = match v.referral.au_at_referral {
        Some(a) => view! { <span data-testid="au">{percent(Some(a))}</span> }.into_any(),
        None => view! {
            <span data-testid="au-missing">
                <a href=FRP_DASHBOARD_URL target="_blank" rel="noopener">"FRP Dashboard"</a>
                " (AU% is available there 2–3 days after assignment)"
            </span>
        }
        .into_any(),
    };
    view! {
        <div class="tile referral" data-testid="referral-tile" data-referral=id.clone()>
            <span class="k">"RFA ID"</span>
            <span class="v">{id.clone()}</span>
            <span class="k">"RFA workloads"</span>
            <span class="v">{v.referral.rfa_workloads.join(", ")}</span>
            <span class="k">"AU% at referral"</span>
            <span class="v">{au}</span>
            <span class="k">"Source · assigned"</span>
            <span class="v">{v.referral.source.clone()} " · " {when(v.referral.assigned_at)}</span>
            <span class="k">"State"</span>
            <span class="v" data-testid="referral-state">
                {move || state.with(|s| s.kind.label())}
                {move || state.with(|s| s.seconds_left.map(|l| format!(" · {}", countdown(Some(l)))))}
            </span>
            <a href=edit_href data-testid="edit-referral">"Open in Referrals"</a>
        </div>
    }
}

/// The workloads we may see (ours and unclaimed) with the §1 figures from `shared`.
#[component]
fn Workloads(d: TenantDetail, snapshot: Arc<Snapshot>) -> impl IntoView {
    let table = TippingPointTable::for_snapshot(&snapshot);
    let config = RulesConfig::default();
    // Usage shows once we hold a claim on the tenant (seed 001).
    let usage_visible = is_associated(d.workloads.iter());
    let tenant_id = d.tenant.id.to_string();
    let mut ws: Vec<&WorkloadUsage> = d
        .workloads
        .iter()
        .filter(|w| w.claim_state() != ClaimState::ClaimedByOther)
        .collect();
    ws.sort_by_cached_key(|w| (w.workload.key(), w.sku.clone()));
    let rows = ws
        .into_iter()
        .map(|w| {
            let e = evaluate_in(w, d.tenant.segment, &table, &config);
            let claim = match w.claim_state() {
                ClaimState::ClaimedByUs => view! {
                    <span data-testid="claim-number">
                        {w.claim_number.as_ref().map(|c| c.to_string()).unwrap_or_else(|| "claimed".into())}
                    </span>
                }
                .into_any(),
                ClaimState::Unclaimed => view! {
                    <a
                        class="button"
                        data-testid="claim-workload"
                        href=CPOR_CLAIM_URL
                        target="_blank"
                        rel="noopener"
                        title=format!("Opens Partner Center to submit the CPOR claim for tenant {tenant_id}, workload {}", w.workload)
                    >
                        "Claim workload"
                    </a>
                }
                .into_any(),
                ClaimState::ClaimedByOther => ().into_any(),
            };
            let usage = if usage_visible { percent(e.usage.value) } else { "–".into() };
            view! {
                <tr data-testid="workload-row" data-workload=w.workload.to_string()>
                    <td>{w.workload.to_string()}</td>
                    <td>{w.sku.to_string()}</td>
                    <td class="num" title=e.usage.trace.to_vec().join("\n")>{usage}</td>
                    <td class="num">{if usage_visible { w.mau.to_string() } else { "–".into() }}</td>
                    <td class="num">{w.pau}</td>
                    <td>{if w.incentivized { "Yes" } else { "No" }}</td>
                    <td class="num">{w.rate_per_unit.to_string()}</td>
                    <td class="num" title=e.potential_earnings.trace.to_vec().join("\n")>{e.potential_earnings.value.to_string()}</td>
                    <td title=e.opportunity.trace.to_vec().join("\n")>{e.opportunity.value.to_string()}</td>
                    <td>{claim}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>"Workloads"</h2>
        <table class="data small" data-testid="workloads">
            <thead>
                <tr>
                    <th>"Workload"</th><th>"SKU"</th><th class="num">"Usage %"</th><th class="num">"MAU"</th>
                    <th class="num">"PAU"</th><th>"Incentivized"</th><th class="num">"Rate per unit (USD)"</th>
                    <th class="num">"Potential earnings (USD)"</th><th>"Opportunity"</th><th>"CPOR claim"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {(!usage_visible).then(|| view! {
            <p class="foot">"Usage is visible once you hold a claim on at least one workload of this tenant."</p>
        })}
        <p class="foot">
            "Workloads claimed by another partner are not listed. “Claim workload” opens Partner Center, where the CPOR claim is submitted; it shows here with its claim # after the next data import. Hover a figure to see how it was computed."
        </p>
    }
}

// ---------------------------------------------------------------- notes

#[component]
fn NoteItem(note: Note) -> impl IntoView {
    let open = RwSignal::new(false);
    let (short, cut) = preview(&note.content.text, PREVIEW_CHARS);
    let full = note.content.text.clone();
    let c = note.content.clone();
    let is_edit = note.kind == NoteKind::ReferralEdit;
    let changes = describe_changes(&note.changes);
    view! {
        <li class="note" class:edit=is_edit data-testid="note">
            <p class="meta">
                <b>{note.kind.label()}</b> " · " {note.author.clone()} " · " {when(note.created_at)}
                {note.referral_id.as_ref().map(|r| format!(" · {r}"))}
            </p>
            {(!note.changes.is_empty()).then(|| view! { <p class="changes" data-testid="note-changes">{changes}</p> })}
            {(!full.is_empty()).then(|| view! {
                <p class="text" data-testid="note-text">
                    {move || if open.get() { full.clone() } else { short.clone() }}
                    {cut.then(|| view! {
                        " "
                        <button class="link" data-testid="read-more" on:click=move |_| open.update(|o| *o = !*o)>
                            {move || if open.get() { "show less" } else { "read more" }}
                        </button>
                    })}
                </p>
            })}
            <dl class="facts">
                {(!c.onboarding_scope.is_empty()).then(|| view! { <dt>"Onboarding scope"</dt><dd>{c.onboarding_scope.clone()}</dd> })}
                {(!c.risks.is_empty()).then(|| view! { <dt>"Risks"</dt><dd>{c.risks.clone()}</dd> })}
                {(!c.next_action.is_empty()).then(|| view! {
                    <dt>"Next action"</dt>
                    <dd>
                        {c.next_action.clone()}
                        {c.next_action_date.map(|d| format!(" · by {}", date_text(Some(d))))}
                        {(!c.next_action_owner.is_empty()).then(|| format!(" · {}", c.next_action_owner))}
                    </dd>
                })}
            </dl>
        </li>
    }
}

#[component]
fn Notes(tenant_id: String, notes: Vec<Note>, total: u64) -> impl IntoView {
    let notes = RwSignal::new(notes);
    let total = RwSignal::new(total);
    let history = RwSignal::new(None::<Result<Vec<Note>, String>>);
    let tid = tenant_id.clone();
    let show_history = move |_| {
        let url = format!("/api/tenants/{}/notes", seg(&tid));
        history.set(Some(Ok(Vec::new())));
        spawn_local(async move {
            history.set(Some(
                edit_api::get::<Vec<Note>>(&url)
                    .await
                    .map_err(|e| e.message()),
            ));
        });
    };
    let on_saved = Callback::new(move |n: Note| {
        notes.update(|ns| {
            let mut all = ns.clone();
            all.push(n.clone());
            *ns = newest_first(&all, DETAIL_NOTES);
        });
        total.update(|t| *t += 1);
        history.update(|h| {
            if let Some(Ok(list)) = h {
                list.insert(0, n);
            }
        });
    });
    view! {
        <h2>"Status notes"</h2>
        <div class="columns">
            <div>
                <ul class="notes" data-testid="notes">
                    {move || notes.get().into_iter().map(|note| view! { <NoteItem note/> }).collect_view()}
                </ul>
                {move || (total.get() == 0).then(|| view! { <p class="empty">"No notes yet."</p> })}
                <p>
                    <span data-testid="notes-total">{total}</span> " notes in all. "
                    <button class="link" data-testid="view-history" on:click=show_history>"View all history"</button>
                </p>
                {move || history.get().map(|h| match h {
                    Err(e) => view! { <p class="error" role="alert">"The history could not be loaded: " {e}</p> }.into_any(),
                    Ok(list) => view! {
                        <section class="history" data-testid="history" aria-label="All notes and referral edits">
                            <h3>"All history (newest first)"</h3>
                            <button class="link" on:click=move |_| history.set(None)>"Hide"</button>
                            <ul class="notes">
                                {list.into_iter().map(|note| view! { <NoteItem note/> }).collect_view()}
                            </ul>
                        </section>
                    }.into_any(),
                })}
            </div>
            <NoteForm tenant_id on_saved/>
        </div>
    }
}

#[component]
fn NoteForm(tenant_id: String, on_saved: Callback<Note>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let scope = RwSignal::new(String::new());
    let risks = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let draft = move || NoteDraft {
        text: text.get(),
        onboarding_scope: scope.get(),
        risks: risks.get(),
        next_action: action.get(),
        next_action_date: parse_date(&date.get()),
        next_action_owner: owner.get(),
    };
    let live = Memo::new(move |_| draft().validated().err().unwrap_or_default());
    let f = FormState::new(live);
    let url = format!("/api/tenants/{}/notes", seg(&tenant_id));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !f.check() {
            return;
        }
        let Ok(d) = draft().validated() else { return };
        let url = url.clone();
        f.outcome.set(Outcome::Saving);
        spawn_local(async move {
            match edit_api::post::<_, Note>(&url, &d).await {
                Ok(n) => {
                    for s in [text, scope, risks, action, date, owner] {
                        s.set(String::new());
                    }
                    f.reset();
                    f.outcome.set(Outcome::Saved("Note added.".into()));
                    on_saved.run(n);
                }
                Err(e) => f.outcome.set(Outcome::Failed(e)),
            }
        });
    };
    let input = move |s: RwSignal<String>, field: &'static str| {
        move |ev: leptos::ev::Event| {
            s.set(value(&ev));
            f.touch(field);
        }
    };
    view! {
        <form class="edit-form" data-testid="note-form" on:submit=submit novalidate>
            <h3>"Add a status note"</h3>
            <label>"Note"
                <textarea data-testid="note-text-input" prop:value=move || text.get() on:input=input(text, "text")></textarea>
                <FieldMsg msg=f.msg("text") field="text"/>
            </label>
            <label>"Onboarding scope"
                <textarea data-testid="note-scope" prop:value=move || scope.get() on:input=input(scope, "onboarding_scope")></textarea>
                <FieldMsg msg=f.msg("onboarding_scope") field="onboarding_scope"/>
            </label>
            <label>"Risks"
                <textarea data-testid="note-risks" prop:value=move || risks.get() on:input=input(risks, "risks")></textarea>
                <FieldMsg msg=f.msg("risks") field="risks"/>
            </label>
            <label>"Next action"
                <input data-testid="note-next-action" prop:value=move || action.get() on:input=input(action, "next_action")/>
                <FieldMsg msg=f.msg("next_action") field="next_action"/>
            </label>
            <div class="row">
                <label>"Next action date"
                    <input type="date" data-testid="note-next-date" prop:value=move || date.get() on:input=input(date, "next_action")/>
                </label>
                <label>"Next action owner"
                    <input data-testid="note-next-owner" prop:value=move || owner.get() on:input=input(owner, "next_action")/>
                    <FieldMsg msg=f.msg("next_action_owner") field="next_action_owner"/>
                </label>
            </div>
            <div class="actions">
                <button type="submit" class="primary" data-testid="add-note">"Add note"</button>
            </div>
            <OutcomeLine outcome=f.outcome/>
        </form>
    }
}

// ---------------------------------------------------------------- contacts

#[derive(Clone, Copy, PartialEq)]
enum Editing {
    None,
    Add,
    Edit(i64),
}

#[component]
fn Contacts(tenant_id: String, contacts: Vec<Contact>) -> impl IntoView {
    let contacts = RwSignal::new(contacts);
    let editing = RwSignal::new(Editing::None);
    let list_outcome = RwSignal::new(Outcome::Idle);
    let tid = tenant_id.clone();
    let delete = move |c: Contact| {
        // The tenant-wide survey rule, before asking: the server checks it again.
        if let Err(e) =
            contacts.with_untracked(|l| check_contact_list(l, &ContactChange::Delete(c.id)))
        {
            list_outcome.set(Outcome::Failed(ApiFailure::Invalid(
                e.first().map(|e| e.message.clone()).unwrap_or_default(),
                e.0,
            )));
            return;
        }
        let ok = window()
            .confirm_with_message(&format!("Delete the contact {}?", c.fields.name))
            .unwrap_or(false);
        if !ok {
            return;
        }
        let url = format!(
            "/api/tenants/{}/contacts/{}?version={}",
            seg(&tid),
            c.id,
            c.version
        );
        list_outcome.set(Outcome::Saving);
        spawn_local(async move {
            match edit_api::delete(&url).await {
                Ok(()) => {
                    contacts.update(|l| l.retain(|x| x.id != c.id));
                    list_outcome.set(Outcome::Saved(format!("Deleted {}.", c.fields.name)));
                }
                Err(e) => list_outcome.set(Outcome::Failed(e)),
            }
        });
    };
    let on_saved = Callback::new(move |c: Contact| {
        contacts.update(|l| match l.iter_mut().find(|x| x.id == c.id) {
            Some(slot) => *slot = c,
            None => l.push(c),
        });
        editing.set(Editing::None);
    });
    let on_cancel = Callback::new(move |_: ()| editing.set(Editing::None));
    let rows = move || {
        contacts
            .get()
            .into_iter()
            .map(|c| {
                let f = c.fields.clone();
                let id = c.id;
                let delete = delete.clone();
                let customer = f.contact_type == ContactType::Customer;
                view! {
                    <tr data-testid="contact-row" data-email=f.email.clone()>
                        <td>{f.contact_type.label()}</td>
                        <td>{f.name.clone()}</td>
                        <td>{f.email.clone()}</td>
                        <td>{if customer { f.country.clone() } else { "–".into() }}</td>
                        <td>{if customer { f.survey_language.clone() } else { "–".into() }}</td>
                        <td>{f.services_assisted_with.join(", ")}</td>
                        <td>{if !customer { "–" } else if f.survey_eligible { "Yes" } else { "No" }}</td>
                        <td class="actions">
                            <button class="link" data-testid="edit-contact" on:click=move |_| editing.set(Editing::Edit(id))>"Edit"</button>
                            <button class="link danger" data-testid="delete-contact" on:click=move |_| delete(c.clone())>"Delete"</button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <h2>"Contacts"</h2>
        <table class="data small" data-testid="contacts">
            <thead>
                <tr>
                    <th>"Type"</th><th>"Name"</th><th>"Email"</th><th>"Country/region"</th><th>"Survey language"</th>
                    <th>"Services assisted with"</th><th>"Survey eligible"</th><th></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {move || contacts.with(|c| c.is_empty()).then(|| view! { <p class="empty">"No contacts yet."</p> })}
        <OutcomeLine outcome=list_outcome/>
        <p>
            <button class="primary" data-testid="add-contact" on:click=move |_| editing.set(Editing::Add)>"Add contact"</button>
        </p>
        {move || {
            let e = editing.get();
            let initial = match e {
                Editing::None => return None,
                Editing::Add => None,
                Editing::Edit(id) => contacts.with_untracked(|l| l.iter().find(|c| c.id == id).cloned()),
            };
            Some(view! { <ContactForm tenant_id=tenant_id.clone() initial contacts on_saved on_cancel/> })
        }}
    }
}

#[component]
fn ContactForm(
    tenant_id: String,
    initial: Option<Contact>,
    contacts: RwSignal<Vec<Contact>>,
    on_saved: Callback<Contact>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let editing_id = initial.as_ref().map(|c| c.id);
    let version = RwSignal::new(initial.as_ref().map(|c| c.version).unwrap_or(0));
    let base = initial.map(|c| c.fields).unwrap_or(ContactDraft {
        contact_type: ContactType::Customer,
        name: String::new(),
        email: String::new(),
        country: String::new(),
        survey_language: String::new(),
        services_assisted_with: Vec::new(),
        survey_eligible: true,
    });
    let kind = RwSignal::new(base.contact_type);
    let name = RwSignal::new(base.name);
    let email = RwSignal::new(base.email);
    let country = RwSignal::new(base.country);
    let language = RwSignal::new(base.survey_language);
    let services = RwSignal::new(base.services_assisted_with.join(", "));
    let eligible = RwSignal::new(base.survey_eligible);
    let draft = move || {
        let customer = kind.get() == ContactType::Customer;
        ContactDraft {
            contact_type: kind.get(),
            name: name.get(),
            email: email.get(),
            country: if customer {
                country.get()
            } else {
                String::new()
            },
            survey_language: if customer {
                language.get()
            } else {
                String::new()
            },
            services_assisted_with: services
                .get()
                .split([',', ';'])
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            survey_eligible: customer && eligible.get(),
        }
    };
    let live = Memo::new(move |_| {
        let d = draft();
        let mut e = d.validated().err().unwrap_or_default();
        let change = match editing_id {
            Some(id) => ContactChange::Edit(id, &d),
            None => ContactChange::Add(&d),
        };
        if let Err(list) = contacts.with(|c| check_contact_list(c, &change)) {
            e.0.extend(list.0);
        }
        e
    });
    let f = FormState::new(live);
    let tid_reload = tenant_id.clone();
    // The tenant-wide survey rule is shown as soon as it applies.
    f.touch("survey_eligible");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !f.check() {
            return;
        }
        let Ok(d) = draft().validated() else { return };
        let tid = seg(&tenant_id);
        f.outcome.set(Outcome::Saving);
        spawn_local(async move {
            let r = match editing_id {
                None => {
                    edit_api::post::<_, Contact>(&format!("/api/tenants/{tid}/contacts"), &d).await
                }
                Some(id) => {
                    let edit = ContactEdit {
                        version: version.get_untracked(),
                        contact: d,
                    };
                    edit_api::put::<_, Contact>(&format!("/api/tenants/{tid}/contacts/{id}"), &edit)
                        .await
                }
            };
            match r {
                Ok(c) => {
                    f.outcome.set(Outcome::Idle);
                    on_saved.run(c);
                }
                Err(e) => f.outcome.set(Outcome::Failed(e)),
            }
        });
    };
    let reload = Callback::new(move |_: ()| {
        let tid = tid_reload.clone();
        spawn_local(async move {
            match fetch_detail(&tid).await {
                Ok(d) => {
                    let found = editing_id
                        .and_then(|id| d.contacts.iter().find(|c| c.id == id).map(|c| c.version));
                    contacts.set(d.contacts);
                    match (editing_id, found) {
                        (Some(_), None) => f.outcome.set(Outcome::Failed(ApiFailure::Other(
                            "Someone else deleted this contact. Cancel, or add it again as a new contact.".into(),
                        ))),
                        (_, v) => {
                            if let Some(v) = v {
                                version.set(v);
                            }
                            f.outcome.set(Outcome::Saved(KEPT.into()));
                        }
                    }
                }
                Err(e) => f.outcome.set(Outcome::Failed(e)),
            }
        });
    });
    let input = move |s: RwSignal<String>, field: &'static str| {
        move |ev: leptos::ev::Event| {
            s.set(value(&ev));
            f.touch(field);
        }
    };
    let customer = move || kind.get() == ContactType::Customer;
    view! {
        <form class="edit-form dialog" role="dialog" aria-label="Contact" data-testid="contact-form" on:submit=submit novalidate>
            <h3>{if editing_id.is_some() { "Edit contact" } else { "Add contact" }}</h3>
            <label>"Contact type"
                <select data-testid="contact-type" on:change=move |ev| {
                    if let Some(k) = ContactType::parse(&value(&ev)) {
                        kind.set(k);
                    }
                }>
                    {[ContactType::Customer, ContactType::Partner].into_iter().map(|k| view! {
                        <option value=k.label() selected=move || kind.get() == k>{k.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Name"
                <input data-testid="contact-name" prop:value=move || name.get() on:input=input(name, "name")/>
                <FieldMsg msg=f.msg("name") field="name"/>
            </label>
            <label>"Email"
                <input type="email" data-testid="contact-email" prop:value=move || email.get() on:input=input(email, "email")/>
                <FieldMsg msg=f.msg("email") field="email"/>
            </label>
            <Show when=customer>
                <label>"Country/region"
                    <input data-testid="contact-country" prop:value=move || country.get() on:input=input(country, "country")/>
                    <FieldMsg msg=f.msg("country") field="country"/>
                </label>
                <label>"Survey language"
                    <input data-testid="contact-language" prop:value=move || language.get() on:input=input(language, "survey_language")/>
                    <FieldMsg msg=f.msg("survey_language") field="survey_language"/>
                </label>
            </Show>
            <label>"Services assisted with (comma-separated)"
                <input data-testid="contact-services" prop:value=move || services.get() on:input=input(services, "services_assisted_with")/>
                <FieldMsg msg=f.msg("services_assisted_with") field="services_assisted_with"/>
            </label>
            <Show when=customer>
                <label class="check">
                    <input type="checkbox" data-testid="contact-survey" prop:checked=move || eligible.get()
                        on:change=move |ev| eligible.set(event_target_checked(&ev))/>
                    "Survey eligible (may receive the FastTrack survey)"
                </label>
            </Show>
            <FieldMsg msg=f.msg("survey_eligible") field="survey_eligible"/>
            <div class="actions">
                <button type="submit" class="primary" data-testid="save-contact">"Save contact"</button>
                <button type="button" class="link" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
            <OutcomeLine outcome=f.outcome on_reload=reload/>
        </form>
    }
}

// ---------------------------------------------------------------- service status

#[component]
fn ServiceStatuses(
    tenant_id: String,
    statuses: Vec<ServiceStatusView>,
    taxonomy: Arc<Taxonomy>,
) -> impl IntoView {
    // Every workload's saved intent note, for the "same note elsewhere" lint.
    let notes = RwSignal::new(
        statuses
            .iter()
            .map(|s| {
                (
                    s.status.workload.clone(),
                    s.status.fields.intent_note.clone(),
                )
            })
            .collect::<Vec<(Workload, String)>>(),
    );
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
    let outcome = RwSignal::new(Outcome::Idle);
    let tried = RwSignal::new(false);
    let err_at = move |field: String| {
        Signal::derive(move || {
            if let Outcome::Failed(f) = outcome.get() {
                if let Some(m) = f.field(&field) {
                    return Some(m);
                }
            }
            live.with(|e: &FieldErrors| {
                e.0.iter()
                    .find(|x| x.field == field)
                    .map(|x| x.message.clone())
            })
        })
    };

    let (tid_reload, wl_reload) = (tenant_id.clone(), workload.clone());
    let reload = Callback::new(move |_: ()| {
        let (tid, wl) = (tid_reload.clone(), wl_reload.clone());
        spawn_local(async move {
            match fetch_detail(&tid).await {
                Ok(d) => {
                    if let Some(s) = d
                        .service_statuses
                        .iter()
                        .find(|s| s.status.workload.key() == wl.key())
                    {
                        version.set(s.status.version);
                    }
                    notes.set(
                        d.service_statuses
                            .iter()
                            .map(|s| {
                                (
                                    s.status.workload.clone(),
                                    s.status.fields.intent_note.clone(),
                                )
                            })
                            .collect(),
                    );
                    outcome.set(Outcome::Saved(KEPT.into()));
                }
                Err(e) => outcome.set(Outcome::Failed(e)),
            }
        });
    });
    let wl = workload.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if !live.get_untracked().is_empty() {
            outcome.set(Outcome::Failed(ApiFailure::Invalid(
                "fix the fields marked below".into(),
                Vec::new(),
            )));
            return;
        }
        let edit = ServiceStatusEdit {
            version: version.get_untracked(),
            status: draft(),
        };
        let url = format!(
            "/api/tenants/{}/service-status/{}",
            seg(&tenant_id),
            seg(wl.as_str())
        );
        let wl = wl.clone();
        outcome.set(Outcome::Saving);
        spawn_local(async move {
            match edit_api::put::<_, ServiceStatusView>(&url, &edit).await {
                Ok(v) => {
                    version.set(v.status.version);
                    notes.update(|n| {
                        if let Some(slot) = n.iter_mut().find(|(w, _)| w.key() == wl.key()) {
                            slot.1 = v.status.fields.intent_note.clone();
                        }
                    });
                    outcome.set(Outcome::Saved(format!(
                        "Saved (version {}).",
                        v.status.version
                    )));
                }
                Err(e) => outcome.set(Outcome::Failed(e)),
            }
        });
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
        let msg = move |name: &'static str| {
            let m = Memo::new(move |_| format!("splits[{}].{name}", pos()));
            Signal::derive(move || {
                let shown = tried.get() || matches!(outcome.get(), Outcome::Failed(_));
                let e = err_at(m.get()).get();
                if shown || name == "l2" || name == "l3" {
                    e
                } else {
                    None
                }
            })
        };
        view! {
            <div class="split" data-testid="split">
                <label>"L1"
                    <select data-testid="l1" on:change=move |ev| { r.l1.set(value(&ev)); r.l2.set(String::new()); r.l3.set(String::new()); }>
                        {options(l1_opts, r.l1)}
                    </select>
                    <FieldMsg msg=msg("l1") field="l1"/>
                </label>
                <Show when=move || !l2_names.get().is_empty()>
                    <label>"L2"
                        <select data-testid="l2" on:change=move |ev| { r.l2.set(value(&ev)); r.l3.set(String::new()); }>
                            {move || options(l2_names.get(), r.l2)}
                        </select>
                        <FieldMsg msg=msg("l2") field="l2"/>
                    </label>
                </Show>
                <Show when=move || !l3_names.get().is_empty()>
                    <label>"L3"
                        <select data-testid="l3" on:change=move |ev| r.l3.set(value(&ev))>
                            {move || options(l3_names.get(), r.l3)}
                        </select>
                        <FieldMsg msg=msg("l3") field="l3"/>
                    </label>
                </Show>
                <label>"Entitlements"
                    <input type="number" min="0" step="1" data-testid="count" prop:value=move || r.count.get()
                        on:input=move |ev| r.count.set(value(&ev))/>
                    <FieldMsg msg=msg("count") field="count"/>
                </label>
                <button type="button" class="link danger" data-testid="remove-split"
                    disabled=move || splits.with(|s| s.len() <= 1)
                    on:click=move |_| splits.update(|s| s.retain(|x| x.key != r.key))>"Remove"</button>
            </div>
        }
    };
    let sum_msg = err_at("splits".to_string());
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
            {move || (tried.get() || matches!(outcome.get(), Outcome::Failed(_))).then(|| view! { <FieldMsg msg=sum_msg field="splits"/> })}
            <button type="button" class="link" data-testid="add-split" on:click=move |_| {
                let r = fresh(&StatusSplit { l1: String::new(), l2: None, l3: None, count: 0 });
                splits.update(|s| s.push(r));
            }>"+ Add a status"</button>
            <label>"Service intent note"
                <textarea data-testid="intent-note" prop:value=move || note.get() on:input=move |ev| note.set(value(&ev))></textarea>
            </label>
            <ul class="lint" aria-live="polite">
                {move || lint.get().into_iter().map(|w| view! { <li data-testid="lint-warning">{w.message}</li> }).collect_view()}
            </ul>
            <div class="actions">
                <button type="submit" class="primary" data-testid="save-status">"Save status"</button>
            </div>
            <OutcomeLine outcome on_reload=reload/>
        </form>
    }
}
