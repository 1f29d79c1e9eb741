"""``RouteGroup``: the one way to add routes to the local server.

Each API group is a module of ``openai_rs_port.testing.routes`` that declares one group
and decorates its handlers; a handler gets the request and the server's state::

    routes = RouteGroup("files")

    @routes.get("/v1/files/{file_id}")
    async def retrieve(request: web.Request, state: ServerState) -> web.StreamResponse:
        return json_response(state.files.get(request.match_info["file_id"]).to_json())

``routes.ALL`` lists the groups every server serves; ``MockOpenAIServer(groups=[...])``
serves others (or fewer).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeAlias

from aiohttp import web

if TYPE_CHECKING:
    from .state import ServerState

__all__ = ["AZURE_PREFIX", "Handler", "RouteGroup", "azure_to_v1"]

AZURE_PREFIX = "/openai/deployments/"
"""Azure OpenAI's REST shape: ``/openai/deployments/{deployment}/<tail>`` is ``/v1/<tail>``."""

Handler: TypeAlias = "Callable[[web.Request, ServerState], Awaitable[web.StreamResponse]]"


class RouteGroup:
    """The routes of one API group."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.routes: list[tuple[str, str, Handler]] = []

    def route(self, method: str, path: str) -> Callable[[Handler], Handler]:
        """Register the decorated handler for ``method path`` (an aiohttp path template)."""

        def register(handler: Handler) -> Handler:
            self.routes.append((method.upper(), path, handler))
            return handler

        return register

    def get(self, path: str) -> Callable[[Handler], Handler]:
        return self.route("GET", path)

    def post(self, path: str) -> Callable[[Handler], Handler]:
        return self.route("POST", path)

    def delete(self, path: str) -> Callable[[Handler], Handler]:
        return self.route("DELETE", path)

    def install(self, router: web.UrlDispatcher, state: ServerState) -> None:
        """Add every route to ``router``, each handler bound to ``state``; each ``/v1/<tail>``
        route is also served at Azure's ``/openai/deployments/{deployment}/<tail>``."""
        for method, path, handler in self.routes:
            paths = [path]
            if path.startswith("/v1/"):
                paths.append(AZURE_PREFIX + "{deployment}/" + path.removeprefix("/v1/"))
            for p in paths:
                if method == "GET":
                    router.add_get(p, _bind(handler, state))  # HEAD too, as aiohttp does
                else:
                    router.add_route(method, p, _bind(handler, state))

    def __repr__(self) -> str:
        return f"RouteGroup({self.name!r}, {len(self.routes)} routes)"


def azure_to_v1(path: str) -> str | None:
    """The ``/v1`` path an Azure deployment path stands for (``None`` for any other path)."""
    if not path.startswith(AZURE_PREFIX):
        return None
    _deployment, sep, tail = path.removeprefix(AZURE_PREFIX).partition("/")
    return "/v1/" + tail if sep else None


def _bind(handler: Handler, state: ServerState) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def bound(request: web.Request) -> web.StreamResponse:
        return await handler(request, state)

    bound.__name__ = getattr(handler, "__name__", "handler")
    return bound
