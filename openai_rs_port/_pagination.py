"""Pages of a list: iterate every item of every page, or step by hand.

The logic is written once: ``next_page()`` asks the client that fetched the page,
which answers a page on ``Client`` and an awaitable of one on ``AsyncClient``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .error import InvalidArgument, NoNextPage

if TYPE_CHECKING:
    from ._request import ApiRequest

__all__ = ["AsyncPager", "CursorPage", "NextPageCursor", "Page"]

I = TypeVar("I")  # noqa: E741
P_co = TypeVar("P_co", covariant=True)


class Page(Generic[I]):
    """Base of list responses: iterating one iterates ``data`` (and, for cursor pages,
    every later page). Mixed into the response dataclasses."""

    __slots__ = ("_source",)
    if TYPE_CHECKING:
        data: list[I]

    def has_next_page(self) -> bool:
        """Whether a later page exists (never, for a list that is not paginated)."""
        return False

    def next_page(self) -> Any:
        """The next page (an awaitable of it on ``AsyncClient``); raises ``NoNextPage`` at the end."""
        raise NoNextPage(f"{type(self).__name__} is the last page")

    def _bind(self, client: Any, api: ApiRequest[Any]) -> None:
        object.__setattr__(self, "_source", (client, api))

    def _client(self) -> Any:
        source = getattr(self, "_source", None)
        return source[0] if source is not None else None

    def __iter__(self) -> Iterator[I]:
        page: Page[I] = self
        while True:
            yield from page.data
            if not page.has_next_page():
                return
            nxt = page.next_page()
            if isinstance(nxt, Awaitable):
                close = getattr(nxt, "close", None)
                if close is not None:
                    close()
                raise InvalidArgument("this page came from AsyncClient: use `async for`")
            page = nxt

    async def __aiter__(self) -> AsyncIterator[I]:
        page: Page[I] = self
        while True:
            for item in page.data:
                yield item
            if not page.has_next_page():
                return
            nxt = page.next_page()
            page = await nxt if isinstance(nxt, Awaitable) else nxt


class CursorPage(Page[I]):
    """A list paginated by ``after=<last id>`` while ``has_more`` is true."""

    __slots__ = ()
    if TYPE_CHECKING:
        has_more: bool | None

    def _cursor(self) -> str | None:
        last = getattr(self, "last_id", None)
        if last:
            return str(last)
        data = self.data
        return getattr(data[-1], "id", None) if data else None

    def has_next_page(self) -> bool:
        return bool(getattr(self, "has_more", False)) and self._cursor() is not None and (
            getattr(self, "_source", None) is not None)

    def next_page(self) -> Any:
        if not self.has_next_page():
            raise NoNextPage(f"{type(self).__name__}: there is no next page (has_more is false)")
        client, api = self._source  # type: ignore[attr-defined]
        cursor = self._cursor()
        assert cursor is not None
        query = (*((k, v) for k, v in api.query if k != "after"), ("after", cursor))
        return client._fetch_page(api._replace(query=query))


class NextPageCursor(Page[I]):
    """A list paginated by ``page=<next_page>`` while ``has_more`` is true (usage, costs)."""

    __slots__ = ()
    if TYPE_CHECKING:
        has_more: bool | None
        next_page_cursor: str | None

    def _cursor(self) -> str | None:
        # The wire's ``next_page`` is a field name that Page's method already holds.
        cursor = getattr(self, "next_page_cursor", None)
        return str(cursor) if cursor else None

    def has_next_page(self) -> bool:
        return bool(getattr(self, "has_more", False)) and self._cursor() is not None and (
            getattr(self, "_source", None) is not None)

    def next_page(self) -> Any:
        if not self.has_next_page():
            raise NoNextPage(f"{type(self).__name__}: there is no next page (has_more is false)")
        client, api = self._source  # type: ignore[attr-defined]
        query = (*((k, v) for k, v in api.query if k != "page"), ("page", self._cursor()))
        return client._fetch_page(api._replace(query=query))


class AsyncPager(Generic[P_co]):
    """What a list endpoint returns on ``AsyncClient``: ``await`` it for the first page,
    or ``async for`` over it for every item of every page."""

    __slots__ = ("_fetch",)

    def __init__(self, fetch: Callable[[], Awaitable[P_co]]) -> None:
        self._fetch = fetch

    def __await__(self) -> Generator[Any, None, P_co]:
        return self._fetch().__await__()

    async def _items(self) -> AsyncIterator[Any]:
        page: Any = await self._fetch()
        async for item in page:
            yield item

    def __aiter__(self: AsyncPager[Page[I]]) -> AsyncIterator[I]:
        return self._items()
