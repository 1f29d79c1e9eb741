"""Text to speech: one ``audio().speech`` call, saved to ``./data/audio.mp3``.
Offline: ``python examples/run.py audio-speech`` (the local server answers a labelled
placeholder instead of real audio). With a real key: ``OPENAI_API_KEY=sk-... python
examples/audio-speech/main.py``, then play ``data/audio.mp3``.
"""

from __future__ import annotations

from pathlib import Path

from openai_rs_port import Client
from openai_rs_port.types import CreateSpeechRequestArgs, SpeechModel, Voice


def main() -> None:
    with Client() as client:
        request = (
            CreateSpeechRequestArgs.default()
            .input("Today is a wonderful day to build something people love!")
            .voice(Voice.ALLOY)
            .model(SpeechModel.TTS_1)
            .build()
        )
        response = client.audio().speech(request)
        path = Path("./data/audio.mp3")
        response.save(path)  # creates ./data
        print(f"saved {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
