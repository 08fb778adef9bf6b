"""Sources: who a cue's subject is (names, roles, kinds) and which mentions are one source.

Two jobs, both about the noun phrase standing next to a reporting cue:

* `phrase_before` / `phrase_after` read that phrase off the (quotation-masked) text: a name
  with the roles written around it ("United Nations Special Envoy for Syria Staffan de
  Mistura", "Mike Huckabee, the former Arkansas governor,"), a pronoun ("he"), a description
  ("the ministry", "a statement released by de Mistura's office") or a bare generic plural
  ("officials"), which names nobody.
* `SourceRegistry` turns phrases into one `Source` per real source in the article: "de
  Mistura" joins "Staffan de Mistura" (the longest name is canonical), "he" joins the most
  recent compatible person, "the ministry" the source whose name holds "Ministry", and every
  span that refers to a source becomes one of its mentions.

Phrases are read with a handful of tokens around the cue, never by tokenising the article, so
this stays fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from archive.extract.first_names import name_gender
from archive.extract.lexicon import (
    ADVERBS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    GENERIC_SOURCE_NOUNS,
    GOVERNMENT_WORDS,
    HONORIFICS,
    MEDIA_WORDS,
    NAME_PARTICLES,
    NON_NAME_CAPS,
    ORGANIZATION_WORDS,
    PARTY_NAMES,
    PERSON_ROLE_NOUNS,
    SOURCE_NOUNS,
    TEAM_WORDS,
    WEEKDAYS,
)
from archive.schemas import Source, SourceKind

# Words (with inner apostrophes/hyphens and a possessive), initials and abbreviations with
# their period ("U.S.", "J.", "Sen."), numbers, masked quotations, single punctuation marks.
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Prof|Sen|Sens|Rep|Reps|Gov|Gen|Lt|Col|Capt|Sgt|Maj|Adm|"
    r"Rev|St|Jr|Sr|Pres|Amb|Atty|Supt|Cmdr|Insp|Ft|Mt)\.|[A-Z]\.(?!\w)|"
    r"[^\W\d_][\w]*(?:[’'\-][\w]+)*(?:[’']s?)?|\d[\d,.]*\d|\d|\x01+|[^\s\w]"
)
# A possessive ending ("Mission’s", "Jones'"): tested on every token a phrase reader looks
# at, with str methods (a regex search is several times slower on such short strings).
_POSSESSIVE_ENDS = ("’s", "'s", "’", "'")


def _is_possessive(word: str) -> bool:
    return word.endswith(_POSSESSIVE_ENDS)


def _strip_possessive(word: str) -> str:
    if word.endswith(("’s", "'s")):
        return word[:-2]
    if word.endswith(("’", "'")):
        return word[:-1]
    return word


_PERSON_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame"})
_MALE = frozenset({"mr", "he", "him", "his", "sir", "lord", "king", "prince", "father"})
_FEMALE = frozenset({"mrs", "ms", "miss", "she", "her", "dame", "lady", "queen", "princess"})
_CONNECTORS = frozenset({"of", "for", "to", "the", "on", "and", "&"})
_ROLE_MODIFIERS = frozenset(
    {
        "former",
        "current",
        "acting",
        "senior",
        "top",
        "then",
        "retired",
        "deputy",
        "assistant",
        "associate",
        "chief",
        "special",
        "state",
        "news",
        "local",
        "foreign",
        "defense",
        "defence",
        "general",
        "press",
        "campaign",
        "white",
        "house",
        "presidential",
        "vice",
        "lead",
        "longtime",
        "veteran",
        "prominent",
        "leading",
        "independent",
        "republican",
        "democratic",
        "conservative",
        "liberal",
        "political",
        "national",
        "security",
        "military",
        "intelligence",
        "policy",
        "public",
        "health",
        "legal",
        "economic",
        "communications",
        "media",
        "agency",
        "executive",
        "managing",
        "us",
        "u.s.",
        "un",
        "u.n.",
        "eu",
        "uk",
        "russian",
        "american",
        "syrian",
        "british",
        "french",
        "german",
        "israeli",
        "iranian",
        "chinese",
        "turkish",
        "saudi",
        "iraqi",
        "egyptian",
        "ukrainian",
        "european",
        "government",
        "opposition",
        "party",
        "elected",
        "outgoing",
        "incoming",
        "newly",
        "interim",
        "ranking",
        "minority",
        "majority",
        "senate",
        "congressional",
        "federal",
        "county",
        "city",
        "district",
        "regional",
        "international",
        "foreign-policy",
        "and",
    }
)
_ORG_ROLE_NOUNS = frozenset(
    {"agency", "newspaper", "channel", "network", "broadcaster", "outlet", "group", "daily"}
    | {"ministry", "organization", "organisation", "watchdog", "monitor", "website", "tv"}
)
_NUMBER_WORDS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "half",
    ]
)
_FUNCTION_WORDS = frozenset(
    [
        "if",
        "when",
        "as",
        "because",
        "while",
        "since",
        "although",
        "though",
        "then",
        "so",
        "and",
        "or",
        "but",
        "that",
        "which",
        "who",
        "whom",
        "what",
        "how",
        "why",
        "where",
        "to",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "is",
        "was",
        "be",
        "been",
        "are",
        "were",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "not",
        "no",
        "nor",
        "than",
        "also",
        "just",
        "even",
        "only",
        "said",
        "says",
        "told",
        "whether",
        "unless",
        "until",
        "once",
        "after",
        "before",
        "during",
        "about",
        "into",
        "over",
        "under",
        "like",
        "there",
        "here",
        "it",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
    ]
)
# How far back (characters) a pronoun looks for its antecedent first.
_NEAR = 400
# How far back a definite description ("the senator") looks for the person it names.
_DESCRIPTION_REACH = 1500
_PERSON_NAME = re.compile(
    r"(?:\b(Mr\.|Mrs\.|Ms\.|Dr\.|Sen\.|Gov\.|Rep\.|President|Senator|Governor)[^\S\n]+)?"
    r"\b([A-Z][a-z]+(?:[’'-][A-Za-z]+)?(?:[^\S\n]+(?:[A-Z]\.|de|van|von|al-)?[^\S\n]*"
    r"[A-Z][a-z]+(?:[’'-][A-Za-z]+)?)+)"
)
# Words on one line: a headline's last word is not the given name of the body's first.
_NAME_BEFORE = re.compile(
    r"(?<![\w.])((?:[A-Z][\w’'-]+|[A-Z]\.)(?:[^\S\n]+(?:[A-Z][\w’'-]+|[A-Z]\.))?)[^\S\n]+$"
)
_NOT_SOURCE_NAMES = frozenset(
    {"Twitter", "Facebook", "Instagram", "YouTube", "Reddit", "January", "February", "March"}
    | {"April", "June", "July", "August", "September", "October", "November", "December"}
)
_LOCATION_PREPS = frozenset({"in", "at", "from"})
_PRONOUN_FORMS = frozenset({"he", "she", "they", "it", "we", "i", "who", "which"})


@dataclass(slots=True)
class Phrase:
    """The noun phrase of a source as written next to a cue.

    `form` is "name" (a proper name, maybe with roles), "pronoun", "description" (a common
    noun phrase that may corefer: "the ministry"), "generic" (names nobody: "officials").
    `start`/`end` index the whole phrase; `head` is the span of the name or pronoun itself.
    """

    form: str
    start: int
    end: int
    head: tuple[int, int]
    name: str = ""
    roles: list[str] = field(default_factory=list)
    gender: str | None = None
    person: bool = False
    extra_mentions: list[tuple[int, int]] = field(default_factory=list)


# The same tokens where no period can make an initial or an abbreviation: most windows hold
# none, and this pattern scans them a quarter faster.
_TOKEN_NO_PERIOD = re.compile(r"[^\W\d_]\w*(?:[’'\-]\w+)*(?:[’']s?)?|\d[\d,]*\d|\d|\x01+|[^\s\w]")


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    rx = _TOKEN if text.find(".", start, end) != -1 else _TOKEN_NO_PERIOD
    return [(m.start(), m.end(), m.group()) for m in rx.finditer(text, start, end)]


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() and tok not in NON_NAME_CAPS


def _bare(tok: str) -> str:
    """Token without a possessive ending, lower case: "Mission’s" -> "mission"."""
    return _strip_possessive(tok).lower()


def _join(text: str, toks: list[tuple[int, int, str]], i: int, j: int) -> tuple[int, int, str]:
    """Span and text of tokens i..j inclusive (text taken as written)."""
    a, b = toks[i][0], toks[j][1]
    return a, b, text[a:b]


_ABBREV_NAMES = frozenset({"mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt"})
_ABBREV_NAMES |= frozenset({"col", "capt", "sgt", "maj", "adm", "rev", "st", "jr", "sr", "sens"})
_ABBREV_NAMES |= frozenset({"reps", "pres", "amb", "atty", "supt", "cmdr", "insp", "ft", "mt"})


def _is_name_token(tok: str) -> bool:
    if tok[-1:] in "’'" and tok[-2:-1] not in ("s", "S"):
        return False  # "'Thin-skinned' Trump": a closing single quotation mark, not "Jones'"
    return (_is_cap(tok) and tok[0] != "\x01") or tok.lower().rstrip(".") in _ABBREV_NAMES


def phrase_before(text: str, start: int, cue_start: int) -> Phrase | None:
    """The source phrase that ends just before a cue at `cue_start` ("X said"), or None.

    `start` bounds the look-back (the sentence start). Adverbs and weekdays between subject and
    verb are skipped ("de Mistura also said", "Newt Gingrich on Wednesday said").
    """
    toks = _tokens(text, max(start, cue_start - 120), cue_start)
    j = len(toks) - 1
    while j >= 0:
        low = toks[j][2].lower()
        if (
            low in ADVERBS
            or toks[j][2] in WEEKDAYS
            or (low == "on" and j + 1 < len(toks) and toks[j + 1][2] in WEEKDAYS)
        ):
            j -= 1
        else:
            break
    if j < 0:
        return None
    if toks[j][2] == ",":
        return _appositive_subject(text, toks, j)
    if toks[j][2].lower() in ("and", "but") and j > 0:
        # "The judge rubbed his chin, and then said ...": the clause's subject is the source,
        # or the actor of an absolute phrase ("..., with Trump tweeting ... and asking")
        with_at = text.rfind(" with ", max(start, cue_start - 120), toks[j][0])
        if with_at != -1:
            actor = _absolute_subject(text, with_at + 6, toks[j][0])
            if actor is not None:
                return actor
        head = _phrase_forward(text, toks)
        if head is not None and head.end <= toks[j][0]:
            return head
        return None
    j = _skip_location(toks, j)
    if toks[j][2] == ")":
        k = j - 1
        while k >= 0 and toks[k][2] != "(":
            k -= 1
        if k <= 0 or j - k > 8:
            return None
        j = k - 1  # "Rep. Mike McCaul (Tex.) said"
    return _phrase_ending_at(text, toks, j)


_PREPOSITIONS = frozenset(
    {"of", "to", "for", "with", "after", "against", "by", "on", "in", "at", "from", "about"}
    | {"into", "over", "under", "than", "like", "toward", "towards", "between", "among"}
    | {"as", "during", "despite", "amid", "including", "via", "through", "throughout"}
    | {"within", "without", "around", "behind", "beyond", "near", "upon", "since", "until"}
)


# Prepositions that open a sentence's fronted phrase but are not in _PREPOSITIONS (which the
# phrase readers use for objects after a verb).
_OPENING_PREPOSITIONS = frozenset({"outside", "inside", "across", "along", "following", "beside"})
_CLAUSE_BREAK = re.compile(
    r";\s|:\s|,\s+(?:and|but|though|although|while|whereas|because)\s|\s[\u2014\u2013]\s"
)
_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "we", "it"})


# ", and took ...", ", but added ...": a conjunction straight before a verb (a lower-case word
# that is not a determiner, pronoun, preposition or "that").
_SUBJECTLESS_COORDINATE = re.compile(
    r",\s+(?:and|but)\s+(?:then\s+|also\s+|later\s+)?(?!(?:the|a|an|this|that|these|those|his|"
    r"her|its|their|our|my|he|she|it|they|we|i|you|there|by|in|on|at|for|with|from|after|"
    r"before|during|when|while|if|as|to|of|not)\b)[a-z]+\b"
)


def clause_subject(text: str, start: int, cue_start: int) -> Phrase | None:
    """The subject of the clause a participle or gerund hangs from.

    "Trump attacked Clinton for her vote on Iraq and Libya, saying ...", "he began by saying
    ...": the -ing verb shares the clause's subject, which is its first noun phrase that is
    not a preposition's object ("During a speech in Iowa, Trump ..."). Objects later in the
    clause (Clinton, Libya) are not candidates.
    """
    lo = max(start, cue_start - 300)
    with_at = text.rfind(" with ", lo, cue_start)
    if with_at != -1:
        phrase = _absolute_subject(text, with_at + 6, cue_start)
        if phrase is not None:
            return phrase
    breaks = list(_CLAUSE_BREAK.finditer(text, lo, cue_start))
    end = cue_start
    for k in range(len(breaks), -1, -1):
        a = breaks[k - 1].end() if k else lo
        phrase = _clause_subject_from(text, a, end)
        if phrase is not None:
            return phrase
        if k == 0 or not _SUBJECTLESS_COORDINATE.match(text, breaks[k - 1].start()):
            return None
        # "Rubio sought to calm his supporters, and took a heckler in stride, saying ...": a
        # coordinated verb phrase with no subject of its own shares the one before "and".
        end = breaks[k - 1].start()
    return None


def _absolute_subject(text: str, start: int, cue_start: int) -> Phrase | None:
    """ "..., with Donald Trump tweeting that ... and asking": the noun phrase after "with"
    is the subject of the participle that follows it, and of the cue it leads to.

    News adds a second actor to a sentence this way ("Republicans were quick to chime in, with
    Trump tweeting ..."); the clause's own subject did not say what follows.
    """
    toks = _tokens(text, start, min(cue_start, start + 80))
    for i, (_, _, tok) in enumerate(toks[:7]):
        if tok in ',;:()\x01“”"' or tok.startswith("\x01"):
            return None
        if i and tok.islower() and tok.endswith("ing") and tok not in _NOT_PARTICIPLES:
            j = i - 1
            while j > 0 and toks[j][2].lower() in ADVERBS:
                j -= 1
            if not (_is_name_token(toks[0][2]) or toks[0][2].lower() in DETERMINERS):
                return None
            phrase = _phrase_ending_at(text, toks, j)
            if phrase is None or phrase.form == "generic" or phrase.start != toks[0][0]:
                return None
            return phrase
    return None


# -ing words that are nouns or prepositions, not participles.
_NOT_PARTICIPLES = frozenset({"during", "including", "regarding", "concerning", "according"})


def _clause_subject_from(text: str, lo: int, cue_start: int) -> Phrase | None:
    """The first subject-like noun phrase between `lo` and the cue (see clause_subject)."""
    toks = _tokens(text, lo, cue_start)
    n = len(toks)
    j = 0
    while j < n:
        tok = toks[j][2]
        low = tok.lower()
        k = j - 1  # "In a statement released Thursday": a determiner may follow the preposition
        while k >= 0 and j - k <= 2 and toks[k][2].lower() in DETERMINERS:
            k -= 1
        after_prep = k >= 0 and toks[k][2].lower() in _PREPOSITIONS
        if tok[:1].isupper() and (low in _PREPOSITIONS or low in _OPENING_PREPOSITIONS):
            # "Outside the arena in downtown Washington, about 200 protesters ...", "Amid
            # calls for a boycott, Walsh ...": a capitalised preposition opens a fronted
            # phrase, which runs to its comma; the subject comes after it
            comma = next((c for c in range(j + 1, n) if toks[c][2] == ","), None)
            j = comma + 1 if comma is not None else j + 1
            continue
        if low in _SUBJECT_PRONOUNS or tok == "I":
            if not after_prep and not (low == "it" and j + 1 < n and toks[j + 1][2] == "’s"):
                return _phrase_ending_at(text, toks, j)
            j += 1
            continue
        if _is_name_token(tok) and tok not in WEEKDAYS and tok not in _NOT_SOURCE_NAMES:
            e = j
            while e + 1 < n and (
                _is_name_token(toks[e + 1][2])
                or (toks[e + 1][2].lower() in NAME_PARTICLES and toks[e + 1][2].islower())
            ):
                e += 1
            if after_prep or (
                j > 1 and toks[j - 1][2] == "the" and toks[j - 2][2].lower() in _PREPOSITIONS
            ):
                j = e + 1
                continue
            if _is_possessive(toks[e][2]):
                # "Clinton's campaign is seeking ...": the possessed noun may be the source
                k = e + 1
                while k < n and toks[k][2].islower() and k - e <= 3:
                    if (
                        _bare(toks[k][2]) in SOURCE_NOUNS
                        or toks[k][2] in SOURCE_NOUNS
                        or (k == e + 1 and (toks[k][2] in _KIN_NOUNS or toks[k][2] == "family"))
                    ):
                        phrase = _phrase_ending_at(text, toks, k)
                        if phrase is not None:
                            return phrase
                    k += 1
                j = e + 1
                continue
            if _fronted(toks, e):
                j = e + 1
                continue
            if e + 1 < n and toks[e + 1][2].islower() and toks[e + 1][2] in PERSON_ROLE_NOUNS:
                e += 1  # "The Florida senator sought ...": a name modifying a role noun
            phrase = _phrase_ending_at(text, toks, e)
            if phrase is not None and phrase.form != "generic":
                return phrase
            j = e + 1
            continue
        if (
            not after_prep
            and (low in SOURCE_NOUNS or low.rstrip("s") in SOURCE_NOUNS)
            and not _fronted(toks, j)
        ):
            if j + 1 < n and (
                toks[j + 1][2].lower() in SOURCE_NOUNS or _is_name_token(toks[j + 1][2])
            ):
                j += 1
                continue
            phrase = _phrase_ending_at(text, toks, j)
            if phrase is not None:
                return phrase if phrase.form != "generic" else None
        j += 1
    return None


_TIME_AFTER = frozenset({"later", "earlier", "ago", "afterward", "afterwards"})


def _fronted(toks: list[tuple[int, int, str]], e: int) -> bool:
    """True when the noun ending at token e belongs to a phrase fronted before the subject.

    "Hours later, Trump ...", "a few days later, she ...": a time phrase; "Speaking in
    Salem, New Hampshire, Trump ...": a place written as "City, State" before the subject.
    """
    n = len(toks)
    if any(toks[k][2].lower() in _TIME_AFTER for k in range(e + 1, min(n, e + 3))):
        return True
    if e + 2 < n and toks[e + 1][2] == ",":
        nxt = toks[e + 2][2]
        return nxt.lower() in _SUBJECT_PRONOUNS or (
            _is_name_token(nxt)
            and nxt.lower() not in DETERMINERS
            and not _is_possessive(nxt)  # "China, Pyongyang's only ally, said"
        )
    return False


def _skip_location(toks: list[tuple[int, int, str]], j: int) -> int:
    """ "RT Arabic's crew in Aleppo reported": step over a place phrase after the subject."""
    i = j
    while i >= 0 and _is_cap(toks[i][2]) and j - i < 4:
        i -= 1
    if i < j and i >= 1 and toks[i][2] in _LOCATION_PREPS:
        prev = toks[i - 1][2]
        if prev.lower() in SOURCE_NOUNS or prev.lower() in DOCUMENT_NOUNS or _is_cap(prev):
            return i - 1
    return j


# A party-and-state tag after a US politician's name: "R-Ky.", "D-N.Y.", "I-Vt.".
_PARTY_TAG = re.compile(r"[RDI]-[A-Z][A-Za-z.]{0,5}[.,]")


# Words that open a clause: an apposition (a noun phrase) never starts with one.
_CLAUSE_OPENERS = frozenset({"and", "but", "or", "nor", "so", "yet", "then", "also"})
_CLAUSE_PUNCTUATION = frozenset({",", ";", ":", "—", "–", "-", "(", "\x01", "“", "”", '"'})


def _before_parenthesis(toks: list[tuple[int, int, str]], j: int) -> int:
    """The token before a short parenthesis ending at token j, else j.

    "Rep. Jim Jordan (R-Ohio), an oversight panel member, said", "Sen. Claire McCaskill (D-Mo.),
    who ...": US news puts a party tag (or a state, a ticker) in parentheses between a name and
    its apposition or relative clause.
    """
    if j < 1 or toks[j][2] != ")":
        return j
    o = j - 1
    while o > 0 and toks[o][2] != "(" and j - o < 8:
        o -= 1
    return o - 1 if o > 0 and toks[o][2] == "(" else j


def _is_place_qualifier(toks: list[tuple[int, int, str]], a: int, b: int) -> bool:
    """True when tokens a..b-1 are a state or country written after a city ("Ohio", "Colo.")."""
    words = [t[2] for t in toks[a:b] if t[2] != "."]
    if not words or not all(_is_cap(w) for w in words):
        return False
    name = " ".join(words)
    from archive.extract.gazetteer import get_gazetteer

    g = get_gazetteer()
    return (
        f"{name}." in g.abbreviations or name in g.abbreviations or _area_kind(name) == "government"
    )


def _appositive_subject(text: str, toks: list[tuple[int, int, str]], j: int) -> Phrase | None:
    """ "Mike Huckabee, the former Arkansas governor, said": the head before the apposition."""
    k = j - 1
    while k >= 0 and toks[k][2] not in ',;:(\x01“”"' and j - k < 30:
        k -= 1
    if k < 1 or toks[k][2] != "," or k == j - 1:
        return None
    if k >= 2 and toks[k - 1][2].isdigit() and toks[k - 2][2] == ",":
        k -= 2  # "Clinton, 35, the daughter of ..., said": an age before the apposition
    if k >= 2 and j - k <= 4 and _is_cap(toks[k - 1][2]) and _is_place_qualifier(toks, k + 1, j):
        # "Clinton, during a town hall in Columbus, Ohio, said": a state after a city is part
        # of the place, not an apposition; the aside runs back to the comma before the city
        c = k - 1
        while c >= 0 and toks[c][2] not in ',;:(\x01“”"' and j - c < 30:
            c -= 1
        if c < 1 or toks[c][2] != "," or c == k - 1:
            # "a woman in Worcester, Massachusetts, told him": the subject before the place
            h = _skip_location(toks, k - 1)
            head = _phrase_ending_at(text, toks, h) if h != k - 1 else None
            if head is not None:
                head.end = toks[j][0]
            return head
        k = c
    apposition = toks[k + 1 : j]
    first = apposition[0][2]
    h = _before_parenthesis(toks, k - 1)  # the head's last token
    if first.lower() in _CLAUSE_OPENERS or first.lower() in _SUBJECT_PRONOUNS or first == "I":
        # "Rubio sought to calm his supporters, and took a heckler in stride, saying": a
        # clause between commas, not a noun phrase renaming the one before it. So is one
        # opened by a subject pronoun ("On his tax returns, he says he would release them
        # Friday, calling them ..."): the noun before the comma is a fronted phrase's.
        return None
    if first.lower() in _PREPOSITIONS:
        # "The RNC, in its daily summary, emailed ...": a parenthetical, so the noun phrase
        # before it is the subject only when it opens the clause; in "called for releasing the
        # videos, as well, saying" it is an object and the cue's subject is further back.
        head = _phrase_ending_at(text, toks, h)
        if head is None:
            return None
        i = next((i for i, t in enumerate(toks) if t[0] >= head.start), 0)
        while i > 0 and toks[i - 1][2].lower() in DETERMINERS:
            i -= 1
        if i > 0 and toks[i - 1][2] not in _CLAUSE_PUNCTUATION:
            return None
        head.end = toks[j][0]
        return head
    if _PARTY_TAG.match(text, apposition[0][0], apposition[-1][1] + 1):
        # "Mitch McConnell, R-Ky., said": US news writes party and state as an apposition
        head = _phrase_ending_at(text, toks, h)
        if head is not None and head.form == "name":
            head.end = toks[j][0]
            return head
        return None
    if first in _PARTY_LABELS and len(apposition) >= 3 and apposition[1][2] in ("of", "from"):
        # "Sen. Amy Klobuchar, Democrat of Minnesota, said": the same, written out
        head = _phrase_ending_at(text, toks, h)
        if head is not None and head.form == "name":
            head.roles.append(text[apposition[0][0] : apposition[-1][1]])
            head.person = True
            head.end = toks[j][0]
            return head
        return None
    if (
        _is_possessive(first)
        and len(apposition) >= 2
        and is_role(text[apposition[1][0] : apposition[-1][1]])
        and _is_name_token(toks[h][2])
    ):
        # "Jenna Golden, Twitter's director of advertising, said": an owner's role
        head = _phrase_ending_at(text, toks, h)
        if head is not None and head.form == "name":
            head.roles.append(text[apposition[0][0] : apposition[-1][1]])
            head.person = head.person or _role_is_person(text[apposition[1][0] : apposition[-1][1]])
            head.end = toks[j][0]
            return head
    if _is_name_token(first):
        # "One Republican hopeful, Carly Fiorina, says": the name is in the apposition
        named = _phrase_ending_at(text, toks, j - 1)
        described = _phrase_ending_at(text, toks, h)
        if named is not None and named.form == "name" and named.start <= apposition[0][0]:
            if described is not None and described.form == "description":
                named.roles.append(described.name)
                named.person = named.person or described.person
                named.start = described.start
            return named
    if (
        first[:1].isupper()
        and first.lower() not in DETERMINERS
        and first.lower() != "who"
        and not (first.lower() in PERSON_ROLE_NOUNS or first.lower() in _ROLE_MODIFIERS)
    ):
        return None
    head = _phrase_ending_at(text, toks, h)
    if head is None:
        return None
    role_text = text[apposition[0][0] : apposition[-1][1]]
    low = role_text.lower()
    if first.lower() in ("who", "which"):
        pass  # a relative clause: not a role
    elif head.form == "description" and (" by " in f" {low} " or low.startswith("by ")):
        # "the statement, released by X, says": the source is the agent of the document.
        by_index = next(i for i, t in enumerate(apposition) if t[2].lower() == "by")
        agent = _phrase_forward(text, toks[k + 1 + by_index + 1 :])
        if agent is not None:
            agent.start = head.start
            return agent
    elif is_role(role_text):
        head.roles.append(role_text)
        head.person = head.person or _role_is_person(role_text)
    head.end = toks[j][0]
    return head


def _phrase_ending_at(text: str, toks: list[tuple[int, int, str]], j: int) -> Phrase | None:
    """Read a source phrase backwards from token j (its last token)."""
    if j < 0:
        return None
    tok = toks[j][2]
    low = tok.lower()
    if len(tok) > 1 and tok.isupper() and low in _PRONOUN_FORMS:
        low = ""  # "WHO", "IT": an acronym, not a pronoun
    if low in ("who", "which") and j >= 2 and toks[j - 1][2] == ",":
        # "Trump, who said ...": the relative pronoun's antecedent is the source
        antecedent = _phrase_ending_at(text, toks, _before_parenthesis(toks, j - 2))
        if antecedent is not None and antecedent.form != "pronoun":
            antecedent.extra_mentions.append((toks[j][0], toks[j][1]))
            antecedent.end = toks[j][1]
            return antecedent
    if low in _PRONOUN_FORMS and not (low == "i" and tok != "I"):
        s, e = toks[j][0], toks[j][1]
        return Phrase("pronoun", s, e, (s, e), name=tok, gender=_gender_of(low))
    if _is_name_token(tok) or (_is_possessive(tok) and _is_cap(tok)):
        return _name_phrase(text, toks, j)
    if (low in _KIN_NOUNS or low == "family") and j > 0 and _is_possessive(toks[j - 1][2]):
        # "Scott's family", "Trump's wife": a relative of a named person is a source of
        # their own, named by whose relative they are (not the person named)
        owner = _name_phrase(text, toks, j - 1) if _is_cap(toks[j - 1][2]) else None
        if owner is not None:
            s, e = owner.start, toks[j][1]
            return Phrase("description", s, e, (s, e), name=text[s:e], person=low != "family")
    if low in SOURCE_NOUNS or low in DOCUMENT_NOUNS or low.rstrip("s") in SOURCE_NOUNS:
        return _description_phrase(text, toks, j)
    if (
        (_AGENT_NOUN.search(low) or low in _KIN_NOUNS)
        and tok.islower()
        and low not in _FUNCTION_WORDS
    ):
        # "the gambling tycoon", "the retired neurosurgeon", "the 46-year-old": a definite
        # description of a person, when a determiner opens it within a few words; "my
        # father", "her husband": a relative, named by whose relative they are.
        k = j - 1
        while k >= 0 and j - k <= 4 and toks[k][2].islower() and toks[k][2] not in DETERMINERS:
            if toks[k][2] in _FUNCTION_WORDS or not toks[k][2][:1].isalnum():
                return None
            k -= 1
        if k >= 0 and (
            toks[k][2].lower() in ("the", "a", "an")
            or (low in _KIN_NOUNS and toks[k][2].lower() in _POSSESSIVE_DETERMINERS and j - k <= 2)
        ):
            s, e = toks[k][0], toks[j][1]
            return Phrase("description", s, e, (s, e), name=text[s:e], person=True)
    return None


# Relatives and companions, quoted in news as "her husband said", "my father often said".
_KIN_NOUNS = frozenset(
    {"father", "mother", "son", "daughter", "wife", "husband", "brother", "sister", "parents"}
    | {"grandfather", "grandmother", "grandson", "granddaughter", "uncle", "aunt", "cousin"}
    | {"widow", "widower", "fiance", "fiancee", "fiancé", "fiancée", "friend", "neighbor"}
)
_POSSESSIVE_DETERMINERS = frozenset({"my", "his", "her", "their", "our", "your"})


# Nouns for people by what they do or are: tycoon, neurosurgeon, insider, 46-year-old.
_AGENT_NOUN = re.compile(
    r"(?:[^aeiou]er|or|ist|ian|ant|ent|man|woman|men|women|crat|ee|ess|aire|oon|ul|eon|ive|"
    r"year-old|mogul|chief|star|veteran|hopeful|rival|ally|friend)s?$"
)


# Party labels news puts before a person's name or in an apposition after it.
_PARTY_LABELS = frozenset({"Republican", "Democrat", "Independent", "Libertarian"})
# Capitalised words (a sentence's first, or a headline's) that describe the person named next.
_LEADING_ROLE_WORDS = _PARTY_LABELS | {
    "Rival",
    "Fellow",
    "Former",
    "Longtime",
    "Veteran",
    "Embattled",
    "Outgoing",
    "Incoming",
}
# Head words of organisations, governments and media: a run holding one names a body.
_BODY_WORDS = ORGANIZATION_WORDS | GOVERNMENT_WORDS | MEDIA_WORDS


def _name_phrase(text: str, toks: list[tuple[int, int, str]], j: int) -> Phrase | None:
    """A capitalised run ending at j, split into leading roles and the name."""
    while j >= 0 and (toks[j][2] in WEEKDAYS or toks[j][2] in _NOT_SOURCE_NAMES):
        j -= 1  # "Morning Joe Monday", "said on Twitter": a day or a platform is not a source
    if j < 0 or not (_is_name_token(toks[j][2]) or _is_cap(toks[j][2])):
        return None
    i = j
    while i - 1 >= 0:
        if text.find("\n", toks[i - 1][1], toks[i][0]) != -1:
            break  # a name never runs over a line end: a headline is not the body's subject
        prev = toks[i - 1][2]
        if _is_name_token(prev) and not _is_possessive(prev):
            i -= 1
        elif _is_name_token(prev) and _is_possessive(prev):
            i -= 1  # "Russia's Permanent Mission"
        elif prev.lower() in NAME_PARTICLES and prev.islower():
            i -= 1
        elif prev.lower() in _CONNECTORS and i - 2 >= 0:
            # "Mission to the United Nations", "Department of State": connectors inside names
            k = i - 1
            while k - 1 >= 0 and toks[k - 1][2].lower() in _CONNECTORS and i - k < 2:
                k -= 1
            if (
                k - 1 >= 0
                and _is_name_token(toks[k - 1][2])
                and (toks[k][2].lower() != "and" or _institution_before(toks, k))
            ):
                i = k - 1
            else:
                break
        elif prev == "-" and i - 2 >= 0 and _is_name_token(toks[i - 2][2]):
            i -= 2
        else:
            break
    # A possessive name before a description: "RT Arabic's crew" is handled by the caller.
    while i <= j and toks[i][2].lower() in ("the",):
        i += 1
    if i > j:
        return None
    run = toks[i : j + 1]
    if len(run) == 1 and run[0][2] in NON_NAME_CAPS:
        return None
    if i == 0 and run[0][2].lower().endswith(("ing", "ed", "ly")) and len(run) == 1:
        return None  # "Having said that", "Asked about ..." open sentences, not names
    if run[0][2] in _PARTY_LABELS and len(run) > 2 and run[1][2] in ("of", "from"):
        # "Sen. Amy Klobuchar, Democrat of Minnesota, said": the party and state of the
        # person named before the apposition, not a name.
        return None
    # Split leading roles from the name at the last role word of the run.
    split = -1
    for n, (_, _, t) in enumerate(run[:-1]):
        base = t.lower().rstrip(".")
        if base in HONORIFICS or base in _ABBREV_NAMES or t == "AG":  # attorney general
            split = n
    if (
        split == -1
        and run[0][2] in _LEADING_ROLE_WORDS
        and len(run) >= 2
        and _is_name_token(run[1][2])
        and not any(
            _bare(t).strip(".") in _BODY_WORDS or t.lower() in NAME_PARTICLES for _, _, t in run[1:]
        )
    ):
        # "Republican Donald Trump", "Democrat Zephyr Teachout", "Rival Hillary Clinton": a
        # party label or a descriptor opening a sentence before a person's name is a role
        # ("Republican National Committee" stays a name).
        split = 0
    roles: list[str] = []
    person = False
    gender = None
    name_start = 0
    if split >= 0:
        name_start = split + 1
        # "Envoy for Syria Staffan de Mistura": one prepositional object stays in the role.
        if (
            name_start + 2 < len(run)
            and run[name_start][2].lower() in ("for", "of", "on")
            and _is_name_token(run[name_start + 1][2])
        ):
            name_start += 2
        role_toks = run[:name_start]
        role_low = [t[2].lower().rstrip(".") for t in role_toks]
        if len(role_toks) == 1 and role_low[0] in _PERSON_HONORIFICS:
            gender = _gender_of(role_low[0])
        else:
            roles.append(text[role_toks[0][0] : role_toks[-1][1]])
            gender = next((_gender_of(r) for r in role_low if _gender_of(r)), None)
        if role_toks[-1][2].rstrip(".").lower() in _PERSON_HONORIFICS and len(role_toks) > 1:
            roles[-1] = text[role_toks[0][0] : role_toks[-2][1]]
        person = any(r in PERSON_ROLE_NOUNS or r in _ABBREV_NAMES for r in role_low)
    name_toks = run[name_start:]
    if not name_toks:
        return None
    name_toks = name_toks[_name_begins(text, name_toks) :]
    # Lower-case role words before the run: "former US diplomat Jim Jatras".
    k = i - 1
    while k >= 0 and (
        toks[k][2].lower() in _ROLE_MODIFIERS
        or toks[k][2].lower() in HONORIFICS
        or toks[k][2].lower() in _ORG_ROLE_NOUNS
        or _adjective(toks[k][2])
    ):
        k -= 1
    if k < i - 1:
        pre = toks[k + 1 : i]
        pre_low = [t[2].lower() for t in pre]
        if any(w in HONORIFICS or w in _ORG_ROLE_NOUNS for w in pre_low):
            # keep only from the first word that is not a bare connector
            while pre and pre[0][2].lower() == "and":
                pre = pre[1:]
            if pre:
                role_text = (
                    text[pre[0][0] : run[name_start - 1][1]]
                    if split >= 0
                    else (text[pre[0][0] : pre[-1][1]])
                )
                roles = [role_text]
                person = person or any(w in PERSON_ROLE_NOUNS for w in pre_low)
                if gender is None:
                    gender = next((_gender_of(w) for w in pre_low if _gender_of(w)), None)
    s, e = name_toks[0][0], name_toks[-1][1]
    if _GLUED_TIME.match(text, s, e):
        s += 2
    name = text[s:e]
    if _is_possessive(name):
        name = _strip_possessive(name)
        e = s + len(name)
    start = toks[k + 1][0] if roles and k + 1 < i else toks[i][0]
    return Phrase(
        "name",
        min(start, s),
        toks[j][1],
        (s, e),
        name=name,
        roles=roles,
        gender=gender,
        person=person,
    )


_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,5}")
_ACRONYM_SKIP = frozenset({"of", "for", "the", "and", "on", "to", "in", "&", "de", "du", "des"})


def is_acronym(name: str) -> bool:
    """True for an organisation's initials as written: "WHO", "CDC", "NATO" (2 to 6 capitals)."""
    return _ACRONYM.fullmatch(name) is not None


@lru_cache(maxsize=4096)
def acronyms_of(name: str) -> frozenset[str]:
    """The initials an institution's name is abbreviated to: "World Health Organization" ->
    WHO; "Centers for Disease Control and Prevention" -> CDCP and, without the field after
    its last "and", CDC. Function words are skipped; names of fewer than two capitalised
    words have none."""
    words = [w.strip(".,()’'") for w in name.split()]
    words = [w for w in words if w]
    out: set[str] = set()
    for part in (
        words,
        words[: len(words) - 1 - words[::-1].index("and")] if "and" in words else [],
    ):
        caps = [w for w in part if w.lower() not in _ACRONYM_SKIP]
        if len(caps) >= 2 and all(w[:1].isupper() for w in caps):
            out.add("".join(w[0] for w in caps).upper())
    return frozenset(out)


def _abbreviates(short: str, long: str) -> bool:
    """True when `short` is an acronym of the multi-word name `long`."""
    return is_acronym(short) and " " in long and short.replace("&", "") in acronyms_of(long)


_EXPANSION_BEFORE = re.compile(
    r"((?:[A-Z][\w’'.-]*|of|for|the|and|on|to|&)(?:\s+(?:[A-Z][\w’'.-]*|of|for|the|and|on|to|&))"
    r"{1,8})\s*\(\s*$"
)


def _expansion_in(text: str, acronym: str) -> str | None:
    """The full name an article defines an acronym with: "the World Health Organization (WHO)"."""
    at = text.find(f"({acronym})")
    while at != -1:
        m = _EXPANSION_BEFORE.search(text, max(0, at - 120), at + 1)
        if m is not None:
            words = m.group(1).split()
            # the longest tail of the words before the parenthesis that the acronym abbreviates
            for n in range(len(words) - 1):
                candidate = " ".join(words[n:])
                if words[n][:1].isupper() and _abbreviates(acronym, candidate):
                    return candidate
        at = text.find(f"({acronym})", at + 1)
    return None


def _institution_before(toks: list[tuple[int, int, str]], k: int) -> bool:
    """True when the "and" at token k joins two fields of one institution's name: "Centers for
    Disease Control and Prevention", "Department of Health and Human Services" (an institution
    noun, "of" or "for", then capitalised words up to the "and")."""
    if (
        k + 1 < len(toks)
        and _bare(toks[k + 1][2]).lower() in MEDIA_WORDS
        and k >= 2
        and toks[k - 2][2] in ("The", "the")
    ):
        return True  # "The Globe and Mail", "the Mail and Guardian": a newspaper's title
    n = k - 1
    while n >= 0 and _is_name_token(toks[n][2]) and k - n <= 3:
        n -= 1
    if n < 1 or toks[n][2].lower() not in ("of", "for") or k - n < 2:
        return False
    head = _bare(toks[n - 1][2]).lower()
    return head in _INSTITUTION_NOUNS or head in GOVERNMENT_WORDS or head in ORGANIZATION_WORDS


_INSTITUTION_NOUNS = frozenset(
    {"centers", "centres", "institutes", "school", "schools", "academy", "academies"}
    | {"department", "ministry", "bureau", "commission", "agency", "office", "council"}
)


_DOTTED_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,}")
# A time glued to the next word by a page scrape: "11:19PMDonald Trump".
_GLUED_TIME = re.compile(r"(?:AM|PM)(?=[A-Z][a-z])")


