"""Runs: an assistant working on a thread, with streams of events and polling helpers."""

from __future__ import annotations

from typing import TypeVar

from ._polling import deadline, poll_after, poll_until
from ._request import ApiRequest, Query, json_body, json_decoder, path_param, query_pairs, sse_request
from ._resource import Calls, Plan, Resource, endpoint, page_endpoint, plan_endpoint, stream_endpoint
from ._sse import Framing
from .assistants import BETA
from .error import InvalidArgument
from .steps import Steps
from .types.assistant_stream import AssistantStreamEvent
from .types.run import (
    CreateRunRequest,
    ListRunsResponse,
    ModifyRunRequest,
    RunObject,
    RunStatus,
    SubmitToolOutputsRunRequest,
)

__all__ = ["Runs"]

C = TypeVar("C")

_RUN = json_decoder(RunObject)
_RUNS = json_decoder(ListRunsResponse)

# A run stops changing on its own in these statuses; requires_action waits for the caller.
_SETTLED = frozenset({
    RunStatus.REQUIRES_ACTION, RunStatus.CANCELLED, RunStatus.FAILED, RunStatus.COMPLETED,
    RunStatus.INCOMPLETE, RunStatus.EXPIRED,
})


def run_stream(method: str, path: str, body: bytes) -> ApiRequest[AssistantStreamEvent]:
    """A call answered by a run's event stream (``event:`` names the variant)."""
    api: ApiRequest[AssistantStreamEvent] = sse_request(
        method, path, AssistantStreamEvent, body=body, framing=Framing.NAMED)
    return api._replace(headers=BETA)


def poll_plan(run: ApiRequest[RunObject] | None, path: str | None, poll_interval: float,
              timeout: float | None) -> Plan[RunObject]:
    """Sends ``run`` (or nothing, and polls the run at ``path``), then retrieves it until it settles."""
    until = deadline(poll_interval, timeout)
    first: RunObject | None = None
    wait = None
    if run is not None:
        [raw] = yield Calls((run,), raw=True)
        first = raw.parse()
        path = f"/threads/{path_param(first.thread_id, 'thread_id')}/runs/{path_param(first.id, 'run_id')}"
        wait = poll_after(raw.headers, poll_interval)
    assert path is not None
    done: RunObject = yield from poll_until(ApiRequest("GET", path, _RUN, headers=BETA),
                                            lambda r: r.status in _SETTLED, poll_interval, until,
                                            first=first, wait=wait)
    return done


class Runs(Resource[C]):
    """The runs of one thread: ``client.threads().runs(thread_id)``.

    The ``query`` of ``list`` is a mapping or ``(name, value)`` pairs (``limit``, ``order``,
    ``after``, ``before``). The ``*_poll`` helpers wait until the run reaches a terminal status
    or ``requires_action``, every ``poll_interval`` seconds (or as the server's
    ``openai-poll-after-ms`` header says), raising ``APITimeoutError`` after ``timeout`` seconds.
    """

    __slots__ = ()

    def _one(self, run_id: str) -> str:
        return f"{self._prefix}/runs/{path_param(run_id, 'run_id')}"

    def steps(self, run_id: str) -> Steps[C]:
        """The steps of a run."""
        return self._sub(Steps, "/runs/{run_id}", run_id=run_id)

    @endpoint
    def create(self, request: CreateRunRequest) -> ApiRequest[RunObject]:
        """Creates a run; raises ``InvalidArgument`` when ``request.stream`` is true."""
        if request.stream:
            raise InvalidArgument("When stream is true, use runs().create_stream")
        return ApiRequest("POST", f"{self._prefix}/runs", _RUN, body=json_body(request), headers=BETA)

    @stream_endpoint
    def create_stream(self, request: CreateRunRequest) -> ApiRequest[AssistantStreamEvent]:
        """Creates a run and streams its events until ``done``."""
        if request.stream is False:
            raise InvalidArgument("When stream is false, use runs().create")
        return run_stream("POST", f"{self._prefix}/runs", json_body(request, stream=True))

    @endpoint
    def retrieve(self, run_id: str) -> ApiRequest[RunObject]:
        """Retrieves a run."""
        return ApiRequest("GET", self._one(run_id), _RUN, headers=BETA)

    @endpoint
    def update(self, run_id: str, request: ModifyRunRequest) -> ApiRequest[RunObject]:
        """Modifies a run (its metadata)."""
        return ApiRequest("POST", self._one(run_id), _RUN, body=json_body(request), headers=BETA)

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ListRunsResponse]:
        """Returns a list of runs of the thread."""
        return ApiRequest("GET", f"{self._prefix}/runs", _RUNS, query=query_pairs(query), headers=BETA)

    @endpoint
    def cancel(self, run_id: str) -> ApiRequest[RunObject]:
        """Cancels a run that is ``in_progress``."""
        return ApiRequest("POST", f"{self._one(run_id)}/cancel", _RUN, headers=BETA)

    @endpoint
    def submit_tool_outputs(
        self, run_id: str, request: SubmitToolOutputsRunRequest
    ) -> ApiRequest[RunObject]:
        """Submits the outputs of a ``requires_action`` run's tool calls, all at once."""
        if request.stream:
            raise InvalidArgument("When stream is true, use runs().submit_tool_outputs_stream")
        return ApiRequest("POST", f"{self._one(run_id)}/submit_tool_outputs", _RUN,
                          body=json_body(request), headers=BETA)

    @stream_endpoint
    def submit_tool_outputs_stream(
        self, run_id: str, request: SubmitToolOutputsRunRequest
    ) -> ApiRequest[AssistantStreamEvent]:
        """Submits tool outputs and streams the run's events until ``done``."""
        if request.stream is False:
            raise InvalidArgument("When stream is false, use runs().submit_tool_outputs")
        return run_stream("POST", f"{self._one(run_id)}/submit_tool_outputs",
                          json_body(request, stream=True))

    @plan_endpoint
    def poll(self, run_id: str, *, poll_interval: float = 1.0,
             timeout: float | None = None) -> Plan[RunObject]:
        """Retrieves the run until it settles (terminal status or ``requires_action``)."""
        return (yield from poll_plan(None, self._one(run_id), poll_interval, timeout))

    @plan_endpoint
    def create_and_poll(self, request: CreateRunRequest, *, poll_interval: float = 1.0,
                        timeout: float | None = None) -> Plan[RunObject]:
        """Creates a run, then polls it until it settles."""
        return (yield from poll_plan(Runs.create.describe(self, request), None,
                                     poll_interval, timeout))

    @plan_endpoint
    def submit_tool_outputs_and_poll(
        self, run_id: str, request: SubmitToolOutputsRunRequest, *, poll_interval: float = 1.0,
        timeout: float | None = None,
    ) -> Plan[RunObject]:
        """Submits tool outputs, then polls the run until it settles again."""
        return (yield from poll_plan(Runs.submit_tool_outputs.describe(self, run_id, request),
                                     None, poll_interval, timeout))

