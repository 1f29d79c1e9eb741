"""Speech in another language to English text: ``translate`` (JSON) and ``translate_raw`` (SRT).
Offline: ``python examples/run.py audio-translate`` (the local server's translation names the
file it got). With a real key: ``OPENAI_API_KEY=sk-... python examples/audio-translate/main.py``;
``audio/`` holds a short tone, put non-English speech there for a real translation.
"""

from __future__ import annotations

from pathlib import Path

from openai_rs_port import Client
from openai_rs_port.types import AudioResponseFormat, CreateTranslationRequestArgs

AUDIO = Path(__file__).resolve().parent / "audio" / "koshish-karne-walon-ki.wav"


def translate_srt(client: Client) -> None:
    request = (
        CreateTranslationRequestArgs.default()
        .file(AUDIO)
        .model("whisper-1")
        .response_format(AudioResponseFormat.SRT)
        .build()
    )
    response = client.audio().translate_raw(request)
    print("translate_srt:")
    print(response.decode("utf-8", "replace"))


def translate_verbose_json(client: Client) -> None:
    request = CreateTranslationRequestArgs.default().file(AUDIO).model("whisper-1").build()
    response = client.audio().translate(request)
    print("translate_verbose_json:")
    print(response.text)


def main() -> None:
    with Client() as client:
        translate_verbose_json(client)
        translate_srt(client)


if __name__ == "__main__":
    main()
