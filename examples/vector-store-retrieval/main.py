"""Search a vector store directly, with no assistant: upload two 10-K PDFs, put them in a
vector store, wait until it is ready, search it for "uber profit", then clean up.
``input/*.pdf`` are one-page stand-ins with a few lines of made-up text. Offline:
``python examples/run.py vector-store-retrieval`` (the local server ranks chunks by the
query words they contain). With a real key (and real filings in ``input/``):
``OPENAI_API_KEY=sk-... python examples/vector-store-retrieval/main.py``.
"""

from __future__ import annotations

import time
from pathlib import Path
from pprint import pprint

from openai_rs_port import Client
from openai_rs_port.types import (
    CreateFileRequest,
    CreateVectorStoreRequest,
    FileInput,
    FilePurpose,
    VectorStoreSearchRequest,
    VectorStoreStatus,
)

INPUT = Path(__file__).resolve().parent / "input"


def main() -> None:
    with Client() as client:
        # Step 1: upload the files and add them to a vector store.
        uber_file = client.files().create(CreateFileRequest(
            file=FileInput.from_path(INPUT / "uber-10k.pdf"), purpose=FilePurpose.ASSISTANTS
        ))
        lyft_file = client.files().create(CreateFileRequest(
            file=FileInput.from_path(INPUT / "lyft-10k.pdf"), purpose=FilePurpose.ASSISTANTS
        ))
        vector_store = client.vector_stores().create(
            CreateVectorStoreRequest(name="Financial Statements", file_ids=[uber_file.id, lyft_file.id])
        )

        # Step 2: wait for the vector store to be ready (its files processed).
        while vector_store.status != VectorStoreStatus.COMPLETED:
            print("Waiting for vector store to be ready...")
            time.sleep(1)
            vector_store = client.vector_stores().retrieve(vector_store.id)
        print(f"Vector store {vector_store.name!r}: {vector_store.file_counts.completed} files ready")

        # Step 3: search it.
        request = VectorStoreSearchRequest(query="uber profit")
        results = client.vector_stores().search(vector_store.id, request)
        print("Search results:")
        pprint(results)
        for result in results.data:
            print(f"{result.filename}: score {result.score:.2f}")

        # Clean up, to avoid storage costs.
        client.vector_stores().delete(vector_store.id)
        client.files().delete(uber_file.id)
        client.files().delete(lyft_file.id)
        print("deleted the vector store and both files")


if __name__ == "__main__":
    main()
