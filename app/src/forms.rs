//! The one way to run an edit form: `Form` holds the live field checks (the same `shared`
//! validators the server runs), the save as a Leptos `Action` ("Saving…" is its pending
//! state), an optional reload after a conflict, and what happened last. A refused save keeps
//! every input: a 400 puts the server's message beside the field it names, a 409 offers Reload.

use crate::api::ApiError;
use leptos::prelude::*;
use shared::edits::FieldErrors;
use std::future::Future;
use std::rc::Rc;

/// What a reload after a conflict says when it took the latest version as the new base.
pub const KEPT: &str =
    "Reloaded the latest saved version. What you typed is kept — save again to replace it.";

/// What happened to the last save or reload (one in flight is the action's pending state).
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Idle,
    Done(String),
    Failed(ApiError),
}

/// One edit form whose save sends an `I`.
pub struct Form<I: 'static> {
    live: Memo<FieldErrors>,
    /// Fields whose live message shows (the user changed them), and whether a save was tried
    /// (then every message shows).
    touched: RwSignal<Vec<String>>,
    tried: RwSignal<bool>,
    outcome: RwSignal<Outcome>,
    save: Action<I, ()>,
    saving: Memo<bool>,
    reload: Option<(Action<(), ()>, Memo<bool>)>,
}

impl<I> Clone for Form<I> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<I> Copy for Form<I> {}

impl<I: 'static> Form<I> {
    /// `live`: the draft's field errors as the user types. `send`: the API call for a draft.
    /// `saved`: applies the server's answer (new version, lists) and returns the line to show,
    /// or `None` when the form goes away.
    pub fn new<O, Fu>(
        live: Memo<FieldErrors>,
        send: impl Fn(&I) -> Fu + 'static,
        saved: impl Fn(O) -> Option<String> + 'static,
    ) -> Self
    where
        O: 'static,
        Fu: Future<Output = Result<O, ApiError>> + 'static,
    {
        let touched = RwSignal::new(Vec::new());
        let tried = RwSignal::new(false);
        let outcome = RwSignal::new(Outcome::Idle);
        let saved = Rc::new(saved);
        // Local: the browser's fetch futures are not `Send`.
        let save = Action::new_local(move |input: &I| {
            let call = send(input);
            let saved = Rc::clone(&saved);
            async move {
                match call.await {
                    Ok(answer) => {
                        touched.set(Vec::new());
                        tried.set(false);
                        // May close the form: its signals then ignore the outcome.
                        let line = saved(answer);
                        outcome.set(line.map_or(Outcome::Idle, Outcome::Done));
                    }
                    Err(e) => outcome.set(Outcome::Failed(e)),
                }
            }
        });
        Form {
            live,
            touched,
            tried,
            outcome,
            save,
            saving: save.pending(),
            reload: None,
        }
    }

    /// Offers Reload after a conflict: `fetch` the latest, `apply` takes its version as the
    /// new base (keeping what was typed) and says so, or refuses (e.g. it was deleted).
    pub fn with_reload<T, Fu>(
        mut self,
        fetch: impl Fn() -> Fu + 'static,
        apply: impl Fn(T) -> Result<String, ApiError> + 'static,
    ) -> Self
    where
        T: 'static,
        Fu: Future<Output = Result<T, ApiError>> + 'static,
    {
        let outcome = self.outcome;
        let apply = Rc::new(apply);
        let reload = Action::new_local(move |_: &()| {
            let call = fetch();
            let apply = Rc::clone(&apply);
            async move {
                let result = call.await.and_then(|latest| apply(latest));
                outcome.set(match result {
                    Ok(line) => Outcome::Done(line),
                    Err(e) => Outcome::Failed(e),
                });
            }
        });
        self.reload = Some((reload, reload.pending()));
        self
    }

    /// Saves `draft` when the live checks pass; otherwise marks every field and says so.
    pub fn submit(&self, draft: Result<I, FieldErrors>) {
        self.tried.set(true);
        match draft {
            Ok(input) if self.live.with_untracked(FieldErrors::is_empty) => {
                self.outcome.set(Outcome::Idle);
                self.save.dispatch_local(input);
            }
            _ => self.refuse("fix the fields marked above"),
        }
    }

    /// Refuses a save before sending it, with the rule's words (e.g. a tenant-wide rule that
    /// no single field shows).
    pub fn refuse(&self, message: impl Into<String>) {
        self.outcome.set(Outcome::Failed(ApiError::Invalid {
            message: message.into(),
            errors: Vec::new(),
        }));
    }

    /// Shows `field`'s live message from now on (e.g. a rule worth seeing before typing).
    pub fn touch(&self, field: impl Into<String>) {
        let field = field.into();
        if !self.touched.with_untracked(|t| t.contains(&field)) {
            self.touched.update(|t| t.push(field));
        }
    }

    /// An `on:input` handler: writes the text into `signal` and shows `field`'s message.
    pub fn input(
        &self,
        signal: RwSignal<String>,
        field: &'static str,
    ) -> impl Fn(leptos::ev::Event) + Copy + 'static {
        let form = *self;
        move |ev| {
            signal.set(event_target_value(&ev));
            form.touch(field);
        }
    }

    /// The message beside `field`, once the user changed it or tried to save.
    pub fn msg(&self, field: &'static str) -> Signal<Option<String>> {
        self.msg_at(Signal::stored(field.to_string()), false)
    }

    /// The message beside `field` as soon as the draft breaks a rule.
    pub fn msg_now(&self, field: &'static str) -> Signal<Option<String>> {
        self.msg_at(Signal::stored(field.to_string()), true)
    }

    /// The message beside a field whose name moves (a row of a list: `splits[2].count`). The
    /// server's refusal of the field wins over the live check.
    pub fn msg_at(&self, field: Signal<String>, now: bool) -> Signal<Option<String>> {
        let f = *self;
        Signal::derive(move || {
            field.with(|field| {
                let server = f.outcome.with(|o| match o {
                    Outcome::Failed(e) => e.field(field),
                    _ => None,
                });
                if server.is_some() {
                    return server;
                }
                let shown = now || f.tried.get() || f.touched.with(|t| t.contains(field));
                if !shown {
                    return None;
                }
                f.live.with(|e| {
                    e.0.iter()
                        .find(|e| e.field == *field)
                        .map(|e| e.message.clone())
                })
            })
        })
    }

    /// A save or reload is in flight.
    pub fn busy(&self) -> Signal<bool> {
        let (saving, reload) = (self.saving, self.reload);
        Signal::derive(move || saving.get() || reload.is_some_and(|(_, r)| r.get()))
    }
}

