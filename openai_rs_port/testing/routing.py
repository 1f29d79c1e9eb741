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

__all__ = ["Handler", "RouteGroup"]

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
        """Add every route to ``router``, each handler bound to ``state``."""
        for method, path, handler in self.routes:
            if method == "GET":
                router.add_get(path, _bind(handler, state))  # HEAD too, as aiohttp does
            else:
                router.add_route(method, path, _bind(handler, state))

    def __repr__(self) -> str:
        return f"RouteGroup({self.name!r}, {len(self.routes)} routes)"


def _bind(handler: Handler, state: ServerState) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def bound(request: web.Request) -> web.StreamResponse:
        return await handler(request, state)

    bound.__name__ = getattr(handler, "__name__", "handler")
    return bound
