//! The service accounts view beside the API keys page: the org's accounts, one account with
//! its tokens, and the actions on them.

mod account_actions;
mod account_creation;
mod detail;
mod known_keys;
mod list;
mod permissions;
mod token_creation;
mod token_deletion;

pub use detail::ServiceAccountRoute;
pub use known_keys::KnownKeyIds;
pub use list::ServiceAccountsRoute;

use leptos::prelude::*;

use crate::api::{ApiError, Grafana};
use crate::components::{Alert, AlertKind};
use crate::domain::keys::Role;
use crate::domain::orgs::ChosenOrg;
use crate::domain::service_accounts::AccountPermissions;

/// Where the user's permissions cannot be read, every action is offered and the server decides
/// (and says why when it refuses).
const SERVER_DECIDES: AccountPermissions = AccountPermissions {
    read: true,
    write: true,
    create: true,
    delete: true,
};

/// The permissions to show: the server's, or `SERVER_DECIDES` where they could not be read.
fn permissions_or_server_decides(
    loaded: Option<Result<AccountPermissions, ApiError>>,
) -> Option<AccountPermissions> {
    match loaded {
        None => None,
        Some(Ok(permissions)) => Some(permissions),
        Some(Err(_)) => Some(SERVER_DECIDES),
    }
}

/// The `Grafana` client and its permissions request, for a resource.
async fn load_permissions(grafana: Grafana) -> Result<AccountPermissions, ApiError> {
    grafana.service_account_permissions().await
}

/// Grafana refused the list or the account. Where the user's role in the org is not Admin, the bar above the
/// page has said so ("Read-only organization"), and that one message stands alone: no filters,
/// no error, no Retry. Otherwise (a custom role without `serviceaccounts:read`) Grafana's own
/// message, once, with the one next step.
pub(super) fn read_only(message: String) -> AnyView {
    let said_above = use_context::<ChosenOrg>().is_some_and(|org| org.role != Role::Admin);
    if said_above {
        return ().into_any();
    }
    view! {
        <Alert kind=AlertKind::Info title="You cannot see service accounts here" id="sa-read-only-title">
            <p class="alert__body">{message}</p>
            <p class="alert__body">"Ask an Admin of this organization for the serviceaccounts:read permission."</p>
        </Alert>
    }
    .into_any()
}
