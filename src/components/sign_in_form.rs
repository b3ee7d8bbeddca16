use leptos::prelude::*;

use crate::api;
use crate::browser;
use crate::config::{self, SignIn};

/// Shown when Grafana answers 401. Hosted behind Grafana (`"signIn": "grafana"` in
/// config.json), it sends the browser to Grafana's own login page, which knows every way the
/// site signs in (passwords, OAuth, SAML) and comes back here; standalone (`"form"`), it signs
/// in through Grafana's `/login` so the session cookie is set for this origin.
#[component]
pub fn SignInForm(
    /// Called once Grafana has accepted the credentials.
    on_signed_in: Callback<()>,
) -> impl IntoView {
    // The 401 came from an API call, which loaded the configuration first. Without one (a
    // component test), the form: it never leaves the page.
    match config::cached() {
        Some(config) if config.sign_in == SignIn::Grafana => {
            grafana_login(&config.grafana_path).into_any()
        }
        _ => sign_in_form(on_signed_in).into_any(),
    }
}

fn grafana_login(grafana_path: &str) -> impl IntoView {
    let grafana_path = grafana_path.to_string();
    let login = config::join(&grafana_path, "login");
    // After mounting, so the page has rendered the notice before the browser leaves.
    Effect::new(move |_| browser::go_to_grafana_login(&grafana_path));
    view! {
        <div class="sign-in">
            <h2>"Sign in to Grafana"</h2>
            <p>
                "Your session has ended or you are not signed in. Taking you to "
                <a href=login>"Grafana's sign-in page"</a> "..."
            </p>
        </div>
    }
}

/// The password is only held while the form is on screen.
fn sign_in_form(on_signed_in: Callback<()>) -> impl IntoView {
    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let sign_in = Action::new_unsync(|(user, password): &(String, String)| {
        api::sign_in(user.clone(), password.clone())
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_in.value().get() {
            on_signed_in.run(());
        }
    });
    let error = move || match sign_in.value().get() {
        Some(Err(error)) => {
            Some(view! { <p class="form-error" role="alert">{error.to_string()}</p> })
        }
        _ => None,
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if !sign_in.pending().get_untracked() {
            sign_in.dispatch((user.get_untracked(), password.get_untracked()));
        }
    };

    view! {
        <form class="sign-in" on:submit=on_submit>
            <h2>"Sign in to Grafana"</h2>
            <p>"Your session has ended or you are not signed in."</p>
            <label for="sign-in-user">"Email or username"</label>
            <input id="sign-in-user" name="user" autocomplete="username" required bind:value=user />
            <label for="sign-in-password">"Password"</label>
            <input
                id="sign-in-password"
                name="password"
                type="password"
                autocomplete="current-password"
                required
                bind:value=password
            />
            {error}
            <button type="submit" class="btn btn--primary" disabled=move || sign_in.pending().get()>
                {move || if sign_in.pending().get() { "Signing in..." } else { "Sign in" }}
            </button>
        </form>
    }
}
