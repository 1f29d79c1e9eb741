"""List the models the key can use, then retrieve one by id.
Offline: ``python examples/run.py models``. With a real key:
``OPENAI_API_KEY=sk-... python examples/models/main.py``.
"""

from __future__ import annotations

from pprint import pprint

from openai_rs_port import Client


def main() -> None:
    with Client() as client:
        model_list = client.models().list()
        print("List of models:")
        pprint(model_list.data)

        model = client.models().retrieve("gpt-3.5-turbo-instruct")
        print(f"gpt-3.5-turbo-instruct model id: {model.id}")


if __name__ == "__main__":
    main()
