"""Classify one text, then a list of texts, with the moderation model.
Offline: ``python examples/run.py moderations``. With a real key:
``OPENAI_API_KEY=sk-... python examples/moderations/main.py``.
"""

from __future__ import annotations

from pprint import pprint

from openai_rs_port import Client
from openai_rs_port.types import CreateModerationRequestArgs


def main() -> None:
    model = "omni-moderation-latest"
    with Client() as client:
        # single
        request = CreateModerationRequestArgs.default().input("Lions want to kill").model(model).build()
        response = client.moderations().create(request)
        print("Response (single):")
        pprint(response)

        # multiple
        request = (
            CreateModerationRequestArgs.default()
            .input(["Lions want to kill", "I hate them"])
            .model(model)
            .build()
        )
        response = client.moderations().create(request)
        print("Response (multiple):")
        pprint(response)
        for i, result in enumerate(response.results):
            print(f"[{i}] flagged: {result.flagged}")


if __name__ == "__main__":
    main()
