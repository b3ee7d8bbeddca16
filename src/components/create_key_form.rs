use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::icons::{Icon, IconName};
use super::{Field, SignInOffer, SignInPrompt, role_options};
use crate::domain::keys::{NewApiKey, Role};
use crate::domain::ttl::parse_ttl;

const TTL_HELP: &str = "The API key life duration. For example, 1d if your key is going to last \
                        for one day. Supported units are: s,m,h,d,w,M,y";

/// What is typed in the form. It belongs to whoever sends the request, not to the form, so it
/// outlives the form: closing the form while a request runs, or a failure, loses nothing.
#[derive(Debug, Clone, Copy)]
pub struct KeyDraft {
    pub name: RwSignal<String>,
    pub role: RwSignal<Role>,
    pub ttl: RwSignal<String>,
}

impl KeyDraft {
    pub fn new() -> Self {
        KeyDraft {
            name: RwSignal::new(String::new()),
            role: RwSignal::new(Role::Viewer),
            ttl: RwSignal::new(String::new()),
        }
    }

    /// Empty again, as Grafana's form is each time it opens after a key was made.
    pub fn clear(&self) {
        self.name.set(String::new());
        self.role.set(Role::Viewer);
        self.ttl.set(String::new());
    }

    fn name_error(&self) -> Option<&'static str> {
        self.name
            .read()
            .trim()
            .is_empty()
            .then_some("Key name is required")
    }

    /// The key to ask for, if what is typed is valid.
    fn new_key(&self) -> Option<NewApiKey> {
        let seconds_to_live = parse_ttl(&self.ttl.get_untracked()).ok()?;
        if self.name_error().is_some() {
            return None;
        }
        Some(NewApiKey {
            name: self.name.get_untracked(),
            role: self.role.get_untracked(),
            seconds_to_live,
        })
    }
}

impl Default for KeyDraft {
    fn default() -> Self {
        Self::new()
    }
}

