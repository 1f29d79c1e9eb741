"""``Store[R]``: the records of one kind the server keeps, with CRUD and cursor pagination.

Every group keeps its objects in stores (typed fields of ``ServerState``), so every list
pages the same way: ``after``, ``before``, ``limit`` and ``order``, answered as
``{"object": "list", "data": [...], "first_id", "last_id", "has_more"}``.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from .errors import ApiFailure

__all__ = ["Page", "Record", "Store", "StoreHost"]


@dataclass(kw_only=True, slots=True)
class Record:
    """A stored object: an id, a creation time, and its wire form (``to_json``)."""

    id: str
    created_at: int

    def to_json(self) -> dict[str, Any]:
        # Each group's record adds its own fields to these two.
        return {"id": self.id, "created_at": self.created_at}


R = TypeVar("R", bound=Record)


class StoreHost(Protocol):
    """What a store needs from the server state (``ServerState`` is one)."""

    @property
    def lock(self) -> threading.RLock: ...

    @property
    def page_size(self) -> int | None: ...

    def next_id(self, prefix: str) -> str: ...

    def now(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Page(Generic[R]):
    """One page of a list: the records and whether more follow in that direction."""

    data: list[R]
    has_more: bool

    def to_json(self, render: Callable[[R], dict[str, Any]] | None = None) -> dict[str, Any]:
        """The spec's list object; ``render`` replaces ``Record.to_json`` for each item."""
        draw = render or (lambda r: r.to_json())
        return {
            "object": "list",
            "data": [draw(r) for r in self.data],
            "first_id": self.data[0].id if self.data else None,
            "last_id": self.data[-1].id if self.data else None,
            "has_more": self.has_more,
        }


class Store(Generic[R]):
    """The records of one kind, in creation order. Thread-safe (the state's lock).

    ``missing`` is the 404 message for an unknown id (``{id}`` is replaced).
    ``on_read`` runs on every record before it is handed out: a job store passes its
    status machine's ``settle`` there, so a job is always as far along as the clock says.
    """

    def __init__(
        self, host: StoreHost, prefix: str, missing: str = "No such object: {id}", *,
        param: str | None = None, code: str | None = None,
        on_read: Callable[[R], None] | None = None,
    ) -> None:
        self._host = host
        self.prefix = prefix
        self._missing = missing
        self._param = param
        self._code = code
        self._on_read = on_read
        self._items: dict[str, R] = {}
        # Sort key of every id ever added (until clear): a cursor keeps its place after
        # its record is deleted.
        self._keys: dict[str, tuple[int, int]] = {}
        self._seq = 0

    # CRUD ----------------------------------------------------------------------------

    def new_id(self) -> str:
        """A fresh id with this store's prefix (``file-mock000001``)."""
        return self._host.next_id(self.prefix)

    def add(self, record: R) -> R:
        """Store ``record`` (create); its id must be new."""
        with self._host.lock:
            if record.id in self._items:
                raise ApiFailure(409, f"An object with id '{record.id}' already exists.")
            self._seq += 1
            self._items[record.id] = record
            self._keys[record.id] = (record.created_at, self._seq)
        return record

    def find(self, record_id: str) -> R | None:
        """The record, or ``None``."""
        with self._host.lock:
            record = self._items.get(record_id)
            if record is not None and self._on_read is not None:
                self._on_read(record)
            return record

    def get(self, record_id: str) -> R:
        """The record (retrieve), or ``ApiFailure`` 404."""
        record = self.find(record_id)
        if record is None:
            raise ApiFailure(404, self._missing.format(id=record_id), param=self._param,
                             code=self._code)
        return record

    def update(self, record_id: str, **changes: Any) -> R:
        """Set fields of a record in place (update); unknown field names raise ``TypeError``."""
        with self._host.lock:
            record = self.get(record_id)
            names = {f.name for f in dataclasses.fields(record)}
            unknown = set(changes) - names
            if unknown:
                raise TypeError(f"{type(record).__name__} has no fields {sorted(unknown)}")
            for name, value in changes.items():
                setattr(record, name, value)
            return record

    def delete(self, record_id: str) -> R:
        """Remove the record and return it, or ``ApiFailure`` 404."""
        with self._host.lock:
            record = self.get(record_id)
            del self._items[record_id]
            return record

    def values(self, where: Callable[[R], bool] | None = None) -> list[R]:
        """Every record (that ``where`` accepts), oldest first."""
        with self._host.lock:
            out = [r for r in self._items.values() if where is None or where(r)]
            if self._on_read is not None:
                for r in out:
                    self._on_read(r)
            return out

    def clear(self) -> None:
        with self._host.lock:
            self._items.clear()
            self._keys.clear()

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._items

    def __getitem__(self, record_id: str) -> R:
        record = self.find(record_id)
        if record is None:
            raise KeyError(record_id)
        return record

    def __iter__(self) -> Iterator[R]:
        return iter(self.values())

    # Pagination ----------------------------------------------------------------------

    def page(
        self, query: Mapping[str, str], *, where: Callable[[R], bool] | None = None,
        default_limit: int = 20, max_limit: int = 100, default_order: str = "desc",
    ) -> Page[R]:
        """One page of the records ``where`` accepts, as the request's ``query`` asks.

        * ``order``: ``asc`` or ``desc`` by creation (default ``default_order``);
        * ``limit``: 1 to ``max_limit``; without it the server's ``page_size``, if set,
          else ``default_limit`` (the spec's default for that list);
        * ``after=<id>``: the records that follow that one in this order;
        * ``before=<id>``: the ``limit`` records just before it (the previous page), and
          ``has_more`` tells whether still earlier ones exist.

        A bad value raises ``ApiFailure`` (400) naming the parameter.
        """
        order = query.get("order", default_order)
        if order not in ("asc", "desc"):
            raise ApiFailure.invalid("order", f"Invalid 'order': {order!r}; expected 'asc' or 'desc'.")
        limit = self._limit(query.get("limit"), default_limit, max_limit)
        with self._host.lock:
            keys = self._keys
            after = self._cursor(query, "after")
            before = self._cursor(query, "before")
            items = list(self._items.values())
            if self._on_read is not None:
                for r in items:
                    self._on_read(r)
            rows = sorted((r for r in items if where is None or where(r)),
                          key=lambda r: keys[r.id], reverse=order == "desc")

            def follows(r: R, cursor: tuple[int, int]) -> bool:
                return keys[r.id] > cursor if order == "asc" else keys[r.id] < cursor

            if after is not None:
                rows = [r for r in rows if follows(r, after)]
            if before is not None:
                rows = [r for r in rows if not follows(r, before) and keys[r.id] != before]
            if before is not None and after is None:
                data = rows[-limit:]
            else:
                data = rows[:limit]
            return Page(data, len(rows) > len(data))

    def _limit(self, raw: str | None, default: int, maximum: int) -> int:
        if raw is None:
            size = self._host.page_size
            return default if size is None else size
        try:
            limit = int(raw)
        except ValueError:
            raise ApiFailure.invalid("limit", f"Invalid 'limit': {raw!r} is not an integer.") from None
        if not 1 <= limit <= maximum:
            raise ApiFailure.invalid(
                "limit", f"Invalid 'limit': {limit}; it must be between 1 and {maximum}.")
        return limit

    def _cursor(self, query: Mapping[str, str], name: str) -> tuple[int, int] | None:
        value = query.get(name)
        if value is None:
            return None
        key = self._keys.get(value)
        if key is None:
            raise ApiFailure.invalid(name, f"Invalid '{name}': no object with id '{value}'.")
        return key
