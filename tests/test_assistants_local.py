"""Assistants v2 end to end on the local server, in both modes: state, pagination, run
streams with typed events, requires-action round trips, polling and upload helpers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Harness

from openai_rs_port.assistant_events import AssistantEventHandler, arun_with_tools, run_with_tools
from openai_rs_port.error import ApiError, APITimeoutError, NotFoundError, StreamError
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.types import (
    AssistantToolsCode,
    AssistantToolsFunction,
    ComparisonFilter,
    ComparisonType,
    CreateAssistantRequestArgs,
    CreateChatCompletionRequestArgs,
    CreateFileRequest,
    CreateMessageRequestArgs,
    CreateRunRequestArgs,
    CreateThreadAndRunRequestArgs,
    CreateThreadRequestArgs,
    CreateVectorStoreFileRequestArgs,
    CreateVectorStoreRequestArgs,
    FilePurpose,
    FunctionObject,
    MessageContentTextObject,
    MessageRole,
    ModifyAssistantRequestArgs,
    ModifyMessageRequest,
    RunStatus,
    RunStepDetailsMessageCreationObject,
    RunStepDetailsToolCallsObject,
    SubmitToolOutputsRunRequest,
    ThreadMessageCompleted,
    ThreadMessageDelta,
    ThreadRunCompleted,
    ThreadRunCreated,
    ThreadRunRequiresAction,
    ToolsOutputs,
    TreadCreated,
    UnknownAssistantStreamEvent,
    VectorStoreFileBatchStatus,
    VectorStoreFileStatus,
    VectorStoreSearchRequestArgs,
)

pytest_plugins = ["local_server"]

WEATHER = AssistantToolsFunction(function=FunctionObject(
    name="get_weather", parameters={"type": "object", "properties": {"question": {"type": "string"}}}))


def assistant(h: Harness, *tools: Any) -> str:
    a = h.call(h.client.assistants().create(
        CreateAssistantRequestArgs().model("gpt-4o").name("Helper").tools(list(tools)).build()))
    return str(a.id)


def user(text: str) -> Any:
    return CreateMessageRequestArgs().role(MessageRole.USER).content(text).build()


def text_of(message: Any) -> str:
    return "".join(p.text.value for p in message.content if type(p) is MessageContentTextObject)


def test_assistants_crud_and_pages(local: Harness, local_server: MockOpenAIServer) -> None:
    a = local.client.assistants()
    ids = [assistant(local) for _ in range(3)]
    got = local.call(a.retrieve(ids[0]))
    assert (got.name, got.model, got.tools) == ("Helper", "gpt-4o", [])
    upd = local.call(a.update(ids[0], ModifyAssistantRequestArgs().name("Tutor").tools(
        [AssistantToolsCode()]).build()))
    assert upd.name == "Tutor" and upd.tools == [AssistantToolsCode()]
    page = local.call(a.list({"limit": 2, "order": "asc"}))
    assert [x.id for x in page.data] == ids[:2] and page.has_more
    if local.mode == "sync":
        assert [x.id for x in page] == ids[::1]  # auto-pagination over every page
    d = local.call(a.delete(ids[1]))
    assert d.deleted and d.id == ids[1]
    with pytest.raises(NotFoundError):
        local.call(a.retrieve(ids[1]))
    # The beta header goes with assistants requests, not with chat ones.
    local.call(local.client.chat().create(CreateChatCompletionRequestArgs().model("gpt-4o-mini").messages(
        [{"role": "user", "content": "hi"}]).build()))
    beta = {r.path: r.headers.get("openai-beta") for r in local_server.requests()}
    assert beta["/v1/assistants"] == "assistants=v2"
    assert beta["/v1/chat/completions"] is None


def test_threads_and_messages(local: Harness) -> None:
    th = local.client.threads()
    thread = local.call(th.create(CreateThreadRequestArgs().messages([user("first")]).metadata(
        {"k": "v"}).build()))
    assert thread.metadata == {"k": "v"}
    m = th.messages(thread.id)
    second = local.call(m.create(user("second")))
    page = local.call(m.list({"order": "asc"}))
    assert [text_of(x) for x in page.data] == ["first", "second"]
    seen = local.call(m.update(second.id, ModifyMessageRequest(metadata={"seen": "yes"})))
    assert local.call(m.retrieve(second.id)).metadata == seen.metadata == {"seen": "yes"}
    assert local.call(m.delete(second.id)).deleted
    assert [text_of(x) for x in local.call(m.list()).data] == ["first"]
    assert local.call(th.delete(thread.id)).deleted
    with pytest.raises(NotFoundError):
        local.call(th.retrieve(thread.id))


def test_run_stream_events_in_order(local: Harness) -> None:
    asst = assistant(local)
    thread = local.call(local.client.threads().create(CreateThreadRequestArgs().messages(
        [user("hello world")]).build()))
    runs = local.client.threads().runs(thread.id)
    events = local.collect(local.call(runs.create_stream(CreateRunRequestArgs().assistant_id(asst).build())))
    names = [e.event for e in events]
    assert names[:3] == ["thread.run.created", "thread.run.queued", "thread.run.in_progress"]
    assert names[-1] == "thread.run.completed"
    assert names.index("thread.run.step.created") < names.index("thread.message.created") < names.index(
        "thread.message.delta") < names.index("thread.message.completed")
    assert type(events[0]) is ThreadRunCreated and events[0].data.status is RunStatus.QUEUED
    deltas = [e for e in events if type(e) is ThreadMessageDelta]
    text = "".join(p.text.value for e in deltas for p in e.data.delta.content or [] if p.text)
    assert text == "Echo: hello world"
    [done] = [e for e in events if type(e) is ThreadMessageCompleted]
    assert text_of(done.data) == "Echo: hello world"
    assert type(events[-1]) is ThreadRunCompleted and events[-1].data.usage is not None
    steps = local.call(runs.steps(events[0].data.id).list())
    [step] = steps.data
    assert type(step.step_details) is RunStepDetailsMessageCreationObject
    assert step.step_details.message_creation.message_id == done.data.id


def test_requires_action_round_trip_streamed(local: Harness) -> None:
    asst = assistant(local, WEATHER)
    events = local.collect(local.call(local.client.threads().create_and_run_stream(
        CreateThreadAndRunRequestArgs().assistant_id(asst).thread(
            CreateThreadRequestArgs().messages([user("weather in Paris?")]).build()).build())))
    assert type(events[0]) is TreadCreated
    last = events[-1]
    assert type(last) is ThreadRunRequiresAction
    run = last.data
    assert run.required_action is not None
    [call] = run.required_action.submit_tool_outputs.tool_calls
    assert call.function.name == "get_weather" and "Paris" in call.function.arguments
    runs = local.client.threads().runs(run.thread_id)
    more = local.collect(local.call(runs.submit_tool_outputs_stream(run.id, SubmitToolOutputsRunRequest(
        tool_outputs=[ToolsOutputs(tool_call_id=call.id, output="21C")]))))
    assert more[0].event == "thread.run.queued" and type(more[-1]) is ThreadRunCompleted
    [answer] = [e for e in more if type(e) is ThreadMessageCompleted]
    assert text_of(answer.data) == "Tool said: 21C"
    steps = local.call(runs.steps(run.id).list({"order": "asc"})).data
    assert type(steps[0].step_details) is RunStepDetailsToolCallsObject
    assert steps[0].step_details.tool_calls[0].function.output == "21C"  # type: ignore[union-attr]


def test_polling_helpers(local: Harness, local_server: MockOpenAIServer) -> None:
    asst = assistant(local, WEATHER)
    thread = local.call(local.client.threads().create(CreateThreadRequestArgs().messages(
        [user("q")]).build()))
    runs = local.client.threads().runs(thread.id)
    run = local.call(runs.create_and_poll(CreateRunRequestArgs().assistant_id(asst).build(),
                                          poll_interval=0))
    assert run.status is RunStatus.REQUIRES_ACTION
    [call] = run.required_action.submit_tool_outputs.tool_calls
    done = local.call(runs.submit_tool_outputs_and_poll(run.id, SubmitToolOutputsRunRequest(
        tool_outputs=[ToolsOutputs(tool_call_id=call.id, output="sunny")]), poll_interval=0))
    assert done.status is RunStatus.COMPLETED
    msgs = local.call(local.client.threads().messages(thread.id).list())
    assert text_of(msgs.data[0]) == "Tool said: sunny"
    plain = assistant(local)
    r = local.call(local.client.threads().create_and_run_poll(
        CreateThreadAndRunRequestArgs().assistant_id(plain).thread(
            CreateThreadRequestArgs().messages([user("hey")]).build()).build(), poll_interval=0))
    assert r.status is RunStatus.COMPLETED
    # poll() on a run already settled returns at once (one retrieve).
    before = len(local_server.requests())
    assert local.call(local.client.threads().runs(r.thread_id).poll(r.id)).status is RunStatus.COMPLETED
    assert len(local_server.requests()) == before + 1


def test_poll_honours_the_poll_after_header_and_timeout(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    asst = assistant(local)
    thread = local.call(local.client.threads().create(CreateThreadRequestArgs().build()))
    runs = local.client.threads().runs(thread.id)
    run = local.call(runs.create(CreateRunRequestArgs().assistant_id(asst).build()))
    local_server.clock.poll_step = 0  # the run stays queued
    path = f"/v1/threads/{thread.id}/runs/{run.id}"
    local_server.script(path, {"pass": True, "headers": {"openai-poll-after-ms": "1"}}, method="GET")
    with pytest.raises(APITimeoutError):
        # poll_interval is an hour: only the header's 1 ms lets a second retrieve happen.
        local.call(runs.poll(run.id, poll_interval=3600, timeout=0.5))
    assert len(local_server.requests(path)) == 2


def test_stream_errors_and_unknown_events(local: Harness, local_server: MockOpenAIServer) -> None:
    thread = local.call(local.client.threads().create(CreateThreadRequestArgs().build()))
    path = f"/v1/threads/{thread.id}/runs"
    local_server.script(path, {"sse": [
        'event: thread.run.future\ndata: {"x": 1}\n\n',
        'event: error\ndata: {"error": {"message": "boom", "type": "server_error"}}\n\n']})
    stream = local.call(local.client.threads().runs(thread.id).create_stream(
        CreateRunRequestArgs().assistant_id("a").build()))
    first = local.next(stream)
    assert first == UnknownAssistantStreamEvent(event="thread.run.future", data={"x": 1})
    with pytest.raises(ApiError, match="boom"):
        local.next(stream)
    local_server.script(path, {"sse": ['event: thread.run.future\ndata: {}\n\n'], "then": "disconnect"})
    stream = local.call(local.client.threads().runs(thread.id).create_stream(
        CreateRunRequestArgs().assistant_id("a").build()))
    with pytest.raises(StreamError):
        local.collect(stream)
    local_server.script(path, {"status": 404, "json": {"error": {"message": "No thread", "type": "x"}}})
    with pytest.raises(NotFoundError):
        local.call(local.client.threads().runs(thread.id).create_stream(
            CreateRunRequestArgs().assistant_id("a").build()))


DOCS = {"returns.txt": b"Returns are accepted within 30 days.\n\nRefunds go to the card used.",
        "shipping.txt": b"Shipping takes 5 days.\n\nExpress shipping takes 1 day."}


def test_vector_stores_upload_poll_and_search(local: Harness) -> None:
    v = local.client.vector_stores()
    store = local.call(v.create(CreateVectorStoreRequestArgs().name("docs").build()))
    files = v.files(store.id)
    f = local.call(files.upload_and_poll(("returns.txt", DOCS["returns.txt"]), poll_interval=0))
    assert f.status is VectorStoreFileStatus.COMPLETED
    batch = local.call(v.file_batches(store.id).upload_and_poll(
        [("shipping.txt", DOCS["shipping.txt"]), ("empty.txt", b"  ")], concurrency=2, poll_interval=0))
    assert batch.status is VectorStoreFileBatchStatus.COMPLETED
    assert (batch.file_counts.completed, batch.file_counts.failed) == (1, 1)
    listed = local.call(v.file_batches(store.id).list(batch.id, {"filter": "failed"}))
    assert len(listed.data) == 1 and listed.data[0].last_error is not None
    res = local.call(v.search(store.id, VectorStoreSearchRequestArgs().query("how long does shipping take")
                              .build()))
    assert [h.filename for h in res.data] == ["shipping.txt"]
    assert res.data[0].content[0].text.startswith("Shipping takes 5 days")
    content = local.call(files.retrieve_file_content(f.id))
    assert content.data[0].text == DOCS["returns.txt"].decode()
    # Attributes filter the hits.
    up = local.call(local.client.files().create(CreateFileRequest(
        file=("x.txt", b"shipping rules"), purpose=FilePurpose.ASSISTANTS)))
    local.call(files.create(CreateVectorStoreFileRequestArgs().file_id(up.id).attributes(
        {"region": "eu"}).build()))
    local.call(files.retrieve(up.id))
    local.call(files.retrieve(up.id))
    eu = local.call(v.search(store.id, VectorStoreSearchRequestArgs().query("shipping").filters(
        ComparisonFilter(type=ComparisonType.EQ, key="region", value="eu")).build()))
    assert [h.file_id for h in eu.data] == [up.id]
    store_now = local.call(v.retrieve(store.id))
    assert store_now.file_counts.total == 4
    assert local.call(files.delete(f.id)).deleted
    assert local.call(v.delete(store.id)).deleted


def test_a_message_attachment_for_file_search_goes_into_the_thread_store(local: Harness) -> None:
    from openai_rs_port.types import (
        AssistantToolsFileSearch,
        MessageAttachment,
        MessageAttachmentToolFileSearch,
    )

    up = local.call(local.client.files().create(CreateFileRequest(
        file=("lyft.txt", b"Lyft made an annual loss."), purpose=FilePurpose.ASSISTANTS)))
    attached = (CreateMessageRequestArgs().role(MessageRole.USER).content("What was the annual loss?")
                .attachments([MessageAttachment(file_id=up.id, tools=[MessageAttachmentToolFileSearch()])])
                .build())
    thread = local.call(local.client.threads().create(CreateThreadRequestArgs().messages([attached]).build()))
    assert thread.tool_resources is not None and thread.tool_resources.file_search is not None
    [store_id] = thread.tool_resources.file_search.vector_store_ids or []
    store_files = local.call(local.client.vector_stores().files(store_id).list())
    assert [f.id for f in store_files.data] == [up.id]
    # A second attachment of the same thread goes into the same store.
    other = local.call(local.client.files().create(CreateFileRequest(
        file=("uber.txt", b"Uber made a profit."), purpose=FilePurpose.ASSISTANTS)))
    local.call(local.client.threads().messages(thread.id).create(
        CreateMessageRequestArgs().role(MessageRole.USER).content("And Uber?").attachments(
            [MessageAttachment(file_id=other.id, tools=[MessageAttachmentToolFileSearch()])]).build()))
    again = local.call(local.client.threads().retrieve(thread.id))
    assert again.tool_resources.file_search.vector_store_ids == [store_id]
    assert local.call(local.client.vector_stores().retrieve(store_id)).file_counts.total == 2
    # The run searches it: the assistant itself has no store.
    run = local.call(local.client.threads().runs(thread.id).create_and_poll(
        CreateRunRequestArgs().assistant_id(assistant(local, AssistantToolsFileSearch())).build(),
        poll_interval=0))
    [answer] = local.call(local.client.threads().messages(thread.id).list({"run_id": run.id})).data
    assert text_of(answer) == "Uber made a profit. [1]"
    assert answer.content[0].text.annotations[0].file_citation.file_id == other.id


def test_the_code_interpreter_shows_a_graph_when_asked_for_one(local: Harness) -> None:
    from openai_rs_port.types import MessageContentImageFileObject

    helper = assistant(local, AssistantToolsCode())

    def answer(text: str) -> Any:
        run = local.call(local.client.threads().create_and_run_poll(
            CreateThreadAndRunRequestArgs().assistant_id(helper)
            .thread(CreateThreadRequestArgs().messages([user(text)]).build()).build(), poll_interval=0))
        [message] = local.call(local.client.threads().messages(run.thread_id).list({"run_id": run.id})).data
        return message

    graph = answer("Plot the squares as a PNG")
    image, text = graph.content
    assert isinstance(image, MessageContentImageFileObject) and type(text) is MessageContentTextObject
    assert local.call(local.client.files().content(image.image_file.file_id)).startswith(b"\x89PNG")
    assert local.call(local.client.files().retrieve(image.image_file.file_id)).filename == "graph.png"
    assert [type(p) for p in answer("Squares of 1 to 5").content] == [MessageContentTextObject]


def test_cancelling_the_async_poll_stops_it_at_once(local_server: MockOpenAIServer) -> None:
    import asyncio
    import time

    from conftest import TEST_KEY

    from openai_rs_port import AsyncClient, OpenAIConfig

    local_server.reset()

    async def scenario() -> None:
        async with AsyncClient(OpenAIConfig(api_key=TEST_KEY, api_base=local_server.base_url)) as client:
            a = await client.assistants().create(CreateAssistantRequestArgs().model("m").build())
            thread = await client.threads().create(CreateThreadRequestArgs().build())
            runs = client.threads().runs(thread.id)
            run = await runs.create(CreateRunRequestArgs().assistant_id(a.id).build())
            local_server.clock.poll_step = 0  # the run stays queued
            local_server.script(f"/v1/threads/{thread.id}/runs/{run.id}", {"pass": True, "open": "polled"},
                                method="GET")
            task = asyncio.ensure_future(runs.poll(run.id, poll_interval=30))
            assert await local_server.gate("polled").wait_async(10)
            started = time.monotonic()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert time.monotonic() - started < 5  # not the 30 s poll interval
            assert len(local_server.requests(f"/v1/threads/{thread.id}/runs/{run.id}")) == 1

    try:
        asyncio.run(scenario())
    finally:
        local_server.reset()


class Recorder(AssistantEventHandler):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def on_event(self, event: Any) -> None:
        self.seen.append(event.event)

    def on_text_delta(self, delta: Any, snapshot: str) -> None:
        self.seen.append(f"text:{snapshot}")

    def on_tool_call(self, call: Any) -> None:
        self.seen.append(f"call:{call.function.name}")

    def on_message_done(self, message: Any) -> None:
        self.seen.append(f"done:{text_of(message)}")

    def on_run_completed(self, run: Any) -> None:
        self.seen.append("completed")


def test_event_handler_answers_tool_calls_and_goes_on(local: Harness) -> None:
    asst = assistant(local, WEATHER)
    thread = local.call(local.client.threads().create(CreateThreadRequestArgs().messages(
        [user("weather?")]).build()))
    runs = local.client.threads().runs(thread.id)
    stream = local.call(runs.create_stream(CreateRunRequestArgs().assistant_id(asst).build()))
    handler = Recorder()
    asked: list[str] = []

    def tool(call: Any) -> str:
        asked.append(call.function.name)
        return "rain"

    if local.loop is None:
        run = run_with_tools(local.client, stream, handler, tool)
    else:
        run = local.loop.run_until_complete(arun_with_tools(local.client, stream, handler, tool))
    assert run is not None and run.status is RunStatus.COMPLETED
    assert asked == ["get_weather"]
    assert "call:get_weather" in handler.seen
    assert handler.seen.index("call:get_weather") < handler.seen.index("thread.run.queued", 3)
    assert "text:Tool said:" in handler.seen and "text:Tool said: rain" in handler.seen
    assert handler.seen[-2:] == ["thread.run.completed", "completed"]
    assert "done:Tool said: rain" in handler.seen and handler.text == "Tool said: rain"


def test_docs_walkthroughs_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    """docs/assistants.md runs as written, block after block, against its own server."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "assistants.md").read_text()
    blocks = re.findall(r"^```python\n(.*?)^```", doc, re.S | re.M)
    assert len(blocks) >= 7
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "docs_example"}
    try:
        for i, block in enumerate(blocks):
            exec(compile(block, f"assistants.md block {i}", "exec"), namespace)
    finally:
        server = namespace.get("server")
        if server is not None:
            server.stop()
    printed = capsys.readouterr().out
    assert (tmp_path / "squares.csv").read_text().splitlines()[:2] == ["n,square", "1,1"]
    assert "logs: wrote /mnt/data/squares.csv" in printed and "message: True" in printed
    assert "files processed: 2" in printed
    assert "Express shipping takes 1 day. [1]\ncited: shipping.md" in printed
    assert "the run asks: get_weather {'question': 'Weather in Paris?'}" in printed
    assert "final: Tool said: 21C and sunny" in printed
    assert "events after the outputs: thread.run.queued ... thread.run.completed" in printed
    assert "in French: ['faq-fr.md']" in printed
    assert "async: True thread.run.completed" in printed


