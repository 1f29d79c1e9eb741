"""Every JSON answer of the local server matches the spec's response schema.

Each group's routes are driven with valid requests over real sockets, and each JSON body
(and each event of a stream) is validated with jsonschema against the 2xx response
schema of its operation in the shared spec; error bodies against ``ErrorResponse``.
Each test also checks that it reached every route of its group, so a route added
without a case here fails.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from jsonschema import Draft4Validator
from spec import spec

from openai_rs_port.testing import MockOpenAIServer, RouteGroup
from openai_rs_port.testing import routes as groups

pytest_plugins = ["local_server"]  # fixtures: local_server, local


def _nullable_all_of(node: Any) -> Any:
    """OpenAPI 3.0's ``allOf: [$ref, {nullable: true}]`` idiom as "that schema or null".

    tests/spec.py turns the second member into ``anyOf: [{}, null]``, which leaves the
    ``allOf`` requiring the object, so a ``null`` the spec allows would fail.
    """
    if isinstance(node, list):
        return [_nullable_all_of(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: _nullable_all_of(v) for k, v in node.items()}
    members = out.get("allOf")
    if isinstance(members, list):
        def is_null_marker(m: Any) -> bool:
            return (isinstance(m, dict) and set(m) == {"anyOf"} and {"type": "null"} in m["anyOf"]
                    and all(set(a) <= {"description", "default", "example"}
                            for a in m["anyOf"] if a != {"type": "null"}))

        if any(is_null_marker(m) for m in members):
            rest = {k: v for k, v in out.items() if k != "allOf"}
            kept = [m for m in members if not is_null_marker(m)]
            return {**rest, "anyOf": [{"allOf": kept}, {"type": "null"}]}
    return out


@functools.lru_cache(maxsize=1)
def _components() -> dict[str, Any]:
    return _nullable_all_of(copy.deepcopy(spec()["components"]))  # type: ignore[no-any-return]


def _errors(schema: dict[str, Any], instance: Any) -> list[str]:
    root = {**schema, "components": _components()}
    return [f"/{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}"
            for e in Draft4Validator(root).iter_errors(instance)]


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def response_schema(method: str, route: str, media: str = "application/json") -> dict[str, Any]:
    """The 2xx response schema of the operation that ``route`` (``/v1/...``) serves."""
    op = spec()["paths"][route.removeprefix("/v1")][method.lower()]
    for status, answer in op["responses"].items():
        if status.startswith("2") and media in answer.get("content", {}):
            return _nullable_all_of(answer["content"][media]["schema"])  # type: ignore[no-any-return]
    raise AssertionError(f"{method} {route}: no 2xx {media} answer in the spec")


# Where the API itself departs from the spec of this era, the emulator follows the API.
# Each departure is accepted only where it occurs, by the error text it gives:
# an empty list has null first and last ids (the spec says string);
_EMPTY_LIST_IDS = ("first_id: None is not of type 'string'", "last_id: None is not of type 'string'")
# base64 embeddings are strings (the spec says an array of floats);
_BASE64 = ("is not of type 'array'",)
# the legacy completions stream has no schema of its own: its events are response objects
# whose finish_reason is null until the last one.
_NOT_FINISHED = ("finish_reason: None is not of type 'string'",
                 "finish_reason: None is not one of ['stop', 'length', 'content_filter']")


_NAMED_SCHEMAS = {
    "thread.created": "ThreadObject",
    **{f"thread.run.{s}": "RunObject" for s in (
        "created", "queued", "in_progress", "requires_action", "completed", "incomplete", "failed",
        "cancelling", "cancelled", "expired")},
    **{f"thread.run.step.{s}": "RunStepObject" for s in (
        "created", "in_progress", "completed", "failed", "cancelled", "expired")},
    "thread.run.step.delta": "RunStepDeltaObject",
    **{f"thread.message.{s}": "MessageObject" for s in ("created", "in_progress", "completed",
                                                         "incomplete")},
    "thread.message.delta": "MessageDeltaObject",
}


# Streams typed by `type`, without [DONE]: the route and its last event.
_TYPED_STREAMS = {"/v1/responses": "response.completed",
                  "/v1/audio/transcriptions": "transcript.text.done"}


class Driver:
    """Sends requests to the local server and validates every JSON answer."""

    def __init__(self, server: MockOpenAIServer) -> None:
        self.base = server.url
        self.http = requests.Session()
        self.seen: set[tuple[str, str]] = set()
        self.problems: list[str] = []
        self.validated = 0

    def close(self) -> None:
        self.http.close()

    def call(self, method: str, route: str, *, status: int = 200, member: str | None = None,
             params: Any = None, body: Any = None, files: Any = None, data: Any = None,
             allow: tuple[str, ...] = (), **ids: str) -> Any:
        """``method route`` (ids filled in); the JSON answer, validated, or the raw one.

        ``member`` names the ``oneOf`` member the answer must match (the spec's oneOf has
        members that overlap); ``allow`` accepts schema errors that end with those texts.
        """
        path = route.format(**ids)
        r = self.http.request(method, self.base + path, params=params, json=body, files=files,
                              data=data, timeout=30)
        assert r.status_code == status, f"{method} {path}: {r.status_code} {r.text[:500]}"
        assert r.headers["x-request-id"].startswith("req_mock")
        if path.startswith("/v1/"):
            assert "x-ratelimit-remaining-requests" in r.headers
        self.seen.add((method, route))
        ctype = r.headers.get("content-type", "")
        if ctype.startswith("text/event-stream"):
            return self._stream(method, route, r.text, allow)
        if not ctype.startswith("application/json"):
            return r.content
        answer = r.json()
        if status >= 400:
            schema = _ref("ErrorResponse")
        elif member is not None:
            schema = _ref(member)
            assert schema in response_schema(method, route).get("oneOf", [schema]), member
        else:
            schema = response_schema(method, route)
        self._check(f"{method} {path}", schema, answer, allow)
        return answer

    def _stream(self, method: str, route: str, text: str, allow: tuple[str, ...]) -> list[Any]:
        if text.startswith("event: "):
            return self._named_stream(method, route, text)
        events = [line[len("data: "):] for line in text.split("\n") if line.startswith("data: ")]
        terminal = _TYPED_STREAMS.get(route)
        if terminal is not None:  # typed events: the stream ends after its terminal event
            events.append("[DONE]")
            assert json.loads(events[-2])["type"] == terminal, text[-200:]
        assert events and events[-1] == "[DONE]", text[-200:]
        try:
            schema = response_schema(method, route, "text/event-stream")
        except AssertionError:  # legacy completions stream their response object itself
            schema = response_schema(method, route)
        chunks = [json.loads(e) for e in events[:-1]]
        for i, chunk in enumerate(chunks):
            last = i == len(chunks) - 1
            self._check(f"{method} {route} event {i}", schema, chunk, () if last else allow)
        return chunks

    def _named_stream(self, method: str, route: str, text: str) -> list[Any]:
        # Assistants streams: `event:` names the payload's schema; `done` ends the stream.
        events = []
        for block in text.strip().split("\n\n"):
            lines = dict(line.split(": ", 1) for line in block.split("\n"))
            events.append((lines["event"], lines["data"]))
        assert events[-1] == ("done", "[DONE]"), text[-200:]
        out = []
        for i, (name, data) in enumerate(events[:-1]):
            obj = json.loads(data)
            self._check(f"{method} {route} event {i} ({name})", _ref(_NAMED_SCHEMAS[name]), obj)
            out.append({"event": name, "data": obj})
        return out

    def _check(self, where: str, schema: dict[str, Any], answer: Any,
               allow: tuple[str, ...] = ()) -> None:
        errors = _errors(schema, answer)
        if isinstance(answer, dict) and answer.get("object") == "list" and not answer["data"]:
            allow += _EMPTY_LIST_IDS
        errors = [e for e in errors if not e.endswith(allow)]
        self.validated += 1
        self.problems.extend(f"{where}: {e}" for e in errors)

    def finish(self, group: RouteGroup, *, skip: frozenset[tuple[str, str]] = frozenset()) -> None:
        """Assert no answer broke its schema and every route of ``group`` was reached."""
        assert not self.problems, "\n".join(self.problems[:40])
        routes = {(m, p) for m, p, _ in group.routes} - skip
        assert routes <= self.seen, f"routes not exercised: {sorted(routes - self.seen)}"


@pytest.fixture
def drive(local_server: MockOpenAIServer) -> Iterator[Driver]:
    local_server.reset()
    d = Driver(local_server)
    try:
        yield d
    finally:
        d.close()
        local_server.reset()


def _jsonl(rows: list[Any]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in rows).encode()


def _upload(d: Driver, name: str, data: bytes, purpose: str) -> str:
    f = d.call("POST", "/v1/files", files={"file": (name, data)}, data={"purpose": purpose})
    return str(f["id"])


CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hello there"}]}


def test_every_emulator_route_is_an_operation_of_the_spec() -> None:
    paths = spec()["paths"]
    for group in groups.ALL:
        for method, route, _ in group.routes:
            if not route.startswith("/v1/"):
                continue  # the generated images: files the API links to, not operations
            if route == "/v1/realtime":
                continue  # the Realtime WebSocket: its events are schemas, not an operation
            op = paths.get(route.removeprefix("/v1"), {}).get(method.lower())
            assert op is not None, f"{group.name}: {method} {route} is not in the spec"


def test_models(drive: Driver) -> None:
    listed = drive.call("GET", "/v1/models")
    assert listed["data"]
    drive.call("GET", "/v1/models/{model}", model="gpt-4o-mini")
    drive.call("DELETE", "/v1/models/{model}", model="ft:gpt-4o-mini:mock-org::mock001")
    drive.call("GET", "/v1/models/{model}", model="nope", status=404)
    drive.finish(groups.models.routes)


def test_chat(drive: Driver) -> None:
    drive.call("POST", "/v1/chat/completions", body=CHAT)
    drive.call("POST", "/v1/chat/completions", body={**CHAT, "n": 2})
    searched = drive.call("POST", "/v1/chat/completions",
                          body={**CHAT, "web_search_options": {"search_context_size": "low"}})
    assert searched["choices"][0]["message"]["annotations"][0]["type"] == "url_citation"
    chunks = drive.call("POST", "/v1/chat/completions", body={**CHAT, "stream": True})
    assert len(chunks) > 2
    drive.call("POST", "/v1/chat/completions",
               body={**CHAT, "n": 2, "stream": True, "stream_options": {"include_usage": True}})
    drive.call("POST", "/v1/chat/completions", body={"model": "gpt-4o-mini"}, status=400)
    kept = drive.call("POST", "/v1/chat/completions", body={**CHAT, "store": True, "metadata": {"k": "v"}})
    drive.call("GET", "/v1/chat/completions")
    drive.call("GET", "/v1/chat/completions", params={"model": "gpt-4o-mini", "metadata[k]": "v", "limit": 1})
    drive.call("GET", "/v1/chat/completions/{completion_id}", completion_id=kept["id"])
    drive.call("POST", "/v1/chat/completions/{completion_id}", completion_id=kept["id"],
               body={"metadata": {"k": "w"}})
    # The stored messages are the request's (the spec's schema knows only assistant ones).
    drive.call("GET", "/v1/chat/completions/{completion_id}/messages", completion_id=kept["id"],
               allow=("is not one of ['assistant']",))
    drive.call("DELETE", "/v1/chat/completions/{completion_id}", completion_id=kept["id"])
    drive.call("GET", "/v1/chat/completions/{completion_id}", completion_id=kept["id"], status=404)
    drive.finish(groups.chat.routes)


WEATHER_FN = {"name": "get_weather", "parameters": {"type": "object", "properties": {
    "location": {"type": "string"}, "unit": {"enum": ["c", "f"], "type": "string"}}}}


def test_chat_tool_calls_function_calls_and_json_schema(drive: Driver) -> None:
    tools = {**CHAT, "tools": [{"type": "function", "function": WEATHER_FN}]}
    called = drive.call("POST", "/v1/chat/completions", body=tools)
    [call] = called["choices"][0]["message"]["tool_calls"]
    assert json.loads(call["function"]["arguments"]) == {"location": "hello there", "unit": "c"}
    chunks = drive.call("POST", "/v1/chat/completions", body={**tools, "stream": True, "n": 2})
    assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"
    answered = drive.call("POST", "/v1/chat/completions", body={**tools, "messages": [
        *CHAT["messages"], {"role": "assistant", "tool_calls": [call]},
        {"role": "tool", "tool_call_id": call["id"], "content": "21C"}]})
    assert answered["choices"][0]["message"]["content"] == "Function result: 21C"
    legacy = {**CHAT, "functions": [WEATHER_FN]}
    assert drive.call("POST", "/v1/chat/completions", body=legacy)["choices"][0]["finish_reason"] == \
        "function_call"
    chunks = drive.call("POST", "/v1/chat/completions", body={**legacy, "stream": True})
    assert chunks[0]["choices"][0]["delta"]["function_call"]["name"] == "get_weather"
    schema = {"type": "object", "properties": {"steps": {"type": "array", "items": {"$ref": "#/$defs/Step"}},
                                               "n": {"type": ["integer", "null"]}},
              "$defs": {"Step": {"type": "object", "properties": {"output": {"type": "string"}}}}}
    shaped = drive.call("POST", "/v1/chat/completions", body={**CHAT, "response_format": {
        "type": "json_schema", "json_schema": {"name": "s", "schema": schema, "strict": True}}})
    assert json.loads(shaped["choices"][0]["message"]["content"]) == {
        "steps": [{"output": "hello there"}], "n": 0}


def test_completions(drive: Driver) -> None:
    body = {"model": "gpt-3.5-turbo-instruct", "prompt": "say it"}
    drive.call("POST", "/v1/completions", body=body)
    drive.call("POST", "/v1/completions", body={**body, "prompt": [[1, 2, 3]]})
    drive.call("POST", "/v1/completions", allow=_NOT_FINISHED,
               body={**body, "stream": True, "stream_options": {"include_usage": True}})
    drive.finish(groups.completions.routes)


def test_embeddings(drive: Driver) -> None:
    body = {"model": "text-embedding-3-small", "input": ["a", "b"]}
    drive.call("POST", "/v1/embeddings", body=body)
    drive.call("POST", "/v1/embeddings", allow=_BASE64,
               body={**body, "encoding_format": "base64", "dimensions": 4})
    drive.call("POST", "/v1/embeddings", body={**body, "input": [[1, 2], [3]]})
    drive.finish(groups.embeddings.routes)


def test_moderations(drive: Driver) -> None:
    drive.call("POST", "/v1/moderations", body={"input": "some violence here"})
    drive.call("POST", "/v1/moderations", body={"input": ["a", "b"], "model": "omni-moderation-latest"})
    drive.call("POST", "/v1/moderations", body={"input": [
        {"type": "text", "text": "hi"},
        {"type": "image_url", "image_url": {"url": "https://example.com/x.png"}}]})
    drive.finish(groups.moderations.routes)


def test_files(drive: Driver) -> None:
    empty = drive.call("GET", "/v1/files")
    assert empty["data"] == [] and empty["has_more"] is False
    ids = [_upload(drive, f"f{i}.jsonl", b'{"a": 1}\n', "fine-tune") for i in range(3)]
    _upload(drive, "b.jsonl", b"{}\n", "batch")
    page = drive.call("GET", "/v1/files", params={"limit": 2, "order": "asc"})
    assert [f["id"] for f in page["data"]] == ids[:2] and page["has_more"]
    drive.call("GET", "/v1/files", params={"purpose": "fine-tune", "after": ids[0]})
    drive.call("GET", "/v1/files/{file_id}", file_id=ids[0])
    assert drive.call("GET", "/v1/files/{file_id}/content", file_id=ids[0]) == b'{"a": 1}\n'
    drive.call("DELETE", "/v1/files/{file_id}", file_id=ids[0])
    drive.call("GET", "/v1/files/{file_id}", file_id=ids[0], status=404)
    drive.finish(groups.files.routes)


def test_uploads(drive: Driver) -> None:
    upload = drive.call("POST", "/v1/uploads", body={
        "filename": "x.bin", "purpose": "batch", "bytes": 5, "mime_type": "application/octet-stream"})
    part = drive.call("POST", "/v1/uploads/{upload_id}/parts", upload_id=upload["id"],
                      files={"data": ("blob", b"hello")})
    done = drive.call("POST", "/v1/uploads/{upload_id}/complete", upload_id=upload["id"],
                      body={"part_ids": [part["id"]]})
    assert done["status"] == "completed" and done["file"]["bytes"] == 5
    other = drive.call("POST", "/v1/uploads", body={
        "filename": "y.bin", "purpose": "assistants", "bytes": 1, "mime_type": "text/plain"})
    cancelled = drive.call("POST", "/v1/uploads/{upload_id}/cancel", upload_id=other["id"])
    assert cancelled["file"] is None
    drive.finish(groups.uploads.routes)


def test_images(drive: Driver) -> None:
    generations = "/v1/images/generations"
    by_url = drive.call("POST", generations, body={"prompt": "a lamp", "n": 2})
    drive.call("POST", generations, body={"prompt": "a lamp", "model": "dall-e-3",
                                          "response_format": "b64_json"})
    drive.call("POST", generations, body={"prompt": "a lamp", "model": "gpt-image-1"})
    name = str(by_url["data"][0]["url"]).rsplit("/", 1)[-1]
    png = drive.call("GET", "/media/images/{name}", name=name)
    assert png.startswith(b"\x89PNG")
    image = ("room.png", png, "image/png")
    drive.call("POST", "/v1/images/edits", data={"prompt": "more light", "n": "2"},
               files={"image": image})
    drive.call("POST", "/v1/images/edits", data={"prompt": "p", "model": "gpt-image-1"},
               files=[("image[]", image), ("image[]", image)])
    drive.call("POST", "/v1/images/variations", data={"response_format": "b64_json"},
               files={"image": image})
    drive.finish(groups.images.routes)


def test_audio(drive: Driver) -> None:
    speech = drive.call("POST", "/v1/audio/speech",
                        body={"model": "tts-1", "input": "hi", "voice": "alloy"})
    assert speech.startswith(b"MOCK-AUDIO")
    clip = {"file": ("clip.wav", b"RIFF....WAVE", "audio/wav")}
    transcriptions = "/v1/audio/transcriptions"
    drive.call("POST", transcriptions, member="CreateTranscriptionResponseJson",
               data={"model": "whisper-1"}, files=clip)
    drive.call("POST", transcriptions, member="CreateTranscriptionResponseJson",
               data={"model": "gpt-4o-transcribe", "include[]": "logprobs"}, files=clip)
    drive.call("POST", transcriptions, member="CreateTranscriptionResponseVerboseJson",
               data={"model": "whisper-1", "response_format": "verbose_json",
                     "timestamp_granularities[]": ["word", "segment"]}, files=clip)
    drive.call("POST", "/v1/audio/translations", member="CreateTranslationResponseJson",
               data={"model": "whisper-1"}, files=clip)
    drive.call("POST", "/v1/audio/translations", member="CreateTranslationResponseVerboseJson",
               data={"model": "whisper-1", "response_format": "verbose_json"}, files=clip)
    drive.finish(groups.audio.routes)


def test_batches(drive: Driver, local_server: MockOpenAIServer) -> None:
    line = {"method": "POST", "url": "/v1/chat/completions", "body": CHAT}
    good = _upload(drive, "in.jsonl", _jsonl([{**line, "custom_id": f"r{i}"} for i in range(3)]),
                   "batch")
    batch = drive.call("POST", "/v1/batches", body={
        "input_file_id": good, "endpoint": "/v1/chat/completions", "completion_window": "24h",
        "metadata": {"k": "v"}})
    while batch["status"] != "completed":
        batch = drive.call("GET", "/v1/batches/{batch_id}", batch_id=batch["id"])
    drive.call("GET", "/v1/files/{file_id}", file_id=batch["output_file_id"])
    bad = _upload(drive, "bad.jsonl", b"not json\n", "batch")
    failed = drive.call("POST", "/v1/batches", body={
        "input_file_id": bad, "endpoint": "/v1/chat/completions", "completion_window": "24h"})
    local_server.clock.advance(5)
    assert drive.call("GET", "/v1/batches/{batch_id}", batch_id=failed["id"])["status"] == "failed"
    other = drive.call("POST", "/v1/batches", body={
        "input_file_id": good, "endpoint": "/v1/chat/completions", "completion_window": "24h"})
    drive.call("POST", "/v1/batches/{batch_id}/cancel", batch_id=other["id"])
    listed = drive.call("GET", "/v1/batches", params={"limit": 2})
    assert len(listed["data"]) == 2 and listed["has_more"]
    drive.finish(groups.batches.routes)


def test_fine_tuning(drive: Driver, local_server: MockOpenAIServer) -> None:
    rows = [{"messages": [{"role": "user", "content": f"q{i}"},
                          {"role": "assistant", "content": f"a{i}"}]} for i in range(4)]
    training = _upload(drive, "train.jsonl", _jsonl(rows), "fine-tune")
    job = drive.call("POST", "/v1/fine_tuning/jobs", body={
        "model": "gpt-4o-mini", "training_file": training, "suffix": "demo", "seed": 7,
        "metadata": {"team": "a"},
        "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 2}}}})
    while job["status"] != "succeeded":
        job = drive.call("GET", "/v1/fine_tuning/jobs/{fine_tuning_job_id}",
                         fine_tuning_job_id=job["id"])
    drive.call("GET", "/v1/models/{model}", model=job["fine_tuned_model"])
    events = drive.call("GET", "/v1/fine_tuning/jobs/{fine_tuning_job_id}/events",
                        fine_tuning_job_id=job["id"], params={"limit": 3})
    assert len(events["data"]) == 3 and events["has_more"]
    drive.call("GET", "/v1/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints",
               fine_tuning_job_id=job["id"])
    legacy = drive.call("POST", "/v1/fine_tuning/jobs", body={
        "model": "gpt-4o-mini", "training_file": training, "hyperparameters": {"n_epochs": "auto"}})
    drive.call("POST", "/v1/fine_tuning/jobs/{fine_tuning_job_id}/cancel",
               fine_tuning_job_id=legacy["id"])
    broken = _upload(drive, "broken.jsonl", b'{"nope": 1}\n', "fine-tune")
    failed = drive.call("POST", "/v1/fine_tuning/jobs",
                        body={"model": "gpt-4o-mini", "training_file": broken})
    local_server.clock.advance(5)
    failed = drive.call("GET", "/v1/fine_tuning/jobs/{fine_tuning_job_id}",
                        fine_tuning_job_id=failed["id"])
    assert failed["status"] == "failed" and failed["error"]["param"] == "training_file"
    drive.call("GET", "/v1/fine_tuning/jobs", params={"limit": 2})
    drive.call("GET", "/v1/fine_tuning/jobs", params={"metadata[team]": "a"})
    drive.finish(groups.fine_tuning.routes)


def test_admin(drive: Driver, local_server: MockOpenAIServer) -> None:
    from openai_rs_port.testing.routes.admin import accept_invite

    org = "/v1/organization"
    project = drive.call("POST", f"{org}/projects", body={"name": "Analytics"})
    pid = project["id"]
    invite = drive.call("POST", f"{org}/invites", body={
        "email": "ada@example.com", "role": "reader", "projects": [{"id": pid, "role": "member"}]})
    drive.call("GET", f"{org}/invites/{{invite_id}}", invite_id=invite["id"])
    user = accept_invite(local_server.state, invite["id"], "Ada")
    drive.call("GET", f"{org}/invites", params={"limit": 1})
    other = drive.call("POST", f"{org}/invites", body={"email": "bo@example.com", "role": "owner"})
    drive.call("DELETE", f"{org}/invites/{{invite_id}}", invite_id=other["id"])
    drive.call("GET", f"{org}/users", params={"emails": "ada@example.com"})
    drive.call("GET", f"{org}/users/{{user_id}}", user_id=user.id)
    drive.call("POST", f"{org}/users/{{user_id}}", user_id=user.id, body={"role": "owner"})
    users = f"{org}/projects/{{project_id}}/users"
    drive.call("GET", users, project_id=pid)
    drive.call("GET", users + "/{user_id}", project_id=pid, user_id=user.id)
    drive.call("POST", users + "/{user_id}", project_id=pid, user_id=user.id, body={"role": "owner"})
    drive.call("POST", users, project_id=pid, body={"user_id": user.id, "role": "member"}, status=409)
    accounts = f"{org}/projects/{{project_id}}/service_accounts"
    account = drive.call("POST", accounts, project_id=pid, body={"name": "ci-bot"})
    drive.call("GET", accounts, project_id=pid)
    drive.call("GET", accounts + "/{service_account_id}", project_id=pid, service_account_id=account["id"])
    keys = f"{org}/projects/{{project_id}}/api_keys"
    drive.call("GET", keys, project_id=pid)
    drive.call("GET", keys + "/{key_id}", project_id=pid, key_id=account["api_key"]["id"])
    drive.call("DELETE", keys + "/{key_id}", project_id=pid, key_id=account["api_key"]["id"])
    drive.call("DELETE", accounts + "/{service_account_id}", project_id=pid,
               service_account_id=account["id"])
    drive.call("DELETE", users + "/{user_id}", project_id=pid, user_id=user.id)
    drive.call("GET", f"{org}/projects/{{project_id}}", project_id=pid)
    drive.call("POST", f"{org}/projects/{{project_id}}", project_id=pid, body={"name": "Analytics EU"})
    drive.call("POST", f"{org}/projects/{{project_id}}/archive", project_id=pid)
    drive.call("GET", f"{org}/projects", params={"include_archived": "true"})
    drive.call("DELETE", f"{org}/users/{{user_id}}", user_id=user.id)
    logs = drive.call("GET", f"{org}/audit_logs", params={"limit": 3})
    assert len(logs["data"]) == 3 and logs["has_more"]
    drive.call("GET", f"{org}/audit_logs", params={"event_types[]": "project.created"})
    live = drive.call("POST", f"{org}/projects", body={"name": "Live"})["id"]
    limits = f"{org}/projects/{{project_id}}/rate_limits"
    [first, *_] = drive.call("GET", limits, project_id=live)["data"]
    drive.call("POST", limits + "/{rate_limit_id}", project_id=live, rate_limit_id=first["id"],
               body={"max_requests_per_1_minute": 100})
    key = drive.call("POST", f"{org}/admin_api_keys", body={"name": "ops"})
    drive.call("GET", f"{org}/admin_api_keys")
    drive.call("GET", f"{org}/admin_api_keys/{{key_id}}", key_id=key["id"])
    drive.call("DELETE", f"{org}/admin_api_keys/{{key_id}}", key_id=key["id"])
    certs = f"{org}/certificates"
    cert = drive.call("POST", certs, body={"name": "mtls", "content": "-----BEGIN CERTIFICATE-----\nMIIB"})
    drive.call("GET", certs + "/{certificate_id}", certificate_id=cert["id"], params={"include": "content"})
    drive.call("POST", certs + "/{certificate_id}", certificate_id=cert["id"], body={"name": "mtls-2"})
    toggle = {"certificate_ids": [cert["id"]]}
    drive.call("POST", certs + "/activate", body=toggle)
    drive.call("GET", certs)
    drive.call("POST", certs + "/deactivate", body=toggle)
    project_certs = f"{org}/projects/{{project_id}}/certificates"
    drive.call("POST", project_certs + "/activate", project_id=live, body=toggle)
    drive.call("GET", project_certs, project_id=live)
    drive.call("POST", project_certs + "/deactivate", project_id=live, body=toggle)
    drive.call("DELETE", certs + "/{certificate_id}", certificate_id=cert["id"])
    permissions = "/v1/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions"
    ckpt = "ft:gpt-4o-mini:org:demo:ckpt-step-2"
    granted = drive.call("POST", permissions, fine_tuned_model_checkpoint=ckpt, body={"project_ids": [live]})
    drive.call("GET", permissions, fine_tuned_model_checkpoint=ckpt, params={"project_id": live})
    drive.call("DELETE", permissions + "/{permission_id}", fine_tuned_model_checkpoint=ckpt,
               permission_id=granted["data"][0]["id"])
    drive.finish(groups.admin.routes)


RESPONSE = {"model": "gpt-4o", "input": "hello there"}
WEATHER = {"type": "function", "name": "get_weather", "strict": True,
           "parameters": {"type": "object", "properties": {"input": {"type": "string"}}}}


def test_responses(drive: Driver) -> None:
    first = drive.call("POST", "/v1/responses", body=RESPONSE)
    events = drive.call("POST", "/v1/responses", body={**RESPONSE, "stream": True})
    assert [e["type"] for e in events][:3] == [
        "response.created", "response.in_progress", "response.output_item.added"]
    call = drive.call("POST", "/v1/responses", body={**RESPONSE, "tools": [WEATHER]})
    [fc] = call["output"]
    streamed = drive.call("POST", "/v1/responses", body={**RESPONSE, "tools": [WEATHER], "stream": True})
    assert "response.function_call_arguments.delta" in {e["type"] for e in streamed}
    drive.call("POST", "/v1/responses", body={
        "model": "gpt-4o", "previous_response_id": call["id"], "tools": [WEATHER],
        "input": [{"type": "function_call_output", "call_id": fc["call_id"], "output": "21C"}]})
    drive.call("POST", "/v1/responses", body={
        "model": "gpt-4o", "input": [{"type": "function_call_output", "call_id": "nope", "output": ""}]},
        status=400)
    drive.call("GET", "/v1/responses/{response_id}", response_id=first["id"])
    drive.call("GET", "/v1/responses/{response_id}/input_items", response_id=first["id"])
    drive.call("GET", "/v1/responses/{response_id}/input_items", response_id=call["id"],
               params={"limit": 1, "order": "desc"})
    drive.call("DELETE", "/v1/responses/{response_id}", response_id=first["id"])
    drive.call("GET", "/v1/responses/{response_id}", response_id=first["id"], status=404)
    drive.call("POST", "/v1/responses", body={"model": "gpt-4o"}, status=400)
    drive.finish(groups.responses.routes)


def test_assistants(drive: Driver, local_server: MockOpenAIServer) -> None:
    weather = {"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}
    plain = drive.call("POST", "/v1/assistants", body={"model": "gpt-4o", "name": "a", "tools": [
        {"type": "code_interpreter"}], "metadata": {"k": "v"}})
    tooled = drive.call("POST", "/v1/assistants", body={"model": "gpt-4o", "tools": [weather]})
    drive.call("GET", "/v1/assistants/{assistant_id}", assistant_id=plain["id"])
    drive.call("POST", "/v1/assistants/{assistant_id}", assistant_id=plain["id"], body={"name": "b"})
    drive.call("GET", "/v1/assistants", params={"limit": 1})
    thread = drive.call("POST", "/v1/threads", body={"messages": [
        {"role": "user", "content": "hello"}], "metadata": {"k": "v"}})
    tid = thread["id"]
    drive.call("GET", "/v1/threads/{thread_id}", thread_id=tid)
    drive.call("POST", "/v1/threads/{thread_id}", thread_id=tid, body={"metadata": {"a": "b"}})
    msg = drive.call("POST", "/v1/threads/{thread_id}/messages", thread_id=tid, body={
        "role": "user", "content": [{"type": "text", "text": "again"}]})
    drive.call("GET", "/v1/threads/{thread_id}/messages/{message_id}", thread_id=tid, message_id=msg["id"])
    drive.call("POST", "/v1/threads/{thread_id}/messages/{message_id}", thread_id=tid,
               message_id=msg["id"], body={"metadata": {"x": "y"}})
    run = drive.call("POST", "/v1/threads/{thread_id}/runs", thread_id=tid,
                     body={"assistant_id": plain["id"]})
    while run["status"] != "completed":
        run = drive.call("GET", "/v1/threads/{thread_id}/runs/{run_id}", thread_id=tid, run_id=run["id"])
    drive.call("GET", "/v1/threads/{thread_id}/messages", thread_id=tid, params={"run_id": run["id"]})
    drive.call("POST", "/v1/threads/{thread_id}/runs/{run_id}", thread_id=tid, run_id=run["id"],
               body={"metadata": {"k": "v"}})
    steps = drive.call("GET", "/v1/threads/{thread_id}/runs/{run_id}/steps", thread_id=tid, run_id=run["id"])
    drive.call("GET", "/v1/threads/{thread_id}/runs/{run_id}/steps/{step_id}", thread_id=tid,
               run_id=run["id"], step_id=steps["data"][0]["id"])
    drive.call("GET", "/v1/threads/{thread_id}/runs", thread_id=tid)
    events = drive.call("POST", "/v1/threads/{thread_id}/runs", thread_id=tid,
                        body={"assistant_id": plain["id"], "stream": True})
    assert events[-1]["event"] == "thread.run.completed"
    streamed = drive.call("POST", "/v1/threads/runs", body={
        "assistant_id": tooled["id"], "stream": True,
        "thread": {"messages": [{"role": "user", "content": "weather?"}]}})
    waiting = streamed[-1]["data"]
    assert waiting["status"] == "requires_action"
    [call] = waiting["required_action"]["submit_tool_outputs"]["tool_calls"]
    drive.call("POST", "/v1/threads/{thread_id}/runs/{run_id}/submit_tool_outputs",
               thread_id=waiting["thread_id"], run_id=waiting["id"],
               body={"tool_outputs": [{"tool_call_id": call["id"], "output": "21C"}], "stream": True})
    queued = drive.call("POST", "/v1/threads/runs", body={"assistant_id": tooled["id"]})
    drive.call("POST", "/v1/threads/{thread_id}/runs/{run_id}/cancel", thread_id=queued["thread_id"],
               run_id=queued["id"])
    drive.call("DELETE", "/v1/threads/{thread_id}/messages/{message_id}", thread_id=tid, message_id=msg["id"])
    drive.call("DELETE", "/v1/threads/{thread_id}", thread_id=tid)
    drive.call("DELETE", "/v1/assistants/{assistant_id}", assistant_id=plain["id"])
    drive.call("GET", "/v1/assistants/{assistant_id}", assistant_id=plain["id"], status=404)
    drive.finish(groups.assistants.routes)


def test_vector_store_search_reads_the_text_of_a_pdf(drive: Driver) -> None:
    pdf = (b"%PDF-1.4\n4 0 obj\n<< /Length 60 >>\nstream\nBT /F1 11 Tf 72 720 Td 14 TL\n"
           b"(Net profit \\(audited\\)) Tj\n() '\n(Revenue grew) '\nET\nendstream\nendobj\n%%EOF\n")
    vs = drive.call("POST", "/v1/vector_stores", body={
        "file_ids": [_upload(drive, "10k.pdf", pdf, "assistants")]})["id"]
    drive.call("GET", "/v1/vector_stores/{vector_store_id}", vector_store_id=vs)
    res = drive.call("POST", "/v1/vector_stores/{vector_store_id}/search", vector_store_id=vs,
                     body={"query": "profit"})
    # The shown strings, escapes undone; the empty one is a paragraph break, so one chunk each.
    assert [c["text"] for c in res["data"][0]["content"]] == ["Net profit (audited)"]


def test_vector_stores(drive: Driver, local_server: MockOpenAIServer) -> None:
    a = _upload(drive, "a.txt", b"Returns within 30 days.\n\nShipping is free.", "assistants")
    b = _upload(drive, "b.txt", b"Express shipping in one day.", "assistants")
    c = _upload(drive, "c.txt", b"Gift cards never expire.", "assistants")
    store = drive.call("POST", "/v1/vector_stores", body={
        "name": "docs", "file_ids": [a], "expires_after": {"anchor": "last_active_at", "days": 2},
        "chunking_strategy": {"type": "static", "static": {"max_chunk_size_tokens": 400,
                                                           "chunk_overlap_tokens": 100}}})
    vs = store["id"]
    drive.call("GET", "/v1/vector_stores/{vector_store_id}", vector_store_id=vs)
    drive.call("POST", "/v1/vector_stores/{vector_store_id}", vector_store_id=vs, body={"name": "d2"})
    drive.call("GET", "/v1/vector_stores", params={"limit": 1})
    drive.call("POST", "/v1/vector_stores/{vector_store_id}/files", vector_store_id=vs,
               body={"file_id": b, "attributes": {"fast": True}})
    drive.call("GET", "/v1/vector_stores/{vector_store_id}/files/{file_id}", vector_store_id=vs, file_id=b)
    drive.call("GET", "/v1/vector_stores/{vector_store_id}/files", vector_store_id=vs,
               params={"filter": "completed"})
    drive.call("GET", "/v1/vector_stores/{vector_store_id}/files/{file_id}/content", vector_store_id=vs,
               file_id=a)
    res = drive.call("POST", "/v1/vector_stores/{vector_store_id}/search", vector_store_id=vs, body={
        "query": "shipping", "filters": {"type": "eq", "key": "fast", "value": True}})
    assert [h["file_id"] for h in res["data"]] == [b]
    # A file-search run: its citation and its file_search step, against the spec too.
    librarian = drive.call("POST", "/v1/assistants", body={
        "model": "gpt-4o", "tools": [{"type": "file_search"}],
        "tool_resources": {"file_search": {"vector_store_ids": [vs]}}})
    run = drive.call("POST", "/v1/threads/runs", body={"assistant_id": librarian["id"], "thread": {
        "messages": [{"role": "user", "content": "express shipping"}]}})
    while run["status"] != "completed":
        run = drive.call("GET", "/v1/threads/{thread_id}/runs/{run_id}", thread_id=run["thread_id"],
                         run_id=run["id"])
    [answer] = drive.call("GET", "/v1/threads/{thread_id}/messages", thread_id=run["thread_id"],
                          params={"run_id": run["id"]})["data"]
    assert answer["content"][0]["text"]["annotations"][0]["file_citation"]["file_id"] == b
    steps = drive.call("GET", "/v1/threads/{thread_id}/runs/{run_id}/steps", thread_id=run["thread_id"],
                       run_id=run["id"], params={"order": "asc"})
    assert steps["data"][0]["step_details"]["tool_calls"][0]["file_search"]["results"][0]["file_id"] == b
    batch = drive.call("POST", "/v1/vector_stores/{vector_store_id}/file_batches", vector_store_id=vs,
                       body={"file_ids": [c]})
    drive.call("GET", "/v1/vector_stores/{vector_store_id}/file_batches/{batch_id}", vector_store_id=vs,
               batch_id=batch["id"])
    drive.call("GET", "/v1/vector_stores/{vector_store_id}/file_batches/{batch_id}/files",
               vector_store_id=vs, batch_id=batch["id"])
    drive.call("POST", "/v1/vector_stores/{vector_store_id}/file_batches/{batch_id}/cancel",
               vector_store_id=vs, batch_id=batch["id"])
    drive.call("DELETE", "/v1/vector_stores/{vector_store_id}/files/{file_id}", vector_store_id=vs, file_id=b)
    drive.call("DELETE", "/v1/vector_stores/{vector_store_id}", vector_store_id=vs)
    drive.finish(groups.vector_stores.routes)


# A run without an error has "error": null (the spec of this era says an object).
_NO_ERROR = ("error: None is not of type 'object'",)
EVAL = {
    "name": "labels",
    "data_source_config": {"type": "custom", "item_schema": {"type": "object"},
                           "include_sample_schema": True},
    "testing_criteria": [{"type": "string_check", "name": "match", "input": "{{sample.output_text}}",
                          "reference": "{{item.label}}", "operation": "eq"}],
}


def test_evals(drive: Driver) -> None:
    ev = drive.call("POST", "/v1/evals", status=201, body=EVAL)
    logs = drive.call("POST", "/v1/evals", status=201,
                      body={**EVAL, "data_source_config": {"type": "logs", "metadata": {"a": "b"}}})
    drive.call("GET", "/v1/evals")
    drive.call("GET", "/v1/evals/{eval_id}", eval_id=ev["id"])
    drive.call("POST", "/v1/evals/{eval_id}", eval_id=ev["id"], body={"name": "renamed"})
    rows = [{"item": {"label": "x"}, "sample": {"output_text": "x"}}, {"item": {"label": "y"}}]
    run = drive.call("POST", "/v1/evals/{eval_id}/runs", eval_id=ev["id"], status=201, allow=_NO_ERROR, body={
        "data_source": {"type": "jsonl", "source": {"type": "file_content", "content": rows}}})
    # (A completions run's data source fits two members of the spec's oneOf, both typed
    # "completions": tests/test_evals_local.py drives that one.)
    empty = {"type": "jsonl", "source": {"type": "file_content", "content": []}}
    other = drive.call("POST", "/v1/evals/{eval_id}/runs", eval_id=ev["id"], status=201, allow=_NO_ERROR,
                       body={"data_source": empty})
    ids = {"eval_id": ev["id"], "run_id": run["id"]}
    drive.call("POST", "/v1/evals/{eval_id}/runs/{run_id}", eval_id=ev["id"], run_id=other["id"],
               allow=_NO_ERROR)
    drive.call("GET", "/v1/evals/{eval_id}/runs", eval_id=ev["id"], allow=_NO_ERROR)
    drive.call("GET", "/v1/evals/{eval_id}/runs/{run_id}", allow=_NO_ERROR, **ids)
    items = drive.call("GET", "/v1/evals/{eval_id}/runs/{run_id}/output_items", **ids)
    drive.call("GET", "/v1/evals/{eval_id}/runs/{run_id}/output_items/{output_item_id}",
               output_item_id=items["data"][0]["id"], **ids)
    drive.call("DELETE", "/v1/evals/{eval_id}/runs/{run_id}", **ids)
    drive.call("DELETE", "/v1/evals/{eval_id}", eval_id=logs["id"])
    drive.call("GET", "/v1/evals/{eval_id}", eval_id=logs["id"], status=404)
    drive.call("POST", "/v1/evals", status=400, body={"name": "x"})
    drive.finish(groups.evals.routes)


def test_transcription_stream(drive: Driver) -> None:
    events = drive.call("POST", "/v1/audio/transcriptions", files={"file": ("a.wav", b"RIFF0000")},
                        data={"model": "gpt-4o-transcribe", "stream": "true"})
    assert [e["type"] for e in events][-1] == "transcript.text.done" and len(events) > 1


def test_realtime_websocket(drive: Driver, local_server: MockOpenAIServer) -> None:
    """Every event of a scripted Realtime session is a ``RealtimeServerEvent`` of the spec."""
    import asyncio
    import base64

    import aiohttp

    client_events: list[dict[str, Any]] = [
        {"type": "session.update", "session": {"instructions": "Be brief.", "voice": "sage"}},
        {"type": "conversation.item.create",
         "item": {"type": "message", "role": "user",
                  "content": [{"type": "input_text", "text": "hi there"}]}},
        {"type": "input_audio_buffer.append", "audio": base64.b64encode(b"\0\1" * 64).decode()},
        {"type": "input_audio_buffer.commit"},
        {"type": "input_audio_buffer.clear"},
        {"type": "input_audio_buffer.append", "audio": "not base64!"},
        {"type": "no.such.event", "event_id": "ev_1"},
        {"type": "response.create"},
    ]
    # The API sends what this era's spec lacks: in_progress responses and items, and a null
    # previous_item_id for the first item of a conversation.
    allow = ("status: 'in_progress' is not one of ['completed', 'cancelled', 'failed', 'incomplete']",
             "status: 'in_progress' is not one of ['completed', 'incomplete']",
             "previous_item_id: None is not of type 'string'")
    by_type = {v["properties"]["type"]["enum"][0]: name for name, v in _components()["schemas"].items()
               if name.startswith(("RealtimeServerEvent", "RealtimeClientEvent")) and "properties" in v}
    for event in client_events[:-2] + client_events[-1:]:  # all but the deliberately unknown one
        drive._check(f"client {event['type']}", _ref(by_type[event["type"]]), event)

    async def session(url: str) -> list[Any]:
        async with aiohttp.ClientSession() as http, http.ws_connect(url) as ws:
            received = [await ws.receive_json()]
            for event in client_events:
                await ws.send_json(event)
            while received[-1]["type"] != "rate_limits.updated":
                received.append(await ws.receive_json())
            return received

    ws_url = local_server.url.replace("http", "ws", 1)
    events = asyncio.run(session(f"{ws_url}/v1/realtime?model=gpt-4o-realtime-preview"))
    azure = asyncio.run(session(
        f"{ws_url}/openai/realtime?api-version=2024-10-01-preview&deployment=gpt-4o-realtime-preview"))
    kinds = {e["type"] for e in events}
    assert {"session.created", "session.updated", "conversation.item.created", "error",
            "input_audio_buffer.committed", "input_audio_buffer.cleared", "response.text.delta",
            "response.audio.delta", "response.done"} <= kinds
    for i, event in enumerate([*events, *azure]):
        drive._check(f"realtime event {i} ({event['type']})", _ref(by_type[event["type"]]), event, allow)
    drive.call("POST", "/v1/realtime/sessions", body={"model": "gpt-4o-realtime-preview",
                                                       "instructions": "Be brief.", "voice": "ash"})
    drive.call("POST", "/v1/realtime/transcription_sessions",
               body={"input_audio_transcription": {"model": "gpt-4o-transcribe"}})
    drive.seen |= {("GET", "/v1/realtime"), ("GET", "/openai/realtime")}
    # The webhook sender is a control route (tests/test_webhooks.py), not an API answer.
    drive.finish(groups.realtime.routes, skip=frozenset({("POST", "/_control/webhooks")}))


def test_enforced_rate_limits_and_batch_outputs(drive: Driver,
                                                local_server: MockOpenAIServer) -> None:
    # The 429 of an enforced limit is an ErrorResponse (validated by status).
    from openai_rs_port.testing import RateLimits

    local_server.state.rate_limits = RateLimits(limit_requests=1, enforce=True)
    drive.call("POST", "/v1/chat/completions", body=CHAT)
    drive.call("POST", "/v1/chat/completions", body=CHAT, status=429)
    local_server.state.rate_limits = RateLimits()
    # Every line of a batch's output file is a BatchRequestOutput, its body the endpoint's
    # answer: chat and responses (the bulk runner writes the same lines).
    for endpoint, body, answer in (("/v1/chat/completions", CHAT, "CreateChatCompletionResponse"),
                                   ("/v1/responses", {"model": "gpt-4o-mini", "input": "hi"},
                                    "Response")):
        rows = [{"custom_id": f"r{i}", "method": "POST", "url": endpoint, "body": body}
                for i in range(2)]
        batch = drive.call("POST", "/v1/batches", body={
            "input_file_id": _upload(drive, "in.jsonl", _jsonl(rows), "batch"),
            "endpoint": endpoint, "completion_window": "24h"})
        while batch["status"] != "completed":
            batch = drive.call("GET", "/v1/batches/{batch_id}", batch_id=batch["id"])
        text = drive.call("GET", "/v1/files/{file_id}/content", file_id=batch["output_file_id"])
        for raw in bytes(text).splitlines():
            line = json.loads(raw)
            drive._check("batch output line", _ref("BatchRequestOutput"), line)
            drive._check("batch output body", _ref(answer), line["response"]["body"])
    assert drive.validated >= 12
    assert not drive.problems, "\n".join(drive.problems[:20])
