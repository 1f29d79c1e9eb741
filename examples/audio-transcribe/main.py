"""Speech to text: one recording transcribed as JSON, as verbose JSON with timings, and as SRT.
``transcribe`` decodes the ``json`` format, ``transcribe_verbose_json`` the ``verbose_json`` one
(with the word and segment timings ``timestamp_granularities`` asks for), and ``transcribe_raw``
returns the bytes of any format, here subtitles. Offline: ``python examples/run.py
audio-transcribe`` (the local server's transcript names the file it got). With a real key:
``OPENAI_API_KEY=sk-... python examples/audio-transcribe/main.py``; ``audio/`` holds a short
tone, put speech there for a real transcript.
"""

from __future__ import annotations

from pathlib import Path

from openai_rs_port import Client
from openai_rs_port.types import AudioResponseFormat, CreateTranscriptionRequestArgs, TimestampGranularity

AUDIO = Path(__file__).resolve().parent / "audio" / "a-perfect-planet.wav"


def transcribe_json(client: Client) -> None:
    request = (
        CreateTranscriptionRequestArgs.default()
        .file(AUDIO)
        .model("whisper-1")
        .response_format(AudioResponseFormat.JSON)
        .build()
    )
    response = client.audio().transcribe(request)
    print(response.text)


def transcribe_verbose_json(client: Client) -> None:
    request = (
        CreateTranscriptionRequestArgs.default()
        .file(AUDIO)
        .model("whisper-1")
        .response_format(AudioResponseFormat.VERBOSE_JSON)
        .timestamp_granularities([TimestampGranularity.WORD, TimestampGranularity.SEGMENT])
        .build()
    )
    response = client.audio().transcribe_verbose_json(request)
    print(response.text)
    if response.words is not None:
        print(f"- {len(response.words)} words")
    if response.segments is not None:
        print(f"- {len(response.segments)} segments")


def transcribe_srt(client: Client) -> None:
    request = (
        CreateTranscriptionRequestArgs.default()
        .file(AUDIO)
        .model("whisper-1")
        .response_format(AudioResponseFormat.SRT)
        .build()
    )
    response = client.audio().transcribe_raw(request)
    print(response.decode("utf-8", "replace"))


def main() -> None:
    with Client() as client:
        transcribe_json(client)
        transcribe_verbose_json(client)
        transcribe_srt(client)


if __name__ == "__main__":
    main()
