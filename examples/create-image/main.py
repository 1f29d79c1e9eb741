"""Generate two images from a prompt and save them into ``./data``, on ``Client``.
The URLs of the answer are downloaded over the client's own connections (without the API
key). Offline: ``python examples/run.py create-image``. With a real key:
``OPENAI_API_KEY=sk-... python examples/create-image/main.py``.
"""

from __future__ import annotations

from openai_rs_port import Client
from openai_rs_port.types import CreateImageRequestArgs, ImageResponseFormat, ImageSize


def main() -> None:
    # Reads OPENAI_API_KEY (and OPENAI_BASE_URL) from the environment.
    with Client() as client:
        request = (
            CreateImageRequestArgs.default()
            .prompt("cats on sofa and carpet in living room")
            .n(2)
            .response_format(ImageResponseFormat.URL)
            .size(ImageSize.S256X256)
            .user("async-openai")
            .build()
        )
        response = client.images().create(request)

        # The directory is created if it does not exist.
        paths = response.save("./data", client=client)
        for path in paths:
            print(f"Image file path: {path}")
        print(f"saved {len(paths)} images")


if __name__ == "__main__":
    main()
