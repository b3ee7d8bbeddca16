use leptos::prelude::*;
use leptos_router::components::A;

/// Shown for any path the app has no page for.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="page">
            <h1>"Page not found"</h1>
            <p>
                "This page only has the API keys page. "
                // Relative, so the router adds its base when served under a sub-path.
                <A href="org/apikeys">"Go to API keys"</A>
            </p>
        </main>
    }
}