def test_closing_a_run_stream_early_releases_it(local: Harness, local_server: MockOpenAIServer) -> None:
    asst = assistant(local)
    thread = local.call(local.client.threads().create(CreateThreadRequestArgs().messages(
        [user("ping")]).build()))
    path = f"/v1/threads/{thread.id}/runs"
    # The rest of the stream waits a minute on a gate nobody opens: closing must not wait.
    local_server.script(path, {"sse": [
        'event: thread.run.future\ndata: {"n": 1}\n\n', {"wait": "never", "timeout": 60},
        "event: done\ndata: [DONE]\n\n"]})
    runs = local.client.threads().runs(thread.id)
    stream = local.call(runs.create_stream(CreateRunRequestArgs().assistant_id(asst).build()))
    assert local.next(stream).event == "thread.run.future"
    local.close_stream(stream)
    with pytest.raises(StopIteration):
        local.next(stream)
    # The client goes on: a whole run stream, then a plain call.
    events = local.collect(local.call(runs.create_stream(CreateRunRequestArgs().assistant_id(asst).build())))
    assert events[-1].event == "thread.run.completed"
    assert local.call(local.client.threads().retrieve(thread.id)).id == thread.id


def test_async_batch_upload_runs_concurrently(local_server: MockOpenAIServer) -> None:
    import asyncio

    from conftest import TEST_KEY

    from openai_rs_port import AsyncClient, OpenAIConfig

    local_server.reset()
    # Each upload is held until the other one has arrived: only concurrent uploads finish.
    local_server.script("/v1/files", {"pass": True, "open": "first", "wait": "second"},
                        {"pass": True, "open": "second", "wait": "first"})

    async def scenario() -> Any:
        async with AsyncClient(OpenAIConfig(api_key=TEST_KEY, api_base=local_server.base_url)) as client:
            store = await client.vector_stores().create(CreateVectorStoreRequestArgs().build())
            return await asyncio.wait_for(client.vector_stores().file_batches(store.id).upload_and_poll(
                [("a.txt", b"alpha"), ("b.txt", b"beta")], concurrency=2, poll_interval=0), 30)

    try:
        batch = asyncio.run(scenario())
        assert batch.status is VectorStoreFileBatchStatus.COMPLETED and batch.file_counts.completed == 2
    finally:
        local_server.reset()


def test_nested_lists_page_through_every_item(local: Harness) -> None:
    thread = local.call(local.client.threads().create(CreateThreadRequestArgs().messages(
        [user(f"m{i}") for i in range(5)]).build()))
    pager = local.client.threads().messages(thread.id).list({"limit": 2, "order": "asc"})
    if local.loop is None:
        texts = [text_of(m) for m in pager]
    else:
        async def every() -> list[str]:
            return [text_of(m) async for m in pager]

        texts = local.loop.run_until_complete(every())
    assert texts == [f"m{i}" for i in range(5)]
