"""Chat tools, streamed, on ``Client``: tool-call fragments are merged by (choice, tool call)
index; at ``finish_reason == tool_calls`` the calls run, the assistant's tool calls and one
``tool`` message per result go back, and the final answer streams.
Offline: ``python examples/run.py tool-call-stream`` (the local server calls the first tool
offered, then answers ``Function result: ...``). With a real key:
``OPENAI_API_KEY=sk-... python examples/tool-call-stream/main.py``.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from typing import Any

from openai_rs_port import Client
from openai_rs_port.error import OpenAIError
from openai_rs_port.types import (
    ChatCompletionMessageToolCall,
    ChatCompletionRequestAssistantMessageArgs,
    ChatCompletionRequestMessage,
    ChatCompletionRequestToolMessageArgs,
    ChatCompletionRequestUserMessageArgs,
    ChatCompletionToolArgs,
    ChatCompletionToolType,
    CreateChatCompletionRequestArgs,
    FinishReason,
    FunctionCall,
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
    return available_functions[name](function_args["location"], function_args.get("unit", "fahrenheit"))


def answer_tool_calls(client: Client, tool_calls: list[ChatCompletionMessageToolCall]) -> None:
    function_responses = [(c, call_fn(c.function.name, c.function.arguments)) for c in tool_calls]
    messages: list[ChatCompletionRequestMessage] = [
        ChatCompletionRequestUserMessageArgs.default().content(USER_PROMPT).build(),
        ChatCompletionRequestAssistantMessageArgs.default().tool_calls(tool_calls).build(),
    ]
    messages.extend(
        ChatCompletionRequestToolMessageArgs.default().content(json.dumps(content)).tool_call_id(call.id).build()
        for call, content in function_responses
    )
    request = (
        CreateChatCompletionRequestArgs.default().max_tokens(512).model(MODEL).messages(messages).build()
    )
    with client.chat().create_stream(request) as stream:
        for response in stream:
            for choice in response.choices:
                if choice.delta.content is not None:
                    sys.stdout.write(choice.delta.content)
            sys.stdout.flush()
    print()


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

    # (choice index, tool call index) -> [id, name, arguments so far]
    states: dict[tuple[int, int], list[str]] = {}
    with Client() as client, client.chat().create_stream(request) as stream:
        try:
            for response in stream:
                for choice in response.choices:
                    for chunk in choice.delta.tool_calls or []:
                        # The id and name come in the call's first fragment, the arguments in pieces.
                        state = states.setdefault((choice.index, chunk.index), ["", "", ""])
                        state[0] = chunk.id or state[0]
                        if chunk.function is not None:
                            state[1] = chunk.function.name or state[1]
                            state[2] += chunk.function.arguments or ""
                    if choice.finish_reason == FinishReason.TOOL_CALLS:
                        tool_calls = [
                            ChatCompletionMessageToolCall(id=i, function=FunctionCall(name=n, arguments=a))
                            for (i, n, a) in (states[k] for k in sorted(states))
                        ]
                        for call in tool_calls:
                            print(f"tool call {call.id}: {call.function.name}({call.function.arguments})")
                        answer_tool_calls(client, tool_calls)
                    if choice.delta.content is not None:
                        sys.stdout.write(choice.delta.content)
                sys.stdout.flush()
        except OpenAIError as err:
            print(f"error: {err}")


if __name__ == "__main__":
    main()
