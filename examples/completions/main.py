"""Legacy completions (``/v1/completions``): one prompt, then several prompts in one request.
Offline: ``python examples/run.py completions`` (the local server answers ``Echo: <prompt>``,
one choice per prompt). With a real key: ``OPENAI_API_KEY=sk-... python examples/completions/main.py``.
"""

from __future__ import annotations

from openai_rs_port import Client
from openai_rs_port.types import CreateCompletionRequestArgs


def main() -> None:
    with Client() as client:
        # A single prompt.
        request = (
            CreateCompletionRequestArgs.default()
            .model("gpt-3.5-turbo-instruct")
            .prompt("Tell me a joke about the universe")
            .max_tokens(40)
            .build()
        )
        response = client.completions().create(request)
        print("\nResponse (single):\n")
        for choice in response.choices:
            print(choice.text)

        # Several prompts: one choice each.
        request = (
            CreateCompletionRequestArgs.default()
            .model("gpt-3.5-turbo-instruct")
            .prompt(["How old is the human civilization?", "How old is the Earth?"])
            .max_tokens(40)
            .build()
        )
        response = client.completions().create(request)
        print("\nResponse (multiple):\n")
        for choice in response.choices:
            print(choice.text)


if __name__ == "__main__":
    main()
