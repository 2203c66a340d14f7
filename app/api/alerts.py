"""/alerts: the compliance alert feed, one alert with its history and evidence, case work;
/cases/contracts/{id}: a contract's content as far as an alert covers it (center, insurer).

The cursor contract (``?after=``) is documented in ``app.services.feed``: alerts whose current
seq is after the cursor, in change order; an alert that changes reappears with its new seq.
"""

from flask.views import MethodView

from app.api.alerts_schemas import (
    ActionSchema,
    AlertDetailSchema,
    CaseContractSchema,
    EvidenceSchema,
    FeedQuery,
    FeedSchema,
)
from app.api.blueprint import Blueprint
from app.api.docs import BEARER, CONFLICT
from app.clock import now
from app.security import current_user, roles_required
from app.services import casework, feed, reports

blp = Blueprint("alerts", __name__, url_prefix="/alerts", description="Labor rights alert feed and case work")
cases = Blueprint("cases", __name__, url_prefix="/cases", description="Case files, as far as an alert covers them")
BLUEPRINTS = [blp, cases]
READERS = ("center", "insurer", "employer", "worker")


@blp.route("")
class Alerts(MethodView):
    @roles_required(*READERS)
    @blp.arguments(FeedQuery, location="query")
    @blp.response(200, FeedSchema)
    @blp.doc(security=BEARER)
    def get(self, args):
        """The alerts the caller may see: newest first, or after a cursor in change order."""
        args["from"] = args.pop("from_", None)
        return feed.listing(current_user(), args, now())


@blp.route("/<string:alert_id>")
class AlertItem(MethodView):
    @roles_required(*READERS)
    @blp.response(200, AlertDetailSchema)
    @blp.doc(security=BEARER)
    def get(self, alert_id):
        """One alert with its history (inspector notes for center users only)."""
        return feed.detail(current_user(), alert_id, now())


@blp.route("/<string:alert_id>/evidence")
class AlertEvidence(MethodView):
    @roles_required(*READERS)
    @blp.response(200, EvidenceSchema)
    @blp.doc(security=BEARER)
    def get(self, alert_id):
        """The ledger bundles the alert rests on, each verifiable offline with `python -m ledger verify`."""
        return feed.evidence_for(current_user(), alert_id, now())


@blp.route("/<string:alert_id>/actions")
class AlertActions(MethodView):
    @roles_required("center")
    @blp.arguments(ActionSchema)
    @blp.response(200, AlertDetailSchema)
    @blp.alt_response(409, response=CONFLICT)
    @blp.doc(security=BEARER)
    def post(self, data, alert_id):
        """Case work: acknowledge, assign, note, resolve, dismiss or reopen (reason required to close)."""
        user = current_user()
        alert = casework.act(user, alert_id, data, now())
        return feed.detail(user, alert.id, now())


@cases.route("/contracts/<string:contract_id>")
class CaseContract(MethodView):
    @roles_required("center", "insurer")
    @cases.response(200, CaseContractSchema)
    @cases.doc(security=BEARER)
    def get(self, contract_id):
        """A contract's content, only when an alert or the worker's report covers it (else 404); logged."""
        return reports.cases_contract(current_user(), contract_id, now())
