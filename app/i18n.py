"""Korean (default) or English messages, chosen by Accept-Language."""

from __future__ import annotations

from flask import has_request_context, request

MESSAGES: dict[str, tuple[str, str]] = {
    # key: (ko, en)
    "validation-error": ("입력값이 올바르지 않습니다.", "The request has invalid fields."),
    "bad-request": ("잘못된 요청입니다.", "Bad request."),
    "invalid-json": ("JSON 본문을 해석할 수 없습니다.", "The body is not valid JSON."),
    "unsupported-media-type": (
        "본문은 application/json 이어야 합니다.",
        "The body must be application/json.",
    ),
    "not-found": ("찾을 수 없습니다.", "Not found."),
    "method-not-allowed": ("허용되지 않는 메서드입니다.", "Method not allowed."),
    "payload-too-large": ("요청 본문이 너무 큽니다.", "The request body is too large."),
    "unauthorized": ("인증이 필요합니다.", "Authentication is required."),
    "invalid-token": ("토큰이 유효하지 않습니다.", "The token is not valid."),
    "token-expired": ("토큰이 만료되었습니다.", "The token has expired."),
    "token-revoked": ("폐기된 토큰입니다.", "The token has been revoked."),
    "forbidden": ("권한이 없습니다.", "You are not allowed to do this."),
    "conflict": ("요청이 현재 상태와 충돌합니다.", "The request conflicts with the current state."),
    "too-many-requests": ("요청이 너무 많습니다. 잠시 후 다시 시도하세요.", "Too many requests; retry later."),
    "invalid-credentials": ("아이디 또는 비밀번호가 올바르지 않습니다.", "Wrong login or password."),
    "service-unavailable": (
        "일시적으로 서비스를 사용할 수 없습니다. 잠시 후 다시 시도하세요.",
        "The service is temporarily unavailable; retry later.",
    ),
    "internal-error": ("서버 오류가 발생했습니다.", "An internal error occurred."),
    "legal-violation": ("법령에 맞지 않는 내용이 있습니다.", "Some terms break the law."),
    "idempotency-conflict": (
        "같은 Idempotency-Key 로 다른 요청이 이미 처리되었습니다.",
        "This Idempotency-Key was already used with a different request.",
    ),
}

FIELD_MESSAGES_KO: dict[str, str] = {
    "Missing data for required field.": "필수 항목입니다.",
    "Not a valid integer.": "정수가 아닙니다.",
    "Not a valid string.": "문자열이 아닙니다.",
    "Not a valid date.": "날짜 형식(YYYY-MM-DD)이 아닙니다.",
    "Not a valid datetime.": "날짜·시간 형식이 아닙니다.",
    "Not a valid email address.": "이메일 주소 형식이 아닙니다.",
    "Not a valid boolean.": "참/거짓 값이 아닙니다.",
    "Not a valid number.": "숫자가 아닙니다.",
    "Not a valid list.": "목록이 아닙니다.",
    "Unknown field.": "알 수 없는 항목입니다.",
    "Field may not be null.": "비워 둘 수 없습니다.",
    "Invalid input type.": "입력 형식이 올바르지 않습니다.",
}


def language() -> str:
    if not has_request_context():
        return "ko"
    best = request.accept_languages.best_match(["ko", "en"], default="ko")
    return best or "ko"


def message(key: str, lang: str | None = None) -> str:
    ko, en = MESSAGES.get(key, (key, key))
    return en if (lang or language()) == "en" else ko


def field_message(text: str, lang: str | None = None) -> str:
    if (lang or language()) == "en":
        return text
    return FIELD_MESSAGES_KO.get(text, text)
