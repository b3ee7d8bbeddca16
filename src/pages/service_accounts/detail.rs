//! One service account: its information, its role and state, and its tokens.
//!
//! # States of an account's page (issue 19; the list's table in `list.rs` has the rest)
//!
//! | State | What the user reads | The single next step |
//! |---|---|---|
//! | Signed out | "Sign in to Grafana" (`OrgScope`) | sign in |
//! | Read-only (not an Admin in the org) | only the "Read-only organization" refusal above the page, as on the list | none here |
//! | Not found (deleted, or another org's id) | Grafana's "service account not found" | back to the list |
//! | A uid on a server before 11.4 | "Service Account ID is invalid. This Grafana server (…) needs the service account's numeric id …" | open it from the list |
//! | May change it | the name with "Edit" (Save / Cancel), the role select, Disable, Delete, "Add service account token" | — |
//! | May not change it | the same facts, without Edit; the role select disabled with the reason | — |
//! | No tokens | Grafana's "No tokens" | "Add service account token" |
//! | Expired tokens | "Delete expired (N)"; each deletion "Deleted" (said once) | "Delete expired (N)" |

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::account_actions::AccountActions;
use super::permissions::permissions_section;
use super::token_creation::TokenCreation;
use super::token_deletion::TokenDeletion;
use super::{load_permissions, permissions_or_server_decides};
use crate::api::{ApiError, Grafana};
use crate::browser;
use crate::components::PageHeader;
use crate::components::service_accounts::{AccountInformation, NameEditFocus, TokensTable};
use crate::components::{
    Alert, AlertKind, ErrorAlert, ListLimitNotice, Notifications, UnusedCleanup, app_path,
};
use crate::domain::config::Config;
use crate::domain::resource_permissions::{SectionAccess, section_access};
use crate::domain::service_accounts::{
    AccountPermissions, AccountRef, ServiceAccount, TOKEN_LIST_LIMIT, Token, accepts_account_uids,
    actions, expired_tokens, numeric_id_needed_text, tokens_cut_after,
};
use crate::domain::unused::{
    Credential, UnusedFilter, last_use_reported, last_use_text, token_last_use_caveat,
};
use crate::domain::version::GrafanaVersion;
use crate::pages::bulk_delete::{BulkDelete, BulkTexts};
use crate::pages::lazy::lazy_route;
use crate::pages::load::Load;
use crate::pages::{SignInFlow, on_demand};

const SUBTITLE: &str = "Manage settings for an individual service account.";

/// An account's page as a lazy route (src/pages/lazy.rs): the account, its tokens and the
/// permissions, asked for in the main module while the chunk with the page downloads.
pub struct ServiceAccountRoute {
    account: Load<Result<ServiceAccount, ApiError>>,
    loaded_account: Memo<Option<ServiceAccount>>,
    id: Memo<Option<i64>>,
    tokens: Load<Result<Vec<Token>, ApiError>>,
    permissions: Load<Result<AccountPermissions, ApiError>>,
}

lazy_route!(
    ServiceAccountRoute,
    ServiceAccountRoute::start(),
    service_account_page
);

impl ServiceAccountRoute {
    fn start() -> Self {
        let grafana = expect_context::<Grafana>();
        let sign_in = SignInFlow::expect();
        let params = use_params_map();
        // `/org/serviceaccounts/12`, or by uid (`/org/serviceaccounts/ae3fk2`) where the server
        // takes uids (≈11.4+). Every later request uses the numeric id the server answered with.
        let account_ref = Memo::new(move |_| {
            params
                .read()
                .get("id")
                .and_then(|text| AccountRef::parse(&text))
        });

        let client = grafana.clone();
        let account = Load::new(move || {
            sign_in.track();
            let (grafana, account_ref) = (client.clone(), account_ref.get());
            async move {
                let Some(account_ref) = account_ref else {
                    return Err(ApiError::Http {
                        status: 400,
                        message: "Service Account ID is invalid".to_string(),
                    });
                };
                match grafana.service_account(&account_ref).await {
                    // A uid the server did not take: say whether it is the server's version.
                    Err(ApiError::Http {
                        status: 400,
                        message,
                    }) if account_ref.id().is_none() => {
                        let version = grafana.server_version().await.ok().flatten();
                        let parsed = version.as_deref().and_then(GrafanaVersion::parse);
                        let message = if accepts_account_uids(parsed) == Some(true) {
                            message
                        } else {
                            numeric_id_needed_text(version.as_deref(), &message)
                        };
                        Err(ApiError::Http {
                            status: 400,
                            message,
                        })
                    }
                    answer => answer,
                }
            }
        });
        let loaded_account = Memo::new(move |_| account.get().and_then(Result::ok));
        let id = Memo::new(move |_| {
            account_ref
                .read()
                .as_ref()
                .and_then(AccountRef::id)
                .or_else(|| loaded_account.read().as_ref().map(|account| account.id))
        });
        let client = grafana.clone();
        let tokens = Load::new(move || {
            sign_in.track();
            let (grafana, id) = (client.clone(), id.get());
            async move {
                match id {
                    Some(id) => grafana.service_account_tokens(id).await,
                    None => Ok(Vec::new()),
                }
            }
        });
        let permissions = Load::new(move || {
            sign_in.track();
            load_permissions(grafana.clone())
        });
        Self {
            account,
            loaded_account,
            id,
            tokens,
            permissions,
        }
    }
}

