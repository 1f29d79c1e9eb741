"""Images as base64 JSON: two generated images, decoded and saved to ``./data``.
``response_format(B64_JSON)`` brings the image bytes in the answer itself; ``save`` decodes
them and writes each file (named by its content type) into a directory it creates. Offline:
``python examples/run.py create-image-b64-json`` (the local server answers small PNGs). With a
real key: ``OPENAI_API_KEY=sk-... python examples/create-image-b64-json/main_async.py``.
This is the ``AsyncClient`` flavour of ``main.py``.
"""

from __future__ import annotations

import asyncio

from openai_rs_port import AsyncClient
from openai_rs_port.types import CreateImageRequestArgs, ImageResponseFormat, ImageSize


async def main() -> None:
    # The client reads OPENAI_API_KEY (and OPENAI_BASE_URL) from the environment.
    async with AsyncClient() as client:
        request = (
            CreateImageRequestArgs.default()
            .prompt("Generate a logo for github repository async-openai")
            .n(2)
            .response_format(ImageResponseFormat.B64_JSON)
            .size(ImageSize.S256X256)
            .user("async-openai")
            .build()
        )
        response = await client.images().create(request)

        # The answer holds the images' data: save decodes and writes each one into ./data,
        # which is created if it does not exist.
        paths = await response.save("./data", client=client)
        for path in paths:
            print(f"Image file path: {path}")
        pngs = sum(path.read_bytes().startswith(b"\x89PNG") for path in paths)
        print(f"saved {len(paths)} images, {pngs} of them PNG")


if __name__ == "__main__":
    asyncio.run(main())
