"""Resources describe calls once; the client they hold decides sync or async.

``@endpoint`` turns ``def create(self, req) -> ApiRequest[R]`` into a method
that returns ``R`` on a ``Client`` and an awaitable of ``R`` on an
``AsyncClient``; mypy sees both through the overloads below. Each JSON
endpoint also gets a ``<name>_byot`` twin, made here from its definition.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable, Coroutine, Generator, Mapping
from dataclasses import dataclass
from types import MethodType
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, Self, TypeAlias, TypeVar, overload

from ._codec import decoder_for
from ._flow import Sleep
from ._request import ApiRequest, WireBody, json_decoder, path_param
from .error import InvalidArgument

if TYPE_CHECKING:
    from ._async import AsyncClient, AsyncRawClient, AsyncStream
    from ._pagination import AsyncPager
    from ._response import RawResponse
    from ._sync import Client, RawClient, Stream

__all__ = [
    "Calls",
    "Invoke",
    "Plan",
    "Resource",
    "Sleep",
    "binary_endpoint",
    "endpoint",
    "page_endpoint",
    "plan_endpoint",
    "stream_endpoint",
]

C = TypeVar("C", covariant=True)
P = ParamSpec("P")
R = TypeVar("R")


class Resource(Generic[C]):
    """An API group bound to a client (``Chat { client }`` in Rust).

    A nested group (``client.threads().runs(thread_id)``) is a subclass reached
    through ``_sub``; it holds its path prefix, encoded once.
    """

    __slots__ = ("_client", "_prefix")

    def __init__(self, client: C, prefix: str = "") -> None:
        self._client = client
        self._prefix = prefix

    @classmethod
    def new(cls, client: C) -> Self:  # type: ignore[misc]
        """Bind this API group to ``client`` (``Chat::new(&client)`` in Rust)."""
        return cls(client)

    @property
    def client(self) -> C:
        return self._client

    def _sub(self, cls: type[R], template: str, **ids: str) -> R:
        """The nested group ``cls`` under ``template`` (``/threads/{thread_id}``), ids encoded."""
        path = template.format_map({k: path_param(v, k) for k, v in ids.items()})
        return cls(self._client, self._prefix + path)  # type: ignore[call-arg]

    def with_options(
        self,
        *,
        timeout: Any = None,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
        query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> Self:
        """This group on a client with per-call options (see ``Client.with_options``)."""
        client: Any = self._client
        return type(self)(
            client.with_options(timeout=timeout, max_retries=max_retries, headers=headers,
                                query=query, extra_body=extra_body),
            self._prefix,
        )

    if TYPE_CHECKING:
        # The ``*_byot`` twins are made at class creation.
        def __getattr__(self, name: str) -> Callable[..., Any]: ...


# ---------------------------------------------------------------- bound methods

_INNER = re.compile(r"^(?:ApiRequest|Plan)\[(.*)\]$")


def _signature(fn: Callable[..., Any], shown: Callable[[str], str]) -> inspect.Signature:
    """``fn``'s signature with the return shown as what the caller gets."""
    sig = inspect.signature(fn)
    ret = sig.return_annotation
    if isinstance(ret, str):
        m = _INNER.match(ret)
        ret = shown(m.group(1) if m else ret)
    return sig.replace(return_annotation=ret)


def _named(method: Callable[..., Any], fn: Callable[..., Any], sig: inspect.Signature,
           doc: str | None = None) -> None:
    method.__name__ = fn.__name__
    method.__qualname__ = fn.__qualname__
    method.__module__ = fn.__module__
    method.__doc__ = doc if doc is not None else fn.__doc__
    method.__signature__ = sig  # type: ignore[attr-defined]


def _takes_request(fn: Callable[..., Any]) -> bool:
    params = list(inspect.signature(fn).parameters.values())[1:]
    return bool(params) and params[0].name == "request"


def _dict_error(fn: Callable[..., Any]) -> InvalidArgument:
    return InvalidArgument(
        f"{fn.__name__}() takes a typed request, not a dict: build it with the request's "
        f"*Args builder or `.from_dict(...)`, or call `{fn.__name__}_byot(...)` to send a dict as is"
    )


def _method(fn: Callable[..., Any], invoker: str) -> Callable[..., Any]:
    guard = _takes_request(fn)
    if invoker == "_invoke":
        def method(self: Any, /, *args: Any, **kwargs: Any) -> Any:
            if guard and args and type(args[0]) is dict:
                raise _dict_error(fn)
            return self._client._invoke(fn, self, *args, **kwargs)
    elif invoker == "_invoke_page":
        def method(self: Any, /, *args: Any, **kwargs: Any) -> Any:
            return self._client._invoke_page(fn, self, *args, **kwargs)
    else:
        def method(self: Any, /, *args: Any, **kwargs: Any) -> Any:
            return self._client._run_plan(fn, self, *args, **kwargs)
    return method


