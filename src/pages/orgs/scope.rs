//! The org the pages work in: read from `?orgId=` (else the user's current org), checked
//! against the user's memberships, and given to the pages below as a `Grafana` client that
//! sends `X-Grafana-Org-Id` on every request. The pages are mounted again for each org, so
//! nothing of one org (lists, permissions, capabilities, dialogs) can show under another's name.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api::{ApiError, Grafana};
use crate::browser;
use crate::components::{
    ErrorAlert, NotAMember, Notifications, OrgPicker, OrgRefusal, SessionMenu, SignOut,
    org_app_path,
};
use crate::domain::keys::Role;
use crate::domain::orgs::{
    ChosenOrg, Membership, OrgChoice, SignedInUser, UserOrgs, choose, path_after_switch,
    signed_in_text,
};
use crate::domain::query::org_id_in;
use crate::pages::{Load, SignInFlow};

/// What the pages are mounted for.
#[derive(Debug, Clone, PartialEq)]
enum Scope {
    Loading,
    /// Grafana answered 401: every route shows the sign-in, and nothing else.
    SignedOut,
    /// The orgs could not be read (signed out, or a failure, whose message is kept): the pages
    /// work in the org the URL names, else in the current org, and say what they meet.
    Unknown {
        asked: Option<i64>,
        error: Option<String>,
    },
    Chosen {
        org: ChosenOrg,
        user: UserOrgs,
    },
    NotMember {
        asked: i64,
        back: Option<Membership>,
        user: UserOrgs,
    },
}

/// Around the routes, inside the router: reads the user's orgs, resolves the org, and shows the
/// picker above the pages; each page is wrapped in `InOrg`. Expects the shell's `Grafana` (no
/// org) and `SignInFlow`.
#[component]
pub fn OrgScope(children: ChildrenFn) -> impl IntoView {
    let notifications = Notifications::expect();
    let base = expect_context::<Grafana>();
    let sign_in = SignInFlow::expect();
    let location = use_location();
    let navigate = use_navigate();

    let client = base.clone();
    let user_orgs = Load::new(move || {
        sign_in.track();
        let grafana = client.clone();
        async move { grafana.session().await }
    });
    // Who is signed in, for the session line.
    let login = Memo::new(move |_| match user_orgs.get() {
        Some(Ok((user, _))) => Some(user),
        _ => None,
    });
    // The org the URL names. An in-app link that lacks it keeps the org chosen before.
    let asked = Memo::new(move |before: Option<&Option<i64>>| {
        org_id_in(&location.search.get()).or(before.copied().flatten())
    });
    // ...and the URL gets it back, so a reload stays in that org.
    Effect::new(move |_| {
        if let Some(org_id) = asked.get()
            && org_id_in(&location.search.get()).is_none()
        {
            browser::replace_org_in_url(org_id);
        }
    });

    let scope = Memo::new(move |before: Option<&Scope>| match user_orgs.get() {
        // While the orgs load again (after a sign-in), what is mounted stays.
        None => before.cloned().unwrap_or(Scope::Loading),
        Some(Err(ApiError::Unauthorized(_))) => Scope::SignedOut,
        Some(Err(error)) => Scope::Unknown {
            asked: asked.get(),
            error: Some(error.to_string()),
        },
        Some(Ok((_, user))) => match choose(asked.get(), &user) {
            OrgChoice::Chosen(org) => Scope::Chosen { org, user },
            OrgChoice::NotMember { asked, back } => Scope::NotMember { asked, back, user },
        },
    });

    // Choosing an org is a navigation (a history entry: Back returns to the org before) to the
    // same view in that org; an account's page goes back to the list, its id being org-bound.
    let choose_org = Callback::new(move |org_id: i64| {
        let here = match scope.get_untracked() {
            Scope::Chosen { org, .. } => Some(org.id),
            _ => None,
        };
        if here == Some(org_id) {
            return;
        }
        // One org's notices say nothing about the next one.
        notifications.clear();
        // The entry being left names its org, so Back finds it there.
        if let Some(here) = here
            && org_id_in(&browser::location_search()).is_none()
        {
            browser::replace_org_in_url(here);
        }
        let base_path = browser::router_base();
        let pathname = location.pathname.get_untracked();
        let route = pathname.strip_prefix(&base_path).unwrap_or(&pathname);
        navigate(
            &org_app_path(path_after_switch(route), Some(org_id)),
            NavigateOptions {
                resolve: false,
                ..Default::default()
            },
        );
    });

    provide_context(Scoped {
        scope,
        base: base.clone(),
    });

    // Above the pages: who is signed in, the picker, and what is to be said about the org. The
    // overview is no org's view: what the current org refuses is not said there.
    let on_overview = move || {
        let pathname = location.pathname.get();
        pathname
            .strip_prefix(&browser::router_base())
            .unwrap_or(&pathname)
            == "/orgs"
    };
    let bar = move || match scope.get() {
        Scope::Loading | Scope::SignedOut => None,
        Scope::Unknown { error, .. } => error.map(|message| {
            view! {
                <div class="org-bar">
                    {session_menu(sign_in, login, None)}
                    <ErrorAlert
                        title="Could not load your organizations"
                        message
                        on_retry=Callback::new(move |()| user_orgs.refetch())
                    />
                </div>
            }
            .into_any()
        }),
        Scope::Chosen { org, user } => {
            let refusal = user
                .orgs
                .iter()
                .find(|member| member.org_id == org.id)
                .and_then(Membership::refusal)
                .filter(|_| !on_overview());
            let session_org = Some((org.name.clone(), org.role.clone()));
            Some(
                view! {
                    <div class="org-bar">
                        {session_menu(sign_in, login, session_org)}
                        <OrgPicker
                            orgs=user.orgs
                            chosen=Some(org.id)
                            on_choose=choose_org
                            overview_href=org_app_path("/orgs", org.in_url.then_some(org.id))
                        />
                        {refusal.map(|message| view! { <OrgRefusal message /> })}
                    </div>
                }
                .into_any(),
            )
        }
        Scope::NotMember { asked, back, user } => {
            let back = back.map(|org| {
                (
                    org_app_path("/org/apikeys", Some(org.org_id)),
                    org.name.clone(),
                )
            });
            Some(
                view! {
                    <div class="org-bar">
                        {session_menu(sign_in, login, None)}
                        <OrgPicker
                            orgs=user.orgs
                            chosen=None
                            on_choose=choose_org
                            overview_href=org_app_path("/orgs", None)
                        />
                        <NotAMember asked back />
                    </div>
                }
                .into_any(),
            )
        }
    };
    view! {
        {bar}
        {children()}
    }
}

