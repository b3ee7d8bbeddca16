use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::browser;
use crate::pages::{ApiKeysPage, NotFound};

/// The whole app: Grafana's route for the page is `/org/apikeys`, and `/` leads to it. The
/// theme is set up once, here, for every route.
#[component]
pub fn App() -> impl IntoView {
    crate::theme::follow_preference();
    view! {
        <Router base=browser::router_base()>
            <Routes fallback=NotFound>
                // Absolute, so the router puts its base in front; a relative path would be
                // joined to "/apikeys/" as "/apikeys//org/apikeys".
                <Route path=path!("/") view=|| view! { <Redirect path="/org/apikeys" /> } />
                <Route path=path!("/org/apikeys") view=ApiKeysPage />
            </Routes>
        </Router>
    }
}