/// The message beside one field (`data-testid=error-{field}`).
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

/// The form's last line: saving, saved, a conflict with Reload, or why it was not saved.
/// It stands under the fields, so its messages point up at them.
#[component]
pub fn OutcomeLine<I: 'static>(form: Form<I>) -> impl IntoView {
    let reload = form.reload;
    move || {
        if form.saving.get() {
            return Some(view! { <p class="outcome" role="status">"Saving…"</p> }.into_any());
        }
        if reload.is_some_and(|(_, pending)| pending.get()) {
            return Some(view! { <p class="outcome" role="status">"Reloading…"</p> }.into_any());
        }
        match form.outcome.get() {
            Outcome::Idle => None,
            Outcome::Done(m) => Some(
                view! { <p class="outcome ok" role="status" data-testid="saved">{m}</p> }
                    .into_any(),
            ),
            Outcome::Failed(ApiError::Conflict(m)) => Some(
                view! {
                    <p class="outcome conflict" role="alert" data-testid="conflict">
                        <strong>"This was changed by someone else — reload to get their version. "</strong>
                        "What you typed is kept. "
                        <span class="detail">{m}</span>
                        {reload.map(|(action, _)| view! {
                            <button type="button" data-testid="reload" on:click=move |_| {
                                action.dispatch_local(());
                            }>"Reload"</button>
                        })}
                    </p>
                }
                .into_any(),
            ),
            Outcome::Failed(e @ ApiError::Invalid { .. }) => Some(
                view! {
                    <p class="outcome error" role="alert" data-testid="invalid">
                        "Not saved: " {e.to_string()}
                    </p>
                }
                .into_any(),
            ),
            Outcome::Failed(e) => Some(
                view! {
                    <p class="outcome error" role="alert" data-testid="save-error">
                        "Not saved: " {e.to_string()} " Your input is kept; try again."
                    </p>
                }
                .into_any(),
            ),
        }
    }
}
