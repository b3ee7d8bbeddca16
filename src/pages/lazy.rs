//! Views whose code is in a chunk of their own (the split build, scripts/split-build.sh): the
//! service accounts list, an account's page and the orgs overview. Each is a `LazyRoute`: its
//! `data()` starts the view's requests at once, here in the main module and in the org the page
//! works in, while the chunk with its `view()` downloads, so a deep link has no waterfall.
//!
//! With the `split` feature (only the hook's bin build turns it on) `view()` is a
//! `#[lazy_route]`; without it, the same code unsplit (the component tests, `cargo clippy`): a
//! crate using the macros does not start unless it is split.
//!
//! A chunk that fails to load never reaches this code: the split loader waits for the page's
//! Retry (public/boot.js), so the view stays "Loading ..." under the message.

use leptos::prelude::*;
use leptos_router::LazyRoute;
use send_wrapper::SendWrapper;

/// The lazy route `T`, inside `InOrg`: `T::data()` now, `T::view` once its chunk is there.
pub(crate) fn lazy_view<T: LazyRoute>() -> impl IntoView {
    let data = StoredValue::new_local(Some(T::data()));
    view! {
        <Suspense fallback=|| view! { <p class="page page-loading" role="status">"Loading ..."</p> }>
            {move || {
                let data = data.try_update_value(Option::take).flatten();
                Suspend::new(SendWrapper::new(async move {
                    match data {
                        Some(data) => T::view(data).await,
                        None => ().into_any(),
                    }
                }))
            }}
        </Suspense>
    }
}

/// `LazyRoute` for `$route`, its view split off with the `split` feature. `$data` builds the
/// route's data (its requests start), `$view` shows it (untracked, as a component's body is).
macro_rules! lazy_route {
    ($route:ident, $data:expr, $view:expr) => {
        #[cfg(feature = "split")]
        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $data
            }
            fn view(this: Self) -> leptos::prelude::AnyView {
                leptos::prelude::untrack(move || $view(this))
            }
        }

        #[cfg(not(feature = "split"))]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $data
            }
            async fn view(this: Self) -> leptos::prelude::AnyView {
                leptos::prelude::untrack(move || $view(this))
            }
        }
    };
}
pub(crate) use lazy_route;

/// The view of a dialog or form that opens on a click, built by `view`: a function that is
/// `#[lazy]` in the split build, so its code (the view and what its buttons run) is in a chunk
/// of its own, fetched while idle after the first table and at the latest on the click.
/// Nothing shows until the chunk is there; its owner is the slot's, so the view is gone with it.
pub(crate) fn on_demand(view: impl Future<Output = AnyView> + 'static) -> impl IntoView {
    Suspend::new(SendWrapper::new(view))
}
