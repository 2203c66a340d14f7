"""Device keys: register, list, revoke (lost phone), someone else's key is 404."""

import base64

import nacl.signing

from app.signing import fingerprint


def public_key(seed=b"\x01" * 32):
    return base64.b64encode(bytes(nacl.signing.SigningKey(seed).verify_key)).decode()


def test_register_list_and_revoke(api, client):
    worker = api.account("worker")
    resp = client.post(
        "/api/v1/devices", json={"name": "갤럭시", "public_key": public_key()}, headers=worker.headers
    )
    assert resp.status_code == 201
    key = resp.get_json()
    raw = base64.b64decode(public_key())
    assert key["fingerprint"] == fingerprint(raw) and key["active"] and key["revoked_at"] is None
    assert [k["id"] for k in client.get("/api/v1/devices", headers=worker.headers).get_json()] == [key["id"]]
    revoked = client.post(f"/api/v1/devices/{key['id']}/revoke", headers=worker.headers).get_json()
    assert revoked["revoked_at"] is not None and not revoked["active"]
    assert client.delete(f"/api/v1/devices/{key['id']}", headers=worker.headers).status_code == 204
    assert (
        client.get(f"/api/v1/devices/{key['id']}", headers=worker.headers).get_json()["revoked_at"]
        == revoked["revoked_at"]
    )


def test_url_safe_key_is_stored_canonically_and_once(api, client):
    boss = api.account("employer")
    url_safe = public_key(b"\xfb" * 32).replace("+", "-").replace("/", "_").rstrip("=")
    first = client.post("/api/v1/devices", json={"name": "a", "public_key": url_safe}, headers=boss.headers)
    assert first.status_code == 201 and first.get_json()["public_key"] == public_key(b"\xfb" * 32)
    again = client.post(
        "/api/v1/devices",
        json={"name": "b", "public_key": public_key(b"\xfb" * 32)},
        headers=api.account("worker").headers,
    )
    assert again.status_code == 409


def test_malformed_keys_are_400(api, client):
    worker = api.account("worker")
    for bad in ("not base64 at all!!!!!!!!!!!!!!!!!!!!!!!!!!", base64.b64encode(b"x" * 31).decode() + "AAAA"):
        resp = client.post("/api/v1/devices", json={"name": "x", "public_key": bad}, headers=worker.headers)
        assert resp.status_code == 400 and "public_key" in resp.get_json()["errors"]
    assert (
        client.post("/api/v1/devices", json={"public_key": public_key()}, headers=worker.headers).status_code
        == 400
    )


def test_someone_elses_device_is_404(api, client):
    owner, other = api.account("worker"), api.account("employer")
    key = client.post(
        "/api/v1/devices", json={"name": "p", "public_key": public_key(b"\x07" * 32)}, headers=owner.headers
    ).get_json()
    for method, path in (("get", ""), ("delete", ""), ("post", "/revoke")):
        resp = getattr(client, method)(f"/api/v1/devices/{key['id']}{path}", headers=other.headers)
        assert resp.status_code == 404
    assert client.get("/api/v1/devices", headers=other.headers).get_json() == []
    assert client.get(f"/api/v1/devices/{key['id']}", headers=owner.headers).get_json()["revoked_at"] is None


def test_operator_roles_cannot_register_devices(api, client):
    center = api.account("center")
    resp = client.post(
        "/api/v1/devices", json={"name": "p", "public_key": public_key()}, headers=center.headers
    )
    assert resp.status_code == 403
