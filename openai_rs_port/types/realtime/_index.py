"""Which module of ``openai_rs_port.types.realtime`` defines each public name.

Generated from the modules' source by tests/tools/gen_types.py: do not edit, run
``python tests/tools/gen_types.py``.
"""

from __future__ import annotations

INDEX: dict[str, str] = {
    "AudioFormat": "session",
    "AudioTranscription": "session",
    "InputAudioNoiseReduction": "session",
    "MaxResponseOutputTokens": "session",
    "RealtimeClientSecret": "session",
    "RealtimeSessionCreateRequest": "session",
    "RealtimeSessionCreateRequestArgs": "session",
    "RealtimeSessionCreateResponse": "session",
    "RealtimeTranscriptionSessionCreateRequest": "session",
    "RealtimeTranscriptionSessionCreateRequestArgs": "session",
    "RealtimeTranscriptionSessionCreateResponse": "session",
    "RealtimeVoice": "session",
    "ToolChoice": "session",
    "ToolDefinition": "session",
    "TurnDetection": "session",
}
