"""A tagged PDF's structure tree, walked the same way over pypdf's and pikepdf's objects.

Assembly (pypdf) and the conformance check (pikepdf) both ask which structure elements
the tree reaches and what its parent tree maps; the two object models differ only in
how a reference is followed and what identifies an object, which the caller passes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

#: Follows a reference (pypdf: ``get_object()``; pikepdf follows them itself).
Deref = Callable[[Any], Any]
#: What identifies an indirect object, before it is followed (None for a direct one).
Ident = Callable[[Any], Hashable | None]


def _same(node: Any) -> Any:
    return node


def _kind(node: Any) -> str:
    """ "dict", "array" or "" for a pypdf or pikepdf object (pypdf's are dict and list)."""
    if isinstance(node, dict):
        return "dict"
    if isinstance(node, list):
        return "array"
    if type(node).__module__.startswith("pikepdf"):
        import pikepdf

        if isinstance(node, pikepdf.Dictionary):
            return "dict"
        if isinstance(node, pikepdf.Array):
            return "array"
    return ""


def number_tree(node: Any, deref: Deref = _same) -> dict[int, Any]:
    """A number tree (``/Nums`` pairs, ``/Kids`` subtrees) as a dict."""
    out: dict[int, Any] = {}
    node = deref(node) if node is not None else None
    if node is None:
        return out
    nums: Any = node.get("/Nums") or []
    for i in range(0, len(nums) - 1, 2):
        out[int(nums[i])] = deref(nums[i + 1])
    for kid in node.get("/Kids") or []:
        out.update(number_tree(kid, deref))
    return out


def struct_elements(node: Any, ident: Ident, deref: Deref = _same) -> set[Hashable]:
    """The identities of the structure elements reachable from ``node`` (a ``/K``)."""
    seen: set[Hashable] = set()

    def walk(node: Any) -> None:
        key = ident(node) if node is not None else None
        node = deref(node) if node is not None else None
        if node is None:
            return
        kind = _kind(node)
        if kind == "array":
            for child in node:
                walk(child)
        elif kind == "dict" and "/S" in node and key is not None and key not in seen:
            seen.add(key)
            walk(node.get("/K"))

    walk(node)
    return seen
