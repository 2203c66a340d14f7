"""/notifications (stored per user) and /devices/push-token (the token on the caller's device key)."""

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.docs import BEARER, NOT_FOUND
from app.api.statements_schemas import (
    NotificationQuerySchema,
    NotificationSchema,
    PushTokenDeleteSchema,
    PushTokenResultSchema,
    PushTokenSchema,
)
from app.clock import now
from app.security import current_user, login_required
from app.services import notifications

blp = Blueprint("notifications", __name__, url_prefix="/notifications", description="Notifications (알림)")
push_blp = Blueprint("push_tokens", __name__, url_prefix="/devices", description="Push tokens")
BLUEPRINTS = [blp, push_blp]


@blp.route("")
class Notifications(MethodView):
    @login_required
    @blp.arguments(NotificationQuerySchema, location="query")
    @blp.response(200, NotificationSchema(many=True))
    @blp.doc(security=BEARER)
    def get(self, args):
        """The caller's notifications, newest first (``before`` pages back)."""
        return notifications.list_for(current_user().id, unread_only=args["unread"], limit=args["limit"],
                                      before=args.get("before"))


@blp.route("/<string:notification_id>/read")
class NotificationRead(MethodView):
    @login_required
    @blp.response(200, NotificationSchema)
    @blp.doc(security=BEARER)
    def post(self, notification_id):
        """Mark one of the caller's notifications read (404 for anyone else's)."""
        return notifications.mark_read(current_user().id, notification_id, now())


@push_blp.route("/push-token")
class PushToken(MethodView):
    @login_required
    @push_blp.arguments(PushTokenSchema)
    @push_blp.response(200, PushTokenResultSchema)
    @push_blp.alt_response(404, response=NOT_FOUND)
    @push_blp.doc(security=BEARER)
    def post(self, data):
        """Set the push token on one active device key (or all of the caller's)."""
        keys = notifications.set_push_token(current_user().id, data.get("device_key_id"), data["token"])
        return {"device_key_ids": [k.id for k in keys]}

    @login_required
    @push_blp.arguments(PushTokenDeleteSchema, location="query")
    @push_blp.response(200, PushTokenResultSchema)
    @push_blp.alt_response(404, response=NOT_FOUND)
    @push_blp.doc(security=BEARER)
    def delete(self, args):
        """Clear the push token (one device key, or all of the caller's)."""
        keys = notifications.set_push_token(current_user().id, args.get("device_key_id"), None)
        return {"device_key_ids": [k.id for k in keys]}
