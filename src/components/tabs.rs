use leptos::prelude::*;
use leptos_router::components::A;

use crate::browser;
use crate::domain::orgs::ChosenOrg;
use crate::domain::query;

/// `path` (`"/org/serviceaccounts"`) under the app's base (`"/apikeys"`): `<A>` leaves an
/// absolute href as it is, and a relative one would be joined to the current route. Where the
/// URL names the org the page works in (`?orgId=N`, the `ChosenOrg` in context), the link
/// keeps it.
pub fn app_path(path: &str) -> String {
    let org = use_context::<ChosenOrg>()
        .filter(|org| org.in_url)
        .map(|org| org.id);
    org_app_path(path, org)
}

/// `path` under the app's base, in org `org_id` (`?orgId=N`) where one is given.
pub fn org_app_path(path: &str, org_id: Option<i64>) -> String {
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    format!(
        "{}{path}{}",
        browser::router_base(),
        query::with_org(query, org_id)
    )
}

/// "API keys | Service accounts": the two views, linked both ways. The active tab carries
/// `aria-current="page"` (set by `<A>`).
#[component]
pub fn Tabs() -> impl IntoView {
    view! {
        <nav class="tabs" aria-label="API access">
            <A href=app_path("/org/apikeys") exact=true attr:class="tabs__tab">
                "API keys"
            </A>
            <A href=app_path("/org/serviceaccounts") attr:class="tabs__tab">
                "Service accounts"
            </A>
        </nav>
    }
}

/// How "Sign out" signs out.
pub enum SignOut {
    /// Grafana's `/logout` page, which ends the session and shows Grafana's login.
    Link(String),
    /// The page's own: Grafana's `/logout` in the background, then the page's sign-in form.
    Button {
        on_sign_out: Callback<()>,
        pending: Signal<bool>,
    },
}

/// Who is signed in ("admin · Admin in Main Org.") and "Sign out", above every view.
#[component]
pub fn SessionMenu(
    /// The line about the user, once known.
    #[prop(into)]
    user: Signal<Option<String>>,
    sign_out: SignOut,
) -> impl IntoView {
    let control = match sign_out {
        SignOut::Link(href) => view! {
            <a class="btn btn--secondary btn--small btn--link" href=href>
                "Sign out"
            </a>
        }
        .into_any(),
        SignOut::Button {
            on_sign_out,
            pending,
        } => view! {
            <button
                type="button"
                class="btn btn--secondary btn--small"
                disabled=move || pending.get()
                on:click=move |_| on_sign_out.run(())
            >
                {move || if pending.get() { "Signing out..." } else { "Sign out" }}
            </button>
        }
        .into_any(),
    };
    view! {
        <div class="session" role="group" aria-label="Your session">
            {move || {
                user.get()
                    .map(|text| {
                        view! {
                            <span class="session__user">
                                "Signed in as " <strong class="break-anywhere">{text}</strong>
                            </span>
                        }
                    })
            }}
            {control}
        </div>
    }
}
