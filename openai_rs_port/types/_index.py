"""Which module of ``openai_rs_port.types`` defines each public name.

Kept in step with each module's ``__all__`` by tests/test_types_index.py,
which prints the corrected table when they drift.
"""

from __future__ import annotations

INDEX: dict[str, str] = {
    "CompletionTokensDetails": "common",
    "CompletionUsage": "common",
    "InputSource": "common",
    "OrganizationRole": "common",
    "Prompt": "common",
    "PromptTokensDetails": "common",
    "Stop": "common",
    "DeleteModelResponse": "model",
    "ListModelResponse": "model",
    "Model": "model",
    "CreateFileRequest": "file",
    "CreateFileRequestArgs": "file",
    "DeleteFileResponse": "file",
    "FileInput": "file",
    "FilePurpose": "file",
    "ListFilesResponse": "file",
    "OpenAIFile": "file",
    "OpenAIFilePurpose": "file",
}
