"""The published Python client `grafana-client` against grafana-sim, through
the client's own API: what a script that manages service accounts and orgs
calls, as it calls it (trailing slash on create, paging until an empty page,
the version read from /api/frontend/settings).

Where the client and grafana-sim disagree, Grafana's source decides: the
expectations below are Grafana's answers (see grafana-sim/README.md).
"""

import uuid

import pytest
from grafana_client import GrafanaApi, TokenAuth
from grafana_client.client import GrafanaBadInputError, GrafanaClientError, GrafanaUnauthorizedError


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_health_and_version(sim, api: GrafanaApi):
    info = api.health.check()
    assert info["version"] == sim.full_version
    assert info["edition"] == "Open Source"
    assert info["hideVersion"] is False
    assert info["commit"]
    # The client reads the version once and strips any pre-release suffix.
    assert api.version == sim.full_version
    major, minor = (int(p) for p in sim.version.split(".")[:2])
    assert (api.get_version().major, api.get_version().minor) == (major, minor)


def test_health_needs_a_signed_in_caller(sim):
    anonymous = sim.api(auth=None)
    with pytest.raises(GrafanaUnauthorizedError) as e:
        anonymous.health.check()
    assert e.value.status_code == 401
    assert e.value.response == {"message": "Unauthorized"}


def test_current_user_and_its_orgs(api: GrafanaApi):
    me = api.user.get_actual_user()
    assert me["login"] == "admin"
    assert me["isGrafanaAdmin"] is True
    assert me["orgId"] == 1
    orgs = api.user.get_actual_user_organisations()
    assert {"orgId": 1, "name": "Main Org.", "role": "Admin"} in orgs
    assert {"orgId": 2, "name": "Platform", "role": "Admin"} in orgs
    assert api.organization.get_current_organization()["name"] == "Main Org."


def test_service_account_lifecycle(sim, api: GrafanaApi):
    name = unique("client-sa")
    # POST /api/serviceaccounts/ (trailing slash), 201 with the account.
    sa = api.serviceaccount.create({"name": name, "role": "Viewer"})
    assert sa["name"] == name
    assert sa["role"] == "Viewer"
    assert sa["orgId"] == 1
    assert sa["isDisabled"] is False
    sa_id = sa["id"]

    # Paged search: the client asks page 1, 2, … until a page is empty.
    pages = api.serviceaccount.search(perpage=2)
    assert pages[-1]["serviceAccounts"] == []
    assert all(p["perPage"] == 2 for p in pages)
    assert [p["page"] for p in pages] == list(range(1, len(pages) + 1))
    everyone = api.serviceaccount.search_all(perpage=2)
    names = [a["name"] for a in everyone]
    assert {name, "seeded-ci", "seeded-exporter"} <= set(names)
    assert "platform-ci" not in names, "another org's account"
    assert len(everyone) == pages[0]["totalCount"]
    assert api.serviceaccount.search_one(name)["id"] == sa_id

    # Read, then change the role.
    got = api.serviceaccount.get(sa_id)
    assert got["login"] == f"sa-1-{name}"
    assert got["accessControl"]["serviceaccounts:write"] is True
    updated = api.serviceaccount.update(sa_id, {"role": "Editor"})
    assert updated["message"] == "Service account updated"
    assert updated["serviceaccount"]["role"] == "Editor"
    with pytest.raises(GrafanaBadInputError) as e:
        api.serviceaccount.update(sa_id, {"role": "Boss"})
    assert e.value.status_code == 400
    assert e.value.response["message"] == "invalid role specified"

    # A token, shown once, works as a Bearer credential with the account's role.
    token = api.serviceaccount.create_token(sa_id, {"name": "ci", "secondsToLive": 3600})
    assert token["name"] == "ci"
    assert token["key"].startswith("glsa_")
    as_token = sim.api(auth=TokenAuth(token["key"]))
    assert as_token.organization.get_current_organization()["name"] == "Main Org."
    with pytest.raises(GrafanaClientError) as e:
        as_token.serviceaccount.search_all()
    assert e.value.status_code == 403

    listed = api.serviceaccount.get_tokens(sa_id)
    assert [t["name"] for t in listed] == ["ci"]
    assert listed[0]["id"] == token["id"]
    assert listed[0]["hasExpired"] is False
    assert listed[0]["expiration"]

    # The same name again: 400, in the org's one namespace of token names.
    with pytest.raises(GrafanaBadInputError) as e:
        api.serviceaccount.create_token(sa_id, {"name": "ci"})
    assert e.value.response["message"] == (
        "service account token with given name already exists in the organization"
    )

    # Deleted, the token no longer authenticates.
    assert api.serviceaccount.delete_token(sa_id, token["id"]) == {"message": "Service account token deleted"}
    assert api.serviceaccount.get_tokens(sa_id) == []
    with pytest.raises(GrafanaUnauthorizedError) as e:
        as_token.organization.get_current_organization()
    assert e.value.response["message"] == "Invalid API key"

    # The account goes, and is then not found (errutil body from 9.5).
    assert api.serviceaccount.delete(sa_id) == {"message": "Service account deleted"}
    with pytest.raises(GrafanaClientError) as e:
        api.serviceaccount.get(sa_id)
    assert e.value.status_code == 404
    assert e.value.response == {
        "statusCode": 404,
        "messageId": "serviceaccounts.ErrNotFound",
        "message": "service account not found",
    }


