use leptos::prelude::*;
use leptos_router::components::A;

/// Shown for any path the app has no page for: the pages it does have.
#[component]
pub fn NotFound() -> impl IntoView {
    // Relative links, so the router adds its base when served under a sub-path.
    view! {
        <main class="page">
            <h1>"Page not found"</h1>
            <p>"This app has no page at this address. Its pages are:"</p>
            <ul class="not-found__pages">
                <li>
                    <A href="org/apikeys">"API keys"</A>
                </li>
                <li>
                    <A href="org/serviceaccounts">"Service accounts"</A>
                </li>
                <li>
                    <A href="orgs">"All orgs overview"</A>
                </li>
            </ul>
        </main>
    }
}
