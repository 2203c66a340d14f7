"""Factories: users, tokens and workplaces created through the API, like the apps do."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


@dataclass
class Account:
    id: str
    role: str
    email: str
    access: str
    refresh: str
    headers: dict = field(default_factory=dict)


class ApiDriver:
    def __init__(self, client):
        self.client = client

    def register(self, role: str = "worker", **extra) -> tuple[str, str]:
        n = next(_seq)
        email = extra.pop("email", f"{role}{n}@example.kr")
        body = {"role": role, "email": email, "password": PASSWORD, "name": f"{role} {n}"}
        if role == "worker":
            body["birth_date"] = "1999-04-01"
        body.update(extra)
        resp = self.client.post("/api/v1/auth/register", json=body)
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()["id"], email

    def login(self, email: str, password: str = PASSWORD):
        return self.client.post("/api/v1/auth/login", json={"email": email, "password": password})

    def account(self, role: str = "worker", **extra) -> Account:
        if role in ("worker", "employer"):
            user_id, email = self.register(role, **extra)
        else:
            user_id, email = self.operator_user(role, **extra)
        tokens = self.login(email).get_json()
        return Account(
            user_id, role, email, tokens["access_token"], tokens["refresh_token"],
            {"Authorization": "Bearer " + tokens["access_token"]},
        )

    def operator_user(self, role: str, **extra) -> tuple[str, str]:
        from app.services import accounts

        n = next(_seq)
        email = extra.get("email", f"{role}{n}@seoul.go.kr")
        with self.client.application.app_context():
            user = accounts.create_user(
                accounts.NewAccount(role=role, password=PASSWORD, name=f"{role} {n}", email=email),
                operator=True,
            )
            return user.id, email

    def workplace(self, employer: Account, **extra) -> dict:
        body = {
            "name": "카페 노무사",
            "business_number": "220-81-62517",
            "address": "서울특별시 마포구 월드컵로 1",
            "district": "마포구",
            "employee_count": 3,
            "employee_count_since": "2026-01-01",
        }
        body.update(extra)
        resp = self.client.post("/api/v1/workplaces", json=body, headers=employer.headers)
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()
