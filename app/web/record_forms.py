"""The new/edit page pair of a plan record, registered from one spec per record.

Every record a worker adds or changes through a form (a family, a member, an
assessment, a goal, a milestone, a reward, a consequence) has the same four
handlers: show the blank form, save a new record, show the saved record in the
form, save changes. They differ only in what the spec names: the form, the
service's input model and call, the page around the form and where to go next.

    GET  new   → blank form (``initial`` values)
    POST new   → parse, validate, call ``create``: redirect with a banner, or the
                 form again with the input kept and the errors (422)
    GET  edit  → the saved record in the form
    POST edit  → parse, validate, call ``update``: redirect with a banner, the
                 form again (422), or the stale-edit view (409)
"""

import inspect
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel
from sqlmodel import Session

from app.http.deps import SessionDep
from app.services.context import Actor
from app.web.conflict import Display, plain
from app.web.deps import StaffDep
from app.web.forms import Form, FormDep, Parsed, form_context
from app.web.templating import done, render

Context = dict[str, Any]


def _no_context(_session: Session, _actor: Actor, _key: Any) -> Context:
    return {}


def _no_initial(_request: Request, _context: Context) -> dict[str, Any]:
    return {}


def _no_more_fields(_parsed: Parsed) -> dict[str, Any]:
    return {}


def _plain_display(_context: Context) -> Display:
    return plain


def _no_theirs(_record: Any) -> Mapping[str, Any] | None:
    return None


@dataclass(frozen=True)
class NewRecord:
    """Adding a record, under its owner (the id in ``path``; none for a new family)."""

    path: str
    form: Form
    model: type[BaseModel]
    template: str
    # (session, actor, owner id, validated model) → the record made
    create: Callable[[Session, Actor, Any, Any], Any]
    # the record made → where to go, and the banner to show there
    done: Callable[[Any], tuple[str, str]]
    # (session, actor, owner id) → what the page shows around the form
    page: Callable[[Session, Actor, Any], Context] = _no_context
    # (request, page context) → the blank form's starting values
    initial: Callable[[Request, Context], dict[str, Any]] = _no_initial
    # the parsed form → input-model fields asked as another question
    more_fields: Callable[[Parsed], dict[str, Any]] = _no_more_fields


@dataclass(frozen=True)
class EditRecord:
    """Changing a saved record (its id in ``path``), with the stale-edit view on a clash."""

    path: str
    form: Form
    model: type[BaseModel]
    template: str
    table: type[Any]  # the table the stale-edit view reads the saved version from
    entity: str  # the record in words: "family member"
    get: Callable[[Session, Actor, uuid.UUID], Any]
    update: Callable[[Session, Actor, uuid.UUID, Any], Any]
    done: Callable[[Any], tuple[str, str]]
    # (session, actor, record) → what the page shows around the form
    page: Callable[[Session, Actor, Any], Context] = _no_context
    # page context → how saved values read in the stale-edit view
    display: Callable[[Context], Display] = _plain_display
    # the record → saved values the table alone does not hold (a goal's parents)
    theirs: Callable[[Any], Mapping[str, Any] | None] = _no_theirs


def _id_name(path: str) -> str | None:
    names = re.findall(r"\{(\w+)\}", path)
    return names[0] if names else None


def _endpoint(
    handler: Callable[..., Response], id_name: str | None, *, with_form: bool
) -> Callable[..., Response]:
    """``handler(request, session, actor, key[, form])`` with the path's own id name."""
    params = [
        inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
        inspect.Parameter("session", inspect.Parameter.KEYWORD_ONLY, annotation=SessionDep),
        inspect.Parameter("actor", inspect.Parameter.KEYWORD_ONLY, annotation=StaffDep),
    ]
    if with_form:
        params.append(inspect.Parameter("form", inspect.Parameter.KEYWORD_ONLY, annotation=FormDep))
    if id_name:
        params.append(
            inspect.Parameter(id_name, inspect.Parameter.KEYWORD_ONLY, annotation=uuid.UUID)
        )

    def endpoint(**kwargs: Any) -> Response:
        key = kwargs.pop(id_name) if id_name else None
        return handler(key=key, **kwargs)

    endpoint.__signature__ = inspect.Signature(params, return_annotation=Response)  # type: ignore[attr-defined]
    return endpoint


def add_new(router: APIRouter, spec: NewRecord) -> None:
    def show(request: Request, session: Session, actor: Actor, key: Any) -> Response:
        context = spec.page(session, actor, key)
        values = spec.form.values_of(spec.initial(request, context))
        return render(request, spec.template, context | {"values": values})

    def save(request: Request, session: Session, actor: Actor, key: Any, form: Any) -> Response:
        parsed = spec.form.parse(form)
        data = spec.form.validate(spec.model, parsed, **spec.more_fields(parsed))
        if data is not None:
            made = spec.form.attempt(
                session, parsed, lambda: spec.create(session, actor, key, data)
            )
            if made is not None:
                return done(*spec.done(made))
        context = spec.page(session, actor, key) | form_context(parsed)
        return render(request, spec.template, context, status_code=parsed.status)

    id_name = _id_name(spec.path)
    router.add_api_route(spec.path, _endpoint(show, id_name, with_form=False), methods=["GET"])
    router.add_api_route(spec.path, _endpoint(save, id_name, with_form=True), methods=["POST"])


def add_edit(router: APIRouter, spec: EditRecord) -> None:
    def show(request: Request, session: Session, actor: Actor, key: uuid.UUID) -> Response:
        record = spec.get(session, actor, key)
        values = spec.form.values_of(record.model_dump())
        return render(
            request, spec.template, spec.page(session, actor, record) | {"values": values}
        )

    def save(
        request: Request, session: Session, actor: Actor, key: uuid.UUID, form: Any
    ) -> Response:
        parsed = spec.form.parse(form)
        changes = spec.form.validate(spec.model, parsed)
        if changes is not None:
            saved = spec.form.attempt(
                session, parsed, lambda: spec.update(session, actor, key, changes)
            )
            if saved is not None:
                return done(*spec.done(saved))
        record = spec.get(session, actor, key)
        context = spec.page(session, actor, record)
        if changes is not None:
            spec.form.stale(
                session,
                actor,
                parsed,
                spec.table,
                key,
                spec.entity,
                changes,
                spec.display(context),
                spec.theirs(record),
            )
        return render(
            request, spec.template, context | form_context(parsed), status_code=parsed.status
        )

    id_name = _id_name(spec.path)
    router.add_api_route(spec.path, _endpoint(show, id_name, with_form=False), methods=["GET"])
    router.add_api_route(spec.path, _endpoint(save, id_name, with_form=True), methods=["POST"])
