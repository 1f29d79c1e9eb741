"""Assistants function calling over a run stream: answer ``requires_action``, stream the rest.
An assistant gets two function tools; a run on a thread is streamed, event by event. When the
run stops at ``thread.run.requires_action``, the tool calls are answered and the outputs are
submitted with ``submit_tool_outputs_stream``, whose message deltas are printed as they come.
Offline: ``python examples/run.py assistants-func-call-stream`` (the local server calls the
first function once, then answers with what the tool said). With a real key:
``OPENAI_API_KEY=sk-... python examples/assistants-func-call-stream/main.py``.
"""

from __future__ import annotations

from openai_rs_port import Client
from openai_rs_port.types import (
    AssistantToolsFunction,
    CreateAssistantRequestArgs,
    CreateMessageRequest,
    CreateRunRequestArgs,
    CreateThreadRequest,
    FunctionObject,
    MessageDeltaContentTextObject,
    MessageRole,
    RunObject,
    SubmitToolOutputsRunRequest,
    ThreadMessageDelta,
    ThreadRunRequiresAction,
    ToolsOutputs,
)

LOCATION = {"type": "string", "description": "The city and state, e.g., San Francisco, CA"}


def main() -> None:
    client = Client()

    # Step 1: the functions the assistant may call.
    create_assistant_request = (
        CreateAssistantRequestArgs.default()
        .instructions("You are a weather bot. Use the provided functions to answer questions.")
        .model("gpt-4o")
        .tools([
            AssistantToolsFunction(function=FunctionObject(
                name="get_current_temperature",
                description="Get the current temperature for a specific location",
                parameters={
                    "type": "object",
                    "properties": {
                        "location": LOCATION,
                        "unit": {
                            "type": "string",
                            "enum": ["Celsius", "Fahrenheit"],
                            "description": "The temperature unit to use. "
                                           "Infer this from the user's location.",
                        },
                    },
                    "required": ["location", "unit"],
                },
            )),
            AssistantToolsFunction(function=FunctionObject(
                name="get_rain_probability",
                description="Get the probability of rain for a specific location",
                parameters={"type": "object", "properties": {"location": LOCATION}, "required": ["location"]},
            )),
        ])
        .build()
    )
    assistant = client.assistants().create(create_assistant_request)

    # Step 2: a thread and its message.
    thread = client.threads().create(CreateThreadRequest())
    client.threads().messages(thread.id).create(CreateMessageRequest(
        role=MessageRole.USER,
        content="What's the weather in San Francisco today and the likelihood it'll rain?",
    ))

    # Step 3: a streamed run. It ends at requires_action; the outputs then go in a new stream.
    waiting: RunObject | None = None
    with client.threads().runs(thread.id).create_stream(
        CreateRunRequestArgs.default().assistant_id(assistant.id).build()
    ) as event_stream:
        for event in event_stream:
            match event:
                case ThreadRunRequiresAction(data=run_object):
                    print(f"thread.run.requires_action: run_id:{run_object.id}")
                    waiting = run_object
                case _:
                    print(f"\nEvent: {event!r}\n")
    if waiting is not None:
        handle_requires_action(client, waiting)

    # Clean up.
    client.threads().delete(thread.id)
    client.assistants().delete(assistant.id)


def handle_requires_action(client: Client, run_object: RunObject) -> None:
    if run_object.required_action is None:
        return
    tool_outputs: list[ToolsOutputs] = []
    for tool in run_object.required_action.submit_tool_outputs.tool_calls:
        if tool.function.name == "get_current_temperature":
            tool_outputs.append(ToolsOutputs(tool_call_id=tool.id, output="57"))
        if tool.function.name == "get_rain_probability":
            tool_outputs.append(ToolsOutputs(tool_call_id=tool.id, output="0.06"))
    submit_tool_outputs(client, run_object, tool_outputs)


def submit_tool_outputs(
    client: Client, run_object: RunObject, tool_outputs: list[ToolsOutputs]
) -> None:
    with client.threads().runs(run_object.thread_id).submit_tool_outputs_stream(
        run_object.id, SubmitToolOutputsRunRequest(tool_outputs=tool_outputs)
    ) as event_stream:
        for event in event_stream:
            if isinstance(event, ThreadMessageDelta):
                # Only text is expected here, no images.
                for content in event.data.delta.content or []:
                    if isinstance(content, MessageDeltaContentTextObject) and content.text is not None:
                        print(content.text.value or "", end="", flush=True)
    print()


if __name__ == "__main__":
    main()
