"""Every route × every role × own/foreign object, driven by one table.

A route in ``app.url_map`` without an entry here fails the test, so a new endpoint cannot ship
without deciding who may call it. Expectations: 401 anonymous on protected routes, 403 for a
role not listed, 404 for another party's object, and for the caller's own object anything but
401/403/404 (2xx for GETs whose every path parameter names a real object). A POST on a foreign
object may also answer 400/422: flask-smorest validates the body before the view looks the
object up, and an empty body reveals nothing about the object.
"""

from __future__ import annotations

import re

from tests.support.authz_world import ROLES, A, C, E, I, W, build_world

PUBLIC, ANY = "public", "any"
P = "/api/v1"
K = "/contracts/<string:contract_id>"
ROUTES = {
    ("GET", "/healthz"): PUBLIC, ("GET", "/readyz"): PUBLIC,
    ("GET", P + "/docs"): PUBLIC, ("GET", P + "/openapi.json"): PUBLIC,
    ("POST", P + "/auth/login"): PUBLIC, ("POST", P + "/auth/register"): PUBLIC,
    ("POST", P + "/auth/refresh"): ANY, ("POST", P + "/auth/logout"): ANY,
    ("GET", P + "/ledger/checkpoint"): PUBLIC, ("POST", P + "/ledger/cosignatures"): PUBLIC,
    ("GET", P + "/ledger/entries"): PUBLIC, ("GET", P + "/ledger/key"): PUBLIC,
    ("GET", P + "/ledger/proof/consistency"): PUBLIC, ("GET", P + "/ledger/proof/inclusion"): PUBLIC,
    ("POST", P + "/pay/preview"): PUBLIC,
    ("GET", P + "/me"): ANY, ("GET", P + "/notifications"): ANY,
    ("POST", P + "/notifications/<string:notification_id>/read"): ANY,
    ("POST", P + "/devices/push-token"): ANY, ("DELETE", P + "/devices/push-token"): ANY,
    ("GET", P + "/me/access-log"): (W,),
    ("GET", P + "/me/location-consent"): (W, E), ("PUT", P + "/me/location-consent"): (W, E),
    ("GET", P + "/admin/job-runs"): (A,),
    ("GET", P + "/alerts"): (C, I, E, W), ("GET", P + "/alerts/<string:alert_id>"): (C, I, E, W),
    ("GET", P + "/alerts/<string:alert_id>/evidence"): (C, I, E, W),
    ("POST", P + "/alerts/<string:alert_id>/actions"): (C,),
    ("GET", P + "/cases/contracts/<string:contract_id>"): (C, I),
    ("GET", P + "/reports"): (W,), ("POST", P + "/reports"): (W,),
    ("GET", P + "/webhooks"): (C, I), ("POST", P + "/webhooks"): (C, I),
    ("GET", P + "/webhooks/<string:endpoint_id>"): (C, I), ("DELETE", P + "/webhooks/<string:endpoint_id>"): (C, I),
    ("GET", P + "/webhooks/<string:endpoint_id>/deliveries"): (C, I),
    ("GET", P + "/workplaces"): (E,), ("POST", P + "/workplaces"): (E,),
    ("GET", P + "/workplaces/<string:workplace_id>"): (E,), ("PATCH", P + "/workplaces/<string:workplace_id>"): (E,),
    ("GET", P + "/devices"): (W, E), ("POST", P + "/devices"): (W, E),
    ("GET", P + "/devices/<string:key_id>"): (W, E), ("DELETE", P + "/devices/<string:key_id>"): (W, E),
    ("POST", P + "/devices/<string:key_id>/revoke"): (W, E),
    ("GET", P + "/contracts"): (W, E), ("POST", P + "/contracts"): (E,),
    ("GET", P + K): (W, E), ("GET", P + K + "/receipt"): (W, E),
    ("POST", P + K + "/amendments"): (W, E), ("POST", P + K + "/terminations"): (W, E),
    ("GET", P + K + "/disputes"): (W, E), ("POST", P + K + "/disputes"): (W, E),
    ("POST", P + K + "/disputes/<string:dispute_id>:withdraw"): (W, E),
    ("GET", P + K + "/hours.csv"): (W,), ("GET", P + K + "/hours.html"): (W,),
    ("POST", P + K + "/insurance-reports"): (E,),
    ("GET", P + K + "/periods"): (W, E), ("POST", P + K + "/periods"): (W, E),
    ("GET", P + K + "/periods:body"): (W, E),
    ("GET", P + K + "/shifts"): (W, E), ("POST", P + K + "/shifts"): (E,),
    ("POST", P + K + "/shifts:confirm"): (E,),
    ("GET", P + K + "/shifts/<string:shift_id>"): (W, E),
    ("POST", P + K + "/shifts/<string:shift_id>/corrections"): (W, E),
    ("GET", P + K + "/shifts/<string:shift_id>/receipt"): (W, E),
    ("POST", P + K + "/shifts/<string:shift_id>/versions/<string:version_id>:accept"): (W, E),
    ("GET", P + K + "/statements"): (W, E),
    ("GET", P + K + "/statements/<string:statement_id>"): (W, E),
    ("GET", P + K + "/statements/<string:statement_id>/document"): (W, E),
    ("POST", P + K + "/statements/<string:statement_id>/payments"): (E,),
    ("POST", P + K + "/statements/<string:statement_id>/payments/<string:payment_id>/answer"): (W,),
    ("GET", P + K + "/time-events"): (W, E), ("POST", P + K + "/time-events"): (W,),
    ("POST", P + K + "/time-events:batch"): (W,),
    ("GET", P + K + "/versions/<int:number>"): (W, E), ("POST", P + K + "/versions/<int:number>/decline"): (W, E),
    ("POST", P + K + "/versions/<int:number>/dispute"): (W,),
    ("GET", P + K + "/versions/<int:number>/document"): (W, E),
    ("POST", P + K + "/versions/<int:number>/signatures"): (W, E),
    ("GET", P + K + "/versions/<int:number>/signing-payload"): (W, E),
    ("POST", P + K + "/versions/<int:number>/withdraw"): (W, E),
}
MONTH = "?from=2026-10-01&to=2026-10-31"
QUERY = {P + K + "/shifts": MONTH, P + K + "/time-events": MONTH, P + K + "/hours.csv": MONTH,
         P + K + "/hours.html": MONTH, P + K + "/periods:body": "?start=2026-10-01&end=2026-10-31"}
