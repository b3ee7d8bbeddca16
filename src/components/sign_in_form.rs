use leptos::prelude::*;

use crate::api;

/// Shown when Grafana answers 401: signs in through Grafana's `/login` so the session cookie
/// is set for this origin. The password is only held while the form is on screen.
#[component]
pub fn SignInForm(
    /// Called once Grafana has accepted the credentials.
    on_signed_in: Callback<()>,
) -> impl IntoView {
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
