"""Web search in a chat completion: ``web_search_options`` with a context size and a user location.
The answer is printed with the sources it cites (``url_citation`` annotations). Offline: ``python
examples/run.py completions-web-search`` (the local server takes the options and answers ``Echo:
<your text>`` citing a made-up search result; it does not search). With a real key:
``OPENAI_API_KEY=sk-... python examples/completions-web-search/main.py``.
"""

from __future__ import annotations

from openai_rs_port import Client
from openai_rs_port.types import (
    ChatCompletionRequestUserMessageArgs,
    CreateChatCompletionRequestArgs,
    WebSearchContextSize,
    WebSearchLocation,
    WebSearchOptions,
    WebSearchUserLocation,
    WebSearchUserLocationType,
)


def main() -> None:
    with Client() as client:
        user_prompt = "What is the weather like today? Be concise."
        request = (
            CreateChatCompletionRequestArgs.default()
            .max_tokens(256)
            .model("gpt-4o-mini-search-preview")
            .messages([ChatCompletionRequestUserMessageArgs.default().content(user_prompt).build()])
            .web_search_options(WebSearchOptions(
                search_context_size=WebSearchContextSize.LOW,
                user_location=WebSearchUserLocation(
                    type=WebSearchUserLocationType.APPROXIMATE,
                    approximate=WebSearchLocation(city="Paris"),
                ),
            ))
            .build()
        )
        response_message = client.chat().create(request).choices[0].message
        if response_message.content is not None:
            print(f"Response: {response_message.content}")
        # The sources the answer cites, with where in the text each is cited.
        for annotation in response_message.annotations or []:
            citation = annotation.url_citation
            print(f"cited: {citation.title} <{citation.url}> at {citation.start_index}..{citation.end_index}")


if __name__ == "__main__":
    main()
