"""close-pay-periods over N contract-months: contract-months/s and peak memory.

    .venv/bin/python bench/close_periods_bench.py --n 200              # SQLite (temp file)
    .venv/bin/python bench/close_periods_bench.py --n 200 --database-url postgresql://postgres@127.0.0.1:5432/bench
    .venv/bin/python bench/close_periods_bench.py --n 100000           # the full run

Each contract gets one month (March 2026) of generated weekday shifts, fed through the same seams
the service uses (``statements.pay_terms`` / ``statements.shifts_for_pay``), so the figure is
the job's own cost: streaming, claims, pay rules, ledger group append, notifications, one commit
per batch of 200.
Peak memory is tracemalloc's peak during the job (rows are generated before it starts); with
``--no-tracemalloc`` (tracemalloc slows this job ~5×) the process's peak RSS is shown instead.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from fractions import Fraction
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _seed(db, n: int) -> None:
    from app.models.accounts import User
    from app.models.base import new_id
    from app.models.contracts import Contract
    from app.models.workplaces import EmployeeCount, Workplace

    employer = User(role="employer", password_hash="x", name="사장")
    db.session.add(employer)
    db.session.flush()
    wp = Workplace(employer_id=employer.id, name="벤치", business_number="2208162517", address="서울", district="중구")
    wp.employee_counts.append(EmployeeCount(count=3, since=date(2020, 1, 1)))
    db.session.add(wp)
    db.session.commit()
    for start in range(0, n, 2000):
        users, contracts = [], []
        for _ in range(min(2000, n - start)):
            uid = new_id()
            users.append({"id": uid, "role": "worker", "password_hash": "x", "name": "근로자"})
            contracts.append({"id": new_id(), "workplace_id": wp.id, "employer_id": employer.id, "worker_id": uid,
                              "status": "active", "start_date": date(2026, 3, 1), "pay_period": "monthly"})
        db.session.execute(sa.insert(User), users)
        db.session.execute(sa.insert(Contract), contracts)
        db.session.commit()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--database-url")
    parser.add_argument("--no-tracemalloc", action="store_true", help="time without tracemalloc; peak RSS")
    args = parser.parse_args()

    from app import create_app
    from app.config import Settings, normalize_database_url
    from app.database import metadatas
    from app.extensions import db
    from app.labor import Contract as LaborContract
    from app.services import statements
    from tests.jobs.conftest import FakePayShifts, weekday_shifts

    tmp = Path(tempfile.mkdtemp())
    url = normalize_database_url(args.database_url or f"sqlite:///{tmp}/bench.db")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for m in metadatas():
            m.drop_all(conn)
            m.create_all(conn)
    engine.dispose()
    app = create_app(Settings(instance_dir=tmp, database_url=url, secret_key="bench",
                              ledger_key_file=tmp / "ledger.key", testing=True))
    month = weekday_shifts(date(2026, 3, 1), date(2026, 3, 31))
    terms = LaborContract(hourly_wage=Fraction(12000), weekly_scheduled_hours=Fraction(20),
                          scheduled_days=frozenset({"MON", "TUE", "WED", "THU", "FRI"}), start_date=date(2026, 3, 1))
    statements.pay_terms = lambda contract, day: terms
    statements.shifts_for_pay = lambda contract, start, end, pay_day: FakePayShifts(month)
    with app.app_context():
        _seed(db, args.n)
        db.session.remove()
        if not args.no_tracemalloc:
            tracemalloc.start()
        began = time.perf_counter()
        counts = statements.close_pay_periods(date(2026, 4, 1), __import__("app").clock.now(), progress_every=10**9)
        elapsed = time.perf_counter() - began
        if args.no_tracemalloc:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        else:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        db.session.remove()
        db.engine.dispose()
    backend = url.split(":", 1)[0]
    print(f"{backend} n={args.n} statements={counts['statements']} seconds={elapsed:.1f} "
          f"contract-months/s={counts['statements'] / elapsed:.1f} {'peak_RSS' if args.no_tracemalloc else 'peak'}_MiB={peak / 2**20:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
