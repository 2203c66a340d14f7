"""/contracts/{id}/statements: wage statements (임금명세서) for the contract's two parties."""

from flask import render_template
from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.docs import BEARER
from app.api.statements_schemas import StatementSchema, StatementSummarySchema
from app.security import current_user, roles_required
from app.services import statements

blp = Blueprint("statements", __name__, url_prefix="/contracts", description="Wage statements (임금명세서)")


@blp.route("/<string:contract_id>/statements")
class Statements(MethodView):
    @roles_required("worker", "employer")
    @blp.response(200, StatementSummarySchema(many=True))
    @blp.doc(security=BEARER)
    def get(self, contract_id):
        """The contract's statements, newest period first (404 for anyone else's contract)."""
        return statements.list_for(current_user(), contract_id)


@blp.route("/<string:contract_id>/statements/<string:statement_id>")
class StatementItem(MethodView):
    @roles_required("worker", "employer")
    @blp.response(200, StatementSchema)
    @blp.doc(security=BEARER)
    def get(self, contract_id, statement_id):
        """One statement with every 근로기준법 제48조② item, its payments and ledger commitment."""
        return statements.get_for(current_user(), contract_id, statement_id)


@blp.route("/<string:contract_id>/statements/<string:statement_id>/document")
class StatementDocument(MethodView):
    @roles_required("worker", "employer")
    @blp.doc(security=BEARER, responses={"200": {"description": "Printable Korean HTML",
                                                 "content": {"text/html": {}}}})
    def get(self, contract_id, statement_id):
        """The statement as a printable Korean HTML document."""
        statement = statements.get_for(current_user(), contract_id, statement_id)
        html = render_template("statement.html", s=statement, d=statement.document or {})
        return html, 200, {"Content-Type": "text/html; charset=utf-8"}
