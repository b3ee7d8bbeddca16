//! The org's service accounts: Grafana's search, filters and pages, and "Migrated from API
//! keys", with the actions on each account.
//!
//! # States of the service accounts views (issue 19)
//!
//! What decides each: `OrgScope` (src/pages/orgs/scope.rs) for the session and the org, then
//! this page's `body` memo (and `detail.rs`'s for an account). One state, one message, one next
//! step.
//!
//! | State | What the user reads | The single next step |
//! |---|---|---|
//! | Signed out (any route, any version) | "Sign in to Grafana", "Your session has ended or you are not signed in." (`OrgScope`: `/api/user/orgs` answered 401) | the sign-in form (`signIn: "form"`), or Grafana's login page (`"grafana"`, taken there) |
//! | Session ends while on the page | the page's own "Sign in to Grafana" (`Body::SignIn`) | sign in |
//! | Not a member of the org in `?orgId=` | "Not your organization" above the pages, no page | "Go to <the user's org>" |
//! | Read-only: not an Admin in the org (Viewer, Editor, a Viewer-only org) | "Read-only organization: You are a Viewer in Partners: managing … needs the Admin role …" above the page, and nothing else (no filters, no error, no Retry) | none here: ask an Admin (or pick another org in the picker) |
//! | Read-only by a custom role (Admin, but 403 on search) | "You cannot see service accounts here", Grafana's message | ask an Admin for `serviceaccounts:read` |
//! | Can read, cannot create | the list; no "Add service account" (never a dead button); empty: "An Admin of this organization can add them." | — |
//! | 8.x (before 8.5; or 8.5–9.0 without the toggle: 404) | "No service accounts here: This Grafana server (8.4.0) has no service accounts: they arrived in Grafana 9.1 …" | the API keys tab |
//! | 9.1–9.4 | the list; "Migrated from API keys" proves a key by its id once the keys page listed it ("migrated (key #N)"), else by name | Add service account |
//! | 9.5–11.2, 11.3–11.5 | the same list (keys can still be migrated from the keys page) | Add service account |
//! | 11.6–12.0 (keys migrated at start-up), 12.1+ (keys removed) | the list; "Migrated from API keys" lists every `sa-autogen-<key>` account holding the key's token, "migrated (by name)", with "API key <name>" (the keys page has no key to prove an id by) | open the account |
//! | Empty (no account at all) | "You haven't created any service accounts yet" | "Add service account" |
//! | Empty search or filter | "No service accounts found" in the table | change the search |
//! | Failure (5xx, network, unreadable answer) | "Could not load service accounts" and the reason | Retry |
//! | A taken name (9.x "Failed to create service account", 10+ "service account already exists") | at the name field: Grafana's answer and "a service account named "x" already exists …"; the field marked invalid and focused | another name |
//! | Each row with tokens (issue 22), its tokens read after the table shows, 6 at a time | under "N tokens": "checking…", then "2 to rotate soon" and "1 revoked" where any; "tokens not checked: <reason>" | open the account to rotate |
//! | "Token use" (where the server reports last use: 9.1+, version known) | "Checking the tokens of the service accounts on this page: 3 of 8…" and no table, then "2 of 9 service accounts on this page have only tokens not used for 90 days." (and "Only this page is checked (page 1 of 3) …" where there are more) and those rows | "Any", or Retry where some account's tokens could not be read |

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::account_actions::AccountActions;
use super::account_creation::AccountCreation;
use super::token_creation::TokenCreation;
use super::{KnownKeyIds, load_permissions, permissions_or_server_decides};
use crate::api::{ApiError, Grafana};
use crate::browser;
use crate::components::service_accounts::{
    AccountFilters, AccountRow, AccountsHeader, AccountsTable, Pager,
};
use crate::components::{Alert, AlertKind, ErrorAlert, Notifications, UnusedFilterSelect};
use crate::domain::config::Config;
use crate::domain::hygiene::{
    TokenCheck, UNUSED_HELP, unused_in_query, unused_progress_text, unused_summary, with_unused,
};
use crate::domain::keys::Role;
use crate::domain::service_accounts::{
    AccountFilter, AccountPermissions, AccountsPage, AccountsQuery, Availability, ScanStage,
    ServiceAccount, availability, hinted_text, unavailable_text,
};
use crate::domain::unused::{Credential, last_use_reported, token_last_use_caveat};
use crate::domain::version::GrafanaVersion;
use crate::pages::SignInFlow;
use crate::pages::inventory::{Export, ExportScope};
use crate::pages::lazy::lazy_route;
use crate::pages::load::Load;
use crate::pages::migrated_scan::{ScanProgress, scan};
use crate::pages::token_checks::TokenChecks;

