"""Chat tools on ``Client``: the model asks for ``get_current_weather`` calls, the program
runs them (in turn; ``main_async.py`` runs them concurrently), sends the assistant's tool
calls and one ``tool`` message per result back, and streams the final answer.
Offline: ``python examples/run.py tool-call`` (the local server calls the first tool
offered, then answers ``Function result: ...``). With a real key:
``OPENAI_API_KEY=sk-... python examples/tool-call/main.py``.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from typing import Any

from openai_rs_port import Client
from openai_rs_port.types import (
    ChatCompletionRequestAssistantMessageArgs,
    ChatCompletionRequestMessage,
    ChatCompletionRequestToolMessageArgs,
    ChatCompletionRequestUserMessageArgs,
    ChatCompletionToolArgs,
    ChatCompletionToolType,
    CreateChatCompletionRequestArgs,
    FunctionObjectArgs,
)

MODEL = "gpt-4-1106-preview"
USER_PROMPT = "What's the weather like in Boston and Atlanta?"
PARAMETERS = {
    "type": "object",
    "properties": {
        "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
    },
    "required": ["location"],
}


def get_current_weather(location: str, unit: str) -> dict[str, Any]:
    forecasts = ["sunny", "cloudy", "overcast", "rainy", "windy", "foggy", "snowy"]
    return {"location": location, "temperature": str(random.randint(20, 55)), "unit": unit,
            "forecast": random.choice(forecasts)}


def call_fn(name: str, args: str) -> dict[str, Any]:
    available_functions: dict[str, Callable[[str, str], dict[str, Any]]] = {
        "get_current_weather": get_current_weather,
    }
    function_args = json.loads(args)
    location = function_args["location"]
    unit = function_args.get("unit", "fahrenheit")
    return available_functions[name](location, unit)


def main() -> None:
    request = (
        CreateChatCompletionRequestArgs.default()
        .max_tokens(512)
        .model(MODEL)
        .messages([ChatCompletionRequestUserMessageArgs.default().content(USER_PROMPT).build()])
        .tools([
            ChatCompletionToolArgs.default()
            .type(ChatCompletionToolType.FUNCTION)
            .function(
                FunctionObjectArgs.default()
                .name("get_current_weather")
                .description("Get the current weather in a given location")
                .parameters(PARAMETERS)
                .build()
            )
            .build()
        ])
        .build()
    )

    with Client() as client:
        response_message = client.chat().create(request).choices[0].message
        tool_calls = response_message.tool_calls
        if not tool_calls:
            print(response_message.content)
            return

        # The model may ask for several calls at once.
        function_responses = [(c, call_fn(c.function.name, c.function.arguments)) for c in tool_calls]
        for tool_call, _ in function_responses:
            print(f"called {tool_call.function.name}({tool_call.function.arguments})")

        messages: list[ChatCompletionRequestMessage] = [
            ChatCompletionRequestUserMessageArgs.default().content(USER_PROMPT).build(),
            ChatCompletionRequestAssistantMessageArgs.default().tool_calls(tool_calls).build(),
        ]
        messages.extend(
            ChatCompletionRequestToolMessageArgs.default()
            .content(json.dumps(content))
            .tool_call_id(tool_call.id)
            .build()
            for tool_call, content in function_responses
        )

        subsequent_request = (
            CreateChatCompletionRequestArgs.default().max_tokens(512).model(MODEL).messages(messages).build()
        )
        with client.chat().create_stream(subsequent_request) as stream:
            for response in stream:
                for choice in response.choices:
                    if choice.delta.content is not None:
                        sys.stdout.write(choice.delta.content)
                sys.stdout.flush()
        print()


if __name__ == "__main__":
    main()
