"""Chainable ``*Args`` builders, one typed line per field.

A builder class declares ``field = Setter[AcceptedType]()`` for each field of
its target dataclass; ``build()`` names every missing required field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar, get_args, overload

from .error import InvalidArgument

__all__ = ["Builder", "Setter"]

T = TypeVar("T")
V = TypeVar("V")
B = TypeVar("B", bound="Builder[Any]")


class Setter(Generic[V]):
    """A chainable setter: ``builder.name(value)`` stores ``value`` and returns the builder."""

    __slots__ = ("convert", "name")

    def __init__(self, convert: Callable[[Any], Any] | None = None) -> None:
        self.convert = convert
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> Setter[V]: ...

    @overload
    def __get__(self, obj: B, owner: type) -> Callable[[V], B]: ...

    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self
        name = self.name
        convert = self.convert
        values = obj._values

        def set_value(value: V) -> Any:
            values[name] = convert(value) if convert is not None else value
            return obj

        set_value.__name__ = name
        return set_value


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
