"""Which names of the seed (async-openai's API reference) exist in the package.

Prints the coverage of the whole seed and asserts 100% for the API groups built so far
(issue 2: core, models, chat, completions, embeddings, files, moderations; issue 3:
uploads, images, audio, fine-tuning, batches).
Group membership follows async-openai v0.28.3's module layout.
"""

from __future__ import annotations

import importlib
import inspect
from types import ModuleType

import pytest
from conftest import SEED_NAMES

import openai_rs_port
from openai_rs_port.types._index import INDEX

TYPES: dict[str, str] = {
    "admin": (
        "AuditLog AuditLogActor AuditLogActorApiKey AuditLogActorApiKeyType AuditLogActorServiceAccount "
        "AuditLogActorSession AuditLogActorUser AuditLogApiKeyCreated AuditLogApiKeyCreatedData "
        "AuditLogApiKeyDeleted AuditLogApiKeyUpdated AuditLogApiKeyUpdatedChangesRequested AuditLogEventType "
        "AuditLogInviteAccepted AuditLogInviteDeleted AuditLogInviteSent AuditLogInviteSentData "
        "AuditLogLoginFailed AuditLogLogoutFailed AuditLogOrganizationUpdated "
        "AuditLogOrganizationUpdatedChangesRequested AuditLogOrganizationUpdatedChangesRequestedSettings "
        "AuditLogProject AuditLogProjectArchived AuditLogProjectCreated AuditLogProjectCreatedData "
        "AuditLogProjectUpdated AuditLogProjectUpdatedChangesRequested AuditLogServiceAccountCreated "
        "AuditLogServiceAccountCreatedData AuditLogServiceAccountDeleted AuditLogServiceAccountUpdated "
        "AuditLogServiceAccountUpdatedChangesRequested AuditLogUserAdded AuditLogUserAddedData "
        "AuditLogUserDeleted AuditLogUserUpdated AuditLogUserUpdatedChangesRequested AuditLogs Invite "
        "InviteRequestArgs InviteStatus Invites ListAuditLogsResponse OrganizationRole Project "
        "ProjectAPIKeys "
        "ProjectApiKey ProjectApiKeyDeleteResponse ProjectApiKeyListResponse ProjectApiKeyOwner "
        "ProjectApiKeyOwnerType ProjectCreateRequest ProjectCreateRequestArgs ProjectListResponse "
        "ProjectServiceAccount ProjectServiceAccountApiKey ProjectServiceAccountCreateRequest "
        "ProjectServiceAccountCreateResponse ProjectServiceAccountDeleteResponse "
        "ProjectServiceAccountListResponse ProjectServiceAccounts ProjectStatus ProjectUpdateRequest "
        "ProjectUpdateRequestArgs ProjectUser ProjectUserCreateRequest ProjectUserCreateRequestArgs "
        "ProjectUserRole ProjectUserUpdateRequestArgs ProjectUsers Projects User UserDeleteResponse "
        "UserListResponse UserRoleUpdateRequestArgs Users"
    ),
    "core": "Client OpenAIConfig AzureConfig ApiError OpenAIError",
    "model": "Model Models",
    "chat": (
        "Chat ChatCompletionAudioFormat ChatCompletionAudioVoice ChatCompletionFunctionCall "
        "ChatCompletionFunctionsArgs ChatCompletionModalities ChatCompletionNamedToolChoice "
        "ChatCompletionRequestAssistantMessageArgs ChatCompletionRequestAssistantMessageContent "
        "ChatCompletionRequestAssistantMessageContentPart ChatCompletionRequestDeveloperMessageArgs "
        "ChatCompletionRequestDeveloperMessageContent ChatCompletionRequestFunctionMessageArgs "
        "ChatCompletionRequestMessage ChatCompletionRequestMessageContentPartAudio "
        "ChatCompletionRequestMessageContentPartAudioArgs "
        "ChatCompletionRequestMessageContentPartImageArgs "
        "ChatCompletionRequestMessageContentPartRefusalBuilder "
        "ChatCompletionRequestMessageContentPartRefusalBuilderError "
        "ChatCompletionRequestMessageContentPartTextArgs ChatCompletionRequestSystemMessageArgs "
        "ChatCompletionRequestSystemMessageContent ChatCompletionRequestSystemMessageContentPart "
        "ChatCompletionRequestToolMessage ChatCompletionRequestToolMessageArgs "
        "ChatCompletionRequestToolMessageContent ChatCompletionRequestToolMessageContentPart "
        "ChatCompletionRequestUserMessageArgs ChatCompletionRequestUserMessageContent "
        "ChatCompletionRequestUserMessageContentPart ChatCompletionResponseMessage "
        "ChatCompletionStreamOptions ChatCompletionStreamResponseDelta ChatCompletionToolArgs "
        "ChatCompletionToolChoiceOption ChatCompletionToolType CompletionTokensDetails "
        "CompletionUsage CreateChatCompletionRequestArgs CreateChatCompletionResponse "
        "CreateChatCompletionStreamResponse FinishReason FunctionObjectArgs ImageDetail ImageUrlArgs "
        "InputAudioFormat PredictionContent PredictionContentContent Prompt PromptTokensDetails "
        "ReasoningEffort ResponseFormat ServiceTierResponse Stop WebSearchLocation WebSearchOptions "
        "WebSearchUserLocationType FunctionCall Role ServiceTier WebSearchContextSize"
    ),
    "completion": "Completions CreateCompletionRequestArgs CompletionFinishReason",
    "embedding": (
        "Embeddings Base64Embedding CreateEmbeddingRequestArgs Embedding EmbeddingInput "
        "EncodingFormat"
    ),
    "file": "Files CreateFileRequestArgs FilePurpose OpenAIFile OpenAIFilePurpose InputSource",
    "moderation": (
        "Moderations CategoryAppliedInputTypes CategoryScore CreateModerationRequestArgs "
        "CreateModerationResponse ModInputType ModerationContentPart ModerationImageUrl "
        "ModerationInput"
    ),
    "upload": (
        "Uploads AddUploadPartRequest CompleteUploadRequest CreateUploadRequest "
        "CreateUploadRequestArgs Upload UploadPart UploadPurpose UploadStatus"
    ),
    "image": (
        "Images CreateImageEditRequestArgs CreateImageRequestArgs CreateImageVariationRequestArgs "
        "DallE2ImageSize Image ImageModel ImageQuality ImageResponseFormat ImageSize ImageStyle"
    ),
    "audio": (
        "Audio AudioResponseFormat CreateSpeechRequestArgs CreateTranscriptionRequestArgs "
        "CreateTranscriptionResponseJson CreateTranscriptionResponseVerboseJson "
        "CreateTranslationRequestArgs SpeechModel SpeechResponseFormat TimestampGranularity Voice"
    ),
    "fine_tuning": (
        "FineTuning BatchSize Beta CreateFineTuningJobRequestArgs FineTuneJobError FineTuneMethod "
        "FineTuningJob FineTuningJobCheckpoint FineTuningJobEvent FineTuningJobEventType "
        "FineTuningJobIntegrationType FineTuningJobStatus LearningRateMultiplier Level NEpochs"
    ),
    "assistant": (
        "Assistants AssistantVectorStoreChunkingStrategy StaticChunkingStrategy AssistantObject "
        "AssistantsApiResponseFormatOption AssistantToolsFileSearch FileSearchRanker "
        "FileSearchRankingOptions AssistantToolsFunction AssistantTools AssistantsApiToolChoiceOption "
        "AssistantsNamedToolChoice AssistantToolType CreateAssistantRequestArgs ModifyAssistantRequestArgs"
    ),
    "assistant_stream": "AssistantStreamEvent",
    "thread": "Threads ThreadObject CreateThreadRequestArgs CreateThreadAndRunRequestArgs",
    "message": (
        "Messages MessageRole MessageStatus MessageIncompleteDetailsType MessageObject "
        "MessageAttachmentTool MessageContent MessageContentTextObject MessageContentTextAnnotations "
        "MessageContentTextAnnotationsFileCitationObject MessageContentImageFileObject "
        "MessageContentImageUrlObject CreateMessageRequestContent MessageContentInput MessageDeltaObject "
        "MessageDeltaContent MessageDeltaContentTextObject MessageDeltaContentTextAnnotations "
        "MessageDeltaContentTextAnnotationsFileCitationObject "
        "MessageDeltaContentTextAnnotationsFilePathObject MessageDeltaContentImageFileObject "
        "CreateMessageRequestArgs"
    ),
    "run": (
        "Runs RunObject TruncationObjectType TruncationObject RunObjectIncompleteDetailsReason RunStatus "
        "LastErrorCode CreateRunRequestArgs ToolsOutputsArgs"
    ),
    "step": (
        "Steps RunStepType RunStepObject StepDetails RunStepDetailsMessageCreationObject "
        "RunStepDetailsToolCallsObject RunStepDetailsToolCalls RunStepDetailsToolCallsCodeObject "
        "CodeInterpreter CodeInterpreterOutput RunStepDetailsToolCallsCodeOutputLogsObject "
        "RunStepDetailsToolCallsFileSearchObject RunStepDetailsToolCallsFileSearchResultObject "
        "RunStepDeltaObject DeltaStepDetails RunStepDeltaStepDetailsMessageCreationObject "
        "RunStepDeltaStepDetailsToolCallsObject RunStepDeltaStepDetailsToolCalls "
        "RunStepDeltaStepDetailsToolCallsCodeObject DeltaCodeInterpreterOutput "
        "RunStepDeltaStepDetailsToolCallsCodeOutputLogsObject "
        "RunStepDeltaStepDetailsToolCallsCodeOutputImageObject "
        "RunStepDeltaStepDetailsToolCallsFunctionObject CodeInterpreterArgs"
    ),
    "vector_store": (
        "VectorStoreFiles VectorStoreFileBatches VectorStoreChunkingStrategy VectorStoreExpirationAfter "
        "VectorStoreObject VectorStoreStatus VectorStoreFileStatus VectorStoreFileErrorCode "
        "VectorStoreFileObjectChunkingStrategy VectorStoreFileBatchStatus VectorStoreFileBatchObject "
        "VectorStoreFileContentResponse VectorStoreFileContentObject VectorStoreSearchQuery "
        "VectorStoreSearchFilter ComparisonFilter ComparisonType AttributeValue RankingOptions Ranker "
        "CompoundFilter CompoundFilterType CreateVectorStoreRequestArgs UpdateVectorStoreRequestArgs "
        "CreateVectorStoreFileRequestArgs CreateVectorStoreFileBatchRequestArgs "
        "VectorStoreSearchRequestArgs"
    ),
    "batch": (
        "Batches BatchCompletionWindow BatchEndpoint BatchRequestArgs BatchRequestInput "
        "BatchRequestInputMethod BatchRequestOutput BatchStatus"
    ),
    # types::responses (the seed's names with their builders; the realtime ones, ToolChoice,
    # ToolDefinition and Usage, are the same names).
    # types::realtime's seed names (one spelling for both namespaces: types.realtime defines
    # ToolChoice and ToolDefinition for sessions and Usage for its responses, types.responses
    # all three too).
    "realtime": "ToolChoice ToolDefinition Usage",
    "responses": (
        "Responses AllowedTools Annotation ButtonPress Click CodeInterpreter CodeInterpreterArgs "
        "CodeInterpreterCallOutput CodeInterpreterContainer CodeInterpreterContainerKind "
        "CodeInterpreterFileOutput CodeInterpreterResult CodeInterpreterTextOutput ComparisonFilter "
        "ComparisonType CompoundFilter CompoundType ComputerCallAction ComputerCallOutput "
        "ComputerUsePreviewArgs Content ContentType CreateResponse CreateResponseArgs DoubleClick Drag "
        "ErrorObject FileSearchArgs FileSearchCallOutput FileSearchCallOutputStatus FileSearchResult "
        "Filter FunctionArgs FunctionCall HostedToolType ImageGeneration ImageGenerationArgs "
        "ImageGenerationBackground ImageGenerationCallOutput ImageGenerationOutputFormat "
        "ImageGenerationQuality ImageGenerationSize IncompleteDetails Input InputContent InputFileArgs "
        "InputImageArgs InputImageMask InputItem InputMessage InputMessageArgs InputMessageType KeyPress "
        "LocalShellAction LocalShellCallOutput Location LocationArgs Mcp McpAllowedToolsFilter "
        "McpApprovalFilter McpApprovalRequestOutput McpArgs McpCallOutput McpListToolsOutput McpToolInfo "
        "MoveAction OutputContent OutputMessage OutputStatus OutputText Point RankingOptions "
        "ReasoningConfig ReasoningConfigArgs ReasoningItem ReasoningSummary Refusal RequireApproval "
        "RequireApprovalPolicy Response Role Scroll ServiceTier Status SummaryText TextConfig "
        "TextResponseFormat ToolChoice ToolChoiceMode ToolDefinition Truncation TypeAction Usage "
        "WebSearchCallOutput WebSearchContextSize WebSearchPreviewArgs"
    ),
}

