"""Realtime sessions against Prism, in both modes: the client secret never shows in ``repr``."""

from __future__ import annotations

import json

from conftest import Harness
from spec import assert_valid

import openai_rs_port.types as types
from openai_rs_port.realtime import Realtime
from openai_rs_port.types.realtime import (
    AudioFormat,
    AudioTranscription,
    RealtimeClientSecret,
    RealtimeSessionCreateRequestArgs,
    RealtimeSessionCreateResponse,
    RealtimeTranscriptionSessionCreateRequestArgs,
    RealtimeTranscriptionSessionCreateResponse,
    RealtimeVoice,
    ToolChoice,
    ToolDefinition,
    TurnDetection,
)

SESSION = (
    RealtimeSessionCreateRequestArgs()
    .model("gpt-4o-realtime-preview")
    .modalities(["audio", "text"])
    .instructions("Be brief.")
    .voice("alloy")
    .input_audio_format(AudioFormat.PCM16)
    .output_audio_format("g711_ulaw")
    .input_audio_transcription(AudioTranscription(model="whisper-1"))
    .turn_detection({"type": "server_vad", "threshold": 0.5, "silence_duration_ms": 200})
    .input_audio_noise_reduction({"type": "near_field"})
    .tools([ToolDefinition(name="lookup", description="Look up", parameters={"type": "object"})])
    .tool_choice(ToolChoice.AUTO)
    .temperature(0.8)
    .max_response_output_tokens("inf")
    .build()
)


def test_requests_on_the_wire() -> None:
    wire = SESSION.to_dict()
    assert wire["voice"] == "alloy" and wire["output_audio_format"] == "g711_ulaw"
    assert wire["tools"] == [{"name": "lookup", "description": "Look up", "parameters": {"type": "object"},
                              "type": "function"}]
    assert wire["max_response_output_tokens"] == "inf"
    assert type(SESSION.turn_detection) is TurnDetection and SESSION.voice is RealtimeVoice.ALLOY
    assert_valid("RealtimeSessionCreateRequest", SESSION)
    transcription = (RealtimeTranscriptionSessionCreateRequestArgs().input_audio_format("pcm16")
                     .input_audio_transcription({"model": "gpt-4o-transcribe", "language": "en"})
                     .include(["item.input_audio_transcription.logprobs"]).build())
    assert_valid("RealtimeTranscriptionSessionCreateRequest", transcription)


def test_secret_stays_out_of_repr() -> None:
    secret = RealtimeClientSecret(value="ek_live_secret", expires_at=1)
    assert "ek_live_secret" not in repr(secret) and secret.value == "ek_live_secret"
    answer = RealtimeSessionCreateResponse.from_dict({"client_secret": {"value": "ek_x", "expires_at": 2}})
    assert "ek_x" not in repr(answer) and answer.client_secret.value == "ek_x"


def test_subpackage_is_reachable() -> None:
    assert types.realtime.ToolChoice is ToolChoice


def test_sessions_through_prism(prism: Harness) -> None:
    realtime = prism.client.realtime()
    session = prism.call(realtime.create_session(SESSION))
    assert type(session) is RealtimeSessionCreateResponse
    assert type(session.client_secret) is RealtimeClientSecret and session.client_secret.value
    secret = session.client_secret
    assert repr(secret) == f"RealtimeClientSecret(expires_at={secret.expires_at!r})"
    assert repr(secret) in repr(session)
    api = Realtime.create_session.fn(realtime, SESSION)
    assert (api.method, api.path, json.loads(api.body)) == ("POST", "/realtime/sessions", SESSION.to_dict())
    req = RealtimeTranscriptionSessionCreateRequestArgs().input_audio_transcription(
        {"model": "gpt-4o-transcribe"}).build()
    transcription = prism.call(realtime.create_transcription_session(req))
    assert type(transcription) is RealtimeTranscriptionSessionCreateResponse
    assert "value=" not in repr(transcription.client_secret)
    api = Realtime.create_transcription_session.fn(realtime, req)
    assert api.path == "/realtime/transcription_sessions"
