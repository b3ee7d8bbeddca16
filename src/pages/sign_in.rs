//! Signing in again: after a 401, Grafana's login page (hosted behind Grafana) or the page's own
//! form (standalone), as `config.json` says. Whatever the user had typed stays where it was.

use leptos::prelude::*;

use crate::api::{ApiError, Grafana};
use crate::browser;
use crate::components::{Modal, Notifications, SignInForm, SignInOffer};
use crate::domain::config::{Config, SignIn};
use crate::domain::notice::Notice;
use crate::pages::call::{Call, Later};
use crate::pages::on_demand;

#[derive(Clone, Copy)]
pub struct SignInFlow {
    mode: SignIn,
    login_url: Callback<(), String>,
    dialog_open: RwSignal<bool>,
    /// The request, made by the form (in its chunk) when it first shows.
    sign_in: Later<Call<(String, String)>>,
    parts: StoredValue<(Grafana, Notifications), LocalStorage>,
    error: RwSignal<Option<String>>,
    /// Counts the sign-ins and sign-outs: what was refused before can be loaded again, and
    /// what was loaded as one user is loaded again as the next.
    signed_in: RwSignal<u32>,
    /// The page's own sign-out (`signIn: "form"`): Grafana's `/logout` in the background.
    sign_out: Call<()>,
    /// Grafana's `/logout` under the configured path (`signIn: "grafana"` goes there).
    logout_url: StoredValue<String>,
}

impl SignInFlow {
    /// Makes the flow available to every page below.
    pub fn provide(config: &Config, grafana: Grafana, notifications: Notifications) -> Self {
        let login_config = config.clone();
        let login_url = Callback::new(move |()| login_config.login_url(&browser::here()));
        let (dialog_open, error, signed_in) =
            (RwSignal::new(false), RwSignal::new(None), RwSignal::new(0));
        let client = grafana.clone();
        let sign_out = Call::new(
            move |_: &()| {
                let grafana = client.clone();
                async move { grafana.sign_out().await }
            },
            move |result: Result<(), ApiError>| match result {
                Ok(()) => {
                    // Nothing of the last user's stays on screen: every page asks again, and
                    // is told to sign in.
                    notifications.clear();
                    signed_in.update(|count| *count += 1);
                }
                Err(failure) => notifications.show(Notice::from(&failure)),
            },
        );
        let flow = SignInFlow {
            mode: config.sign_in,
            login_url,
            dialog_open,
            sign_in: Later::new(),
            parts: StoredValue::new_local((grafana, notifications)),
            error,
            signed_in,
            sign_out,
            logout_url: StoredValue::new(config.grafana_url("logout")),
        };
        provide_context(flow);
        flow
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// How a failure that needs a new session offers one.
    pub fn offer(self) -> SignInOffer {
        match self.mode {
            SignIn::Grafana => SignInOffer::GrafanaLogin(self.login_url),
            SignIn::Form => SignInOffer::Form(Callback::new(move |()| {
                self.error.set(None);
                self.dialog_open.set(true);
            })),
        }
    }

    /// How to sign out: Grafana's `/logout` page where Grafana signs the user in, else the
    /// page's own sign-out, which stays here and shows the form.
    pub fn sign_out_link(self) -> Option<String> {
        (self.mode == SignIn::Grafana).then(|| self.logout_url.get_value())
    }

    /// Signs out in the background (`signIn: "form"`).
    pub fn sign_out(self) {
        if !self.sign_out.pending().get_untracked() {
            self.sign_out.dispatch(());
        }
    }

    /// Whether the sign-out runs.
    pub fn signing_out(self) -> Signal<bool> {
        self.sign_out.pending()
    }

    /// Tracks the sign-ins, for what should load again after one.
    pub fn track(self) {
        self.signed_in.track();
    }

    /// Instead of a page the user may not see: straight to Grafana's login page, which comes
    /// back here; or the form.
    pub fn page_view(self) -> impl IntoView {
        match self.mode {
            SignIn::Grafana => {
                let login = self.login_url.run(());
                // After mounting, so the page has said where it goes before the browser leaves.
                let leave = login.clone();
                Effect::new(move |_| browser::replace_location(&leave));
                view! {
                    <div class="sign-in">
                        <h2>"Sign in to Grafana"</h2>
                        <p>
                            "Your session has ended or you are not signed in. Taking you to "
                            <a href=login>"Grafana's sign-in page"</a>
                            "..."
                        </p>
                    </div>
                }
                .into_any()
            }
            SignIn::Form => on_demand(sign_in_page(self)).into_any(),
        }
    }

    /// The form in a dialog, over a page whose work is kept, while it is asked for.
    pub fn dialog(self) -> impl IntoView {
        move || {
            self.dialog_open
                .get()
                .then(|| on_demand(sign_in_dialog(self)))
        }
    }

    fn submit(self, sign_in: Call<(String, String)>) -> Callback<(String, String)> {
        Callback::new(move |credentials| {
            if !sign_in.pending().get_untracked() {
                sign_in.dispatch(credentials);
            }
        })
    }
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn sign_in_page(flow: SignInFlow) -> AnyView {
    let sign_in = flow.sign_in.get_or_make(|| sign_in_call(flow));
    view! {
        <SignInForm pending=sign_in.pending() error=flow.error on_submit=flow.submit(sign_in)>
            <h2>"Sign in to Grafana"</h2>
            <p>"Your session has ended or you are not signed in."</p>
        </SignInForm>
    }
    .into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn sign_in_dialog(flow: SignInFlow) -> AnyView {
    let sign_in = flow.sign_in.get_or_make(|| sign_in_call(flow));
    view! {
        <Modal
            title="Sign in to Grafana"
            on_close=Callback::new(move |()| flow.dialog_open.set(false))
        >
            <div class="modal__body">
                <SignInForm pending=sign_in.pending() error=flow.error on_submit=flow.submit(sign_in)>
                    <p>"Your Grafana session has ended. Sign in, then retry what you were doing."</p>
                </SignInForm>
            </div>
        </Modal>
    }
    .into_any()
}

fn sign_in_call(flow: SignInFlow) -> Call<(String, String)> {
    let SignInFlow {
        error,
        dialog_open,
        signed_in,
        ..
    } = flow;
    let (grafana, notifications) = flow.parts.get_value();
    Call::new(
        move |(user, password): &(String, String)| {
            let (grafana, user, password) = (grafana.clone(), user.clone(), password.clone());
            async move { grafana.sign_in(&user, &password).await }
        },
        move |result: Result<(), ApiError>| match result {
            Ok(()) => {
                error.set(None);
                dialog_open.set(false);
                notifications.dismiss_sign_in_prompts();
                signed_in.update(|count| *count += 1);
            }
            Err(failure) => error.set(Some(failure.to_string())),
        },
    )
}
