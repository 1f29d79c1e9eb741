"""Every union in the types package round-trips, member by member: serde's discipline.

The unions are discovered, not listed: every field annotation of every model in every module
under ``openai_rs_port.types`` (subpackages such as ``types.responses`` included) is walked,
and each union found (untagged, tagged, optional) is checked for each of its members with a
sample built from the type hints: encode, decode, compare equal (and of the same type). A
new group is covered by adding its module.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import json
import pkgutil
import types
import typing
from collections.abc import Iterator
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pytest

import openai_rs_port.types as types_package
from openai_rs_port import _codec
from openai_rs_port._codec import ApiModel, Tagged, coerce, decode, encode


def _modules() -> Iterator[types.ModuleType]:
    yield types_package
    for info in pkgutil.walk_packages(types_package.__path__, types_package.__name__ + "."):
        yield importlib.import_module(info.name)


def _models() -> list[type]:
    found: dict[str, type] = {}
    for module in _modules():
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, ApiModel)
                    and dataclasses.is_dataclass(value) and value.__module__ == module.__name__):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[k] for k in sorted(found)]


def _is_union(tp: Any) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


def _tag(tp: Any) -> Tagged | None:
    if get_origin(tp) is Annotated:
        return next((m for m in tp.__metadata__ if isinstance(m, Tagged)), None)
    return None


def _unions_in(tp: Any) -> Iterator[Any]:
    if _is_union(tp) or _tag(tp) is not None:
        yield tp
    if get_origin(tp) is Literal:
        return
    args = get_args(tp)
    if get_origin(tp) is Annotated:
        args = args[:1]
    for a in args:
        if a is not Ellipsis:
            yield from _unions_in(a)


def _members(tp: Any) -> list[Any]:
    tag = _tag(tp)
    if tag is not None:
        inner = get_args(tp)[0]
        return list(get_args(inner)) or [inner]
    out: list[Any] = []
    for a in get_args(tp):
        if get_origin(a) is Annotated and _tag(a) is None:
            a = get_args(a)[0]
        out.extend(_members(a) if _is_union(a) else [a])
    return out


def _on_the_wire(tp: Any) -> bool:
    # False for a caller-side value type (``InputSource``): a multipart part, never JSON.
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return issubclass(tp, ApiModel)
    if _tag(tp) is not None:
        return all(_on_the_wire(m) for m in _members(tp))
    return all(_on_the_wire(a) for a in get_args(tp) if isinstance(a, type) or get_args(a))


def _discover() -> dict[str, Any]:
    unions: dict[str, Any] = {}
    for model in _models():
        for hint in typing.get_type_hints(model, include_extras=True).values():
            for union in _unions_in(hint):
                unions.setdefault(_codec._type_text(union) + repr(_tag(union) and _tag(union).field),
                                  union)
    return unions


UNIONS = _discover()
WIRE_UNIONS = {k: u for k, u in UNIONS.items() if _on_the_wire(u)}


# ---------------------------------------------------------------- samples from the type hints


def sample(tp: Any, *, full: bool, depth: int = 0, avoid: frozenset[Any] = frozenset()) -> Any:
    """A value of ``tp``: required fields always, every field when ``full`` (to a depth of 3)."""
    origin = get_origin(tp)
    if tp is Any or tp is object:
        return {"any": [1, "x", None]}
    if tp is type(None):
        return None
    if _tag(tp) is not None:
        return sample(_members(tp)[0], full=full, depth=depth)
    if origin is Annotated:
        return sample(get_args(tp)[0], full=full, depth=depth)
    if _is_union(tp):
        first = next(m for m in _members(tp) if m is not type(None))
        return sample(first, full=full, depth=depth)
    if origin is Literal:
        return next((a for a in get_args(tp) if a not in avoid), get_args(tp)[0])
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        # A value no earlier member of the union spells the same way, where there is one.
        return next((x for x in tp if x.value not in avoid), next(iter(tp)))
    if tp is bool:
        return True
    if isinstance(tp, type) and issubclass(tp, int):
        return tp(1)
    if isinstance(tp, type) and issubclass(tp, float):
        return tp(0.5)
    if isinstance(tp, type) and issubclass(tp, str):
        return tp("s")
    if origin in (list, tuple, typing.Sequence, __import__("collections.abc").abc.Sequence):
        return [sample(get_args(tp)[0], full=full, depth=depth + 1)]
    if origin in (dict, __import__("collections.abc").abc.Mapping):
        return {"k": sample(get_args(tp)[1], full=full, depth=depth + 1)}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp, include_extras=True)
        kwargs = {}
        for f in dataclasses.fields(tp):
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            if f.init and (required or (full and depth < 3)):
                inner = hints[f.name]
                if not required:
                    inner = _codec._split_none(inner)[0]
                kwargs[f.name] = sample(inner, full=full, depth=depth + 1)
        return tp(**kwargs)
    raise AssertionError(f"no sample for {tp!r}")


def _earlier_spellings(union: Any, member: Any) -> frozenset[Any]:
    # Wire values of the enums and literals before ``member``: the union reads those as theirs.
    out: set[Any] = set()
    for m in _members(union):
        if m is member:
            break
        if isinstance(m, type) and issubclass(m, enum.Enum):
            out.update(x.value for x in m)
        elif get_origin(m) is Literal:
            out.update(get_args(m))
    return frozenset(out)


def _cases() -> list[Any]:
    cases = []
    for key, union in WIRE_UNIONS.items():
        for i, member in enumerate(_members(union)):
            for full in (False, True):
                label = f"{key}-{i}-{'full' if full else 'required'}"
                cases.append(pytest.param(union, member, full, id=label))
    return cases


# ---------------------------------------------------------------- the checks


def test_discovery_finds_the_unions_of_every_group() -> None:
    from openai_rs_port.types import (
        ChatCompletionRequestMessage,
        ChatCompletionRequestUserMessageContentPart,
        ChatCompletionToolChoiceOption,
        FineTuneMethod,
        Image,
        ModerationInput,
        Prompt,
    )

    # `X | None` flattens X's members into one union, so compare the members other than None.
    found = [{m for m in _members(u) if m is not type(None)} for u in UNIONS.values()]
    for union in (ChatCompletionRequestMessage, ChatCompletionToolChoiceOption, Image, FineTuneMethod,
                  ModerationInput, Prompt,
                  # found nested in other types: a content part only appears inside a list
                  ChatCompletionRequestUserMessageContentPart):
        assert set(_members(union)) in found, union
    # Every module holding models was searched, not only the ones above.
    assert {m.__module__ for m in _models()} >= {
        f"openai_rs_port.types.{name}" for name in (
            "audio", "batch", "chat", "common", "completion", "embedding", "file", "fine_tuning",
            "image", "model", "moderation", "upload")
    }
    # Only caller-side file inputs are left out, and each for that reason.
    left_out = [u for k, u in UNIONS.items() if k not in WIRE_UNIONS]
    assert left_out and all(
        any(isinstance(m, type) and not issubclass(m, ApiModel) for m in _members(u)) for u in left_out)


@pytest.mark.parametrize(("union", "member", "full"), _cases())
def test_every_member_of_every_union_round_trips(union: Any, member: Any, full: bool) -> None:
    value = sample(member, full=full, avoid=_earlier_spellings(union, member))
    wire = json.loads(json.dumps(encode(value)))
    back = decode(union, wire)
    assert back == value
    if value is not None:
        assert type(back) is type(value)
    # The careful path (taken when a response needs it) reads it the same way...
    assert _codec._checked(union, _codec._LENIENT)(wire, None) == value
    # ...and so does a caller's wire form, strictly; a typed value passes through as it is.
    assert coerce(union, wire) == value
    if isinstance(value, ApiModel) or isinstance(value, enum.Enum):
        assert coerce(union, value) is value


WIRE_MODELS = [m for m in _models()
               if all(_on_the_wire(h) for h in typing.get_type_hints(m, include_extras=True).values())]


@pytest.mark.parametrize("model", WIRE_MODELS, ids=lambda m: m.__qualname__)
def test_every_model_round_trips(model: type) -> None:
    for full in (False, True):
        value = sample(model, full=full)
        wire = json.loads(json.dumps(encode(value)))
        assert decode(model, wire) == value
        assert coerce(model, wire) == value
