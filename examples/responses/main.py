"""The Responses API with hosted tools: a user message, web search and a remote MCP server
(DeepWiki's ``ask_question``, no approval needed), and every output item of the answer.
The request is printed as JSON first, as the Rust example does. Offline:
``python examples/run.py responses`` (the local server answers the text, without running
the tools). With a real key: ``OPENAI_API_KEY=sk-... python examples/responses/main.py``.
"""

from __future__ import annotations

from openai_rs_port import Client
from openai_rs_port.types.responses import (
    CreateResponseArgs,
    InputMessageArgs,
    McpArgs,
    RequireApprovalPolicy,
    Role,
    WebSearchPreviewArgs,
)

QUESTION = (
    "What transport protocols does the 2025-03-26 version of the MCP spec "
    "(modelcontextprotocol/modelcontextprotocol) support?"
)


def main() -> None:
    request = (
        CreateResponseArgs.default()
        .max_output_tokens(512)
        .model("gpt-4.1")
        .input([InputMessageArgs.default().role(Role.USER).content(QUESTION).build()])
        .tools([
            WebSearchPreviewArgs.default().build(),
            McpArgs.default()
            .server_label("deepwiki")
            .server_url("https://mcp.deepwiki.com/mcp")
            .require_approval(RequireApprovalPolicy.NEVER)
            .allowed_tools(["ask_question"])
            .build(),
        ])
        .build()
    )
    print(request.to_json())

    with Client() as client:
        response = client.responses().create(request)

    for output in response.output:
        print(f"\nOutput: {output!r}\n")
    print(f"output_text: {response.output_text}")


if __name__ == "__main__":
    main()