def _name_begins(text: str, toks: list[tuple[int, int, str]]) -> int:
    """Where a person's name starts in a run of capitalised words (an index into `toks`).

    A name runs from its given name: capitalised words before one are not part of it ("Says
    Donald Trump", "Offensive Things Donald Trump Has Said", "Judges Simon Cowell"). In a
    headline every word is capitalised, so a run there with no given name is cut to its
    last word, the surname ("Maybe Trump", "On Trump:"), which the article's body names in
    full. Institutions ("Thomas Jefferson University") are left whole.
    """
    if len(toks) < 2 or any(
        _bare(t).lower() in ORGANIZATION_WORDS or _bare(t).lower() in GOVERNMENT_WORDS
        for _, _, t in toks
    ):
        return 0
    if name_gender(_bare(toks[0][2]).lower()) is not None:
        return 0
    if _DOTTED_ABBREVIATION.fullmatch(toks[0][2]) and len(toks) >= 2:
        return 1  # "U.S. Trump", "U.K. Labour": a country's abbreviation before a name
    if len(toks) in (2, 3) and toks[-1][2][:1].isupper():
        place = " ".join(_bare(t[2]) for t in toks[:-1])
        if _area_kind(place) is not None:
            return len(toks) - 1  # "Wisconsin Trump rally", "North Carolina Caelynn"
    for k in range(1, len(toks) - 1 if len(toks) > 2 else 1):
        if name_gender(_bare(toks[k][2]).lower()) is not None and toks[k][2][:1].isupper():
            return k
    if len(toks) >= 2 and _in_headline(text, toks[0][0]):
        last = toks[-1][2]
        if last[:1].isupper() and not last.isupper() and not _is_possessive(last):
            return len(toks) - 1
    return 0


