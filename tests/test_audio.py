"""Audio group against Prism, in both modes: speech, transcriptions, translations, multipart bodies."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from conftest import TEST_KEY, Harness, make_harness
from spec import assert_valid, spec
from test_images import dead_client, form_instance, parse_form

from openai_rs_port import Backoff, OpenAIConfig
from openai_rs_port.audio import Audio
from openai_rs_port.error import (
    APIConnectionError,
    FileReadError,
    FileSaveError,
    InvalidArgument,
    UnprocessableEntityError,
)
from openai_rs_port.types import (
    AudioInput,
    AudioResponseFormat,
    CreateSpeechRequestArgs,
    CreateSpeechResponse,
    CreateTranscriptionRequestArgs,
    CreateTranscriptionResponseJson,
    CreateTranscriptionResponseVerboseJson,
    CreateTranslationRequestArgs,
    CreateTranslationResponseJson,
    CreateTranslationResponseVerboseJson,
    InputSource,
    SpeechModel,
    SpeechResponseFormat,
    TimestampGranularity,
    TranscriptionInclude,
    TranscriptionLogprob,
    TranscriptionSegment,
    TranscriptionWord,
    Voice,
)

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(range(200))
PRISM_TRANSCRIPT = {"text": "string", "logprobs": [{"token": "string", "logprob": 0, "bytes": [0]}]}


# ---------------------------------------------------------------- a relay for /audio/speech


class _Relay(ThreadingHTTPServer):
    daemon_threads = True
    target = ""
    bodies: list[bytes]


class _RelayHandler(BaseHTTPRequestHandler):
    """Forwards to Prism, dropping the ``Transfer-Encoding: string`` header Prism copies from
    the spec into speech answers: aiohttp (rightly) refuses it next to a Content-Length."""

    protocol_version = "HTTP/1.1"
    server: _Relay

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.bodies.append(body)
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("host", "content-length", "connection")}
        r = requests.post(self.server.target + self.path, data=body, headers=headers, timeout=30)
        self.send_response(r.status_code)
        for k, v in r.headers.items():
            if k.lower() not in ("transfer-encoding", "content-length", "connection", "keep-alive"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(r.content)))
        self.end_headers()
        self.wfile.write(r.content)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def relay(prism_url: str) -> Iterator[_Relay]:
    server = _Relay(("127.0.0.1", 0), _RelayHandler)
    server.target = prism_url
    server.bodies = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture
def speech(relay: _Relay, mode: str) -> Iterator[Harness]:
    """A harness whose client reaches Prism through the relay."""
    relay.bodies.clear()
    cfg = OpenAIConfig(api_key=TEST_KEY, api_base=f"http://127.0.0.1:{relay.server_port}")
    h = make_harness(mode, cfg, Backoff.disabled())
    try:
        yield h
    finally:
        h.close()


class _PreferDynamic(OpenAIConfig):
    """Asks Prism to generate answers from the schema: it then picks either member of the
    json | verbose_json ``oneOf`` of transcription answers, where its static answer is
    always the first."""

    __slots__ = ()

    def headers(self) -> dict[str, str]:
        return {**super().headers(), "Prefer": "dynamic=true"}


def until_decoded(h: Harness, call: Any) -> Any:
    """Call until Prism's random answer has the verbose shape (2**-40 odds of failing).

    The plain ``{"text": ...}`` shape decodes too (its missing fields are None, as a
    compatible server's answer does), so the loop looks at what arrived.
    """
    client = h.make(config=_PreferDynamic(api_key=TEST_KEY, api_base=h.config.api_base),
                    backoff=Backoff.disabled())
    for _ in range(40):
        r = h.call(call(client.audio()))
        if r.language is not None:
            return r
        assert type(r.text) is str and r.duration is None, r
    raise AssertionError("Prism never answered with the verbose shape")


# ---------------------------------------------------------------- types and builders


def test_builders_name_missing_fields() -> None:
    with pytest.raises(InvalidArgument) as e:
        CreateSpeechRequestArgs().build()
    assert e.value.missing == ("input", "model", "voice")
    with pytest.raises(InvalidArgument) as e:
        CreateTranscriptionRequestArgs().build()
    assert e.value.missing == ("file", "model")
    assert "file" in str(e.value) and "model" in str(e.value)
    with pytest.raises(InvalidArgument) as e:
        CreateTranslationRequestArgs().file(("a.wav", WAV)).build()
    assert e.value.missing == ("model",)


def test_audio_inputs(tmp_path: Path) -> None:
    p = tmp_path / "a.mp3"
    assert AudioInput.from_path(p) == InputSource(path=str(p))
    assert AudioInput.from_bytes("b.wav", WAV) == InputSource(filename="b.wav", data=WAV)
    assert AudioInput.from_vec_u8("c.wav", list(WAV)) == InputSource(filename="c.wav", data=WAV)
    args = CreateTranscriptionRequestArgs().model("whisper-1")
    assert args.file(p).build().file == InputSource(path=str(p))
    assert args.file(str(p)).build().file == InputSource(path=str(p))
    assert args.file(("d.wav", WAV)).build().file == InputSource(filename="d.wav", data=WAV)
    buf = io.BytesIO(WAV)
    assert CreateTranslationRequestArgs().file(buf).model("m").build().file == InputSource(data=buf)
    with pytest.raises(FileReadError):
        args.file(42)  # type: ignore[arg-type]


def test_enum_values_match_spec() -> None:
    schemas = spec()["components"]["schemas"]
    assert {str(v) for v in AudioResponseFormat} == set(schemas["AudioResponseFormat"]["enum"])
    speech = schemas["CreateSpeechRequest"]["properties"]
    assert {str(v) for v in SpeechResponseFormat} == set(speech["response_format"]["enum"])
    assert {str(v) for v in SpeechModel} == set(speech["model"]["anyOf"][1]["enum"])
    assert {str(v) for v in Voice} == set(schemas["VoiceIdsShared"]["anyOf"][1]["enum"])
    tr = schemas["CreateTranscriptionRequest"]["properties"]
    assert {str(v) for v in TimestampGranularity} == set(
        tr["timestamp_granularities[]"]["items"]["enum"])
    assert {str(v) for v in TranscriptionInclude} == set(schemas["TranscriptionInclude"]["enum"])


# ---------------------------------------------------------------- speech


def test_speech_minimal(speech: Harness, relay: _Relay, tmp_path: Path) -> None:
    req = CreateSpeechRequestArgs().input("Hello").model(SpeechModel.TTS_1).voice(Voice.ALLOY).build()
    assert_valid("CreateSpeechRequest", req)
    r = speech.call(speech.client.audio().speech(req))
    assert type(r) is CreateSpeechResponse
    assert r.bytes == b"string" and bytes(r) == b"string" and len(r) == 6
    assert [json.loads(b) for b in relay.bodies] == [
        {"input": "Hello", "model": "tts-1", "voice": "alloy"}]
    target = tmp_path / "out" / "nested" / "hello.mp3"
    r.save(target)
    assert target.read_bytes() == b"string"


def test_speech_full(speech: Harness, relay: _Relay) -> None:
    req = (
        CreateSpeechRequestArgs()
        .input("Today is a wonderful day")
        .model(SpeechModel.GPT_4O_MINI_TTS)
        .voice(Voice.VERSE)
        .instructions("Speak cheerfully")
        .response_format(SpeechResponseFormat.WAV)
        .speed(1.25)
        .build()
    )
    assert_valid("CreateSpeechRequest", req)
    r = speech.call(speech.client.audio().speech(req))
    assert r == CreateSpeechResponse(b"string")
    assert [json.loads(b) for b in relay.bodies] == [{
        "input": "Today is a wonderful day", "model": "gpt-4o-mini-tts", "voice": "verse",
        "instructions": "Speak cheerfully", "response_format": "wav", "speed": 1.25}]
    # Names outside the enums go as given.
    custom = CreateSpeechRequestArgs().input("x").model("tts-2").voice("my-voice").build()
    assert_valid("CreateSpeechRequest", custom)
    assert speech.call(speech.client.audio().speech(custom)).bytes == b"string"


def test_speech_invalid_body_is_rejected(speech: Harness) -> None:
    req = CreateSpeechRequestArgs().input("x").model("tts-1").voice("alloy").speed(9.0).build()
    with pytest.raises(UnprocessableEntityError) as e:
        speech.call(speech.client.audio().speech(req))
    assert e.value.body is not None and b"speed" in e.value.body


def test_speech_save_failure_names_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    with pytest.raises(FileSaveError) as e:
        CreateSpeechResponse(b"abc").save(blocker / "sub" / "a.mp3")
    assert str(blocker / "sub" / "a.mp3") in str(e.value)
    with pytest.raises(FileSaveError) as e:
        CreateSpeechResponse(b"abc").save(tmp_path)
    assert str(tmp_path) in str(e.value)


# ---------------------------------------------------------------- transcriptions


def test_transcribe_minimal(prism: Harness, tmp_path: Path) -> None:
    p = tmp_path / "speech.wav"
    p.write_bytes(WAV)
    req = CreateTranscriptionRequestArgs().file(p).model("whisper-1").build()
    api = Audio.transcribe.fn(prism.client.audio(), req)
    assert (api.method, api.path, api.body) == ("POST", "/audio/transcriptions", None)
    form = parse_form(api)
    assert form == [("model", None, "text/plain", b"whisper-1"),
                    ("file", "speech.wav", "audio/wav", WAV)]
    assert_valid("CreateTranscriptionRequest", form_instance("CreateTranscriptionRequest", form))
    r = prism.call(prism.client.audio().transcribe(req))
    assert type(r) is CreateTranscriptionResponseJson
    assert r.text == "string"
    assert r.logprobs == [TranscriptionLogprob(token="string", logprob=0, bytes=[0])]
    assert type(r.logprobs[0]) is TranscriptionLogprob


def test_transcribe_full(prism: Harness) -> None:
    req = (
        CreateTranscriptionRequestArgs()
        .file(AudioInput.from_bytes("interview.mp3", WAV))
        .model("gpt-4o-transcribe")
        .prompt("An interview about otters")
        .response_format(AudioResponseFormat.JSON)
        .temperature(0.2)
        .language("en")
        .build()
    )
    form = parse_form(Audio.transcribe.fn(prism.client.audio(), req))
    assert form == [
        ("model", None, "text/plain", b"gpt-4o-transcribe"),
        ("prompt", None, "text/plain", b"An interview about otters"),
        ("response_format", None, "text/plain", b"json"),
        ("temperature", None, "text/plain", b"0.2"),
        ("language", None, "text/plain", b"en"),
        ("file", "interview.mp3", "audio/mpeg", WAV),
    ]
    assert_valid("CreateTranscriptionRequest", form_instance("CreateTranscriptionRequest", form))
    r = prism.call(prism.client.audio().transcribe(req))
    assert r.to_dict() == PRISM_TRANSCRIPT


def test_array_fields_are_repeated_parts(prism: Harness) -> None:
    # Prism cannot take array fields in multipart bodies (it answers 422 "must be array"
    # to any encoding), so these are checked against the spec here and sent to the local
    # server in test_audio_local.py.
    req = (
        CreateTranscriptionRequestArgs()
        .file(("a.wav", WAV))
        .model("whisper-1")
        .response_format(AudioResponseFormat.VERBOSE_JSON)
        .timestamp_granularities([TimestampGranularity.WORD, TimestampGranularity.SEGMENT])
        .include(iter([TranscriptionInclude.LOGPROBS]))
        .build()
    )
    assert req.timestamp_granularities == ["word", "segment"]
    assert req.include == ["logprobs"]
    form = parse_form(Audio.transcribe_verbose_json.fn(prism.client.audio(), req))
    assert form[:-1] == [
        ("model", None, "text/plain", b"whisper-1"),
        ("response_format", None, "text/plain", b"verbose_json"),
        ("timestamp_granularities[]", None, "text/plain", b"word"),
        ("timestamp_granularities[]", None, "text/plain", b"segment"),
        ("include[]", None, "text/plain", b"logprobs"),
    ]
    instance = form_instance("CreateTranscriptionRequest", form)
    assert instance["timestamp_granularities[]"] == ["word", "segment"]
    assert instance["include[]"] == ["logprobs"]
    assert_valid("CreateTranscriptionRequest", instance)


def check_segment(s: Any) -> None:
    assert type(s) is TranscriptionSegment
    for name in ("id", "seek"):
        assert type(getattr(s, name)) is int
    for name in ("start", "end", "temperature", "avg_logprob", "compression_ratio",
                 "no_speech_prob"):
        assert type(getattr(s, name)) in (int, float)
    assert type(s.text) is str
    assert type(s.tokens) is list and all(type(t) is int for t in s.tokens)


def test_transcribe_verbose_json(prism: Harness) -> None:
    req = CreateTranscriptionRequestArgs().file(("a.wav", WAV)).model("whisper-1").build()
    form = parse_form(Audio.transcribe_verbose_json.fn(prism.client.audio(), req))
    # An unset format is sent as verbose_json, the one this method decodes.
    assert ("response_format", None, "text/plain", b"verbose_json") in form
    r = until_decoded(prism, lambda audio: audio.transcribe_verbose_json(req))
    assert type(r) is CreateTranscriptionResponseVerboseJson
    assert type(r.language) is str and type(r.text) is str
    assert type(r.duration) in (int, float)
    for w in r.words or ():
        assert type(w) is TranscriptionWord
        assert type(w.word) is str and type(w.start) in (int, float) and type(w.end) in (int, float)
    for s in r.segments or ():
        check_segment(s)
    assert_valid("CreateTranscriptionResponseVerboseJson", r)


def test_transcribe_raw(prism: Harness) -> None:
    for fmt in (AudioResponseFormat.SRT, AudioResponseFormat.VTT, AudioResponseFormat.TEXT, None):
        args = CreateTranscriptionRequestArgs().file(("a.wav", WAV)).model("whisper-1")
        if fmt is not None:
            args.response_format(fmt)
        req = args.build()
        form = parse_form(Audio.transcribe_raw.fn(prism.client.audio(), req))
        sent = [v for n, _, _, v in form if n == "response_format"]
        assert sent == ([] if fmt is None else [fmt.value.encode()])
        raw = prism.call(prism.client.audio().transcribe_raw(req))
        # Prism answers JSON whatever the format; the bytes come back untouched.
        assert type(raw) is bytes
        assert json.loads(raw) == PRISM_TRANSCRIPT


def test_format_guards_fail_before_io(prism: Harness) -> None:
    audio = dead_client(prism).audio()
    base = CreateTranscriptionRequestArgs().file(("a.wav", WAV)).model("whisper-1")
    with pytest.raises(InvalidArgument) as e:
        prism.call(audio.transcribe(base.response_format(AudioResponseFormat.SRT).build()))
    assert "transcribe_raw" in str(e.value)
    with pytest.raises(InvalidArgument):
        prism.call(audio.transcribe(base.response_format(AudioResponseFormat.VERBOSE_JSON).build()))
    with pytest.raises(InvalidArgument):
        prism.call(audio.transcribe_verbose_json(base.response_format(AudioResponseFormat.JSON).build()))
    tbase = CreateTranslationRequestArgs().file(("a.wav", WAV)).model("whisper-1")
    with pytest.raises(InvalidArgument) as e:
        prism.call(audio.translate(tbase.response_format(AudioResponseFormat.VTT).build()))
    assert "translate_raw" in str(e.value)
    with pytest.raises(InvalidArgument):
        prism.call(audio.translate_verbose_json(tbase.response_format(AudioResponseFormat.TEXT).build()))
    with pytest.raises(APIConnectionError):
        prism.call(audio.transcribe_raw(base.build()))


def test_unreadable_audio_fails_before_io(prism: Harness, tmp_path: Path) -> None:
    audio = dead_client(prism).audio()
    calls = [audio.transcribe, audio.transcribe_verbose_json, audio.transcribe_raw]
    for call in calls:
        with pytest.raises(FileReadError):
            prism.call(call(CreateTranscriptionRequestArgs().file("").model("whisper-1").build()))
    for tcall in (audio.translate, audio.translate_verbose_json, audio.translate_raw):
        with pytest.raises(FileReadError):
            prism.call(tcall(CreateTranslationRequestArgs().file(
                AudioInput.from_path("")).model("whisper-1").build()))
    with pytest.raises(FileReadError):
        prism.call(audio.transcribe(CreateTranscriptionRequestArgs().file(
            tmp_path / "missing.wav").model("whisper-1").build()))
    # An unnamed file object is readable: it goes out (as "upload") and fails at the network.
    with pytest.raises(APIConnectionError):
        prism.call(audio.transcribe(CreateTranscriptionRequestArgs().file(
            io.BytesIO(WAV)).model("whisper-1").build()))


def test_file_parts_keep_filenames(prism: Harness, tmp_path: Path) -> None:
    p = tmp_path / "Voice Memo 1.m4a"
    p.write_bytes(WAV)
    audio = prism.client.audio()
    with open(p, "rb") as fh:
        cases: list[tuple[Any, str, str]] = [
            (p, "Voice Memo 1.m4a", "audio/mp4"),
            (fh, "Voice Memo 1.m4a", "audio/mp4"),
            (AudioInput.from_vec_u8("clip.ogg", list(WAV)), "clip.ogg", "audio/ogg"),
            (AudioInput.from_bytes("clip.FLAC", WAV), "clip.FLAC", "audio/flac"),
            (InputSource.from_file(io.BytesIO(WAV), "rec.webm"), "rec.webm", "audio/webm"),
            (("raw.bin", WAV), "raw.bin", "application/octet-stream"),
        ]
        for source, filename, ctype in cases:
            req = CreateTranslationRequestArgs().file(source).model("whisper-1").build()
            *_, (name, got_name, got_type, content) = parse_form(Audio.translate.fn(audio, req))
            assert (name, got_name, got_type, content) == ("file", filename, ctype, WAV)


# ---------------------------------------------------------------- translations


def test_translate_minimal(prism: Harness) -> None:
    req = CreateTranslationRequestArgs().file(("german.m4a", WAV)).model("whisper-1").build()
    api = Audio.translate.fn(prism.client.audio(), req)
    assert (api.method, api.path) == ("POST", "/audio/translations")
    form = parse_form(api)
    assert form == [("model", None, "text/plain", b"whisper-1"),
                    ("file", "german.m4a", "audio/mp4", WAV)]
    assert_valid("CreateTranslationRequest", form_instance("CreateTranslationRequest", form))
    r = prism.call(prism.client.audio().translate(req))
    assert type(r) is CreateTranslationResponseJson
    assert r.text == "string"


def test_translate_full(prism: Harness, tmp_path: Path) -> None:
    p = tmp_path / "speech.mp3"
    p.write_bytes(WAV)
    req = (
        CreateTranslationRequestArgs()
        .file(p)
        .model("whisper-1")
        .prompt("Guten Tag")
        .response_format(AudioResponseFormat.JSON)
        .temperature(0)
        .build()
    )
    form = parse_form(Audio.translate.fn(prism.client.audio(), req))
    assert form == [
        ("model", None, "text/plain", b"whisper-1"),
        ("prompt", None, "text/plain", b"Guten Tag"),
        ("response_format", None, "text/plain", b"json"),
        ("temperature", None, "text/plain", b"0"),
        ("file", "speech.mp3", "audio/mpeg", WAV),
    ]
    assert_valid("CreateTranslationRequest", form_instance("CreateTranslationRequest", form))
    assert prism.call(prism.client.audio().translate(req)) == CreateTranslationResponseJson(
        text="string")


def test_translate_verbose_json(prism: Harness) -> None:
    req = CreateTranslationRequestArgs().file(("a.wav", WAV)).model("whisper-1").temperature(
        0.5).build()
    form = parse_form(Audio.translate_verbose_json.fn(prism.client.audio(), req))
    assert form[:3] == [("model", None, "text/plain", b"whisper-1"),
                        ("response_format", None, "text/plain", b"verbose_json"),
                        ("temperature", None, "text/plain", b"0.5")]
    assert_valid("CreateTranslationRequest", form_instance("CreateTranslationRequest", form))
    r = until_decoded(prism, lambda audio: audio.translate_verbose_json(req))
    assert type(r) is CreateTranslationResponseVerboseJson
    assert type(r.language) is str and type(r.text) is str
    assert type(r.duration) in (int, float)
    for s in r.segments or ():
        check_segment(s)
    assert_valid("CreateTranslationResponseVerboseJson", r)


def test_translate_raw(prism: Harness) -> None:
    req = CreateTranslationRequestArgs().file(("a.wav", WAV)).model("whisper-1").response_format(
        AudioResponseFormat.SRT).build()
    form = parse_form(Audio.translate_raw.fn(prism.client.audio(), req))
    assert ("response_format", None, "text/plain", b"srt") in form
    raw = prism.call(prism.client.audio().translate_raw(req))
    assert type(raw) is bytes
    assert json.loads(raw) == {"text": "string"}
