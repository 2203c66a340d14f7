"""City-scale benchmark: a synthetic Seoul (25 districts) in PostgreSQL, then the monthly jobs.

    .venv/bin/python bench/city.py                      # --scale 0.001: 1,000 contracts, 100 workplaces
    .venv/bin/python bench/city.py --scale 0.01         # 10,000 contracts, 1,000 workplaces
    .venv/bin/python bench/city.py --scale 1.0          # 1,000,000 active contracts, 100,000 workplaces

``--scale 1.0`` is Seoul-sized: 1,000,000 active contracts at 100,000 workplaces (about ten a
workplace), each with a co-signed contract version and a month (March 2026) of logged weekday
shifts (about 22, 10:00-14:30 with a 30-minute break, some running late); half the contracts
have their shifts confirmed by the employer (a signature row), and the clock events of the last
day (two per contract) were received that day. Rows go in with COPY (psycopg 3), after the
schema is migrated with the app's own migration, so every production index is there.

Then, timed one after the other on the same database, with the app's own services:

1. close-pay-periods on 2026-04-01: one 임금명세서 per contract for March (ledger commitments,
   notifications, claims);
2. payments: 7/8 of the statements are marked paid in full (one UPDATE, not timed as a stage);
3. scan-arrears on 2026-04-20: an arrears alert for each unpaid statement (the other 1/8);
4. anchor-hours for 2026-03-31: one ledger commitment per contract for that day's clock events;
5. publish-checkpoint: one signed checkpoint over the whole ledger.

Reported per stage: units, seconds, units/s, the CPU seconds of this (the app's) process, the
1-minute load average (the machine may be shared) and the peak RSS of the process during the stage
(VmHWM, reset before each stage through /proc/self/clear_refs). Extrapolation to scale 1.0 is
printed beside the measurement: time = units at 1.0 / measured rate (linear: per-unit cost
constant, which holds while the indexes stay in memory; see docs/BENCHMARKS.md).
The database named by --database-url is emptied (its public schema is dropped). Loopback only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/nomusa_bench"
FULL_CONTRACTS, FULL_WORKPLACES = 1_000_000, 100_000
DISTRICTS = ("종로구", "중구", "용산구", "성동구", "광진구", "동대문구", "중랑구", "성북구", "강북구", "도봉구",
             "노원구", "은평구", "서대문구", "마포구", "양천구", "강서구", "구로구", "금천구", "영등포구", "동작구",
             "관악구", "서초구", "강남구", "송파구", "강동구")
MONTH, CLOSE_DAY, ARREARS_DAY = date(2026, 3, 1), date(2026, 4, 1), date(2026, 4, 20)
ANCHOR_DAY = date(2026, 3, 31)
SEOUL_OFFSET = timedelta(hours=9)
SCHEDULE = [{"day": d, "start": "10:00", "end": "14:30", "break_minutes": 30} for d in ("MON", "TUE", "WED", "THU", "FRI")]
HOURLY = 10_320  # 2026 최저임금


def uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def weekdays(month: date) -> list[date]:
    days, day = [], month
    while day.month == month.month:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - SEOUL_OFFSET


USERS = ("id", "role", "password_hash", "name", "birth_date", "created_at")
KEYS = ("id", "user_id", "name", "public_key", "fingerprint", "created_at")
CONTRACTS = ("id", "workplace_id", "employer_id", "worker_id", "status", "start_date", "pay_period", "created_at",
             "updated_at", "activated_at")
VERSIONS = ("id", "contract_id", "number", "kind", "status", "effective_from", "terms", "created_by", "created_at",
            "signed_at")
SIGNATURES = ("id", "contract_id", "purpose", "party", "user_id", "device_key_id", "signature", "body", "signed_at")
SHIFTS = ("id", "contract_id", "day", "origin", "status", "clock_in_event_id", "confirmation_id", "created_at",
          "updated_at")
SHIFT_VERSIONS = ("id", "shift_id", "number", "kind", "state", "start", "end", "break_minutes", "breaks", "author_id",
                  "author_party", "created_at")
EVENTS = ("id", "contract_id", "event_id", "type", "occurred_at", "received_at", "device_key_id", "signature",
          "message_hash", "flags", "shift_id")


def copy_rows(cur, table: str, columns: tuple[str, ...], rows: list[tuple]) -> int:
    """COPY ``rows`` into ``table`` (one COPY at a time on a connection)."""
    quoted = ", ".join(f'"{c}"' for c in columns)
    with cur.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    return len(rows)


def generate(url: str, scale: float, seed: int = 2026) -> dict:
    """Insert the synthetic city in batches of 5,000 contracts; returns row counts."""
    import psycopg

    rng = random.Random(seed)
    n_contracts = max(1, round(FULL_CONTRACTS * scale))
    n_workplaces = max(1, round(FULL_WORKPLACES * scale))
    created = datetime(2026, 2, 20, tzinfo=UTC)
    employers = [uid(rng) for _ in range(n_workplaces)]
    workplaces = [uid(rng) for _ in range(n_workplaces)]
    employer_keys = [uid(rng) for _ in range(n_workplaces)]
    size = [0] * n_workplaces
    for i in range(n_contracts):
        size[i % n_workplaces] += 1
    counts = {"workplaces": n_workplaces, "contracts": 0, "shifts": 0, "time_events": 0, "signatures": 0}
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        copy_rows(cur, "users", USERS, [(e, "employer", "x", "사장", None, created) for e in employers])
        copy_rows(cur, "device_keys", KEYS, [(k, e, "phone", os.urandom(32).hex()[:43], "0" * 64, created)
                                             for e, k in zip(employers, employer_keys, strict=True)])
        copy_rows(cur, "workplaces", ("id", "employer_id", "name", "business_number", "address", "district",
                                      "created_at", "updated_at"),
                  [(w, e, f"가게 {i}", str(2208162517 + i)[:10], f"서울 {DISTRICTS[i % 25]}", DISTRICTS[i % 25],
                    created, created) for i, (w, e) in enumerate(zip(workplaces, employers, strict=True))])
        copy_rows(cur, "workplace_employee_counts", ("id", "workplace_id", "count", "since", "declared_at"),
                  [(uid(rng), w, max(size[i], 1), date(2020, 1, 1), created) for i, w in enumerate(workplaces)])
        conn.commit()
        for first in range(0, n_contracts, 5000):
            tables = _contract_batch(rng, range(first, min(first + 5000, n_contracts)), employers, workplaces,
                                     employer_keys, created)
            for table, (columns, rows) in tables.items():
                copy_rows(cur, table, columns, rows)
            conn.commit()
            counts["contracts"] += len(tables["contracts"][1])
            counts["shifts"] += len(tables["shifts"][1])
            counts["time_events"] += len(tables["time_events"][1])
            counts["signatures"] += len(tables["hours_signatures"][1])
        cur.execute("ANALYZE")
        conn.commit()
    return counts


def _contract_batch(rng, indices, employers, workplaces, employer_keys, created) -> dict:
    terms = json.dumps({"start_date": MONTH.isoformat(), "schedule": SCHEDULE, "pay_day": "10",
                        "wage": {"type": "hourly", "amount": HOURLY}})
    signed = datetime(2026, 2, 25, tzinfo=UTC)
    t = {name: (cols, []) for name, cols in (
        ("users", USERS), ("device_keys", KEYS), ("contracts", CONTRACTS), ("contract_versions", VERSIONS),
        ("hours_signatures", SIGNATURES), ("shifts", SHIFTS), ("shift_versions", SHIFT_VERSIONS),
        ("time_events", EVENTS))}
    add = {name: rows.append for name, (_, rows) in t.items()}
    for i in indices:
        w = i % len(workplaces)
        worker, key, contract, confirm = uid(rng), uid(rng), uid(rng), None
        add["users"]((worker, "worker", "x", "근로자", date(1995 + i % 10, 1 + i % 12, 1 + i % 28), created))
        add["device_keys"]((key, worker, "phone", os.urandom(32).hex()[:43], "0" * 64, created))
        add["contracts"]((contract, workplaces[w], employers[w], worker, "active", MONTH, "monthly", created,
                          created, signed))
        add["contract_versions"]((uid(rng), contract, 1, "original", "signed", MONTH, terms, employers[w], created,
                                  signed))
        if i % 2 == 0:  # half the employers confirmed the month's shifts (one signature each)
            confirm = uid(rng)
            add["hours_signatures"]((confirm, contract, "shift-confirm", "employer", employers[w], employer_keys[w],
                                     "x", "{}", datetime(2026, 3, 31, 12, tzinfo=UTC)))
        for day in weekdays(MONTH):
            shift, clock_in = uid(rng), uid(rng)
            start = utc(day, 10, rng.choice((0, 0, 0, 5)))
            end = utc(day, 14, rng.choice((30, 30, 30, 45, 59)))
            add["shifts"]((shift, contract, day, "logged", "confirmed" if confirm else "logged", clock_in, confirm,
                           start, end))
            add["shift_versions"]((uid(rng), shift, 1, "logged", "current", start, end, 30, "[]", worker, "worker",
                                   end))
            if day == ANCHOR_DAY:
                for event_id, kind, at in ((clock_in, "clock_in", start), (uid(rng), "clock_out", end)):
                    add["time_events"]((event_id, contract, uuid.UUID(event_id).hex, kind, at,
                                        at + timedelta(seconds=2), key, "x" * 88,
                                        hashlib.sha256(event_id.encode()).hexdigest(), "[]", shift))
    return t


# --- stages ------------------------------------------------------------------------------------

def reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_mib() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(name: str, units_key: str, fn) -> dict:
    reset_peak()
    began, cpu = time.perf_counter(), time.process_time()
    result = fn()
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    units = result[units_key] if isinstance(result, dict) else result
    row = {"stage": name, "units": units, "seconds": seconds, "rate": units / seconds if seconds else 0.0,
           "cpu": cpu, "peak_mib": peak_mib(), "result": result}
    print(f"  {name:20s} {units:>9,} units {seconds:8.1f} s {row['rate']:9.1f}/s  app CPU {cpu:.1f} s  "
          f"peak RSS {row['peak_mib']:.0f} MiB  load {os.getloadavg()[0]:.1f}", flush=True)
    return row


def run_stages(app, scale: float) -> list[dict]:
    import sqlalchemy as sa

    from app import clock
    from app.extensions import db
    from app.services import arrears, ledger, statements
    from app.services.hours import anchors

    out = []
    with app.app_context():
        now = clock.now()
        out.append(timed("close-pay-periods", "statements", lambda: statements.close_pay_periods(CLOSE_DAY, now)))
        db.session.execute(sa.text("UPDATE wage_statements SET paid = net WHERE right(id, 1) <> '0' "
                                   "AND right(id, 1) <> '1'"))  # 14/16 paid in full, 2/16 unpaid
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
        out.append(timed("scan-arrears", "opened", lambda: arrears.scan_arrears(ARREARS_DAY, now)))
        out.append(timed("anchor-hours", "anchored", lambda: anchors.anchor_day(ANCHOR_DAY, now)))
        out.append(timed("publish-checkpoint", "size", lambda: {"size": _publish(ledger, now)}))
        size = db.session.execute(sa.text("SELECT pg_database_size(current_database())")).scalar()
        db.session.remove()
        db.engine.dispose()
    print(f"  database size {size / 2**20:,.0f} MiB at scale {scale}")
    return out


def _publish(ledger, now) -> int:
    ledger.publish_checkpoint(now)
    return ledger.tree_size()


def report(scale: float, counts: dict, gen_seconds: float, stages: list[dict]) -> None:
    factor = 1.0 / scale
    print(f"\nscale {scale}: {counts['contracts']:,} contracts, {counts['workplaces']:,} workplaces, "
          f"{counts['shifts']:,} shifts, {counts['time_events']:,} clock events; generated in {gen_seconds:.0f} s")
    print("| stage | units | seconds | units/s | app CPU s | peak RSS MiB | extrapolated to scale 1.0 (one process) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    total = 0.0
    for row in stages:
        full_units = row["units"] * factor
        full = full_units / row["rate"] if row["rate"] and row["stage"] != "publish-checkpoint" else row["seconds"]
        total += full
        print(f"| {row['stage']} | {row['units']:,} | {row['seconds']:.1f} | {row['rate']:.1f} | {row['cpu']:.1f} | "
              f"{row['peak_mib']:.0f} | {full_units:,.0f} units ≈ {full / 60:,.0f} min |")
    print(f"| total | | {sum(r['seconds'] for r in stages):.1f} | | | ≈ {total / 3600:.1f} h |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=0.001)
    parser.add_argument("--database-url", default=os.environ.get("NOMUSA_BENCH_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        parser.error("the city benchmark runs on PostgreSQL")
    from flask_migrate import upgrade

    from app import create_app
    from app.config import Settings, normalize_database_url
    from app.extensions import db

    url = normalize_database_url(args.database_url)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(instance_dir=Path(tmp), database_url=url, secret_key="bench-city",
                                  ledger_key_file=Path(tmp) / "ledger.key"))
        with app.app_context():
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
            upgrade()
            db.session.remove()
        began = time.perf_counter()
        counts = generate(args.database_url.replace("+psycopg", ""), args.scale)
        gen_seconds = time.perf_counter() - began
        print(f"scale {args.scale}: generated {counts} in {gen_seconds:.0f} s", flush=True)
        stages = run_stages(app, args.scale)
    report(args.scale, counts, gen_seconds, stages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
