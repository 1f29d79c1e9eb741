"""Fast JSON <-> dataclass codec.

dataclasses-json took ~900 us to decode a 1 KB chat completion and picks the
first union member that fits, so the hot path compiles one plain function per
class instead (source generated once, then cached). dataclasses-json stays
available through ``Model.schema()``.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Literal, TypeVar, Union, get_args, get_origin

__all__ = ["Model", "Tagged", "decode", "decoder_for", "encode", "to_json_bytes"]

T = TypeVar("T")
M = TypeVar("M", bound="Model")

Decoder = Callable[[Any], Any]


class Tagged:
    """Marks a union as internally tagged by ``field`` (``role``, ``type``, ``object``)."""

    __slots__ = ("field",)

    def __init__(self, field: str) -> None:
        self.field = field


class Model:
    """Base of every request and response type: frozen, slotted, keyword-only dataclasses."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]

    def to_dict(self) -> dict[str, Any]:
        """The wire form, with unset optional fields left out."""
        result: dict[str, Any] = encode(self)
        return result

    def to_json(self) -> str:
        """The wire form as a compact JSON string."""
        return json.dumps(encode(self), separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_dict(cls: type[M], data: Any) -> M:
        """Decode leniently: unknown fields are ignored, unknown enum values stay strings."""
        return decode(cls, data)

    @classmethod
    def from_json(cls: type[M], text: str | bytes) -> M:
        """Decode a JSON document into this type."""
        return decode(cls, json.loads(text))

    @classmethod
    def schema(cls) -> Any:
        """A marshmallow schema built by dataclasses-json (imported on first use)."""
        from dataclasses_json import DataClassJsonMixin
        from dataclasses_json.mm import build_schema

        return build_schema(cls, DataClassJsonMixin, False, False)()


# ---------------------------------------------------------------- encoding

_ENCODERS: dict[type, Callable[[Any], Any]] = {}


# Types json.dumps takes as they are (str/int/float subclasses such as StrEnum join on sight).
_AS_IS: set[type] = {str, int, float, bool, type(None)}


def encode(value: Any) -> Any:
    """Turn a value made of models, lists, dicts and scalars into plain JSON data."""
    t = type(value)
    if t in _AS_IS:
        return value
    enc = _ENCODERS.get(t)
    if enc is not None:
        return enc(value)
    if t is list or t is tuple:
        return [encode(v) for v in value]
    if t is dict:
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, (str, int, float)):
        _AS_IS.add(t)
        return value
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _compile_encoder(t)(value)
    raise TypeError(f"cannot encode {t.__name__} as JSON")


def to_json_bytes(value: Any) -> bytes:
    return json.dumps(encode(value), separators=(",", ":"), ensure_ascii=False).encode()


_SCALARS = (str, int, float, bool)


def _compile_encoder(cls: type) -> Callable[[Any], Any]:
    hints = typing.get_type_hints(cls)
    lines = ["def _enc(o):", "    d = {}"]
    for f in dataclasses.fields(cls):
        name = f.name
        wire = f.metadata.get("wire", name)
        tp = _strip_optional(hints.get(name, Any))
        lines.append(f"    v = o.{name}")
        if _is_scalar(tp) or _is_scalar_list(tp):
            value_expr = "v"
        elif get_origin(tp) in (list, tuple, typing.Sequence, _abc_sequence()):
            value_expr = "[_encode(x) for x in v]"
        else:
            value_expr = "_encode(v)"
        lines.append(f"    if v is not None: d[{wire!r}] = {value_expr}")
    lines.append("    return d")
    ns: dict[str, Any] = {"_encode": encode}
    exec("\n".join(lines), ns)
    fn: Callable[[Any], Any] = ns["_enc"]
    _ENCODERS[cls] = fn
    return fn


def _is_scalar_list(tp: Any) -> bool:
    if get_origin(tp) not in (list, tuple, typing.Sequence, _abc_sequence()):
        return False
    args = [a for a in get_args(tp) if a is not Ellipsis]
    return bool(args) and all(_is_scalar(a) for a in args)


def _is_scalar(tp: Any) -> bool:
    tp = _strip_optional(tp)
    if isinstance(tp, type) and issubclass(tp, _SCALARS):
        return True
    return get_origin(tp) is Literal


def _strip_optional(tp: Any) -> Any:
    if get_origin(tp) is Annotated:
        return tp
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


# ---------------------------------------------------------------- decoding

_DECODERS: dict[Any, Decoder] = {}
# Decoders whose work the dataclass compiler writes inline (saves a call per value).
_INLINE_ENUM: dict[Decoder, Callable[[Any, Any], Any]] = {}
_INLINE_LIST: dict[Decoder, Decoder] = {}