#[derive(Debug, Clone, PartialEq)]
enum Body {
    Loading,
    SignIn,
    /// No service accounts on this server.
    Unavailable(String),
    Failed(String),
    /// Grafana refused the list (403): its message, shown once.
    ReadOnly(String),
    /// None at all: Grafana's call to action.
    Empty,
    List,
}

/// The list as a lazy route (src/pages/lazy.rs): its query and its first requests, started in
/// the main module while the chunk with the rest of the page downloads.
pub struct ServiceAccountsRoute {
    search: RwSignal<String>,
    filter: RwSignal<AccountFilter>,
    chosen_page: RwSignal<(String, AccountFilter, u32)>,
    query: Memo<AccountsQuery>,
    version: Load<Result<Option<String>, ApiError>>,
    permissions: Load<Result<AccountPermissions, ApiError>>,
    accounts: Load<Result<AccountsPage, ApiError>>,
}

lazy_route!(
    ServiceAccountsRoute,
    ServiceAccountsRoute::start(),
    service_accounts_page
);

impl ServiceAccountsRoute {
    fn start() -> Self {
        let grafana = expect_context::<Grafana>();
        let sign_in = SignInFlow::expect();
        // The search, the filter and the page live in the query string. A page number belongs to
        // the search and filter it was chosen for: a new search starts again from page 1.
        let initial = AccountsQuery::parse(&browser::location_search());
        let search = RwSignal::new(initial.search.clone());
        let filter = RwSignal::new(initial.filter);
        let chosen_page = RwSignal::new((initial.search, initial.filter, initial.page));
        let query = Memo::new(move |_| {
            let (search, filter) = (search.get(), filter.get());
            let page = chosen_page.with(|(for_search, for_filter, page)| {
                if *for_search == search && *for_filter == filter {
                    *page
                } else {
                    1
                }
            });
            AccountsQuery {
                search,
                filter,
                page,
            }
        });
        let client = grafana.clone();
        let version = Load::new(move || {
            let grafana = client.clone();
            async move { grafana.server_version().await }
        });
        let client = grafana.clone();
        let permissions = Load::new(move || {
            sign_in.track();
            load_permissions(client.clone())
        });
        let accounts = Load::new(move || {
            sign_in.track();
            let (grafana, query) = (grafana.clone(), query.get());
            async move { grafana.search_service_accounts(&query).await }
        });
        Self {
            search,
            filter,
            chosen_page,
            query,
            version,
            permissions,
            accounts,
        }
    }
}

