use leptos::prelude::*;

use crate::browser;
use crate::components::{Field, FormFooter, Modal};
use crate::domain::service_accounts::{ExpirationChoice, NewToken, token_seconds_to_live};

/// What is typed in "Add service account token"; it belongs to the controller, so it outlives
/// the dialog.
#[derive(Debug, Clone, Copy)]
pub struct TokenDraft {
    pub name: RwSignal<String>,
    pub choice: RwSignal<ExpirationChoice>,
    pub ttl: RwSignal<String>,
    pub date: RwSignal<String>,
}

impl TokenDraft {
    pub fn new() -> Self {
        TokenDraft {
            name: RwSignal::new(String::new()),
            choice: RwSignal::new(ExpirationChoice::Never),
            ttl: RwSignal::new(String::new()),
            date: RwSignal::new(String::new()),
        }
    }

    pub fn clear(&self) {
        self.name.set(String::new());
        self.choice.set(ExpirationChoice::Never);
        self.ttl.set(String::new());
        self.date.set(String::new());
    }

    /// The expiration's seconds to live, or what is wrong with it.
    fn seconds_to_live(&self) -> Result<Option<i64>, &'static str> {
        let now = browser::now_millis();
        token_seconds_to_live(
            self.choice.get(),
            &self.ttl.read(),
            &self.date.read(),
            now,
            browser::local_offset_minutes(now),
        )
    }
}

impl Default for TokenDraft {
    fn default() -> Self {
        Self::new()
    }
}

/// "Add service account token": a display name and an expiration (none, a time to live in the
/// keys page's grammar, or a date).
#[component]
pub fn AddTokenDialog(
    draft: TokenDraft,
    #[prop(into)] pending: Signal<bool>,
    /// The server's message about the last attempt (a limit it enforces, a taken name).
    #[prop(into)]
    server_error: Signal<Option<String>>,
    on_submit: Callback<NewToken>,
    on_close: Callback<()>,
) -> impl IntoView {
    let checked = RwSignal::new(false);
    let name_error = Signal::derive(move || {
        (checked.get() && draft.name.read().trim().is_empty()).then_some("Display name is required")
    });
    let expiration_error =
        Signal::derive(move || draft.seconds_to_live().err().filter(|_| checked.get()));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        checked.set(true);
        let name = draft.name.get_untracked();
        if pending.get_untracked() || name.trim().is_empty() {
            return;
        }
        if let Ok(seconds_to_live) = untrack(|| draft.seconds_to_live()) {
            on_submit.run(NewToken {
                name: name.trim().to_string(),
                seconds_to_live,
            });
        }
    };
    let choice = move |value: ExpirationChoice, id: &'static str, label: &'static str| {
        view! {
            <input
                type="radio"
                class="segmented__input"
                name="sa-token-expiration"
                id=id
                prop:checked=move || draft.choice.get() == value
                on:change=move |_| draft.choice.set(value)
            />
            <label class="segmented__label" for=id>
                {label}
            </label>
        }
    };
    let tomorrow = {
        let now = browser::now_millis() + 86_400_000;
        crate::domain::time::format_local(now, browser::local_offset_minutes(now))
            .chars()
            .take(10)
            .collect::<String>()
    };
    view! {
        <Modal title="Add service account token" on_close>
            <form class="modal__body sa-form" on:submit=submit novalidate>
                <Field label="Display name" id="sa-token-name" error=name_error>
                    <input
                        id="sa-token-name"
                        class="input"
                        autocomplete="off"
                        autofocus
                        bind:value=draft.name
                        aria-invalid=move || name_error.get().is_some().to_string()
                        aria-describedby="sa-token-name-error"
                    />
                </Field>
                <fieldset class="sa-form__expiration">
                    <legend class="field__label">"Expiration"</legend>
                    <div class="segmented">
                        {choice(ExpirationChoice::Never, "sa-exp-never", "No expiration")}
                        {choice(ExpirationChoice::TimeToLive, "sa-exp-ttl", "Set time to live")}
                        {choice(ExpirationChoice::Date, "sa-exp-date", "Set expiration date")}
                    </div>
                </fieldset>
                <Show when=move || draft.choice.get() == ExpirationChoice::TimeToLive>
                    <div class="field">
                        <label class="field__label" for="sa-token-ttl">
                            "Time to live"
                        </label>
                        <input
                            id="sa-token-ttl"
                            class="input"
                            placeholder="30d"
                            autocomplete="off"
                            bind:value=draft.ttl
                            aria-invalid=move || expiration_error.get().is_some().to_string()
                            aria-describedby="sa-token-ttl-help sa-token-expiration-error"
                        />
                        <p class="field__help" id="sa-token-ttl-help">
                            "Units s m h d w M y, e.g. 12h, 7d, 1M, 1y"
                        </p>
                    </div>
                </Show>
                <Show when=move || draft.choice.get() == ExpirationChoice::Date>
                    <div class="field">
                        <label class="field__label" for="sa-token-date">
                            "Expiration date"
                        </label>
                        <input
                            id="sa-token-date"
                            type="date"
                            class="input"
                            min=tomorrow.clone()
                            bind:value=draft.date
                            aria-invalid=move || expiration_error.get().is_some().to_string()
                            aria-describedby="sa-token-expiration-error"
                        />
                    </div>
                </Show>
                <p class="field__error" id="sa-token-expiration-error">
                    {move || expiration_error.get()}
                </p>
                <FormFooter
                    server_error
                    pending
                    submit="Generate token"
                    busy="Generating..."
                    on_cancel=on_close
                />
            </form>
        </Modal>
    }
}
