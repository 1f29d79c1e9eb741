"""A griffe extension for the API reference: the endpoints' ``_byot`` twins, and no ``__slots__``.

The twins are made when a group class is created (``_resource._Descriptor.__set_name__``), so
griffe, which reads the source, does not see them. This adds one beside each method decorated
with ``@endpoint``, ``@stream_endpoint`` or ``@page_endpoint`` (the decorators that make a twin;
``binary_endpoint`` and ``plan_endpoint`` do not), with the signature the twin has at runtime: the
``request`` parameter becomes ``body``, and ``cast_to`` is added. mkdocs.yml loads it;
tests/test_docs_reference.py checks the result against the runtime classes.
"""

from __future__ import annotations

import ast
from typing import Any

import griffe

TWINNED = {"endpoint", "stream_endpoint", "page_endpoint"}


class ByotTwins(griffe.Extension):
    """Adds the ``_byot`` twin of each twinned endpoint of a class."""

    def on_class_members(self, *, node: ast.AST | griffe.ObjectNode, cls: griffe.Class,
                         agent: griffe.Visitor | griffe.Inspector, **kwargs: Any) -> None:
        # ``filters: public`` keeps dunders, and ``__slots__`` on every group says nothing to a reader.
        if "__slots__" in cls.members:
            cls.del_member("__slots__")
        for name, member in list(cls.members.items()):
            if member.is_alias or not isinstance(member, griffe.Function) or name.endswith("_byot"):
                continue
            decorators = {str(d.value).rsplit(".", 1)[-1] for d in member.decorators}
            if not decorators & TWINNED or f"{name}_byot" in cls.members:
                continue
            params = []
            for i, p in enumerate(member.parameters):
                if i == 1 and p.name == "request":
                    p = griffe.Parameter("body", annotation="dict[str, Any] | ApiModel", kind=p.kind,
                                         default=p.default)
                params.append(p)
            params.append(griffe.Parameter("cast_to", annotation="type[T]",
                                           kind=griffe.ParameterKind.keyword_only, default="dict"))
            twin = griffe.Function(
                f"{name}_byot",
                lineno=member.lineno,
                endlineno=member.endlineno,
                parameters=griffe.Parameters(*params),
                returns="T",
            )
            twin.docstring = griffe.Docstring(
                f"``{name}`` with a plain body and an untyped answer: a ``dict``, or ``cast_to``.\n\n"
                f"Same path and guards as ``{name}``; use it for fields a server adds.",
                parent=twin,
            )
            cls.set_member(twin.name, twin)
