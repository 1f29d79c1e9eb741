"""Chainable ``*Args`` builders, one typed line per field.

A builder class declares ``field = Setter[AcceptedType]()`` for each field of
its target dataclass; ``build()`` names every missing required field. A setter
checks its value when it is set, against the target field's type: a scalar by
its type, a struct, enum or union also from its wire form (a dict, an enum's
string), strictly (see ``_codec.coerce``).
"""

from __future__ import annotations

import dataclasses
import inspect
import sys
import types
import typing
from collections.abc import Callable, Mapping
from typing import Annotated, Any, ClassVar, Generic, Literal, TypeVar, Union, get_args, get_origin, overload

from ._codec import field_coercer
from .error import InvalidArgument

__all__ = ["Builder", "JsonObject", "Setter", "seq"]

T = TypeVar("T")
V = TypeVar("V")
B = TypeVar("B", bound="Builder[Any]")

JsonObject = Mapping[str, Any]
"""The wire form of a struct or of a union of structs, as a setter accepts it."""


class _Text(str):
    # An annotation shown as it is written (``inspect`` would print the repr of a string).

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


class _SetterDoc:
    # ``Setter.__doc__``: the class's docstring, or one setter's own description.

    def __get__(self, obj: Setter[Any] | None, owner: type) -> str:
        if obj is None:
            return (
                "A chainable setter: ``builder.name(value)`` checks ``value`` against the target "
                "field's type and returns the builder."
            )
        return obj._describe()


class Setter(Generic[V]):
    __doc__ = _SetterDoc()

    def __init__(self, convert: Callable[[Any], Any] | None = None) -> None:
        self.convert = convert
        self.name = ""
        self.__name__ = ""
        self.__qualname__ = ""
        self._owner: type | None = None
        self._fn: Callable[[Any, Any], Any] | None = None

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = self.__name__ = name
        self.__qualname__ = f"{owner.__qualname__}.{name}"
        self._owner = owner

    @overload
    def __get__(self, obj: None, owner: type) -> Setter[V]: ...

    @overload
    def __get__(self, obj: B, owner: type) -> Callable[[V], B]: ...

    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self
        fn = self._fn or self._make()
        return types.MethodType(fn, obj)

    def __call__(self, builder: Any, value: Any) -> Any:
        """``Args.name(builder, value)``, as an unbound method."""
        return (self._fn or self._make())(builder, value)

    @property
    def __signature__(self) -> inspect.Signature:
        return self._signature(bound=True)

    # ------------------------------------------------------------ built on first use

    def _make(self) -> Callable[[Any, Any], Any]:
        name = self.name
        convert = self.convert
        check = self._checker()

        if convert is None:

            def set_value(builder: Any, value: Any) -> Any:
                builder._values[name] = check(value)
                return builder

        else:

            def set_value(builder: Any, value: Any) -> Any:
                builder._values[name] = check(convert(value))
                return builder

        set_value.__name__ = name
        set_value.__qualname__ = self.__qualname__
        set_value.__doc__ = self._describe()
        vars(set_value)["__signature__"] = self._signature(bound=False)
        self._fn = set_value
        return set_value

    def _target_type(self) -> Any:
        target = getattr(self._owner, "_target", None)
        if target is None:
            return None
        return typing.get_type_hints(target, include_extras=True).get(self.name)

    def _checker(self) -> Callable[[Any], Any]:
        tp = self._target_type()
        if tp is None:
            return _unchecked
        target: type = self._owner._target  # type: ignore[union-attr]
        return field_coercer(target.__name__, self.name, tp)

    def _accepted(self) -> Any:
        orig = getattr(self, "__orig_class__", None)
        args = get_args(orig) if orig is not None else ()
        return args[0] if args else self._target_type()

    def _accepted_text(self) -> str:
        module = sys.modules.get(getattr(self._owner, "__module__", ""), None)
        return _annotation_text(self._accepted(), _aliases(module))

    def _signature(self, bound: bool) -> inspect.Signature:
        value = inspect.Parameter(
            "value", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=_Text(self._accepted_text())
        )
        params = [value] if bound else [inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY),
                                        value]
        return inspect.Signature(params, return_annotation=_Text("Self"))

    def _describe(self) -> str:
        target = getattr(self._owner, "_target", None)
        where = f" of ``{target.__name__}``" if target is not None else ""
        text = f"Set ``{self.name}``{where} (accepts ``{self._accepted_text()}``) and return the builder."
        tp = self._target_type()
        if tp is not None and _has_wire_form(tp):
            text += (
                "\n\nA dict (or an enum's string) is read as the wire form, strictly: a wrong type, "
                "an unknown key or a missing required key raises ``InvalidArgument``."
            )
        return text