/// The rest of the page, in the route's chunk.
fn service_account_page(route: ServiceAccountRoute) -> AnyView {
    let ServiceAccountRoute {
        account,
        loaded_account,
        id,
        tokens,
        permissions,
    } = route;
    let config = expect_context::<Config>();
    let grafana = expect_context::<Grafana>();
    let notifications = Notifications::expect();
    let sign_in = SignInFlow::expect();
    let navigate = use_navigate();
    provide_context(NameEditFocus(RwSignal::new(false)));
    let account_permissions = Memo::new(move |_| {
        let page_wide = permissions_or_server_decides(permissions.get())?;
        Some(match loaded_account.read().as_ref() {
            Some(account) => page_wide.for_account(account),
            None => page_wide,
        })
    });
    let refusal = move |action: &'static str| match account_permissions.get() {
        None => Some("Checking your permissions...".to_string()),
        Some(permissions) => permissions.refusal(action),
    };
    let write_refusal = Signal::derive(move || refusal(actions::WRITE));
    let delete_refusal = Signal::derive(move || refusal(actions::DELETE));

    let refresh = Callback::new(move |()| {
        account.refetch();
        tokens.refetch();
    });
    let to_list = Callback::new(move |_: i64| navigate("/org/serviceaccounts", Default::default()));
    let account_actions =
        AccountActions::new(grafana.clone(), notifications, refresh, to_list, false);
    let token_creation = TokenCreation::new(grafana.clone(), notifications, refresh);
    let token_deletion = TokenDeletion::new(grafana.clone(), notifications, refresh);
    let permissions_client = grafana.clone();
    let version_client = grafana.clone();
    let unused_client = grafana.clone();
    let bulk_delete = BulkDelete::new(
        BulkTexts {
            title: "Delete expired tokens",
            one: "This expired token will be deleted; no other token is touched:",
            many: "These {count} expired tokens will be deleted, one request at a time; no other token is touched:",
        },
        |(_, token): &(i64, Token)| token.name.clone(),
        move |(account_id, token): (i64, Token)| {
            let grafana = grafana.clone();
            async move { grafana.delete_token(account_id, token.id).await }
        },
        refresh,
    );
    let bulk_delete_unused = BulkDelete::new(
        BulkTexts {
            title: "Delete unused tokens",
            one: "This unused token will be deleted; no other token is touched:",
            many: "These {count} unused tokens will be deleted, one request at a time; no other token is touched:",
        },
        |(_, token): &(i64, Token)| {
            let offset = browser::local_offset_minutes(browser::now_millis());
            format!(
                "{} ({})",
                token.name,
                last_use_text(token.last_used_at.as_deref(), offset)
            )
        },
        move |(account_id, token): (i64, Token)| {
            let grafana = unused_client.clone();
            async move { grafana.delete_token(account_id, token.id).await }
        },
        refresh,
    );

    // Who may manage the account: shown as the account's own access control says, built once
    // per account and access (not again when the account is loaded again).
    let permissions_access = Memo::new(move |_| {
        loaded_account
            .read()
            .as_ref()
            .map(|a| (a.id, section_access(a)))
    });
    let permissions_view = move || {
        let (account_id, access) = permissions_access.get()?;
        let refusal = match access {
            SectionAccess::Hidden => return None,
            SectionAccess::ReadOnly(reason) => Some(reason),
            SectionAccess::Editable => None,
        };
        Some(on_demand(permissions_section(
            permissions_client.clone(),
            account_id,
            refusal,
        )))
    };

    let token_list = Memo::new(move |_| match tokens.get() {
        Some(Ok(tokens)) => tokens,
        _ => Vec::new(),
    });
    let expired = Memo::new(move |_| expired_tokens(&token_list.read()));
    // "Last used", where the server says when tokens were last used (9.1+): the table shows
    // only the tokens unused by the chosen rule, and "Delete unused" offers them.
    let client = version_client.clone();
    let version = Load::new(move || {
        let grafana = client.clone();
        async move {
            let text = grafana.server_version().await.ok().flatten();
            text.as_deref().and_then(GrafanaVersion::parse)
        }
    });
    let last_use_reported =
        Memo::new(move |_| last_use_reported(Credential::Token, version.get().flatten()));
    let unused_filter = RwSignal::new(None::<UnusedFilter>);
    let shown_tokens = Memo::new(move |_| {
        let mut tokens = token_list.get();
        if let Some(filter) = unused_filter.get() {
            let now = browser::now_millis();
            tokens.retain(|token| filter.matches(token, now));
        }
        tokens
    });

    let title = Signal::derive(move || {
        loaded_account
            .read()
            .as_ref()
            .map(|account| account.name.clone())
            .unwrap_or_else(|| "Service account".to_string())
    });

    let account_view = move || match account.get() {
        None => view! { <p class="page-loading" role="status">"Loading ..."</p> }.into_any(),
        Some(Err(ApiError::Unauthorized(_))) => sign_in.page_view().into_any(),
        Some(Err(ApiError::Forbidden(message))) => super::read_only(message),
        Some(Err(error)) => view! {
            <ErrorAlert
                title="Could not load the service account"
                message=error.to_string()
                on_retry=Callback::new(move |()| account.refetch())
            />
        }
        .into_any(),
        Some(Ok(loaded)) => {
            account_body(loaded, write_refusal, delete_refusal, account_actions).into_any()
        }
    };
    let tokens_view = move || {
        match tokens.get() {
        None => view! { <p class="page-loading" role="status">"Loading ..."</p> }.into_any(),
        Some(Err(error)) => view! {
            <ErrorAlert
                title="Could not load the tokens"
                message=error.to_string()
                on_retry=Callback::new(move |()| tokens.refetch())
            />
        }
        .into_any(),
        Some(Ok(_)) => view! {
            {move || {
                tokens_cut_after(&token_list.read()).map(|last| {
                    view! {
                        <ListLimitNotice
                            title="Only the first 300 tokens are listed"
                            what="tokens"
                            limit=TOKEN_LIST_LIMIT
                            last=last.name.clone()
                            id="tokens-limit-title"
                        >
                            "To reach them, delete tokens that have expired or are no longer needed."
                        </ListLimitNotice>
                    }
                })
            }}
            <TokensTable
                tokens=shown_tokens
                delete_refusal=write_refusal
                on_delete=token_deletion.ask(id)
                on_rotate=Callback::new(move |old| {
                    if let Some(id) = id.get_untracked() {
                        let taken = token_list.read_untracked().iter().map(|t| t.name.clone()).collect();
                        token_creation.rotate(id, old, taken);
                    }
                })
            />
        }
        .into_any(),
    }
    };
    // After a rotation, once its secret was shown: both tokens exist until the old one is
    // deleted, as a separate, confirmed step; the card says which is which until then.
    let rotated = token_creation.rotated();
    let ask_delete = token_deletion.ask(id);
    let rotation_card = move || {
        let (old, new_name) = rotated.get()?;
        let old_listed = token_list.read().iter().any(|token| token.id == old.id);
        (old_listed && !token_creation.showing_secret()).then(|| {
            let old_name = old.name.clone();
            view! {
                <Alert kind=AlertKind::Info title="Rotated: both tokens work" id="sa-rotated-title">
                    <p class="alert__body">
                        "The new token " <strong class="break-anywhere">{new_name}</strong>
                        " replaces " <strong class="break-anywhere">{old_name}</strong>
                        ". The old one keeps working until you delete it: first update what uses it."
                    </p>
                    <div class="alert__actions">
                        <button
                            type="button"
                            class="btn btn--destructive"
                            disabled=move || write_refusal.get().is_some()
                            on:click=move |_| ask_delete.run(old.clone())
                        >
                            "Delete the old token"
                        </button>
                        " "
                        <button
                            type="button"
                            class="btn btn--secondary"
                            on:click=move |_| rotated.set(None)
                        >
                            "Keep both"
                        </button>
                    </div>
                </Alert>
            }
        })
    };
    let ask_bulk = bulk_delete.ask();
    let ask_unused = bulk_delete_unused.ask();
    let tokens_section = move || {
        loaded_account.with(Option::is_some).then(|| {
            view! {
                <section class="sa-section" aria-labelledby="sa-tokens-title">
                    <h2 class="sa-section__title" id="sa-tokens-title">"Tokens"</h2>
                    <div class="action-bar">
                        <button
                            type="button"
                            class="btn btn--primary"
                            disabled=move || write_refusal.get().is_some()
                            title=move || write_refusal.get()
                            on:click=move |_| {
                                if let Some(id) = id.get_untracked() {
                                    token_creation.open().run(id);
                                }
                            }
                        >
                            "Add service account token"
                        </button>
                        // As on the API keys page: offered while there is something expired.
                        <Show when=move || !expired.read().is_empty()>
                            <button
                                type="button"
                                class="btn btn--secondary"
                                disabled=move || write_refusal.get().is_some()
                                title=move || write_refusal.get()
                                on:click=move |_| {
                                    if let Some(id) = id.get_untracked() {
                                        let expired = expired.get_untracked();
                                        ask_bulk.run(expired.into_iter().map(|token| (id, token)).collect());
                                    }
                                }
                            >
                                {move || format!("Delete expired ({})", expired.read().len())}
                            </button>
                        </Show>
                        {move || {
                            last_use_reported
                                .get()
                                .then(|| {
                                    view! {
                                        <UnusedCleanup
                                            filter=unused_filter
                                            id="tokens-last-used"
                                            count=Signal::derive(move || shown_tokens.read().len())
                                            refusal=write_refusal
                                            on_delete=Callback::new(move |()| {
                                                if let Some(id) = id.get_untracked() {
                                                    let unused = shown_tokens.get_untracked();
                                                    ask_unused.run(unused.into_iter().map(|token| (id, token)).collect());
                                                }
                                            })
                                        />
                                    }
                                })
                        }}
                        <span class="sa-note">{move || write_refusal.get()}</span>
                    </div>
                    {move || {
                        unused_filter
                            .read()
                            .and_then(|_| token_last_use_caveat(version.get().flatten()))
                            .map(|caveat| view! { <p class="sa-note">{caveat}</p> })
                    }}
                    {rotation_card}
                    {tokens_view}
                </section>
            }
        })
    };

    view! {
        <div class="page">
            <PageHeader title>{SUBTITLE}</PageHeader>
            <main class="page-body">
                <p class="sa-back">
                    <A href=app_path("/org/serviceaccounts")>"Back to service accounts"</A>
                </p>
                {account_view}
                {tokens_section}
                {permissions_view}
            </main>
            {token_creation.dialogs(config.grafana_root(&browser::origin()))}
            {token_deletion.dialog()}
            {bulk_delete.on_demand(tokens_bulk_dialogs)}
            {bulk_delete_unused.on_demand(tokens_bulk_dialogs)}
            {account_actions.dialog()}
        </div>
    }
    .into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn tokens_bulk_dialogs(bulk_delete: BulkDelete<(i64, Token)>) -> AnyView {
    bulk_delete.dialogs().into_any()
}