def test_orgs_create_add_user_list_find(api: GrafanaApi):
    name = unique("Client Org")
    created = api.organization.create_organization(name)
    assert created["message"] == "Organization created"
    org_id = created["orgId"]

    found = api.organization.find_organization(name)
    assert found["id"] == org_id
    assert found["name"] == name
    assert {"id": org_id, "name": name} in api.organizations.list_organization()

    added = api.organizations.organization_user_add(org_id, {"loginOrEmail": "ops", "role": "Editor"})
    assert added["message"] == "User added to organization"
    ops_id = added["userId"]
    with pytest.raises(GrafanaClientError) as e:
        api.organizations.organization_user_add(org_id, {"loginOrEmail": "ops", "role": "Editor"})
    assert e.value.status_code == 409

    users = api.organizations.organization_user_list(org_id)
    roles = {u["login"]: u["role"] for u in users}
    assert roles == {"admin": "Admin", "ops": "Editor"}, "the creator is the new org's Admin"
    assert all(u["orgId"] == org_id for u in users)

    assert api.organizations.organization_user_update(org_id, ops_id, "Viewer") == {
        "message": "Organization user updated"
    }
    users = api.organizations.organization_user_list(org_id)
    assert {u["login"]: u["role"] for u in users}["ops"] == "Viewer"

    assert api.organizations.organization_user_delete(org_id, ops_id) == {
        "message": "User removed from organization"
    }
    assert [u["login"] for u in api.organizations.organization_user_list(org_id)] == ["admin"]

    with pytest.raises(GrafanaClientError) as e:
        api.organization.find_organization(unique("no such org"))
    assert e.value.status_code == 404
    assert e.value.response == {"message": "Organization not found"}


def test_org_header_scopes_one_request_without_switching(sim, api: GrafanaApi):
    platform = sim.api(organization_id=2)
    assert platform.organization.get_current_organization()["name"] == "Platform"
    names = [a["name"] for a in platform.serviceaccount.search_all()]
    assert names == ["platform-ci"]
    # The user's current org is still org 1, for this client and a new one.
    assert platform.user.get_actual_user()["orgId"] == 1
    assert api.organization.get_current_organization()["name"] == "Main Org."
    # The org's users, for the org the header names.
    logins = {u["login"] for u in platform.organization.get_current_organization_users()}
    assert logins == {"admin", "ops"}
