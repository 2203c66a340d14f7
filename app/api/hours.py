"""/contracts/{id}/time-events, shifts, corrections, disputes, periods, exports and receipts;
/me/location-consent. Signed bodies are documented in docs/SIGNING.md ("Time events and shift
confirmations")."""

from flask import Response
from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.docs import BEARER
from app.api.hours_schemas import (
    DeviceSignedSchema,
    HoursDisputeInSchema,
    HoursDisputeSchema,
    HoursPeriodBodySchema,
    HoursPeriodCloseSchema,
    HoursPeriodOutSchema,
    HoursPeriodSchema,
    HoursRangeArgsSchema,
    HoursReceiptSchema,
    LocationConsentInSchema,
    LocationConsentSchema,
    ShiftConfirmSchema,
    ShiftEntrySchema,
    ShiftOutSchema,
    ShiftRecordSchema,
    ShiftVersionSchema,
    TimeEventBatchResultSchema,
    TimeEventBatchSchema,
    TimeEventOutSchema,
    TimeEventSchema,
)
from app.api.idempotency import IDEMPOTENCY_KEY, idempotent
from app.clock import now
from app.errors import TYPE_BASE
from app.i18n import message
from app.security import current_user, roles_required
from app.services.hours import anchors, consent, corrections, export, periods, reading, shifts, time_events

blp = Blueprint("hours", __name__, url_prefix="/contracts", description="Working hours (근로시간)",
                write_problems=(409, 422))
me_blp = Blueprint("hours_consent", __name__, url_prefix="/me", description="Location consent (위치정보 이용 동의)")
BLUEPRINTS = [blp, me_blp]
PARTIES = ("worker", "employer")


def _item(result: dict) -> dict:
    if "error" not in result:
        return {"index": result["index"], "status": result["status"], "event": reading.present_event(result["event"])}
    exc = result["error"]
    problem = {"type": TYPE_BASE + exc.type, "title": message(exc.type), "status": exc.status, "detail": exc.detail}
    if exc.errors:
        problem["errors"] = exc.errors
    return {"index": result["index"], "status": result["status"], "problem": problem}


@blp.route("/<string:contract_id>/time-events")
class TimeEvents(MethodView):
    @roles_required(*PARTIES)
    @blp.arguments(HoursRangeArgsSchema, location="query")
    @blp.response(200, TimeEventOutSchema(many=True))
    @blp.doc(security=BEARER)
    def get(self, args, contract_id):
        """Clock events of days from..to (Asia/Seoul), both parties."""
        return reading.event_list(current_user(), contract_id, args["start"], args["end"])

    @roles_required("worker")
    @idempotent
    @blp.arguments(TimeEventSchema)
    @blp.response(201, TimeEventOutSchema)
    @blp.doc(security=BEARER, parameters=[IDEMPOTENCY_KEY])
    def post(self, data, contract_id):
        """A signed clock_in / clock_out / break_start / break_end from the worker's phone."""
        return reading.present_event(time_events.record_one(current_user(), contract_id, data, now()))


@blp.route("/<string:contract_id>/time-events:batch")
class TimeEventBatch(MethodView):
    @roles_required("worker")
    @idempotent
    @blp.arguments(TimeEventBatchSchema)
    @blp.response(200, TimeEventBatchResultSchema)
    @blp.doc(security=BEARER, parameters=[IDEMPOTENCY_KEY])
    def post(self, data, contract_id):
        """Up to 500 events uploaded late, in any order: per-event status (201, 200 resent, 4xx problem)."""
        results = [_item(r) for r in time_events.record(current_user(), contract_id, data["events"], now())]
        accepted = sum(1 for r in results if r["status"] < 300)
        return {"accepted": accepted, "rejected": len(results) - accepted, "results": results}


