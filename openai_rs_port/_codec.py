"""Fast JSON <-> dataclass codec, with a careful path for what does not fit.

dataclasses-json took ~900 us to decode a 1 KB chat completion and picks the
first union member that fits, so the hot path compiles one plain function per
class instead (source generated once, then cached). dataclasses-json stays
available through ``ApiModel.schema()``.

Three ways to read data, one set of rules for choosing a union member:

* the compiled fast path (``decoder_for``) decodes what the spec describes and
  raises on anything else, without saying where;
* it then falls back to a careful decoder that walks the same data with its path:
  a required field that a server left out becomes ``None`` (``[]`` for a list)
  with a DEBUG line, and a value of the wrong shape raises ``DecodeError`` naming
  the path (``choices[0].index``);
* ``coerce`` reads a caller's value strictly: a wire-form dict or an enum string
  becomes the typed value, and a wrong type, an unknown key or a missing required
  key raises ``InvalidArgument`` naming the path. Typed values pass through.

An untagged union picks its member exactly: a member whose tag, enum values and
fields all fit, rejecting unknown keys first and then ignoring them. Enum
leniency (an unknown string is kept) belongs to an enum field, never to the
choice of a member.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import enum
import json
import logging
import reprlib
import types
import typing
from collections.abc import Callable, Mapping
from typing import Annotated, Any, ClassVar, Literal, TypeVar, Union, get_args, get_origin

__all__ = [
    "ApiModel",
    "DecodeError",
    "Tagged",
    "coerce",
    "decode",
    "decoder_for",
    "encode",
    "field_coercer",
    "to_json_bytes",
]

T = TypeVar("T")
M = TypeVar("M", bound="ApiModel")

Decoder = Callable[[Any], Any]
# A careful decoder takes the value and its path: None at the root, else (parent, segment).
Checked = Callable[[Any, Any], Any]

log = logging.getLogger("openai_rs_port")

_NONE = type(None)
_MISSING: Any = dataclasses.MISSING
_SEQUENCES: frozenset[Any] = frozenset({list, tuple, collections.abc.Sequence})
_MAPPINGS: frozenset[Any] = frozenset({dict, collections.abc.Mapping})
_SCALARS = (str, int, float, bool)


class Tagged:
    """Marks a union as internally tagged by ``field`` (``role``, ``type``, ``object``)."""

    __slots__ = ("field",)

    def __init__(self, field: str) -> None:
        self.field = field


class DecodeError(ValueError):
    """A value that does not fit its type; ``path`` says where, as ``choices[0].index``."""

    def __init__(self, node: Any, reason: str) -> None:
        super().__init__(node, reason)
        self.node = node
        self.reason = reason

    @property
    def path(self) -> str:
        return _path_text(self.node)

    @property
    def depth(self) -> int:
        return _depth(self.node)

    def __str__(self) -> str:
        path = self.path
        return f"{path}: {self.reason}" if path else self.reason


def _depth(node: Any) -> int:
    n = 0
    while node is not None:
        n, node = n + 1, node[0]
    return n


def _path_text(node: Any) -> str:
    segments: list[Any] = []
    while node is not None:
        node, seg = node
        segments.append(seg)
    out = ""
    for seg in reversed(segments):
        if isinstance(seg, int):
            out += f"[{seg}]"
        else:
            out += f".{seg}" if out else str(seg)
    return out


class ApiModel:
    """Base of every request and response type: frozen, slotted, keyword-only dataclasses.

    Constructors accept the wire form of struct, enum and union fields (a dict, an enum's
    string) and check it strictly; ``repr()`` leaves out fields that are None.
    """

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # dataclass() keeps a __repr__ that the class body already holds, so this one wins.
        if cls.__repr__ is object.__repr__ or cls.__repr__ is _repr_without_none:
            cls.__repr__ = _repr_without_none  # type: ignore[method-assign]

    def __post_init__(self) -> None:
        # Replaced on the class by its compiled coercion on first construction.
        _coercion_for(type(self))(self)

    def to_dict(self) -> dict[str, Any]:
        """The wire form, with unset optional fields left out."""
        result: dict[str, Any] = encode(self)
        return result

    def to_json(self) -> str:
        """The wire form as a compact JSON string."""
        return json.dumps(encode(self), separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_dict(cls: type[M], data: Any) -> M:
        """Decode a response leniently: unknown fields are ignored, unknown enum values stay
        strings, missing required fields become None (``[]`` for lists). Raises
        ``DecodeError`` naming the path of a value of the wrong shape."""
        result: M = decoder_for(cls)(data)
        return result

    @classmethod
    def from_json(cls: type[M], text: str | bytes) -> M:
        """Decode a JSON document into this type, as ``from_dict``."""
        return cls.from_dict(json.loads(text))

    @classmethod
    def schema(cls) -> Any:
        """A marshmallow schema built by dataclasses-json (imported on first use)."""
        from dataclasses_json import DataClassJsonMixin
        from dataclasses_json.mm import build_schema

        return build_schema(cls, DataClassJsonMixin, False, False)()


@reprlib.recursive_repr()
def _repr_without_none(self: Any) -> str:
    parts = []
    for f in dataclasses.fields(self):
        value = getattr(self, f.name)
        if f.repr and value is not None:
            parts.append(f"{f.name}={value!r}")
    return f"{type(self).__qualname__}({', '.join(parts)})"


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
        elif get_origin(tp) in _SEQUENCES:
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
    if get_origin(tp) not in _SEQUENCES:
        return False
    args = [a for a in get_args(tp) if a is not Ellipsis]
    return bool(args) and all(_is_scalar(a) for a in args)


def _is_scalar(tp: Any) -> bool:
    tp = _strip_optional(tp)
    if isinstance(tp, type) and issubclass(tp, _SCALARS):
        return True
    return get_origin(tp) is Literal


# ---------------------------------------------------------------- type analysis


def _is_union(tp: Any) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


def _strip_optional(tp: Any) -> Any:
    if get_origin(tp) is Annotated:
        return tp
    if _is_union(tp):
        args = [a for a in get_args(tp) if a is not _NONE]
        if len(args) == 1:
            return args[0]
    return tp


def _split_none(tp: Any) -> tuple[Any, bool]:
    # ``(tp without None, whether None was allowed)``.
    if _is_union(tp):
        args = get_args(tp)
        rest = tuple(a for a in args if a is not _NONE)
        if len(rest) < len(args):
            return (rest[0] if len(rest) == 1 else Union[rest]), True  # noqa: UP007 - built at runtime
    return tp, tp is _NONE or tp is Any


def _tag_of(tp: Any) -> Tagged | None:
    if get_origin(tp) is Annotated:
        for extra in tp.__metadata__:
            if isinstance(extra, Tagged):
                return extra
    return None


def _is_dataclass_type(tp: Any) -> bool:
    return isinstance(tp, type) and dataclasses.is_dataclass(tp)


def _hook(tp: Any) -> Callable[[Any], Any] | None:
    # ``coerce`` of a non-wire value class (``InputSource``): the caller's forms of it.
    if _is_dataclass_type(tp) and not issubclass(tp, ApiModel):
        hook: Callable[[Any], Any] | None = getattr(tp, "coerce", None)
        return hook
    return None


def _scalar_base(tp: Any) -> type | None:
    # The JSON scalar type that ``tp`` is or extends (None for anything else).
    if isinstance(tp, type) and not issubclass(tp, enum.Enum):
        for base in (bool, int, float, str):
            if issubclass(tp, base):
                return base
    return None


def _type_text(tp: Any) -> str:
    # A short spelling of a type expression for messages.
    if tp is _NONE:
        return "null"
    if tp is Any or tp is object:
        return "Any"
    origin = get_origin(tp)
    if origin is Annotated:
        return _type_text(get_args(tp)[0])
    if _is_union(tp):
        return " | ".join(_type_text(a) for a in get_args(tp))
    if origin is Literal:
        return " | ".join(repr(a) for a in get_args(tp))
    if isinstance(tp, type):
        return tp.__name__
    if origin is not None:
        name = getattr(origin, "__name__", str(origin))
        return f"{name}[{', '.join(_type_text(a) for a in get_args(tp) if a is not Ellipsis)}]"
    return str(tp)


def _got(v: Any) -> str:
    if v is None:
        return "null"
    text = repr(v)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{type(v).__name__} {text}"


_VALUE_KINDS: dict[type, str] = {bool: "bool", int: "int", float: "float", str: "str", _NONE: "null"}
# JSON kind of a value, by exact type (what json.loads produces).
_PY_KIND: dict[type, str] = {
    str: "str", int: "int", float: "float", bool: "bool", list: "list", dict: "dict", _NONE: "null",
}
_SCALAR_KINDS = frozenset({"str", "int", "float", "bool"})


def _kind_of(v: Any) -> str:
    # JSON kind of a caller's value (str and int subclasses, tuples and mappings included).
    kind = _PY_KIND.get(type(v))
    if kind is not None:
        return kind
    for base, name in ((bool, "bool"), (int, "int"), (float, "float"), (str, "str")):
        if isinstance(v, base):
            return name
    if isinstance(v, (list, tuple)):
        return "list"
    if isinstance(v, Mapping):
        return "dict"
    return "other"


def _member_kinds(m: Any) -> tuple[str, ...]:
    if _tag_of(m) is not None:
        return ("dict",)
    origin = get_origin(m)
    if origin is Annotated:
        return _member_kinds(get_args(m)[0])
    if m is _NONE:
        return ("null",)
    if origin is Literal:
        return tuple(dict.fromkeys(_VALUE_KINDS.get(type(a), "any") for a in get_args(m)))
    if isinstance(m, type):
        if issubclass(m, enum.Enum):
            return tuple(dict.fromkeys(_VALUE_KINDS.get(type(x.value), "any") for x in m))
        base = _scalar_base(m)
        if base is not None:
            return (_VALUE_KINDS[base],)
        if _hook(m) is not None:
            return ("hook",)  # a caller's form only: tried through its hook, never on the wire
        if dataclasses.is_dataclass(m) or issubclass(m, dict):
            return ("dict",)
        if issubclass(m, (list, tuple)):
            return ("list",)
    if origin in _SEQUENCES:
        return ("list",)
    if origin in _MAPPINGS:
        return ("dict",)
    return ("any",)


def _flatten(tp: Any) -> list[Any]:
    out: list[Any] = []
    for a in get_args(tp):
        if _is_union(a):
            out.extend(_flatten(a))
        elif get_origin(a) is Annotated and _tag_of(a) is None and _is_union(get_args(a)[0]):
            out.extend(_flatten(get_args(a)[0]))
        else:
            out.append(a)
    return out


@dataclasses.dataclass(frozen=True, slots=True)
class _UnionPlan:
    # How an untagged union is read: its members by JSON kind, in the order they are tried.

    nullable: bool
    by_kind: dict[str, tuple[Any, ...]]
    exact: dict[str, dict[Any, Any]]  # scalar kind -> {wire value: enum member or literal}
    plain: frozenset[str]  # scalar kinds with a member that takes any value of that kind
    any_member: bool
    classes: tuple[type, ...]  # typed members a caller's value may already be
    hooks: tuple[Callable[[Any], Any], ...]
    text: str
    # (kind, mode) -> ((careful decoder, discriminator test), ...), filled on first use
    resolved: dict[tuple[str, int], tuple[tuple[Checked, Callable[[Any], bool]], ...]]


_PLANS: dict[Any, _UnionPlan] = {}


def _plan(tp: Any) -> _UnionPlan:
    try:
        return _PLANS[tp]
    except KeyError:
        pass
    members = _flatten(tp)
    by_kind: dict[str, list[Any]] = {}
    for m in members:
        for kind in _member_kinds(m):
            by_kind.setdefault(kind, []).append(m)
    # Exact members (literals, enums) are tried before a plain scalar of their kind, so
    # "tts-1" in `SpeechModel | str` becomes the enum whichever comes first.
    for kind in _SCALAR_KINDS & by_kind.keys():
        by_kind[kind].sort(key=lambda m: _scalar_base(m) is not None)
    # JSON has one number: an int value may also be read by a float member.
    for m in by_kind.get("float", ()):
        if _scalar_base(m) is float and m not in by_kind.get("int", ()):
            by_kind.setdefault("int", []).append(m)
    exact: dict[str, dict[Any, Any]] = {}
    plain: set[str] = set()
    for kind in _SCALAR_KINDS & by_kind.keys():
        values: dict[Any, Any] = {}
        for m in by_kind[kind]:
            if get_origin(m) is Literal:
                for a in get_args(m):
                    if _VALUE_KINDS.get(type(a)) == kind:
                        values.setdefault(a, a)
            elif isinstance(m, type) and issubclass(m, enum.Enum):
                for x in m:
                    if _VALUE_KINDS.get(type(x.value)) == kind:
                        values.setdefault(x.value, x)
            else:
                plain.add(kind)
        if values:
            exact[kind] = values
    classes = tuple(
        m for m in members
        if isinstance(m, type) and (dataclasses.is_dataclass(m) or issubclass(m, enum.Enum))
    ) + tuple(c for m in members if _tag_of(m) is not None for c in _tag_members(m))
    hooks = tuple(h for m in members if (h := _hook(m)) is not None)
    plan = _UnionPlan(
        nullable=_NONE in members,
        by_kind={k: tuple(v) for k, v in by_kind.items() if k not in ("any", "hook", "null")},
        exact=exact,
        plain=frozenset(plain),
        any_member="any" in by_kind,
        classes=classes,
        hooks=hooks,
        text=" | ".join(_type_text(m) for m in members),
        resolved={},
    )
    _PLANS[tp] = plan
    return plan


def _tag_members(tp: Any) -> tuple[Any, ...]:
    inner = get_args(tp)[0]
    return tuple(get_args(inner)) or (inner,)


def _tag_table(tp: Any, tag: str) -> tuple[dict[str, Any], list[Any]]:
    # ``({tag value: member}, members without a tag)`` of a tagged union.
    table: dict[str, Any] = {}
    others: list[Any] = []
    for m in _tag_members(tp):
        if _is_dataclass_type(m):
            f = m.__dataclass_fields__.get(tag)
            if f is not None and f.default is not _MISSING:
                table[str(f.default)] = m
                continue
        others.append(m)
    return table, others


def _union_of(members: list[Any]) -> Any:
    return members[0] if len(members) == 1 else Union[tuple(members)]  # noqa: UP007 - built at runtime


# ---------------------------------------------------------------- fast decoding

_FAST: dict[Any, Decoder] = {}
_TOP: dict[Any, Decoder] = {}
# Decoders whose work the dataclass compiler writes inline (saves a call per value).
_INLINE_ENUM: dict[Decoder, tuple[Callable[[Any], Any], Decoder]] = {}
_INLINE_LIST: dict[Decoder, Decoder] = {}


class _Mismatch(Exception):
    # The fast path met data it does not describe; the careful path says what and where.
    pass


def _bad(*_: Any) -> Any:
    raise _Mismatch


def _identity(v: Any) -> Any:
    return v


def _plain_list(v: Any) -> Any:
    if type(v) is list:
        return v
    raise _Mismatch


def _plain_dict(v: Any) -> Any:
    if type(v) is dict:
        return v
    raise _Mismatch


def decode(tp: type[T], data: Any) -> T:
    """Decode JSON data into ``tp`` as a response is decoded (see ``decoder_for``)."""
    result: T = decoder_for(tp)(data)
    return result


def decoder_for(tp: Any) -> Decoder:
    """The cached decoding function of a type expression, for responses.

    Compiled and fast for data that fits. Anything else is decoded again carefully:
    a missing required field becomes None (``[]`` for a list) with a DEBUG line on the
    ``openai_rs_port`` logger, and a value of the wrong shape raises ``DecodeError``
    naming its path.
    """
    try:
        return _TOP[tp]
    except KeyError:
        pass
    except TypeError:  # unhashable type expression
        return _top(tp)
    dec = _top(tp)
    _TOP[tp] = dec
    return dec


def _top(tp: Any) -> Decoder:
    fast = _fast(tp)

    def _decode(v: Any) -> Any:
        try:
            return fast(v)
        except Exception:  # any failure means: read it again, carefully
            pass
        return _checked(tp, _LENIENT)(v, None)

    return _decode


def _fast(tp: Any) -> Decoder:
    try:
        return _FAST[tp]
    except KeyError:
        pass
    except TypeError:
        return _build_fast(tp)
    dec = _build_fast(tp)
    _FAST[tp] = dec
    return dec


def _build_fast(tp: Any) -> Decoder:
    origin = get_origin(tp)
    if tp is Any or tp is object or tp is _NONE or origin is Literal:
        return _identity
    base = _scalar_base(tp)
    if base is not None:
        if tp is not base:
            return _identity  # a str subclass checks its own value (Base64EmbeddingVector)
        return _scalar_check(base)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _fast_enum(tp)
    if _hook(tp) is not None:
        return _identity  # never on the wire
    if _is_dataclass_type(tp):
        return _compile_dataclass_decoder(tp)
    if origin is Annotated:
        tag = _tag_of(tp)
        if tag is not None:
            return _fast_tagged(tp, tag.field)
        return _fast(get_args(tp)[0])
    if origin in _SEQUENCES:
        args = [a for a in get_args(tp) if a is not Ellipsis]
        item = _fast(args[0]) if args else _identity
        if item is _identity or item in _SCALAR_CHECKS:
            return _plain_list

        def _list(v: Any) -> Any:
            if type(v) is not list:
                raise _Mismatch
            return [item(x) for x in v]

        _INLINE_LIST[_list] = item
        return _list
    if origin in _MAPPINGS:
        kv = get_args(tp)
        val = _fast(kv[1]) if len(kv) == 2 else _identity
        if val is _identity or val in _SCALAR_CHECKS:
            return _plain_dict

        def _dict(v: Any) -> Any:
            if type(v) is not dict:
                raise _Mismatch
            return {k: val(x) for k, x in v.items()}

        return _dict
    if _is_union(tp):
        return _fast_union(tp)
    return _identity


def _make_scalar_check(base: type) -> Decoder:
    ok = (float, int) if base is float else (base,)

    def _check(v: Any) -> Any:
        if type(v) in ok:
            return v
        raise _Mismatch

    return _check


_SCALAR_CHECKS: dict[Decoder, type] = {}
_SCALAR_CHECK_OF: dict[type, Decoder] = {}
for _base in _SCALARS:
    _SCALAR_CHECK_OF[_base] = _make_scalar_check(_base)
    _SCALAR_CHECKS[_SCALAR_CHECK_OF[_base]] = _base


def _scalar_check(base: type) -> Decoder:
    return _SCALAR_CHECK_OF[base]


def _fast_enum(tp: type[enum.Enum]) -> Decoder:
    get = tp._value2member_map_.get
    value_types = tuple({type(x.value) for x in tp})

    def _keep(v: Any) -> Any:
        # An unknown value of the right kind stays usable as it is (servers add values).
        if type(v) in value_types:
            return v
        raise _Mismatch

    def _enum(v: Any) -> Any:
        m = get(v)
        return m if m is not None else _keep(v)

    _INLINE_ENUM[_enum] = (get, _keep)
    return _enum


def _fast_tagged(tp: Any, tag: str) -> Decoder:
    table_types, others = _tag_table(tp, tag)
    table = {k: _fast(m) for k, m in table_types.items()}
    get = table.get
    other = _fast(_union_of(others)) if others else None
    unknown = other or _identity  # an unknown variant is kept as raw JSON
    not_object = other or _bad

    def _tagged(v: Any) -> Any:
        if type(v) is dict:
            dec = get(v.get(tag))  # type: ignore[arg-type]
            return dec(v) if dec is not None else unknown(v)
        return not_object(v)

    return _tagged


def _fast_union(tp: Any) -> Decoder:
    plan = _plan(tp)
    table: dict[str, Decoder] = {}
    for kind, cands in plan.by_kind.items():
        if kind in _SCALAR_KINDS:
            table[kind] = _fast_scalar_choice(plan, kind)
        elif len(cands) == 1:
            table[kind] = _fast(cands[0])
        else:
            table[kind] = _chooser(plan, kind)
    if plan.nullable:
        table["null"] = _identity
    get = table.get
    kinds = _PY_KIND.get
    fallback = _identity if plan.any_member else _bad

    def _union(v: Any) -> Any:
        dec = get(kinds(type(v)))  # type: ignore[arg-type]
        return dec(v) if dec is not None else fallback(v)

    return _union


def _fast_scalar_choice(plan: _UnionPlan, kind: str) -> Decoder:
    values = plan.exact.get(kind)
    if not values:
        return _identity
    get = values.get

    def _choice(v: Any) -> Any:
        # Unknown values stay as they are: taken by a plain member, or kept as an enum keeps them.
        m = get(v)
        return v if m is None else m

    return _choice


def _chooser(plan: _UnionPlan, kind: str) -> Decoder:
    def _choose_fast(v: Any) -> Any:
        return _choose(plan, kind, v, None, _LENIENT)

    return _choose_fast


def _user_post_init(cls: type) -> bool:
    # Whether ``cls`` has a ``__post_init__`` of its own (not the wire-form coercion).
    for klass in cls.__mro__:
        fn = klass.__dict__.get("__post_init__")
        if fn is not None:
            return klass is not ApiModel and fn not in _COERCIONS
    return False


def _slot_setters(cls: type) -> dict[str, Any] | None:
    # Each field's slot ``__set__``, or None when a field has no slot (not a slotted class).
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


def _field_expr(i: int, src: str, tp: Any, allow_none: bool, ns: dict[str, Any]) -> str:
    # Source of an expression decoding one field read by ``src``; raises _Mismatch on a bad shape.
    v = f"v{i}"
    dec = _fast(tp)
    check: str | None = None
    if dec in _SCALAR_CHECKS:
        check = f"type({v}) in _num" if _SCALAR_CHECKS[dec] is float else (
            f"type({v}) is _{_SCALAR_CHECKS[dec].__name__}")
    elif dec is _plain_list:
        check = f"type({v}) is _list"
    elif dec is _plain_dict:
        check = f"type({v}) is _dict"
    if check is not None:
        if allow_none:
            return f"({v} if ({v} := {src}) is None or {check} else _bad())"
        bound = check.replace(f"type({v})", f"type({v} := {src})", 1)
        return f"({v} if {bound} else _bad())"
    if dec is _identity:
        return src
    if dec in _INLINE_ENUM:
        ns[f"_m{i}"], ns[f"_k{i}"] = _INLINE_ENUM[dec]
        value = f"x{i} if (x{i} := _m{i}({v})) is not None else _k{i}({v})"
        if allow_none:
            return f"(None if ({v} := {src}) is None else {value})"
        return f"(x{i} if (x{i} := _m{i}({v} := {src})) is not None else _k{i}({v}))"
    if dec in _INLINE_LIST:
        ns[f"_d{i}"] = _INLINE_LIST[dec]
        body = f"[_d{i}(x) for x in {v}]"
        if allow_none:
            return f"(None if ({v} := {src}) is None else {body} if type({v}) is _list else _bad())"
        return f"({body} if type({v} := {src}) is _list else _bad())"
    ns[f"_d{i}"] = dec
    if allow_none:
        return f"(None if ({v} := {src}) is None else _d{i}({v}))"
    return f"_d{i}({src})"


def _compile_dataclass_decoder(cls: type) -> Decoder:
    # Register a trampoline first so self-referencing types terminate.
    slot: list[Decoder] = []

    def _trampoline(v: Any) -> Any:
        return slot[0](v)

    _FAST[cls] = _trampoline
    hints = typing.get_type_hints(cls, include_extras=True)
    ns: dict[str, Any] = {
        "_cls": cls, "_new": object.__new__, "_bad": _bad, "_num": (float, int),
        "_str": str, "_int": int, "_bool": bool, "_list": list, "_dict": dict,
    }
    args: list[tuple[str, str]] = []
    fixed: list[str] = []
    for i, f in enumerate(dataclasses.fields(cls)):
        if not f.init:
            # Tags and other non-init fields keep their default.
            if f.default is not _MISSING:
                ns[f"_def{i}"] = f.default
                fixed.append(f.name)
                args.append((f.name, f"_def{i}"))
            elif f.default_factory is not _MISSING:
                ns[f"_fac{i}"] = f.default_factory
                fixed.append(f.name)
                args.append((f.name, f"_fac{i}()"))
            continue
        wire = f.metadata.get("wire", f.name)
        inner, nullable = _split_none(hints.get(f.name, Any))
        required = f.default is _MISSING and f.default_factory is _MISSING
        src = f"d[{wire!r}]" if required else f"_get({wire!r})"
        expr = _field_expr(i, src, inner, nullable or not required, ns)
        if not required and f.default is not _MISSING and f.default is not None:
            ns[f"_def{i}"] = f.default
            expr = f"(_def{i} if (w{i} := {expr}) is None else w{i})"
        elif not required and f.default_factory is not _MISSING:
            ns[f"_fac{i}"] = f.default_factory
            expr = f"(_fac{i}() if (w{i} := {expr}) is None else w{i})"
        args.append((f.name, expr))
    setters = _slot_setters(cls)
    if setters is not None:
        # Frozen dataclasses pay object.__setattr__ per field in __init__; setting the
        # slots directly builds the same object at about half the cost (and skips the
        # wire-form coercion, which a response never needs).
        lines = ["def _dec(d):", "    _get = d.get", "    o = _new(_cls)"]
        for j, (name, expr) in enumerate(args):
            ns[f"_s{j}"] = setters[name]
            lines.append(f"    _s{j}(o, {expr})")
        if _user_post_init(cls):
            lines.append("    o.__post_init__()")
        lines.append("    return o")
        src = "\n".join(lines) + "\n"
    else:
        call = ", ".join(f"{name}={expr}" for name, expr in args if name not in fixed)
        src = f"def _dec(d):\n    _get = d.get\n    return _cls({call})\n"
    exec(src, ns)
    fn: Decoder = ns["_dec"]
    slot.append(fn)
    _FAST[cls] = fn
    return fn


# ---------------------------------------------------------------- careful and strict decoding

# LENIENT: a response, read again after the fast path failed (missing fields filled, paths kept).
# MATCH: does this JSON fit a union member exactly? (unknown keys ignored, as servers add them)
# STRICT: a caller's value: typed values pass, wire forms are decoded, nothing unknown is allowed.
_LENIENT, _MATCH, _STRICT = 0, 1, 2

_CHECKED: dict[Any, Checked] = {}


def _checked(tp: Any, mode: int) -> Checked:
    key = (tp, mode)
    try:
        return _CHECKED[key]
    except KeyError:
        pass
    except TypeError:
        return _build_checked(tp, mode)
    fn = _build_checked(tp, mode)
    _CHECKED[key] = fn
    return fn


def _any(v: Any, p: Any) -> Any:
    return v


def _build_checked(tp: Any, mode: int) -> Checked:
    origin = get_origin(tp)
    if tp is Any or tp is object:
        return _any
    if tp is _NONE:
        return _checked_none
    if origin is Literal:
        return _any if mode == _LENIENT else _checked_literal(tp)
    base = _scalar_base(tp)
    if base is not None:
        if tp is not base and mode == _LENIENT:
            return _any
        return _checked_scalar(base)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _checked_enum(tp, mode)
    hook = _hook(tp)
    if hook is not None:
        return _checked_hook(tp, hook) if mode == _STRICT else _any
    if _is_dataclass_type(tp):
        return _checked_dataclass(tp, mode)
    if origin is Annotated:
        tag = _tag_of(tp)
        if tag is not None:
            return _checked_tagged(tp, tag.field, mode)
        return _checked(get_args(tp)[0], mode)
    if origin in _SEQUENCES:
        args = [a for a in get_args(tp) if a is not Ellipsis]
        return _checked_list(args[0] if args else Any, mode)
    if origin in _MAPPINGS:
        kv = get_args(tp)
        return _checked_dict(kv[1] if len(kv) == 2 else Any, mode)
    if _is_union(tp):
        inner, nullable = _split_none(tp)
        if nullable and not _is_union(inner):
            return _checked_optional(_checked(inner, mode))
        return _checked_union(tp, mode)
    return _any


def _checked_optional(inner: Checked) -> Checked:
    def _optional(v: Any, p: Any) -> Any:
        return None if v is None else inner(v, p)

    return _optional


def _checked_none(v: Any, p: Any) -> Any:
    if v is None:
        return None
    raise DecodeError(p, f"expected null, got {_got(v)}")


def _checked_literal(tp: Any) -> Checked:
    allowed = get_args(tp)

    def _literal(v: Any, p: Any) -> Any:
        for a in allowed:
            if v == a and isinstance(v, bool) == isinstance(a, bool):
                return v
        raise DecodeError(p, f"expected {_type_text(tp)}, got {_got(v)}")

    return _literal


def _checked_scalar(base: type) -> Checked:
    def _scalar(v: Any, p: Any) -> Any:
        if isinstance(v, base) and (base is bool or not isinstance(v, bool)):
            return v
        if base is float and isinstance(v, int) and not isinstance(v, bool):
            return v
        raise DecodeError(p, f"expected {base.__name__}, got {_got(v)}")

    return _scalar


def _checked_enum(tp: type[enum.Enum], mode: int) -> Checked:
    get = tp._value2member_map_.get
    value_types = tuple({type(x.value) for x in tp})

    def _enum(v: Any, p: Any) -> Any:
        if type(v) is tp:
            return v
        if isinstance(v, value_types) and not (isinstance(v, bool) and bool not in value_types):
            m = get(v)
            if m is not None:
                return m
            if mode == _LENIENT:
                return v
            allowed = ", ".join(repr(x.value) for x in tp)
            raise DecodeError(p, f"{v!r} is not a {tp.__name__} (expected one of {allowed})")
        raise DecodeError(p, f"expected {tp.__name__}, got {_got(v)}")

    return _enum


def _checked_hook(tp: type, hook: Callable[[Any], Any]) -> Checked:
    def _from_hook(v: Any, p: Any) -> Any:
        if isinstance(v, tp):
            return v
        try:
            return hook(v)
        except Exception as e:  # the hook's own reason is the message
            err = DecodeError(p, str(e) or f"expected {tp.__name__}, got {_got(v)}")
        raise err

    return _from_hook


def _checked_list(item_tp: Any, mode: int) -> Checked:
    item = _checked(item_tp, mode)
    ok = frozenset(_passthrough(item_tp)) if mode == _STRICT else frozenset()

    def _list(v: Any, p: Any) -> Any:
        if type(v) is not list:
            if mode == _STRICT and isinstance(v, tuple):
                v = list(v)
            else:
                raise DecodeError(p, f"expected a list, got {_got(v)}")
        elif ok:
            # Typed items are kept as they are: constructing a request stays cheap.
            for x in v:
                if type(x) not in ok:
                    break
            else:
                return v
        if item is _any:
            return v
        return [item(x, (p, i)) for i, x in enumerate(v)]

    return _list


def _checked_dict(value_tp: Any, mode: int) -> Checked:
    val = _checked(value_tp, mode)

    def _dict(v: Any, p: Any) -> Any:
        if type(v) is not dict:
            if mode == _STRICT and isinstance(v, Mapping):
                v = dict(v)
            else:
                raise DecodeError(p, f"expected an object, got {_got(v)}")
        if mode == _STRICT:
            for k in v:
                if not isinstance(k, str):
                    raise DecodeError(p, f"object keys must be strings, got {_got(k)}")
        if val is _any:
            return v
        return {k: val(x, (p, k)) for k, x in v.items()}

    return _dict


@dataclasses.dataclass(frozen=True, slots=True)
class _FieldPlan:
    name: str
    wire: str
    required: bool
    nullable: bool
    is_list: bool
    default: Any
    factory: Any
    decode: Checked


def _checked_dataclass(cls: type, mode: int) -> Checked:
    # Built on first use, so that self-referencing types terminate (one slot assignment, so
    # two threads decoding at once each see a whole plan).
    state: list[Any] = []

    def _prepare() -> tuple[list[_FieldPlan], list[tuple[str, Any]], frozenset[str], Any]:
        hints = typing.get_type_hints(cls, include_extras=True)
        fields: list[_FieldPlan] = []
        fixed: list[tuple[str, Any]] = []
        known: set[str] = set()
        for f in dataclasses.fields(cls):
            wire = f.metadata.get("wire", f.name)
            known.add(wire)
            if not f.init:
                if f.default is not _MISSING:
                    fixed.append((wire, f.default))
                continue
            inner, nullable = _split_none(hints.get(f.name, Any))
            fields.append(_FieldPlan(
                name=f.name, wire=wire,
                required=f.default is _MISSING and f.default_factory is _MISSING,
                nullable=nullable, is_list=get_origin(inner) in _SEQUENCES,
                default=f.default, factory=f.default_factory, decode=_checked(inner, mode),
            ))
        return fields, fixed, frozenset(known), _constructor(cls)

    def _dataclass(v: Any, p: Any) -> Any:
        if not state:
            state[:] = [_prepare()]
        fields, fixed, known, construct = state[0]
        if isinstance(v, cls):
            return v
        if type(v) is not dict:
            if mode == _STRICT and isinstance(v, Mapping):
                v = dict(v)
            else:
                raise DecodeError(p, f"expected an object ({cls.__name__}), got {_got(v)}")
        if mode != _LENIENT:
            for wire, default in fixed:
                x = v.get(wire, _MISSING)
                if x is not _MISSING and x != default:
                    raise DecodeError((p, wire), f"expected {str(default)!r}, got {_got(x)}")
            if mode == _STRICT:
                for k in v:
                    if k not in known:
                        raise DecodeError((p, k), f"unknown field of {cls.__name__}")
        values: dict[str, Any] = {}
        for f in fields:
            x = v.get(f.wire)
            if x is None:
                if not f.required:
                    values[f.name] = f.default if f.factory is _MISSING else f.factory()
                elif f.nullable and f.wire in v:
                    values[f.name] = None
                elif mode == _LENIENT:
                    values[f.name] = [] if f.is_list else None
                    if log.isEnabledFor(logging.DEBUG):
                        log.debug("%s: required field %r is %s at %s; decoded as %s", cls.__name__,
                                  f.wire, "null" if f.wire in v else "missing",
                                  _path_text((p, f.wire)), "[]" if f.is_list else "None")
                else:
                    raise DecodeError((p, f.wire), f"required field {f.wire!r} of {cls.__name__} is "
                                      f"{'null' if f.wire in v else 'missing'}")
            else:
                values[f.name] = f.decode(x, (p, f.wire))
        try:
            return construct(values)
        except DecodeError:
            raise
        except (TypeError, ValueError) as e:
            err = DecodeError(p, f"{cls.__name__}: {e}")
        raise err

    return _dataclass


_CONSTRUCTORS: dict[type, Callable[[dict[str, Any]], Any]] = {}


def _constructor(cls: type) -> Callable[[dict[str, Any]], Any]:
    # Build an instance from decoded init-field values (no wire-form coercion: they are typed).
    make = _CONSTRUCTORS.get(cls)
    if make is not None:
        return make
    setters = _slot_setters(cls)
    fields = dataclasses.fields(cls)
    if setters is None:

        def make(values: dict[str, Any]) -> Any:
            return cls(**values)

    else:
        init = [(setters[f.name], f.name) for f in fields if f.init]
        fixed: list[tuple[Any, Any, Any]] = [
            (setters[f.name], f.default, f.default_factory) for f in fields
            if not f.init and (f.default is not _MISSING or f.default_factory is not _MISSING)
        ]
        post = _user_post_init(cls)
        new = object.__new__

        def make(values: dict[str, Any]) -> Any:
            o: Any = new(cls)
            for set_slot, name in init:
                set_slot(o, values[name])
            for set_slot, default, factory in fixed:
                set_slot(o, default if factory is _MISSING else factory())
            if post:
                o.__post_init__()
            return o

    _CONSTRUCTORS[cls] = make
    return make


def _checked_tagged(tp: Any, tag: str, mode: int) -> Checked:
    table_types, others = _tag_table(tp, tag)
    members = tuple(table_types.values())
    table = {k: _checked(m, mode) for k, m in table_types.items()}
    other = _checked(_union_of(others), mode) if others else None
    names = ", ".join(repr(k) for k in table)

    def _tagged(v: Any, p: Any) -> Any:
        if mode == _STRICT and isinstance(v, members):
            return v
        if type(v) is dict or (mode == _STRICT and isinstance(v, Mapping)):
            t = v.get(tag)
            dec = table.get(t) if isinstance(t, str) else None
            if dec is not None:
                return dec(v, p)
            if other is not None:
                return other(v, p)
            if mode == _LENIENT:
                return v  # an unknown variant is kept as raw JSON
            if t is None:
                raise DecodeError((p, tag), f"missing tag (one of {names})")
            raise DecodeError((p, tag), f"{t!r} is not one of {names}")
        if other is not None:
            return other(v, p)
        raise DecodeError(p, f"expected an object tagged by {tag!r}, got {_got(v)}")

    return _tagged


def _checked_union(tp: Any, mode: int) -> Checked:
    plan = _plan(tp)

    def _union(v: Any, p: Any) -> Any:
        if v is None:
            if plan.nullable or plan.any_member:
                return None
            raise DecodeError(p, f"expected {plan.text}, got null")
        if mode == _STRICT:
            if plan.classes and isinstance(v, plan.classes):
                return v
            for hook in plan.hooks:
                try:
                    return hook(v)
                except Exception:  # not this member's form; try the next
                    continue
        kind = _kind_of(v) if mode == _STRICT else _PY_KIND.get(type(v), "other")
        if kind in plan.by_kind:
            return _choose(plan, kind, v, p, mode)
        if plan.any_member:
            return v
        raise DecodeError(p, f"expected {plan.text}, got {_got(v)}")

    return _union


def _members(plan: _UnionPlan, kind: str, mode: int) -> tuple[tuple[Checked, Callable[[Any], bool]], ...]:
    key = (kind, mode)
    found = plan.resolved.get(key)
    if found is None:
        found = tuple((_checked(c, mode), _discriminator(c)) for c in plan.by_kind[kind])
        plan.resolved[key] = found
    return found


def _choose(plan: _UnionPlan, kind: str, v: Any, p: Any, mode: int) -> Any:
    # The member of ``kind`` that ``v`` is: exact fits first, the raw value last.
    if kind in _SCALAR_KINDS:
        values = plan.exact.get(kind)
        if values is not None:
            m = values.get(v)
            if m is not None:
                return m
        if kind in plan.plain or mode == _LENIENT:
            return v
        raise DecodeError(p, f"expected {plan.text}, got {_got(v)}")
    if len(plan.by_kind[kind]) == 1:
        return _members(plan, kind, mode)[0][0](v, p)
    errors: list[DecodeError] = []
    # Exact first (no unknown keys), so a member whose fields are a subset of another's does
    # not take the other's values; then with unknown keys ignored, as servers add fields.
    for strictness in (_STRICT,) if mode == _STRICT else (_STRICT, _MATCH):
        for dec, fits in _members(plan, kind, strictness):
            if not fits(v):
                continue  # a member's own tag must be there and match
            try:
                return dec(v, p)
            except DecodeError as e:
                errors.append(e)
    if mode == _LENIENT:
        # Nothing fits exactly: a member whose own tags and enum values fit is read
        # leniently (missing fields filled); with none, the value stays raw JSON.
        for dec, fits in _members(plan, kind, _LENIENT):
            if fits(v):
                try:
                    return dec(v, p)
                except DecodeError as e:
                    errors.append(e)
        log.debug("%s: no member of %s fits; kept as raw JSON", _path_text(p) or "value", plan.text)
        return v
    deepest = max(errors, key=lambda e: e.depth, default=None)
    if deepest is not None and deepest.depth > _depth(p):
        raise deepest
    raise DecodeError(p, f"expected {plan.text}, got {_got(v)}")


def _always(v: Any) -> bool:
    return True


def _discriminator(tp: Any) -> Callable[[Any], bool]:
    # A test of whether a value's tags, literals and enum values are the ones member ``tp`` allows.
    tag = _tag_of(tp)
    if tag is not None:
        name = tag.field
        known = frozenset(_tag_table(tp, name)[0])

        def _tag_fits(v: Any) -> bool:
            t = v.get(name) if type(v) is dict else None
            return isinstance(t, str) and t in known

        return _tag_fits
    if not _is_dataclass_type(tp):
        return _always
    checks: list[tuple[str, frozenset[Any], bool]] = []
    hints = typing.get_type_hints(tp, include_extras=True)
    for f in dataclasses.fields(tp):
        wire = f.metadata.get("wire", f.name)
        inner = _strip_optional(hints.get(f.name, Any))
        if not f.init and f.default is not _MISSING:
            checks.append((wire, frozenset({f.default}), True))
        elif get_origin(inner) is Literal:
            checks.append((wire, frozenset(get_args(inner)), False))
        elif isinstance(inner, type) and issubclass(inner, enum.Enum):
            checks.append((wire, frozenset(x.value for x in inner), False))

    def _fits(v: Any) -> bool:
        if type(v) is not dict:
            return True
        for wire, allowed, must in checks:
            x = v.get(wire)
            if x is None:
                if must:
                    return False
                continue
            try:
                if x not in allowed:
                    return False
            except TypeError:
                return False
        return True

    return _fits


def _passthrough(tp: Any) -> set[type]:
    # Types whose instances a field of type ``tp`` keeps as they are, unexamined.
    inner, _ = _split_none(tp)
    if _tag_of(inner) is not None:
        return {m for m in _tag_members(inner) if isinstance(m, type)}
    if get_origin(inner) is Annotated:
        return _passthrough(get_args(inner)[0])
    if isinstance(inner, type):
        if _scalar_base(inner) is not None or issubclass(inner, enum.Enum) or (
                dataclasses.is_dataclass(inner)):
            return {inner}
        return set()
    if _is_union(inner):
        out: set[type] = set()
        for m in _flatten(inner):
            if get_origin(m) in _SEQUENCES or get_origin(m) in _MAPPINGS:
                if not _needs_coercion(m):
                    out.add(list if get_origin(m) in _SEQUENCES else dict)
            elif get_origin(m) is Literal:
                out.update(type(a) for a in get_args(m))
            else:
                out |= _passthrough(m)
        if float in out:
            out.add(int)
        return out
    return set()


def _needs_coercion(tp: Any) -> bool:
    # Whether a caller's value of ``tp`` may differ from the typed one (a struct, enum or union of
    # them).
    if isinstance(tp, type):
        return issubclass(tp, enum.Enum) or dataclasses.is_dataclass(tp)
    if _tag_of(tp) is not None:
        return True
    return any(_needs_coercion(a) for a in get_args(tp) if a is not Ellipsis)


def _invalid(prefix: str, err: DecodeError) -> Exception:
    from .error import InvalidArgument

    path = err.path
    where = prefix + ("" if not path or path.startswith("[") else ".") + path if prefix else path
    return InvalidArgument(f"{where}: {err.reason}" if where else err.reason)


def coerce(tp: Any, value: Any, name: str = "") -> Any:
    """Read a caller's value as ``tp``, strictly.

    The wire form of a struct, an enum or a union (a dict, an enum's string) is decoded;
    typed values pass through. A wrong type, an unknown key, a missing required key or an
    unknown enum value raises ``InvalidArgument`` naming the path (``name`` prefixes it,
    else the type's name: ``CreateChatCompletionRequest.messages[1].content``).
    """
    try:
        return _checked(tp, _STRICT)(value, None)
    except DecodeError as e:
        err = _invalid(name or _type_text(tp), e)
    raise err


def field_coercer(owner: str, name: str, tp: Any) -> Callable[[Any], Any]:
    """``coerce`` for one field: the function a setter or a constructor calls with its value."""
    strict = _checked(tp, _STRICT)
    root = (None, name)
    # Values already of a type the field takes as it is (not containers: their items are checked).
    flat = frozenset(_passthrough(tp) - {list, dict})

    def _coerce_field(v: Any) -> Any:
        if type(v) in flat:
            return v
        try:
            return strict(v, root)
        except DecodeError as e:
            err = _invalid(owner, e)
        raise err

    return _coerce_field


# ---------------------------------------------------------------- constructors

_COERCIONS: set[Callable[[Any], None]] = set()
_COERCION_OF: dict[type, Callable[[Any], None]] = {}


def _coercion_for(cls: type) -> Callable[[Any], None]:
    # The compiled wire-form coercion of ``cls``, installed as its ``__post_init__``.
    fn = _COERCION_OF.get(cls)
    if fn is None:
        fn = _compile_coercion(cls)
        _COERCION_OF[cls] = fn
        _COERCIONS.add(fn)
        if "__post_init__" not in cls.__dict__:
            cls.__post_init__ = fn  # type: ignore[attr-defined]
    return fn


def _compile_coercion(cls: type) -> Callable[[Any], None]:
    hints = typing.get_type_hints(cls, include_extras=True)
    setters = _slot_setters(cls)
    ns: dict[str, Any] = {"_cls": cls, "_again": ApiModel.__post_init__, "_type": type, "_list": list}
    # A subclass that inherited this function gets its own on its first construction.
    lines = ["def __post_init__(o):", "    if type(o) is not _cls:", "        return _again(o)"]
    for i, f in enumerate(dataclasses.fields(cls)):
        tp = hints.get(f.name, Any)
        if not f.init or not _needs_coercion(tp):
            continue
        inner, _ = _split_none(tp)
        items = get_args(inner)[0] if get_origin(inner) in _SEQUENCES and get_args(inner) else None
        if items is not None and _passthrough(items):
            # A list of typed items is kept without a call: one C-level pass over the types.
            ns[f"_ok{i}"] = frozenset(_passthrough(items))
            test = f"type(v) is not _list or not _ok{i}.issuperset(map(_type, v))"
        else:
            ns[f"_ok{i}"] = frozenset(_passthrough(tp))
            test = f"type(v) not in _ok{i}"
        ns[f"_c{i}"] = field_coercer(cls.__name__, f.name, tp)
        if setters is not None:
            ns[f"_s{i}"] = setters[f.name]
        else:
            ns[f"_s{i}"] = lambda o, v, _n=f.name: object.__setattr__(o, _n, v)
        lines += [
            f"    v = o.{f.name}",
            f"    if v is not None and ({test}):",
            f"        _s{i}(o, _c{i}(v))",
        ]
    exec("\n".join(lines) + "\n", ns)
    fn: Callable[[Any], None] = ns["__post_init__"]
    return fn
