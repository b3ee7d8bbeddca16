use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::api::{self, Grafana};
use crate::browser;
use crate::components::{ErrorAlert, NotificationArea, Notifications};
use crate::domain::config::Config;
use crate::pages::{
    ApiKeysPage, InOrg, KnownKeyIds, Load, NotFound, OrgScope, OrgsOverviewRoute,
    ServiceAccountRoute, ServiceAccountsRoute, SignInFlow, lazy_view,
};
use crate::theme::ThemeFollower;

/// The whole app: the theme from the first frame, then `config.json`, then the shell that
/// provides what every page shares.
#[component]
pub fn App() -> impl IntoView {
    let theme = ThemeFollower::start();
    let theme_preference = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(preference) = theme_preference.get() {
            theme.prefer(&preference);
        }
    });
    let config = Load::new(api::load_config);
    move || match config.get() {
        None => view! { <p class="page-loading" role="status">"Loading ..."</p> }.into_any(),
        Some(Err(error)) => view! {
            <main class="page">
                <ErrorAlert
                    title="Could not start the page"
                    message=error.to_string()
                    on_retry=Callback::new(move |()| config.refetch())
                />
            </main>
        }
        .into_any(),
        Some(Ok(config)) => view! { <Shell config theme_preference /> }.into_any(),
    }
}

/// Provides the configuration, the client made from it, the notifications and the way to sign
/// in again as context, before any page renders; `OrgScope` then chooses the org and gives the
/// pages a client in it. Grafana's routes: `/org/apikeys` (where `/` leads) and
/// `/org/serviceaccounts`, with an account's page under it; `/orgs`, the all-orgs overview.
#[component]
fn Shell(config: Config, theme_preference: RwSignal<Option<String>>) -> impl IntoView {
    let grafana = Grafana::new(&config);
    let notifications = Notifications::provide();
    KnownKeyIds::provide();
    let sign_in = SignInFlow::provide(&config, grafana.clone(), notifications);
    provide_context(config);
    provide_context(grafana.clone());
    spawn_local(async move {
        // Signed out or an old server: the system's choice stands.
        if let Ok(preference) = grafana.theme_preference().await {
            theme_preference.set(Some(preference));
        }
    });
    view! {
        <Router base=browser::router_base()>
            // Each page is mounted again for each org (`InOrg`), with a client in that org.
            <OrgScope>
                <Routes fallback=NotFound>
                    // Absolute, so the router puts its base in front; a relative path would be
                    // joined to "/apikeys/" as "/apikeys//org/apikeys".
                    <Route path=path!("/") view=|| view! { <Redirect path="/org/apikeys" /> } />
                    <Route path=path!("/org/apikeys") view=|| in_org(ApiKeysPage) />
                    // The other views are lazy routes (src/pages/lazy.rs): their code is in
                    // chunks of their own, fetched when first shown; their requests start at once.
                    <Route
                        path=path!("/org/serviceaccounts")
                        view=|| in_org(lazy_view::<ServiceAccountsRoute>)
                    />
                    <Route
                        path=path!("/org/serviceaccounts/:id")
                        view=|| in_org(lazy_view::<ServiceAccountRoute>)
                    />
                    <Route path=path!("/orgs") view=|| in_org(lazy_view::<OrgsOverviewRoute>) />
                </Routes>
            </OrgScope>
        </Router>
        {sign_in.dialog()}
        <NotificationArea sign_in=sign_in.offer() />
    }
}

/// A page, mounted again for each org.
fn in_org<V: IntoView + 'static>(page: fn() -> V) -> impl IntoView {
    view! { <InOrg>{move || page()}</InOrg> }
}
