"""The JSON API as an application of its own, mounted at /api/v1 by ``app.main``."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app import __version__
from app.api import errors, router
from app.api.routes.evidence_common import INVALID

PREFIX = "/api/v1"
TITLE = "Capacity to Change Tracker"
DESCRIPTION = (
    "Plans, progress evidence and court-ready reports for parental "
    "capacity-to-change assessments. Sign in with a personal API token "
    "(`cct token create`) sent as `Authorization: Bearer …`."
)


def create_api() -> FastAPI:
    api = FastAPI(
        title=TITLE,
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        # sign-in is a bearer token: Swagger UI has no OAuth2 flow to come back from
        swagger_ui_oauth2_redirect_url=None,
        # the document names every path in full (below), so no server prefix is added
        root_path_in_servers=False,
    )
    errors.install(api)
    router.install(api)

    def openapi() -> dict[str, Any]:
        # clients have always seen full paths (/api/v1/families…): keep them
        if api.openapi_schema is None:
            schema = get_openapi(
                title=TITLE, version=__version__, description=DESCRIPTION, routes=api.routes
            )
            schema["paths"] = {PREFIX + path: item for path, item in schema["paths"].items()}
            for item in schema["paths"].values():
                for operation in item.values():
                    if "422" in operation["responses"]:
                        operation["responses"]["422"]["description"] = INVALID
            api.openapi_schema = schema
        return api.openapi_schema

    api.openapi = openapi  # type: ignore[method-assign]
    return api
