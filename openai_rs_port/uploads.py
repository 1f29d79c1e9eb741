"""Uploads: send a large file in parts, then complete it into a File.

``upload_file`` is written once, as a *plan*: a generator that yields the calls of
each step (create, then every part, then complete) and receives their results.
A client runs a plan with its own driver: the async one sends the parts of a
step concurrently, the sync one sends them one after another.

The plan machinery (``Calls``, ``plan_endpoint`` and the two drivers below)
belongs in the core: ``Calls``/``Plan``/``plan_endpoint`` in ``_resource.py``
and the drivers as ``Client._run_plan`` / ``AsyncClient._run_plan``. Until then
it lives here, and ``plan_endpoint`` prefers a client's ``_run_plan`` if it has one.
"""

from __future__ import annotations

import inspect
import mimetypes
import os
from collections.abc import Callable, Coroutine, Generator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeAlias, TypeVar, overload

from ._request import ApiRequest, Multipart, json_body, json_decoder, path_param
from ._resource import Resource, endpoint
from .error import FileReadError, InvalidArgument, JSONDeserialize, OpenAIError
from .types.file import OpenAIFile
from .types.upload import (
    AddUploadPartRequest,
    CompleteUploadRequest,
    CreateUploadRequest,
    FileSlice,
    Upload,
    UploadPart,
    UploadPurpose,
    _purpose,
)

if TYPE_CHECKING:
    from ._async import AsyncClient
    from ._sync import Client

__all__ = ["MAX_PART_SIZE", "Calls", "Plan", "Uploads", "plan_endpoint"]

C = TypeVar("C")
P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

MAX_PART_SIZE = 64 * 1024 * 1024
"""The largest part the API accepts (64 MB)."""

_UPLOAD = json_decoder(Upload)
_PART = json_decoder(UploadPart)


# ------------------------------------------------------------------ plans (core candidate)


@dataclass(frozen=True, slots=True)
class Calls:
    """One step of a plan: these calls, whose results are sent back as a list, in order.

    The async client runs up to ``concurrency`` of them at once, the sync client one
    after another. When one fails, the others are cancelled and its error is thrown
    into the plan.
    """

    requests: tuple[ApiRequest[Any], ...]
    concurrency: int = 1


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
        client = obj._client
        hook = getattr(client, "_run_plan", None)
        if hook is not None:
            return partial(hook, self.fn, obj)
        # Interim: the client class (not a call's result) says which driver to use.
        driver = _drive_async if inspect.iscoroutinefunction(client._invoke) else _drive_sync
        return partial(driver, client, self.fn, obj)


def _given(api: ApiRequest[T]) -> ApiRequest[T]:
    return api


def _drive_sync(client: Any, fn: Callable[..., Plan[R]], resource: Any, /, *args: Any,
                **kwargs: Any) -> R:
    """Run a plan on a blocking client: the calls of a step one after another."""
    plan = fn(resource, *args, **kwargs)
    sent: Any = None
    error: OpenAIError | None = None
    while True:
        try:
            step = plan.throw(error) if error is not None else plan.send(sent)
        except StopIteration as stop:
            result: R = stop.value
            return result
        sent = error = None
        try:
            sent = [client._invoke(_given, api) for api in step.requests]
        except OpenAIError as e:
            error = e


async def _drive_async(client: Any, fn: Callable[..., Plan[R]], resource: Any, /, *args: Any,
                       **kwargs: Any) -> R:
    """Run a plan on an asyncio client: up to ``concurrency`` calls of a step at once."""
    plan = fn(resource, *args, **kwargs)
    sent: Any = None
    error: OpenAIError | None = None
    while True:
        try:
            step = plan.throw(error) if error is not None else plan.send(sent)
        except StopIteration as stop:
            result: R = stop.value
            return result
        sent = error = None
        try:
            sent = await _gather(client, step)
        except OpenAIError as e:
            error = e


async def _gather(client: Any, step: Calls) -> list[Any]:
    import asyncio  # here, so that sync-only programs do not load it

    limit = asyncio.Semaphore(max(1, step.concurrency))

    async def one(api: ApiRequest[Any]) -> Any:
        async with limit:
            return await client._invoke(_given, api)

    tasks = [asyncio.ensure_future(one(api)) for api in step.requests]
    try:
        return list(await asyncio.gather(*tasks))
    finally:
        # On the first failure stop the other calls, and leave no task pending.
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


# ------------------------------------------------------------------ the Uploads group