FUNCTIONS: dict[str, str] = {
    "admin": (
        "api_keys archive audit_logs create delete email get invites list modify name new projects "
        "retrieve role service_accounts user_id users"
    ),
    "core": (
        "audio batches build chat completions config embeddings files fine_tuning images models "
        "moderations new org_id uploads "
        "with_api_base with_api_key with_api_version with_backoff with_config "
        "with_deployment_id with_http_client with_org_id with_project_id"
    ),
    "model": "delete list new retrieve",
    "chat": (
        "audio content create create_stream description detail frequency_penalty function "
        "function_call functions image_url input_audio logit_bias logprobs "
        "max_completion_tokens max_tokens messages metadata modalities model n name new "
        "parallel_tool_calls parameters prediction presence_penalty reasoning_effort refusal "
        "response_format seed service_tier stop store stream stream_options strict temperature "
        "text tool_call_id tool_calls tool_choice tools top_logprobs top_p url user "
        "web_search_options"
    ),
    "completion": (
        "best_of create create_stream echo frequency_penalty logit_bias logprobs max_tokens model "
        "n new presence_penalty prompt seed stop stream stream_options suffix temperature top_p user"
    ),
    "embedding": "create create_base64 dimensions encoding_format input model new user",
    "file": "content create delete file list new purpose retrieve",
    "moderation": "create input model new",
    "upload": "add_part bytes cancel complete create filename mime_type new purpose",
    "image": (
        "build create create_edit create_variation from_bytes from_vec_u8 image mask model n new "
        "prompt quality response_format save size style user"
    ),
    "audio": (
        "build file from_bytes from_vec_u8 input instructions language model new prompt "
        "response_format save speech speed temperature timestamp_granularities transcribe "
        "transcribe_raw transcribe_verbose_json translate translate_raw translate_verbose_json voice"
    ),
    "fine_tuning": (
        "cancel create hyperparameters integrations list_checkpoints list_events list_paginated "
        "method model new retrieve seed suffix training_file validation_file"
    ),
    "assistant": (
        "assistants build chunking_strategy create delete description file_ids function instructions "
        "list max_num_results metadata model name new ranking_options response_format retrieve "
        "temperature tool_resources tools top_p type update vector_store_ids vector_stores"
    ),
    "thread": (
        "threads assistant_id build create create_and_run create_and_run_stream delete instructions "
        "max_completion_tokens max_prompt_tokens messages metadata model new parallel_tool_calls "
        "response_format retrieve runs stream temperature thread tool_choice tool_resources tools top_p "
        "truncation_strategy update"
    ),
    "message": (
        "assistant_id attachments build content create delete detail file_id image_url list metadata "
        "new refusal retrieve role text tools type update"
    ),
    "run": (
        "additional_instructions additional_messages assistant_id build cancel create create_stream "
        "function instructions list max_completion_tokens max_prompt_tokens metadata model new output "
        "parallel_tool_calls response_format retrieve steps stream submit_tool_outputs "
        "submit_tool_outputs_stream temperature tool_call_id tool_calls tool_choice tools top_p "
        "truncation_strategy type update"
    ),
    "step": (
        "assistant_id build content file_id function image input list metadata name new output "
        "ranking_options retrieve text tool_calls type"
    ),
    "vector_store": (
        "vector_stores attributes build chunking_strategy content create delete expires_after "
        "file_batches file_id file_ids filename files filters list max_num_results metadata name new "
        "query ranking_options retrieve rewrite_query search text type update retrieve_file_content "
        "cancel"
    ),
    "batch": "cancel completion_window create endpoint input_file_id list metadata new retrieve",
    "responses": (
        "allowed_tools background build city container content country create description detail "
        "display_height display_width effort environment file_data file_id filename filters headers "
        "image_url include input input_image_mask instructions max_num_results max_output_tokens "
        "metadata model moderation name new output_compression output_format parallel_tool_calls "
        "parameters partial_images previous_response_id quality ranking_options reasoning region "
        "require_approval role search_context_size server_label server_url service_tier size store "
        "stream strict summary temperature text timezone tool_choice tools top_p truncation type user "
        "user_location vector_store_ids"
    ),
}