def _byot(fn: Callable[..., Any], invoker: str) -> Callable[..., Any]:
    wire = _takes_request(fn)

    def describe(resource: Any, /, *args: Any, cast_to: Any = dict, **kwargs: Any) -> ApiRequest[Any]:
        if wire and args:
            args = (WireBody(args[0]), *args[1:])
        elif wire and "request" in kwargs:
            kwargs["request"] = WireBody(kwargs["request"])
        api: ApiRequest[Any] = fn(resource, *args, **kwargs)
        if api.stream is not None:
            item = _identity if cast_to is dict else decoder_for(cast_to)
            return api._replace(stream=_replace_decode(api.stream, item))
        return api._replace(decode=json_decoder(cast_to))

    # A list's twin returns the one page as it arrives: a plain call.
    inv = "_invoke" if invoker == "_invoke_page" else invoker

    def method(self: Any, /, *args: Any, cast_to: Any = dict, **kwargs: Any) -> Any:
        return getattr(self._client, inv)(describe, self, *args, cast_to=cast_to, **kwargs)

    sig = inspect.signature(fn)
    params = list(sig.parameters.values())
    if len(params) > 1 and params[1].name == "request":
        params[1] = params[1].replace(name="body", annotation="dict[str, Any] | ApiModel")
    params.append(inspect.Parameter("cast_to", inspect.Parameter.KEYWORD_ONLY, default=dict,
                                    annotation="type[T]"))
    _named(method, fn, sig.replace(parameters=params, return_annotation="T"),
           f"``{fn.__name__}`` with a plain body and an untyped answer: a ``dict``, or ``cast_to``.\n\n"
           f"Same path and guards as ``{fn.__name__}``; use it for fields a server adds.")
    method.__name__ = method.__qualname__ = f"{fn.__name__}_byot"
    return method


def _identity(v: Any) -> Any:
    return v


def _replace_decode(spec: Any, decode: Callable[[Any], Any]) -> Any:
    from dataclasses import replace

    return replace(spec, decode=decode)


class _Descriptor:
    """What the endpoint decorators share: the described function and its bound method."""

    _invoker = "_invoke"
    _shown = staticmethod(lambda r: r)
    _has_byot = True

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn
        self.__doc__ = fn.__doc__
        self.__name__ = fn.__name__
        self._method = _method(fn, self._invoker)
        _named(self._method, fn, _signature(fn, self._shown))

    def __set_name__(self, owner: type, name: str) -> None:
        if self._has_byot and not name.endswith("_byot"):
            setattr(owner, f"{name}_byot", _byot(self.fn, self._invoker))

    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self
        return MethodType(self._method, obj)

    def describe(self, resource: Any, /, *args: Any, **kwargs: Any) -> ApiRequest[Any]:
        """The ``ApiRequest`` this endpoint makes, for a plan to send."""
        api: ApiRequest[Any] = self.fn(resource, *args, **kwargs)
        return api


class endpoint(_Descriptor, Generic[P, R]):
    """Decorator for a plain call."""

    def __init__(self, fn: Callable[Concatenate[Any, P], ApiRequest[R]]) -> None:
        super().__init__(fn)

    if TYPE_CHECKING:
        @overload
        def __get__(self, obj: None, owner: type) -> Self: ...

        @overload
        def __get__(self, obj: Resource[RawClient], owner: type) -> Callable[P, RawResponse[R]]: ...

        @overload
        def __get__(
            self, obj: Resource[AsyncRawClient], owner: type
        ) -> Callable[P, Coroutine[Any, Any, RawResponse[R]]]: ...

        @overload
        def __get__(self, obj: Resource[Client], owner: type) -> Callable[P, R]: ...

        @overload
        def __get__(
            self, obj: Resource[AsyncClient], owner: type
        ) -> Callable[P, Coroutine[Any, Any, R]]: ...

        def __get__(self, obj: Any, owner: type) -> Any: ...

        def describe(self, resource: Any, /, *args: P.args, **kwargs: P.kwargs) -> ApiRequest[R]: ...


class binary_endpoint(endpoint[P, R]):
    """Decorator for a call whose body or answer is not JSON (multipart, bytes): no ``_byot`` twin."""

    _has_byot = False


