"""A callback class that consumes run streams, and a helper that answers tool calls.

Subclass ``AssistantEventHandler`` and override the ``on_*`` methods you need; then feed it a
stream (``handler.consume(stream)``, or ``await handler.aconsume(stream)`` for an
``AsyncStream``). ``run_with_tools`` (``arun_with_tools`` on ``AsyncClient``) consumes a stream
and, each time the run stops in ``requires_action``, computes the outputs with your function,
submits them with ``submit_tool_outputs_stream`` and goes on with the same handler on the new
stream, until the run ends.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Awaitable, Callable, Iterable
from typing import Any

from .types.assistant_stream import (
    AssistantStreamEvent,
    ThreadMessageCompleted,
    ThreadMessageCreated,
    ThreadMessageDelta,
    ThreadRunCompleted,
    ThreadRunFailed,
    ThreadRunRequiresAction,
    ThreadRunStepCompleted,
    ThreadRunStepCreated,
    ThreadRunStepDelta,
    UnknownAssistantStreamEvent,
)
from .types.message import MessageDeltaContentTextObject, MessageObject
from .types.run import RunObject, RunStatus, RunToolCallObject, SubmitToolOutputsRunRequest, ToolsOutputs
from .types.step import RunStepDeltaStepDetailsToolCallsObject, RunStepObject

__all__ = ["AssistantEventHandler", "arun_with_tools", "run_with_tools"]


class AssistantEventHandler:
    """Callbacks for the events of a run stream; every method does nothing by default.

    After a stream is consumed, ``current_run`` is the last run seen and ``text`` the text of
    the last message, as its deltas built it.
    """

    def __init__(self) -> None:
        self.current_run: RunObject | None = None
        self.text = ""

    def on_event(self, event: AssistantStreamEvent) -> None:
        """Every event, before the specific callback."""

    def on_message_created(self, message: MessageObject) -> None:
        """A message started."""

    def on_text_delta(self, delta: MessageDeltaContentTextObject, snapshot: str) -> None:
        """A piece of a message's text, and the text so far."""

    def on_message_done(self, message: MessageObject) -> None:
        """A message completed."""

    def on_run_step_created(self, step: RunStepObject) -> None:
        """A run step started."""

    def on_tool_call_delta(self, delta: Any) -> None:
        """A piece of a tool call (code interpreter, file search or function) as a step streams."""

    def on_run_step_done(self, step: RunStepObject) -> None:
        """A run step completed."""

    def on_tool_call(self, call: RunToolCallObject) -> None:
        """A function call the run waits for (once per call, when it reaches ``requires_action``)."""

    def on_run_completed(self, run: RunObject) -> None:
        """The run completed."""

    def on_run_failed(self, run: RunObject) -> None:
        """The run failed."""

    def on_unknown_event(self, event: UnknownAssistantStreamEvent) -> None:
        """An event this library does not know, with its name and raw data."""

    def dispatch(self, event: AssistantStreamEvent) -> None:
        """Call the callbacks that ``event`` is for."""
        self.on_event(event)
        data = getattr(event, "data", None)
        if isinstance(data, RunObject):
            self.current_run = data
        if type(event) is ThreadMessageCreated:
            self.text = ""
            self.on_message_created(event.data)
        elif type(event) is ThreadMessageDelta:
            for part in event.data.delta.content or []:
                if type(part) is MessageDeltaContentTextObject and part.text is not None:
                    self.text += part.text.value or ""
                    self.on_text_delta(part, self.text)
        elif type(event) is ThreadMessageCompleted:
            self.on_message_done(event.data)
        elif type(event) is ThreadRunStepCreated:
            self.on_run_step_created(event.data)
        elif type(event) is ThreadRunStepDelta:
            details = event.data.delta.step_details
            if type(details) is RunStepDeltaStepDetailsToolCallsObject:
                for call in details.tool_calls or []:
                    self.on_tool_call_delta(call)
        elif type(event) is ThreadRunStepCompleted:
            self.on_run_step_done(event.data)
        elif type(event) is ThreadRunRequiresAction:
            action = event.data.required_action
            for tool_call in action.submit_tool_outputs.tool_calls if action else []:
                self.on_tool_call(tool_call)
        elif type(event) is ThreadRunCompleted:
            self.on_run_completed(event.data)
        elif type(event) is ThreadRunFailed:
            self.on_run_failed(event.data)
        elif type(event) is UnknownAssistantStreamEvent:
            self.on_unknown_event(event)

    def consume(self, stream: Iterable[AssistantStreamEvent]) -> RunObject | None:
        """Dispatch every event of ``stream``; returns the last run seen."""
        for event in stream:
            self.dispatch(event)
        return self.current_run

    async def aconsume(self, stream: AsyncIterable[AssistantStreamEvent]) -> RunObject | None:
        """``consume`` for an ``AsyncStream``."""
        async for event in stream:
            self.dispatch(event)
        return self.current_run


def _outputs(run: RunObject, tool: Callable[[RunToolCallObject], str]) -> SubmitToolOutputsRunRequest:
    action = run.required_action
    calls = action.submit_tool_outputs.tool_calls if action else []
    return SubmitToolOutputsRunRequest(
        tool_outputs=[ToolsOutputs(tool_call_id=c.id, output=tool(c)) for c in calls])


def run_with_tools(client: Any, stream: Iterable[AssistantStreamEvent], handler: AssistantEventHandler,
                   tool: Callable[[RunToolCallObject], str]) -> RunObject | None:
    """Consume ``stream`` with ``handler``; answer each ``requires_action`` with ``tool(call)``
    for every call (through ``submit_tool_outputs_stream``) and go on, until the run ends."""
    run = handler.consume(stream)
    while run is not None and run.status is RunStatus.REQUIRES_ACTION:
        runs = client.threads().runs(run.thread_id)
        run = handler.consume(runs.submit_tool_outputs_stream(run.id, _outputs(run, tool)))
    return run


async def arun_with_tools(
    client: Any, stream: AsyncIterable[AssistantStreamEvent], handler: AssistantEventHandler,
    tool: Callable[[RunToolCallObject], str | Awaitable[str]],
) -> RunObject | None:
    """``run_with_tools`` on an ``AsyncClient``; ``tool`` may be a coroutine function."""
    run = await handler.aconsume(stream)
    while run is not None and run.status is RunStatus.REQUIRES_ACTION:
        action = run.required_action
        outputs = []
        for call in action.submit_tool_outputs.tool_calls if action else []:
            out = tool(call)
            outputs.append(ToolsOutputs(tool_call_id=call.id,
                                        output=await out if isinstance(out, Awaitable) else out))
        runs = client.threads().runs(run.thread_id)
        next_stream = await runs.submit_tool_outputs_stream(
            run.id, SubmitToolOutputsRunRequest(tool_outputs=outputs))
        run = await handler.aconsume(next_stream)
    return run
