"""Resources describe calls once; the client they hold decides sync or async.

``@endpoint`` turns ``def create(self, req) -> ApiRequest[R]`` into a method
that returns ``R`` on a ``Client`` and an awaitable of ``R`` on an
``AsyncClient``; mypy sees both through the overloads below.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Generator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeAlias, TypeVar, overload

from ._request import ApiRequest

if TYPE_CHECKING:
    from ._async import AsyncClient, AsyncStream
    from ._sync import Client, Stream

__all__ = ["Calls", "Plan", "Resource", "endpoint", "plan_endpoint", "stream_endpoint"]

C = TypeVar("C")
P = ParamSpec("P")
R = TypeVar("R")


class Resource(Generic[C]):
    """An API group bound to a client (``Chat { client }`` in Rust)."""

    __slots__ = ("_client",)

    def __init__(self, client: C) -> None:
        self._client = client

    @classmethod
    def new(cls, client: C) -> Resource[C]:
        """Bind this API group to ``client`` (``Chat::new(&client)`` in Rust)."""
        return cls(client)

    @property
    def client(self) -> C:
        return self._client


class endpoint(Generic[P, R]):
    """Decorator for a plain call."""

    def __init__(self, fn: Callable[Concatenate[Any, P], ApiRequest[R]]) -> None:
        self.fn = fn
        self.__doc__ = fn.__doc__
        self.__name__ = fn.__name__

    @overload
    def __get__(self, obj: None, owner: type) -> endpoint[P, R]: ...

    @overload
    def __get__(self, obj: Resource[Client], owner: type) -> Callable[P, R]: ...

    @overload
    def __get__(
        self, obj: Resource[AsyncClient], owner: type
    ) -> Callable[P, Coroutine[Any, Any, R]]: ...

    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self
        return partial(obj._client._invoke, self.fn, obj)


class stream_endpoint(Generic[P, R]):
    """Decorator for a server-sent event stream of ``R`` items."""

    def __init__(self, fn: Callable[Concatenate[Any, P], ApiRequest[R]]) -> None:
        self.fn = fn
        self.__doc__ = fn.__doc__
        self.__name__ = fn.__name__

    @overload
    def __get__(self, obj: None, owner: type) -> stream_endpoint[P, R]: ...

    @overload
    def __get__(self, obj: Resource[Client], owner: type) -> Callable[P, Stream[R]]: ...

    @overload
    def __get__(
        self, obj: Resource[AsyncClient], owner: type
    ) -> Callable[P, Coroutine[Any, Any, AsyncStream[R]]]: ...

    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self
        return partial(obj._client._invoke, self.fn, obj)


@dataclass(frozen=True, slots=True)
class Calls:
    """One step of a plan: these calls, whose results come back as a list, in order.

    ``AsyncClient`` runs up to ``concurrency`` of them at once, ``Client`` one after
    another. When one fails, the others are cancelled and its error is thrown into the
    plan, unless ``return_exceptions`` asks for errors in the result list instead.
    """

    requests: tuple[ApiRequest[Any], ...]
    concurrency: int = 1
    return_exceptions: bool = False


Plan: TypeAlias = Generator[Calls, list[Any], R]
"""A multi-call operation written once: yields ``Calls``, receives their results."""


class plan_endpoint(Generic[P, R]):
    """Decorator for a method that describes a multi-call ``Plan`` returning ``R``."""

    def __init__(self, fn: Callable[Concatenate[Any, P], Plan[R]]) -> None:
        self.fn = fn
        self.__doc__ = fn.__doc__
        self.__name__ = fn.__name__

    @overload
    def __get__(self, obj: None, owner: type) -> plan_endpoint[P, R]: ...

    @overload
    def __get__(self, obj: Resource[Client], owner: type) -> Callable[P, R]: ...

    @overload
    def __get__(
        self, obj: Resource[AsyncClient], owner: type
    ) -> Callable[P, Coroutine[Any, Any, R]]: ...

    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self
        return partial(obj._client._run_plan, self.fn, obj)
