"""Structured Outputs with a hand-written JSON schema: the ``json_schema`` response format
(strict) makes the model's reply a JSON object of that shape, here a step-by-step solution.
Offline: ``python examples/run.py structured-outputs`` (the local server answers with a
value of the schema). With a real key:
``OPENAI_API_KEY=sk-... python examples/structured-outputs/main.py``.
"""

from __future__ import annotations

import json

from openai_rs_port import Client
from openai_rs_port.types import (
    ChatCompletionRequestSystemMessage,
    ChatCompletionRequestUserMessage,
    CreateChatCompletionRequestArgs,
    ResponseFormatJsonSchema,
    ResponseFormatJsonSchemaFormat,
)

SCHEMA = {
    "type": "object",
    "properties": {
        "steps": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "explanation": {"type": "string"},
                    "output": {"type": "string"},
                },
                "required": ["explanation", "output"],
                "additionalProperties": False,
            },
        },
        "final_answer": {"type": "string"},
    },
    "required": ["steps", "final_answer"],
    "additionalProperties": False,
}


def main() -> None:
    response_format = ResponseFormatJsonSchemaFormat(
        json_schema=ResponseFormatJsonSchema(name="math_reasoning", schema_=SCHEMA, strict=True)
    )
    request = (
        CreateChatCompletionRequestArgs.default()
        .max_tokens(512)
        .model("gpt-4o-2024-08-06")
        .messages([
            ChatCompletionRequestSystemMessage(
                content="You are a helpful math tutor. Guide the user through the solution step by step."
            ),
            ChatCompletionRequestUserMessage(content="how can I solve 8x + 7 = -23"),
        ])
        .response_format(response_format)
        .build()
    )

    with Client() as client:
        response = client.chat().create(request)

    for choice in response.choices:
        if choice.message.content is not None:
            print(choice.message.content)
            # The reply is JSON of the schema's shape.
            reasoning = json.loads(choice.message.content)
            for step in reasoning["steps"]:
                print(f"- {step['explanation']} => {step['output']}")
            print(f"final answer: {reasoning['final_answer']}")


if __name__ == "__main__":
    main()
