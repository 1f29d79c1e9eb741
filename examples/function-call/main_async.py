"""The deprecated ``functions`` / ``function_call`` of chat completions, on ``AsyncClient``: the
model asks for ``get_current_weather``, the program calls it and sends the result back in
a ``function`` message for the final answer.
Offline: ``python examples/run.py function-call`` (the local server calls the first function
offered, then answers ``Function result: ...``). With a real key:
``OPENAI_API_KEY=sk-... python examples/function-call/main_async.py``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

from openai_rs_port import AsyncClient
from openai_rs_port.types import (
    ChatCompletionFunctionsArgs,
    ChatCompletionRequestFunctionMessageArgs,
    ChatCompletionRequestMessage,
    ChatCompletionRequestUserMessageArgs,
    CreateChatCompletionRequestArgs,
)

MODEL = "gpt-4o-mini"
QUESTION = "What's the weather like in Boston?"
PARAMETERS = {
    "type": "object",
    "properties": {
        "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
    },
    "required": ["location"],
}


def get_current_weather(location: str, unit: str) -> dict[str, Any]:
    return {"location": location, "temperature": "72", "unit": unit, "forecast": ["sunny", "windy"]}


async def main() -> None:
    # The library logs retries (a rate-limited call, for one) on the "openai_rs_port" logger.
    logging.basicConfig(level=logging.WARNING)

    request = (
        CreateChatCompletionRequestArgs.default()
        .max_tokens(512)
        .model(MODEL)
        .messages([ChatCompletionRequestUserMessageArgs.default().content(QUESTION).build()])
        .functions([
            ChatCompletionFunctionsArgs.default()
            .name("get_current_weather")
            .description("Get the current weather in a given location")
            .parameters(PARAMETERS)
            .build()
        ])
        .function_call("auto")
        .build()
    )

    async with AsyncClient() as client:
        response_message = (await client.chat().create(request)).choices[0].message
        function_call = response_message.function_call
        if function_call is None:
            print(response_message.content)
            return

        available_functions: dict[str, Callable[[str, str], dict[str, Any]]] = {
            "get_current_weather": get_current_weather,
        }
        function_args = json.loads(function_call.arguments)
        location = function_args["location"]
        unit = "fahrenheit"
        function = available_functions[function_call.name]
        function_response = function(location, unit)

        messages: list[ChatCompletionRequestMessage] = [
            ChatCompletionRequestUserMessageArgs.default().content(QUESTION).build(),
            ChatCompletionRequestFunctionMessageArgs.default()
            .content(json.dumps(function_response))
            .name(function_call.name)
            .build(),
        ]
        print(json.dumps([m.to_dict() for m in messages]))

        request = (
            CreateChatCompletionRequestArgs.default().max_tokens(512).model(MODEL).messages(messages).build()
        )
        response = await client.chat().create(request)

    print("\nResponse:\n")
    for choice in response.choices:
        print(f"{choice.index}: Role: {choice.message.role}  Content: {choice.message.content!r}")


if __name__ == "__main__":
    asyncio.run(main())