# Where a group's functions live: its resource module and its types module.
MODULES: dict[str, tuple[str, ...]] = {
    "admin": ("openai_rs_port._base_client", "openai_rs_port.audit_logs", "openai_rs_port.invites",
              "openai_rs_port.users", "openai_rs_port.projects", "openai_rs_port.project_users",
              "openai_rs_port.project_service_accounts", "openai_rs_port.project_api_keys",
              "openai_rs_port.types.audit_log", "openai_rs_port.types.invites", "openai_rs_port.types.users",
              "openai_rs_port.types.projects", "openai_rs_port.types.project_users",
              "openai_rs_port.types.project_service_account", "openai_rs_port.types.project_api_key"),
    "core": ("openai_rs_port._sync", "openai_rs_port._async", "openai_rs_port.config",
             "openai_rs_port._base_client", "openai_rs_port._builder"),
    "model": ("openai_rs_port.model", "openai_rs_port.types.model"),
    "chat": ("openai_rs_port.chat", "openai_rs_port.types.chat"),
    "completion": ("openai_rs_port.completion", "openai_rs_port.types.completion"),
    "embedding": ("openai_rs_port.embedding", "openai_rs_port.types.embedding"),
    "file": ("openai_rs_port.file", "openai_rs_port.types.file"),
    "moderation": ("openai_rs_port.moderation", "openai_rs_port.types.moderation"),
    "upload": ("openai_rs_port.uploads", "openai_rs_port.types.upload", "openai_rs_port.types.common"),
    "image": ("openai_rs_port.image", "openai_rs_port.types.image", "openai_rs_port.types.common"),
    "audio": ("openai_rs_port.audio", "openai_rs_port.types.audio", "openai_rs_port.types.common"),
    "fine_tuning": ("openai_rs_port.fine_tuning", "openai_rs_port.types.fine_tuning"),
    "assistant": ("openai_rs_port.assistants", "openai_rs_port.types.assistant",
                  "openai_rs_port._base_client"),
    "assistant_stream": ("openai_rs_port.types.assistant_stream",),
    "thread": ("openai_rs_port.threads", "openai_rs_port.types.thread", "openai_rs_port._base_client"),
    "message": ("openai_rs_port.messages", "openai_rs_port.types.message"),
    "run": ("openai_rs_port.runs", "openai_rs_port.types.run"),
    "step": ("openai_rs_port.steps", "openai_rs_port.types.step"),
    "vector_store": ("openai_rs_port.vector_stores", "openai_rs_port.vector_store_files",
                     "openai_rs_port.vector_store_file_batches", "openai_rs_port.types.vector_store",
                     "openai_rs_port._base_client"),
    "batch": ("openai_rs_port.batches", "openai_rs_port.types.batch"),
    "responses": ("openai_rs_port.responses", "openai_rs_port.types.responses.response",
                  "openai_rs_port.types.responses.stream"),
}