/// Who is signed in (with the role in `org`, where one is chosen), and "Sign out".
fn session_menu(
    sign_in: SignInFlow,
    login: Memo<Option<SignedInUser>>,
    org: Option<(String, Role)>,
) -> impl IntoView {
    let user = Signal::derive(move || {
        login.read().as_ref().map(|user| {
            signed_in_text(user, org.as_ref().map(|(name, role)| (name.as_str(), role)))
        })
    });
    let sign_out = match sign_in.sign_out_link() {
        Some(href) => SignOut::Link(href),
        None => SignOut::Button {
            on_sign_out: Callback::new(move |()| sign_in.sign_out()),
            pending: sign_in.signing_out(),
        },
    };
    view! { <SessionMenu user sign_out /> }
}

/// The scope, for `InOrg`.
#[derive(Clone)]
struct Scoped {
    scope: Memo<Scope>,
    base: Grafana,
}

/// Around each routed page: mounts it again for each org, with a `Grafana` client in that org
/// and the `ChosenOrg` and `UserOrgs` as context. The routes themselves stay, so the router
/// completes its navigations.
#[component]
pub fn InOrg(children: ChildrenFn) -> impl IntoView {
    let Scoped { scope, base } = expect_context::<Scoped>();
    let sign_in = SignInFlow::expect();
    move || match scope.get() {
        Scope::Loading => {
            view! { <p class="page page-loading" role="status">"Loading ..."</p> }.into_any()
        }
        // Whatever the route, a signed-out user reads one thing: sign in.
        Scope::SignedOut => view! { <main class="page">{sign_in.page_view()}</main> }.into_any(),
        Scope::Unknown { asked, .. } => {
            provide_context(match asked {
                Some(org_id) => base.with_org(org_id),
                None => base.clone(),
            });
            children().into_any()
        }
        Scope::Chosen { org, user } => {
            provide_context(base.with_org(org.id));
            provide_context(org);
            provide_context(user);
            children().into_any()
        }
        // Said above the pages, with the way back.
        Scope::NotMember { .. } => ().into_any(),
    }
}