/// The account's state, actions and information.
fn account_body(
    account: ServiceAccount,
    write_refusal: Signal<Option<String>>,
    delete_refusal: Signal<Option<String>>,
    actions: AccountActions,
) -> impl IntoView {
    let toggle = actions.toggle_disabled();
    let ask_delete = actions.ask_delete();
    let pending = actions.pending();
    let (toggle_account, delete_account) = (account.clone(), account.clone());
    let toggle_label = if account.is_disabled {
        "Enable service account"
    } else {
        "Disable service account"
    };
    let state = if account.is_disabled {
        view! { <p class="sa-state"><span class="badge badge--disabled">"Disabled"</span> " This service account is disabled: its tokens do not authenticate."</p> }.into_any()
    } else {
        view! { <p class="sa-state text-secondary">"Enabled"</p> }.into_any()
    };
    view! {
        {state}
        <div class="action-bar">
            <button
                type="button"
                class="btn btn--secondary"
                disabled=move || write_refusal.get().is_some() || pending.get()
                title=move || write_refusal.get()
                on:click=move |_| toggle.run(toggle_account.clone())
            >
                {toggle_label}
            </button>
            <button
                type="button"
                class="btn btn--destructive"
                disabled=move || delete_refusal.get().is_some()
                title=move || delete_refusal.get()
                on:click=move |_| ask_delete.run(delete_account.clone())
            >
                "Delete service account"
            </button>
            <span class="sa-note">{move || delete_refusal.get()}</span>
        </div>
        <AccountInformation
            role_refusal=write_refusal
            pending
            on_role=actions.change_role(account.id)
            on_rename=actions.rename(account.id)
            account
        />
    }
}