def _unchecked(value: Any) -> Any:
    return value


def _has_wire_form(tp: Any) -> bool:
    if isinstance(tp, type):
        import enum

        return issubclass(tp, enum.Enum) or dataclasses.is_dataclass(tp)
    return any(_has_wire_form(a) for a in get_args(tp) if a is not Ellipsis)


_ALIASES: dict[str, dict[int, str]] = {}


def _aliases(module: types.ModuleType | None) -> dict[int, str]:
    # ``id(type expression) -> name`` of a module's type aliases, to print them by name.
    if module is None:
        return {}
    found = _ALIASES.get(module.__name__)
    if found is None:
        found = {
            id(value): name for name, value in vars(module).items()
            if not name.startswith("_") and get_origin(value) is not None
        }
        _ALIASES[module.__name__] = found
    return found


def _annotation_text(tp: Any, aliases: dict[int, str]) -> str:
    name = aliases.get(id(tp))
    if name is not None:
        return name
    if tp is None or tp is type(None):
        return "None"
    if tp is Any:
        return "Any"
    origin = get_origin(tp)
    args = [a for a in get_args(tp) if a is not Ellipsis]
    if origin is Annotated:
        return _annotation_text(args[0], aliases)
    if origin in (Union, types.UnionType):
        return " | ".join(_annotation_text(a, aliases) for a in args)
    if origin is Literal:
        return f"Literal[{', '.join(repr(a) for a in args)}]"
    if isinstance(tp, type):
        return tp.__name__
    if origin is not None:
        head = getattr(origin, "__name__", str(origin))
        return f"{head}[{', '.join(_annotation_text(a, aliases) for a in args)}]"
    return getattr(tp, "__name__", repr(tp))


def _listify(value: Any) -> Any:
    return value if isinstance(value, list) else list(value)


def seq() -> Any:
    """Converter for list fields: accepts any iterable and stores a list."""
    return _listify


class Builder(Generic[T]):
    """Base of every ``*Args`` builder (Rust's derive_builder, mutable pattern)."""

    __slots__ = ("_values",)
    _target: ClassVar[type]
    _required: ClassVar[tuple[str, ...]]
    _error: ClassVar[type[InvalidArgument]] = InvalidArgument

    def __init__(self) -> None:
        self._values: dict[str, Any] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        target = None
        for base in getattr(cls, "__orig_bases__", ()):
            args = get_args(base)
            if args and isinstance(args[0], type):
                target = args[0]
        if target is None:
            return
        cls._target = target
        fields = {f.name: f for f in dataclasses.fields(target) if f.init}
        setters = {n for n in dir(cls) if isinstance(getattr(cls, n, None), Setter)}
        # Catch drift between a builder and its dataclass at import time.
        if setters != set(fields):
            missing = sorted(set(fields) - setters)
            extra = sorted(setters - set(fields))
            raise TypeError(f"{cls.__name__}: setters drift from {target.__name__}: "
                            f"missing={missing} extra={extra}")
        cls._required = tuple(
            n for n, f in fields.items()
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        )

    @classmethod
    def default(cls: type[B]) -> B:
        """A new empty builder, as ``Args::default()`` in Rust."""
        return cls()

    def build(self) -> T:
        """Build the value; raises ``InvalidArgument`` naming every missing required field."""
        missing = [n for n in self._required if n not in self._values]
        if missing:
            raise self._error(
                f"{self._target.__name__}: missing required field(s): {', '.join(missing)}",
                missing=tuple(missing),
            )
        result: T = self._target(**self._values)
        return result

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._values!r})"
