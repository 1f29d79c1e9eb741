"""Embeddings: vector representations of text or tokens."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, json_body, json_decoder
from ._resource import Resource, endpoint
from .error import InvalidArgument
from .types.embedding import (
    CreateBase64EmbeddingResponse,
    CreateEmbeddingRequest,
    CreateEmbeddingResponse,
    EncodingFormat,
)

__all__ = ["Embeddings"]

C = TypeVar("C")

_FLOATS = json_decoder(CreateEmbeddingResponse)
_BASE64 = json_decoder(CreateBase64EmbeddingResponse)


class Embeddings(Resource[C]):
    """Get a vector representation of a given input."""

    __slots__ = ()

    @endpoint
    def create(self, request: CreateEmbeddingRequest) -> ApiRequest[CreateEmbeddingResponse]:
        """Creates an embedding vector (a list of floats) for each input."""
        if request.encoding_format == EncodingFormat.BASE64:
            raise InvalidArgument("When encoding_format is base64, use embeddings().create_base64")
        return ApiRequest("POST", "/embeddings", _FLOATS, body=json_body(request))

    @endpoint
    def create_base64(
        self, request: CreateEmbeddingRequest
    ) -> ApiRequest[CreateBase64EmbeddingResponse]:
        """Creates embedding vectors sent as base64 float32 strings.

        ``encoding_format`` is sent as ``base64`` (an explicit ``float`` raises
        ``InvalidArgument``). Decode one with ``Base64Embedding.to_floats()`` or ``to_numpy()``.
        """
        if request.encoding_format == EncodingFormat.FLOAT:
            raise InvalidArgument("When encoding_format is float, use embeddings().create")
        return ApiRequest("POST", "/embeddings", _BASE64,
                          body=json_body(request, encoding_format=EncodingFormat.BASE64.value))
