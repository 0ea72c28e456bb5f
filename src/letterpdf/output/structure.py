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


#: Marks typeset/drawing.py puts on structure elements (read here, then removed).
_ELEMENT = "/LetterpdfElement"
_HIDDEN = "/LetterpdfHidden"
#: Operators that put something on the page.
_DRAWING = frozenset(
    {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh"}
)


def tidy_structure(data: bytes) -> bytes:
    """A tagged PDF's structure tree as a screen reader needs it.

    WeasyPrint tags page by page; here the pieces of one HTML element become one
    element again (a paragraph that runs onto the next page, the letter's body, the
    columns of a list), ``aria-hidden`` elements (running heads, fold marks) leave the
    tree, and so do elements that hold nothing a page draws. Content whose element left
    the tree becomes an artifact when the file is assembled (assemble.py).
    """
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return data
        drawn = {page.objgen: _drawn_mcids(page) for page in pdf.pages}
        merged: dict[tuple[int, int], Any] = {}
        for top in list(root.K):
            _tidy(top, merged, drawn)
        _redirect_parent_tree(root, merged)
        for obj in pdf.objects:  # detached elements too: the marks must not stay
            if isinstance(obj, pikepdf.Dictionary):
                for key in (_ELEMENT, _HIDDEN):
                    if key in obj:
                        del obj[key]
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue()


def _tidy(element: Any, merged: dict[tuple[int, int], Any], drawn: dict[Any, set[int]]) -> None:
    """Merge, drop and empty out the children of ``element``, depth first."""
    import pikepdf

    kids = element.get("/K")
    if not isinstance(kids, pikepdf.Array):
        return
    result: list[Any] = []
    for kid in list(kids):
        if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
            if _content_drawn(kid, element, drawn):
                result.append(kid)
            continue
        if kid.get(_HIDDEN):
            continue  # detached: its content becomes an artifact
        same = kid.get(_ELEMENT)
        if same is not None and same == element.get(_ELEMENT) and kid.S == element.S:
            result.extend(_adopt(element, kid, merged))  # a column of this very list
            continue
        previous = result[-1] if result else None
        if (
            same is not None
            and isinstance(previous, pikepdf.Dictionary)
            and previous.get(_ELEMENT) == same
            and previous.get("/S") == kid.S
        ):
            previous.K.extend(_adopt(previous, kid, merged))  # the same element, next page
            continue
        result.append(kid)
    element.K = pikepdf.Array(result)
    for kid in result:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            _tidy(kid, merged, drawn)
    element.K = pikepdf.Array([k for k in element.K if not _empty(k)])


def _adopt(keeper: Any, other: Any, merged: dict[tuple[int, int], Any]) -> list[Any]:
    """``other``'s kids, re-parented to ``keeper``; a marked-content id on another page
    becomes a reference that names its page."""
    import pikepdf

    merged[other.objgen] = keeper
    kids = []
    for kid in other.get("/K", []):
        if isinstance(kid, int) and other.get("/Pg") != keeper.get("/Pg"):
            kid = pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=other.Pg, MCID=kid)
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            kid.P = keeper
        kids.append(kid)
    return kids


def _content_drawn(kid: Any, element: Any, drawn: dict[Any, set[int]]) -> bool:
    """Whether a marked-content kid (an MCID, an MCR) draws anything; OBJRs are kept."""
    import pikepdf

    if isinstance(kid, int):
        page = element.get("/Pg")
        return page is None or kid in drawn.get(page.objgen, {kid})
    if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
        page = kid.get("/Pg") or element.get("/Pg")
        mcid = int(kid.MCID)
        return page is None or mcid in drawn.get(page.objgen, {mcid})
    return True


def _empty(kid: Any) -> bool:
    import pikepdf

    if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
        return False
    has_text = "/Alt" in kid or "/ActualText" in kid
    return not has_text and len(kid.get("/K", pikepdf.Array())) == 0


def _drawn_mcids(page: Any) -> set[int]:
    """The MCIDs of a page whose marked content draws something."""
    import pikepdf

    properties: Any = page.obj.get("/Resources", {}).get("/Properties", {})
    stack: list[int | None] = []
    drawn: set[int] = set()
    for instruction in pikepdf.parse_content_stream(page):
        operands, op = instruction.operands, str(instruction.operator)
        if op in ("BDC", "BMC"):
            props = operands[1] if op == "BDC" else None
            if isinstance(props, pikepdf.Name):
                props = properties.get(props)
            mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
            stack.append(int(mcid) if mcid is not None else None)
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op in _DRAWING:
            drawn.update(m for m in stack if m is not None)
    return drawn


def _redirect_parent_tree(root: Any, merged: dict[tuple[int, int], Any]) -> None:
    """Parent-tree entries of elements merged into another now name that one."""
    import pikepdf

    def keeper(element: Any) -> Any:
        while isinstance(element, pikepdf.Dictionary) and element.objgen in merged:
            element = merged[element.objgen]
        return element

    for value in number_tree(root.get("/ParentTree")).values():
        if isinstance(value, pikepdf.Array):
            for i, element in enumerate(value):
                value[i] = keeper(element)
        # a single element (an annotation's) is replaced in its /Nums pair below
    _replace_nums(root.get("/ParentTree"), keeper)


def _replace_nums(node: Any, keeper: Any) -> None:
    import pikepdf

    if node is None:
        return
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(1, len(nums), 2):
            if isinstance(nums[i], pikepdf.Dictionary):
                nums[i] = keeper(nums[i])
    for kid in node.get("/Kids", []):
        _replace_nums(kid, keeper)
