"""/devices: the Ed25519 public keys of a user's phones (기기 서명키)."""

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.devices_schemas import DeviceCreateSchema, DeviceSchema
from app.api.docs import BEARER
from app.clock import now
from app.security import current_user, roles_required
from app.services import devices

blp = Blueprint("devices", __name__, url_prefix="/devices", description="Device signing keys", write_problems=(409,))


@blp.route("")
class Devices(MethodView):
    @roles_required("worker", "employer")
    @blp.response(200, DeviceSchema(many=True))
    @blp.doc(security=BEARER)
    def get(self):
        """The caller's device keys, revoked ones included."""
        return devices.list_for(current_user())

    @roles_required("worker", "employer")
    @blp.arguments(DeviceCreateSchema)
    @blp.response(201, DeviceSchema)
    @blp.doc(security=BEARER)
    def post(self, data):
        """Register a phone's Ed25519 public key (base64 of 32 bytes)."""
        return devices.register(current_user(), data, now())


@blp.route("/<string:key_id>")
class DeviceItem(MethodView):
    @roles_required("worker", "employer")
    @blp.response(200, DeviceSchema)
    @blp.doc(security=BEARER)
    def get(self, key_id):
        """One of the caller's keys (404 for anyone else's)."""
        return devices.get_own(current_user(), key_id)

    @roles_required("worker", "employer")
    @blp.response(204)
    @blp.doc(security=BEARER)
    def delete(self, key_id):
        """Revoke the key (lost phone): no new signatures; earlier ones stay valid."""
        devices.revoke(current_user(), key_id, now())


@blp.route("/<string:key_id>/revoke")
class DeviceRevoke(MethodView):
    @roles_required("worker", "employer")
    @blp.response(200, DeviceSchema)
    @blp.doc(security=BEARER)
    def post(self, key_id):
        """Revoke the key and return it."""
        return devices.revoke(current_user(), key_id, now())
