"""Ask a vision model about an image given by URL: a user message of a text part and an
image part (https://platform.openai.com/docs/guides/vision).
The request is printed as JSON first, as the Rust example does. Offline:
``python examples/run.py vision-chat``. With a real key:
``OPENAI_API_KEY=sk-... python examples/vision-chat/main.py``.
"""

from __future__ import annotations

from openai_rs_port import Client
from openai_rs_port.types import (
    ChatCompletionRequestMessageContentPartImageArgs,
    ChatCompletionRequestMessageContentPartTextArgs,
    ChatCompletionRequestUserMessageArgs,
    CreateChatCompletionRequestArgs,
    ImageDetail,
    ImageUrlArgs,
)

IMAGE_URL = (
    "https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/"
    "Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg"
)


def main() -> None:
    request = (
        CreateChatCompletionRequestArgs.default()
        .model("gpt-4o-mini")
        .max_tokens(300)
        .messages([
            ChatCompletionRequestUserMessageArgs.default()
            .content([
                ChatCompletionRequestMessageContentPartTextArgs.default().text("What is this image?").build(),
                ChatCompletionRequestMessageContentPartImageArgs.default()
                .image_url(ImageUrlArgs.default().url(IMAGE_URL).detail(ImageDetail.HIGH).build())
                .build(),
            ])
            .build()
        ])
        .build()
    )
    print(request.to_json())

    with Client() as client:
        response = client.chat().create(request)

    print("\nResponse:\n")
    for choice in response.choices:
        print(f"{choice.index}: Role: {choice.message.role}  Content: {choice.message.content!r}")


if __name__ == "__main__":
    main()
