"""Embed two sentences in one call and print the length of each vector.
An embedding is a list of floats; the distance between two of them measures how related
the texts are. Offline: ``python examples/run.py embeddings``. With a real key:
``OPENAI_API_KEY=sk-... python examples/embeddings/main.py``.
"""

from __future__ import annotations

from openai_rs_port import Client
from openai_rs_port.types import CreateEmbeddingRequestArgs


def main() -> None:
    with Client() as client:
        request = (
            CreateEmbeddingRequestArgs.default()
            .model("text-embedding-ada-002")
            .input([
                "Why do programmers hate nature? It has too many bugs.",
                "Why was the computer cold? It left its Windows open.",
            ])
            .build()
        )
        response = client.embeddings().create(request)
        for data in response.data:
            print(f"[{data.index}]: has embedding of length {len(data.embedding)}")


if __name__ == "__main__":
    main()
