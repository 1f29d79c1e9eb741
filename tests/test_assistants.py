"""Assistants group against Prism, in both modes; its types and builders."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import Harness
from spec import assert_valid

from openai_rs_port.assistants import BETA, Assistants
from openai_rs_port.chat import Chat
from openai_rs_port.error import InvalidArgument
from openai_rs_port.types import (
    AssistantObject,
    AssistantsApiToolChoiceMode,
    AssistantsNamedToolChoice,
    AssistantToolCodeInterpreterResources,
    AssistantToolFileSearchResources,
    AssistantToolResources,
    AssistantTools,
    AssistantToolsCode,
    AssistantToolsFileSearch,
    AssistantToolsFileSearchOverrides,
    AssistantToolsFunction,
    AssistantToolType,
    AssistantVectorStore,
    AssistantVectorStoreChunkingStrategyAuto,
    AssistantVectorStoreChunkingStrategyStatic,
    CreateAssistantRequest,
    CreateAssistantRequestArgs,
    CreateAssistantToolFileSearchResources,
    CreateAssistantToolResources,
    CreateChatCompletionRequestArgs,
    DeleteAssistantResponse,
    FileSearchRanker,
    FileSearchRankingOptions,
    FunctionName,
    FunctionObject,
    ListAssistantsResponse,
    ModifyAssistantRequest,
    ModifyAssistantRequestArgs,
    ResponseFormatJsonObject,
    StaticChunkingStrategy,
)


def check_assistant(a: Any) -> None:
    """Field by field against the spec's AssistantObject as Prism fills it in."""
    assert type(a) is AssistantObject
    assert (a.id, a.object, a.created_at, a.model) == ("string", "assistant", 0, "string")
    assert (a.name, a.description, a.instructions) == ("string", "string", "string")
    assert a.tools == []
    assert a.tool_resources == AssistantToolResources(
        code_interpreter=AssistantToolCodeInterpreterResources(file_ids=[]),
        file_search=AssistantToolFileSearchResources(vector_store_ids=["string"]),
    )
    assert a.metadata == {"property1": "string", "property2": "string"}
    assert a.temperature == 1 and a.top_p == 1
    assert a.response_format == "auto"


TOOLS: list[AssistantTools] = [
    AssistantToolsCode(),
    AssistantToolsFileSearch(file_search=AssistantToolsFileSearchOverrides(
        max_num_results=5,
        ranking_options=FileSearchRankingOptions(ranker=FileSearchRanker.DEFAULT_2024_08_21,
                                                 score_threshold=0.5))),
    AssistantToolsFunction(function=FunctionObject(
        name="get_weather", description="Weather of a city",
        parameters={"type": "object", "properties": {"city": {"type": "string"}}})),
]

FULL = (
    CreateAssistantRequestArgs.default()
    .model("o3-mini")
    .reasoning_effort("high")
    .name("Math Tutor")
    .description("Answers math questions")
    .instructions("You are a personal math tutor.")
    .tools(iter(TOOLS))
    .tool_resources(CreateAssistantToolResources(
        code_interpreter=AssistantToolCodeInterpreterResources(file_ids=["file-1"]),
        file_search=CreateAssistantToolFileSearchResources(vector_stores=[AssistantVectorStore(
            file_ids=["file-2"],
            chunking_strategy=AssistantVectorStoreChunkingStrategyStatic(static=StaticChunkingStrategy(
                max_chunk_size_tokens=800, chunk_overlap_tokens=400)),
            metadata={"k": "v"})])))
    .metadata({"team": "math"})
    .temperature(0.5)
    .top_p(0.9)
    .response_format(ResponseFormatJsonObject())
    .build()
)


def test_builder_names_every_missing_field() -> None:
    with pytest.raises(InvalidArgument) as e:
        CreateAssistantRequestArgs.default().name("x").build()
    assert e.value.missing == ("model",)
    assert ModifyAssistantRequestArgs().build() == ModifyAssistantRequest()


