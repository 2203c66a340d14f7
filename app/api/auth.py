"""/auth: register, login, refresh (rotation), logout; /me."""

from flask import request
from flask.views import MethodView
from flask_jwt_extended import get_jwt, jwt_required

from app.api.auth_schemas import CreatedSchema, LoginSchema, RegisterSchema, TokensSchema, UserSchema
from app.api.blueprint import Blueprint
from app.api.docs import BEARER, CONFLICT, TOO_MANY_REQUESTS, UNAUTHORIZED
from app.clock import now
from app.security import current_user
from app.services import accounts

blp = Blueprint("auth", __name__, url_prefix="/auth", description="Accounts and tokens")
me_blp = Blueprint("me", __name__, url_prefix="/me", description="The signed-in user")


@blp.route("/register")
class Register(MethodView):
    @blp.arguments(RegisterSchema)
    @blp.response(201, CreatedSchema)
    @blp.alt_response(409, response=CONFLICT)
    def post(self, data):
        """Register a worker or employer (center, insurer and admin accounts come from an operator)."""
        return accounts.create_user(accounts.NewAccount(**data))


@blp.route("/login")
class Login(MethodView):
    @blp.arguments(LoginSchema)
    @blp.response(200, TokensSchema)
    @blp.alt_response(401, response=UNAUTHORIZED)
    @blp.alt_response(429, response=TOO_MANY_REQUESTS)
    def post(self, data):
        """Exchange a login and password for tokens (rate-limited per account and per address)."""
        address = request.remote_addr or "unknown"
        return accounts.login(data.get("email"), data.get("phone"), data["password"], address, now())


@blp.route("/refresh")
class Refresh(MethodView):
    @jwt_required(refresh=True)
    @blp.response(200, TokensSchema)
    @blp.doc(security=BEARER)
    def post(self):
        """Spend the refresh token (Authorization: Bearer <refresh>) for a new pair."""
        return accounts.refresh(get_jwt(), now())


@blp.route("/logout")
class Logout(MethodView):
    @jwt_required(verify_type=False)
    @blp.response(204)
    @blp.doc(security=BEARER)
    def post(self):
        """End the session of the presented token: its refresh and access tokens stop working."""
        accounts.logout(get_jwt(), now())


@me_blp.route("")
class Me(MethodView):
    @jwt_required()
    @me_blp.response(200, UserSchema)
    @me_blp.doc(security=BEARER)
    def get(self):
        """The account behind the access token."""
        return current_user()


BLUEPRINTS = [blp, me_blp]
