//! The move from API keys to service accounts: the banner, the migrated card, the summary of a
//! migration, and what the page says once Grafana stops creating (11.3) or having (12.1) keys.

use leptos::prelude::*;

use crate::domain::migration::MigrationResult;

use super::Modal;
use super::alert::{Alert, AlertKind};
use super::tabs::app_path;

/// Grafana's guide to the migration.
pub const MIGRATION_DOCS: &str =
    "https://grafana.com/docs/grafana/latest/administration/service-accounts/migrate-api-keys/";

fn docs_link(text: &'static str) -> impl IntoView {
    view! {
        <a href=MIGRATION_DOCS target="_blank" rel="noopener noreferrer">
            {text}
        </a>
    }
}

/// Above the keys, where the server can migrate them: Grafana's "Switch from API keys to
/// service accounts" while it still creates keys (9.1 to 11.2); from 11.3, where nothing can be
/// created, one card that says so and offers the same migration.
#[component]
pub fn MigrationBanner(
    /// The server still creates API keys.
    creates: bool,
    /// The server's own words, when it answered 410 to a create.
    #[prop(default = None)]
    server_message: Option<String>,
    on_migrate: Callback<()>,
) -> impl IntoView {
    let (title, body) = if creates {
        (
            "Switch from API keys to service accounts",
            "We will soon deprecate API keys. Each API key will be migrated into a service account with a token and will continue to work as they were. We encourage you to migrate your API keys to service accounts now. ",
        )
    } else {
        (
            "New API keys can no longer be created",
            "From Grafana 11.3 on, access for applications comes from service accounts and their tokens. The API keys below keep working; migrating them makes each the token of a service account named sa-autogen-<key name>. ",
        )
    };
    view! {
        <Alert kind=AlertKind::Warning title id="migration-banner-title">
            <p class="alert__body">{body} {docs_link("Find out more about the migration here.")}</p>
            {server_message
                .map(|message| view! { <p class="alert__body text-secondary">{message}</p> })}
            <button type="button" class="btn btn--primary" on:click=move |_| on_migrate.run(())>
                "Migrate to service accounts now"
            </button>
        </Alert>
    }
}

/// The confirmation's body for migrating every key.
pub fn migrate_all_question() -> impl IntoView {
    view! {
        <p>
            "Are you sure you want to migrate all API keys to service accounts? Find out more "
            {docs_link("here.")}
        </p>
    }
}

/// No API key left because they all became service account tokens (a migration from this
/// page, one before, the start-up migration of 11.6, the removal in 12.1): what happened, and
/// the one way on, to the accounts made from keys (Grafana names them `sa-autogen-<key name>`;
/// each token keeps its key's id, name and expiry).
#[component]
pub fn KeysMovedCard(
    title: &'static str,
    /// What happened, e.g. "Grafana 11.6 and later migrate every API key ... when they start."
    lead: &'static str,
    /// Where the server can hide the page for good (9.1 to 9.4): Grafana's own offer.
    on_hide: Option<Callback<()>>,
    /// Each key migrated from this page and its account, where known.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <Alert kind=AlertKind::Info title id="keys-moved-title">
            <p class="alert__body">
                {lead}
                " Each key is now the token of a service account named sa-autogen-<key name>, and keeps working. Where you would have added an API key, add a service account and a token."
            </p>
            {children.map(|children| children())}
            <div class="alert__actions">
                <a
                    class="btn btn--primary btn--link"
                    href=app_path("/org/serviceaccounts?search=sa-autogen-")
                >
                    "Find them in Service accounts"
                </a>
                {on_hide
                    .map(|on_hide| {
                        view! {
                            <button
                                type="button"
                                class="btn btn--secondary"
                                on:click=move |_| on_hide.run(())
                            >
                                "Hide API keys page forever"
                            </button>
                        }
                    })}
            </div>
        </Alert>
    }
}

/// Grafana 9.1 to 9.4 after "Hide API keys page forever", while the org has no key: Grafana's
/// menu no longer lists the page. Said once, with the way on.
#[component]
pub fn KeysHiddenCard(service_accounts_url: String) -> impl IntoView {
    view! {
        <Alert kind=AlertKind::Info title="The API keys page is hidden" id="keys-hidden-title">
            <p class="alert__body">
                "This organization's API keys were migrated to service accounts and the API keys page was hidden forever: Grafana no longer lists it in its menu. It comes back only if an API key is created with Grafana's HTTP API."
            </p>
            <a class="btn btn--primary btn--link" href=service_accounts_url>
                "Go to service accounts"
            </a>
        </Alert>
    }
}

