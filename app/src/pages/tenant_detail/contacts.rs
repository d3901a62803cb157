//! Contacts: the list with edit and delete, and the add / edit form. The tenant-wide survey
//! rule (`check_contact_list`) is checked live and before a delete; the server checks again.

use crate::api::{self, ApiError};
use crate::forms::{FieldMsg, Form, OutcomeLine, KEPT};
use crate::session::use_user;
use leptos::prelude::*;
use shared::access::{check_write, may_see, Field, Record, NOT_FOR_VIEWERS};
use shared::edits::contacts::{
    check_contact_list, Contact, ContactChange, ContactDraft, ContactType,
};
use shared::edits::views::{ContactEdit, TenantDetail};
use shared::edits::FieldErrors;
use shared::format::yes_no;

#[derive(Clone, Copy, PartialEq)]
enum Editing {
    None,
    Add,
    Edit(i64),
}

#[component]
pub(super) fn Contacts(tenant_id: String, contacts: Vec<Contact>) -> impl IntoView {
    let contacts = RwSignal::new(contacts);
    let editing = RwSignal::new(Editing::None);
    // A Report viewer reads contacts without names and emails, and changes none.
    let role = use_user().role;
    let personal = may_see(role, Field::ContactName);
    let writable = check_write(role, Record::Contact, &[]).is_ok();
    let tid = tenant_id.clone();
    // No fields to check live: the survey rule is checked on the click.
    let delete = Form::new(
        Memo::new(|_| FieldErrors::default()),
        move |c: &Contact| {
            let (tid, c) = (tid.clone(), c.clone());
            async move { api::delete_contact(&tid, c.id, c.version).await.map(|()| c) }
        },
        move |c: Contact| {
            contacts.update(|l| l.retain(|x| x.id != c.id));
            Some(format!("Deleted {}.", c.fields.name))
        },
    );
    let ask_delete = move |c: Contact| {
        // The tenant-wide survey rule, before asking: the server checks it again.
        let rule = contacts.with_untracked(|l| check_contact_list(l, &ContactChange::Delete(c.id)));
        if let Err(e) = rule {
            delete.refuse(e.first().map(|e| e.message.clone()).unwrap_or_default());
            return;
        }
        let ok = window()
            .confirm_with_message(&format!("Delete the contact {}?", c.fields.name))
            .unwrap_or(false);
        if ok {
            delete.submit(Ok(c));
        }
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
                let customer = f.contact_type == ContactType::Customer;
                let only_customer = |text: String| if customer { text } else { "–".into() };
                view! {
                    <tr data-testid="contact-row" data-email=f.email.clone()>
                        <td>{f.contact_type.label()}</td>
                        {personal.then(|| view! { <td>{f.name.clone()}</td><td>{f.email.clone()}</td> })}
                        <td>{only_customer(f.country.clone())}</td>
                        <td>{only_customer(f.survey_language.clone())}</td>
                        <td>{f.services_assisted_with.join(", ")}</td>
                        <td>{only_customer(yes_no(f.survey_eligible).into())}</td>
                        {writable.then(|| view! {
                            <td class="actions">
                                <button class="link" data-testid="edit-contact" on:click=move |_| editing.set(Editing::Edit(id))>"Edit"</button>
                                <button class="link danger" data-testid="delete-contact" on:click=move |_| ask_delete(c.clone())>"Delete"</button>
                            </td>
                        })}
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
                    <th>"Type"</th>
                    {personal.then(|| view! { <th>"Name"</th><th>"Email"</th> })}
                    <th>"Country/region"</th><th>"Survey language"</th>
                    <th>"Services assisted with"</th><th>"Survey eligible"</th>
                    {writable.then(|| view! { <th></th> })}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {move || contacts.with(|c| c.is_empty()).then(|| view! { <p class="empty">"No contacts yet."</p> })}
        <OutcomeLine form=delete/>
        {if writable {
            view! {
                <p>
                    <button class="primary" data-testid="add-contact" on:click=move |_| editing.set(Editing::Add)>"Add contact"</button>
                </p>
            }
            .into_any()
        } else {
            view! {
                <p class="foot" data-testid="contacts-read-only">
                    {format!("Contacts are read-only here: changing them, and their names and emails, are {NOT_FOR_VIEWERS}.")}
                </p>
            }
            .into_any()
        }}
        {move || {
            let initial = match editing.get() {
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
    let customer = move || kind.get() == ContactType::Customer;
    let draft = move || ContactDraft {
        contact_type: kind.get(),
        name: name.get(),
        email: email.get(),
        country: if customer() {
            country.get()
        } else {
            String::new()
        },
        survey_language: if customer() {
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
        survey_eligible: customer() && eligible.get(),
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
    let tid_reload = tenant_id.clone();
    let form = Form::new(
        live,
        move |d: &ContactDraft| {
            let (tid, contact) = (tenant_id.clone(), d.clone());
            let version = version.get_untracked();
            async move {
                match editing_id {
                    None => api::add_contact(&tid, &contact).await,
                    Some(id) => api::put_contact(&tid, id, &ContactEdit { version, contact }).await,
                }
            }
        },
        move |c: Contact| {
            on_saved.run(c);
            None
        },
    )
    .with_reload(
        move || {
            let tid = tid_reload.clone();
            async move { api::tenant(&tid).await }
        },
        move |d: TenantDetail| {
            let found =
                editing_id.map(|id| d.contacts.iter().find(|c| c.id == id).map(|c| c.version));
            contacts.set(d.contacts);
            match found {
                Some(None) => Err(ApiError::Other(
                    "Someone else deleted this contact. Cancel, or add it again as a new contact."
                        .into(),
                )),
                Some(Some(v)) => {
                    version.set(v);
                    Ok(KEPT.into())
                }
                None => Ok(KEPT.into()),
            }
        },
    );
    // The tenant-wide survey rule is shown as soon as it applies.
    form.touch("survey_eligible");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submit(draft().validated());
    };
    view! {
        <form class="edit-form dialog" role="dialog" aria-label="Contact" data-testid="contact-form" on:submit=submit novalidate>
            <h3>{if editing_id.is_some() { "Edit contact" } else { "Add contact" }}</h3>
            <label>"Contact type"
                <select data-testid="contact-type" on:change=move |ev| {
                    if let Some(k) = ContactType::parse(&event_target_value(&ev)) {
                        kind.set(k);
                    }
                }>
                    {[ContactType::Customer, ContactType::Partner].into_iter().map(|k| view! {
                        <option value=k.label() selected=move || kind.get() == k>{k.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Name"
                <input data-testid="contact-name" prop:value=move || name.get() on:input=form.input(name, "name")/>
                <FieldMsg msg=form.msg("name") field="name"/>
            </label>
            <label>"Email"
                <input type="email" data-testid="contact-email" prop:value=move || email.get() on:input=form.input(email, "email")/>
                <FieldMsg msg=form.msg("email") field="email"/>
            </label>
            <Show when=customer>
                <label>"Country/region"
                    <input data-testid="contact-country" prop:value=move || country.get() on:input=form.input(country, "country")/>
                    <FieldMsg msg=form.msg("country") field="country"/>
                </label>
                <label>"Survey language"
                    <input data-testid="contact-language" prop:value=move || language.get() on:input=form.input(language, "survey_language")/>
                    <FieldMsg msg=form.msg("survey_language") field="survey_language"/>
                </label>
            </Show>
            <label>"Services assisted with (comma-separated)"
                <input data-testid="contact-services" prop:value=move || services.get() on:input=form.input(services, "services_assisted_with")/>
                <FieldMsg msg=form.msg("services_assisted_with") field="services_assisted_with"/>
            </label>
            <Show when=customer>
                <label class="check">
                    <input type="checkbox" data-testid="contact-survey" prop:checked=move || eligible.get()
                        on:change=move |ev| eligible.set(event_target_checked(&ev))/>
                    "Survey eligible (may receive the FastTrack survey)"
                </label>
            </Show>
            <FieldMsg msg=form.msg("survey_eligible") field="survey_eligible"/>
            <div class="actions">
                <button type="submit" class="primary" data-testid="save-contact" disabled=form.busy()>"Save contact"</button>
                <button type="button" class="link" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
            <OutcomeLine form/>
        </form>
    }
}