FAKE_DOCUMENT = {P + K + "/statements/<string:statement_id>/document"}  # the test statement is not renderable
NO_OWN_CALL = {("POST", P + "/auth/logout"), ("POST", P + "/auth/refresh")}  # would end the caller's session
PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
DUMMY = "00000000-0000-4000-8000-000000000000"


def _routes(app):
    return {(m, r.rule) for r in app.url_map.iter_rules() for m in r.methods - {"HEAD", "OPTIONS"}}


def _path(rule: str, ids: dict) -> str:
    path = PARAM.sub(lambda m: str(ids.get(m.group(1), 1 if m.group(1) == "number" else DUMMY)), rule)
    return path + QUERY.get(rule, "")


def _call(client, method, path, headers=None):
    body = {} if method in ("POST", "PUT", "PATCH") else None
    return client.open(path, method=method, json=body, headers=headers or {}).status_code


def test_every_route_has_a_matrix_entry(app):
    routes = _routes(app)
    assert routes - set(ROUTES) == set(), "add these routes to the authorization matrix"
    assert set(ROUTES) - routes == set(), "these matrix entries name routes that no longer exist"


def test_matrix(app, api):
    accounts, own, foreign = build_world(app, api)
    client, failures = api.client, []

    def expect(ok, method, rule, who, what, status):
        if not ok:
            failures.append(f"{method} {rule} as {who} ({what}): {status}")

    protected = [(m, r, roles) for (m, r), roles in sorted(ROUTES.items()) if roles != PUBLIC]
    for method, rule, roles in protected:
        status = _call(client, method, _path(rule, {}))
        expect(status == 401, method, rule, "anonymous", "401", status)
    for method, rule, roles in protected:
        for role in ROLES if roles != ANY else ():
            if role not in roles:
                status = _call(client, method, _path(rule, own[role]), accounts[role].headers)
                expect(status == 403, method, rule, role, "wrong role → 403", status)
    for method, rule, roles in protected:
        for role in roles if roles != ANY else ():
            params = set(PARAM.findall(rule))
            if not params & set(foreign[role]):
                continue
            path = _path(rule, {**own[role], **foreign[role]})
            status = _call(client, method, path, accounts[role].headers)
            allowed = {404} | ({400, 422} if method in ("POST", "PUT", "PATCH") else set())
            expect(status in allowed, method, rule, role, "foreign → 404", status)
    ordered = sorted(protected, key=lambda x: x[0] == "DELETE")  # deletions last
    for method, rule, roles in ordered:
        for role in (roles if roles != ANY else ROLES):
            if (method, rule) in NO_OWN_CALL:
                continue
            path = _path(rule, own[role])
            status = _call(client, method, path, accounts[role].headers)
            real = set(PARAM.findall(rule)) <= set(own[role]) | {"number"} and rule not in FAKE_DOCUMENT
            ok = 200 <= status < 300 if method == "GET" and real else status not in (401, 403) and (
                status != 404 or not real)
            expect(ok, method, rule, role, "own", status)
    assert not failures, "\n".join(failures)
