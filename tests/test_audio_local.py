"""Audio against the project's local server, in both modes: speech saved to disk, transcripts
and translations of uploads from bytes, paths and file objects, sent byte for byte."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import Harness

from openai_rs_port.error import BadRequestError, InvalidArgument
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.testing.routes.audio import speech_bytes, transcript_text
from openai_rs_port.testing.wire import parse_form
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

pytest_plugins = ["local_server"]  # the `local` and `local_server` fixtures

CLIP = os.urandom(200_000)


def only(local_server: MockOpenAIServer, path: str) -> Any:
    (rec,) = local_server.requests(path)
    assert int(rec.headers["content-length"]) == len(rec.body)
    return rec


def form_of(rec: Any) -> list[tuple[str, str | None, bytes]]:
    return [(p.name, p.filename, p.data) for p in parse_form(rec.headers["content-type"], rec.body)]


# ---------------------------------------------------------------- speech


def test_speech_save_creates_parent_dirs(
    local: Harness, local_server: MockOpenAIServer, tmp_path: Path
) -> None:
    req = (CreateSpeechRequestArgs().input("The quick brown fox").model(SpeechModel.TTS_1_HD)
           .voice(Voice.NOVA).response_format(SpeechResponseFormat.WAV).build())
    r = local.call(local.client.audio().speech(req))
    assert type(r) is CreateSpeechResponse
    assert r.bytes == speech_bytes("The quick brown fox", "nova", "wav")
    assert only(local_server, "/v1/audio/speech").json() == {
        "input": "The quick brown fox", "model": "tts-1-hd", "voice": "nova",
        "response_format": "wav"}
    target = tmp_path / "a" / "b" / "c" / "fox.wav"
    r.save(target)
    assert target.read_bytes() == r.bytes
    r.save(target)  # the directories exist now; the file is replaced
    assert target.read_bytes() == r.bytes


def test_speech_error_is_raised(local: Harness) -> None:
    args = CreateSpeechRequestArgs().input("x").model("tts-1").voice("alloy")
    with pytest.raises(InvalidArgument, match=r"CreateSpeechRequest\.response_format: 'ogg'"):
        args.response_format("ogg")  # refused before any I/O
    # Forced past the client's check, the server's error comes back typed.
    req = args.build()
    object.__setattr__(req, "response_format", "ogg")
    with pytest.raises(BadRequestError) as e:
        local.call(local.client.audio().speech(req))
    assert e.value.param == "response_format"


# ---------------------------------------------------------------- transcriptions


def test_transcribe_from_bytes(local: Harness, local_server: MockOpenAIServer) -> None:
    req = CreateTranscriptionRequestArgs().file(AudioInput.from_bytes("clip.wav", CLIP)).model(
        "whisper-1").language("en").build()
    r = local.call(local.client.audio().transcribe(req))
    assert r == CreateTranscriptionResponseJson(text=transcript_text("clip.wav", len(CLIP)))
    assert r.text == f"Transcript of clip.wav ({len(CLIP)} bytes)."
    rec = only(local_server, "/v1/audio/transcriptions")
    assert form_of(rec) == [("model", None, b"whisper-1"), ("language", None, b"en"),
                            ("file", "clip.wav", CLIP)]
    assert CLIP in rec.body
    part = parse_form(rec.headers["content-type"], rec.body)[-1]
    assert part.content_type == "audio/wav"


def test_transcribe_from_vec_u8_path_and_file_object(local: Harness, tmp_path: Path) -> None:
    p = tmp_path / "memo.mp3"
    p.write_bytes(CLIP)
    audio = local.client.audio()
    with open(p, "rb") as fh:
        cases: list[tuple[Any, str]] = [
            (AudioInput.from_vec_u8("vec.ogg", list(CLIP[:5000])), "vec.ogg"),
            (p, "memo.mp3"),
            (fh, "memo.mp3"),
            (InputSource.from_file(io.BytesIO(CLIP), "buffer.flac"), "buffer.flac"),
        ]
        for source, name in cases:
            req = CreateTranscriptionRequestArgs().file(source).model("whisper-1").build()
            size = 5000 if name == "vec.ogg" else len(CLIP)
            assert local.call(audio.transcribe(req)).text == transcript_text(name, size)


def test_transcribe_verbose_json_with_timestamps(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    req = (
        CreateTranscriptionRequestArgs()
        .file(("talk.m4a", CLIP))
        .model("whisper-1")
        .temperature(0.3)
        .timestamp_granularities([TimestampGranularity.WORD, TimestampGranularity.SEGMENT])
        .build()
    )
    r = local.call(local.client.audio().transcribe_verbose_json(req))
    assert type(r) is CreateTranscriptionResponseVerboseJson
    text = transcript_text("talk.m4a", len(CLIP))
    words = text.split()
    assert (r.language, r.text, r.duration) == ("english", text, 0.5 * len(words))
    assert r.words == [TranscriptionWord(word=w, start=0.5 * i, end=0.5 * (i + 1))
                       for i, w in enumerate(words)]
    assert r.segments == [TranscriptionSegment(
        id=0, seek=0, start=0.0, end=0.5 * len(words), text=text,
        tokens=list(range(len(words))), temperature=0.3, avg_logprob=-0.25,
        compression_ratio=1.0, no_speech_prob=0.01)]
    assert form_of(only(local_server, "/v1/audio/transcriptions")) == [
        ("model", None, b"whisper-1"),
        ("response_format", None, b"verbose_json"),
        ("temperature", None, b"0.3"),
        ("timestamp_granularities[]", None, b"word"),
        ("timestamp_granularities[]", None, b"segment"),
        ("file", "talk.m4a", CLIP),
    ]


def test_timestamp_granularities_select_words_or_segments(local: Harness) -> None:
    audio = local.client.audio()
    base = CreateTranscriptionRequestArgs().file(("a.wav", b"1234")).model("whisper-1")
    words_only = local.call(audio.transcribe_verbose_json(
        base.timestamp_granularities([TimestampGranularity.WORD]).build()))
    assert words_only.words is not None and words_only.segments is None
    segments_only = local.call(audio.transcribe_verbose_json(
        base.timestamp_granularities((TimestampGranularity.SEGMENT,)).build()))
    assert segments_only.words is None and segments_only.segments is not None


def test_transcribe_logprobs(local: Harness, local_server: MockOpenAIServer) -> None:
    req = CreateTranscriptionRequestArgs().file(("a.wav", b"xy")).model(
        "gpt-4o-transcribe").include([TranscriptionInclude.LOGPROBS]).build()
    r = local.call(local.client.audio().transcribe(req))
    assert r.logprobs == [TranscriptionLogprob(token=w, logprob=-0.25, bytes=list(w.encode()))
                          for w in r.text.split()]
    assert ("include[]", None, b"logprobs") in form_of(only(local_server, "/v1/audio/transcriptions"))


@pytest.mark.parametrize("fmt", ["text", "srt", "vtt"])
def test_transcribe_raw(local: Harness, fmt: str) -> None:
    req = CreateTranscriptionRequestArgs().file(("song.mp3", CLIP)).model("whisper-1").response_format(
        AudioResponseFormat(fmt)).build()
    raw = local.call(local.client.audio().transcribe_raw(req))
    text = transcript_text("song.mp3", len(CLIP))
    expected = {
        "text": f"{text}\n",
        "srt": f"1\n00:00:00,000 --> 00:00:02,500\n{text}\n\n",
        "vtt": f"WEBVTT\n\n00:00:00.000 --> 00:00:02.500\n{text}\n\n",
    }[fmt]
    assert type(raw) is bytes and raw == expected.encode()


def test_retried_transcription_resends_the_same_bytes(
    local: Harness, local_server: MockOpenAIServer, tmp_path: Path
) -> None:
    p = tmp_path / "retry.wav"
    p.write_bytes(CLIP)
    local_server.script("/v1/audio/transcriptions", {"status": 502}, {"pass": True})
    with open(p, "rb") as fh:
        req = CreateTranscriptionRequestArgs().file(fh).model("whisper-1").build()
        r = local.call(local.client.audio().transcribe(req))
    assert r.text == transcript_text("retry.wav", len(CLIP))
    first, second = local_server.requests("/v1/audio/transcriptions")
    assert form_of(first) == form_of(second) == [("model", None, b"whisper-1"),
                                                 ("file", "retry.wav", CLIP)]


# ---------------------------------------------------------------- translations


def test_translate(local: Harness, local_server: MockOpenAIServer) -> None:
    req = CreateTranslationRequestArgs().file(AudioInput.from_bytes("german.ogg", CLIP)).model(
        "whisper-1").prompt("Hallo").build()
    r = local.call(local.client.audio().translate(req))
    assert r == CreateTranslationResponseJson(text=f"Translation of german.ogg ({len(CLIP)} bytes).")
    assert form_of(only(local_server, "/v1/audio/translations")) == [
        ("model", None, b"whisper-1"), ("prompt", None, b"Hallo"), ("file", "german.ogg", CLIP)]


def test_translate_verbose_json(local: Harness) -> None:
    req = CreateTranslationRequestArgs().file(("f.wav", b"abc")).model("whisper-1").build()
    r = local.call(local.client.audio().translate_verbose_json(req))
    assert type(r) is CreateTranslationResponseVerboseJson
    text = transcript_text("f.wav", 3, translation=True)
    assert (r.language, r.text, r.duration) == ("english", text, 0.5 * len(text.split()))
    assert r.segments is not None and [s.text for s in r.segments] == [text]
    assert type(r.segments[0]) is TranscriptionSegment


def test_translate_raw(local: Harness) -> None:
    req = CreateTranslationRequestArgs().file(("f.wav", b"abc")).model("whisper-1").response_format(
        AudioResponseFormat.VTT).build()
    raw = local.call(local.client.audio().translate_raw(req))
    assert raw.startswith(b"WEBVTT\n\n") and b"Translation of f.wav (3 bytes)." in raw
