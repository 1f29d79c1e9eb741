"""Structured Outputs with the schema derived from Python types, as schemars derives it from
Rust ones: ``json_schema_for(MathReasoningResponse)`` turns the dataclasses into a strict
JSON schema, and ``parse_as`` decodes the reply into them (``client.chat().parse(request,
response_format=T)`` does both in one call).
Offline: ``python examples/run.py structured-outputs-schemars`` (the local server answers
with a value of the schema). With a real key:
``OPENAI_API_KEY=sk-... python examples/structured-outputs-schemars/main.py``.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import TypeVar

from openai_rs_port import Client
from openai_rs_port.structured import json_schema_for, parse_as
from openai_rs_port.types import (
    ChatCompletionRequestMessage,
    ChatCompletionRequestSystemMessage,
    ChatCompletionRequestUserMessage,
    CreateChatCompletionRequestArgs,
    ResponseFormatJsonSchema,
    ResponseFormatJsonSchemaFormat,
)

T = TypeVar("T")


@dataclass
class Step:
    output: str
    explanation: str


@dataclass
class MathReasoningResponse:
    final_answer: str
    steps: list[Step]


def structured_output(tp: type[T], messages: list[ChatCompletionRequestMessage]) -> T | None:
    schema = json_schema_for(tp)
    print(f"schema: {json.dumps(schema)}")
    response_format = ResponseFormatJsonSchemaFormat(
        json_schema=ResponseFormatJsonSchema(name="math_reasoning", schema_=schema, strict=True)
    )
    request = (
        CreateChatCompletionRequestArgs.default()
        .max_tokens(512)
        .model("gpt-4o-mini")
        .messages(messages)
        .response_format(response_format)
        .build()
    )
    with Client() as client:
        response = client.chat().create(request)
    for choice in response.choices:
        if choice.message.content is not None:
            return parse_as(tp, choice.message.content)
    return None


def main() -> None:
    response = structured_output(MathReasoningResponse, [
        ChatCompletionRequestSystemMessage(
            content="You are a helpful math tutor. Guide the user through the solution step by step."
        ),
        ChatCompletionRequestUserMessage(content="how can I solve 8x + 7 = -23"),
    ])
    if response is not None:
        print(type(response).__name__, json.dumps(dataclasses.asdict(response)))


if __name__ == "__main__":
    main()
