"""An independent validator's verdict: the ``page-validation`` package (PDF/A-1 to -3 and
PDF/UA-1, tested against the veraPDF corpus), when it is installed.

letterpdf's own conformance checks (conformance.py) cover the rules its files could
break; a validator that someone else wrote covers the rest, and catches what we did not
think of. It is optional (``pip install 'letterpdf[validate]'``): ``check`` says which
of the two judged the file.
"""

from __future__ import annotations

from pathlib import Path

from ..base.findings import Finding, verdict
from ..base.options import accessible, pdfa_part, writer_variant
from .xmp import Xmp

#: The PDF/A levels the validator knows ("2b", "3a"...), besides PDF/UA-1 ("ua1").
_PDFA_LEVELS = frozenset(f"{p}{c}" for p in "123" for c in "abu")


def validator_profiles(xmp: Xmp, wanted: str | None) -> tuple[str, ...]:
    """The validator profiles a file must pass: what its XMP claims, and what the
    destination wants (a file that claims less fails the wanted profile too)."""
    names = []
    if xmp.pdfa_part:
        names.append(f"{xmp.pdfa_part}{xmp.pdfa_conformance.lower()}")
    if pdfa_part(wanted):
        names.append(str(writer_variant(wanted)).removeprefix("pdf/a-"))
    if xmp.pdfua_part == "1" or accessible(wanted):
        names.append("ua1")
    return tuple(n for n in dict.fromkeys(names) if n in _PDFA_LEVELS or n == "ua1")


def validator_findings(path: Path, xmp: Xmp, wanted: str | None) -> list[Finding]:
    """One finding: the validator's verdict on each profile, or a warning that it is not
    installed (letterpdf's own checks still ran)."""
    profiles = validator_profiles(xmp, wanted)
    if not profiles:
        return []
    try:
        import page
    except ImportError:
        return [
            Finding(
                "warning",
                "validator",
                "",
                0,
                "page-validation is not installed, so only letterpdf's own PDF/A and PDF/UA "
                "checks ran; for an independent verdict: pip install 'letterpdf[validate]'",
            )
        ]
    name = f"page-validation {page.__version__}"
    failed = []
    for profile in profiles:
        try:
            report = page.validate_pdf(path, profile=profile)
        except page.PageError as e:
            failed.append(f"{_label(profile)}: cannot validate ({e})")
            continue
        if not report.is_compliant:
            rules = sorted({(f.rule_id, f.message) for f in report.failures})
            count = f"{len(rules)} rule(s) broken" if len(rules) > 1 else "1 rule broken"
            failed.append(f"not {_label(profile)}, {count}: {rules[0][0]} ({rules[0][1]})")
    labels = " and ".join(_label(p) for p in profiles)
    if failed:
        return [verdict("validator", False, f"{name}: {'; '.join(failed)}")]
    return [verdict("validator", True, f"{name} finds the file {labels} compliant")]


def _label(profile: str) -> str:
    return "PDF/UA-1" if profile == "ua1" else f"PDF/A-{profile.upper()}"
