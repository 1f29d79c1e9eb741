"""Assistants with the code interpreter: upload a CSV, ask for a graph, poll the run, fetch the output.
The data file is uploaded with the ``assistants`` purpose and given to an assistant with the
code interpreter tool; a run is created on a thread and polled until it ends, then the
assistant's messages are printed, with their annotations, and an image it made is saved to
``./output/``. Offline: ``python examples/run.py assistants-code-interpreter`` (the local
server plays the assistant: it writes a CSV file, linked by a ``file_path`` annotation, and
shows a small PNG). With a real key:
``OPENAI_API_KEY=sk-... python examples/assistants-code-interpreter/main_async.py``.
This is the ``AsyncClient`` flavour of ``main.py``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from openai_rs_port import AsyncClient
from openai_rs_port.types import (
    AssistantToolCodeInterpreterResources,
    AssistantToolsCode,
    CreateAssistantRequestArgs,
    CreateAssistantToolResources,
    CreateFileRequest,
    CreateMessageRequestArgs,
    CreateRunRequestArgs,
    CreateThreadRequestArgs,
    FilePurpose,
    InputSource,
    MessageContentImageFileObject,
    MessageContentImageUrlObject,
    MessageContentRefusalObject,
    MessageContentTextAnnotationsFileCitationObject,
    MessageContentTextAnnotationsFilePathObject,
    MessageContentTextObject,
    MessageRole,
    RunStatus,
)

HERE = Path(__file__).resolve().parent


async def main() -> None:
    client = AsyncClient()

    # Upload the data file with the "assistants" purpose.
    data_file = await client.files().create(CreateFileRequest(
        file=InputSource.from_path(HERE / "input" / "CASTHPI.csv"), purpose=FilePurpose.ASSISTANTS))

    # An assistant with the code interpreter tool, which can read the uploaded file.
    create_assistant_request = (
        CreateAssistantRequestArgs.default()
        .instructions("You are a data processor. When asked a question about data in a file, "
                      "write and run code to answer the question.")
        .model("gpt-4o")
        .tools([AssistantToolsCode()])
        .tool_resources(CreateAssistantToolResources(
            code_interpreter=AssistantToolCodeInterpreterResources(file_ids=[data_file.id])))
        .build()
    )
    assistant = await client.assistants().create(create_assistant_request)

    create_message_request = (
        CreateMessageRequestArgs.default()
        .role(MessageRole.USER)
        .content("Generate a graph of price index vs year in png format")
        .build()
    )
    thread = await client.threads().create(
        CreateThreadRequestArgs.default().messages([create_message_request]).build())

    run = await client.threads().runs(thread.id).create(
        CreateRunRequestArgs.default().assistant_id(assistant.id).build())

    generated_file_ids: list[str] = []
    # Poll the run until it reaches a terminal status.
    while True:
        match run.status:
            case RunStatus.COMPLETED:
                messages = await client.threads().messages(thread.id).list({"limit": 10})
                for message_obj in messages.data:
                    for content in message_obj.content:
                        match content:
                            case MessageContentTextObject(text=text_data):
                                print(text_data.value)
                                for annotation in text_data.annotations:
                                    match annotation:
                                        case MessageContentTextAnnotationsFileCitationObject():
                                            print(f"annotation: file citation : {annotation!r}")
                                        case MessageContentTextAnnotationsFilePathObject():
                                            print(f"annotation: file path: {annotation!r}")
                                            generated_file_ids.append(annotation.file_path.file_id)
                            case MessageContentImageFileObject(image_file=image_file):
                                print(f"Retrieving image file_id: {image_file.file_id}")
                                contents = await client.files().content(image_file.file_id)
                                path = Path("output/price_index_vs_year_graph.png")
                                path.parent.mkdir(exist_ok=True)
                                path.write_bytes(contents)
                                print(f"Graph file: {path}")
                                generated_file_ids.append(image_file.file_id)
                            case MessageContentImageUrlObject():
                                print(f"Got Image URL instead: {content!r}")
                            case MessageContentRefusalObject():
                                print(content.refusal)
                break
            case RunStatus.FAILED:
                print(f"> Run Failed: {run!r}")
                break
            case RunStatus.QUEUED:
                print("> Run Queued")
            case RunStatus.CANCELLING:
                print("> Run Cancelling")
            case RunStatus.CANCELLED:
                print("> Run Cancelled")
                break
            case RunStatus.EXPIRED:
                print("> Run Expired")
                break
            case RunStatus.REQUIRES_ACTION:
                print("> Run Requires Action")
            case RunStatus.IN_PROGRESS:
                print("> In Progress ...")
            case RunStatus.INCOMPLETE:
                print("> Run Incomplete")
        # Wait a second before polling the run again.
        await asyncio.sleep(1)
        run = await client.threads().runs(thread.id).retrieve(run.id)

    # Clean up.
    await client.threads().delete(thread.id)
    await client.files().delete(data_file.id)
    for file_id in generated_file_ids:
        await client.files().delete(file_id)
    await client.assistants().delete(assistant.id)
    print(f"deleted the thread, the assistant and {1 + len(generated_file_ids)} files")
    await client.close()


if __name__ == "__main__":
    asyncio.run(main())
