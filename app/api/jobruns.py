"""/admin/job-runs: every scheduled job run (started, finished, counts, errors), for admins."""

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.docs import BEARER
from app.api.statements_schemas import JobRunQuerySchema, JobRunSchema
from app.security import roles_required
from app.services import jobruns

blp = Blueprint("jobruns", __name__, url_prefix="/admin/job-runs", description="Scheduled job runs")


@blp.route("")
class JobRuns(MethodView):
    @roles_required("admin")
    @blp.arguments(JobRunQuerySchema, location="query")
    @blp.response(200, JobRunSchema(many=True))
    @blp.doc(security=BEARER)
    def get(self, args):
        """The latest runs, newest first (optionally of one job)."""
        return jobruns.recent(args.get("job"), args["limit"])
