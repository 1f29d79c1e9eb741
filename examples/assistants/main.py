"""An interactive assistant: name it, instruct it, then chat on one thread until ``exit()``.
Each question becomes a message on the thread and a run, polled every second until it
completes; the newest message of the thread is the answer. Input comes from stdin; when stdin
has no more lines (as under ``python examples/run.py assistants``, offline against the local
server), the script plays a short demo conversation instead, echoing each line it plays. With a
real key: ``OPENAI_API_KEY=sk-... python examples/assistants/main.py``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator

from openai_rs_port import Client
from openai_rs_port.types import (
    CreateAssistantRequestArgs,
    CreateMessageRequestArgs,
    CreateRunRequestArgs,
    CreateThreadRequestArgs,
    MessageContentRefusalObject,
    MessageContentTextObject,
    MessageRole,
    RunStatus,
)

DEMO = iter(["Math Tutor", "You are a personal math tutor. Answer in one line.", "What is 2 + 2?", "exit()"])


def read_line(demo: Iterator[str] = DEMO) -> str:
    line = sys.stdin.readline()
    if line:
        return line
    # stdin is exhausted: play the demo conversation.
    line = next(demo, "exit()")
    print(line)
    return line


def main() -> None:
    query = {"limit": 1}  # list responses limited to one message
    client = Client()

    # A thread for the conversation.
    thread = client.threads().create(CreateThreadRequestArgs.default().build())

    print("--- Enter the name of your assistant")
    assistant_name = read_line().strip()
    print("--- Enter the instruction set for your new assistant")
    instructions = read_line().strip()

    assistant_request = (
        CreateAssistantRequestArgs.default()
        .name(assistant_name)
        .instructions(instructions)
        .model("gpt-3.5-turbo-1106")
        .build()
    )
    assistant = client.assistants().create(assistant_request)
    assistant_id = assistant.id

    while True:
        print("--- How can I help you?")
        user_input = read_line()
        if user_input.strip() == "exit()":
            break

        message = CreateMessageRequestArgs.default().role(MessageRole.USER).content(user_input).build()
        client.threads().messages(thread.id).create(message)

        run_request = CreateRunRequestArgs.default().assistant_id(assistant_id).build()
        run = client.threads().runs(thread.id).create(run_request)

        # Wait for the run to complete.
        awaiting_response = True
        while awaiting_response:
            run = client.threads().runs(thread.id).retrieve(run.id)
            match run.status:
                case RunStatus.COMPLETED:
                    awaiting_response = False
                    # The run's answer is the thread's newest message.
                    response = client.threads().messages(thread.id).list(query)
                    message_id = response.data[0].id
                    answer = client.threads().messages(thread.id).retrieve(message_id)
                    match answer.content[0]:
                        case MessageContentTextObject(text=text):
                            reply = text.value
                        case MessageContentRefusalObject(refusal=refusal):
                            reply = refusal
                        case _:
                            raise RuntimeError("images are not expected in this example")
                    print(f"--- Response: {reply}\n")
                case RunStatus.FAILED:
                    awaiting_response = False
                    print(f"--- Run Failed: {run!r}")
                case RunStatus.QUEUED:
                    print("--- Run Queued")
                case RunStatus.CANCELLING:
                    print("--- Run Cancelling")
                case RunStatus.CANCELLED:
                    print("--- Run Cancelled")
                case RunStatus.EXPIRED:
                    print("--- Run Expired")
                case RunStatus.REQUIRES_ACTION:
                    print("--- Run Requires Action")
                case RunStatus.IN_PROGRESS:
                    print("--- In Progress ...")
                case RunStatus.INCOMPLETE:
                    print("--- Run Incomplete")
            # Wait a second before checking the status again.
            time.sleep(1)

    # The conversation is over: delete the assistant and the thread.
    client.assistants().delete(assistant_id)
    client.threads().delete(thread.id)
    print(f"deleted assistant {assistant_name!r} and its thread")
    client.close()


if __name__ == "__main__":
    main()
