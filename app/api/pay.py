"""/pay: pay previews computed by the pure rules in app.labor (nothing is stored)."""

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.docs import TOO_MANY_REQUESTS
from app.api.pay_schemas import PayPreviewResultSchema, PayPreviewSchema
from app.labor import PayRequest, compute_pay
from app.security import rate_limited

blp = Blueprint("pay", __name__, url_prefix="/pay", description="Pay previews (임금 계산)")


@blp.route("/preview")
class PayPreview(MethodView):
    @rate_limited("pay-preview", "preview_requests_per_minute")
    @blp.arguments(PayPreviewSchema)
    @blp.response(200, PayPreviewResultSchema)
    @blp.alt_response(429, response=TOO_MANY_REQUESTS)
    def post(self, data):
        """Pay owed for one period of one contract: components, hours, violations, wage-statement lines."""
        return compute_pay(PayRequest.from_dict(data)).to_dict()
