"""/webhooks: center and insurer systems receive every alert change, signed (see app.services.webhooks)."""

from flask.views import MethodView

from app.api.alerts_schemas import DeliverySchema, WebhookCreatedSchema, WebhookCreateSchema, WebhookSchema
from app.api.blueprint import Blueprint
from app.api.docs import BEARER
from app.clock import now
from app.security import current_user, roles_required
from app.services import webhooks

blp = Blueprint("webhooks", __name__, url_prefix="/webhooks", description="Signed alert-change webhooks")
OWNERS = ("center", "insurer")


@blp.route("")
class Webhooks(MethodView):
    @roles_required(*OWNERS)
    @blp.response(200, WebhookSchema(many=True))
    @blp.doc(security=BEARER)
    def get(self):
        """The caller's endpoints (secrets are never shown again)."""
        return webhooks.list_for(current_user())

    @roles_required(*OWNERS)
    @blp.arguments(WebhookCreateSchema)
    @blp.response(201, WebhookCreatedSchema)
    @blp.doc(security=BEARER)
    def post(self, data):
        """Register an endpoint; a secret is generated unless given, and shown once."""
        endpoint, secret = webhooks.register(current_user(), data, now())
        return {**{k: getattr(endpoint, k) for k in WebhookSchema().fields}, "secret": secret}


@blp.route("/<string:endpoint_id>")
class WebhookItem(MethodView):
    @roles_required(*OWNERS)
    @blp.response(200, WebhookSchema)
    @blp.doc(security=BEARER)
    def get(self, endpoint_id):
        """One of the caller's endpoints."""
        return webhooks.get_for(current_user(), endpoint_id)

    @roles_required(*OWNERS)
    @blp.response(204)
    @blp.doc(security=BEARER)
    def delete(self, endpoint_id):
        """Stop delivering to this endpoint (pending deliveries are dropped)."""
        webhooks.delete(current_user(), endpoint_id, now())


@blp.route("/<string:endpoint_id>/deliveries")
class Deliveries(MethodView):
    @roles_required(*OWNERS)
    @blp.response(200, DeliverySchema(many=True))
    @blp.doc(security=BEARER)
    def get(self, endpoint_id):
        """Delivery state per alert change, newest first: attempts, next attempt, last HTTP status."""
        return webhooks.deliveries(current_user(), endpoint_id)
