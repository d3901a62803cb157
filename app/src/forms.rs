//! What every edit form shares: the message beside a field (the shared validator's live
//! message, or the server's 400 for that field) and the form-level outcome line.

use crate::edit_api::ApiFailure;
use leptos::prelude::*;
use shared::edits::FieldErrors;

/// The message for `field`: the server's refusal when it named the field, else the live one.
pub fn field_msg(
    live: Memo<FieldErrors>,
    outcome: RwSignal<Outcome>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        outcome
            .with(|o| match o {
                Outcome::Failed(f) => f.field(field),
                _ => None,
            })
            .or_else(|| {
                live.with(|e| {
                    e.0.iter()
                        .find(|e| e.field == field)
                        .map(|e| e.message.clone())
                })
            })
    })
}

#[component]
pub fn FieldMsg(#[prop(into)] msg: Signal<Option<String>>, field: &'static str) -> impl IntoView {
    move || {
        msg.get().map(|m| {
            view! {
                <span class="field-error" role="alert" data-testid=format!("error-{field}")>
                    {m}
                </span>
            }
        })
    }
}

/// What happened to the last save: saved, a conflict (with what to do), or another failure.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Idle,
    Saving,
    Saved(String),
    Failed(ApiFailure),
}

#[component]
pub fn OutcomeLine(
    outcome: RwSignal<Outcome>,
    #[prop(optional)] on_reload: Option<Callback<()>>,
) -> impl IntoView {
    move || {
        match outcome.get() {
        Outcome::Idle => None,
        Outcome::Saving => Some(view! { <p class="outcome" role="status">"Saving…"</p> }.into_any()),
        Outcome::Saved(m) => Some(
            view! { <p class="outcome ok" role="status" data-testid="saved">{m}</p> }.into_any(),
        ),
        Outcome::Failed(ApiFailure::Conflict(m)) => Some(
            view! {
                <p class="outcome conflict" role="alert" data-testid="conflict">
                    <strong>"This was changed by someone else — reload to get their version. "</strong>
                    "What you typed is kept. "
                    <span class="detail">{m}</span>
                    {on_reload.map(|r| view! {
                        <button type="button" data-testid="reload" on:click=move |_| r.run(())>"Reload"</button>
                    })}
                </p>
            }
            .into_any(),
        ),
        Outcome::Failed(f @ ApiFailure::Invalid(..)) => Some(
            view! {
                <p class="outcome error" role="alert" data-testid="invalid">
                    "Not saved: " {f.message()}
                </p>
            }
            .into_any(),
        ),
        Outcome::Failed(f) => Some(
            view! {
                <p class="outcome error" role="alert" data-testid="save-error">
                    "Not saved: " {f.message()} " Your input is kept; try again."
                </p>
            }
            .into_any(),
        ),
    }
    }
}

/// The value of the event's target (input, select, textarea).
pub fn value(ev: &leptos::ev::Event) -> String {
    event_target_value(ev)
}

/// A form's live errors, shown for the fields the user has touched (all of them after a save
/// attempt), and its last save outcome.
#[derive(Clone, Copy)]
pub struct FormState {
    pub live: Memo<FieldErrors>,
    pub outcome: RwSignal<Outcome>,
    touched: RwSignal<Vec<&'static str>>,
    tried: RwSignal<bool>,
}

impl FormState {
    pub fn new(live: Memo<FieldErrors>) -> Self {
        FormState {
            live,
            outcome: RwSignal::new(Outcome::Idle),
            touched: RwSignal::new(Vec::new()),
            tried: RwSignal::new(false),
        }
    }

    pub fn touch(&self, field: &'static str) {
        if !self.touched.with_untracked(|t| t.contains(&field)) {
            self.touched.update(|t| t.push(field));
        }
    }

    pub fn reset(&self) {
        self.touched.set(Vec::new());
        self.tried.set(false);
    }

    pub fn msg(&self, field: &'static str) -> Signal<Option<String>> {
        let s = *self;
        let both = field_msg(s.live, s.outcome, field);
        Signal::derive(move || {
            let server = s.outcome.with(|o| match o {
                Outcome::Failed(f) => f.field(field),
                _ => None,
            });
            if server.is_some() {
                return server;
            }
            let shown = s.tried.get() || s.touched.with(|t| t.contains(&field));
            if shown {
                both.get()
            } else {
                None
            }
        })
    }

    /// Marks a save attempt; false (with the fields marked) when the live check refuses.
    pub fn check(&self) -> bool {
        self.tried.set(true);
        if self.live.with_untracked(|e| e.is_empty()) {
            true
        } else {
            self.outcome.set(Outcome::Failed(ApiFailure::Invalid(
                "fix the fields marked above".into(),
                Vec::new(),
            )));
            false
        }
    }
}
