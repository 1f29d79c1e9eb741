"""Chat tools on ``AsyncClient``: the model asks for ``get_current_weather`` calls, the
program runs them concurrently (one task each), sends the assistant's tool calls and one
``tool`` message per result back, and streams the final answer.
Offline: ``python examples/run.py tool-call`` (the local server calls the first tool
offered, then answers ``Function result: ...``). With a real key:
``OPENAI_API_KEY=sk-... python examples/tool-call/main_async.py``.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
from collections.abc import Callable
from typing import Any

from openai_rs_port import AsyncClient
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


async def call_fn(name: str, args: str) -> dict[str, Any]:
    available_functions: dict[str, Callable[[str, str], dict[str, Any]]] = {
        "get_current_weather": get_current_weather,
    }
    function_args = json.loads(args)
    location = function_args["location"]
    unit = function_args.get("unit", "fahrenheit")
    return available_functions[name](location, unit)


async def main() -> None:
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

    async with AsyncClient() as client:
        response_message = (await client.chat().create(request)).choices[0].message
        tool_calls = response_message.tool_calls
        if not tool_calls:
            print(response_message.content)
            return

        # Every call in a task of its own, as the model may ask for several at once.
        tasks = [asyncio.create_task(call_fn(c.function.name, c.function.arguments)) for c in tool_calls]
        function_responses = list(zip(tool_calls, await asyncio.gather(*tasks), strict=True))
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
        async with await client.chat().create_stream(subsequent_request) as stream:
            async for response in stream:
                for choice in response.choices:
                    if choice.delta.content is not None:
                        sys.stdout.write(choice.delta.content)
                sys.stdout.flush()
        print()


if __name__ == "__main__":
    asyncio.run(main())
