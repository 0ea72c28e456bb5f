"""What a channel's rules decide: who is listed where (HRC co-sponsors by ECOSOC status,
the others in a footnote to the title) and how many words the text may have."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..base.errors import FrontMatterError, LetterError
from ..base.options import STATUSES
from ..base.words import Words
from ..output.profiles import Profile
from ..source.letter import Letter
from ..source.signatories import Group, Signatory, name_sort_key, order_signatories


class WordLimitError(LetterError):
    """The text and its notes have more words than the destination allows."""

    exit_code = 1


@dataclass(frozen=True)
class Listing:
    """The signatories as the document prints them."""

    #: Groups in print order: the list's own, or co-sponsors by status.
    groups: tuple[Group, ...]
    #: Names printed in the footnote to the title instead (HRC: no consultative status).
    footnoted: tuple[Signatory, ...] = ()

    @property
    def count(self) -> int:
        return sum(len(g.members) for g in self.groups) + len(self.footnoted)


def list_signatories(letter: Letter, profile: Profile, words: Words) -> Listing:
    """The list grouped as the PDF's annex, or, for ``group_by = "status"``, co-sponsors
    in general, then special consultative status, then on the roster, each sorted as the
    front matter's ``sort`` says, and the others (status none) for the title's footnote."""
    front = letter.front
    if profile.group_by != "status":
        groups = order_signatories(
            letter.signatories,
            group_order=front.group_order,
            sort=front.sort,
            individuals_title=front.individuals_title,
        )
        return Listing(tuple(replace(g, title=words.group(g.title)) for g in groups))
    titles = {s: getattr(words, f"status_{s}") for s in STATUSES}
    sponsors = [
        replace(e, group=titles[e.status], individual=False)
        for e in letter.signatories
        if e.status in titles
    ]
    groups = order_signatories(sponsors, group_order=[titles[s] for s in STATUSES], sort=front.sort)
    others = sorted(
        (e for e in letter.signatories if e.status not in titles),
        key=lambda e: name_sort_key(e.name),
    )
    return Listing(groups, tuple(others))


def title_note(listing: Listing, words: Words) -> str:
    """The footnote to the title naming those without status ("" when there are none)."""
    if not listing.footnoted:
        return ""
    return words.also_share.replace("{names}", ", ".join(e.name for e in listing.footnoted))


@dataclass(frozen=True)
class WordLimit:
    """How many words the destination allows, and the rule that says so."""

    words: int
    #: "for an organisation in general consultative status", "for a joint submission"...
    rule: str
    #: "error" (the document is not written) or "warning".
    severity: str


def word_limit(letter: Letter, profile: Profile, listing: Listing) -> WordLimit | None:
    """The profile's limit for this letter: by the submitter's status (front matter
    ``status``), or for one organisation or a joint submission (two names or more)."""
    limit = profile.word_limit
    if limit is None:
        return None
    if isinstance(limit, int):
        return WordLimit(limit, f"the {profile.name} profile", profile.over_limit)
    if set(limit) <= {"single", "joint"}:
        joint = listing.count >= 2
        key = "joint" if joint else "single"
        what = "a joint submission" if joint else "a submission by one organisation"
        return WordLimit(limit[key], f"{what} ({profile.name})", profile.over_limit)
    status = letter.front.status
    if status not in limit:
        raise FrontMatterError(
            f"{letter.source}: the {profile.name} profile's word limit depends on your "
            "organisation's ECOSOC consultative status, and only organisations in status "
            "may submit. Add a line to the front matter: 'status: general' (or special, "
            "roster); without status, ask a co-sponsor in status to submit the statement."
        )
    rule = f"an organisation in {status} consultative status ({profile.name})"
    if status == "roster":
        rule = f"an organisation on the roster ({profile.name})"
    return WordLimit(limit[status], rule, profile.over_limit)


def over_limit_message(source: str, output: str, counted: str, total: int, limit: WordLimit) -> str:
    """The error (or warning) for a text over the limit: the count, the limit, the cut."""
    over = total - limit.words
    verdict = (
        f"{output} was not written" if limit.severity == "error" else f"{output} was written anyway"
    )
    return (
        f"{source}: {total:,} words ({counted}), {over:,} over the {limit.words:,} allowed "
        f"for {limit.rule}; {verdict}. Cut {over:,} words from the text or its notes."
    )
