"""Threads, messages, runs and run steps against Prism, in both modes; their types."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import Harness
from spec import assert_valid

from openai_rs_port.assistants import BETA
from openai_rs_port.error import InvalidArgument
from openai_rs_port.messages import Messages
from openai_rs_port.runs import Runs
from openai_rs_port.steps import Steps
from openai_rs_port.threads import Threads
from openai_rs_port.types import (
    AssistantToolsCode,
    CodeInterpreter,
    CodeInterpreterArgs,
    CreateMessageRequest,
    CreateMessageRequestArgs,
    CreateRunRequest,
    CreateRunRequestArgs,
    CreateThreadAndRunRequest,
    CreateThreadAndRunRequestArgs,
    CreateThreadRequestArgs,
    DeleteMessageResponse,
    DeleteThreadResponse,
    FunctionCall,
    ImageFile,
    ImageUrl,
    ListMessagesResponse,
    ListRunsResponse,
    ListRunStepsResponse,
    MessageAttachment,
    MessageAttachmentToolFileSearch,
    MessageContentImageFileObject,
    MessageContentImageUrlObject,
    MessageContentRefusalObject,
    MessageContentTextAnnotationsFileCitationObject,
    MessageContentTextAnnotationsFilePathObject,
    MessageContentTextObject,
    MessageDeltaContentImageFileObject,
    MessageDeltaContentRefusalObject,
    MessageDeltaContentTextAnnotationsFileCitationObject,
    MessageDeltaContentTextObject,
    MessageDeltaObject,
    MessageObject,
    MessageRequestContentTextObject,
    MessageRole,
    MessageStatus,
    ModifyMessageRequest,
    ModifyRunRequest,
    ModifyThreadRequest,
    ReasoningEffort,
    RunObject,
    RunStatus,
    RunStepDeltaObject,
    RunStepDeltaStepDetailsToolCallsCodeObject,
    RunStepDeltaStepDetailsToolCallsCodeOutputLogsObject,
    RunStepDeltaStepDetailsToolCallsFunctionObject,
    RunStepDeltaStepDetailsToolCallsObject,
    RunStepDetailsMessageCreationObject,
    RunStepDetailsToolCallsCodeObject,
    RunStepDetailsToolCallsCodeOutputImageObject,
    RunStepDetailsToolCallsCodeOutputLogsObject,
    RunStepDetailsToolCallsFileSearchObject,
    RunStepDetailsToolCallsFunctionObject,
    RunStepDetailsToolCallsObject,
    RunStepObject,
    RunStepType,
    RunToolCallObject,
    SubmitToolOutputsRunRequest,
    ThreadObject,
    ToolsOutputs,
    ToolsOutputsArgs,
    TruncationObject,
    TruncationObjectType,
)


def wire(m: Any) -> Any:
    """A request as JSON on the wire (enum values as strings)."""
    return json.loads(json.dumps(m.to_dict()))


def check_thread(t: Any) -> None:
    assert type(t) is ThreadObject
    assert (t.id, t.object, t.created_at) == ("string", "thread", 0)
    assert t.metadata == {"property1": "string", "property2": "string"}


def check_message(m: Any) -> None:
    assert type(m) is MessageObject
    assert (m.id, m.object, m.created_at, m.thread_id) == ("string", "thread.message", 0, "string")
    assert m.status is MessageStatus.IN_PROGRESS
    assert m.role is MessageRole.USER
    assert isinstance(m.content, list)


def check_run(r: Any) -> None:
    assert type(r) is RunObject
    assert (r.id, r.object, r.thread_id, r.assistant_id) == ("string", "thread.run", "string", "string")
    assert r.status is RunStatus.QUEUED
    assert r.required_action is not None
    [call] = r.required_action.submit_tool_outputs.tool_calls
    assert call == RunToolCallObject(id="string", type="function",
                                     function=FunctionCall(name="string", arguments="string"))
    assert r.parallel_tool_calls is True


def check_step(s: Any) -> None:
    assert type(s) is RunStepObject
    assert (s.id, s.object, s.run_id) == ("string", "thread.run.step", "string")
    assert s.type is RunStepType.MESSAGE_CREATION
    assert type(s.step_details) is RunStepDetailsMessageCreationObject
    assert s.step_details.message_creation.message_id == "string"


MESSAGE = (
    CreateMessageRequestArgs.default()
    .role(MessageRole.USER)
    .content(iter([
        MessageRequestContentTextObject(text="What is in this image?"),
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
        MessageContentImageFileObject(image_file=ImageFile(file_id="file-img")),
    ]))
    .attachments([MessageAttachment(file_id="file-1", tools=[MessageAttachmentToolFileSearch()])])
    .metadata({"k": "v"})
    .build()
)


def test_message_builder_takes_a_str_or_parts() -> None:
    with pytest.raises(InvalidArgument) as e:
        CreateMessageRequestArgs().build()
    assert e.value.missing == ("role", "content")
    text = CreateMessageRequestArgs().role("user").content("Hello").build()
    assert text.to_dict() == {"role": "user", "content": "Hello"}
    assert_valid("CreateMessageRequest", text)
    assert type(MESSAGE.content) is list and len(MESSAGE.content) == 3
    assert type(MESSAGE.content[1]) is MessageContentImageUrlObject
    assert wire(MESSAGE)["content"] == [
        {"type": "text", "text": "What is in this image?"},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
        {"type": "image_file", "image_file": {"file_id": "file-img"}},
    ]
    assert_valid("CreateMessageRequest", MESSAGE)
    assert CreateMessageRequest.from_dict(wire(MESSAGE)) == MESSAGE


def test_message_content_decodes_by_tag() -> None:
    m = MessageObject.from_dict({
        "id": "msg_1", "object": "thread.message", "created_at": 1, "thread_id": "t", "role": "assistant",
        "content": [
            {"type": "text", "text": {"value": "See [1] and [2]", "annotations": [
                {"type": "file_citation", "text": "[1]", "file_citation": {"file_id": "f1"},
                 "start_index": 4, "end_index": 7},
                {"type": "file_path", "text": "[2]", "file_path": {"file_id": "f2"},
                 "start_index": 12, "end_index": 15}]}},
            {"type": "image_file", "image_file": {"file_id": "f3", "detail": "low"}},
            {"type": "image_url", "image_url": {"url": "https://x"}},
            {"type": "refusal", "refusal": "no"},
        ]})
    text, image, url, refusal = m.content
    assert type(text) is MessageContentTextObject
    cite, path = text.text.annotations
    assert type(cite) is MessageContentTextAnnotationsFileCitationObject
    assert cite.file_citation.file_id == "f1"
    assert type(path) is MessageContentTextAnnotationsFilePathObject and path.file_path.file_id == "f2"
    assert type(image) is MessageContentImageFileObject and image.image_file.detail == "low"
    assert url == MessageContentImageUrlObject(image_url=ImageUrl(url="https://x"))
    assert refusal == MessageContentRefusalObject(refusal="no")


def test_message_deltas_decode_by_tag() -> None:
    d = MessageDeltaObject.from_dict({"id": "msg_1", "object": "thread.message.delta", "delta": {
        "role": "assistant", "content": [
            {"index": 0, "type": "text", "text": {"value": "Hi", "annotations": [
                {"index": 0, "type": "file_citation", "file_citation": {"file_id": "f"}}]}},
            {"index": 1, "type": "image_file", "image_file": {"file_id": "f"}},
            {"index": 2, "type": "refusal", "refusal": "no"}]}})
    assert d.delta.content is not None
    text, image, refusal = d.delta.content
    assert type(text) is MessageDeltaContentTextObject and text.text is not None
    assert text.text.value == "Hi"
    assert text.text.annotations is not None
    assert type(text.text.annotations[0]) is MessageDeltaContentTextAnnotationsFileCitationObject
    assert type(image) is MessageDeltaContentImageFileObject
    assert type(refusal) is MessageDeltaContentRefusalObject


def test_step_details_decode_by_tag() -> None:
    base = {"id": "step_1", "object": "thread.run.step", "created_at": 0, "thread_id": "t", "run_id": "r",
            "type": "tool_calls", "status": "completed"}
    s = RunStepObject.from_dict({**base, "step_details": {"type": "tool_calls", "tool_calls": [
        {"id": "c1", "type": "code_interpreter", "code_interpreter": {"input": "1+1", "outputs": [
            {"type": "logs", "logs": "2"}, {"type": "image", "image": {"file_id": "f"}}]}},
        {"id": "c2", "type": "file_search", "file_search": {
            "ranking_options": {"ranker": "auto", "score_threshold": 0.1},
            "results": [{"file_id": "f", "file_name": "a.txt", "score": 0.9,
                         "content": [{"type": "text", "text": "x"}]}]}},
        {"id": "c3", "type": "function", "function": {"name": "f", "arguments": "{}", "output": "1"}}]}})
    assert type(s.step_details) is RunStepDetailsToolCallsObject
    code, search, fn = s.step_details.tool_calls
    assert type(code) is RunStepDetailsToolCallsCodeObject
    logs, img = code.code_interpreter.outputs
    assert type(logs) is RunStepDetailsToolCallsCodeOutputLogsObject and logs.logs == "2"
    assert type(img) is RunStepDetailsToolCallsCodeOutputImageObject and img.image.file_id == "f"
    assert type(search) is RunStepDetailsToolCallsFileSearchObject
    assert search.file_search.results is not None and search.file_search.results[0].score == 0.9
    assert type(fn) is RunStepDetailsToolCallsFunctionObject and fn.function.output == "1"
    d = RunStepDeltaObject.from_dict({"id": "step_1", "object": "thread.run.step.delta", "delta": {
        "step_details": {"type": "tool_calls", "tool_calls": [
            {"index": 0, "type": "code_interpreter", "code_interpreter": {"outputs": [
                {"index": 0, "type": "logs", "logs": "2"}]}},
            {"index": 1, "type": "function", "function": {"arguments": "{\""}}]}}})
    details = d.delta.step_details
    assert type(details) is RunStepDeltaStepDetailsToolCallsObject and details.tool_calls is not None
    dcode, dfn = details.tool_calls
    assert type(dcode) is RunStepDeltaStepDetailsToolCallsCodeObject
    assert dcode.code_interpreter is not None and dcode.code_interpreter.outputs is not None
    assert type(dcode.code_interpreter.outputs[0]) is RunStepDeltaStepDetailsToolCallsCodeOutputLogsObject
    assert type(dfn) is RunStepDeltaStepDetailsToolCallsFunctionObject
    ci = CodeInterpreterArgs().input("x").outputs([{"type": "logs", "logs": "y"}]).build()
    assert ci == CodeInterpreter(input="x", outputs=[RunStepDetailsToolCallsCodeOutputLogsObject(logs="y")])


# ---------------------------------------------------------------- threads through Prism


def test_threads(prism: Harness) -> None:
    th = prism.client.threads()
    req = CreateThreadRequestArgs().messages([MESSAGE]).metadata({"user": "u1"}).build()
    assert_valid("CreateThreadRequest", req)
    check_thread(prism.call(th.create(req)))
    check_thread(prism.call(th.create(CreateThreadRequestArgs().build())))
    check_thread(prism.call(th.retrieve("thread_abc")))
    mod = ModifyThreadRequest(metadata={"a": "b"})
    assert_valid("ModifyThreadRequest", mod)
    check_thread(prism.call(th.update("thread_abc", mod)))
    assert prism.call(th.delete("thread_abc")) == DeleteThreadResponse(
        id="string", deleted=True, object="thread.deleted")
    api = Threads.delete.fn(th, "t/1")
    assert (api.method, api.path, api.headers) == ("DELETE", "/threads/t%2F1", BETA)


CAR = (
    CreateThreadAndRunRequestArgs.default()
    .assistant_id("asst_1")
    .thread(CreateThreadRequestArgs().messages([CreateMessageRequestArgs().role("user").content("Hi")
                                                .build()]).build())
    .model("gpt-4o")
    .instructions("Be brief")
    .tools([AssistantToolsCode()])
    .metadata({"k": "v"})
    .temperature(1)
    .top_p(1)
    .max_prompt_tokens(1000)
    .max_completion_tokens(1000)
    .truncation_strategy(TruncationObject(type=TruncationObjectType.LAST_MESSAGES, last_messages=3))
    .tool_choice("auto")
    .parallel_tool_calls(False)
    .response_format("auto")
    .build()
)


def test_create_and_run(prism: Harness) -> None:
    with pytest.raises(InvalidArgument) as e:
        CreateThreadAndRunRequestArgs().build()
    assert e.value.missing == ("assistant_id",)
    assert_valid("CreateThreadAndRunRequest", CAR)
    assert CreateThreadAndRunRequest.from_dict(wire(CAR)) == CAR
    check_run(prism.call(prism.client.threads().create_and_run(CAR)))
    api = Threads.create_and_run_stream.fn(prism.client.threads(), CAR)
    assert (api.method, api.path, api.headers) == ("POST", "/threads/runs", BETA)
    assert json.loads(api.body)["stream"] is True and api.stream is not None
    assert_valid("CreateThreadAndRunRequest", json.loads(api.body))
    with pytest.raises(InvalidArgument):
        prism.call(prism.client.threads().create_and_run(
            CreateThreadAndRunRequest(assistant_id="a", stream=True)))


# ---------------------------------------------------------------- messages through Prism


def test_messages(prism: Harness) -> None:
    m = prism.client.threads().messages("thread_abc")
    check_message(prism.call(m.create(MESSAGE)))
    check_message(prism.call(m.retrieve("msg_abc")))
    check_message(prism.call(m.update("msg_abc", ModifyMessageRequest(metadata={"a": "b"}))))
    assert prism.call(m.delete("msg_abc")) == DeleteMessageResponse(
        id="string", deleted=True, object="thread.message.deleted")
    for query in (None, {"limit": 1, "order": "desc", "run_id": "run_1"}):
        page = prism.call(m.list(query))
        assert type(page) is ListMessagesResponse and page.has_more is False
        check_message(page.data[0])
    api = Messages.update.fn(m, "msg/1", ModifyMessageRequest())
    assert (api.method, api.path, api.headers) == ("POST", "/threads/thread_abc/messages/msg%2F1", BETA)
    nested = prism.client.threads().messages("t/1")
    assert Messages.list.fn(nested).path == "/threads/t%2F1/messages"


# ---------------------------------------------------------------- runs and steps through Prism

RUN = (
    CreateRunRequestArgs.default()
    .assistant_id("asst_1")
    .model("o3-mini")
    .reasoning_effort(ReasoningEffort.LOW)
    .instructions("Be brief")
    .additional_instructions("Really")
    .additional_messages([MESSAGE])
    .tools([{"type": "file_search"}])
    .metadata({"k": "v"})
    .temperature(0.2)
    .top_p(0.3)
    .max_prompt_tokens(500)
    .max_completion_tokens(600)
    .truncation_strategy({"type": "auto"})
    .tool_choice({"type": "file_search"})
    .parallel_tool_calls(True)
    .response_format({"type": "text"})
    .build()
)


def test_runs(prism: Harness) -> None:
    r = prism.client.threads().runs("thread_abc")
    with pytest.raises(InvalidArgument) as e:
        CreateRunRequestArgs().build()
    assert e.value.missing == ("assistant_id",)
    assert_valid("CreateRunRequest", RUN)
    assert CreateRunRequest.from_dict(wire(RUN)) == RUN
    check_run(prism.call(r.create(RUN)))
    check_run(prism.call(r.retrieve("run_abc")))
    check_run(prism.call(r.update("run_abc", ModifyRunRequest(metadata={"a": "b"}))))
    check_run(prism.call(r.cancel("run_abc")))
    outputs = SubmitToolOutputsRunRequest(tool_outputs=[
        ToolsOutputsArgs().tool_call_id("call_1").output("42").build(), ToolsOutputs(tool_call_id="c2")])
    assert_valid("SubmitToolOutputsRunRequest", outputs)
    check_run(prism.call(r.submit_tool_outputs("run_abc", outputs)))
    for query in (None, {"limit": 5, "before": "run_0"}):
        page = prism.call(r.list(query))
        assert type(page) is ListRunsResponse and page.first_id == "run_abc123"
        check_run(page.data[0])
    api = Runs.create_stream.fn(r, RUN)
    assert (api.method, api.path, api.headers) == ("POST", "/threads/thread_abc/runs", BETA)
    assert json.loads(api.body)["stream"] is True
    api = Runs.submit_tool_outputs_stream.fn(r, "run_abc", outputs)
    assert api.path == "/threads/thread_abc/runs/run_abc/submit_tool_outputs"
    assert json.loads(api.body) == {"tool_outputs": [{"tool_call_id": "call_1", "output": "42"},
                                                     {"tool_call_id": "c2"}], "stream": True}
    assert_valid("SubmitToolOutputsRunRequest", json.loads(api.body))
    for bad in (lambda: r.create(CreateRunRequest(assistant_id="a", stream=True)),
                lambda: r.create_stream(CreateRunRequest(assistant_id="a", stream=False)),
                lambda: r.submit_tool_outputs(
                    "run", SubmitToolOutputsRunRequest(tool_outputs=[], stream=True))):
        with pytest.raises(InvalidArgument):
            prism.call(bad())


def test_steps(prism: Harness) -> None:
    s = prism.client.threads().runs("thread_abc").steps("run_abc")
    check_step(prism.call(s.retrieve("step_abc")))
    for query in (None, {"limit": 3, "order": "asc"}):
        page = prism.call(s.list(query))
        assert type(page) is ListRunStepsResponse and page.last_id == "step_abc456"
        check_step(page.data[0])
    api = Steps.retrieve.fn(s, "step/1")
    assert (api.path, api.headers) == ("/threads/thread_abc/runs/run_abc/steps/step%2F1", BETA)


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_ids_are_checked(prism: Harness, bad: str) -> None:
    th = prism.client.threads()
    for call in (lambda: th.retrieve(bad), lambda: th.messages(bad).list(),
                 lambda: th.runs("t").retrieve(bad), lambda: th.runs("t").steps(bad).list(),
                 lambda: th.messages("t").delete(bad)):
        with pytest.raises(InvalidArgument):
            prism.call(call())


# ---------------------------------------------------------------- polling plans, step by step


def _run(status: str) -> Any:
    return RunObject.from_dict({"id": "run_1", "created_at": 0, "thread_id": "thread_1", "status": status,
                                "model": "m", "instructions": "", "tools": [], "parallel_tool_calls": True})


def test_poll_plan_waits_as_told(prism: Harness) -> None:
    from openai_rs_port._resource import Calls, Sleep
    from openai_rs_port._response import RawResponse
    from openai_rs_port.error import APITimeoutError

    def raw(status: str, headers: dict[str, str] | None = None) -> RawResponse[Any]:
        return RawResponse(200, headers or {}, 0.0, lambda: _run(status))

    runs = prism.client.threads().runs("thread_1")
    plan = Runs.create_and_poll.fn(runs, CreateRunRequest(assistant_id="a"), poll_interval=0.25)
    step = next(plan)
    assert type(step) is Calls and step.raw and step.requests[0].path == "/threads/thread_1/runs"
    # Without the header the plan waits poll_interval; the header's milliseconds win.
    assert plan.send([raw("queued")]) == Sleep(0.25)
    get = plan.send(None)
    assert type(get) is Calls and get.requests[0].path == "/threads/thread_1/runs/run_1"
    assert get.requests[0].headers == BETA
    assert plan.send([raw("in_progress", {"openai-poll-after-ms": "40"})]) == Sleep(0.04)
    plan.send(None)
    with pytest.raises(StopIteration) as done:
        plan.send([raw("requires_action")])
    assert done.value.value.status is RunStatus.REQUIRES_ACTION
    # A total timeout: the plan refuses to sleep past it.
    late = Runs.poll.fn(runs, "run_1", poll_interval=10, timeout=1)
    next(late)
    with pytest.raises(APITimeoutError):
        late.send([raw("queued")])
    with pytest.raises(InvalidArgument):
        next(Runs.poll.fn(runs, "run_1", poll_interval=-1))