/// "Add API Key": name, role and time to live. The time to live is checked on blur and on
/// submit with Grafana's "Not a valid duration"; a valid form raises `on_submit` with the key
/// to create. The server's refusal is shown in the form, with what was typed kept.
#[component]
pub fn CreateKeyForm(
    draft: KeyDraft,
    /// Whether the user may create keys; the Add button is disabled otherwise.
    #[prop(into)]
    can_create: Signal<bool>,
    /// Whether the request runs: "Adding...".
    #[prop(into)]
    pending: Signal<bool>,
    /// The server's message about the last attempt.
    #[prop(into)]
    server_error: Signal<Option<String>>,
    /// The server's refusal of the name (Grafana's "API key, organization ID and name must be
    /// unique"): shown under the name field, which is marked and focused.
    #[prop(optional, into)]
    name_refused: Signal<Option<String>>,
    /// Where the failure was a session that ended: the way to sign in again.
    #[prop(into)]
    sign_in: Signal<Option<SignInOffer>>,
    on_submit: Callback<NewApiKey>,
    /// Called when the user closes the form.
    on_close: Callback<()>,
) -> impl IntoView {
    let name_input = NodeRef::<leptos::html::Input>::new();
    // `autofocus` only acts on page load or in a dialog; the form appears later, on a click.
    Effect::new(move |_| {
        if let Some(input) = name_input.get() {
            let _ = input.focus();
        }
    });
    let ttl_checked = RwSignal::new(false);
    let name_checked = RwSignal::new(false);
    let ttl_error = Memo::new(move |_| parse_ttl(&draft.ttl.read()).err());
    let name_error = Memo::new(move |_| draft.name_error());
    let shown_ttl_error = Signal::derive(move || ttl_error.get().filter(|_| ttl_checked.get()));
    let shown_name_error = Signal::derive(move || name_error.get().filter(|_| name_checked.get()));
    // What is wrong with the name: the form's own check first, then the server's refusal.
    let name_message = Signal::derive(move || {
        shown_name_error
            .get()
            .map(str::to_string)
            .or_else(|| name_refused.get())
    });
    // A refused name takes the focus, so the user is where the fix is.
    Effect::new(move |_| {
        if name_refused.read().is_some()
            && let Some(input) = name_input.get_untracked()
        {
            let _ = input.focus();
        }
    });

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        name_checked.set(true);
        ttl_checked.set(true);
        if pending.get_untracked() || !can_create.get_untracked() {
            return;
        }
        if let Some(new_key) = draft.new_key() {
            on_submit.run(new_key);
        }
    };
    let close_on_escape = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" {
            on_close.run(());
        }
    };

    view! {
        <form class="create-key" on:submit=submit on:keydown=close_on_escape novalidate>
            <div class="create-key__header">
                <h2 class="create-key__title">"Add API Key"</h2>
                <button
                    type="button"
                    class="icon-button"
                    aria-label="Close"
                    on:click=move |_| on_close.run(())
                >
                    <Icon name=IconName::Close size="lg" />
                </button>
            </div>
            <div class="create-key__fields">
                <Field label="Key name" id="key-name">
                    <input
                        node_ref=name_input
                        id="key-name"
                        class="input"
                        placeholder="Name"
                        autocomplete="off"
                        bind:value=draft.name
                        aria-invalid=move || name_message.read().is_some().to_string()
                        aria-describedby="key-name-error"
                    />
                    <p class="field__error" id="key-name-error">
                        {move || name_message.get()}
                    </p>
                </Field>
                <Field label="Role" id="role-select">
                    <select
                        id="role-select"
                        class="input"
                        prop:value=move || draft.role.get().to_string()
                        on:change:target=move |event| {
                            draft.role.set(Role::parse(&event.target().value()))
                        }
                    >
                        {role_options(Role::CHOICES.to_vec(), None)}
                    </select>
                </Field>
                <div class="field">
                    // The help sits beside the label, not in it, so it is not part of the
                    // input's name; it is its own stop for keyboards, with the tooltip on focus.
                    <div class="field__label-row">
                        <label class="field__label" for="time-to-live-input">
                            "Time to live"
                        </label>
                        <span
                            class="help"
                            tabindex="0"
                            role="img"
                            aria-label=TTL_HELP
                            data-tooltip=TTL_HELP
                            // Escape hides the tooltip (WCAG 1.4.13) and leaves the form open:
                            // it shows only while focused or hovered.
                            on:keydown=move |event| {
                                if event.key() == "Escape"
                                    && let Some(help) = event.current_target().and_then(|target| {
                                        target.dyn_into::<web_sys::HtmlElement>().ok()
                                    })
                                {
                                    event.stop_propagation();
                                    let _ = help.blur();
                                }
                            }
                        >
                            <Icon name=IconName::Question />
                        </span>
                    </div>
                    <input
                        id="time-to-live-input"
                        class="input"
                        placeholder="1d"
                        autocomplete="off"
                        bind:value=draft.ttl
                        on:blur=move |_| ttl_checked.set(true)
                        aria-invalid=move || shown_ttl_error.get().is_some().to_string()
                        aria-describedby="time-to-live-help time-to-live-error"
                    />
                    <p class="field__help" id="time-to-live-help">
                        "Empty for no expiry; units s m h d w M y, e.g. 30s, 12h, 7d, 1M, 1y"
                    </p>
                    <p class="field__error" id="time-to-live-error">
                        {move || shown_ttl_error.get()}
                    </p>
                </div>
                <div class="field field--submit">
                    <button
                        type="submit"
                        class="btn btn--primary"
                        disabled=move || pending.get() || !can_create.get()
                    >
                        {move || if pending.get() { "Adding..." } else { "Add" }}
                    </button>
                </div>
            </div>
            {move || {
                server_error
                    .get()
                    .map(|message| {
                        view! {
                            <div class="create-key__error">
                                <p role="alert">{message}</p>
                                {move || sign_in.get().map(|offer| view! { <SignInPrompt offer /> })}
                            </div>
                        }
                    })
            }}
        </form>
    }
}
