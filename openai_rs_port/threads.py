"""Threads: conversations between a user and assistants, with their messages and runs."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, json_body, json_decoder, path_param
from ._resource import Plan, Resource, endpoint, plan_endpoint, stream_endpoint
from .assistants import BETA
from .error import InvalidArgument
from .messages import Messages
from .runs import Runs, poll_plan, run_stream
from .types.assistant_stream import AssistantStreamEvent
from .types.run import RunObject
from .types.thread import (
    CreateThreadAndRunRequest,
    CreateThreadRequest,
    DeleteThreadResponse,
    ModifyThreadRequest,
    ThreadObject,
)

__all__ = ["Threads"]

C = TypeVar("C")

_THREAD = json_decoder(ThreadObject)
_DELETED = json_decoder(DeleteThreadResponse)
_RUN = json_decoder(RunObject)


def _one(thread_id: str) -> str:
    return f"/threads/{path_param(thread_id, 'thread_id')}"


class Threads(Resource[C]):
    """Create threads that assistants can interact with; reach their messages and runs."""

    __slots__ = ()

    def messages(self, thread_id: str) -> Messages[C]:
        """The messages of a thread."""
        return self._sub(Messages, "/threads/{thread_id}", thread_id=thread_id)

    def runs(self, thread_id: str) -> Runs[C]:
        """The runs of a thread."""
        return self._sub(Runs, "/threads/{thread_id}", thread_id=thread_id)

    @endpoint
    def create_and_run(self, request: CreateThreadAndRunRequest) -> ApiRequest[RunObject]:
        """Creates a thread and runs it in one request."""
        if request.stream:
            raise InvalidArgument("When stream is true, use threads().create_and_run_stream")
        return ApiRequest("POST", "/threads/runs", _RUN, body=json_body(request), headers=BETA)

    @stream_endpoint
    def create_and_run_stream(
        self, request: CreateThreadAndRunRequest
    ) -> ApiRequest[AssistantStreamEvent]:
        """Creates a thread and runs it, streaming the run's events until ``done``."""
        if request.stream is False:
            raise InvalidArgument("When stream is false, use threads().create_and_run")
        return run_stream("POST", "/threads/runs", json_body(request, stream=True))

    @plan_endpoint
    def create_and_run_poll(self, request: CreateThreadAndRunRequest, *, poll_interval: float = 1.0,
                            timeout: float | None = None) -> Plan[RunObject]:
        """Creates a thread and runs it, then polls the run until it settles (see ``Runs``)."""
        return (yield from poll_plan(Threads.create_and_run.describe(self, request), None,
                                     poll_interval, timeout))

    @endpoint
    def create(self, request: CreateThreadRequest) -> ApiRequest[ThreadObject]:
        """Creates a thread."""
        return ApiRequest("POST", "/threads", _THREAD, body=json_body(request), headers=BETA)

    @endpoint
    def retrieve(self, thread_id: str) -> ApiRequest[ThreadObject]:
        """Retrieves a thread."""
        return ApiRequest("GET", _one(thread_id), _THREAD, headers=BETA)

    @endpoint
    def update(self, thread_id: str, request: ModifyThreadRequest) -> ApiRequest[ThreadObject]:
        """Modifies a thread."""
        return ApiRequest("POST", _one(thread_id), _THREAD, body=json_body(request), headers=BETA)

    @endpoint
    def delete(self, thread_id: str) -> ApiRequest[DeleteThreadResponse]:
        """Deletes a thread."""
        return ApiRequest("DELETE", _one(thread_id), _DELETED, headers=BETA)
