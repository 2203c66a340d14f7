"""/workplaces: an employer's workplaces."""

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.docs import BEARER
from app.api.workplaces_schemas import WorkplaceCreateSchema, WorkplacePatchSchema, WorkplaceSchema
from app.clock import now, today_seoul
from app.security import current_user, roles_required
from app.services import workplaces

blp = Blueprint("workplaces", __name__, url_prefix="/workplaces", description="Employers' workplaces")


def present(wp):
    """The workplace with the headcount that holds today (Asia/Seoul)."""
    latest = workplaces.declaration_on(wp, today_seoul())
    return {
        **{k: getattr(wp, k) for k in WorkplaceSchema().fields if hasattr(wp, k)},
        "employee_count": latest.count if latest else None,
        "employee_count_since": latest.since if latest else None,
        "employee_counts": wp.employee_counts,
    }


@blp.route("")
class Workplaces(MethodView):
    @roles_required("employer")
    @blp.response(200, WorkplaceSchema(many=True))
    @blp.doc(security=BEARER)
    def get(self):
        """The caller's workplaces."""
        return [present(wp) for wp in workplaces.list_owned(current_user())]

    @roles_required("employer")
    @blp.arguments(WorkplaceCreateSchema)
    @blp.response(201, WorkplaceSchema)
    @blp.doc(security=BEARER)
    def post(self, data):
        """Create a workplace with its declared regular headcount (상시근로자수)."""
        return present(workplaces.create(current_user(), data, now()))


@blp.route("/<string:workplace_id>")
class WorkplaceItem(MethodView):
    @roles_required("employer")
    @blp.response(200, WorkplaceSchema)
    @blp.doc(security=BEARER)
    def get(self, workplace_id):
        """One of the caller's workplaces (404 for anyone else's)."""
        return present(workplaces.get_owned(current_user(), workplace_id))

    @roles_required("employer")
    @blp.arguments(WorkplacePatchSchema)
    @blp.response(200, WorkplaceSchema)
    @blp.doc(security=BEARER)
    def patch(self, data, workplace_id):
        """Edit; a new employee_count adds a dated declaration and keeps the history."""
        return present(workplaces.update(current_user(), workplace_id, data, now()))
