"""PostgreSQL going away under a running app (a TCP proxy cut and restored): requests that need the
database answer 503 problem+json with Retry-After (never 500), /readyz is 503, and once the proxy
is back the very next request is a 200 without any restart (pool_pre_ping)."""

from __future__ import annotations

import socket
import threading

import pytest
import sqlalchemy as sa

from tests.faults import support
from tests.support import db as dbsupport
from tests.support.factories import ApiDriver


class Proxy:
    """127.0.0.1:<port> → target, one thread per direction; ``cut`` drops the listener and every link."""

    def __init__(self, target: tuple[str, int]):
        self.target, self.port = target, support.free_port()
        self.lock, self.links, self.listener, self.thread = threading.Lock(), set(), None, None

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self.listener = listener
        self.thread = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self.thread.start()

    def _accept(self, listener) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.links |= {client, upstream}
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, src, dst) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self) -> None:
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() blocked in the other thread (Linux)
        except OSError:
            pass
        self.listener.close()
        self.thread.join(timeout=5)
        with self.lock:
            links, self.links = self.links, set()
        for s in links:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()


def _unavailable(resp) -> None:
    assert resp.status_code == 503, (resp.status_code, resp.get_data(as_text=True)[:500])
    assert resp.mimetype == "application/problem+json"
    assert int(resp.headers["Retry-After"]) > 0
    assert resp.get_json()["status"] == 503


@pytest.mark.slow
def test_database_cut_is_503_then_recovers_by_itself(backend, pg_server, tmp_path):
    if backend != "postgresql":
        pytest.skip("a network cut needs a database server")
    from app import create_app
    from app.database import head_revision, metadatas
    from app.extensions import db

    url = dbsupport.fresh_database(backend, tmp_path, pg_server, metadatas())
    direct = sa.create_engine(url)
    with direct.begin() as conn:  # at the migration head, so /readyz can say ready
        conn.execute(sa.text("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
        conn.execute(sa.text("DELETE FROM alembic_version"))
        conn.execute(sa.text("INSERT INTO alembic_version VALUES (:v)"), {"v": head_revision()})
    direct.dispose()

    target = sa.engine.make_url(url)
    proxy = Proxy((target.host or "127.0.0.1", target.port or 5432))
    proxy.start()
    proxied = target.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    app = create_app(support.settings(proxied, tmp_path).with_(testing=True))
    client = app.test_client()
    try:
        api = ApiDriver(client)
        boss = api.account("employer")
        wp = api.workplace(boss)
        assert client.get("/readyz").status_code == 200
        assert client.get("/api/v1/workplaces", headers=boss.headers).status_code == 200

        proxy.cut()
        for _ in range(2):  # the pooled connection is dead, and so is every new one
            _unavailable(client.get("/api/v1/workplaces", headers=boss.headers))
            _unavailable(client.get(f"/api/v1/workplaces/{wp['id']}", headers=boss.headers))
            _unavailable(client.post("/api/v1/auth/login", json={"email": boss.email, "password": support.PASSWORD}))
            _unavailable(client.get("/readyz"))

        proxy.start()
        resp = client.get("/api/v1/workplaces", headers=boss.headers)  # no retry: the pool reconnects
        assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
        assert [w["id"] for w in resp.get_json()] == [wp["id"]]
        assert client.get("/readyz").status_code == 200
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        proxy.cut()
