"""Assistants with file search: a vector store for the assistant, a file attached to the message.
An assistant with the file search tool gets a vector store made from an uploaded file; the
user's message brings a second file as an attachment for file search. A run is polled until it
ends, and the answer is printed with its annotations (the file citations). The inputs are one-page
PDFs with made-up figures. Offline: ``python examples/run.py assistants-file-search`` (the
local server answers with the best-matching chunk of the assistant's and the thread's stores,
cited). With a real key: ``OPENAI_API_KEY=sk-... python examples/assistants-file-search/main_async.py``.
This is the ``AsyncClient`` flavour of ``main.py``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from openai_rs_port import AsyncClient
from openai_rs_port.types import (
    AssistantToolFileSearchResources,
    AssistantToolResources,
    AssistantToolsFileSearch,
    CreateAssistantRequestArgs,
    CreateFileRequest,
    CreateMessageRequestArgs,
    CreateRunRequestArgs,
    CreateThreadRequestArgs,
    CreateVectorStoreRequestArgs,
    FilePurpose,
    InputSource,
    MessageAttachment,
    MessageAttachmentToolFileSearch,
    MessageContentImageFileObject,
    MessageContentImageUrlObject,
    MessageContentRefusalObject,
    MessageContentTextObject,
    MessageRole,
    ModifyAssistantRequestArgs,
    RunStatus,
)

INPUT = Path(__file__).resolve().parent / "input"


async def main() -> None:
    client = AsyncClient()

    # Step 1: an assistant with file search enabled.
    create_assistant_request = (
        CreateAssistantRequestArgs.default()
        .name("Financial Analyst Assistant")
        .instructions("You are an expert financial analyst. Use you knowledge base to answer "
                      "questions about audited financial statements.")
        .model("gpt-4o")
        .tools([AssistantToolsFileSearch()])
        .build()
    )
    assistant = await client.assistants().create(create_assistant_request)

    # Step 2: upload a file and make a vector store of it.
    openai_file = await client.files().create(CreateFileRequest(
        file=InputSource.from_path(INPUT / "uber-10k.pdf"), purpose=FilePurpose.ASSISTANTS))
    vector_store = await client.vector_stores().create(
        CreateVectorStoreRequestArgs.default().name("Financial Statements").file_ids([openai_file.id])
        .build())

    # Step 3: the assistant uses the new vector store.
    assistant = await client.assistants().update(
        assistant.id,
        ModifyAssistantRequestArgs.default()
        .tool_resources(AssistantToolResources(
            file_search=AssistantToolFileSearchResources(vector_store_ids=[vector_store.id])))
        .build(),
    )

    # Step 4: a thread whose message brings its own file for file search. Such an attachment
    # goes into the thread's vector store; a run queries both the assistant's and the thread's.
    message_file = await client.files().create(CreateFileRequest(
        file=InputSource.from_path(INPUT / "lyft-10k.pdf"), purpose=FilePurpose.ASSISTANTS))
    create_message_request = (
        CreateMessageRequestArgs.default()
        .role(MessageRole.USER)
        .content("What was the total annual profit of Uber and Lyft?")
        .attachments([MessageAttachment(file_id=message_file.id, tools=[MessageAttachmentToolFileSearch()])])
        .build()
    )
    thread = await client.threads().create(
        CreateThreadRequestArgs.default().messages([create_message_request]).build())

    # Step 5: a run, polled until it ends.
    run = await client.threads().runs(thread.id).create(
        CreateRunRequestArgs.default().assistant_id(assistant.id).build())
    while True:
        match run.status:
            case RunStatus.COMPLETED:
                messages = await client.threads().messages(thread.id).list({"limit": 10})
                for message_obj in messages.data:
                    for content in message_obj.content:
                        match content:
                            case MessageContentTextObject(text=text_data):
                                print(text_data.value)
                                print(repr(text_data.annotations))
                            case MessageContentImageFileObject() | MessageContentImageUrlObject():
                                print("Images not supported on terminal")
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
    await client.vector_stores().delete(vector_store.id)
    await client.files().delete(openai_file.id)
    await client.files().delete(message_file.id)
    await client.assistants().delete(assistant.id)
    print("cleaned up: thread, vector store, 2 files, assistant")
    await client.close()


if __name__ == "__main__":
    asyncio.run(main())
