"""Cookie names and flags in one place.

Outside development every cookie is ``Secure`` and takes the ``__Host-``
prefix, so the browser refuses it unless it came over HTTPS from this exact
host with ``Path=/`` and no ``Domain``.
"""

from fastapi import Request, Response

from app.config import get_settings

SESSION = "cct_session"
# the sign-in form's double-submit token, before there is a session to hold one
SIGN_IN_CSRF = "cct_signin_csrf"
FLASH = "cct_flash"


def name(base: str) -> str:
    return base if get_settings().is_development else f"__Host-{base}"


def read(request: Request, base: str) -> str | None:
    return request.cookies.get(name(base))


def put(response: Response, base: str, value: str, max_age: int | None = None) -> None:
    response.set_cookie(
        name(base),
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=not get_settings().is_development,
    )


def drop(response: Response, base: str) -> None:
    response.delete_cookie(
        name(base),
        path="/",
        httponly=True,
        samesite="lax",
        secure=not get_settings().is_development,
    )
