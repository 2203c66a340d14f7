"""/me/access-log: who at the center or 근로복지공단 looked at my records, when and why (개인정보 보호법)."""

from flask.views import MethodView

from app.api.alerts_schemas import AccessLogSchema
from app.api.blueprint import Blueprint
from app.api.docs import BEARER
from app.security import current_user, roles_required
from app.services import access_audit

blp = Blueprint("access_log", __name__, url_prefix="/me", description="Who read my records")


@blp.route("/access-log")
class AccessLog(MethodView):
    @roles_required("worker")
    @blp.response(200, AccessLogSchema(many=True))
    @blp.doc(security=BEARER)
    def get(self):
        """Every read of the caller's records by a center or insurer user, newest first."""
        return access_audit.for_subject(current_user())