def _identity(v: Any) -> Any:
    return v


def decode(tp: type[T], data: Any) -> T:
    """Decode JSON data into ``tp``; raises KeyError/TypeError/ValueError on a shape mismatch."""
    result: T = decoder_for(tp)(data)
    return result


def decoder_for(tp: Any) -> Decoder:
    """The cached decoding function for a type expression."""
    try:
        return _DECODERS[tp]
    except KeyError:
        pass
    except TypeError:  # unhashable type expression
        return _build_decoder(tp)
    dec = _build_decoder(tp)
    _DECODERS[tp] = dec
    return dec


def _build_decoder(tp: Any) -> Decoder:
    origin = get_origin(tp)
    if tp is Any or tp is object or tp in _SCALARS or tp is type(None):
        return _identity
    if origin is Literal:
        return _identity
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        members = tp._value2member_map_
        get = members.get

        def _enum(v: Any) -> Any:
            # Unknown values stay usable as plain strings (servers add values).
            return get(v, v)

        _INLINE_ENUM[_enum] = get
        return _enum
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _compile_dataclass_decoder(tp)
    if origin is Annotated:
        inner, *extras = get_args(tp)
        for extra in extras:
            if isinstance(extra, Tagged):
                return _tagged_union_decoder(inner, extra.field)
        return decoder_for(inner)
    if origin in (list, tuple, typing.Sequence, _abc_sequence()):
        args = get_args(tp)
        item = decoder_for(args[0]) if args else _identity
        if item is _identity:
            return list

        def _list(v: Any) -> Any:
            return [item(x) for x in v]

        _INLINE_LIST[_list] = item
        return _list
    if origin is dict or origin is typing.Mapping:
        args = get_args(tp)
        val = decoder_for(args[1]) if len(args) == 2 else _identity
        if val is _identity:
            return dict
        return lambda v: {k: val(x) for k, x in v.items()}
    if origin in (Union, types.UnionType):
        return _union_decoder(get_args(tp))
    return _identity


def _abc_sequence() -> Any:
    import collections.abc

    return collections.abc.Sequence


