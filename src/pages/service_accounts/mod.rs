//! The service accounts view beside the API keys page: the org's accounts, one account with
//! its tokens, and the actions on them.

mod account_actions;
mod account_creation;
mod detail;
mod known_keys;
mod list;
mod token_creation;
mod token_deletion;

pub use detail::ServiceAccountRoute;
pub use known_keys::KnownKeyIds;
pub use list::ServiceAccountsRoute;

use crate::api::{ApiError, Grafana};
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
