"""A streamed legacy completion (``/v1/completions``): each chunk's text printed as it arrives.
Offline: ``python examples/run.py completions-stream`` (the local server streams ``Echo:
<prompt>``). With a real key: ``OPENAI_API_KEY=sk-... python examples/completions-stream/main.py``.
"""

from __future__ import annotations

import sys

from openai_rs_port import Client
from openai_rs_port.error import OpenAIError
from openai_rs_port.types import CreateCompletionRequestArgs


def main() -> None:
    with Client() as client:
        request = (
            CreateCompletionRequestArgs.default()
            .model("gpt-3.5-turbo-instruct")
            .n(1)
            .prompt("Tell me a bedtime story about Optimus Prime and Bumblebee")
            .stream(True)
            .max_tokens(1024)
            .build()
        )
        with client.completions().create_stream(request) as stream:
            try:
                for ccr in stream:
                    for c in ccr.choices:
                        print(c.text, end="", flush=True)
            except OpenAIError as e:
                print(e, file=sys.stderr)
        print()


if __name__ == "__main__":
    main()
