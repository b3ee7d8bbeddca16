//! Screens. Each owns its requests, resources and actions, one small controller per action,
//! and hands the views data, signals and callbacks.

mod api_keys;
mod bulk_delete;
mod call;
mod inventory;
mod lazy;
mod limit;
mod load;
mod migrated_scan;
mod not_found;
mod orgs;
mod service_accounts;
mod sign_in;
mod token_checks;

use leptos::prelude::*;

pub use api_keys::ApiKeysPage;
#[allow(unused_imports)]
pub(crate) use lazy::{lazy_view, on_demand};
pub(crate) use load::Load;
pub use not_found::NotFound;
pub use orgs::{InOrg, OrgScope, OrgsOverviewRoute};
pub use service_accounts::{KnownKeyIds, ServiceAccountRoute, ServiceAccountsRoute};
pub use sign_in::SignInFlow;

use crate::components::ConfirmDialog;
use crate::pages::call::Call;

/// The words of a confirmation.
#[derive(Clone, Copy)]
struct ConfirmTexts {
    title: &'static str,
    /// The confirm button, e.g. "Delete".
    confirm: &'static str,
    /// The confirm button while the action runs, e.g. "Deleting...".
    busy: &'static str,
    destructive: bool,
}

/// The confirmation of `action` for the subject in `asking`, while there is one: confirming
/// dispatches the action with it, cancelling forgets it.
fn confirmation<T>(
    asking: RwSignal<Option<T>>,
    action: Call<T>,
    texts: ConfirmTexts,
    body: impl Fn(&T) -> AnyView + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    move || {
        asking.get().map(|subject| {
            let body = body(&subject);
            view! {
                <ConfirmDialog
                    title=texts.title
                    confirm_label=texts.confirm
                    busy_label=texts.busy
                    busy=action.pending()
                    destructive=texts.destructive
                    on_confirm=Callback::new(move |()| {
                        action.dispatch(subject.clone());
                    })
                    on_cancel=Callback::new(move |()| asking.set(None))
                >
                    {body}
                </ConfirmDialog>
            }
        })
    }
}
