"""Vector stores, their files and file batches against Prism, in both modes; their types."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import Harness
from spec import assert_valid

from openai_rs_port.assistants import BETA
from openai_rs_port.error import InvalidArgument
from openai_rs_port.types import (
    ComparisonFilter,
    ComparisonType,
    CompoundFilter,
    CompoundFilterType,
    CreateVectorStoreFileBatchRequestArgs,
    CreateVectorStoreFileRequestArgs,
    CreateVectorStoreRequest,
    CreateVectorStoreRequestArgs,
    DeleteVectorStoreFileResponse,
    DeleteVectorStoreResponse,
    ListVectorStoreFilesResponse,
    ListVectorStoresResponse,
    Ranker,
    RankingOptions,
    StaticChunkingStrategy,
    UpdateVectorStoreRequestArgs,
    VectorStoreChunkingStrategyAuto,
    VectorStoreChunkingStrategyStatic,
    VectorStoreExpirationAfter,
    VectorStoreFileBatchObject,
    VectorStoreFileBatchStatus,
    VectorStoreFileContentObject,
    VectorStoreFileContentResponse,
    VectorStoreFileObject,
    VectorStoreFileObjectChunkingStrategyOther,
    VectorStoreFileObjectChunkingStrategyStatic,
    VectorStoreFileStatus,
    VectorStoreObject,
    VectorStoreSearchRequest,
    VectorStoreSearchRequestArgs,
    VectorStoreSearchResultsPage,
    VectorStoreStatus,
)
from openai_rs_port.vector_store_file_batches import VectorStoreFileBatches
from openai_rs_port.vector_store_files import VectorStoreFiles
from openai_rs_port.vector_stores import VectorStores


def wire(m: Any) -> Any:
    return json.loads(json.dumps(m.to_dict()))


def check_store(v: Any) -> None:
    assert type(v) is VectorStoreObject
    assert (v.id, v.object, v.created_at, v.name, v.usage_bytes) == ("string", "vector_store", 0, "string", 0)
    assert v.status is VectorStoreStatus.EXPIRED
    assert v.file_counts.total == 0
    assert v.expires_after == VectorStoreExpirationAfter(anchor="last_active_at", days=1)


def check_file(f: Any) -> None:
    assert type(f) is VectorStoreFileObject
    assert (f.id, f.object, f.vector_store_id) == ("string", "vector_store.file", "string")
    assert f.status is VectorStoreFileStatus.IN_PROGRESS
    assert f.last_error is not None and f.last_error.message == "string"


def check_batch(b: Any) -> None:
    assert type(b) is VectorStoreFileBatchObject
    assert (b.id, b.object, b.vector_store_id) == ("string", "vector_store.files_batch", "string")
    assert b.status is VectorStoreFileBatchStatus.IN_PROGRESS
    assert b.file_counts.in_progress == 0


STATIC = VectorStoreChunkingStrategyStatic(
    static=StaticChunkingStrategy(max_chunk_size_tokens=400, chunk_overlap_tokens=100))


def test_builders_and_wire_forms() -> None:
    with pytest.raises(InvalidArgument) as e:
        CreateVectorStoreFileRequestArgs().build()
    assert e.value.missing == ("file_id",)
    with pytest.raises(InvalidArgument) as e:
        CreateVectorStoreFileBatchRequestArgs().build()
    assert e.value.missing == ("file_ids",)
    with pytest.raises(InvalidArgument) as e:
        VectorStoreSearchRequestArgs().build()
    assert e.value.missing == ("query",)
    req = (CreateVectorStoreRequestArgs().file_ids(iter(["f1", "f2"])).name("docs")
           .expires_after({"anchor": "last_active_at", "days": 7}).chunking_strategy(STATIC)
           .metadata({"k": "v"}).build())
    assert wire(req) == {"file_ids": ["f1", "f2"], "name": "docs",
                         "expires_after": {"anchor": "last_active_at", "days": 7},
                         "chunking_strategy": {"type": "static", "static": {
                             "max_chunk_size_tokens": 400, "chunk_overlap_tokens": 100}},
                         "metadata": {"k": "v"}}
    assert_valid("CreateVectorStoreRequest", req)
    assert CreateVectorStoreRequest.from_dict(wire(req)) == req
    auto = CreateVectorStoreRequestArgs().chunking_strategy({"type": "auto"}).build()
    assert type(auto.chunking_strategy) is VectorStoreChunkingStrategyAuto
    f = VectorStoreFileObject.from_dict({"id": "f", "usage_bytes": 1, "created_at": 0, "vector_store_id": "v",
                                         "status": "completed", "chunking_strategy": {"type": "other"},
                                         "attributes": {"a": 1.5, "b": "x", "c": True}})
    assert type(f.chunking_strategy) is VectorStoreFileObjectChunkingStrategyOther
    assert f.attributes == {"a": 1.5, "b": "x", "c": True}
    g = VectorStoreFileObject.from_dict({**f.to_dict(), "chunking_strategy": wire(STATIC)})
    assert type(g.chunking_strategy) is VectorStoreFileObjectChunkingStrategyStatic


def test_search_request_query_and_filters() -> None:
    one = VectorStoreSearchRequestArgs().query("return policy").build()
    assert wire(one) == {"query": "return policy"}
    many = (VectorStoreSearchRequestArgs().query(iter(["a", "b"])).rewrite_query(True).max_num_results(5)
            .filters(CompoundFilter(type=CompoundFilterType.OR, filters=[
                ComparisonFilter(type=ComparisonType.EQ, key="lang", value="en"),
                {"type": "and", "filters": [{"type": "gte", "key": "year", "value": 2020},
                                            {"type": "ne", "key": "draft", "value": True}]}]))
            .ranking_options({"ranker": "default-2024-11-15", "score_threshold": 0.2})
            .build())
    assert many.query == ["a", "b"]
    assert isinstance(many.filters, CompoundFilter)
    inner = many.filters.filters[1]
    assert type(inner) is CompoundFilter and inner.type is CompoundFilterType.AND
    assert inner.filters[0] == ComparisonFilter(type=ComparisonType.GTE, key="year", value=2020)
    assert many.ranking_options == RankingOptions(ranker=Ranker.DEFAULT_2024_11_15, score_threshold=0.2)
    flat = VectorStoreSearchRequestArgs().query("q").filters(
        {"type": "lte", "key": "year", "value": 2020}).build()
    for r in (one, flat):
        assert_valid("VectorStoreSearchRequest", r)
    # The spec's CompoundFilter items use $recursiveRef, which its Draft 4 check cannot follow:
    # a compound's leaves are checked as ComparisonFilter, the whole by round trip.
    for leaf in (many.filters.filters[0], *inner.filters):
        assert_valid("ComparisonFilter", leaf)
    for r in (one, flat, many):
        assert VectorStoreSearchRequest.from_dict(wire(r)) == r


def test_vector_stores(prism: Harness) -> None:
    v = prism.client.vector_stores()
    check_store(prism.call(v.create(CreateVectorStoreRequestArgs().name("docs").file_ids(["f1"]).build())))
    check_store(prism.call(v.retrieve("vs_abc")))
    upd = UpdateVectorStoreRequestArgs().name("x").expires_after(
        VectorStoreExpirationAfter(days=3)).metadata({"a": "b"}).build()
    assert_valid("UpdateVectorStoreRequest", upd)
    check_store(prism.call(v.update("vs_abc", upd)))
    assert prism.call(v.delete("vs_abc")) == DeleteVectorStoreResponse(
        id="string", object="vector_store.deleted", deleted=True)
    for query in (None, {"limit": 2, "order": "asc"}):
        page = prism.call(v.list(query))
        assert type(page) is ListVectorStoresResponse and page.first_id == "vs_abc123"
        check_store(page.data[0])
    res = prism.call(v.search("vs_abc", VectorStoreSearchRequestArgs().query(["a", "b"]).max_num_results(3)
                              .filters(ComparisonFilter(type=ComparisonType.EQ, key="k", value=1)).build()))
    assert type(res) is VectorStoreSearchResultsPage
    assert res.object == "vector_store.search_results.page"
    assert res.search_query == ["string"] and res.has_more is True and res.next_page == "string"
    [hit] = res.data
    assert (hit.file_id, hit.filename, hit.score) == ("string", "string", 0)
    assert [c.text for c in hit.content] == ["string"]
    api = VectorStores.search.fn(v, "vs/1", VectorStoreSearchRequest(query="q"))
    assert (api.method, api.path, api.headers) == ("POST", "/vector_stores/vs%2F1/search", BETA)


def test_vector_store_files(prism: Harness) -> None:
    f = prism.client.vector_stores().files("vs_abc")
    req = CreateVectorStoreFileRequestArgs().file_id("file-1").chunking_strategy(STATIC).attributes(
        {"lang": "en", "year": 2024, "draft": False}).build()
    assert_valid("CreateVectorStoreFileRequest", req)
    check_file(prism.call(f.create(req)))
    check_file(prism.call(f.retrieve("file-1")))
    assert prism.call(f.delete("file-1")) == DeleteVectorStoreFileResponse(
        id="string", object="vector_store.file.deleted", deleted=True)
    for query in (None, {"limit": 2, "filter": "completed"}):
        page = prism.call(f.list(query))
        assert type(page) is ListVectorStoreFilesResponse and page.has_more is False
        check_file(page.data[0])
    content = prism.call(f.retrieve_file_content("file-1"))
    assert content == VectorStoreFileContentResponse(
        object="vector_store.file_content.page",
        data=[VectorStoreFileContentObject(type="string", text="string")],
        has_more=True, next_page="string")
    api = VectorStoreFiles.retrieve_file_content.fn(f, "file/1")
    assert (api.path, api.headers) == ("/vector_stores/vs_abc/files/file%2F1/content", BETA)


def test_vector_store_file_batches(prism: Harness) -> None:
    b = prism.client.vector_stores().file_batches("vs_abc")
    req = CreateVectorStoreFileBatchRequestArgs().file_ids(iter(["f1", "f2"])).chunking_strategy(
        VectorStoreChunkingStrategyAuto()).build()
    assert req.file_ids == ["f1", "f2"]
    assert_valid("CreateVectorStoreFileBatchRequest", req)
    check_batch(prism.call(b.create(req)))
    check_batch(prism.call(b.retrieve("vsfb_1")))
    check_batch(prism.call(b.cancel("vsfb_1")))
    for query in (None, {"limit": 2, "filter": "failed"}):
        page = prism.call(b.list("vsfb_1", query))
        assert type(page) is ListVectorStoreFilesResponse
        check_file(page.data[0])
    api = VectorStoreFileBatches.list.fn(b, "vsfb_1", {"limit": 2})
    assert (api.path, api.query, api.headers) == (
        "/vector_stores/vs_abc/file_batches/vsfb_1/files", (("limit", "2"),), BETA)


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_ids_are_checked(prism: Harness, bad: str) -> None:
    v = prism.client.vector_stores()
    for call in (lambda: v.retrieve(bad), lambda: v.files(bad).list(),
                 lambda: v.file_batches("v").cancel(bad),
                 lambda: v.files("v").retrieve_file_content(bad), lambda: v.file_batches(bad).list("b")):
        with pytest.raises(InvalidArgument):
            prism.call(call())
