"""``audio().transcribe_stream``: typed transcript events, in both modes.

Prism checks the multipart request against the spec; the local server streams the events.
"""

from __future__ import annotations

import pytest
from conftest import Harness

from openai_rs_port.audio import Audio
from openai_rs_port.error import InternalServerError, InvalidArgument
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.testing.routes.audio import transcript_text
from openai_rs_port.testing.wire import parse_form
from openai_rs_port.types import (
    AudioResponseFormat,
    CreateTranscriptionRequestArgs,
    TranscriptTextDeltaEvent,
    TranscriptTextDoneEvent,
)

pytest_plugins = ["local_server"]

AUDIO = b"RIFF" + bytes(60)


def request(model: str = "gpt-4o-transcribe", **extra: object) -> object:
    args = CreateTranscriptionRequestArgs().file(("hello.wav", AUDIO)).model(model)
    for name, value in extra.items():
        getattr(args, name)(value)
    return args.build()


def test_form_says_stream(prism: Harness) -> None:
    api = Audio.transcribe_stream.fn(prism.client.audio(), request(language="en"))
    assert api.multipart is not None and ("stream", "true") in api.multipart.fields
    assert ("language", "en") in api.multipart.fields
    assert api.stream is not None and api.stream.terminal == frozenset({"transcript.text.done"})
    with pytest.raises(InvalidArgument):
        Audio.transcribe_stream.fn(prism.client.audio(), request(response_format=AudioResponseFormat.SRT))


def test_stream_from_the_local_server(local: Harness, local_server: MockOpenAIServer) -> None:
    stream = local.call(local.client.audio().transcribe_stream(request()))
    events = local.collect(stream)
    *deltas, done = events
    assert deltas and all(type(e) is TranscriptTextDeltaEvent for e in deltas)
    assert type(done) is TranscriptTextDoneEvent
    assert done.text == "".join(e.delta for e in deltas) == transcript_text("hello.wav", len(AUDIO))
    [sent] = local_server.requests("/v1/audio/transcriptions")
    form = parse_form(sent.headers["content-type"], sent.body)
    assert form.text("stream") == "true" and form.files("file")[0].data == AUDIO


def test_through_prism(prism: Harness) -> None:
    # Prism checks the multipart request (a 422 when it breaks the spec), then cannot write the
    # spec's event objects as an event stream: its 500 says so, after the request passed.
    with pytest.raises(InternalServerError) as e:
        prism.collect(prism.call(prism.client.audio().transcribe_stream(request(language="en"))))
    assert e.value.body is not None and b"NO_COMPLEX_OBJECT_TEXT" in e.value.body