def _json_kind(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is Annotated:
        return _json_kind(get_args(tp)[0])
    if tp is type(None):
        return "null"
    if tp is bool:
        return "bool"
    if isinstance(tp, type) and issubclass(tp, (str, enum.Enum)):
        return "str"
    if tp is int:
        return "int"
    if tp is float:
        return "float"
    if origin is Literal:
        return _json_kind(type(get_args(tp)[0]))
    if origin in (list, tuple, typing.Sequence, _abc_sequence()):
        return "list"
    if origin is dict or origin is typing.Mapping or (
        isinstance(tp, type) and dataclasses.is_dataclass(tp)
    ):
        return "dict"
    if origin in (Union, types.UnionType):
        return "union"
    return "any"


_PY_KIND = {str: "str", int: "int", float: "float", bool: "bool", list: "list", dict: "dict"}


def _union_decoder(members: tuple[Any, ...]) -> Decoder:
    """Untagged union: dispatch on the JSON kind of the value."""
    by_kind: dict[str, list[Any]] = {}
    for m in members:
        by_kind.setdefault(_json_kind(m), []).append(m)
    table: dict[str, Decoder] = {}
    for kind, tps in by_kind.items():
        if kind in ("union", "any"):
            continue
        if len(tps) == 1:
            table[kind] = decoder_for(tps[0])
        else:
            table[kind] = _first_fit(tuple(tps))
    if "float" in table and "int" not in table:
        table["int"] = table["float"]
    fallback: Decoder = _identity
    if "union" in by_kind:
        nested = [a for m in by_kind["union"] for a in get_args(m)]
        fallback = _union_decoder(tuple(nested))

    def _union(v: Any) -> Any:
        if v is None:
            return None
        dec = table.get(_PY_KIND.get(type(v), "any"))
        return dec(v) if dec is not None else fallback(v)

    return _union


def _first_fit(tps: tuple[Any, ...]) -> Decoder:
    decs = [decoder_for(t) for t in tps]

    def _fit(v: Any) -> Any:
        err: Exception | None = None
        for d in decs:
            try:
                return d(v)
            except (KeyError, TypeError, ValueError, AttributeError) as e:
                err = e
        assert err is not None
        raise err

    return _fit


def _tagged_union_decoder(union: Any, tag: str) -> Decoder:
    table: dict[str, Decoder] = {}
    others: list[Any] = []
    for m in get_args(union) or (union,):
        if isinstance(m, type) and dataclasses.is_dataclass(m):
            f = m.__dataclass_fields__.get(tag)
            if f is not None and f.default is not dataclasses.MISSING:
                table[str(f.default)] = decoder_for(m)
                continue
        others.append(m)
    fallback = _union_decoder(tuple(others)) if others else _identity

    def _tagged(v: Any) -> Any:
        if type(v) is dict:
            dec = table.get(v.get(tag))  # type: ignore[arg-type]
            if dec is not None:
                return dec(v)
        # An unknown variant is kept as raw JSON rather than failing the whole response.
        return fallback(v)

    return _tagged


def _slot_setters(cls: type) -> dict[str, Any] | None:
    """Each field's slot ``__set__``, or None when a field has no slot (not a slotted class)."""
    setters: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        desc: Any = None
        for klass in cls.__mro__:
            desc = klass.__dict__.get(f.name)
            if desc is not None:
                break
        if desc is None or type(desc).__name__ != "member_descriptor":
            return None
        setters[f.name] = desc.__set__
    return setters


def _compile_dataclass_decoder(cls: type) -> Decoder:
    # Register a trampoline first so self-referencing types terminate.
    slot: list[Decoder] = []

    def _trampoline(v: Any) -> Any:
        return slot[0](v)

    _DECODERS[cls] = _trampoline
    hints = typing.get_type_hints(cls, include_extras=True)
    ns: dict[str, Any] = {"_cls": cls, "_new": object.__new__}
    args: list[tuple[str, str]] = []
    fixed: list[str] = []
    for i, f in enumerate(dataclasses.fields(cls)):
        if not f.init:
            # Tags and other non-init fields keep their default.
            if f.default is not dataclasses.MISSING:
                ns[f"_def{i}"] = f.default
                fixed.append(f.name)
                args.append((f.name, f"_def{i}"))
            elif f.default_factory is not dataclasses.MISSING:
                ns[f"_fac{i}"] = f.default_factory
                fixed.append(f.name)
                args.append((f.name, f"_fac{i}()"))
            continue
        wire = f.metadata.get("wire", f.name)
        tp = hints.get(f.name, Any)
        inner = _strip_optional(tp)
        dec = decoder_for(inner)
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if dec is _identity:
            expr = f"d[{wire!r}]" if required else f"_get({wire!r})"
        else:
            src = f"d[{wire!r}]" if required else f"_get({wire!r})"
            if dec is list or dec is dict:
                value = f"v{i}"
            elif dec in _INLINE_ENUM:
                ns[f"_m{i}"] = _INLINE_ENUM[dec]
                value = f"_m{i}(v{i}, v{i})"
            elif dec in _INLINE_LIST:
                item = _INLINE_LIST[dec]
                if item in _INLINE_ENUM:
                    ns[f"_m{i}"] = _INLINE_ENUM[item]
                    value = f"[_m{i}(x, x) for x in v{i}]"
                else:
                    ns[f"_d{i}"] = item
                    value = f"[_d{i}(x) for x in v{i}]"
            else:
                ns[f"_d{i}"] = dec
                value = f"_d{i}(v{i})"
            expr = f"(None if (v{i} := {src}) is None else {value})"
        if not required and f.default is not dataclasses.MISSING and f.default is not None:
            ns[f"_def{i}"] = f.default
            expr = f"(_def{i} if (w{i} := {expr}) is None else w{i})"
        elif not required and f.default_factory is not dataclasses.MISSING:
            ns[f"_fac{i}"] = f.default_factory
            expr = f"(_fac{i}() if (w{i} := {expr}) is None else w{i})"
        args.append((f.name, expr))
    setters = _slot_setters(cls)
    if setters is not None:
        # Frozen dataclasses pay object.__setattr__ per field in __init__; setting the
        # slots directly builds the same object at about half the cost.
        lines = ["def _dec(d):", "    _get = d.get", "    o = _new(_cls)"]
        for j, (name, expr) in enumerate(args):
            ns[f"_s{j}"] = setters[name]
            lines.append(f"    _s{j}(o, {expr})")
        if hasattr(cls, "__post_init__"):
            lines.append("    o.__post_init__()")
        lines.append("    return o")
        src = "\n".join(lines) + "\n"
    else:
        call = ", ".join(f"{name}={expr}" for name, expr in args if name not in fixed)
        src = f"def _dec(d):\n    _get = d.get\n    return _cls({call})\n"
    exec(src, ns)
    fn: Decoder = ns["_dec"]
    slot.append(fn)
    _DECODERS[cls] = fn
    return fn