def test_full_request_on_the_wire() -> None:
    wire = FULL.to_dict()
    assert json.loads(json.dumps(wire)) == {
        "model": "o3-mini",
        "reasoning_effort": "high",
        "name": "Math Tutor",
        "description": "Answers math questions",
        "instructions": "You are a personal math tutor.",
        "tools": [
            {"type": "code_interpreter"},
            {"type": "file_search", "file_search": {
                "max_num_results": 5,
                "ranking_options": {"ranker": "default_2024_08_21", "score_threshold": 0.5}}},
            {"type": "function", "function": {
                "name": "get_weather", "description": "Weather of a city",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}},
        ],
        "tool_resources": {
            "code_interpreter": {"file_ids": ["file-1"]},
            "file_search": {"vector_stores": [{
                "file_ids": ["file-2"],
                "chunking_strategy": {"type": "static", "static": {
                    "max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400}},
                "metadata": {"k": "v"}}]},
        },
        "metadata": {"team": "math"},
        "temperature": 0.5,
        "top_p": 0.9,
        "response_format": {"type": "json_object"},
    }
    assert_valid("CreateAssistantRequest", FULL)
    assert CreateAssistantRequest.from_dict(wire) == FULL


def test_tools_decode_by_tag() -> None:
    a = AssistantObject.from_dict({
        "id": "asst_1", "object": "assistant", "created_at": 1, "model": "gpt-4o",
        "tools": [t.to_dict() for t in TOOLS], "response_format": {"type": "json_object"}})
    assert a.tools == TOOLS
    assert [type(t) for t in a.tools] == [AssistantToolsCode, AssistantToolsFileSearch,
                                          AssistantToolsFunction]
    assert a.response_format == ResponseFormatJsonObject()
    auto = AssistantVectorStore.from_dict({"chunking_strategy": {"type": "auto"}})
    assert type(auto.chunking_strategy) is AssistantVectorStoreChunkingStrategyAuto


def test_tool_choice_is_a_mode_or_a_named_tool() -> None:
    from openai_rs_port.types import RunObject

    base = {"id": "r", "created_at": 0, "thread_id": "t", "status": "queued", "model": "m",
            "instructions": "", "tools": [], "parallel_tool_calls": True}
    assert RunObject.from_dict({**base, "tool_choice": "required"}).tool_choice is (
        AssistantsApiToolChoiceMode.REQUIRED)
    named = RunObject.from_dict({**base, "tool_choice": {"type": "function",
                                                         "function": {"name": "f"}}}).tool_choice
    assert named == AssistantsNamedToolChoice(type=AssistantToolType.FUNCTION,
                                              function=FunctionName(name="f"))


def test_create(prism: Harness) -> None:
    minimal = CreateAssistantRequestArgs().model("gpt-4o").build()
    assert_valid("CreateAssistantRequest", minimal)
    check_assistant(prism.call(prism.client.assistants().create(minimal)))
    check_assistant(prism.call(prism.client.assistants().create(FULL)))
    api = Assistants.create.fn(prism.client.assistants(), FULL)
    assert (api.method, api.path, api.headers) == ("POST", "/assistants", BETA)
    assert json.loads(api.body) == json.loads(json.dumps(FULL.to_dict()))


def test_retrieve_update_delete(prism: Harness) -> None:
    a = prism.client.assistants()
    check_assistant(prism.call(a.retrieve("asst_abc123")))
    mod = ModifyAssistantRequestArgs().instructions("Be brief.").tools([AssistantToolsCode()]).tool_resources(
        {"code_interpreter": {"file_ids": ["file-9"]}}).build()
    assert mod.tool_resources == AssistantToolResources(
        code_interpreter=AssistantToolCodeInterpreterResources(file_ids=["file-9"]))
    assert_valid("ModifyAssistantRequest", mod)
    check_assistant(prism.call(a.update("asst_abc123", mod)))
    d = prism.call(a.delete("asst_abc123"))
    assert d == DeleteAssistantResponse(id="string", deleted=True, object="assistant.deleted")
    api = Assistants.delete.fn(a, "asst/1")
    assert (api.method, api.path, api.headers) == ("DELETE", "/assistants/asst%2F1", BETA)


def test_list(prism: Harness) -> None:
    for query in (None, {"limit": 2, "order": "asc", "after": "asst_1"}):
        page = prism.call(prism.client.assistants().list(query))
        assert type(page) is ListAssistantsResponse
        assert (page.object, page.first_id, page.last_id, page.has_more) == (
            "list", "asst_abc123", "asst_abc456", False)
        [a] = page.data
        check_assistant(a)
    api = Assistants.list.fn(prism.client.assistants(), {"limit": 2})
    assert (api.path, api.query, api.headers) == ("/assistants", (("limit", "2"),), BETA)


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_ids_are_checked(prism: Harness, bad: str) -> None:
    a = prism.client.assistants()
    for call in (lambda: a.retrieve(bad), lambda: a.delete(bad),
                 lambda: a.update(bad, ModifyAssistantRequest())):
        with pytest.raises(InvalidArgument):
            prism.call(call())


def test_beta_header_only_on_assistants_endpoints(prism: Harness) -> None:
    # The config no longer adds it; chat requests go without, assistants ones with it.
    assert "OpenAI-Beta" not in prism.client.config().headers()
    chat = CreateChatCompletionRequestArgs().model("m").messages([]).build()
    assert Chat.create.fn(prism.client.chat(), chat).headers == ()
    assert dict(Assistants.retrieve.fn(prism.client.assistants(), "a").headers) == {
        "OpenAI-Beta": "assistants=v2"}
