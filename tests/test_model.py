"""Models group against Prism, in both modes."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import TEST_KEY, Harness, free_port

from openai_rs_port import Backoff, OpenAIConfig
from openai_rs_port.error import APIConnectionError, InvalidArgument
from openai_rs_port.types import DeleteModelResponse, ListModelResponse, Model


def check_model(m: Any) -> None:
    """Field by field against the spec's Model as Prism fills it in."""
    assert type(m) is Model
    assert m.id == "string"
    assert m.object == "model"
    assert type(m.created) is int and m.created == 0
    assert m.owned_by == "string"


def test_list(prism: Harness) -> None:
    r = prism.call(prism.client.models().list())
    assert type(r) is ListModelResponse
    assert r.object == "list"
    assert type(r.data) is list and len(r.data) == 1
    check_model(r.data[0])


def test_retrieve(prism: Harness) -> None:
    check_model(prism.call(prism.client.models().retrieve("gpt-4o-mini")))


def test_delete(prism: Harness) -> None:
    r = prism.call(prism.client.models().delete("ft:gpt-4o-mini:acemeco:suffix:abc123"))
    assert type(r) is DeleteModelResponse
    assert r.id == "string"
    assert r.object == "string"  # the spec leaves it a free string; Prism sends "string"
    assert r.deleted is True


def test_ids_are_percent_encoded(prism: Harness) -> None:
    models = prism.client.models()
    # Unencoded, "gpt-4o/..%2F" is two segments (no route: 404), and the traversal would
    # land on /files/x, whose file object is not a model.
    for model in ("gpt-4o/..%2F", "ft:a/../../files/x", "m?x#y"):
        check_model(prism.call(models.retrieve(model)))
    r = prism.call(models.delete("a/b"))
    assert type(r) is DeleteModelResponse and r.deleted is True


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_bad_ids_fail_before_io(prism: Harness, bad: str) -> None:
    cfg = OpenAIConfig(api_key=TEST_KEY, api_base=f"http://127.0.0.1:{free_port()}")
    models = prism.make(config=cfg, backoff=Backoff.disabled()).models()
    for call in (models.retrieve, models.delete):
        with pytest.raises(InvalidArgument) as e:
            prism.call(call(bad))
        assert "model" in str(e.value)
    # The same client fails on the network for a valid id: the refusal above came first.
    with pytest.raises(APIConnectionError):
        prism.call(models.retrieve("gpt-4o"))
