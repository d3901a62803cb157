//! The header's help: the "Got feedback" link (where `--feedback-url` points; no link when the
//! server has none) and the keyboard shortcut list, opened with `?` from anywhere but a text
//! field: a modal dialog that takes focus, closes with Escape or its button, and gives focus
//! back.

use crate::session::use_session;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// (keys, what they do), in the order the list shows them.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("?", "Show or hide this list"),
    ("Esc", "Close this list, a “why?” panel or the definitions"),
    (
        "↑ ↓",
        "Previous / next row of a report table (once it has focus)",
    ),
    ("Page Up / Page Down", "A screenful of rows up / down"),
    ("Home / End", "First / last row"),
    (
        "Tab / Shift+Tab",
        "Next / previous control; Enter or Space presses it",
    ),
];

#[component]
pub fn FeedbackLink() -> impl IntoView {
    let session = use_session();
    move || {
        let url = session.config.with(|c| c.as_ref()?.feedback_url.clone())?;
        Some(view! {
            <a class="feedback" href=url target="_blank" rel="noopener noreferrer" data-testid="feedback">
                "Got feedback?"
            </a>
        })
    }
}

/// Whether a key press belongs to a field being typed in (then `?` is just a character).
fn typing(ev: &ev::KeyboardEvent) -> bool {
    let Some(el) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || el.get_attribute("contenteditable").is_some()
}

#[component]
pub fn Shortcuts() -> impl IntoView {
    let open = RwSignal::new(false);
    let dialog = NodeRef::<leptos::html::Div>::new();
    // Where focus was before the dialog took it, to give it back.
    let before = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let show = move |on: bool| {
        if on == open.get_untracked() {
            return;
        }
        if on {
            let active = document().active_element();
            before.set_value(active.and_then(|e| e.dyn_into().ok()));
        } else if let Some(el) = before.get_value() {
            let _ = el.focus();
        }
        open.set(on);
    };
    let handle = window_event_listener(ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || typing(&ev) {
            return;
        }
        match ev.key().as_str() {
            "?" => {
                ev.prevent_default();
                show(!open.get_untracked());
            }
            "Escape" if open.get_untracked() => show(false),
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
    // Focus moves into the dialog when it opens.
    Effect::new(move |_| {
        if open.get() {
            if let Some(d) = dialog.get() {
                let _ = d.focus();
            }
        }
    });
    view! {
        <button class="link help" aria-keyshortcuts="?" data-testid="shortcuts-open" on:click=move |_| show(true)>
            "Shortcuts"
        </button>
        <Show when=move || open.get()>
            <div class="backdrop" on:click=move |_| show(false)></div>
            <div
                class="dialog shortcuts"
                role="dialog"
                aria-modal="true"
                aria-labelledby="shortcuts-title"
                tabindex="-1"
                data-testid="shortcuts"
                node_ref=dialog
            >
                <header>
                    <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
                    <button class="link" aria-label="Close the shortcut list" on:click=move |_| show(false)>"Close"</button>
                </header>
                <dl>
                    {SHORTCUTS
                        .iter()
                        .map(|(keys, what)| view! { <dt><kbd>{*keys}</kbd></dt> <dd>{*what}</dd> })
                        .collect_view()}
                </dl>
            </div>
        </Show>
    }
}
