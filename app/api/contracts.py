"""/contracts: labor contracts drafted by employers and co-signed on both parties' phones."""

from flask import Response, render_template
from flask.views import MethodView

from app.api import contracts_schemas as s
from app.api.blueprint import Blueprint
from app.api.docs import BEARER
from app.clock import now
from app.security import current_user, roles_required
from app.services import contract_document, contract_signing, contracts

blp = Blueprint("contracts", __name__, url_prefix="/contracts", description="Labor contracts (근로계약)",
                write_problems=(409, 422))
PARTIES = ("worker", "employer")


def present_version(version, warnings=None):
    numbers = {v.id: v.number for v in version.contract.versions}
    fields = s.ContractVersionSchema().fields
    return {
        **{
            k: getattr(version, k)
            for k in fields
            if hasattr(version, k) and k not in ("signatures", "commitment")
        },
        "supersedes": numbers.get(version.supersedes_id),
        "commitment": version.commitment.hex() if version.commitment else None,
        "signatures": [contract_signing.signature_view(sig) for sig in version.signatures],
        "warnings": warnings or [],
    }


def present(contract, warnings=None):
    fields = s.LaborContractSchema().fields
    return {
        **{k: getattr(contract, k) for k in fields if hasattr(contract, k) and k != "versions"},
        "versions": [present_version(v) for v in contract.versions],
        "warnings": warnings or [],
    }


@blp.route("")
class Contracts(MethodView):
    @roles_required(*PARTIES)
    @blp.response(200, s.LaborContractSchema(many=True))
    @blp.doc(security=BEARER)
    def get(self):
        """Every contract the caller is party to (a worker's invitations are attached first)."""
        return [present(c) for c in contracts.list_for(current_user())]

    @roles_required("employer")
    @blp.arguments(s.ContractCreateSchema)
    @blp.response(201, s.LaborContractSchema)
    @blp.doc(security=BEARER)
    def post(self, data):
        """Draft a contract for one of the caller's workplaces and invite the worker by email or phone."""
        return present(*contracts.draft(current_user(), data, now()))


@blp.route("/<string:contract_id>")
class ContractItem(MethodView):
    @roles_required(*PARTIES)
    @blp.response(200, s.LaborContractSchema)
    @blp.doc(security=BEARER)
    def get(self, contract_id):
        """One contract with its version history (404 unless the caller is a party)."""
        return present(contracts.get(current_user(), contract_id))


@blp.route("/<string:contract_id>/amendments")
class Amendments(MethodView):
    @roles_required(*PARTIES)
    @blp.arguments(s.AmendmentCreateSchema)
    @blp.response(201, s.ContractVersionSchema)
    @blp.doc(security=BEARER)
    def post(self, data, contract_id):
        """Propose new terms from ``effective_from`` (a new version; both parties sign)."""
        return present_version(*contracts.amend(current_user(), contract_id, data, now()))


@blp.route("/<string:contract_id>/terminations")
class Terminations(MethodView):
    @roles_required(*PARTIES)
    @blp.arguments(s.TerminationCreateSchema)
    @blp.response(201, s.ContractVersionSchema)
    @blp.doc(security=BEARER)
    def post(self, data, contract_id):
        """Propose a termination (last day + reason); ``unilateral``: the employer's signature suffices."""
        return present_version(contracts.terminate(current_user(), contract_id, data, now()))


@blp.route("/<string:contract_id>/versions/<int:number>")
class VersionItem(MethodView):
    @roles_required(*PARTIES)
    @blp.response(200, s.ContractVersionSchema)
    @blp.doc(security=BEARER)
    def get(self, contract_id, number):
        """One version of the contract."""
        return present_version(contracts.version(contracts.get(current_user(), contract_id), number))


@blp.route("/<string:contract_id>/versions/<int:number>/signing-payload")
class SigningPayload(MethodView):
    @roles_required(*PARTIES)
    @blp.response(200, s.SigningPayloadSchema)
    @blp.doc(security=BEARER)
    def get(self, contract_id, number):
        """The exact bytes to sign (base64 and hex) and the body they encode (docs/SIGNING.md)."""
        return contract_signing.signing_payload(current_user(), contract_id, number)


@blp.route("/<string:contract_id>/versions/<int:number>/signatures")
class Signatures(MethodView):
    @roles_required(*PARTIES)
    @blp.arguments(s.SignatureCreateSchema)
    @blp.response(201, s.ContractVersionSchema)
    @blp.doc(security=BEARER)
    def post(self, data, contract_id, number):
        """Sign with an active device key; the version is in force once every required party signed."""
        return present_version(*contract_signing.sign(current_user(), contract_id, number, data, now()))


@blp.route("/<string:contract_id>/versions/<int:number>/decline")
class Decline(MethodView):
    @roles_required(*PARTIES)
    @blp.arguments(s.ContractReasonSchema)
    @blp.response(200, s.ContractVersionSchema)
    @blp.doc(security=BEARER)
    def post(self, data, contract_id, number):
        """Decline a draft with a reason."""
        return present_version(contracts.decline(current_user(), contract_id, number, data["reason"], now()))


@blp.route("/<string:contract_id>/versions/<int:number>/withdraw")
class Withdraw(MethodView):
    @roles_required(*PARTIES)
    @blp.response(200, s.ContractVersionSchema)
    @blp.doc(security=BEARER)
    def post(self, contract_id, number):
        """Withdraw an unsigned draft (the employer, or the author of an amendment)."""
        return present_version(contracts.withdraw(current_user(), contract_id, number, now()))


@blp.route("/<string:contract_id>/versions/<int:number>/dispute")
class Dispute(MethodView):
    @roles_required("worker")
    @blp.arguments(s.ContractReasonSchema)
    @blp.response(200, s.ContractVersionSchema)
    @blp.doc(security=BEARER)
    def post(self, data, contract_id, number):
        """The worker disputes a termination the employer signed alone."""
        return present_version(contracts.dispute(current_user(), contract_id, number, data["reason"], now()))


@blp.route("/<string:contract_id>/receipt")
class Receipt(MethodView):
    @roles_required(*PARTIES)
    @blp.arguments(s.ReceiptQuerySchema, location="query")
    @blp.response(200)
    @blp.doc(security=BEARER)
    def get(self, query, contract_id):
        """An offline-verifiable bundle (ledger proof + terms, salt, signatures): `python -m app.contract_verify`."""
        return contract_signing.receipt(current_user(), contract_id, query.get("version"), now())


@blp.route("/<string:contract_id>/versions/<int:number>/document")
class Document(MethodView):
    @roles_required(*PARTIES)
    @blp.doc(
        security=BEARER,
        responses={200: {"description": "표준근로계약서 (HTML)", "content": {"text/html": {}}}},
    )
    def get(self, contract_id, number):
        """The printable copy (근로계약서 교부) laid out like the 표준근로계약서(단시간근로자)."""
        page = render_template(
            "contract.html", **contract_document.context(current_user(), contract_id, number)
        )
        return Response(page, mimetype="text/html")
