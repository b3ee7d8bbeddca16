use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::icons::{Icon, IconName};
use crate::api::{self, CreatedApiKey, NewApiKey};
use crate::domain::ttl::parse_ttl;

/// The roles a key can have, Grafana's `OrgRole` list; Viewer is the default.
const ROLES: [&str; 3] = ["Viewer", "Editor", "Admin"];

const TTL_HELP: &str = "The API key life duration. For example, 1d if your key is going to last \
                        for one day. Supported units are: s,m,h,d,w,M,y";

/// "Add API Key": name, role and time to live. The time to live is checked on blur and on
/// submit with Grafana's "Not a valid duration". One request per submit; if the server refuses,
/// the form stays with what was typed and shows the server's message.
#[component]
pub fn CreateKeyForm(
    /// Whether the user may create keys; the Add button is disabled otherwise.
    #[prop(into)]
    can_create: Signal<bool>,
    /// Called with the created key; the form is done then.
    on_created: Callback<CreatedApiKey>,
    /// Called when the user closes the form.
    on_cancel: Callback<()>,
    /// Called with the server's message when it answers 410: it no longer creates API keys
    /// (Grafana 11.3 and later), so the page replaces the create controls.
    #[prop(optional)]
    on_gone: Option<Callback<String>>,
) -> impl IntoView {
    let name_input = NodeRef::<leptos::html::Input>::new();
    // `autofocus` only acts on page load or in a dialog; the form appears later, on a click.
    Effect::new(move |_| {
        if let Some(input) = name_input.get() {
            let _ = input.focus();
        }
    });
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(ROLES[0].to_string());
    let ttl = RwSignal::new(String::new());
    let ttl_checked = RwSignal::new(false);
    let name_checked = RwSignal::new(false);
    let ttl_error = Memo::new(move |_| parse_ttl(&ttl.read()).err());
    let name_error = Memo::new(move |_| {
        name.read()
            .trim()
            .is_empty()
            .then_some("Key name is required")
    });
    let shown_ttl_error = move || ttl_error.get().filter(|_| ttl_checked.get());
    let shown_name_error = move || name_error.get().filter(|_| name_checked.get());

    let create = Action::new_unsync(|new_key: &NewApiKey| api::create_key(new_key.clone()));
    Effect::new(move |_| {
        if let Some(Ok(created)) = create.value().get() {
            // Hand the secret over and drop this copy of it.
            create.value().set(None);
            on_created.run(created);
        }
    });
    Effect::new(move |_| {
        if let (Some(Err(error)), Some(on_gone)) = (create.value().get(), on_gone)
            && error.status() == Some(410)
        {
            on_gone.run(error.to_string());
        }
    });
    let server_error = move || match create.value().get() {
        Some(Err(error)) => Some(error.to_string()),
        _ => None,
    };
    // Typing again clears the server's complaint about what was typed before.
    Effect::new(move |_| {
        name.track();
        role.track();
        ttl.track();
        if matches!(create.value().get_untracked(), Some(Err(_))) {
            create.value().set(None);
        }
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        name_checked.set(true);
        ttl_checked.set(true);
        if create.pending().get_untracked() || !can_create.get_untracked() {
            return;
        }
        let (Some(seconds_to_live), None) = (
            parse_ttl(&ttl.get_untracked()).ok(),
            name_error.get_untracked(),
        ) else {
            return;
        };
        create.dispatch(NewApiKey {
            name: name.get_untracked(),
            role: role.get_untracked(),
            seconds_to_live,
        });
    };

    view! {
        <form class="create-key" on:submit=on_submit novalidate>
            <div class="create-key__header">
                <h2 class="create-key__title">"Add API Key"</h2>
                <button
                    type="button"
                    class="icon-button"
                    aria-label="Close"
                    on:click=move |_| on_cancel.run(())
                >
                    <Icon name=IconName::Close size="lg" />
                </button>
            </div>
            <div class="create-key__fields">
                <div class="field">
                    <label class="field__label" for="key-name">
                        "Key name"
                    </label>
                    <input
                        node_ref=name_input
                        id="key-name"
                        class="input"
                        placeholder="Name"
                        autocomplete="off"
                        bind:value=name
                        aria-invalid=move || shown_name_error().is_some().to_string()
                        aria-describedby="key-name-error"
                    />
                    <p class="field__error" id="key-name-error">
                        {shown_name_error}
                    </p>
                </div>
                <div class="field">
                    <label class="field__label" for="role-select">
                        "Role"
                    </label>
                    <select id="role-select" class="input" bind:value=role>
                        {ROLES.map(|option| view! { <option value=option>{option}</option> })}
                    </select>
                </div>
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
                            // Escape hides the tooltip (WCAG 1.4.13): it shows only while focused
                            // or hovered.
                            on:keydown=move |event| {
                                if event.key() == "Escape"
                                    && let Some(help) = event.current_target().and_then(|target| {
                                        target.dyn_into::<web_sys::HtmlElement>().ok()
                                    })
                                {
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
                        bind:value=ttl
                        on:blur=move |_| ttl_checked.set(true)
                        aria-invalid=move || shown_ttl_error().is_some().to_string()
                        aria-describedby="time-to-live-help time-to-live-error"
                    />
                    <p class="field__help" id="time-to-live-help">
                        "Empty for no expiry; units s m h d w M y, e.g. 30s, 12h, 7d, 1M, 1y"
                    </p>
                    <p class="field__error" id="time-to-live-error">
                        {shown_ttl_error}
                    </p>
                </div>
                <div class="field field--submit">
                    <button
                        type="submit"
                        class="btn btn--primary"
                        disabled=move || create.pending().get() || !can_create.get()
                    >
                        {move || if create.pending().get() { "Adding..." } else { "Add" }}
                    </button>
                </div>
            </div>
            {move || {
                server_error()
                    .map(|message| {
                        view! {
                            <p class="create-key__error" role="alert">
                                {message}
                            </p>
                        }
                    })
            }}
        </form>
    }
}
