"""Claims: reporting cues in a sentence, the source phrase they name and the content they frame.

News reports speech in a few shapes, and each shape says where the claim's content lies:

* `X said (that) C.` / `X told RT C.`     content after the cue (subject before it);
* `C, X said.` / `"C," said X.`          content before the frame (the frame trails);
* `A, X said, B.` / `"A," X said, "B."`  content on both sides (one span over the sentence);
* `According to X, C.` / `C, according to X.`;
* `X: C` at a line start (headlines, interview transcripts);
* `It was reported that C.`, `X reportedly did C`  an unnamed source.

This module finds those frames over quotation-masked text; sources.py reads the phrases and
attribution.py turns frames into Source/Quote/Claim models.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Literal

from archive.extract.lexicon import (
    BELIEF_VERBS,
    CUE_VERBS,
    DETERMINERS,
    EVALUATIVE_VERBS,
    FIND_VERBS,
    FINDING_NOUNS,
    FINDING_VERBS,
    FINDING_WRITING_VERBS,
    FINDING_WRITINGS,
    HEDGE_WORDS,
    INTEND_VERBS,
    SPEECH_VERBS,
    THINK_VERBS,
    led_by,
    trie_pattern,
)
from archive.extract.sources import Phrase, clause_subject, phrase_after, phrase_before

# One trie over every cue word.
# Headlines are written in title case: "Sanders Says He Has Started Writing His Address".
_HEADLINE_CUES = frozenset(
    w.capitalize()
    for w in {"says", "said", "tells", "told", "warns", "warned", "claims", "claimed", "asks"}
    | {"asked"}
    | {"urges", "urged", "admits", "denies", "insists", "vows", "predicts", "suggests"}
    | {"explains", "reveals", "calls", "slams", "blasts", "accuses", "defends", "praises"}
    | {"thinks", "believes", "wants", "argues", "announces", "confirms", "rejects", "dismisses"}
)
_CUE = re.compile(
    r"\b(?:"
    + trie_pattern(
        CUE_VERBS | _HEADLINE_CUES | {"reportedly", "allegedly", "according to", "According to"}
    )
    + r")\b"
)
CUE_PATTERN = _CUE
# The whole-text scan for cues: every cue but one opening the text follows a non-word
# character, and a pattern opening with that class lets re skip in C over the letters of
# words (group 1 is the cue).
_CUE_AFTER = re.compile(rf"\W({_CUE.pattern[2:]})")
# "issued a statement", "put out a letter": a verb of publishing before a document noun.
_ISSUED_DOCUMENT = re.compile(
    r"\b(?:issued|released|put\s+out|sent|posted|published|tweeted|wrote|signed|filed|"
    r"delivered|gave|made)\s+(?:(?:a|an|the|his|her|its|their)\s+)?(?:[\w’'-]+\s+){0,2}?"
    r"(?:statement|letter|memo|release|tweet|post|message|report|note|email|video|"
    r"response|complaint|filing)\s*$"
)
# Cue forms that are also plural nouns, and the party words that make them nouns before them.
_PLURAL_NOUN_CUES = frozenset(
    {
        "protests",
        "claims",
        "calls",
        "comments",
        "reports",
        "plans",
        "remarks",
        "questions",
        "tweets",
    }
    | {"emails", "promises", "pledges", "warnings", "threats", "proposals", "estimates"}
    | {"fears", "hopes", "doubts", "views", "demands", "charges", "attacks", "denials"}
)
# Cue forms that are nouns as often as verbs.
_NOUN_CUES = (
    _PLURAL_NOUN_CUES
    | {"signal", "signals", "demand", "claim", "call", "comment", "report", "plan", "remark"}
    | {"question", "promise", "pledge", "warning", "threat", "proposal", "estimate", "fear"}
)
# Adjective endings ("violent protests", "serious threats", "economic fears"); "-ment" nouns
# ("government plans") are left to be read as subjects.
_ADJECTIVE_END = re.compile(r"(?:[^m]ent|ful|ous|ive|ic|ical|ible|able|less|ary)$")
# Prepositions before a noun and a plural cue form: "against government plans", "over
# party claims": the cue form is the preposition's object, a noun.
_NOUN_PREPOSITIONS = frozenset(
    {"against", "of", "for", "over", "about", "with", "amid", "despite", "by", "from", "into"}
)
# Words that open a noun phrase two words before its head ("a stronger signal").
_NOUN_PHRASE_OPENERS = frozenset(
    {"a", "an", "the", "his", "her", "their", "its", "our", "this", "that", "these", "those"}
    | {"more", "less", "much", "further", "any", "no", "some"}
)
# Amounts and modifiers straight before a noun ("more demands", "growing fears").
_AMOUNT_WORDS = frozenset(
    {"more", "less", "fewer", "further", "growing", "rising", "continuing", "increasing"}
    | {"mounting", "renewed", "repeated", "similar", "new", "strong", "stronger", "public"}
    | {"broken", "empty", "false", "unfulfilled", "campaign", "election"}
)
_GROUP_ADJECTIVES = frozenset(
    {"republican", "democratic", "democrat", "gop", "conservative", "liberal", "progressive"}
    | {"libertarian", "partisan", "bipartisan", "federal", "public", "false", "similar"}
)
_REFLEXIVE = re.compile(r"\s+(?:itself|himself|herself|themselves|ourselves|myself)\b")
_PASSIVE_AUX = frozenset({"is", "are", "was", "were", "been", "being", "be", "get", "got"})
_NOUN_MARKERS = frozenset(
    {"the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "these"}
    | {"those"}
)
_UNNAMED_PASSIVE = re.compile(r"\b[Ii]t\s+(?:is|was|has been|had been)\s+(?:\w+ly\s+)?$")
_DOC_BEFORE = re.compile(
    r"(?:\b(?:a|an|the)\s+)?(?:[\w’'-]+\s+){0,3}?(?:statement|report|letter|memo|release|"
    r"communiqu[eé]|message|post|tweet|document|video|ad)\s*,?\s+(?:(?:was|which was)\s+)?"
    r"(?:released|issued|published|posted|sent|signed|put out|written|made|distributed)"
    r"\s+by\s+$",
    re.IGNORECASE,
)
_THAT_SOON = re.compile(r"\s*(?:[\w’'-]+\s+){0,2}?that\b")
_TOLD_OBJECT = re.compile(
    r"\s+(?:him|her|them|us|me|it|reporters|journalists|supporters|lawmakers|voters|students|"
    r"listeners|viewers|Congress|(?:the|a|an|his|her|their)\s+(?:[\w’'-]+\s+){0,3}?[\w-]+|"
    r"(?:[A-Z][\w’'.&-]*)(?:\s+(?:[A-Z][\w’'.&-]*|of|the|and))*)"
)
# A listener phrase up to "that": no comma, semicolon or quotation of more than a title between.
_TOLD_THAT = re.compile(r"(?:[^,;\x01“”\"]|[“\"]\x01{1,40}[”\"])*?\bthat\b")
_AFTER_PP = re.compile(
    r"(?:\s*,?\s*(?:(?:in|on|at|during|via|through|over|from|to|with|late|early|last|this|"
    r"earlier|by)\s+)(?:(?:[\w’'.&-]+\s+){0,6}?(?:statement|interview|email|e-mail|release|"
    r"conference|briefing|speech|call|appearance|broadcast|post|tweet|tweets|Twitter|Facebook|"
    r"Instagram|television|radio|telephone|phone|hearing|rally|event|debate|week|weekend|"
    r"night|morning|afternoon|evening|day|month|year|time|letter|op-ed|column|blog|video|"
    r"message|meeting|session|program|show|remarks|reporters)|(?:the\s+)?[A-Z][\w’'.-]*)"
    r"(?:[’']s\s+[\w\x01“”\"'.-]+)?|\s*,?\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|today|yesterday|tonight)(?:\s+(?:morning|afternoon|evening|night))?)"
)
# Where a reported proposition after its cue ends: a second reporting clause of the same
# subject (", adding that", "and added", "but declined"), an attribution of the whole
# (", according to"), or a semicolon. Measured on the training split, these end the content
# several times more often than they fall inside it.
_CUE_ING = (
    "saying|adding|arguing|noting|telling|calling|referring|asking|claiming|insisting|"
    "warning|explaining|citing|suggesting|pointing|accusing|describing|acknowledging|"
    "stressing|urging|declaring|writing|according\\s+to|alluding|predicting|promising|vowing"
)
_CUE_ED = (
    "said|says|added|adds|told|tells|argued|noted|called|predicted|blamed|insisted|warned|"
    "urged|criticized|praised|accused|declined|refused|suggested|pledged|vowed|promised|"
    "acknowledged|conceded|denied|asked|wrote|described|defended|rejected|explained|"
    "stressed|went on|pointed out|dismissed|repeated|reiterated|announced|vowed"
)
# Any inflected form of a cue verb after ", and" or "but" ("but agreed that", ", and vowed
# to"), or after a bare "and" when "that"/"to" follows it ("and promised to"): the source's
# next act of saying, not part of what was reported ("an outbreak that spread and claimed 40
# lives" keeps its "and claimed").
_CUE_PAST_ANY = trie_pattern(frozenset(w for w in CUE_VERBS if w.endswith(("ed", "ing", "s"))))
# Also where a new clause takes over: a contrast (", but", ", while", ", however"), a relative
# clause on the last noun (", which", ", who"), a closing quotation followed by a participle
# ('... race," adding that'), a second reporting clause with another subject ("... , and
# more than 4 in 10 said ..."), or the narrative's next event (", and he railed against ...").
_CONTENT_STOP = re.compile(
    rf"(?:,|\s[\u2014\u2013-]|(?<=[”\"]))\s+(?:{_CUE_ING})\b"
    rf"|,?\s+(?:and|but)\s+(?:then\s+|also\s+|later\s+|quickly\s+)?(?:{_CUE_ED})\b"
    rf"|(?:,\s+and|,?\s+but)\s+(?:then\s+|also\s+|later\s+|quickly\s+)?(?:{_CUE_PAST_ANY})\b"
    rf"|\s+and\s+(?:then\s+|also\s+|later\s+|quickly\s+)?(?:{_CUE_PAST_ANY})(?=\s+(?:that|to)\b|,)"
    r"|,?\s+(?:and|but|while)\s+(?:\w+\s+){0,5}?(?:said|say|says)\b"
    r"|\s*;\s"
    r"|,\s+and\s+(?:he|she)\s+(?:also\s+|later\s+|then\s+)?[a-z]+ed\b"
)
# Clause breaks that end a content only when no quotation follows them in the sentence (the
# source's own words after ", which he called" are still the source's). ", and they ...",
# ", and there ...": a new subject after ", and" opens the writer's next clause. Adjuncts of time,
# concession and comparison after a comma (", when ...", ", despite ...", ", even as ...",
# ", compared with ...") are the writer's framing of what was said.
_CLAUSE_STOP = re.compile(
    r",\s+(?:but|while|whereas|however|though|although|which|who|when|despite|even|compared)\b"
    r"|,\s+and\s+(?:he|she|they|we|you|there|now|yet)\s"
)


# Both in one scan: group 1 is a content stop, group 2 a clause stop. Every stop opens with a
# comma, a semicolon or a space.
_ANY_STOP = led_by(r",;\s", f"({_CONTENT_STOP.pattern})|({_CLAUSE_STOP.pattern})")


def _content_end(masked: str, a: int, b: int) -> int | None:
    """Where a content after its cue stops short of the sentence end, or None.

    The first content stop, unless a clause stop comes first with no quotation after it.
    """
    start = _first_stop_trigger(masked, a, b)
    if start == -1:
        return None
    m = _ANY_STOP.search(masked, start, b)
    if m is None:
        return None
    if m.group(1) is None:  # a clause stop first
        if masked.find("\x01", m.end(2), b) == -1:
            return m.start()
        stop = _CONTENT_STOP.search(masked, m.end(2), b)
        return None if stop is None else stop.start()
    return m.start()


# Every stop holds one of these: a comma, semicolon, dash, closing quotation mark, or the words
# and / but / while. Finding them is C-level `str.find`; the stop pattern, tried at every
# space of a long content, is the costly part, so it starts at the first of them.
_STOP_TRIGGERS = (",", ";", "-", "\u2014", "\u2013", "”", '"', "and", "but", "while")


def _first_stop_trigger(masked: str, a: int, b: int) -> int:
    """Where the stop pattern may first match in masked[a:b] (-1: nowhere).

    A stop starts at its trigger or in the run of spaces and commas just before it, or, for
    a participle after a closing quotation mark, right after the mark (which may stand
    before `a`).
    """
    if a > 0 and masked[a - 1] in '”"':
        return a
    first = -1
    for t in _STOP_TRIGGERS:
        i = masked.find(t, a, b if first == -1 else first)
        if i != -1:
            first = i
    if first == -1:
        return -1
    while first > a and (masked[first - 1].isspace() or masked[first - 1] == ","):
        first -= 1
    return first


_LEAD_TRIM = re.compile(r"^[\s,:;\u2014\u2013-]+")
_TRAIL_TRIM = re.compile(r"[\s,:;\u2014\u2013-]+$")
_WORDISH = re.compile(r"[^\W\d_][\w’'-]*|\d[\d,.]*|\x01+")
_TRANSCRIPT = re.compile(
    r"^((?:[A-Z][\w’'.-]*|de|van|von|al)(?:\s+(?:[A-Z][\w’'.-]*|de|van|von|al)){0,3})"
    # a headline's addressee or venue: "Clinton to Planned Parenthood: ...", "Mukasey at RNC:"
    r"(?:\s+(?:to|at|on)(?:\s+[A-Z][\w’'.-]*){1,4})?\s*:\s+(?=\S)",
    re.MULTILINE,
)
# The same at every line start after the first, found from the newline (a literal, which re
# finds fast, where a line-start anchor is tried at every position): group 1 is the whole
# match, group 2 the name.
_TRANSCRIPT_AFTER_NEWLINE = re.compile(rf"\n(?=({_TRANSCRIPT.pattern[1:]}))")
_NOT_SPEAKERS = frozenset(
    {
        "READ MORE",
        "READ",
        "MORE",
        "NOTE",
        "UPDATE",
        "WATCH",
        "EXCLUSIVE",
        "BREAKING",
        "VIDEO",
        "PHOTO",
        "PHOTOS",
        "Photo",
        "Related",
        "Source",
        "Sources",
        "Editor",
        "Note",
        "Update",
        "Correction",
        "Follow",
        "Twitter",
        "Email",
        "ABSTRACT",
        "FULL TEXT",
        "Q",
        "A",
        "Question",
        "Answer",
        "Caption",
        "Credit",
        "Subscribe",
        "Contact",
        "Reporting",
        "Editing",
        "Image",
        "Listen",
        "Warning",
        "Also",
        "See",
        "Watch",
        "Read",
        "Video",
        "Graphic",
        "Map",
        "Chart",
        "Title",
        "Byline",
        "Date",
        "Tags",
        "PS",
        "P.S.",
        "Updated",
        "Posted",
        "Notes",
        "Disclosure",
        "Disclaimer",
        "Editor’s",
        "Editors",
        "Transcript",
        "Summary",
        "Background",
        "Bottom",
        "Key",
        "Quote",
        "Quotes",
        "Latest",
        "The Latest",
        "Online",
    }
)


# Content markers resolved once all sentences are known (attribution._fill_split_frames).
PREVIOUS_SENTENCE = -1
NEXT_PARAGRAPH = -2


@dataclass(slots=True)
class Frame:
    """One attribution found in a sentence: cue, source phrase and the content's span."""

    cue: str
    cue_start: int
    cue_end: int
    phrase: Phrase | None
    start: int
    end: int
    hedge: str | None = None
    sentence: int = 0