def _mime_type(filename: str) -> str:
    if filename.endswith(".jsonl"):
        return "text/jsonl"
    guessed, _ = mimetypes.guess_type(filename, strict=False)
    return guessed or "application/octet-stream"


class Uploads(Resource[C]):
    """Upload large files in multiple parts (up to 8 GB in total, 64 MB per part)."""

    __slots__ = ()

    @endpoint
    def create(self, request: CreateUploadRequest) -> ApiRequest[Upload]:
        """Creates an Upload that you can add Parts to; it expires an hour after creation.

        Completing it yields a File made of all the parts. ``mime_type`` must suit the
        purpose (``text/jsonl`` for batch and fine-tune).
        """
        return ApiRequest("POST", "/uploads", _UPLOAD, body=json_body(request))

    @endpoint
    def add_part(self, upload_id: str, request: AddUploadPartRequest) -> ApiRequest[UploadPart]:
        """Adds a Part (at most 64 MB) to an Upload. Parts can be added in parallel."""
        body = Multipart(files=(request.data.part("data"),))
        return ApiRequest(
            "POST", f"/uploads/{path_param(upload_id, 'upload_id')}/parts", _PART, multipart=body
        )

    @endpoint
    def complete(self, upload_id: str, request: CompleteUploadRequest) -> ApiRequest[Upload]:
        """Completes the Upload; the returned Upload carries the ready File.

        ``part_ids`` give the order of the parts; their bytes must add up to the size
        given at creation. No parts may be added afterwards.
        """
        return ApiRequest(
            "POST", f"/uploads/{path_param(upload_id, 'upload_id')}/complete", _UPLOAD,
            body=json_body(request),
        )

    @endpoint
    def cancel(self, upload_id: str) -> ApiRequest[Upload]:
        """Cancels the Upload. No parts may be added afterwards."""
        # No body at all: the operation defines none (and Prism answers 415 to one).
        return ApiRequest("POST", f"/uploads/{path_param(upload_id, 'upload_id')}/cancel", _UPLOAD)

    @plan_endpoint
    def upload_file(
        self,
        path: str | os.PathLike[str],
        purpose: UploadPurpose | str,
        mime_type: str | None = None,
        *,
        filename: str | None = None,
        part_size: int = MAX_PART_SIZE,
        concurrency: int = 4,
        md5: str | None = None,
    ) -> Plan[OpenAIFile]:
        """Upload a local file of any size in parts and return the resulting File.

        The file is split into parts of ``part_size`` bytes (at most 64 MB), each read
        from disk in blocks as it is sent, so memory stays bounded whatever the size.
        The async client sends up to ``concurrency`` parts at once. A part that fails
        is retried by the client's ``Backoff`` like any call; if it still fails, the
        Upload is cancelled and the error raised. ``mime_type`` is guessed from the
        file name when not given (``text/jsonl`` for ``.jsonl``); ``md5`` (hex) lets
        the server check the bytes it received.
        """
        path = os.fspath(path)
        if not path:
            raise FileReadError("upload_file: the file path is empty")
        if not 0 < part_size <= MAX_PART_SIZE:
            raise InvalidArgument(f"part_size must be between 1 and {MAX_PART_SIZE} bytes")
        if concurrency < 1:
            raise InvalidArgument("concurrency must be at least 1")
        try:
            size = os.stat(path).st_size
        except OSError as e:
            raise FileReadError(f"cannot read {path!r}: {e.strerror or e}") from None
        name = filename or os.path.basename(path)
        create = CreateUploadRequest(
            filename=name, purpose=_purpose(purpose), bytes=size, mime_type=mime_type or _mime_type(name)
        )
        [upload] = yield Calls((Uploads.create.fn(self, create),))
        parts = tuple(
            Uploads.add_part.fn(self, upload.id, AddUploadPartRequest(
                data=FileSlice(path, offset, min(part_size, size - offset), name)))
            for offset in range(0, size, part_size)
        )
        try:
            added = yield Calls(parts, concurrency)
            complete = CompleteUploadRequest(part_ids=[p.id for p in added], md5=md5)
            [done] = yield Calls((Uploads.complete.fn(self, upload.id, complete),))
        except OpenAIError:
            # Leave no pending Upload behind; the original error is what matters.
            try:
                yield Calls((Uploads.cancel.fn(self, upload.id),))
            except OpenAIError:
                pass
            raise
        if done.file is None:
            raise JSONDeserialize(f"Upload {done.id}: completed without a 'file'", done.to_json())
        file: OpenAIFile = done.file
        return file
