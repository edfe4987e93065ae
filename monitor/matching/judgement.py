"""What the matcher says about one article: frozen, JSON-ready values.

Offsets: every ``start``/``end`` is a Python string index (code points) into the judged text,
``end`` exclusive, and ``quote == text[start:end]`` exactly.  When :func:`~monitor.matching.
matcher.judge` is given a title, the judged text is ``title + "\\n\\n" + text`` (see
:func:`judged_text`), so a body offset is shifted by ``len(title) + 2``.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.matching.identity import meeting_key

TITLE_SEPARATOR = "\n\n"


def judged_text(text: str, title: str | None) -> str:
    """The text that offsets refer to: the body alone, or ``title + "\\n\\n" + body``."""
    return text if title is None else f"{title}{TITLE_SEPARATOR}{text}"


@dataclass(frozen=True, slots=True, init=False)
class Evidence:
    """A span of the judged text and its exact quote; ``kind`` says what it showed."""

    start: int
    end: int
    quote: str
    kind: str = "mention"

    def __init__(self, start: int, end: int, quote: str, kind: str = "mention") -> None:
        # A judgement makes some sixty of these: the slots are set through their descriptors,
        # which costs about half of the ``object.__setattr__`` calls of a frozen dataclass's
        # own __init__ (the instance is the same; assignment still raises afterwards).
        _SET_START(self, start)
        _SET_END(self, end)
        _SET_QUOTE(self, quote)
        _SET_KIND(self, kind)


_SET_START = Evidence.__dict__["start"].__set__
_SET_END = Evidence.__dict__["end"].__set__
_SET_QUOTE = Evidence.__dict__["quote"].__set__
_SET_KIND = Evidence.__dict__["kind"].__set__


@dataclass(frozen=True, slots=True)
class DialogueMatch:
    id: str
    name: str
    relevant: bool
    score: float
    evidence: tuple[Evidence, ...]
    counter_evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """An outcome document named with a meeting (a joint statement, a plan of action ...)."""

    kind: str
    quote: str
    start: int
    end: int


@dataclass(frozen=True, slots=True, init=False)
class Meeting:
    name: str
    ordinal: int | None
    mechanism: str
    dialogue: str
    start: int
    end: int
    host: str | None = None
    chair: str | None = None
    date: str | None = None
    documents: tuple[Document, ...] = ()

    def __init__(
        self,
        name: str,
        ordinal: int | None,
        mechanism: str,
        dialogue: str,
        start: int,
        end: int,
        host: str | None = None,
        chair: str | None = None,
        date: str | None = None,
        documents: tuple[Document, ...] = (),
    ) -> None:
        # Finding a text's meetings makes a dozen of these: set through the slots' descriptors,
        # as :class:`Evidence` is (the instance is the same; assignment still raises).
        _MEETING_SETS[0](self, name)
        _MEETING_SETS[1](self, ordinal)
        _MEETING_SETS[2](self, mechanism)
        _MEETING_SETS[3](self, dialogue)
        _MEETING_SETS[4](self, start)
        _MEETING_SETS[5](self, end)
        _MEETING_SETS[6](self, host)
        _MEETING_SETS[7](self, chair)
        _MEETING_SETS[8](self, date)
        _MEETING_SETS[9](self, documents)

    @property
    def key(self) -> str | None:
        """The meeting's identity (:mod:`monitor.matching.identity`), None when the text
        gives neither an ordinal nor a year."""
        return meeting_key(
            *(self.dialogue, self.mechanism, self.ordinal, self.date, self.host, self.name)
        )

    def with_details(self, host: str | None, chair: str | None, date: str | None) -> Meeting:
        """This meeting with its host, chair and date (``dataclasses.replace`` is slower)."""
        return Meeting(
            *(self.name, self.ordinal, self.mechanism, self.dialogue, self.start, self.end),
            *(host, chair, date, self.documents),
        )

    def with_documents(self, documents: tuple[Document, ...]) -> Meeting:
        return Meeting(
            *(self.name, self.ordinal, self.mechanism, self.dialogue, self.start, self.end),
            *(self.host, self.chair, self.date, documents),
        )


_MEETING_SETS = tuple(
    Meeting.__dict__[name].__set__
    for name in (
        *("name", "ordinal", "mechanism", "dialogue", "start", "end"),
        *("host", "chair", "date", "documents"),
    )
)


@dataclass(frozen=True, slots=True)
class TopicMatch:
    id: str
    name: str
    evidence: tuple[Evidence, ...]
    role: str = "mentioned"
    """``primary`` (the article is about it) or ``mentioned`` (:mod:`monitor.matching.topics`)."""
    weight: float = 0.0
    """The topic's share of the weight of all topics found (0 to 1)."""

    @property
    def primary(self) -> bool:
        return self.role == "primary"


@dataclass(frozen=True, slots=True)
class Judgement:
    """The verdict on one article, and the hash of the ruleset that gave it."""

    relevant: bool
    dialogues: tuple[DialogueMatch, ...]
    meetings: tuple[Meeting, ...]
    topics: tuple[TopicMatch, ...]
    ruleset: str

    def relevant_dialogues(self) -> tuple[DialogueMatch, ...]:
        return tuple(d for d in self.dialogues if d.relevant)

    def dialogue(self, ident: str) -> DialogueMatch | None:
        return next((d for d in self.dialogues if d.id == ident), None)