@blp.route("/<string:contract_id>/shifts")
class Shifts(MethodView):
    @roles_required(*PARTIES)
    @blp.arguments(HoursRangeArgsSchema, location="query")
    @blp.response(200, ShiftOutSchema(many=True))
    @blp.doc(security=BEARER)
    def get(self, args, contract_id):
        """Shifts of days from..to: scheduled vs actual, breaks, worked minutes, status, every version."""
        return reading.shift_list(current_user(), contract_id, args["start"], args["end"], now())

    @roles_required("employer")
    @idempotent
    @blp.arguments(ShiftEntrySchema)
    @blp.response(201, ShiftOutSchema)
    @blp.doc(security=BEARER, parameters=[IDEMPOTENCY_KEY])
    def post(self, data, contract_id):
        """A shift the worker did not log, signed by the employer ("shift-entry"); the worker may dispute it."""
        shift = corrections.enter(current_user(), contract_id, data, now())
        return reading.shift_item(current_user(), contract_id, shift.id, now())


@blp.route("/<string:contract_id>/shifts:confirm")
class ShiftConfirm(MethodView):
    @roles_required("employer")
    @blp.arguments(ShiftConfirmSchema)
    @blp.response(200, ShiftOutSchema(many=True))
    @blp.doc(security=BEARER)
    def post(self, data, contract_id):
        """The employer signs logged shifts (one, or a whole week) as they are ("shift-confirm")."""
        done = corrections.confirm(current_user(), contract_id, data, now())
        return [reading.shift_item(current_user(), contract_id, s.id, now()) for s in done]


@blp.route("/<string:contract_id>/shifts/<string:shift_id>")
class ShiftItem(MethodView):
    @roles_required(*PARTIES)
    @blp.response(200, ShiftOutSchema)
    @blp.doc(security=BEARER)
    def get(self, contract_id, shift_id):
        """One shift with all its versions (who, when, why)."""
        return reading.shift_item(current_user(), contract_id, shift_id, now())


@blp.route("/<string:contract_id>/shifts/<string:shift_id>/corrections")
class Corrections(MethodView):
    @roles_required(*PARTIES)
    @blp.arguments(ShiftRecordSchema)
    @blp.response(201, ShiftVersionSchema)
    @blp.doc(security=BEARER)
    def post(self, data, contract_id, shift_id):
        """Propose a signed correction with a reason; in force once the other side accepts it."""
        return shifts.present_version(corrections.propose(current_user(), contract_id, shift_id, data, now()))


@blp.route("/<string:contract_id>/shifts/<string:shift_id>/versions/<string:version_id>:accept")
class AcceptVersion(MethodView):
    @roles_required(*PARTIES)
    @blp.arguments(DeviceSignedSchema)
    @blp.response(200, ShiftOutSchema)
    @blp.doc(security=BEARER)
    def post(self, data, contract_id, shift_id, version_id):
        """The other side signs a pending correction (or the worker an employer entry)."""
        corrections.accept(current_user(), contract_id, shift_id, version_id, data, now())
        return reading.shift_item(current_user(), contract_id, shift_id, now())


@blp.route("/<string:contract_id>/shifts/<string:shift_id>/receipt")
class ShiftReceipt(MethodView):
    @roles_required(*PARTIES)
    @blp.response(200, HoursReceiptSchema)
    @blp.doc(security=BEARER)
    def get(self, contract_id, shift_id):
        """Evidence bundle: the day's anchored events + salt, verifiable with `python -m ledger verify`."""
        return anchors.receipt(current_user(), contract_id, shift_id)


@blp.route("/<string:contract_id>/disputes")
class Disputes(MethodView):
    @roles_required(*PARTIES)
    @blp.response(200, HoursDisputeSchema(many=True))
    @blp.doc(security=BEARER)
    def get(self, contract_id):
        """Every dispute of the contract, open and resolved."""
        return reading.dispute_list(current_user(), contract_id)

    @roles_required(*PARTIES)
    @blp.arguments(HoursDisputeInSchema)
    @blp.response(201, HoursDisputeSchema)
    @blp.doc(security=BEARER)
    def post(self, data, contract_id):
        """A signed dispute naming shifts and the minutes claimed for each ("dispute")."""
        return corrections.open_dispute(current_user(), contract_id, data, now())