/// The rest of the list, in the route's chunk.
fn service_accounts_page(route: ServiceAccountsRoute) -> AnyView {
    let ServiceAccountsRoute {
        search,
        filter,
        chosen_page,
        query,
        version,
        permissions,
        accounts,
    } = route;
    let config = expect_context::<Config>();
    let grafana = expect_context::<Grafana>();
    let notifications = Notifications::expect();
    let sign_in = SignInFlow::expect();
    let known_keys = KnownKeyIds::from_context();
    let navigate = use_navigate();
    // "Token use" (issue 22) filters the rows shown, in the browser: it is in the URL, next to
    // the search's own state, and never asks the search again.
    let unused = RwSignal::new(unused_in_query(&browser::location_search()));
    Effect::new(move |_| {
        browser::replace_query(&with_unused(query.read().to_query_string(), unused.get()))
    });
    // Read only by the body's memo, which tracks `version` itself.
    let version_text = move || version.get().and_then(Result::ok).flatten();
    // Plain closures, not memos: what reads them is a memo or a text, so a memo here would
    // spare no work and cost bytes.
    let page_permissions = move || permissions_or_server_decides(permissions.get());
    let page = move || match accounts.get() {
        Some(Ok(page)) => page,
        _ => AccountsPage::default(),
    };

    // "Migrated from API keys": every page of the search, then the tokens of the accounts
    // that have any; a token whose id is a key id seen in this session is the evidence.
    let scan_progress = ScanProgress::new();
    let client = grafana.clone();
    let migrated_scan = Load::new(move || {
        sign_in.track();
        let wanted = filter.get() == AccountFilter::Migrated;
        let (grafana, search) = (client.clone(), search.get());
        async move {
            if wanted {
                scan(&grafana, &search, scan_progress).await.map(Some)
            } else {
                Ok(None)
            }
        }
    });
    let scanned = Memo::new(move |_| match migrated_scan.get() {
        Some(Ok(found)) => found,
        _ => None,
    });
    // Running, or not started yet for the filter just chosen.
    let scanning = Memo::new(move |_| {
        scan_progress.get().is_some()
            || (filter.get() == AccountFilter::Migrated
                && !matches!(migrated_scan.get(), Some(Ok(Some(_)) | Err(_))))
    });

    let rows = Memo::new(move |_| {
        let page_permissions = page_permissions().unwrap_or(super::SERVER_DECIDES);
        let row = |account: ServiceAccount, migrated| AccountRow {
            permissions: page_permissions.for_account(&account),
            account,
            migrated,
        };
        if filter.get() == AccountFilter::Migrated {
            let known = known_keys.get();
            scanned
                .read()
                .as_ref()
                .map(|found| found.rows(&known))
                .unwrap_or_default()
                .into_iter()
                .map(|(account, found)| row(account, Some(found)))
                .collect::<Vec<_>>()
        } else {
            page()
                .accounts
                .into_iter()
                .map(|account| row(account, None))
                .collect::<Vec<_>>()
        }
    });

    let body = Memo::new(move |_| match (accounts.get(), version.get()) {
        (_, Some(_))
            if availability(version_text().as_deref().and_then(GrafanaVersion::parse))
                == Availability::No =>
        {
            Body::Unavailable(unavailable_text(version_text().as_deref()))
        }
        (None, _) | (_, None) => Body::Loading,
        (Some(Err(ApiError::Unauthorized(_))), _) => Body::SignIn,
        (Some(Err(ApiError::RouteRemoved(_))), _) => {
            Body::Unavailable(unavailable_text(version_text().as_deref()))
        }
        (Some(Err(ApiError::Forbidden(message))), _) => Body::ReadOnly(message),
        (Some(Err(error)), _) => Body::Failed(error.to_string()),
        (Some(Ok(page)), _)
            if page.total_count == 0 && *query.read() == AccountsQuery::default() =>
        {
            Body::Empty
        }
        (Some(Ok(_)), _) => Body::List,
    });

    // Issue 22: what the tokens of each account shown need, read once the table shows, a few
    // at a time (Grafana's search has only a count); and "Token use" over them, on the accounts
    // shown (this page's), where the server says when tokens were last used.
    let token_checks = TokenChecks::new(grafana.clone());
    let checks = token_checks.signal();
    Effect::new(move |_| {
        token_checks.track();
        if body.get() == Body::List {
            let shown: Vec<ServiceAccount> =
                rows.with(|rows| rows.iter().map(|row| row.account.clone()).collect());
            token_checks.check(&shown);
        }
    });
    let parsed_version = move || version_text().as_deref().and_then(GrafanaVersion::parse);
    let unused_offered = Memo::new(move |_| last_use_reported(Credential::Token, parsed_version()));
    let unused_on = Memo::new(move |_| unused.get().filter(|_| unused_offered.get()));
    // Of the rows with tokens: how many are not read yet, and how many could not be.
    let with_tokens = Memo::new(move |_| {
        rows.with(|rows| rows.iter().filter(|row| row.account.tokens > 0).count())
    });
    let count_checks = move |wanted: fn(Option<&TokenCheck>) -> bool| {
        rows.with(|rows| {
            checks.with(|checks| {
                rows.iter()
                    .filter(|row| row.account.tokens > 0)
                    .filter(|row| wanted(checks.get(&row.account.id)))
                    .count()
            })
        })
    };
    let unchecked =
        Memo::new(move |_| count_checks(|check| !check.is_some_and(TokenCheck::is_done)));
    let failed =
        Memo::new(move |_| count_checks(|check| matches!(check, Some(TokenCheck::Failed(_)))));
    let shown_rows = Memo::new(move |_| {
        let Some(filter) = unused_on.get() else {
            return rows.get();
        };
        let now = browser::now_millis();
        checks.with(|checks| {
            rows.get()
                .into_iter()
                .filter(|row| {
                    matches!(
                        checks.get(&row.account.id),
                        Some(TokenCheck::Checked(listed)) if listed.all_unused(filter, now)
                    )
                })
                .collect::<Vec<_>>()
        })
    });

    let refresh = move || {
        accounts.refetch();
        if filter.get_untracked() == AccountFilter::Migrated {
            migrated_scan.refetch();
        }
    };
    let actions = AccountActions::new(
        grafana.clone(),
        notifications,
        Callback::new(move |()| refresh()),
        Callback::new(move |_| refresh()),
        true,
    );
    // "Add token" on a row with no tokens opens the form right here, as Grafana's list does.
    let token_creation = TokenCreation::new(
        grafana.clone(),
        notifications,
        Callback::new(move |()| refresh()),
    );
    let creation = AccountCreation::new(
        grafana,
        notifications,
        Callback::new(move |account: ServiceAccount| {
            navigate(
                &format!("/org/serviceaccounts/{}", account.id),
                Default::default(),
            )
        }),
    );
    let can_add = Signal::derive(move || page_permissions().is_some_and(|granted| granted.create));
    // "Export": the org's keys and tokens, offered once the list (or its emptiness) shows.
    let export = Export::new(ExportScope::ThisOrg);
    let export_button = move || {
        matches!(body.get(), Body::List | Body::Empty)
            .then(|| export.map(Export::button))
            .flatten()
    };

    let filters = move || {
        view! {
            <AccountFilters
                search
                filter
                on_filter=Callback::new(move |chosen| filter.set(chosen))
                can_add
                on_add=creation.open()
            >
                <Show when=move || unused_offered.get()>
                    <UnusedFilterSelect filter=unused id="sa-unused" label="Token use" any="Any">
                        {UNUSED_HELP}
                        {token_last_use_caveat(parsed_version())
                            .map(|caveat| view! { " " <strong>{caveat}</strong> })}
                    </UnusedFilterSelect>
                </Show>
            </AccountFilters>
        }
    };
    let unused_note = move || {
        unused_on.get().map(|chosen| {
            let status = move || {
                let pending = unchecked.get();
                if pending > 0 {
                    let total = with_tokens.get();
                    return unused_progress_text(total - pending, total);
                }
                unused_summary(
                    chosen,
                    shown_rows.read().len(),
                    rows.read().len(),
                    failed.get(),
                    query.read().page,
                    // "Migrated from API keys" shows every page's accounts at once.
                    if filter.get() == AccountFilter::Migrated {
                        1
                    } else {
                        page().page_count()
                    },
                )
            };
            let retry = move || {
                (unchecked.get() == 0 && failed.get() > 0).then(|| {
                    view! {
                        <button
                            type="button"
                            class="btn btn--secondary btn--small"
                            on:click=move |_| token_checks.forget_failed()
                        >
                            "Retry"
                        </button>
                    }
                })
            };
            view! {
                <div class="sa-unused__status">
                    <p role="status">{status}</p>
                    {retry}
                </div>
            }
        })
    };
    let migrated_note =
        move || {
            (filter.get() == AccountFilter::Migrated).then(|| {
            let known = known_keys.get();
            let summary = move || {
                if scanning.get() {
                    return scan_progress
                        .get()
                        .unwrap_or(ScanStage::Searching {
                            page: 1,
                            pages: None,
                        })
                        .text();
                }
                scanned
                    .read()
                    .as_ref()
                    .map(|found| found.summary(&known_keys.get()))
                    .unwrap_or_default()
            };
            let hinted = move || {
                let hinted = scanned
                    .read()
                    .as_ref()
                    .map(|found| found.hinted(&known))
                    .unwrap_or(0);
                (hinted > 0 && !scanning.get()).then(|| view! {
                    <p class="alert__body">{hinted_text(hinted)}</p>
                })
            };
            view! {
                <Alert kind=AlertKind::Info title="Migrated from API keys" id="sa-migrated-title">
                    <p class="alert__body sa-scan" role="status">{summary}</p>
                    {hinted}
                    {move || match migrated_scan.get() {
                        Some(Err(error)) => Some(view! {
                            <p class="alert__body form-error">{error.to_string()}</p>
                            <button
                                type="button"
                                class="btn btn--secondary btn--small"
                                on:click=move |_| migrated_scan.refetch()
                            >
                                "Retry"
                            </button>
                        }),
                        _ => None,
                    }}
                </Alert>
            }
        })
        };
    let table = move || {
        let migrated = filter.get() == AccountFilter::Migrated;
        // No table while a filter waits for what it needs: the scan, or the tokens.
        let waiting = move || {
            (migrated && scanning.get()) || (unused_on.get().is_some() && unchecked.get() > 0)
        };
        view! {
            {migrated_note}
            {unused_note}
            <Show when=move || !waiting()>
                <AccountsTable
                    rows=shown_rows
                    token_checks=checks
                    on_toggle_disabled=actions.toggle_disabled()
                    on_delete=actions.ask_delete()
                    on_add_token=Callback::new(move |account: ServiceAccount| {
                        token_creation.open().run(account.id)
                    })
                    on_change_role=Callback::new(move |(account, role): (ServiceAccount, Role)| {
                        actions.change_role(account.id).run(role)
                    })
                    busy=Signal::derive(move || actions.busy())
                />
            </Show>
            {(!migrated).then(|| view! {
                <Pager
                    page=Signal::derive(move || query.read().page)
                    page_count=Signal::derive(move || page().page_count())
                    total=Signal::derive(move || page().total_count)
                    on_page=Callback::new(move |number| {
                        chosen_page.set((search.get_untracked(), filter.get_untracked(), number))
                    })
                />
            })}
        }
    };
    let body_view = move || {
        match body.get() {
        Body::Loading => view! { <p class="page-loading" role="status">"Loading ..."</p> }.into_any(),
        Body::SignIn => sign_in.page_view().into_any(),
        Body::Unavailable(message) => view! {
            <Alert kind=AlertKind::Info title="No service accounts here" id="sa-unavailable-title">
                <p class="alert__body">{message}</p>
            </Alert>
        }
        .into_any(),
        Body::Failed(message) => view! {
            {filters}
            <ErrorAlert
                title="Could not load service accounts"
                message
                on_retry=Callback::new(move |()| accounts.refetch())
            />
        }
        .into_any(),
        Body::ReadOnly(message) => super::read_only(message),
        Body::Empty => view! {
            <div class="empty-state">
                <p class="empty-state__title">"You haven't created any service accounts yet"</p>
                <Show
                    when=move || can_add.get()
                    fallback=|| view! {
                        <p class="empty-state__note">"An Admin of this organization can add them."</p>
                    }
                >
                    <button
                        type="button"
                        class="btn btn--primary btn--large"
                        on:click=move |_| creation.open().run(())
                    >
                        "Add service account"
                    </button>
                </Show>
            </div>
        }
        .into_any(),
        Body::List => view! {
            {filters}
            {table}
        }
        .into_any(),
    }
    };

    view! {
        <div class="page">
            <AccountsHeader title="Service accounts".to_string() />
            <main class="page-body">{export_button} {body_view}</main>
            {export.map(Export::dialog)}
            {creation.dialog()}
            {actions.dialog()}
            {token_creation.dialogs(config.grafana_root(&browser::origin()))}
        </div>
    }
    .into_any()
}
