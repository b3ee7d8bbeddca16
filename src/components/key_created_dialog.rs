use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Modal;
use super::icons::{Icon, IconName};
use crate::api::CreatedApiKey;
use crate::browser;
use crate::domain::curl::curl_example;

/// "API Key Created": the secret, shown once, with a Copy button and a `curl` example. The
/// secret lives only in this dialog's props; closing it drops the last copy.
#[component]
pub fn KeyCreatedDialog(
    created: CreatedApiKey,
    /// Grafana's URL, origin plus sub-path, for the example.
    grafana_root: String,
    on_close: Callback<()>,
) -> impl IntoView {
    let input_ref = NodeRef::<Input>::new();
    let copied = RwSignal::new(None::<bool>);
    let curl = curl_example(&created.key, &grafana_root);
    let secret = created.key;
    let copy_secret = secret.clone();
    let on_copy = move |_| {
        let Some(input) = input_ref.get_untracked() else {
            return;
        };
        let secret = copy_secret.clone();
        spawn_local(async move {
            let ok = browser::copy_to_clipboard(&secret, &input).await;
            copied.set(Some(ok));
        });
    };
    let copy_status = move || match copied.get() {
        Some(true) => "Copied to clipboard",
        Some(false) => {
            "Copying is not allowed here: the key is selected, press Ctrl+C (⌘C on a Mac)."
        }
        None => "",
    };

    view! {
        <Modal title="API Key Created" on_close>
            <div class="modal__body key-created">
                <label class="field__label" for="created-key">
                    "Key"
                </label>
                <div class="input-group">
                    <input
                        node_ref=input_ref
                        id="created-key"
                        class="input input-group__input"
                        readonly
                        spellcheck="false"
                        autocomplete="off"
                        prop:value=secret
                    />
                    <button type="button" class="btn btn--primary" autofocus on:click=on_copy>
                        <Icon name=IconName::Copy />
                        "Copy"
                    </button>
                </div>
                <p class="key-created__copy-status" role="status">
                    {copy_status}
                </p>
                <div class="alert alert--info">
                    <span class="alert__icon">
                        <Icon name=IconName::Info size="lg" />
                    </span>
                    <p class="alert__title">"You will only be able to view this key here once!"</p>
                    <p class="alert__body">"It is not stored in this form, so be sure to copy it now."</p>
                </div>
                <p class="text-secondary">
                    "You can authenticate a request using the Authorization HTTP header, example:"
                </p>
                <pre class="key-created__curl">{curl}</pre>
            </div>
            <div class="modal__footer">
                <button type="button" class="btn btn--secondary" on:click=move |_| on_close.run(())>
                    "Close"
                </button>
            </div>
        </Modal>
    }
}
