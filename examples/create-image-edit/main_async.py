"""An image edit: a picture and a mask (its transparent part is what changes) and a prompt.
The edited image comes back as a URL; ``save`` downloads it into ``./data``. Offline: ``python
examples/run.py create-image-edit`` (the local server serves a generated PNG at that URL). With
a real key: ``OPENAI_API_KEY=sk-... python examples/create-image-edit/main_async.py``; ``images/``
holds tiny stand-ins for the original's photo and mask.
This is the ``AsyncClient`` flavour of ``main.py``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from openai_rs_port import AsyncClient
from openai_rs_port.types import CreateImageEditRequestArgs, DallE2ImageSize, ImageResponseFormat

IMAGES = Path(__file__).resolve().parent / "images"


async def main() -> None:
    async with AsyncClient() as client:
        request = (
            CreateImageEditRequestArgs.default()
            .image(IMAGES / "sunlit_lounge.png")
            .mask(IMAGES / "mask.png")
            .prompt("A sunlit indoor lounge area with a duck in the pool")
            .n(1)
            .size(DallE2ImageSize.S1024X1024)
            .response_format(ImageResponseFormat.URL)
            .user("async-openai")
            .build()
        )
        response = await client.images().create_edit(request)
        paths = await response.save("./data", client=client)
        for path in paths:
            print(f"image saved at {path}")
        pngs = sum(path.read_bytes().startswith(b"\x89PNG") for path in paths)
        print(f"saved {len(paths)} image(s), {pngs} of them PNG")


if __name__ == "__main__":
    asyncio.run(main())