class stream_endpoint(_Descriptor, Generic[P, R]):
    """Decorator for a server-sent event stream of ``R`` items."""

    _shown = staticmethod(lambda r: f"Stream[{r}]")

    def __init__(self, fn: Callable[Concatenate[Any, P], ApiRequest[R]]) -> None:
        super().__init__(fn)

    if TYPE_CHECKING:
        @overload
        def __get__(self, obj: None, owner: type) -> Self: ...

        @overload
        def __get__(
            self, obj: Resource[RawClient], owner: type
        ) -> Callable[P, RawResponse[Stream[R]]]: ...

        @overload
        def __get__(
            self, obj: Resource[AsyncRawClient], owner: type
        ) -> Callable[P, Coroutine[Any, Any, RawResponse[AsyncStream[R]]]]: ...

        @overload
        def __get__(self, obj: Resource[Client], owner: type) -> Callable[P, Stream[R]]: ...

        @overload
        def __get__(
            self, obj: Resource[AsyncClient], owner: type
        ) -> Callable[P, Coroutine[Any, Any, AsyncStream[R]]]: ...

        def __get__(self, obj: Any, owner: type) -> Any: ...

        def describe(self, resource: Any, /, *args: P.args, **kwargs: P.kwargs) -> ApiRequest[R]: ...


class page_endpoint(_Descriptor, Generic[P, R]):
    """Decorator for a list: a page that iterates every item of every page.

    On ``AsyncClient`` the call is not a coroutine but an ``AsyncPager``: ``await``
    it for the first page, or ``async for`` over all items.
    """

    _invoker = "_invoke_page"

    def __init__(self, fn: Callable[Concatenate[Any, P], ApiRequest[R]]) -> None:
        super().__init__(fn)

    if TYPE_CHECKING:
        @overload
        def __get__(self, obj: None, owner: type) -> Self: ...

        @overload
        def __get__(self, obj: Resource[RawClient], owner: type) -> Callable[P, RawResponse[R]]: ...

        @overload
        def __get__(
            self, obj: Resource[AsyncRawClient], owner: type
        ) -> Callable[P, Awaitable[RawResponse[R]]]: ...

        @overload
        def __get__(self, obj: Resource[Client], owner: type) -> Callable[P, R]: ...

        @overload
        def __get__(self, obj: Resource[AsyncClient], owner: type) -> Callable[P, AsyncPager[R]]: ...

        def __get__(self, obj: Any, owner: type) -> Any: ...

        def describe(self, resource: Any, /, *args: P.args, **kwargs: P.kwargs) -> ApiRequest[R]: ...


@dataclass(frozen=True, slots=True)
class Calls:
    """One step of a plan: these calls, whose results come back as a list, in order.

    ``AsyncClient`` runs up to ``concurrency`` of them at once, ``Client`` one after
    another. When one fails, the others are cancelled and its error is thrown into the
    plan, unless ``return_exceptions`` asks for errors in the result list instead.
    ``raw`` gives ``RawResponse`` results (for a header such as ``openai-poll-after-ms``).
    """

    requests: tuple[ApiRequest[Any], ...]
    concurrency: int = 1
    return_exceptions: bool = False
    raw: bool = False


@dataclass(frozen=True, slots=True)
class Invoke:
    """One step of a plan: call these Python callables (no arguments), results back in order.

    A callable may return an awaitable (an ``async def``): ``AsyncClient`` awaits them all
    concurrently, ``Client`` runs each to completion one after another (an awaitable with
    ``asyncio.run``). Plain callables run in order on both. Exceptions (``Exception``, not
    cancellation) come back as values in the list, so that one failing callable does not
    stop the others; the plan decides what an error means.
    """

    callables: tuple[Callable[[], Any], ...]


Plan: TypeAlias = Generator["Calls | Invoke | Sleep", Any, R]
"""A multi-call operation written once: yields ``Calls`` (and receives their results as a
list), ``Invoke`` (Python callables, results as a list) or ``Sleep(seconds)`` (a wait
between polls, cancellable on ``AsyncClient``)."""


class plan_endpoint(_Descriptor, Generic[P, R]):
    """Decorator for a method that describes a multi-call ``Plan`` returning ``R``."""

    _invoker = "_run_plan"
    _has_byot = False

    def __init__(self, fn: Callable[Concatenate[Any, P], Plan[R]]) -> None:
        super().__init__(fn)

    if TYPE_CHECKING:
        @overload
        def __get__(self, obj: None, owner: type) -> Self: ...

        @overload
        def __get__(self, obj: Resource[Client], owner: type) -> Callable[P, R]: ...

        @overload
        def __get__(
            self, obj: Resource[AsyncClient], owner: type
        ) -> Callable[P, Coroutine[Any, Any, R]]: ...

        def __get__(self, obj: Any, owner: type) -> Any: ...
