"""A world where every role has objects of its own and another party has the same kinds:
the authorization matrix, the spec fuzzer and the security tests run against it."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.api.alerts_world import make_case, raise_alert
from tests.support.hours_factories import active_contract, phone

W, E, C, I, A = "worker", "employer", "center", "insurer", "admin"  # noqa: E741
ROLES = (W, E, C, I, A)


def _endpoint(app, owner, audience) -> str:
    from app.extensions import db
    from app.models.webhooks import WebhookEndpoint

    with app.app_context():
        row = WebhookEndpoint(owner_id=owner.id, audience=audience, url="https://hooks.example.org/x",
                              secret="s" * 32, created_at=datetime.now(UTC))
        db.session.add(row)
        db.session.commit()
        return row.id


def build_world(app, api):
    """Accounts of every role, and per role the ids of its own objects and of another party's."""
    case, other = make_case(app, api), make_case(app, api, district="강남구")
    accounts = {W: case.worker, E: case.employer, C: api.account(C), I: api.account(I), A: api.account(A)}
    twin = {C: api.account(C), I: api.account(I)}
    insurance = raise_alert(app, "missing_insurance", f"missing_insurance:{case.contract_id}:employment",
                            workplace_id=case.workplace["id"], contract_id=case.contract_id,
                            worker_id=case.worker.id, district="마포구")
    bare = active_contract(app, other.employer.id, other.worker.id, other.workplace["id"])
    common = {"contract_id": case.contract_id, "alert_id": insurance, "workplace_id": case.workplace["id"],
              "statement_id": case.statement_id}
    own = {role: dict(common) for role in ROLES}
    foreign = {role: {} for role in ROLES}
    for role in (W, E):
        mine, theirs = phone(app, accounts[role].id), phone(app, getattr(other, role).id)
        own[role]["key_id"] = mine.key_id
        foreign[role] = {"contract_id": other.contract_id, "alert_id": other.alert_id, "key_id": theirs.key_id,
                         "workplace_id": other.workplace["id"], "statement_id": other.statement_id}
    for role in (C, I):
        own[role]["endpoint_id"] = _endpoint(app, accounts[role], role)
        foreign[role] = {"endpoint_id": _endpoint(app, twin[role], role), "contract_id": bare}
    foreign[I]["alert_id"] = other.alert_id  # wage arrears: not an insurance kind
    return accounts, own, foreign
