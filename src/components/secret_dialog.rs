use leptos::html::{Input, Pre};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Modal;
use super::icons::{Icon, IconName};
use crate::browser;
use crate::domain::curl::curl_example;
use crate::domain::keys::Secret;

/// The words of a dialog that shows a secret once: Grafana words its key and token dialogs
/// differently.
#[derive(Clone, Copy)]
pub struct SecretTexts {
    pub title: &'static str,
    /// What the secret is called: its field's label ("Key"), and in sentences ("key").
    pub label: &'static str,
    pub noun: &'static str,
    /// The field's id.
    pub id: &'static str,
    /// The copy button's text.
    pub copy: &'static str,
    /// The warning that it is shown once, and what follows it, if anything.
    pub once: &'static str,
    pub once_detail: Option<&'static str>,
    /// Offer "Copy to clipboard and close" too.
    pub copy_and_close: bool,
}

/// A secret just created, shown once: a read-only field with a copy button and a `curl`
/// example. The secret lives only in this dialog; closing it overwrites the app's copies
/// (`Secret`). Leaving the page closes it too, so the back/forward cache cannot show it again
/// on Back.
#[component]
pub fn SecretDialog(
    secret: Secret,
    /// Grafana's URL, origin plus sub-path, for the example.
    grafana_root: String,
    texts: SecretTexts,
    on_close: Callback<()>,
) -> impl IntoView {
    let input_ref = NodeRef::<Input>::new();
    let curl_ref = NodeRef::<Pre>::new();
    let copied = RwSignal::new(None::<bool>);
    let curl = StoredValue::new(Secret::new(curl_example(secret.expose(), &grafana_root)));
    let secret = StoredValue::new(secret);
    // Into the page straight from the one copy of each, not through a String the view keeps.
    Effect::new(move |_| {
        if let Some(input) = input_ref.get() {
            secret.with_value(|secret| input.set_value(secret.expose()));
        }
        if let Some(pre) = curl_ref.get() {
            curl.with_value(|curl| pre.set_text_content(Some(curl.expose())));
        }
    });
    // Leaving the page (pagehide): Chromium may keep it in its back/forward cache and show it
    // again on Back, secret and all. So the secret leaves the page now, and the dialog closes;
    // should a restored page still have it open (pageshow), it closes then.
    let forget = move || {
        if let Some(input) = input_ref.get_untracked() {
            input.set_value("");
        }
        if let Some(pre) = curl_ref.get_untracked() {
            pre.set_text_content(None);
        }
        on_close.run(());
    };
    let hidden = window_event_listener(leptos::ev::pagehide, move |_| forget());
    let shown = window_event_listener(leptos::ev::pageshow, move |_| forget());
    on_cleanup(move || {
        hidden.remove();
        shown.remove();
    });
    let copy = move |and_close: bool| {
        let Some(input) = input_ref.get_untracked() else {
            return;
        };
        let secret = secret.get_value();
        spawn_local(async move {
            let ok = browser::copy_to_clipboard(secret.expose(), &input).await;
            let _ = copied.try_set(Some(ok));
            if ok && and_close {
                on_close.run(());
            }
        });
    };
    let copy_status = move || match copied.get() {
        Some(true) => "Copied to clipboard".to_string(),
        Some(false) => format!(
            "Copying is not allowed here: the {} is selected, press Ctrl+C (⌘C on a Mac).",
            texts.noun
        ),
        None => String::new(),
    };
    view! {
        <Modal title=texts.title on_close>
            <div class="modal__body key-created">
                <label class="field__label" for=texts.id>
                    {texts.label}
                </label>
                <div class="input-group">
                    <input
                        node_ref=input_ref
                        id=texts.id
                        class="input input-group__input"
                        readonly
                        spellcheck="false"
                        autocomplete="off"
                    />
                    <button type="button" class="btn btn--primary" autofocus on:click=move |_| copy(false)>
                        <Icon name=IconName::Copy />
                        {texts.copy}
                    </button>
                </div>
                <p class="key-created__copy-status" role="status">
                    {copy_status}
                </p>
                <div class="alert alert--info">
                    <span class="alert__icon">
                        <Icon name=IconName::Info size="lg" />
                    </span>
                    <p class="alert__title">{texts.once}</p>
                    {texts.once_detail.map(|detail| view! { <p class="alert__body">{detail}</p> })}
                </div>
                <p class="text-secondary">
                    "You can authenticate a request using the Authorization HTTP header, example:"
                </p>
                <pre class="key-created__curl" node_ref=curl_ref></pre>
            </div>
            <div class="modal__footer">
                {texts
                    .copy_and_close
                    .then(|| {
                        view! {
                            <button type="button" class="btn btn--secondary" on:click=move |_| copy(true)>
                                "Copy to clipboard and close"
                            </button>
                        }
                    })}
                <button type="button" class="btn btn--secondary" on:click=move |_| on_close.run(())>
                    "Close"
                </button>
            </div>
        </Modal>
    }
}