def _given(word: str) -> bool:
    """True for a known given name ("Donald", "Hillary")."""
    return name_gender(_bare(word).lower()) is not None


_QUANTIFIERS = frozenset(
    {"some", "many", "most", "others", "other", "few", "several", "both", "all", "none"}
    | {"more", "less", "fewer", "one", "two", "three", "half", "majority", "minority", "percent"}
    | {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"}
)
_INDEFINITE_PRONOUNS = frozenset(
    {"Nobody", "Everybody", "Everyone", "Somebody", "Someone", "Anybody", "Anyone", "None"}
)


_LY_NOUNS = frozenset(
    {"family", "rally", "belly", "jelly", "bully", "holly", "assembly", "supply", "reply"}
    | {"anomaly", "monopoly", "homily", "ally", "folly", "italy", "july", "lily", "daily"}
)


def _ly_adverb(word: str) -> bool:
    """A lower-case word in -ly that is not one of the few nouns so spelt ("widely")."""
    return word.endswith("ly") and len(word) > 4 and word not in _LY_NOUNS


def _trim_name_tail(phrase: Phrase) -> None:
    """Drop lower-case adverbs read after a name ("Sanders presumably", "Schlafly also")."""
    words = phrase.name.split()
    n = len(words)
    while (
        n > 1
        and words[n - 1].islower()
        and (words[n - 1] in ADVERBS or words[n - 1] in _TAIL_WORDS or _ly_adverb(words[n - 1]))
    ):
        n -= 1
    if n < len(words):
        name = " ".join(words[:n])
        a, b = phrase.head
        phrase.name = name
        if phrase.name and b - a >= len(name):
            phrase.head = (a, a + len(name))


_TAIL_WORDS = (
    frozenset({"also", "too", "then", "now", "still", "again", "later", "even"})
    | {"presumably", "probably", "apparently", "clearly", "certainly", "publicly", "privately"}
    | {"recently", "previously", "repeatedly", "initially", "reportedly", "allegedly", "once"}
)


def _cut_to_given_name(text: str, phrase: Phrase) -> None:
    """Drop capitalised words before a given name from a name phrase ("Entrusting Donald
    Trump", "Says Donald Trump", "Offensive Things Donald Trump"): a person's name starts
    at the given name. Institutions are left whole."""
    words = phrase.name.split()
    if len(words) < 3 or _given(words[0]):
        return
    if any(
        _bare(w).lower() in ORGANIZATION_WORDS or _bare(w).lower() in GOVERNMENT_WORDS
        for w in words
    ):
        return
    for k in range(1, len(words) - 1):
        if _given(words[k]) and words[k][:1].isupper():
            cut = phrase.name.index(words[k], len(" ".join(words[:k])))
            phrase.name = phrase.name[cut:]
            a, b = phrase.head
            if text[a:b].endswith(phrase.name):
                phrase.head = (b - len(phrase.name), b)
            return


def _opens_sentence(text: str, at: int) -> bool:
    """True when `at` starts a line or follows a sentence end."""
    k = at
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    return k == 0 or text[k - 1] in "\n.!?" or (k >= 2 and text[k - 2] in ".!?")


def _in_headline(text: str, at: int) -> bool:
    """True when `at` lies in the article's first line (its headline) and that line is written
    in title case (most of its words capitalised)."""
    end = text.find("\n")
    if end == -1 or at > end:
        return False  # one line is a sentence, not a headline over a body
    words = re.findall(r"[^\W\d_][\w’'-]*", text[:end])
    if len(words) < 3:
        return False
    caps = sum(1 for w in words if w[:1].isupper())
    return caps >= 0.7 * len(words)


def _adjective(tok: str) -> bool:
    """Lower-case words that modify a role noun ("presidential", "political")."""
    return tok.islower() and len(tok) > 4 and tok.endswith(("al", "ic", "ian", "ary", "ive"))


def _description_phrase(text: str, toks: list[tuple[int, int, str]], j: int) -> Phrase | None:
    """ "the ministry", "a spokesman for the campaign", "RT Arabic's crew", "officials"."""
    head_low = toks[j][2].lower()
    i = j
    # Walk back over modifiers to a determiner or a possessive name.
    while i - 1 >= 0 and j - i < 5:
        prev = toks[i - 1][2]
        plow = prev.lower()
        if plow in DETERMINERS:
            i -= 1
            break
        if _is_possessive(prev) and (_is_cap(prev) or prev[:1].isupper()):
            owner = _name_phrase(text, toks, i - 1)
            if owner is not None:
                owner.form = "name"
                owner.end = toks[j][1]
                owner.roles = owner.roles or []
                return owner
            break
        if prev.islower() and _is_possessive(prev) and _bare(prev) in SOURCE_NOUNS:
            # "the ministry's information": the owner is the source
            owner_toks = [
                *toks[: i - 1],
                (toks[i - 1][0], toks[i - 1][0] + len(_bare(prev)), _bare(prev)),
            ]
            owner = _description_phrase(text, owner_toks, i - 1)
            if owner is not None:
                owner.end = toks[j][1]
            return owner
        if prev.islower() and plow not in _FUNCTION_WORDS:
            if plow in ADVERBS or not prev.isalpha() or plow.endswith(("n't", "n’t")):
                break
            i -= 1
            continue
        if _is_cap(prev):
            i -= 1
            continue
        break
    # "a spokesman for the campaign": a for/of phrase after a person noun: the owner matters
    if (
        head_low in ("percent", "%")
        and i - 1 >= 0
        and (toks[i - 1][2][:1].isdigit() or toks[i - 1][2].lower().split("-")[-1] in _NUMBER_WORDS)
    ):
        i -= 1  # "Twenty-four percent said": a share of those polled
    s, e = toks[i][0], toks[j][1]
    phrase_text = text[s:e]
    first_low = toks[i][2].lower()
    if i == j and head_low in GENERIC_SOURCE_NOUNS:
        return Phrase("generic", s, e, (s, e), name=phrase_text)
    if first_low in ("least", "more", "less", "fewer", "than"):
        return Phrase("generic", s, e, (s, e), name=phrase_text)  # "at least one", "more than"
    if first_low in ("some", "many", "several", "most", "other", "few") and (
        head_low in GENERIC_SOURCE_NOUNS or head_low.endswith("s")
    ):
        return Phrase("generic", s, e, (s, e), name=phrase_text)
    if i == j and first_low not in SOURCE_NOUNS:
        return None
    return Phrase(
        "description", s, e, (s, e), name=phrase_text, person=head_low in PERSON_ROLE_NOUNS
    )


def _one_of_phrase(text: str, toks: list[tuple[int, int, str]]) -> Phrase | None:
    """ "said one of those advisers, who ...", "said one former executive who ...", "said
    another Democrat familiar with ...": an anonymous source described as one of a group.

    The description runs to the first clause break; it names a person (or people) the
    article does not name, so it is a source of its own, not "one" alone (a determiner).
    """
    j = 0
    n = len(toks)
    while j + 1 < n and j < 8:
        nxt = toks[j + 1][2]
        if nxt in ',.;:!?)(\x01“”"—–' or nxt.startswith("\x01") or nxt in _ONE_OF_BREAKS:
            break
        j += 1
    if j == 0 or toks[j][2].lower() in DETERMINERS or toks[j][2] == "of":
        return None
    a, b = toks[0][0], toks[j][1]
    words = {_bare(t[2]).lower() for t in toks[1 : j + 1]}
    person = bool(words & PERSON_ROLE_NOUNS) or any(_is_cap(t[2]) for t in toks[1 : j + 1])
    return Phrase("description", a, b, (a, b), name=text[a:b], person=person)


# Words that end "one of those advisers" before its relative clause or setting.
_ONE_OF_BREAKS = frozenset(
    {"who", "that", "which", "with", "in", "on", "at", "as", "when", "while", "said", "says"}
    | {"told", "is", "was", "are", "were", "has", "have", "had", "will", "would", "because"}
)


def phrase_after(text: str, start: int, end: int) -> Phrase | None:
    """The source phrase that follows an inverted cue ("said X", "according to X")."""
    toks = _tokens(text, start, min(end, start + 200))
    return _phrase_forward(text, toks)


def _phrase_forward(text: str, toks: list[tuple[int, int, str]]) -> Phrase | None:
    """Read a source phrase forwards from the first token, with a trailing apposition."""
    if not toks:
        return None
    first = toks[0][2]
    low = first.lower()
    if len(first) > 1 and first.isupper():
        low = ""  # "WHO", "IT": an acronym, not a pronoun
    if low in _PRONOUN_FORMS and low not in ("who", "which"):
        s, e = toks[0][0], toks[0][1]
        return Phrase("pronoun", s, e, (s, e), name=first, gender=_gender_of(low))
    if low in ("one", "another") and len(toks) > 1:
        return _one_of_phrase(text, toks)
    # find the end of the noun phrase: up to a comma, period, cue or clause word
    j = 0
    n = len(toks)
    while j + 1 < n:
        nxt = toks[j + 1][2]
        if nxt in ',.;:!?)(\x01“”"—–' or nxt.startswith("\x01"):
            break
        if nxt in (
            "that",
            "who",
            "which",
            "said",
            "says",
            "told",
            "in",
            "on",
            "at",
            "as",
            "when",
            "while",
            "because",
            "after",
            "before",
            "during",
            "with",
            "is",
            "was",
            "are",
            "were",
            "has",
            "have",
            "had",
            "will",
            "would",
            "says,",
        ):
            break
        j += 1
        if j > 12:
            return None
    phrase = None
    # the phrase must start at the first token (or right after a leading article)
    first_allowed = (
        toks[1][0] if first.lower() in ("the", "a", "an") and len(toks) > 1 else (toks[0][0])
    )
    while j >= 0:
        phrase = _phrase_ending_at(text, toks, j)
        if phrase is not None and phrase.start <= first_allowed:
            break
        if phrase is not None and phrase.form == "name":
            # "said Rockets general manager Bruce Hamilton", "says Cambridge cartoonist Andre
            # Campbell": a capitalised name of a team, firm or place, then lower-case role
            # words, before the person's name: all of it is the person's role
            lead = [t for t in toks if first_allowed <= t[0] < phrase.head[0]]
            caps = 0
            while caps < len(lead) and _is_name_token(lead[caps][2]):
                caps += 1
            rest = lead[caps:]
            if (
                caps
                and len(rest) <= 3
                and (phrase.roles or rest)
                and all(
                    t[2].isalpha() and t[2].islower() and t[2] not in _NOT_IN_ROLE for t in rest
                )
                and _given(text[phrase.head[0] : phrase.head[1]].split()[0])
            ):
                phrase.roles[:1] = [text[lead[0][0] : phrase.head[0]].strip()]
                phrase.start = lead[0][0]
                break
        phrase = None
        j -= 1
    if phrase is None:
        return None
    # trailing apposition: "said Matthew Soerens, spokesman for World Relief, ..."
    if j + 2 < n and toks[j + 1][2] == ",":
        k = j + 2
        app_first = toks[k][2]
        if (
            app_first.islower()
            or app_first.lower() in DETERMINERS
            or app_first.lower() in (HONORIFICS)
        ):
            m = k
            while m < n and toks[m][2] not in ',.;:!?\x01“”"' and m - k < 25:
                m += 1
            role_text = text[toks[k][0] : toks[m - 1][1]]
            if is_role(role_text):
                phrase.roles.append(role_text)
                phrase.person = phrase.person or _role_is_person(role_text)
                phrase.end = toks[m - 1][1]
    return phrase


_ROLE_NOUNS = HONORIFICS | _ORG_ROLE_NOUNS | SOURCE_NOUNS | {"arm", "wing", "unit", "body"}
_NOT_IN_ROLE = frozenset(
    {"said", "says", "is", "was", "are", "were", "has", "had", "have", "will", "would", "that"}
    | {"who", "which", "told", "and", "but", "can", "could", "did", "does", "not", "be"}
)


def is_role(text: str) -> bool:
    """True for an apposition that describes a source ("the former Arkansas governor").

    A role is short, holds a role noun near its start, and has no verb: "over 16,000 people
    have fallen" and "published on the website of ..." are not roles.
    """
    words = [w.lower().strip(".,’'()") for w in text.split()]
    if not words or len(words) > 14 or words[0] in _NOT_IN_ROLE:
        return False
    if any(w in _NOT_IN_ROLE for w in words[:1]) or any(
        w in ("is", "was", "has", "had", "said", "says", "have", "are", "were") for w in words
    ):
        return False
    if words[0].endswith("ed") and words[0] not in ("retired", "elected"):
        return False
    head_zone = words[:6]
    if any(w in _ROLE_NOUNS or _bare(w) in _ROLE_NOUNS for w in head_zone):
        return True
    # "a former US trade negotiator": an article or "former" opening a short noun phrase
    return (
        words[0] in ("a", "an", "the", "former")
        and len(words) <= 8
        and not words[-1].endswith(("ly", "ed", "ing"))
    )


def _role_is_person(role: str) -> bool:
    words = [w.lower().rstrip(".,") for w in role.split()]
    head = _role_head(words)
    return head in PERSON_ROLE_NOUNS


def _role_head(words: list[str]) -> str:
    """Head noun of a role: the word before its first preposition ("professor of X")."""
    for n, w in enumerate(words):
        if w in ("of", "for", "at", "to", "in", "with", "on", "from") and n > 0:
            return words[n - 1]
    return words[-1] if words else ""


def _gender_of(word: str) -> str | None:
    if word in _MALE or word in ("spokesman", "congressman", "chairman", "businessman"):
        return "m"
    if word in _FEMALE or word in ("spokeswoman", "congresswoman", "chairwoman", "actress"):
        return "f"
    return None


# ---------------------------------------------------------------------------------------------
# The registry: phrases -> sources


# How far (characters) between a cue and its quotation pronouns are read as the speaker's.
_REPORT_REACH = 200
_HE_SHE = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")
# A capitalised word inside a sentence: possibly another person the pronoun could mean.
_OTHER_NAME = re.compile(r"(?<![.!?\n]\s)(?<=\s)[A-Z][a-z]")


# The writer's own first person in the narrative: "I", "my", "me" outside quotations.
_NARRATOR = re.compile(r"\b(?:I|my|My|me)\b")
_FIRST_PERSON_MIN = 3
_ANY_QUOTE_MARK = re.compile('["“”«»\x01]')


# Heads of a description of a news outlet ("the paper"), and of a person by age.
_MEDIA_HEADS = frozenset(
    {"paper", "newspaper", "broadcaster", "network", "outlet", "publication", "magazine"}
    | {"daily", "tabloid", "channel", "station", "agency", "broadsheet", "weekly"}
)
_AGE_NOUN = re.compile(r"\d{1,3}-year-old")


@dataclass(slots=True)
class _Entry:
    name: str
    kind: SourceKind
    roles: list[str]
    mentions: set[tuple[int, int]]
    tokens: tuple[str, ...]
    gender: str | None
    person: bool
    last_seen: int
    descriptive: bool = False


@lru_cache(maxsize=4096)
def _name_tokens(name: str) -> tuple[str, ...]:
    words = [_bare(w).strip(".") for w in name.split()]
    words = [w for w in words if w and w not in _PERSON_HONORIFICS and w not in ("the",)]
    return tuple(words)


class SourceRegistry:
    """The sources of one article, built in reading order so pronouns find their antecedent."""

    def __init__(self, text: str, masked: str | None = None) -> None:
        self.text = text
        self.masked = text if masked is None else masked
        self.entries: list[_Entry] = []
        # head span -> source: one mention read by two frames ("He pledged to ... and pledged
        # a '...'") refers to one source; resolving it again would skip the source it just
        # touched (its last mention is no longer before the pronoun)
        self._resolved: dict[tuple[int, int], int | None] = {}
        self._first_person: bool | None = None

    # -- resolution ---------------------------------------------------------------------------

    def resolve(self, phrase: Phrase | None) -> int | None:
        """Index of the source `phrase` refers to (registering it if new), or None if nobody."""
        if phrase is None:
            return None
        if phrase.form == "generic":
            # "officials said", "some analysts say": a described group is a source of this
            # article (stored under the article, never merged across the archive); a bare
            # quantifier ("most", "others", "at least one") describes no one
            head = phrase.name.split()[-1].lower() if phrase.name else ""
            if head in _QUANTIFIERS or not head.isalpha() or len(head) < 4:
                return None
            phrase.form = "description"
        if phrase.head in self._resolved:
            idx = self._resolved[phrase.head]
            return idx if idx is None else self._touch(idx, phrase)
        if phrase.form == "description" and phrase.name[:1].isupper():
            _trim_name_tail(phrase)
            if all(w[:1].isupper() for w in phrase.name.split()):
                phrase.form = "name"  # "Sanders presumably believes": a name and an adverb
        if phrase.form == "pronoun":
            idx = self._resolve_pronoun(phrase)
        elif phrase.form == "description":
            idx = self._resolve_description(phrase)
        else:
            idx = self._resolve_name(phrase)
        self._resolved[phrase.head] = idx
        return idx

    def _touch(self, idx: int, phrase: Phrase) -> int:
        entry = self.entries[idx]
        entry.mentions.add(phrase.head)
        for span in phrase.extra_mentions:
            entry.mentions.add(span)
        entry.last_seen = max(entry.last_seen, phrase.head[0])
        for role in phrase.roles:
            if role not in entry.roles:
                entry.roles.append(role)
        if phrase.gender and not entry.gender:
            entry.gender = phrase.gender
        if phrase.person and not entry.person and entry.kind in ("other", "person"):
            entry.person = True
            entry.kind = "person"
        return idx

    def _resolve_name(self, phrase: Phrase) -> int | None:
        _cut_to_given_name(self.text, phrase)
        _trim_name_tail(phrase)
        if phrase.name in _INDEFINITE_PRONOUNS or phrase.name.lower() in _QUANTIFIERS:
            return None  # "Nobody opposed him", "Everyone agreed": no one in particular
        toks = _name_tokens(phrase.name)
        if not toks:
            return None
        best = None
        for idx, entry in enumerate(self.entries):
            if entry.descriptive:
                continue
            et = entry.tokens
            if et == toks or (
                len(toks) < len(et)
                and et[-len(toks) :] == toks
                and et[-len(toks) - 1].lower() not in ("of", "for", "to", "against", "and")
            ):
                # "Trump" for "Donald Trump"; not "Sanders" for "Supporters of Sanders"
                best = idx
            elif len(et) < len(toks) and toks[-len(et) :] == et and entry.kind != "media":
                # a longer name for a source first met by a short one: the longest is canonical
                entry.name, entry.tokens = phrase.name, toks
                if entry.gender is None and entry.kind == "person":
                    entry.gender = name_gender(toks[0])
                best = idx
            elif (
                len(toks) == 1
                and len(et) > 1
                and toks[0] in et[1:]
                and entry.kind != "person"
                and et[et.index(toks[0], 1) - 1].lower() not in ("of", "for", "against", "and")
            ):
                best = idx  # "the Mission" for "Russia's Permanent Mission to the UN"
            elif entry.kind != "person" and _abbreviates(phrase.name, entry.name):
                best = idx  # "WHO" for the World Health Organization named before
            elif entry.kind != "person" and _abbreviates(entry.name, phrase.name):
                # the expansion of an acronym met first: the full name is canonical
                entry.name, entry.tokens = phrase.name, toks
                best = idx
            if best is not None:
                break
        if best is None and is_acronym(phrase.name):
            expansion = _expansion_in(self.masked, phrase.name)
            if expansion is not None:
                phrase.name = expansion
                return self._resolve_name(phrase)
        if best is None and len(toks) == 1 and phrase.name[:1].isupper():
            longer = self._longer_name(phrase.name)
            if (
                longer is not None
                and not _given(longer.split()[0])
                and _area_kind(phrase.name) is not None
            ):
                longer = None  # "Canada" is not "Statistics Canada" (but "Hamilton" is Bruce's)
            if longer is not None:
                phrase.name = longer
                return self._resolve_name(phrase)
        if best is None:
            kind = classify(phrase.name, phrase.roles, phrase.person)
            gender = phrase.gender
            if gender is None and kind == "person" and (len(toks) >= 2 or _given(toks[0])):
                gender = name_gender(toks[0])
            self.entries.append(
                _Entry(
                    phrase.name,
                    kind,
                    [],
                    set(),
                    toks,
                    gender,
                    kind == "person",
                    phrase.head[0],
                )
            )
            best = len(self.entries) - 1
        return self._touch(best, phrase)

    def _resolve_pronoun(self, phrase: Phrase) -> int | None:
        low = phrase.name.lower()
        pos = phrase.head[0]
        candidates = [(e.last_seen, idx) for idx, e in enumerate(self.entries) if e.last_seen < pos]
        candidates.sort(reverse=True)
        if low in ("he", "she"):
            # A person cited nearby wins; else the nearest personal name in the text before
            # ("Susan Sarandon spoke to the crowd. '...,' she said."); else anyone cited.
            near = [c for c in candidates if pos - c[0] < _NEAR and self._is_person(c[1], phrase)]
            if near:
                return self._touch(near[0][1], phrase)
            named = self._nearest_name(pos, phrase.gender)
            recent = self._recent_person(pos, phrase.gender)
            if recent is not None and (
                named is None or recent[0] >= named.start or named.gender is None
            ):
                # "Delaney also outlined ... tougher rules for Wall Street ..., which he
                # said": a person already cited and named again by surname comes before a
                # later capitalised pair that no title or given name makes a person
                return self._touch(recent[1], phrase)
            if named is not None:
                idx = self._resolve_name(named)
                if idx is not None:
                    return self._touch(idx, phrase)
        for _, idx in candidates:
            e = self.entries[idx]
            if low in ("he", "she"):
                if e.kind != "person" and not (e.kind == "other" and len(e.tokens) >= 2):
                    continue
                if e.gender and phrase.gender and e.gender != phrase.gender:
                    continue
                if not e.gender:
                    e.gender = phrase.gender
                return self._touch(idx, phrase)
            if low == "it":
                if e.kind in ("organization", "government", "media") or e.descriptive:
                    return self._touch(idx, phrase)
                continue
            if low == "they":
                if e.kind != "person" or (e.descriptive and e.name.endswith("s")):
                    return self._touch(idx, phrase)  # an organisation, or "the protesters"
                continue
            if low in ("who", "which"):
                return self._touch(idx, phrase)
        if low in ("he", "she"):
            # Nobody of that gender cited before: the nearest person all the same. Given-name
            # lists miss many names, and the pronoun does refer to someone the article cites.
            for _, idx in candidates:
                e = self.entries[idx]
                if e.kind == "person" or (e.kind == "other" and len(e.tokens) >= 2):
                    return self._touch(idx, phrase)
            return None
        if low in ("i", "we") and self._first_person_piece():
            # the narrator of a column or an op-ed, written in the first person throughout;
            # elsewhere a stray "I" is a quotation's word the marks did not enclose, and the
            # writer of a news report is not one of its sources
            return self._author(phrase)
        return None

    def _first_person_piece(self) -> bool:
        """True when the narrative (outside quotations) says "I" or "my" at least 3 times."""
        if self._first_person is None:
            # paragraphs with a quotation mark are left out: an unclosed quotation (a
            # speaker's words running over paragraphs) is not the writer's narrative
            plain = (p for p in self.masked.split("\n") if not _ANY_QUOTE_MARK.search(p))
            n = sum(len(_NARRATOR.findall(p)) for p in plain)
            self._first_person = n >= _FIRST_PERSON_MIN
        return self._first_person

    def _longer_name(self, short: str) -> str | None:
        """The fuller form of a one-word name in the article ("Dana Wells" for "Wells")."""
        masked = self.masked
        n = len(masked)
        pos = masked.find(short)
        fallback: str | None = None
        while pos != -1:
            end = pos + len(short)
            if end >= n or not (masked[end].isalnum() or masked[end] == "-"):
                m = _NAME_BEFORE.search(masked, max(0, pos - 40), pos)
                if m is not None:
                    words = m.group(1).split()
                    if (
                        words[0] in NON_NAME_CAPS
                        or words[0].lower().rstrip(".") in HONORIFICS
                        or (len(words) == 2 and _is_title_word(words[0]) and name_gender(words[1]))
                    ):
                        # "Secretary of State Jon Husted": an office's last word stands before
                        # the given name; the name is the given name and the surname
                        words = words[1:]
                    while words and (words[0] in _LEADING_ROLE_WORDS or words[0] == "AG"):
                        words = words[1:]  # "Former AG Mukasey", "Rival Clinton": roles
                    if words:
                        words[0] = _GLUED_TIME.sub("", words[0], count=1)  # "11:19PMDonald"
                    given = [name_gender(_bare(w).lower()) is not None for w in words]
                    if any(given[1:]) and not given[0]:
                        words = words[given.index(True, 1) :]  # "Says Donald Trump"
                    elif words and not given[0] and _area_kind(" ".join(words)) is not None:
                        pos = masked.find(short, end)  # "Alabama Hannah": a place, then a name
                        continue
                    elif words and not given[0] and _in_headline(masked, pos):
                        # a headline's "Internal Trump University": a title-case line's word
                        pos = masked.find(short, end)
                        continue
                    elif words and not given[0] and _opens_sentence(masked, m.start(1)):
                        # "Maybe Trump is ...": a sentence's first word may be no name; a
                        # form led by a given name elsewhere is preferred
                        if fallback is None and self._plain_name(words):
                            fallback = " ".join([*words, short])
                        pos = masked.find(short, end)
                        continue
                    if words and self._plain_name(words):
                        return " ".join([*words, short])
            pos = masked.find(short, end)
        return fallback

    @staticmethod
    def _plain_name(words: list[str]) -> bool:
        """True when no word is a title, an honorific or an institution's word."""
        return not any(
            w in NON_NAME_CAPS
            or w.lower() in HONORIFICS
            or w.lower() in ORGANIZATION_WORDS
            or w.lower() in GOVERNMENT_WORDS
            for w in words
        )

    def _recent_person(self, pos: int, gender: str | None) -> tuple[int, int] | None:
        """(position, source) of the last surname of a cited person in the few hundred
        characters before `pos`, skipping people whose gender is known to differ."""
        masked = self.masked
        start = max(0, pos - _NEAR)
        best: tuple[int, int] | None = None
        for idx, e in enumerate(self.entries):
            if e.descriptive or e.kind != "person" or len(e.tokens) < 2:
                continue
            if gender and e.gender and gender != e.gender:
                continue
            last = _strip_possessive(e.name.split()[-1])
            if len(last) < 3 or not last[:1].isupper():
                continue
            at = masked.rfind(last, start, pos)
            while at != -1:
                end = at + len(last)
                if (at == 0 or not masked[at - 1].isalnum()) and not (
                    end < len(masked) and masked[end].isalnum()
                ):
                    break
                at = masked.rfind(last, start, at)
            if at != -1 and (best is None or at > best[0]):
                best = (at, idx)
        return best

    def _is_person(self, idx: int, phrase: Phrase) -> bool:
        e = self.entries[idx]
        if e.kind != "person" and not (e.kind == "other" and len(e.tokens) >= 2):
            return False
        return not (e.gender and phrase.gender and e.gender != phrase.gender)

    def _nearest_name(self, pos: int, gender: str | None = None) -> Phrase | None:
        """The last personal name (two or more capitalised words, or a title and a name) in
        the few hundred characters before `pos`, as a phrase; with `gender`, the last whose
        title or given name does not say the other gender."""
        masked = self.masked
        start = max(0, pos - _NEAR)
        found = None
        found_gender = None
        for m in _PERSON_NAME.finditer(masked, start, pos):
            given = m.group(2).split()[0]
            first = m.group(1) or given
            if first in NON_NAME_CAPS or given in NON_NAME_CAPS:
                continue
            title = (m.group(1) or "").lower().rstrip(".")
            said_gender = (_gender_of(title) if title else None) or name_gender(given)
            if gender and said_gender and said_gender != gender:
                continue
            found, found_gender = m, said_gender
        if found is None:
            return None
        a, b = found.start(2), found.end(2)
        name = _strip_possessive(masked[a:b])
        title = (found.group(1) or "").lower().rstrip(".")
        kind_words = [w.lower() for w in name.split()]
        if any(
            w in ORGANIZATION_WORDS or w in GOVERNMENT_WORDS or w in MEDIA_WORDS for w in kind_words
        ):
            return None
        return Phrase(
            "name",
            a,
            b,
            (a, a + len(name)),
            name=name,
            person=True,
            gender=found_gender,
        )

    def _author(self, phrase: Phrase) -> int:
        """First person in the narrative: the article's author is the source."""
        for idx, e in enumerate(self.entries):
            if e.descriptive and e.name == "the author":
                return self._touch(idx, phrase)
        self.entries.append(
            _Entry(
                "the author",
                "person",
                [],
                set(),
                ("author",),
                None,
                True,
                phrase.head[0],
                descriptive=True,
            )
        )
        return self._touch(len(self.entries) - 1, phrase)

    def _resolve_description(self, phrase: Phrase) -> int | None:
        words = [_bare(w).strip(".,") for w in phrase.name.split()]
        words = [w for w in words if w not in DETERMINERS]
        head = words[-1] if words else ""
        if not head:
            return None
        for _, idx in sorted(((e.last_seen, i) for i, e in enumerate(self.entries)), reverse=True):
            e = self.entries[idx]
            if e.descriptive and e.name.lower() == phrase.name.lower():
                return self._touch(idx, phrase)
            hay = " ".join([*e.tokens, *(r.lower() for r in e.roles)])
            if head in hay.split() or (len(head) > 3 and f" {head}" in f" {hay}"):
                return self._touch(idx, phrase)
        definite = phrase.name[:4].lower() == "the "
        if definite and head.lower() in _MEDIA_HEADS:
            # "the paper said", "the broadcaster reported": the outlet last cited
            for _, idx in sorted(
                ((e.last_seen, i) for i, e in enumerate(self.entries)), reverse=True
            ):
                e = self.entries[idx]
                if e.kind == "media" and not e.descriptive and e.last_seen < phrase.head[0]:
                    return self._touch(idx, phrase)
        if definite and _AGE_NOUN.fullmatch(head):
            # "the 22-year-old": the person last named (cited or not), as a pronoun would be
            phrase.person = True
            named = self._nearest_name(phrase.head[0], phrase.gender)
            recent = self._recent_person(phrase.head[0], phrase.gender)
            if named is not None and (recent is None or named.start > recent[0]):
                found = self._resolve_name(named)
                if found is not None:
                    return self._touch(found, phrase)
        if phrase.person and definite:
            # "the senator", "the retired neurosurgeon": a definite description of a person
            # names someone the article has introduced, most often the person last cited.
            gender = phrase.gender or _gender_of(head)
            pos = phrase.head[0]
            for last_seen, idx in sorted(
                ((e.last_seen, i) for i, e in enumerate(self.entries)), reverse=True
            ):
                e = self.entries[idx]
                if last_seen >= pos or e.descriptive or e.kind != "person":
                    continue
                if pos - last_seen > _DESCRIPTION_REACH:
                    break
                if gender and e.gender and gender != e.gender:
                    continue
                return self._touch(idx, phrase)
        # a new described source, named as written
        name = phrase.name
        kind = classify(name, [], phrase.person)
        self.entries.append(
            _Entry(
                name,
                kind,
                [],
                set(),
                tuple(words),
                phrase.gender,
                phrase.person,
                phrase.head[0],
                descriptive=True,
            )
        )
        return self._touch(len(self.entries) - 1, phrase)

    # -- output -------------------------------------------------------------------------------

    def add_name_mentions(self, masked: str) -> None:
        """Every further occurrence of a source's name (or unambiguous last name) as a mention."""
        aliases: dict[str, set[int]] = {}
        for idx, e in enumerate(self.entries):
            if e.descriptive:
                continue
            aliases.setdefault(e.name, set()).add(idx)
            if e.kind == "person" and len(e.tokens) >= 2:
                parts = e.name.split()
                n = len(parts) - 1
                while n > 1 and parts[n - 1].lower() in NAME_PARTICLES:
                    n -= 1
                last = " ".join(parts[n:])
                if (len(last) > 2 and last[:1].isupper()) or " " in last:
                    aliases.setdefault(last, set()).add(idx)
        usable = {a: next(iter(ids)) for a, ids in aliases.items() if len(ids) == 1}
        text = self.text
        n = len(text)
        for alias, idx in usable.items():
            mentions = self.entries[idx].mentions
            width = len(alias)
            pos = text.find(alias)
            while pos != -1:
                end = pos + width
                before = text[pos - 1] if pos else " "
                after = text[end] if end < n else " "
                if not (before.isalnum() or before == "-") and not (
                    after.isalnum() or after == "-"
                ):
                    mentions.add((pos, end))
                pos = text.find(alias, end)

    def add_reported_pronouns(self, idx: int, masked: str, start: int, end: int) -> None:
        """Mention the subject pronouns a source's own report uses for it.

        "Trump says that even though he'd replace Yellen, he thinks she's done a '...'", "When
        he returned he began by saying": between a person's cue and the quotation, "he" or
        "she" of that person's gender is the speaker, as long as no other name stands there.
        """
        e = self.entries[idx]
        if e.descriptive or e.kind != "person" or end - start > _REPORT_REACH:
            return
        found = list(_HE_SHE.finditer(masked, start, end))
        if not found or _OTHER_NAME.search(masked, start, end) is not None:
            return
        forms = {m.group().lower() for m in found}
        gender = e.gender or (("m" if "he" in forms else "f") if len(forms) == 1 else None)
        for m in found:
            if gender is not None and _gender_of(m.group().lower()) == gender:
                e.mentions.add((m.start(), m.end()))

    def sources(self) -> tuple[list[Source], dict[int, str]]:
        """Sources in order of first mention and the map from registry index to source id."""
        order = sorted(
            range(len(self.entries)),
            key=lambda i: min(self.entries[i].mentions) if self.entries[i].mentions else (0, 0),
        )
        ids: dict[int, str] = {}
        out: list[Source] = []
        for n, idx in enumerate(order, 1):
            e = self.entries[idx]
            sid = f"S{n}"
            ids[idx] = sid
            mentions = _outermost(e.mentions)
            out.append(
                Source(id=sid, name=e.name, kind=e.kind, roles=list(e.roles), mentions=mentions)
            )
        return out, ids


def _is_title_word(word: str) -> bool:
    """True for a capitalised word of an office or body ("State", "Senate", "Party")."""
    low = word.lower()
    return low in ORGANIZATION_WORDS or low in GOVERNMENT_WORDS or low in HONORIFICS


def _outermost(spans: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Mention spans without those nested in a longer one ("Mistura" in "de Mistura")."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans, key=lambda s: (s[0], -s[1])):
        if out and a >= out[-1][0] and b <= out[-1][1]:
            continue
        out.append((a, b))
    return out


def _area_kind(name: str) -> SourceKind | None:
    """The kind of a capitalised name that is an area's, or None for a name that is not."""
    from archive.extract.gazetteer import GOVERNED_AREAS, REGION_CODES, get_gazetteer

    g = get_gazetteer()
    codes = {g.fcode[i] for i in g.lookup(name)}
    if codes & GOVERNED_AREAS:
        return "government"
    return "other" if codes & REGION_CODES else None


def classify(name: str, roles: list[str], person_hint: bool) -> SourceKind:
    """Kind of a source from its name's head words and the roles written for it."""
    return _classify(name, tuple(roles), person_hint)


# Last words that make a capitalised name a building or a place, not a person.
_PLACE_HEADS = frozenset(
    {"tower", "towers", "building", "plaza", "square", "street", "avenue", "road", "hall"}
    | {"stadium", "arena", "park", "bridge", "airport", "station", "palace", "castle"}
)


@lru_cache(maxsize=4096)
def _classify(name: str, roles: tuple[str, ...], person_hint: bool) -> SourceKind:
    words = [_bare(w).strip(".,()") for w in name.split()]
    role_words = [w.lower().strip(".,") for r in roles for w in r.split()]
    role_head = _role_head(role_words) if role_words else ""
    if role_head in ("agency", "newspaper", "channel", "broadcaster", "outlet", "tv", "daily"):
        return "media"
    if any(w in MEDIA_WORDS for w in words) and not person_hint:
        if any(w in ("ministry", "mission", "department") for w in words):
            return "government"
        return "media"
    if (
        any(w in GOVERNMENT_WORDS for w in words[1:] or words)
        and not person_hint
        and (len(words) >= 2 or words[0] in ("kremlin", "pentagon", "fbi", "cia", "congress"))
    ):
        return "government"
    if any(w in ORGANIZATION_WORDS for w in words) and not person_hint:
        return "organization"
    low = [w.lower() for w in words]
    if not person_hint and all(w in PARTY_NAMES or w in ("new", "the", "party") for w in low):
        return "organization"  # "New Labour", "Lib Dems", "the Tories"
    if person_hint or role_head in PERSON_ROLE_NOUNS:
        return "person"
    if len(words) >= 2 and words[-1].lower() in _PLACE_HEADS and not _given(words[0]):
        return "other"  # "Trump Tower", "Wembley Stadium": a building or a place
    if any(_is_possessive(w) for w in name.split()[:-1]):
        return "other"  # "Trump's Islamaphobia": a thing of someone, not a person
    if 2 <= len(words) <= 4 and all(w[:1].isupper() or w in NAME_PARTICLES for w in name.split()):
        area = _area_kind(name)
        if area is not None:
            return area  # "the United States said", "New York sued": its government
        if any(w.lower() in TEAM_WORDS for w in words) and not _given(words[0]):
            return "organization"  # "Real Sociedad", "Dinamo Bucharest", "Leeds United"
        return "person"
    if len(words) == 1 and name.isupper() and len(name) <= 6:
        return "organization"
    if len(words) == 1 and _given(words[0]):
        return "person"  # "Demi said": a given name alone names a person
    return "other"
