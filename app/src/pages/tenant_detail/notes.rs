//! Status notes: the latest few, all history on demand, and the form to add one.

use crate::api;
use crate::forms::{FieldMsg, Form, OutcomeLine};
use crate::load::Loaded;
use crate::session::use_user;
use leptos::prelude::*;
use shared::access::{may_see, Field};
use shared::edits::notes::{newest_first, preview, Note, NoteDraft, NoteKind, DETAIL_NOTES};
use shared::edits::referral::describe_changes;
use shared::format::{opt_date, parse_date, utc_minute};

/// Characters of a note shown before "read more".
const PREVIEW_CHARS: usize = 240;

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
                // The author is personal data: absent for a Report viewer.
                <b>{note.kind.label()}</b>
                {(!note.author.is_empty()).then(|| format!(" · {}", note.author))}
                " · " {utc_minute(note.created_at)}
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
                        {c.next_action_date.map(|d| format!(" · by {}", opt_date(Some(d))))}
                        {(!c.next_action_owner.is_empty()).then(|| format!(" · {}", c.next_action_owner))}
                    </dd>
                })}
            </dl>
        </li>
    }
}

#[component]
pub(super) fn Notes(tenant_id: String, notes: Vec<Note>, total: u64) -> impl IntoView {
    let notes = RwSignal::new(notes);
    let total = RwSignal::new(total);
    let history_open = RwSignal::new(false);
    // Bumped by every note added, so an open history loads again and shows it.
    let added = RwSignal::new(0u32);
    let on_saved = Callback::new(move |n: Note| {
        notes.update(|ns| {
            let mut all = ns.clone();
            all.push(n);
            *ns = newest_first(&all, DETAIL_NOTES);
        });
        total.update(|t| *t += 1);
        added.update(|a| *a += 1);
    });
    let history_id = tenant_id.clone();
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
                    <button class="link" data-testid="view-history" on:click=move |_| history_open.set(true)>
                        "View all history"
                    </button>
                </p>
                {move || history_open.get().then(|| view! {
                    <History tenant_id=history_id.clone() added open=history_open/>
                })}
            </div>
            <NoteForm tenant_id on_saved/>
        </div>
    }
}

/// Every note and referral edit of the tenant, newest first.
#[component]
fn History(tenant_id: String, added: RwSignal<u32>, open: RwSignal<bool>) -> impl IntoView {
    let all = LocalResource::new(move || {
        added.track();
        let tenant_id = tenant_id.clone();
        async move { api::notes(&tenant_id).await }
    });
    view! {
        <Loaded resource=all what="the history" let:list>
            <section class="history" data-testid="history" aria-label="All notes and referral edits">
                <h3>"All history (newest first)"</h3>
                <button class="link" on:click=move |_| open.set(false)>"Hide"</button>
                <ul class="notes">
                    {list.into_iter().map(|note| view! { <NoteItem note/> }).collect_view()}
                </ul>
            </section>
        </Loaded>
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
    // A Report viewer may not name a next-action owner (personal data it cannot read back).
    let owner_allowed = may_see(use_user().role, Field::NextActionOwner);
    let draft = move || NoteDraft {
        text: text.get(),
        onboarding_scope: scope.get(),
        risks: risks.get(),
        next_action: action.get(),
        next_action_date: parse_date(&date.get()),
        next_action_owner: owner.get(),
    };
    let live = Memo::new(move |_| draft().validated().err().unwrap_or_default());
    let form = Form::new(
        live,
        move |d: &NoteDraft| {
            let (tenant_id, d) = (tenant_id.clone(), d.clone());
            async move { api::add_note(&tenant_id, &d).await }
        },
        move |n: Note| {
            for s in [text, scope, risks, action, date, owner] {
                s.set(String::new());
            }
            on_saved.run(n);
            Some("Note added.".into())
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submit(draft().validated());
    };
    view! {
        <form class="edit-form" data-testid="note-form" on:submit=submit novalidate>
            <h3>"Add a status note"</h3>
            <label>"Note"
                <textarea data-testid="note-text-input" prop:value=move || text.get() on:input=form.input(text, "text")></textarea>
                <FieldMsg msg=form.msg("text") field="text"/>
            </label>
            <label>"Onboarding scope"
                <textarea data-testid="note-scope" prop:value=move || scope.get() on:input=form.input(scope, "onboarding_scope")></textarea>
                <FieldMsg msg=form.msg("onboarding_scope") field="onboarding_scope"/>
            </label>
            <label>"Risks"
                <textarea data-testid="note-risks" prop:value=move || risks.get() on:input=form.input(risks, "risks")></textarea>
                <FieldMsg msg=form.msg("risks") field="risks"/>
            </label>
            <label>"Next action"
                <input data-testid="note-next-action" prop:value=move || action.get() on:input=form.input(action, "next_action")/>
                <FieldMsg msg=form.msg("next_action") field="next_action"/>
            </label>
            <div class="row">
                <label>"Next action date"
                    <input type="date" data-testid="note-next-date" prop:value=move || date.get() on:input=form.input(date, "next_action")/>
                </label>
                {owner_allowed.then(|| view! {
                    <label>"Next action owner"
                        <input data-testid="note-next-owner" prop:value=move || owner.get() on:input=form.input(owner, "next_action")/>
                        <FieldMsg msg=form.msg("next_action_owner") field="next_action_owner"/>
                    </label>
                })}
            </div>
            <div class="actions">
                <button type="submit" class="primary" data-testid="add-note" disabled=form.busy()>"Add note"</button>
            </div>
            <OutcomeLine form/>
        </form>
    }
}
