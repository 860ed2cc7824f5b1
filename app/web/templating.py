"""Rendering pages: one template per page, or just one of its blocks for htmx.

An htmx request (``HX-Request``) gets only the named block of the page's
template; a normal request, a boosted one or a history restore gets the whole
page. Responses say ``Vary: HX-Request`` so caches keep the two apart.
"""

import base64
import hashlib
import hmac
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from jinja2 import (
    ChoiceLoader,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    nodes,
    select_autoescape,
)
from jinja2_fragments.fastapi import Jinja2Blocks
from markupsafe import Markup

from app import i18n
from app.config import get_settings
from app.reports.templating import DictFirstEnvironment
from app.web import cookies, labels
from app.web.language import keep_in_step, language_of

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES_DIR = ROOT / "templates"
STATIC_DIR = ROOT / "static"

# ``d.name`` of a dict without raising and catching first (see DictFirstEnvironment)
_env = DictFirstEnvironment(
    loader=ChoiceLoader(
        [
            FileSystemLoader(TEMPLATES_DIR),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    ),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    extensions=["jinja2.ext.i18n"],
    # checking every template file for changes on each render costs ~9% of a page:
    # only while developing; compiled templates are kept on disk between restarts
    auto_reload=get_settings().environment == "development",
    bytecode_cache=FileSystemBytecodeCache(),
    cache_size=1000,
)
i18n.install(_env)
_env.filters.update(labels.FILTERS)
_env.globals.update(labels.GLOBALS)


@lru_cache(maxsize=64)
def _fixed(name: str, language: str) -> Markup:
    assert language == i18n.current()  # the key of what the macro's text is in
    piece: Markup = getattr(_env.get_template("macros/fixed.html").module, name)()
    return piece


def fixed(name: str) -> Markup:
    """A piece of the layout that depends on the language alone (``macros/fixed.html``),
    rendered once per language: the GOV.UK macros of the skip link, header and phase
    banner took half the time of a page's layout, on every page."""
    if _env.auto_reload:  # developing: templates may change
        _fixed.cache_clear()
    return _fixed(name, i18n.current())


_env.globals["fixed"] = fixed


@lru_cache(maxsize=4096)
def _family_card(facts: Any, language: str) -> Markup:
    assert language == i18n.current()  # the key of what the card's text is in
    macros: Any = _env.get_template("macros/caseload.html").module
    card: Markup = macros.family_card(facts)
    return card


def family_card(facts: Any) -> Markup:
    """One family's card on a caseload, drawn once for each state of its facts (a frozen
    ``FamilyFacts``: equal facts draw the same card) in each language. A caseload's
    families are mostly unchanged from one view of it to the next, and their cards'
    macros were most of the page's rendering."""
    if _env.auto_reload:  # developing: templates may change
        _family_card.cache_clear()
    return _family_card(facts, i18n.current())


_env.globals["family_card"] = family_card


@lru_cache(maxsize=1024)
def _navigation(role: Any, current: str | None, csrf_token: str | None, language: str) -> Markup:
    assert language == i18n.current()  # the key of what the links' words are in
    macros: Any = _env.get_template("macros/layout.html").module
    drawn: Markup = macros.service_navigation(role, current, csrf_token)
    return drawn


def navigation(role: Any, current: str | None, csrf_token: str | None) -> Markup:
    """The service navigation of every page, drawn once for each role, current page,
    form token (sign out is a form) and language: GOV.UK's macro for it was the larger
    part of a kept caseload page's layout, on every request."""
    if _env.auto_reload:  # developing: templates may change
        _navigation.cache_clear()
    return _navigation(role, current, csrf_token, i18n.current())


_env.globals["navigation"] = navigation


def drawn_once(memo: dict[Any, Any], name: str, macro: Any, *args: Any) -> Markup:
    """``macro(*args)``, drawn once per language for a view that may be shown again.

    ``memo`` is the view's own (``FamilyPage.drawn``), so a changed record, which is a
    new view, is drawn afresh. Only for a macro whose output depends on nothing but
    that view: not the person, the request or its form tokens.
    """
    if _env.auto_reload:  # developing: templates may change
        drawn: Markup = macro(*args)
        return drawn
    key = (name, i18n.current())
    found: Markup | None = memo.get(key)
    if found is None:
        found = memo[key] = macro(*args)
    return found


_env.globals["drawn_once"] = drawn_once
templates = Jinja2Blocks(env=_env)


@lru_cache(maxsize=256)
def _imported_macros(name: str) -> dict[str, Any]:
    """The macros a template imports at its top level.

    Rendering one block skips the template's top level, where its ``{% from … import … %}``
    lines run, so a fragment gets them handed in with its context instead.
    """
    source, _, _ = _env.loader.get_source(_env, name)  # type: ignore[union-attr]
    found: dict[str, Any] = {}
    for node in _env.parse(source).body:
        if isinstance(node, nodes.FromImport) and isinstance(node.template, nodes.Const):
            module = _env.get_template(node.template.value).module
            for item in node.names:
                imported, alias = item if isinstance(item, tuple) else (item, item)
                found[alias] = getattr(module, imported)
        elif isinstance(node, nodes.Import) and isinstance(node.template, nodes.Const):
            found[node.target] = _env.get_template(node.template.value).module
    return found


def is_fragment_request(request: Request) -> bool:
    """An htmx swap that wants a fragment, not a whole page."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    fragment: str = "content",
    headers: dict[str, str] | None = None,
) -> Response:
    """The page ``name``, or only its block ``fragment`` for an htmx request."""
    context = dict(context or {})
    state = request.state
    context.setdefault("actor", getattr(state, "actor", None))
    context.setdefault("csrf_token", getattr(state, "csrf_token", ""))
    context.setdefault("errors", [])
    context.setdefault("language", i18n.activate(language_of(request)))
    partial = is_fragment_request(request)
    context.setdefault("fragment_request", partial)
    message = None if partial else read_flash(request)
    context.setdefault("notification", message)
    if partial:
        context = {**_imported_macros(name), **context}
        response = templates.TemplateResponse(
            request, name, context, status_code=status_code, headers=headers, block_name=fragment
        )
    else:
        response = templates.TemplateResponse(
            request, name, context, status_code=status_code, headers=headers
        )
    response.headers.append("Vary", "HX-Request")
    keep_in_step(request, response)
    if message is not None:
        cookies.drop(response, cookies.FLASH)
    return response


# --- one-off success messages after POST/redirect/GET --------------------------------


def _sign(payload: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()[:32]


def flash(response: Response, message: str) -> None:
    """Show ``message`` in a success banner on the next page (a signed, short-lived cookie)."""
    payload = base64.urlsafe_b64encode(json.dumps(message).encode()).decode()
    cookies.put(response, cookies.FLASH, f"{payload}.{_sign(payload)}", max_age=60)


def read_flash(request: Request) -> str | None:
    raw = cookies.read(request, cookies.FLASH)
    if not raw or "." not in raw:
        return None
    payload, signature = raw.rsplit(".", 1)
    if not hmac.compare_digest(signature, _sign(payload)):
        return None
    try:
        message = json.loads(base64.urlsafe_b64decode(payload.encode()))
    except ValueError:
        return None
    return message if isinstance(message, str) else None


def done(location: str, message: str) -> Response:
    """POST/redirect/GET with a success banner on the next page."""
    response = RedirectResponse(location, status_code=303)
    flash(response, message)
    return response
