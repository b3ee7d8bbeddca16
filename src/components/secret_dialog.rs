use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Modal;
use super::icons::{Icon, IconName};
use crate::browser;
use crate::domain::curl::curl_example;

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
/// example. The secret lives only in this dialog's props; closing it drops the last copy.
#[component]
pub fn SecretDialog(
    secret: String,
    /// Grafana's URL, origin plus sub-path, for the example.
    grafana_root: String,
    texts: SecretTexts,
    on_close: Callback<()>,
) -> impl IntoView {
    let input_ref = NodeRef::<Input>::new();
    let copied = RwSignal::new(None::<bool>);
    let curl = curl_example(&secret, &grafana_root);
    let secret = StoredValue::new(secret);
    let copy = move |and_close: bool| {
        let Some(input) = input_ref.get_untracked() else {
            return;
        };
        let secret = secret.get_value();
        spawn_local(async move {
            let ok = browser::copy_to_clipboard(&secret, &input).await;
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
                        prop:value=secret.get_value()
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
                <pre class="key-created__curl">{curl}</pre>
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