/// "Migration summary" after a migrate-all that answered with its result (Grafana 10.1 on).
#[component]
pub fn MigrationSummaryDialog(result: MigrationResult, on_close: Callback<()>) -> impl IntoView {
    let all_migrated = result.all_migrated() && result.failed_apikey_ids.is_empty();
    let failures = (!all_migrated).then(|| {
        let ids = result
            .failed_apikey_ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let details = result.failed_details.join(", ");
        view! {
            <p>
                <strong>"Failed: "</strong>
                {result.failed}
            </p>
            <p>
                <strong>"Failed api key IDs: "</strong>
                {ids}
            </p>
            <p>
                <strong>"Failed details: "</strong>
                {details}
            </p>
        }
    });
    view! {
        <Modal title="Migration summary" on_close>
            <div class="modal__body migration-summary">
                {if all_migrated {
                    view! { <p class="migration-summary__lead">"Migration Successful!"</p> }.into_any()
                } else {
                    view! {
                        <p class="migration-summary__lead">
                            "Migration complete! Please note, while there might be a few API keys flagged as `failed migrations`, rest assured, all of your API keys are fully functional and operational. Please try again or contact support."
                        </p>
                        <hr />
                    }
                        .into_any()
                }}
                <p>
                    <strong>"Total: "</strong>
                    {result.total}
                </p>
                <p>
                    <strong>"Migrated: "</strong>
                    {result.migrated}
                </p>
                {failures}
            </div>
            <div class="modal__footer">
                <button
                    type="button"
                    class="btn btn--secondary"
                    autofocus
                    on:click=move |_| on_close.run(())
                >
                    "Close"
                </button>
            </div>
        </Modal>
    }
}

/// Grafana 11.3 and later create no API keys: said where the create controls were, when
/// there is nothing to migrate (no key, or a server that cannot migrate).
#[component]
pub fn CreateRemovedNotice(
    service_accounts_url: String,
    /// The server's own words, when it answered 410.
    server_message: Option<String>,
) -> impl IntoView {
    view! {
        <Alert
            kind=AlertKind::Info
            title="New API keys can no longer be created"
            id="create-removed-title"
        >
            <p class="alert__body">
                "From Grafana 11.3 on, access for applications comes from service accounts and their tokens. Existing API keys keep working; you can still list and delete them here."
            </p>
            {server_message
                .map(|message| view! { <p class="alert__body text-secondary">{message}</p> })}
            <a class="btn btn--primary btn--link" href=service_accounts_url>
                "Go to service accounts"
            </a>
        </Alert>
    }
}

/// Where a key migrated from its row went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyDestination {
    pub key_id: i64,
    pub key_name: String,
    /// `None` while it is looked for; then the account (id, name), none found, or why the
    /// search failed.
    pub account: Option<Result<Option<(i64, String)>, String>>,
}

/// After migrating keys from their rows: each key, and the service account that holds it now,
/// with a link to that account in the service accounts view.
#[component]
pub fn MigratedKeysNotice(
    destinations: Vec<KeyDestination>,
    on_dismiss: Callback<()>,
) -> impl IntoView {
    let items = destination_items(destinations);
    view! {
        <Alert kind=AlertKind::Success title="Migrated to service accounts" id="migrated-keys-title">
            <ul class="alert__body migrated-keys">{items}</ul>
            <div class="alert__actions">
                <button type="button" class="btn btn--secondary" on:click=move |_| on_dismiss.run(())>
                    "Dismiss"
                </button>
            </div>
        </Alert>
    }
}

/// Each migrated key and the account that holds it now, as list items.
pub fn destination_items(destinations: Vec<KeyDestination>) -> impl IntoView {
    destinations
        .into_iter()
        .map(|destination| {
            let whereabouts = match destination.account {
                None => view! { <span class="text-secondary">"looking for its service account..."</span> }
                    .into_any(),
                Some(Ok(Some((id, name)))) => view! {
                    "now the token of service account "
                    <a href=app_path(&format!("/org/serviceaccounts/{id}"))>{name}</a>
                }
                .into_any(),
                Some(Ok(None)) => view! {
                    "its service account was not found; "
                    <a href=app_path("/org/serviceaccounts?filter=migrated")>
                        "see the accounts migrated from API keys"
                    </a>
                }
                .into_any(),
                Some(Err(message)) => view! {
                    {format!("its service account could not be looked up: {message}")}
                }
                .into_any(),
            };
            view! {
                <li>
                    <strong class="break-anywhere">{destination.key_name}</strong>
                    {format!(" (key #{}): ", destination.key_id)}
                    {whereabouts}
                </li>
            }
        })
        .collect_view()
}