def seed_names() -> tuple[set[str], set[str]]:
    """The seed's type and function names, from the repository's list (tests/tools/seed_names.py)."""
    types: set[str] = set()
    functions: set[str] = set()
    for line in SEED_NAMES.read_text().splitlines():
        if line and not line.startswith("#"):
            kind, name = line.split()
            (functions if kind == "Function" else types).add(name)
    return types, functions


def _load(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _all_modules() -> list[ModuleType]:
    import pkgutil

    mods = []
    for info in pkgutil.walk_packages(openai_rs_port.__path__, "openai_rs_port."):
        if ".testing" in info.name or info.name.endswith("__main__"):
            continue
        m = _load(info.name)
        if m is not None:
            mods.append(m)
    return mods


def type_exists(name: str) -> bool:
    import openai_rs_port.error as error
    import openai_rs_port.types as types

    if name in INDEX or hasattr(error, name):
        return getattr(types, name, None) is not None or hasattr(error, name)
    for mod in ("openai_rs_port", "openai_rs_port.config"):
        if hasattr(importlib.import_module(mod), name):
            return True
    return any(name in vars(m) for m in _all_modules())


def attributes(modules: tuple[str, ...] | list[ModuleType]) -> set[str]:
    names: set[str] = set()
    for mod in modules:
        m = _load(mod) if isinstance(mod, str) else mod
        if m is None:
            continue
        for obj in vars(m).values():
            if inspect.isclass(obj) and obj.__module__.startswith("openai_rs_port"):
                names.update(n for n in dir(obj) if not n.startswith("_"))
            elif inspect.isfunction(obj):
                names.add(obj.__name__)
    return names


@pytest.mark.parametrize("group", sorted(TYPES))
def test_group_types_complete(group: str) -> None:
    seed_types, _ = seed_names()
    wanted = TYPES[group].split()
    assert set(wanted) <= seed_types, set(wanted) - seed_types
    missing = [n for n in wanted if not type_exists(n)]
    assert not missing, f"{group}: seed names missing from the package: {missing}"


@pytest.mark.parametrize("group", sorted(FUNCTIONS))
def test_group_functions_complete(group: str) -> None:
    _, seed_functions = seed_names()
    wanted = FUNCTIONS[group].split()
    assert set(wanted) <= seed_functions, set(wanted) - seed_functions
    have = attributes(MODULES[group])
    missing = [n for n in wanted if n not in have]
    assert not missing, f"{group}: seed functions missing: {missing}"


def test_whole_seed_coverage_report(capsys: pytest.CaptureFixture[str]) -> None:
    seed_types, seed_functions = seed_names()
    have_types = {n for n in seed_types if type_exists(n)}
    have_functions = seed_functions & attributes(_all_modules())
    with capsys.disabled():
        print(
            f"\nseed coverage: types {len(have_types)}/{len(seed_types)} "
            f"({100 * len(have_types) / len(seed_types):.0f}%), functions "
            f"{len(have_functions)}/{len(seed_functions)} "
            f"({100 * len(have_functions) / len(seed_functions):.0f}%)"
        )
    assert have_types and have_functions
