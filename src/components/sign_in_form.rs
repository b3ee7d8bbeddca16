use leptos::prelude::*;

use super::Field;

/// How a signed-out user gets back in, as `config.json` says.
#[derive(Clone, Copy)]
pub enum SignInOffer {
    /// Grafana's login page, in a new tab so nothing on this page is lost; it gives the link.
    GrafanaLogin(Callback<(), String>),
    /// The page's own form, in a dialog.
    Form(Callback<()>),
}

/// "Sign in" where a failure says the session ended.
#[component]
pub fn SignInPrompt(offer: SignInOffer) -> impl IntoView {
    match offer {
        SignInOffer::GrafanaLogin(login_url) => view! {
            <a
                class="btn btn--secondary btn--small btn--link"
                href=login_url.run(())
                target="_blank"
                rel="noopener"
            >
                "Sign in"
                <span class="visually-hidden">" (opens a new tab)"</span>
            </a>
        }
        .into_any(),
        SignInOffer::Form(open) => view! {
            <button
                type="button"
                class="btn btn--secondary btn--small"
                on:click=move |_| open.run(())
            >
                "Sign in"
            </button>
        }
        .into_any(),
    }
}

/// Grafana's user and password, for its `/login`. The password is only held while the form is
/// on screen.
#[component]
pub fn SignInForm(
    /// Whether the sign-in runs.
    #[prop(into)]
    pending: Signal<bool>,
    /// Why the last attempt failed.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Called with the user and password.
    on_submit: Callback<(String, String)>,
    /// Shown first, e.g. "Your session has ended or you are not signed in."
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if !pending.get_untracked() {
            on_submit.run((user.get_untracked(), password.get_untracked()));
        }
    };
    view! {
        // method="post": were the handler ever not to run, the browser would post the form to
        // this page rather than put the password in the URL.
        <form class="sign-in" method="post" on:submit=submit>
            {children.map(|children| children())}
            <Field label="Email or username" id="sign-in-user">
                <input
                    id="sign-in-user"
                    class="input"
                    name="user"
                    autocomplete="username"
                    required
                    bind:value=user
                />
            </Field>
            <Field label="Password" id="sign-in-password">
                <input
                    id="sign-in-password"
                    class="input"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    bind:value=password
                />
            </Field>
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <button type="submit" class="btn btn--primary" disabled=move || pending.get()>
                {move || if pending.get() { "Signing in..." } else { "Sign in" }}
            </button>
        </form>
    }
}
