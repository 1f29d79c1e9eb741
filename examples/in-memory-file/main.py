"""Transcribe audio held in memory: the file's bytes are read first, then sent with
``AudioInput.from_bytes(filename, data)``, no path involved (the same works for file and
image inputs).
``audio/a-perfect-planet.wav`` is a tenth of a second of tone. Offline:
``python examples/run.py in-memory-file``. With a real key (and a recording with speech):
``OPENAI_API_KEY=sk-... python examples/in-memory-file/main.py``.
"""

from __future__ import annotations

from pathlib import Path

from openai_rs_port import Client
from openai_rs_port.types import AudioInput, CreateTranscriptionRequestArgs

AUDIO = Path(__file__).resolve().parent / "audio"


def main() -> None:
    filename = "a-perfect-planet.wav"
    file_contents = (AUDIO / filename).read_bytes()

    # Bytes from anywhere (a download, a database blob) go in with the file name the API
    # uses to tell the format.
    audio_input = AudioInput.from_bytes(filename, file_contents)

    with Client() as client:
        request = CreateTranscriptionRequestArgs.default().file(audio_input).model("whisper-1").build()
        response = client.audio().transcribe(request)

    print(response.text)


if __name__ == "__main__":
    main()