Act = Literal["say", "think", "find", "intend"]
_ACT_WORD = re.compile(r"[\w’'-]+")
_HEAD_ENDS = frozenset({"by", "of", "from", "in", "at", "for", "on", "published", "released"})


def claim_act(cue: str | None, source_phrase: str | None = None) -> Act:
    """What kind of attribution a cue makes: `say`, `think`, `find` or `intend`.

    A study, survey, poll or data set as the source (its head noun) makes a finding whatever
    the verb ("the survey says", "according to a study"); otherwise the cue verb decides:
    thinking and stances ("believes", "expects", "supports") are `think`, plans and refusals
    ("plans", "wants", "declined to") `intend`, verbs of evidence ("shows", "found") `find`.
    Everything else (said, told, wrote, according to, a transcript's colon, a quotation with
    no cue) is `say`.
    """
    if source_phrase:
        words = _ACT_WORD.findall(source_phrase.lower())
        # the head noun comes before a qualifier: "a study by Harvard researchers"
        cut = next((i for i, w in enumerate(words) if w in _HEAD_ENDS), len(words))
        head = words[cut - 1] if cut else ""
        if head in FINDING_NOUNS:
            return "find"
        if head in FINDING_WRITINGS and cue and cue.lower().split()[-1] in FINDING_WRITING_VERBS:
            return "find"
    if not cue:
        return "say"
    low = cue.lower()
    words = low.split()
    # "also opened", "decided to": the verb is the word that is a cue, the last one first
    for key in (low, *reversed(words)):
        if key in THINK_VERBS:
            return "think"
        if key in INTEND_VERBS:
            return "intend"
        if key in FIND_VERBS:
            return "find"
        if key in CUE_VERBS or key in SPEECH_VERBS:
            return "say"
    return "say"


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Content span without surrounding commas/dashes and a final sentence period."""
    while a < b and (text[a].isspace() or text[a] in ",:;—–-"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",:;—–-."):
        b -= 1
    return a, b


def _has_words(text: str, a: int, b: int, n: int = 1) -> bool:
    """True when text[a:b] holds at least n words (a masked quotation counts as one)."""
    if n == 1:
        return _WORDISH.search(text, a, b) is not None
    return next(islice(_WORDISH.finditer(text, a, b), n - 1, None), None) is not None


def find_frames(masked: str, sentences: list[tuple[int, int]]) -> list[Frame]:
    """All attribution frames of an article, in reading order."""
    frames: list[Frame] = []
    starts = [s for s, _ in sentences]
    first = _CUE.match(masked)
    cues = [first.span()] if first is not None else []
    cues += [m.span(1) for m in _CUE_AFTER.finditer(masked)]
    for cs, ce in cues:
        k = bisect.bisect_right(starts, cs) - 1
        if k < 0:
            continue
        ss, se = sentences[k]
        if ce > se:
            continue
        frame = _frame_at(masked, cs, ce, ss, se)
        if frame is not None:
            frame.sentence = k
            frames.append(frame)
    frames.extend(_transcript_frames(masked, sentences))
    frames.extend(_survey_frames(masked, sentences))
    frames.extend(_epigraph_frames(masked, sentences))
    frames.sort(key=lambda f: (f.cue_start, f.start))
    if _LINK_LINE.search(masked):
        links = [_line_of(masked, m.start()) for m in _LINK_LINE.finditer(masked)]
        frames = [f for f in frames if not any(a <= f.cue_start < b for a, b in links)]
    return _clip_overlaps(masked, frames)


def _line_of(text: str, at: int) -> tuple[int, int]:
    """The span of the line starting at `at` (to its newline or the end of the text)."""
    end = text.find("\n", at)
    return at, len(text) if end == -1 else end


# "READ MORE: Trudeau says ...", "WATCH: ...": a link to another story set inside the body; its
# words are that story's headline, not this article's reporting.
_LINK_LINE = re.compile(
    r"^[^\S\n]*(?:READ MORE|Read more|READ|WATCH|Watch|LOOK|RELATED|Related|MORE|LISTEN|"
    r"Listen|VIDEO|Video|PHOTOS?|Photos?|SEE ALSO|See also|ALSO READ|Also read)[^\S\n]*:",
    re.MULTILINE,
)


def nested_attitudes(frames: list[Frame]) -> set[int]:
    """Indices of frames of attitude and belief cues that lie inside another frame's content.

    In "Cook said Carter believes his use of email was a mistake" the claim is Cook's; what
    Carter believes is part of it, not a claim of its own. A nested speech cue ("X said Y told
    him ...") is kept: news reports chains of speech as claims of their own.
    """
    spans = sorted({(f.start, f.end) for f in frames if f.start >= 0})
    if len(spans) < 2:
        return set()
    # A frame is nested when some other span starts at or before both its cue and its content
    # and ends after both. Over the spans sorted by start, keep the two that reach furthest
    # (the second stands in when the first is the frame's own span).
    starts = [a for a, _ in spans]
    reach: list[tuple[tuple[int, int], tuple[int, int] | None]] = []
    best: tuple[int, int] = (-1, -1)
    second: tuple[int, int] | None = None
    for a, b in spans:
        if (b, a) > best:
            best, second = (b, a), (best if best[0] >= 0 else None)
        elif second is None or (b, a) > second:
            second = (b, a)
        reach.append((best, second))
    out: set[int] = set()
    for n, f in enumerate(frames):
        if f.cue.lower() in SPEECH_VERBS:
            continue
        i = bisect.bisect_right(starts, min(f.cue_start, f.start)) - 1
        if i < 0:
            continue
        first, other = reach[i]
        span = first if (first[1], first[0]) != (f.start, f.end) else other
        if span is not None and span[0] >= max(f.end, f.cue_start + 1):
            out.add(n)
    return out


_PREPOSITION_BEFORE = re.compile(r"\b(?:[Ii]n|[Oo]n|[Vv]ia|[Tt]hrough|[Dd]uring|[Ii]nto)\s+$")


def _frame_at(masked: str, cs: int, ce: int, ss: int, se: int) -> Frame | None:
    word = masked[cs:ce]
    low = word.lower()
    if low == "according to":
        return _according_to(masked, cs, ce, ss, se)
    if low in ("reportedly", "allegedly"):
        a, b = _trim(masked, ss, se)
        return Frame(word, cs, ce, None, a, b, hedge=low)
    before = masked[max(ss, cs - 40) : cs]
    if (before[-1:] in _MARK_BEFORE or masked[ce : ce + 1] in _MARK_AFTER) and (
        before.endswith(("<", "</"))
        or masked.startswith(("=", ">", "/>"), ce)
        or (before.endswith("-") and before[-2:-1].isalnum())
        or (masked.startswith("-", ce) and masked[ce + 1 : ce + 2].isalnum())
    ):
        # '<tweet tweet-id="...">': markup an archive kept, not prose; "tweet-id", "so-called":
        # a word inside a hyphenated compound is no verb.
        return None
    prev_words = before.split()[-2:]
    last = prev_words[-1].lower() if prev_words else ""
    if (
        last in _NOUN_MARKERS
        or last.endswith(("'s", "’s", "s'", "s’", "n't", "n’t"))
        or last in ("to", "not")
    ):
        # "the report", "Trump's claims", "to say", "didn't respond": no reporting verb here
        return None
    if low in _PLURAL_NOUN_CUES and last in _GROUP_ADJECTIVES:
        return None  # "Republican claims", "Democratic calls": a noun after an adjective
    if low in _NOUN_CUES and (
        (len(prev_words) == 2 and prev_words[0].lower() in _NOUN_PHRASE_OPENERS)
        or last in _AMOUNT_WORDS
        or (last.endswith("ed") and low.endswith("s") and last not in _PASSIVE_AUX)
        or (low in _PLURAL_NOUN_CUES and _ADJECTIVE_END.search(last) is not None)
        or (
            low in _PLURAL_NOUN_CUES
            and len(prev_words) == 2
            and prev_words[0].lower() in _NOUN_PREPOSITIONS
        )
    ):
        # "a stronger signal", "more power demands", "continuing demand", "dismissed claims
        # of", "confounded hopes": the cue word heads a noun phrase (an object), not a verb
        return None
    if low in ("tell", "tells") and masked[ce : ce + 1] in ".?!":
        return None  # "Time will tell.": no one is told anything
    if last[:1].isdigit() and low.endswith("ed"):
        return None  # "270 pledged delegates", "12 confirmed cases": a participle adjective
    if low in FINDING_VERBS and _REFLEXIVE.match(masked, ce):
        return None  # "the bank found itself at the center of ...": no finding is reported
    hedge = low if low in HEDGE_WORDS else None
    if low in _RAISING:
        return _raised_frame(masked, word, cs, ce, ss, se)
    # "when asked whether ...", "was asked by X whether ...": a question put to the subject
    # ("asked to leave" is a request, "asked of a contender" names whom it is put to).
    when_asked = (
        low == "asked" and last in _ASKED_LEADS and not masked.startswith((" to ", " of "), ce)
    )
    if when_asked or (word == "Asked" and masked[ss:cs].strip(' \x01“”"') == ""):
        # "Asked whether he would run, Trump said ...", "..., he said when asked about the
        # merger.", "Sanders was asked by host John Dickerson whether ...": the question, put
        # by someone the sentence does not name (or "by" a named interviewer). It ends at the
        # answer's clause.
        comma = masked.find(",", ce, se)
        if comma == -1:
            if not when_asked:
                return None
            comma = se
        a, b = _trim(masked, ce, comma)
        asker = None
        if masked.startswith(" by ", ce):
            asker = phrase_after(masked, ce + 4, comma)
            if asker is not None:
                a = _trim(masked, asker.end, comma)[0]
        if b <= a or not _has_words(masked, a, b, 2):
            return None
        return Frame(word, cs, ce, asker, a, b)
    if word == "Said" and masked[ss:cs].strip(' \x01“”"') == "":
        # "Said Ellis: “...”", "Said Dorothy Poynter, who grew up with Ali, “...”": a frame
        # put first, the source after the cue and the words after the source.
        phrase = phrase_after(masked, ce, se)
        if phrase is None:
            return None
        opener = _SAID_FIRST_CONTENT.search(masked, phrase.end, se)
        if opener is None:
            return None
        a, b = _trim(masked, opener.start() + (opener.group() == ":"), se)
        if b <= a or not (_has_words(masked, a, b, 2) or "\x01" in masked[a:b]):
            return None
        return Frame(word, cs, ce, phrase, a, b)
    if last in _PASSIVE_AUX:
        if _UNNAMED_PASSIVE.search(before) and low in SPEECH_VERBS | BELIEF_VERBS:
            that = _THAT_SOON.match(masked, ce, se)
            a = that.end() - 4 if that else ce
            a, b = _trim(masked, a, se)
            if b > a:
                return Frame(word, cs, ce, None, a, b, hedge=hedge or low)
        if low in _PASSIVE_RAISING and masked.startswith(" to ", ce):
            # "Trump is expected to speak", "the ship was believed to carry arms": a claim
            # whose source the sentence does not name.
            return _raised_frame(masked, word, cs, ce, ss, se)
        return None
    phrase = None
    inverted = False
    after: Phrase | None = None  # phrase_after(masked, ce, se), once read (after_read)
    after_read = False
    if low in _INVERTING and before.rstrip().endswith(",") and _has_words(masked, ss, cs):
        # "..., whom he has alienated, said Larry Sabato, director of ...": a cue right after
        # a comma and followed by a name that closes the clause is inverted, whatever the
        # words before the comma look like.
        after, after_read = phrase_after(masked, ce, se), True
        if after is not None and _closes_clause(masked, after, se):
            phrase = after
            inverted = True
    if phrase is None:
        phrase = phrase_before(masked, ss, cs)
    participle = False
    if phrase is None and low.split()[0].endswith("ing"):
        # "Trump went after Bush, calling him ...", "he began by saying, ...": the -ing
        # verb shares the clause's subject.
        lead = masked[max(ss, cs - 30) : cs].rstrip()
        # '... a defense of “New York values,” saying ...': the comma closing the clause is
        # inside the quotation (masked), so a closing mark after words stands for it
        closed = lead.endswith(("”", '"', "»")) and _has_words(masked, ss, cs - 30)
        if lead.endswith(",") or closed or re.search(r"\b(?:by|before|after|while|in)$", lead):
            phrase = (
                _speaker_of_cue_before(masked, ss, cs, closed and not lead.endswith(","))
                if lead.endswith(",") or closed
                else None
            )
            if phrase is None:
                phrase = clause_subject(masked, ss, cs)
            participle = phrase is not None
    if (
        phrase is not None
        and phrase.form == "description"
        and low.split()[0].endswith("ing")
        and _ISSUED_DOCUMENT.search(masked, max(ss, phrase.start - 40), phrase.end)
    ):
        # "Trump issued a statement saying ...": the document's issuer is the source.
        issuer = clause_subject(masked, ss, phrase.start)
        if issuer is not None and issuer.form != "generic":
            phrase = issuer
    if phrase is None and low in SPEECH_VERBS and not low.endswith("ing"):
        # (an -ing word is a participle sharing its clause's subject, never inverted)
        prev = masked[ss:cs].rstrip()
        if prev.endswith((",", "”", '"', "\x01", "»", "''")) and _has_words(masked, ss, cs):
            phrase = after if after_read else phrase_after(masked, ce, se)
            if phrase is None and masked[ce : ce + 1] == " " and prev[-1:] != ",":
                # '"...," said a 2008 campaign veteran.': whatever noun phrase follows the
                # inverted cue is the speaker, up to its clause break
                phrase = _noun_phrase_until_break(masked, ce + 1, se)
            inverted = phrase is not None
            if prev.endswith(",") and (
                phrase is None or (phrase.form == "pronoun" and _has_words(masked, phrase.end, se))
            ):
                # "Darran Whiting of Liberty Baptist Church, said he had made 150 calls", "Rep.
                # Ann Cole (D-Md.), chair of the panel, said that ...": a subject with a
                # modifier the phrase reader does not step over. A pronoun that opens a clause
                # is the content's subject, not an inverted speaker ('"...," said he.' is
                # rare); the source is the noun phrase that opens the sentence.
                phrase = clause_subject(masked, ss, cs)
                inverted = False
                if phrase is not None and masked[ss : phrase.start].strip(" \x01“”\"'"):
                    phrase = None
    if phrase is None and (before.rstrip().endswith(("\u2014", "\u2013", "--"))):
        # "The justice -- who has sparred with the nominee for days -- said ...", "Many
        # speakers — including Muslims, Christians, Jews — said": an aside set off by dashes
        # stands between the subject and its verb.
        close = cs - len(before) + len(before.rstrip().rstrip("-\u2014\u2013"))
        opened = _DASH.search(masked[max(ss, close - 200) : close][::-1])
        if opened is not None:
            at = close - opened.end()
            phrase = phrase_before(masked, ss, at)
            if phrase is None and low in _PLAIN_SPEECH:
                phrase = _subject_noun_phrase(masked, ss, at)
    if phrase is None and last in ("and", "but"):
        # "Ms. Conway rejected the idea that the changes amounted to a shake-up and said
        # ...": a second verb of the clause's subject, however far back that subject stands.
        conj = max(ss, cs - 40) + before.lower().rfind(last)
        phrase = clause_subject(masked, ss, conj)
        if phrase is not None and phrase.form == "generic":
            phrase = None
    if phrase is None and low in _PLAIN_SPEECH:
        # "A person familiar with the talks said", "Six in 10 say", "half said", "her
        # friend said": a subject noun phrase the name and description readers do not know,
        # standing alone before the verb.
        phrase = _subject_noun_phrase(masked, ss, cs)
    if phrase is None:
        return None
    if (
        phrase.form == "description"
        and low.endswith("ed")
        and _PREPOSITION_BEFORE.search(masked, max(ss, phrase.start - 12), phrase.start)
    ):
        # "In a Facebook message posted Friday, Cruz said", '"...," Rubio said in a video
        # posted by CBN': a document named as a preposition's object, and the -ed word a
        # participle describing it; the message is not the one who speaks.
        return None
    # "it" reports only with verbs a body or a document uses ("it said", "it wrote" of a
    # newspaper quoted at length); elsewhere it is a dummy subject ("it suggests that ...").
    if (
        phrase.form == "pronoun"
        and phrase.name.lower() == "it"
        and low
        not in (
            "says",
            "said",
            "reads",
            "read",
            "shows",
            "showed",
            "found",
            "reported",
            "stated",
            "claimed",
            "added",
            "noted",
            "warned",
            "concluded",
            "announced",
            "alleges",
            "alleged",
            "wrote",
            "writes",
        )
    ):
        return None
    if low in FINDING_VERBS and phrase.form != "description" and phrase.form != "name":
        return None
    doc = None
    if phrase.form == "name" and masked[max(ss, phrase.start - 4) : phrase.start].strip() == "by":
        doc = _DOC_BEFORE.search(masked, max(ss, phrase.start - 80), phrase.start)
    if doc is not None:
        phrase.start = doc.start()
    if inverted:
        a, b = _trim(masked, ss, cs)
        tail_a = phrase.end
        if _has_words(masked, tail_a, se) and masked[tail_a:se].lstrip(" ,").startswith(
            ("“", '"', "«", "''")
        ):
            b = _trim(masked, a, se)[1]
        return Frame(word, cs, ce, phrase, a, b, hedge=hedge)
    pre_a, pre_b = _trim(masked, ss, phrase.start)
    if (
        not participle
        and pre_b > pre_a
        and _frames_quote_before(masked, pre_a, pre_b, phrase.start)
        and not _fronted_title(masked, pre_a, pre_b)
    ):
        # '"...," Clinton said on Thursday during a speech.': the quote is the content; a
        # quotation right after the frame continues it ('"A," she said, "B."').
        a, b = pre_a, pre_b
        rest = masked[ce:se]
        opener = _OPENER.search(rest)
        if opener and "," in rest[: opener.start()] and _frame_tail(rest[: opener.start()]):
            b = _trim(masked, a, se)[1]
        return Frame(word, cs, ce, phrase, a, b, hedge=hedge)
    # content after the cue? Objects ("told RT") and settings ("in a statement", "on
    # Sunday") are stepped over only when "that", a colon or a quotation follows them.
    if masked[ce:se].rstrip().endswith(":") and masked[se : se + 1] in ("\n", ""):
        return Frame(word, cs, ce, phrase, NEXT_PARAGRAPH, NEXT_PARAGRAPH, hedge=hedge)
    pos = ce
    if low in ("told", "tells", "tell", "telling", "asked", "asks", "ask", "urged", "warned"):
        obj = _TOLD_OBJECT.match(masked, pos, se)
        if obj:
            pos = obj.end()
    if low in ("told", "tells", "tell", "telling"):
        # "told The Post and Courier newspaper of Charleston on Saturday that ...", "told
        # ABC's “This Week” that ...": the listener and setting run to the "that".
        far = _TOLD_THAT.match(masked, pos, min(se, pos + 100))
        if far is not None:
            pos = far.end() - 4
    probe = pos
    while True:
        pp = _AFTER_PP.match(masked, probe, se)
        if not pp or pp.end() == probe:
            break
        probe = pp.end()
    that = _THAT_SOON.match(masked, probe, se)
    if that and low not in EVALUATIVE_VERBS:
        pos = that.end() - 4
    elif (
        probe > pos
        or _PARTICIPLE_NEXT.match(masked, probe, se)
        or (pos > ce and not _has_words(masked, probe, se, 3))
    ) and _trails_content(masked, ss, phrase.start, probe, se, pos > ce):
        pos = se  # "C, EgyptAir said on Thursday.": the content is before the frame
    elif probe > pos and low in SPEECH_VERBS and not _has_words(masked, probe, se):
        # 'X said on Monday.' after a quotation in the sentence before: only settings follow
        pos = se
    elif probe > pos and masked[probe:se].lstrip()[:1] in (",", ":", "“", '"', "\x01", "«"):
        pos = probe
    if (
        _has_words(masked, pos, se, 2)
        or "\x01" in masked[pos:se]
        or (low not in SPEECH_VERBS and _LONE_OBJECT.match(masked, pos, se) is not None)
    ):
        a, b = _trim(masked, pos, se)
        stop = _content_end(masked, a + 1, b)
        if stop is not None and _has_words(masked, a, stop):
            b = _trim(masked, a, stop)[1]
        b = _before_closing_apposition(masked, a, b)
        if low.endswith(("ed", "en")) and _PASSIVE_AGENT.match(masked, a, b):
            return None  # "the plan, first reported by the Ledger, ...": an agent, no content
        if low not in SPEECH_VERBS and low not in BELIEF_VERBS and " and " in masked[a:b]:
            b = _before_next_predicate(masked, a, b)
        if low.startswith("refer") and low.endswith(" to"):
            # "..., referring to the party's convention, where ...": the referent is a noun
            # phrase, which ends at the next comma.
            comma = masked.find(",", a, b)
            if comma != -1 and _has_words(masked, a, comma):
                b = _trim(masked, a, comma)[1]
        pre_a, pre_b = _trim(masked, ss, phrase.start)
        gap = masked[pre_b : phrase.start] if pre_b < phrase.start else ""
        rest = masked[ce : min(se, ce + 3)].lstrip()
        if (
            pre_b > pre_a
            and "," in gap
            and rest.startswith(",")
            and _has_words(masked, pre_a, pre_b, 2)
            and (masked[pre_b - 1] in '”"»\x01' or masked[pre_a] in '“"«')
        ):
            a = pre_a  # "A," X said, "B."
        if b > a:
            return Frame(word, cs, ce, phrase, a, b, hedge=hedge)
        return None
    if masked[ce:se].rstrip().endswith(":") and masked[se : se + 1] in ("\n", ""):
        return Frame(word, cs, ce, phrase, NEXT_PARAGRAPH, NEXT_PARAGRAPH, hedge=hedge)
    if low not in SPEECH_VERBS:
        return None
    a, b = _trim(masked, ss, phrase.start)
    if b <= a or not _has_words(masked, a, b):
        # "'Stop!' Trump said." split off its quote: the content is the sentence before
        return Frame(word, cs, ce, phrase, PREVIOUS_SENTENCE, PREVIOUS_SENTENCE, hedge=hedge)
    return Frame(word, cs, ce, phrase, a, b, hedge=hedge)


# "and has called for ...", "and quoted Reagan's ...", ", and pushed to ...": a past-tense
# verb after "and" (not a passive's "and signed by") opens the subject's next predicate.
_NEXT_PREDICATE = re.compile(
    r",?\s+and\s+(?:has\s+|have\s+)?(?:also\s+|then\s+|later\s+)?[a-z]+ed\b"
    r"(?!\s+(?:by|to|in|as)\b)"
)


def _before_next_predicate(masked: str, a: int, b: int) -> int:
    """Where a stance verb's object ends when the subject's next act follows it.

    News strings a source's acts together: "Kasich praised the ruling and highlighted his
    plans", "she denounced the tests and pledged to ...". A stance verb's object is a noun
    phrase, which holds no finite verb, so "and <past-tense verb>" ends it. Speech and belief
    verbs take whole clauses ("said the bill was drafted and approved"), so they are left out.
    """
    m = _NEXT_PREDICATE.search(masked, a, b)
    if m is None or not _has_words(masked, a, m.start()):
        return b
    return _trim(masked, a, m.start())[1]


# "first reported by The Post", "a super PAC backed by Mr. Adelson": a past participle with
# "by" and a noun phrase is a passive, and the phrase after "by" names who acted, not what was
# said ("responded by attacking" is a means, and stays).
_PASSIVE_AGENT = re.compile(r"by\s+(?![a-z]+ing\b)")


# "Gov. Shumlin endorsed Clinton.", "Ayotte criticized Trump.": a stance verb's object that is
# one name closing the sentence is the whole claim (whom the source backs or attacks); a
# speech verb's lone word ("said so", "said Monday") is not.
_LONE_OBJECT = re.compile(r"\s+[A-Z][\w’'-]*[.!?]?\s*$")


# ", a Republican from Ohio", ", an advocacy group", ", a swipe at his rival": an indefinite
# noun phrase closing the sentence after the content glosses its last noun or sums it up. It is
# the writer's note for the reader, not part of what the source said; one with a clause of its
# own ("a fund he set up") or a cue is left alone.
_CLAUSE_IN_GLOSS = re.compile(r"\b(?:he|she|they|we|I|it|who|that|which)\b")
_CLOSING_APPOSITION = re.compile(r"(?<=[\w.)]),\s+(?:a|an)\s[^,;:\x01“”\"«»()\u2014\u2013]*$")


def _before_closing_apposition(masked: str, a: int, b: int) -> int:
    """The content's end before a closing indefinite apposition, else `b`."""
    comma = masked.rfind(",", a, b)
    if comma == -1 or not _CLOSING_APPOSITION.match(masked, comma, b):
        return b
    if _CUE.search(masked, comma, b) is not None or _CLAUSE_IN_GLOSS.search(masked, comma, b):
        return b  # "a super PAC he formed", "a plan she said would ...": a clause of its own
    return _trim(masked, a, comma)[1] if _has_words(masked, a, comma, 2) else b


# "X seemed to ...", "X appears unfazed", "it appears that ...": an impression the sentence
# reports without naming whose it is. "appear" alone is more often a TV appearance, so it
# counts only before "to" or "that".
_RAISING = frozenset({"seem", "seems", "seemed", "appear", "appears", "appeared"})
_PASSIVE_RAISING = frozenset(
    {"expected", "believed", "thought", "said", "reported", "alleged", "estimated"}
)
_CLAUSE_OPEN = re.compile(r"[,;:\u2014\u2013(]\s*")


def _raised_frame(masked: str, word: str, cs: int, ce: int, ss: int, se: int) -> Frame | None:
    """The unnamed claim of a raising or passive cue: its subject and what follows the cue."""
    low = word.lower()
    after = masked[ce : ce + 6]
    if low.startswith("appear") and not after.startswith((" to ", " that ")):
        return None
    lead = masked[ss:cs]
    if re.search(r"\b[Ii]t\s+(?:\w+\s+)?$", lead):
        that = _THAT_SOON.match(masked, ce, se)
        if that is None:
            return None
        a, b = _trim(masked, that.end() - 4, se)  # "It appears that C."
    else:
        a = ss
        for m in _CLAUSE_OPEN.finditer(masked, ss, cs):
            a = m.end()
        a = _trim(masked, a, cs)[0]
        if not _has_words(masked, a, cs):
            return None
        b = se
        stop = _content_end(masked, ce + 1, se)
        if stop is not None:
            b = stop
        a, b = _trim(masked, a, b)
    if b <= a:
        return None
    return Frame(word, cs, ce, None, a, b, hedge=low)


# ", wiping sweat off his face", ", adding ...": a participle clause of the frame's subject.
_PARTICIPLE_NEXT = re.compile(r"\s*,\s+[a-z]+ing\b")
# Words before "asked" that make it a question put to the subject, not one the subject asks.
_ASKED_LEADS = frozenset(
    {"when", "if", "once", "after", "before", "being", "was", "were", "been", "is", "are"}
    | {"be", "get", "got", "gets"}
)
_SAID_FIRST_CONTENT = re.compile(r":|[“\"«]\x01")
# The characters next to a cue that may make it markup or part of a compound (checked first,
# as almost no cue has them).
_MARK_BEFORE = frozenset("<-/")
_MARK_AFTER = frozenset("=>/-")
_INVERTED_FORMS = frozenset({"name"})
_DASH = re.compile(r"\s(?:\u2014|\u2013|--)(?:\s|$)|\u2014")
# Verbs news inverts after the content ('..., said X'); verbs that take a listener or an
# object ("told AFP", "urged Congress") are not among them.
_INVERTING = frozenset(
    {"said", "says", "added", "adds", "wrote", "writes", "explained", "explains", "noted"}
    | {"notes", "recalled", "recalls", "continued", "continues", "argued", "argues"}
    | {"observed", "replied", "remarked", "insisted", "insists", "concluded", "conceded"}
    | {"quipped", "joked", "complained", "predicted", "cautioned", "countered", "declared"}
)
_OPENER = re.compile(r"[“\"«]\x01|''\x01")


def _speaker_of_cue_before(masked: str, ss: int, cs: int, closed: bool = False) -> Phrase | None:
    """The source of a speech cue that ends just before ", <participle>", or None.

    "C, Spicer said, adding ...", "C, said Spicer, adding ...": the participle shares the
    subject of the reporting verb it follows, not the first noun phrase of the sentence
    (which is the content's). With `closed`, a quotation (whose masked words hold the comma)
    stands before the participle: 'Cruz said that there is "...," adding ...'.
    """
    if closed:
        comma = masked.rfind("\x01", ss, cs)
        while comma > ss and masked[comma - 1] == "\x01":
            comma -= 1
        comma = max(ss, comma - 1)  # the opening mark
    else:
        comma = masked.rfind(",", ss, cs)
    for m in _CUE.finditer(masked, max(ss, comma - 120), comma):
        if m.group().lower() not in SPEECH_VERBS:
            continue
        if m.group().lower() in _INVERTING:
            after = phrase_after(masked, m.end(), comma)
            if after is not None and masked[after.end : comma].strip() == "":
                return after
        return phrase_before(masked, ss, m.start())
    return None


def _closes_clause(masked: str, phrase: Phrase, se: int) -> bool:
    """True when the name after an inverted cue closes the clause (", said X." / ", said X, a
    Y")."""
    if phrase.form not in _INVERTED_FORMS:
        return False
    rest = masked[phrase.end : se].lstrip()
    return (
        rest == ""
        or rest[0] in ",.;:!?\u2014\u2013("
        or _AFTER_PP.match(masked, phrase.end, se) is not None
    )


def _trails_content(
    masked: str, ss: int, phrase_start: int, probe: int, se: int, told_object: bool = False
) -> bool:
    """True when a frame closes its sentence and the content is the clause before it.

    "Shoukair had logged 6,300 hours, EgyptAir said on Thursday.", "C, Hollande said Tuesday
    in Paris, noting ...": after the cue only settings follow, then the sentence ends or the
    source's next act of saying starts. The words before the subject are the content when
    they are a clause of their own, set off by a comma, not a fronted phrase ("After the
    debate, Trump said on Twitter he won").
    """
    rest = masked[probe:se]
    if (
        _has_words(masked, probe, se, 3 if told_object else 1)
        and _CONTENT_STOP.match(rest) is None
        and _PARTICIPLE_NEXT.match(rest) is None
    ):
        return False
    pre_a, pre_b = _trim(masked, ss, phrase_start)
    if not _has_words(masked, pre_a, pre_b, 3) or "," not in masked[pre_b:phrase_start]:
        return False
    first = masked[pre_a:pre_b].split(maxsplit=1)[0].lower()
    return first not in _NOT_SUBJECT_FIRST and first not in _SUBORDINATORS


def _frame_tail(between: str) -> bool:
    """True when the words between a cue and the next quotation only finish the frame.

    '"A," she said in a statement on Monday, "B."': B continues A. '"A," Spencer said, as
    fighters worked out ..., "B"': a new clause stands between, B is not A's continuation.
    """
    if len(between) > 80:
        return False
    pos, end = 0, len(between.rstrip(" ,:"))
    while pos < end:
        m = _AFTER_PP.match(between, pos, end)
        if m is None or m.end() == pos:
            m = _TOLD_OBJECT.match(between, pos, end)
            if m is None or m.end() == pos:
                return False
        pos = m.end()
    return True


def _fronted_title(masked: str, a: int, b: int) -> bool:
    """True when the words before a frame are a fronted phrase ending in a quoted title.

    'On this weekend's broadcast of “Fox News Sunday,” Trump said ...', 'Speaking on NBC's
    “Meet the Press,” Kasich said ...': the quotation names a programme; the content follows.
    After "Asked ..." the quotation is the answer.
    """
    if masked[a] in "“\"«'":
        return False
    first = masked[a:b].split(maxsplit=1)[0].lower()
    return first in _NOT_SUBJECT_FIRST and first != "asked"


def _frames_quote_before(masked: str, a: int, b: int, phrase_start: int) -> bool:
    """True when the words before a frame are a quotation the frame attributes.

    '"...," X said' and '"...?" X asked': a quotation closes right before the speaker.
    """
    gap = masked[b:phrase_start]
    tail = masked[max(a, b - 2) : b]
    if "\x01" not in masked[a:b]:
        return False
    return (tail.endswith(("”", '"', "»", "''")) or tail.endswith(("”,", '",'))) and (
        "," in gap or gap.strip() == "" or tail.endswith(",")
    )


# "..., according to Bill Lee, a pollster who ...", "..., according to the group, which
# monitors ...", "..., according to the filing, setting off ...": after the source, an
# apposition, a relative clause or a participle describes the source or the event; it is the
# writer's aside, not more of what the source reports.
_SOURCE_AFTERWORD = re.compile(r",\s+(?:a|an|who|whose|which|where|[a-z]+ing)\b")


def _according_to(masked: str, cs: int, ce: int, ss: int, se: int) -> Frame | None:
    phrase = phrase_after(masked, ce, se)
    if phrase is None:
        # "according to a count by The Associated Press", "according to state law": whatever
        # noun phrase follows is the source, up to the clause's end.
        phrase = _noun_phrase_until_break(masked, ce, se)
    if phrase is None:
        return None
    pre_a, pre_b = _trim(masked, ss, cs)
    if pre_b <= pre_a or not _has_words(masked, pre_a, pre_b, 3):
        a, b = _trim(masked, phrase.end, se)
    else:
        a, b = pre_a, pre_b
        rest = masked[phrase.end : se].lstrip()
        if (
            _has_words(masked, phrase.end, se, 3)
            and rest[:1] in (",", "\u2014", "\u2013")
            and not _SOURCE_AFTERWORD.match(rest)
        ):
            # "A, according to X, B": the content runs on after the frame. Words that go on
            # without a break ("according to a lawsuit filed in Manhattan") still name the
            # source.
            b = _trim(masked, a, se)[1]
    if b <= a:
        return None
    return Frame("according to", cs, ce, phrase, a, b)


# Finite verbs of saying, believing and finding: their subject may be any noun phrase.
_PLAIN_SPEECH = frozenset(
    w for w in SPEECH_VERBS | BELIEF_VERBS | FINDING_VERBS if not w.endswith("ing")
)
_SUBJECT_START = re.compile(r"[,;:]\s|\s[\u2014\u2013]\s")
_SUBORDINATORS = frozenset(
    {"after", "while", "when", "as", "because", "since", "although", "though", "if", "and"}
    | {"but", "so", "yet", "where", "before", "until", "once", "whereas"}
)
_NOT_IN_SUBJECT = frozenset(
    {"is", "was", "are", "were", "has", "have", "had", "will", "would", "can", "could", "be"}
    | {"that", "which", "it", "he", "she", "they", "we", "i", "you", "said", "says", "not"}
    | {"to", "do", "does", "did", "may", "might", "should", "must", "been", "me", "us"}
    | {"later", "ago", "earlier", "minutes", "hours", "days", "weeks", "months", "years"}
    | {"comes", "came", "goes", "went", "just", "then", "now"}
)
_NOT_SUBJECT_FIRST = frozenset(
    {"in", "on", "at", "for", "with", "from", "after", "before", "during", "by", "to", "of"}
    | {"under", "over", "like", "since", "despite", "among", "through", "into", "about"}
    | {"absent", "let", "rattling", "asked", "speaking", "according"}
)
_SUBJECT_FIRST = re.compile(
    r"(?:[A-Z0-9]|(?:the|a|an|one|two|three|half|most|many|some|all|both|several|few|more|"
    r"less|nearly|about|almost|at|his|her|their|its|our|another|other|each|no)\b)"
)
# The closing mark (and comma) after a quotation's masked words.
_QUOTE_CLOSED = re.compile(r"[”\"»]+,?\s+")


def _subject_noun_phrase(masked: str, ss: int, cs: int) -> Phrase | None:
    """The whole clause-initial noun phrase before a cue, as a described source."""
    a = ss
    for m in _SUBJECT_START.finditer(masked, ss, cs):
        a = m.end()
    last = masked.rfind("\x01", a, cs)
    if last != -1:
        # '"...," one user wrote': the frame after a closing quotation opens at its subject
        closed = _QUOTE_CLOSED.match(masked, last + 1, cs)
        if closed is not None:
            a = closed.end()
    words = masked[a:cs].split()
    lead = 0
    while lead < len(words) and words[lead].lower() in _SUBORDINATORS:
        lead += 1
    words = words[lead:]
    if not words or len(words) > 12 or "\x01" in masked[a:cs]:
        return None
    if any(w.lower().strip(".,’'") in _NOT_IN_SUBJECT for w in words):
        return None
    if not _SUBJECT_FIRST.match(words[0]) or words[0].lower() in _NOT_SUBJECT_FIRST:
        return None
    start = masked.index(words[0], a)
    b = _trim(masked, start, cs)[1]
    if b <= start:
        return None
    return Phrase("description", start, b, (start, b), name=masked[start:b])


_PHRASE_BREAK = re.compile(
    r"[,;:.!?()\x01“”\"«»\u2014\u2013]|\s-\s|\s(?:who|which|that)\s|$", re.MULTILINE
)
_PHRASE_OPENER = re.compile(
    r"\s*(?:the|a|an|his|her|its|their|this|these|one|[A-Z0-9])\b", re.IGNORECASE
)


def _noun_phrase_until_break(masked: str, start: int, end: int) -> Phrase | None:
    """The words from `start` to the next clause break, as a described source."""
    m = _PHRASE_OPENER.match(masked, start, end)
    if m is None:
        return None
    brk = _PHRASE_BREAK.search(masked, start, end)
    b = brk.start() if brk is not None else end
    a, b = _trim(masked, start, b)
    if b <= a or not _has_words(masked, a, b) or _has_words(masked, a, b, 16):
        return None
    return Phrase("description", a, b, (a, b), name=masked[a:b])


# "In a CNN/ORC poll released Monday, 52 percent ...": a sentence that opens with the survey
# it reports. Polls, surveys and studies speak through their numbers, with no verb of saying.
_SURVEY_LEAD = re.compile(
    r"In\s+(?:a|an|the|its|their|this|that|his|her)\s+(?:[\w’'./&-]+\s+){0,8}?"
    r"(?:poll|survey|study|analysis|census|tally|count)\b[^,;:\x01]{0,60},"
)


def _survey_frames(masked: str, sentences: list[tuple[int, int]]) -> list[Frame]:
    """Frames of sentences that open with the survey whose findings they report."""
    out: list[Frame] = []
    starts = [a for a, _ in sentences]
    ss = masked.find("In ")
    while ss != -1:
        k = bisect.bisect_left(starts, ss)
        at = ss
        ss = masked.find("In ", ss + 3)
        if k == len(starts) or starts[k] != at:
            continue  # not at a sentence's start
        se = sentences[k][1]
        m = _SURVEY_LEAD.match(masked, at, se)
        if m is None:
            continue
        a, b = _trim(masked, m.end(), se)
        if not _has_words(masked, a, b, 3):
            continue
        src_a, src_b = _trim(masked, at + 3, m.end() - 1)
        phrase = Phrase("description", src_a, src_b, (src_a, src_b), name=masked[src_a:src_b])
        out.append(Frame("in", at, at + 2, phrase, a, b, sentence=k))
    return out


# '“We cut taxes for every family.” ― Gov. Mark Ellison, campaign rally': a quotation set on a
# line of its own and signed after a dash, the way magazines, fact-checks and quote boxes
# print an epigraph. The quotation opens the line and the dash follows its closing mark (on the
# same line or the next); a dash inside prose follows words, not a whole-line quotation.
_EPIGRAPH = re.compile(
    r"^[^\S\n]*[“\"«]\x01+[”\"»][.,]?[^\S\n]*\n?[^\S\n]*(―|—|–|--)[^\S\n]*(?=[A-Z])",
    re.MULTILINE,
)
# After the signature only a note of where or when may follow: ", campaign rally, March 3",
# " (D-Ohio)". A verb of saying there makes it a frame the cue rules read.
_EPIGRAPH_NOTE = re.compile(r"[^\S\n]*(?:[,(][^\n\x01]{0,120})?\.?[^\S\n]*$")


def _epigraph_frames(masked: str, sentences: list[tuple[int, int]]) -> list[Frame]:
    """Frames of quotations on a line of their own signed after a dash with a name."""
    out: list[Frame] = []
    if not any(dash in masked for dash in ("―", "—", "–", "--")):
        return out  # no signature dash anywhere: the line-by-line pattern has nothing to find
    starts = [a for a, _ in sentences]
    for m in _EPIGRAPH.finditer(masked):
        line_end = masked.find("\n", m.end())
        if line_end == -1:
            line_end = len(masked)
        phrase = phrase_after(masked, m.end(), line_end)
        if phrase is None or phrase.form != "name":
            continue
        if not _EPIGRAPH_NOTE.match(masked, phrase.end, line_end):
            continue
        if _CUE.search(masked, phrase.end, line_end) is not None:
            continue
        open_at = masked.index("\x01", m.start()) - 1
        close = m.start(1)
        a, b = _trim(masked, open_at, masked.rindex("\x01", open_at, close) + 2)
        k = max(0, bisect.bisect_right(starts, open_at) - 1)
        out.append(Frame(m.group(1), m.start(1), m.end(1), phrase, a, b, sentence=k))
    return out


def _transcript_lines(masked: str) -> Iterator[tuple[int, int, int, int]]:
    """(start, end, name start, name end) of each "Name: words" line, as `finditer` would."""
    last = 0
    first = _TRANSCRIPT.match(masked)
    if first is not None:
        yield first.start(), first.end(), first.start(1), first.end(1)
        last = first.end()
    for m in _TRANSCRIPT_AFTER_NEWLINE.finditer(masked):
        if m.start(1) >= last:  # not inside the line matched before (matches do not overlap)
            yield m.start(1), m.end(1), m.start(2), m.end(2)
            last = m.end(1)


def _named_elsewhere(masked: str, label: str, at: int) -> bool:
    """True when a word of an all-caps line label is written as a name outside the label.

    Transcripts print speakers in capitals ("HOLT: ...") who are named in running text
    ("Lester Holt"); wire market reports open paragraphs with section labels ("ENERGY:",
    "DAY IN ASIA:") that are no one's name.
    """
    for word in re.findall(r"[A-Z][A-Z’'-]+", label):
        if word in ("MR", "MRS", "MS", "DR"):
            continue
        title = word[0] + word[1:].lower()
        for m in re.finditer(rf"\b{re.escape(title)}\b", masked):
            if not at <= m.start() < at + len(label):
                return True
    return False


def _transcript_frames(masked: str, sentences: list[tuple[int, int]]) -> list[Frame]:
    """ "Gingrich: Trump must decide ..." lines: the name before the colon is the speaker."""
    out: list[Frame] = []
    for start, end, name_start, name_end in _transcript_lines(masked):
        name = masked[name_start:name_end]
        words = re.split(r"[\s’']+", name)
        if name in _NOT_SPEAKERS or any(w in _NOT_SPEAKERS for w in words) or len(name) < 2:
            continue
        if name.isupper() and len(name.split()) > 1 and name in ("FULL TEXT",):
            continue
        if name.isupper() and not _named_elsewhere(masked, name, start):
            continue  # a section label of wire copy ("ENERGY:", "KEEPING SCORE:")
        phrase = phrase_after(masked, name_start, name_end + 1)
        if phrase is None or phrase.form != "name":
            continue
        line_end = masked.find("\n", end)
        if line_end == -1:
            line_end = len(masked)
        a, b = _trim(masked, end, line_end)
        colon = masked.rindex(":", start, end)
        if b > a and _has_words(masked, a, b, 2):
            out.append(Frame(":", colon, colon + 1, phrase, a, b))
    return out


_VERB_WORD = re.compile(
    r"\s*(?:(?:is|are|was|were|has|have|had|will|would|can|could|may|might|should|also|then|"
    r"now|again|later|already|still|repeatedly|once|often|even|just|never|not|has\s+been|"
    r"have\s+been|had\s+been)\s+)*([a-z][\w’'-]*)"
    r"(?:\s+(?:to|as|of|about|on|for|up|out|back|off|at|with)\b)?"
)
# Irregular past forms common in news narrative, for the verb after a clause subject.
_IRREGULAR_VERBS = frozenset(
    [
        "brought",
        "took",
        "gave",
        "made",
        "went",
        "came",
        "held",
        "kept",
        "put",
        "set",
        "sent",
        "spent",
        "began",
        "wrote",
        "spoke",
        "told",
        "said",
        "thought",
        "knew",
        "saw",
        "found",
        "left",
        "led",
        "won",
        "lost",
        "ran",
        "stood",
        "struck",
        "drew",
        "threw",
        "hit",
        "cut",
        "bought",
        "sold",
        "meant",
        "felt",
        "heard",
        "paid",
        "read",
        "got",
        "became",
    ]
)


def _is_verb(word: str) -> bool:
    """A finite verb right after a subject: '-ed', third-person '-s', or a known form."""
    return (
        word in CUE_VERBS
        or word in _IRREGULAR_VERBS
        or word.endswith("ed")
        or (word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3)
        or word.endswith("ing")
    )


_AUXILIARIES = frozenset({"is", "are", "was", "were", "has", "have", "had", "will", "would"})


def quotation_frames(
    masked: str,
    sentences: list[tuple[int, int]],
    opens: list[int],
    frames: list[Frame],
) -> list[Frame]:
    """Frames for quotations that stand inside a clause with no reporting cue.

    "Bush referred to Rubio as 'a bright, charismatic leader'", "the protesters held signs
    calling Christie ...": news embeds a source's words in any verb phrase, and the clause's
    subject is their source. A quotation that opens its sentence is left alone: it
    continues an earlier speaker, or its frame follows it.
    """
    out: list[Frame] = []
    starts = [a for a, _ in sentences]
    # One sweep over the frames' spans in order: `reach` is the furthest end of those that
    # start at or before the quotation, so "a content covers it" is one comparison.
    spans = sorted((f.start, f.end) for f in frames)
    i, reach = 0, -1
    for pos in sorted(opens):
        while i < len(spans) and spans[i][0] <= pos:
            reach = max(reach, spans[i][1])
            i += 1
        if reach >= pos:
            continue
        k = bisect.bisect_right(starts, pos) - 1
        if k < 0:
            continue
        ss, se = sentences[k]
        if not _has_words(masked, ss, pos, 2):
            continue
        phrase = clause_subject(masked, ss, pos)
        if phrase is None or phrase.form == "generic":
            continue
        after = phrase.end
        if masked.startswith(",", after):
            # "Marta Silva, the union leader, ended ...": step over the apposition
            close = masked.find(",", after + 1, min(pos, after + 90))
            if close != -1:
                after = close + 1
        verb = _VERB_WORD.match(masked, after, pos)
        if verb is None or not _is_verb(verb.group(1)):
            continue
        if verb.group(1).endswith("ing") and verb.group(0).split()[0] not in _AUXILIARIES:
            continue  # "Reprising one of her lines, ...": no finite verb
        a, b = _trim(masked, verb.end(), se)
        stop = _content_end(masked, max(a + 1, pos), b)
        if stop is not None:
            b = _trim(masked, a, stop)[1]
        if b <= pos or a >= b:
            continue
        cue = masked[verb.start() : verb.end()].strip()
        out.append(Frame(cue, verb.end() - len(cue), verb.end(), phrase, a, b, sentence=k))
        reach = max(reach, b)  # the new content starts before this quotation
    return out


# '"...," an angry Hollande retaliated.', '"...?" Trump went on.': after a quotation that ends
# in a comma, question or exclamation mark, the sentence's rest is its frame whatever the verb.
_TRAILING_NP_FIRST = re.compile(
    r"(?:[A-Z]|(?:the|a|an|his|her|their|its|one|two|three|he|she|they|we)\b)"
)
_PARTICLES = frozenset({"on", "in", "up", "back", "out"})


def trailing_frames(
    masked: str,
    sentences: list[tuple[int, int]],
    closes: list[tuple[int, int]],
    frames: list[Frame],
) -> list[Frame]:
    """Frames for quotations followed by a short clause whose verb the cue list lacks.

    News closes a quotation that ends in a comma with its speaker and a verb of any kind:
    '"...," one commuter grumbled.', '"...?" she went on.' `closes` are the (open, end
    past closing mark) spans of such quotations; each one no frame covers takes the noun
    phrase after it as its speaker when the sentence ends a few words after the verb.
    """
    out: list[Frame] = []
    starts = [a for a, _ in sentences]
    covered = [(f.start, f.end) for f in frames]
    for open_at, outer_end in closes:
        if any(a <= open_at < b + 1 for a, b in covered):
            continue
        ko = bisect.bisect_right(starts, open_at) - 1
        if (
            ko >= 0
            and _fronted_title(masked, starts[ko], outer_end)
            and _CUE.search(masked, starts[ko], open_at) is None
        ):
            continue  # 'On Sunday's broadcast of "Face the Nation," X said ...': a title
        pos = outer_end
        while pos < len(masked) and masked[pos] == " ":
            pos += 1
        k = bisect.bisect_right(starts, pos) - 1
        if k < 0 or pos == outer_end or not _TRAILING_NP_FIRST.match(masked, pos):
            continue
        se = sentences[k][1]
        words = [(w.start(), w.end(), w.group()) for w in _WORDISH.finditer(masked, pos, se)]
        if not words or len(words) > 16 or "\x01" in masked[pos:se]:
            continue
        if words[0][2].lower() in _SUBORDINATORS:
            continue
        # the verb: not right after a determiner ("the email", "an irritated Lena Marsh")
        vi = next(
            (
                i
                for i, (_, _, w) in enumerate(words[:7])
                if i > 0
                and w.islower()
                and (w in CUE_VERBS or w in _IRREGULAR_VERBS or w.endswith("ed"))
                and words[i - 1][2].lower() not in _NOUN_MARKERS
            ),
            None,
        )
        if vi is None:
            continue
        cs, ce, _verb = words[vi]
        if any(w.lower() in _AUXILIARIES for _, _, w in words[:vi]):
            continue  # "Her suggestions are redacted": a passive clause, no speaker
        if vi + 2 == len(words) and words[vi + 1][2] in _PARTICLES:
            ce = words[vi + 1][1]  # "she went on."
        phrase = phrase_before(masked, pos, cs)
        if phrase is None or phrase.start < pos:
            a, b = pos, words[vi - 1][1]
            phrase = Phrase("description", a, b, (a, b), name=masked[a:b])
        if phrase.form == "generic":
            continue
        a, b = _trim(masked, open_at, outer_end)
        out.append(Frame(masked[cs:ce], cs, ce, phrase, a, b, sentence=k))
    return out


def _clip_overlaps(masked: str, frames: list[Frame]) -> list[Frame]:
    """A content never runs over a later frame's source and cue in the same sentence."""
    for n, f in enumerate(frames):
        for g in frames[n + 1 :]:
            if g.sentence != f.sentence or g.phrase is None:
                continue
            frame_start = min(g.phrase.start, g.cue_start)
            if f.start < frame_start < f.end and (
                g.start < frame_start
                or (
                    f.cue_start < frame_start
                    and g.cue in SPEECH_VERBS
                    and masked[f.start : frame_start].rstrip().endswith(",")
                )
            ):
                # '... , X said.' and 'When A did B, X said C': the later frame is the
                # sentence's main clause, and the earlier content ends before it.
                f.end = _trim(masked, f.start, frame_start)[1]
    return [f for f in frames if f.start < 0 or f.end > f.start]


def is_noun_use(before: str) -> bool:
    """True when a cue word follows a determiner ("the report", "his claims")."""
    words = before.split()
    return bool(words) and words[-1].lower() in DETERMINERS


# Words a title leaves in lower case ("Latin History for Dummies", "The Lead with Jake Tapper").
_TITLE_SMALL_WORDS = frozenset(
    {"a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "at", "with", "by", "&"}
)


def is_title_quotation(text: str, a: int, b: int) -> bool:
    """True when the quotation text[a:b] is a short name in title case, not someone's words.

    News puts the names of shows, books, ads, groups and nicknames in quotation marks
    ('on CNN's "State of the Union,"', 'his new book, "Doomed to Succeed,"'): a few words,
    each capitalized save the small words of titles, with no question or exclamation mark
    (a one-line question, '"Mr. Lee?"', is speech).
    """
    inner = text[a:b].strip(" \n“”\"'«»,.")
    words = inner.split()
    if not words or len(words) > 6 or inner.endswith(("?", "!")) or "?" in inner:
        return False
    return all(
        w.lower() in _TITLE_SMALL_WORDS or not w[0].isalpha() or w[0].isupper() for w in words
    ) and any(w[0].isupper() for w in words)
