"""A function tool over the Responses API, on ``Client``: the model answers with a
``function_call`` item, the program runs ``get_weather``, and sends the call and its
``function_call_output`` back in the input of a second request.
Offline: ``python examples/run.py responses-function-call`` (the local server calls the
first function offered, then answers ``Function result: <output>``). With a real key:
``OPENAI_API_KEY=sk-... python examples/responses-function-call/main.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from openai_rs_port import Client
from openai_rs_port.types.responses import (
    CreateResponseArgs,
    FunctionArgs,
    FunctionCall,
    FunctionCallOutput,
    InputItem,
    InputMessageArgs,
    Role,
    ToolDefinition,
)


@dataclass
class WeatherFunctionArgs:
    location: str
    units: str


def check_weather(location: str, units: str) -> str:
    return f"The weather in {location} is 25 {units}"


PARAMETERS = {
    "type": "object",
    "properties": {
        "location": {"type": "string", "description": "City and country e.g. Bogotá, Colombia"},
        "units": {
            "type": "string",
            "enum": ["celsius", "fahrenheit"],
            "description": "Units the temperature will be returned in.",
        },
    },
    "required": ["location", "units"],
    "additionalProperties": False,
}


def main() -> None:
    tools: list[ToolDefinition] = [
        FunctionArgs.default()
        .name("get_weather")
        .description("Retrieves current weather for the given location")
        .parameters(PARAMETERS)
        # Required here (Rust's builder defaults it to false); the schema above is a strict one.
        .strict(True)
        .build()
    ]
    input_messages: list[InputItem] = [
        InputMessageArgs.default().role(Role.USER).content("What's the weather like in Paris today?").build()
    ]
    request = (
        CreateResponseArgs.default()
        .max_output_tokens(512)
        .model("gpt-4.1")
        .input(list(input_messages))
        .tools(tools)
        .build()
    )
    print(request.to_json())

    with Client() as client:
        response = client.responses().create(request)

        # The model may ask for a function call.
        function_call = next((o for o in response.output if isinstance(o, FunctionCall)), None)
        if function_call is None:
            print("No function_call request found")
            return
        if function_call.name != "get_weather":
            print(f"Unknown function {function_call.name}")
            return
        args = WeatherFunctionArgs(**json.loads(function_call.arguments))
        function_result = check_weather(args.location, args.units)

        input_messages.append(function_call)
        input_messages.append(FunctionCallOutput(call_id=function_call.call_id, output=function_result))

        request = (
            CreateResponseArgs.default()
            .max_output_tokens(512)
            .model("gpt-4.1")
            .input(input_messages)
            .tools(tools)
            .build()
        )
        print(f"request 2 {request.to_json()}")

        response = client.responses().create(request)

    print(response.to_json())
    print(f"output_text: {response.output_text}")


if __name__ == "__main__":
    main()
