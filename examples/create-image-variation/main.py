"""An image variation: a new image in the style of ``images/cake.png``, downloaded into ``./data``.
Offline: ``python examples/run.py create-image-variation`` (the local server serves a generated
PNG at the answer's URL). With a real key: ``OPENAI_API_KEY=sk-... python
examples/create-image-variation/main.py``; ``images/cake.png`` is a tiny stand-in picture.
"""

from __future__ import annotations

from pathlib import Path

from openai_rs_port import Client
from openai_rs_port.types import CreateImageVariationRequestArgs, DallE2ImageSize, ImageResponseFormat

IMAGES = Path(__file__).resolve().parent / "images"


def main() -> None:
    with Client() as client:
        request = (
            CreateImageVariationRequestArgs.default()
            .image(IMAGES / "cake.png")
            .n(1)
            .size(DallE2ImageSize.S512X512)
            .response_format(ImageResponseFormat.URL)
            .user("async-openai")
            .build()
        )
        response = client.images().create_variation(request)
        paths = response.save("./data", client=client)
        for path in paths:
            print(f"image saved at {path}")
        pngs = sum(path.read_bytes().startswith(b"\x89PNG") for path in paths)
        print(f"saved {len(paths)} image(s), {pngs} of them PNG")


if __name__ == "__main__":
    main()
