"""/reports: a worker sends their own case to the center, with explicit consent."""

from flask.views import MethodView

from app.api.alerts_schemas import ReportCreateSchema, ReportSchema
from app.api.blueprint import Blueprint
from app.api.docs import BEARER, NOT_FOUND
from app.clock import now
from app.security import current_user, roles_required
from app.services import reports

blp = Blueprint("reports", __name__, url_prefix="/reports", description="Workers' own reports to the center")


@blp.route("")
class Reports(MethodView):
    @roles_required("worker")
    @blp.response(200, ReportSchema(many=True))
    @blp.doc(security=BEARER)
    def get(self):
        """The caller's reports."""
        return reports.list_for(current_user())

    @roles_required("worker")
    @blp.arguments(ReportCreateSchema)
    @blp.response(201, ReportSchema)
    @blp.alt_response(404, response=NOT_FOUND)
    @blp.doc(security=BEARER)
    def post(self, data):
        """Send a contract's records to the center (consent: true); opens a worker_report alert."""
        return reports.create(current_user(), data, now())