@blp.route("/<string:contract_id>/disputes/<string:dispute_id>:withdraw")
class WithdrawDispute(MethodView):
    @roles_required(*PARTIES)
    @blp.arguments(DeviceSignedSchema)
    @blp.response(200, HoursDisputeSchema)
    @blp.doc(security=BEARER)
    def post(self, data, contract_id, dispute_id):
        """The party that opened a dispute withdraws it (signed)."""
        return corrections.withdraw_dispute(current_user(), contract_id, dispute_id, data, now())


@blp.route("/<string:contract_id>/periods")
class Periods(MethodView):
    @roles_required(*PARTIES)
    @blp.response(200, HoursPeriodOutSchema(many=True))
    @blp.doc(security=BEARER)
    def get(self, contract_id):
        """Periods being closed or closed (마감)."""
        return [reading.present_period(p) for p in periods.list_periods(current_user(), contract_id)]

    @roles_required(*PARTIES)
    @blp.arguments(HoursPeriodCloseSchema)
    @blp.response(200, HoursPeriodOutSchema)
    @blp.doc(security=BEARER)
    def post(self, data, contract_id):
        """Sign the period's totals ("period-close"); closed and locked once both sides signed."""
        return reading.present_period(periods.sign_close(current_user(), contract_id, data, now()))


@blp.route("/<string:contract_id>/periods:body")
class PeriodBody(MethodView):
    @roles_required(*PARTIES)
    @blp.arguments(HoursPeriodSchema, location="query")
    @blp.response(200, HoursPeriodBodySchema)
    @blp.doc(security=BEARER)
    def get(self, args, contract_id):
        """The exact "period-close" body to sign for start..end."""
        body = reading.signing_body(current_user(), contract_id, "period-close", args)
        return {**args, "body": body}


def _download(text: str, mimetype: str, name: str) -> Response:
    return Response(text, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@blp.route("/<string:contract_id>/hours.csv")
class HoursCsv(MethodView):
    @roles_required("worker")
    @blp.arguments(HoursRangeArgsSchema, location="query")
    @blp.response(200, content_type="text/csv")
    @blp.doc(security=BEARER)
    def get(self, args, contract_id):
        """The worker's own hours for from..to as CSV (UTF-8 with BOM)."""
        text = export.csv_text(current_user(), contract_id, args["start"], args["end"], now())
        return _download(text, "text/csv", f"hours-{args['start']}-{args['end']}.csv")


@blp.route("/<string:contract_id>/hours.html")
class HoursHtml(MethodView):
    @roles_required("worker")
    @blp.arguments(HoursRangeArgsSchema, location="query")
    @blp.response(200, content_type="text/html")
    @blp.doc(security=BEARER)
    def get(self, args, contract_id):
        """The worker's own hours as a printable Korean page (근로시간 기록표, for a 진정 or 대지급금 claim)."""
        html = export.html_page(current_user(), contract_id, args["start"], args["end"], now())
        return Response(html, mimetype="text/html")


@me_blp.route("/location-consent")
class LocationConsent(MethodView):
    @roles_required(*PARTIES)
    @me_blp.response(200, LocationConsentSchema)
    @me_blp.doc(security=BEARER)
    def get(self):
        """The caller's location consent and its history."""
        return consent.state(current_user())

    @roles_required(*PARTIES)
    @me_blp.arguments(LocationConsentInSchema)
    @me_blp.response(200, LocationConsentSchema)
    @me_blp.doc(security=BEARER)
    def put(self, data):
        """Grant or withdraw consent to store the location of clock events (위치정보법 제18조)."""
        return consent.set_consent(current_user(), data["granted"], now())
