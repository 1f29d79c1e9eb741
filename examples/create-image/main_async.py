"""Generate two images from a prompt and save them into ``./data``, on ``AsyncClient``.
As in the Rust example, every URL is downloaded concurrently. Offline:
``python examples/run.py create-image``. With a real key:
``OPENAI_API_KEY=sk-... python examples/create-image/main_async.py``.
"""

from __future__ import annotations

import asyncio

from openai_rs_port import AsyncClient
from openai_rs_port.types import CreateImageRequestArgs, ImageResponseFormat, ImageSize


async def main() -> None:
    async with AsyncClient() as client:
        request = (
            CreateImageRequestArgs.default()
            .prompt("cats on sofa and carpet in living room")
            .n(2)
            .response_format(ImageResponseFormat.URL)
            .size(ImageSize.S256X256)
            .user("async-openai")
            .build()
        )
        response = await client.images().create(request)

        # Each URL is downloaded in a task of its own; the directory is created if missing.
        paths = await response.save("./data", client=client)
        for path in paths:
            print(f"Image file path: {path}")
        print(f"saved {len(paths)} images")


if __name__ == "__main__":
    asyncio.run(main())
