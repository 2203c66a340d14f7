"""/ledger: the public transparency log (no login; nothing personal is in it)."""

import base64

from flask import Response, request
from flask.views import MethodView

from app import clock
from app.api.blueprint import Blueprint
from app.api.ledger_schemas import (
    ConsistencyQuery,
    ConsistencySchema,
    CosignatureAccepted,
    EntriesQuery,
    EntriesSchema,
    InclusionQuery,
    InclusionSchema,
)
from app.errors import ValidationFailed
from app.services import ledger
from ledger.entry import leaf_data

blp = Blueprint("ledger", __name__, url_prefix="/ledger", description="The public ledger (transparency log)")
TEXT = {"200": {"description": "text/plain", "content": {"text/plain": {"schema": {"type": "string"}}}}}


def _text(body: str, status: int = 200) -> Response:
    return Response(body, status=status, mimetype="text/plain")


@blp.route("/checkpoint")
class Checkpoint(MethodView):
    @blp.doc(responses=TEXT)
    def get(self):
        """The latest signed checkpoint (C2SP tlog-checkpoint) with every valid witness cosignature."""
        return _text(ledger.checkpoint(clock.now()))


@blp.route("/key")
class Key(MethodView):
    @blp.doc(responses=TEXT)
    def get(self):
        """The log's verifier key (Go sumdb/note format)."""
        return _text(ledger.log().vkey + "\n")


@blp.route("/entries")
class Entries(MethodView):
    @blp.arguments(EntriesQuery, location="query")
    @blp.response(200, EntriesSchema)
    def get(self, args):
        """Entries start ≤ index < end (at most 1000 a page)."""
        rows = ledger.entries(args["start"], args.get("end"))
        return {
            "entries": [
                {"index": e.index, "data": base64.b64encode(leaf_data(e.kind, e.data)).decode(), "leaf_hash": e.leaf_hash.hex(),
                 "kind": e.kind, "appended_at": e.appended_at}
                for e in rows
            ]
        }


@blp.route("/proof/inclusion")
class Inclusion(MethodView):
    @blp.arguments(InclusionQuery, location="query")
    @blp.response(200, InclusionSchema)
    def get(self, args):
        """Inclusion proof of entry ``index`` in the tree of ``size`` entries."""
        proof = ledger.inclusion_proof(args["index"], args["size"])
        return {**args, "proof": [h.hex() for h in proof]}


@blp.route("/proof/consistency")
class Consistency(MethodView):
    @blp.arguments(ConsistencyQuery, location="query")
    @blp.response(200, ConsistencySchema)
    def get(self, args):
        """Consistency proof between the trees of ``from`` and ``to`` entries."""
        proof = ledger.consistency_proof(args["from_"], args["to"])
        return {**args, "proof": [h.hex() for h in proof]}


@blp.route("/cosignatures")
class Cosignatures(MethodView):
    @blp.response(201, CosignatureAccepted)
    @blp.doc(requestBody={"content": {"text/plain": {"schema": {"type": "string"}}}})
    def post(self):
        """A witness cosignature (C2SP tlog-cosignature line, or the cosigned checkpoint note)."""
        text = request.get_data(as_text=True)
        if len(text) > 16384:
            raise ValidationFailed(errors={"cosignature": ["too long"]})
        witness, size = ledger.add_cosignature(text, clock.now())
        return {"witness": witness, "size": size}
