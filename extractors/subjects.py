"""Who a figure is about: the nearest maker, a market, or the entity in focus.

Makers named in passing (objects of "between", "backed by", relative clauses, appositive
possessives) are skipped; "the company", "it" and "the model" resolve to the entity in focus or the
last model named; figures about a whole market ("EVs made up 8% of new-vehicle sales in the U.S.")
take the market as subject.
"""

from __future__ import annotations

import re

from contract.spec import MARKET_METRICS, SPEC_METRICS, VOLUME_METRICS
from extractors.fast_start import fast_compile
from extractors.lexicon import english_words
from extractors.mentions import (
    ATTACHED_AFTER,
    MAKER_KINDS,
    MARKET_KINDS,
    Mention,
    coordinated,
    has_break,
    nearest_left,
    possessive_after,
    single_count,
)
from extractors.metrics import AVERAGE_PRICE, BARE_BASE_BEFORE
from extractors.periods import OPENS_BRACKET
from extractors.prefilter import prefilter_compile
from extractors.registry import body_market, derived_slug
from extractors.state import DocState, Figure

_OFF_OWNER = re.compile(r"\s+(?:off|from|to)\s+(?:the\s+)?", re.I)
_POSSESSIVE_FIGURE = re.compile(
    r"(?:'s|’s)\s+(?:(?:reported|own|record|combined|estimated)\s+)?(?:(?:[\w-]+\s+){0,3}?(?:total|tally|sales|deliveries|figure|revenue|profit|volume|output|plunge|drop|"
    r"fall|decline|rise|increase|gain|jump|surge|growth|slump)\s+"
    r"(?:of|at|was|were|stood\s+at|came\s+to|reached)\s+)?(?:about\s+|around\s+|nearly\s+|roughly\s+)?[$€£¥]?"
)  # "more than Tesla's 1,210", "behind BYD's October total of 165,505", "versus Tesla's plunge of 49 per cent", "Tesla's reported 2.2 billion"
DEMONYMS = {
    "chinese": "cn",
    "european": "europe",
    "german": "de",
    "japanese": "jp",
    "korean": "kr",
    "south korean": "kr",
    "american": "us",
    "us": "us",
    "british": "gb",
    "uk": "gb",
    "french": "fr",
    "indian": "in",
    "italian": "it",
    "swedish": "se",
    "norwegian": "no",
    "philippine": "ph",
    "thai": "th",
    "indonesian": "id",
    "malaysian": "my",
    "vietnamese": "vn",
    "australian": "au",
    "canadian": "ca",
    "brazilian": "br",
    "mexican": "mx",
    "turkish": "tr",
    "spanish": "es",
    "dutch": "nl",
    "belgian": "be",
    "danish": "dk",
    "polish": "pl",
    "austrian": "at",
    "swiss": "ch",
    "finnish": "fi",
    "irish": "ie",
    "portuguese": "pt",
    "israeli": "il",
    "south african": "za",
    "taiwanese": "tw",
    "kenyan": "ke",
    "nigerian": "ng",
    "ghanaian": "gh",
    "ethiopian": "et",
    "peruvian": "pe",
    "ukrainian": "ua",
    "kazakh": "kz",
    "iranian": "ir",
    "sri lankan": "lk",
    "icelandic": "is",
    "slovak": "sk",
    "croatian": "hr",
    "serbian": "rs",
    "bulgarian": "bg",
    "estonian": "ee",
    "latvian": "lv",
    "lithuanian": "lt",
    "cambodian": "kh",
    "uzbek": "uz",
    "pakistani": "pk",
    "egyptian": "eg",
    "moroccan": "ma",
    "chilean": "cl",
    "colombian": "co",
    "argentine": "ar",
    "argentinian": "ar",
    "saudi": "sa",
    "emirati": "ae",
    "singaporean": "sg",
    "russian": "ru",
    "czech": "cz",
    "romanian": "ro",
    "greek": "gr",
    "hungarian": "hu",
    "bangladeshi": "bd",
    "filipino": "ph",
}
_GROUP = fast_compile(
    r"(?:^|[,;:]\s*|\b(?:that|as|while|where)\s+)(?P<who>Chinese|European|German|Japanese|South\s+Korean|Korean|"
    r"American|U\.?S\.?|British|U\.?K\.?|French|Indian|Italian|Swedish|[Dd]omestic|[Ll]ocal)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:carmakers|automakers|makers|manufacturers|brands|EV\s+makers|companies|"
    r"producers|automotive\s+groups|EVs|NEVs|cars|vehicles|models)\b(?!\s*(?:'s|’s|'))[^,;]*$"
)
_MAKER_CONTEXT = fast_compile(
    r"\b(?:(?:[Tt]otal|[Oo]verall)(?!\s+(?:passenger|EV|electric|NEV|new[\s-]energy|PV|car|industry|market)\b)|"
    r"[Ii]ts|[Tt]heir|of\s+which|[Ww]e\s+(?:estimate|expect|forecast|see)|"
    r"[Aa]t\s+home|[Dd]omestic\s+sales|[Oo]verseas\s+sales|[Ss]ales\s+(?:abroad|overseas|(?:of|in)\s+overseas\s+markets?))\b"
)  # words that make a figure the maker's own: "its", "At home, sales were down 9.6%", "overseas sales rose 2%"
_AT_MAKER = re.compile(
    r"\s*(?:(?:year[\s-]on[\s-]year|y/y|yoy|from\s+a\s+year\s+(?:earlier|ago))\s*,?\s*)?"
    r"(?:(?:fall|drop|decline|rise|gain|jump|plunge|slump|increase|decrease|surge)\s+)?(?:at|for)\s+(?:the\s+)?",
    re.I,
)
_FOR_MODEL_AFTER = re.compile(
    r"[)\]]?\s*(?:\([^)]{0,30}\)\s*)?for\s+(?:the\s+|its\s+|a\s+|an\s+)?(?:(?:new|base|entry[\s-]level|cheapest)\s+)?"
)  # "pricing at about $40000 for the Model 3": the model priced
_PRICE_OF_AFTER = re.compile(
    r"[)\]]?\s*(?:\([^)]{0,30}\)\s*)?(?:starting\s+|base\s+|entry\s+|retail\s+|sticker\s+)?price\s+(?:tag\s+)?"
    r"(?:of|for)\s+(?:the\s+|its\s+)?",
    re.I,
)
_UNITS_OF_MODEL = re.compile(
    r"\s*(?:units?|vehicles|cars)?\s*of\s+(?:that|this|the|its)\s+(?:[\w-]+\s+){0,2}?(?:model|vehicle|car|SUV|sedan|EV)\b",
    re.I,
)
_PARTICIPLE_OPENING = re.compile(
    r"\s*(?:Priced|Starting|Available|Offered|Sold|Launched|Retailing|Selling|While|Although|Though|Despite|With)\b"
    r"[^,;]{0,80},",
    re.I,
)  # a participle or subordinate clause first: its figure is the main clause's subject's
_BREAKDOWN_OPENING = re.compile(
    r"\s*(?:This|That|These|The\s+total|The\s+figure)\s+(?:includes?|included|comprises?|comprised|consists?\s+of|"
    r"consisted\s+of|breaks?\s+down\s+(?:in)?to)\b|\s*Of\s+(?:this|these|that|the\s+total|them|which)\b"
)  # a breakdown of the figure just given
_WITH_OPENING = re.compile(
    r"\s*(?:With|Having|After)\b[^,;]{0,90},"
)  # a fronted clause about the main subject
_TO_MAIN_SUBJECT = re.compile(
    r"[^,;]*,\s*(?:the\s+|its\s+)?(?:(?:rival|carmaker|automaker|brand|company|maker|startup|giant|group|"
    r"electric|EV|Chinese|American|US|U\.S\.|German|Japanese|Korean|South\s+Korean)\s+){0,2}"
)  # the main clause opens with the maker (not "it surpasses Tesla's ...")
_CLAUSE_END = re.compile(r"\s*(?:$|[.,;:)]|and\b|while\b|but\b|whereas\b)")
_PRICE_OF_MODEL = re.compile(r"\s*(?:[\w-]+\s+){0,2}?(?:on|for|of)\s+(?:the\s+|its\s+)?")
_TRIM = fast_compile(r"\b(?:grade|trim|trim\s+level|version|variant|edition)\b", re.I)
_OBJECT_AFTER_COUNT = re.compile(
    r"\b(?:(?:led|driven|headed|spearheaded|topped)\s+by|including|such\s+as|than|behind|ahead\s+of)\s+(?:the\s+)?$",
    re.I,
)
_RIGHT_SUBJECT = re.compile(
    r"^\s*(?:units?|vehicles|cars)?\s*(?:(?:came|come|coming)\s+)?(?:of|from|for|being)\s+(?:the\s+)?[^\d;.]{0,70}$"
)  # "14,000 units of the Enyaq", "over 6,000 units came from its newly launched compact brand, Firefly"
_COUNT_THEN_NAME = re.compile(
    r"\s*(?:units?|vehicles|cars|EVs|electric\s+(?:cars|vehicles))?\s*(?:that\s+|which\s+)?"
)
_NAME_THEN_COUNT_VERB = re.compile(
    r"(?:['’]s\s+\w+\s+)?\s+(?:(?:had\s+|has\s+|have\s+)?managed\s+to\s+(?:sell|deliver|register|ship|build|produce|make)|"
    r"(?:had\s+|has\s+)?(?:sold|delivered|registered|shipped|produced|built|exported))\b"
)
_MADE_BY = re.compile(
    r"\s*(?:of\s+(?:these|those|them)(?:\s+[\w-]+)?\s*)?(?:,\s*or\s+[\d.,]+\s*(?:%|percent|per\s+cent)\s*,\s*)?"
    r"(?:(?:units|vehicles|cars|EVs)\s+)?(?:(?:were\s+|was\s+)?(?:sold|delivered|registered|produced|built|made|"
    r"shipped|exported)\s+)?by\s+(?:the\s+)?"
)  # "56,171 EVs sold by MINI", "5,596 of these BEVs, or 80.3%, were sold by BYD"
_ASIDE_LIST = re.compile(r",\s*(?:including|such\s+as|like|among\s+them)\b", re.I)
_OWNERS_MODEL = re.compile(
    r"\b(?:its|their|the\s+company['’]s|the\s+group['’]s)\s+(?:[\w-]+\s+){0,5}?models?\b", re.I
)
_VERB_AFTER = re.compile(
    r"\s+(?:\w+ed|topped|sold|rose|fell|grew|hit|saw|took|made|won|lost|came|beat|led|has|had|is|was|were)\b"
)  # "... for the first time in months, JSW MG Motor topped 4,700": the name opens the next clause
MAKER_NOUN = re.compile(
    r"^\s*\)?\s*(?:\(\w+\)\s*)?(?:maker|makers|company|giant|manufacturer|brand|startup|arm|automaker|"
    r"carmaker|firm|unit|sedan|SUV|model|hatchback|pioneer|player|rival|powerhouse|leader)\b",
    re.I,
)
NOT_SUBJECT_BEFORE = prefilter_compile(
    r"\b(?:between|from|like|including|across|than|versus|vs\.?|against|such\s+as|part\s+of|"
    r"below|above|behind|ahead\s+of|under|among|overtook|overtaking|overtakes|overtake|surpassed|surpassing|"
    r"outsold|outselling|outsells|outpaced|outpaces|eclipsed|eclipses|edged\s+out|beat|beats|beating|topped|tops|trailing|trailed|trails|surpasses|overtaking|"
    r"(?:a\s+)?(?:unit|subsidiary|division|member|affiliate)\s+of|(?:partner|rival|supplier|customer|competitor)s?\s+(?:of|to)|"
    r"(?:owner|owners|parent|parent\s+company)\s+of|"
    r"counts|count|counting|supplies|supply|supplying|customers\s+(?:include|including|such\s+as)|"
    r"partnered\s+with|partnership\s+with|(?:backed|owned|produced|made|built|developed|operated|powered|supplied|"
    r"made|manufactured|assembled|controlled|run|led|founded|acquired|bought)\s+by)\s+(?:the\s+)?$|"
    r"\bbetween\s+(?:the\s+)?[\w&.’'-]+(?:\s+[\w&.’'-]+){0,3}\s+and\s+(?:the\s+)?$|"
    # "MG Motor India, a subsidiary of Chinese automotive manufacturer SAIC Motor": the owner, described
    r"\b(?:unit|subsidiary|division|member|affiliate|arm)\s+of\s+(?:the\s+)?(?:[A-Za-z][\w-]*\s+){1,3}$|"
    r"\b(?:[Ll]ike|[Uu]nlike)\s+(?:its|their|the)\s+(?:[\w-]+\s+){0,2}$|"  # "Like its rival BYD, Geely sold"
    r"^\s*(?:[Jj]ust\s+|[Mm]uch\s+)?(?:[Ll]ike|[Uu]nlike)\s+(?:[a-z][\w-]*\s+){0,2}$|"  # "Just like rival Mercedes,"
    # "Tesla topped local auto giants Hyundai Motor": a rival described after the comparative verb
    r"\b(?:overtook|overtakes|surpassed|surpasses|outsold|outsells|outpaced|outpaces|beat|beats|topped|tops|"
    r"trailed|trails|eclipsed|eclipses)\s+(?:the\s+)?(?:(?!(?:and|or|while|but|as|with|by|in)\b)[a-z][\w-]*\s+){1,3}$",
    re.I,
)
_APPOSITIVE = re.compile(r"^\s*,\s*(?:the|a|an|its|which|who|whose|one\s+of|[\w-]+(?:'s|’s))\b")
_RELATIVE = re.compile(r",\s*(?:which|who|whose|featuring|including)\b", re.I)
_SUBORDINATE_ANAPHOR = prefilter_compile(
    r"\b(?:after|as|when|while|because|since|before|until|although|though|where)\s+(?:the|this)\s+"
    r"(?:[\w()’'-]+\s+){0,3}?(?:company|automaker|carmaker|maker|firm|manufacturer|group|giant|startup)\b",
    re.I,
)  # a definite description in a subordinate clause: the main clause's subject
_MAKER_ANAPHOR = fast_compile(
    r"\b(?:the|this|that|its|their)\s+(?:[\w()’'.,-]+\s+){0,5}?(?:company|automaker|carmaker|"
    r"maker|firm|group|manufacturer|brand|giant|startup|EV\s+maker|counterpart|business|division|subsidiary)(?:'s|’s)?\b|"
    r"\b(?:the|this|that)\s+[\w.]+-based\s+(?:[\w()’'.,-]+\s+){0,4}?(?:leader|player|pioneer|powerhouse|upstart|"
    r"newcomer|challenger|rival|specialist)\b|"
    r"(?<![\w-])(?:it|It|its|Its)\b",
    re.I,
)
_PREDICATE_NOUN = re.compile(
    r"\s+(?:is|was|remains|remained|became|has\s+become|had\s+become)\s+(?:also\s+|now\s+|still\s+)?(?:the|a|an)\s+",
    re.I,
)
_MODEL_ANAPHOR = fast_compile(
    r"\b(?:the|this|that|its)\s+(?:[\w-]+\s+){0,3}?(?:model|SUV|sedan|car|vehicle|"
    r"hatchback|MPV|version|variant|edition|trim)(?:'s|’s)?\b"
    r"(?!\s*(?:\([^()]{0,12}\)\s*)?(?:sales|deliveries|registrations|shipments|exports|production|output|market|"
    r"segment|business|unit|division|makers?|brands?)\b)",  # not "its electric vehicle (EV) sales": a segment's
    re.I,
)
_TOPIC_MAKER = re.compile(r"\s*(?:[Ff]or|[Aa]t|[Aa]s\s+for|[Ii]n\s+the\s+case\s+of)\s+(?:the\s+)?")
_SEGMENT_SUBJECT_AFTER = re.compile(
    r"^\s*(?:\([^)]{1,12}\)\s*)?(?:also\s+|still\s+|now\s+|have\s+|has\s+|had\s+)?(?:made|make|makes|accounted|"
    r"account|accounts|took|take|takes|secured|captured|were|was|are|is|led|saw|rose|fell|grew|hit|sales|"
    r"registrations|climbed|increased|reached|continued|represented|constituted|comprised|performed|jumped|"
    r"surged|share|market)\b",
    re.I,
)


_RELATIVE_HEAD = re.compile(
    r"(?:\s+(?:brand|marque|unit|division|arm)(?:\s+in\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?)?"  # "the MG brand in Europe, which"
    r",?\s*(?:which|who)\s+(?:[a-z]+\s+){1,4}?(?:about\s+|around\s+|nearly\s+|over\s+)?"
)
_OF_THE = re.compile(r"\s*(?:of|in)\s+(?:the\s+)?(?:total\s+|overall\s+|whole\s+|entire\s+)?")
_DESCRIBES_MAKER = re.compile(
    r"(?:['’]s)?\s+(?:(?:EV|electric|electric-vehicle|car|auto|luxury|premium|state-owned|biggest|largest|leading|"
    r"top|[A-Z][\w-]*)\s+){0,2}(?:carmaker|automaker|car\s+maker|EV\s+maker|maker|manufacturer|startup|giant)s?\b"
)  # "the U.S. carmaker", "China's largest EV maker"; not "Germany rose as automakers ..."
_DESCRIBES_PLACE = re.compile(
    r"['’]s\s+(?:[\w-]+\s+){0,2}?(?:largest|biggest|second[\s-]largest|third[\s-]largest|top|leading)\s+"
    r"(?:[\w-]+\s+){0,3}?market\b"
)  # "the United Kingdom ..., becoming Europe's largest EV market": the region only ranks the place
_RANKED_AS = re.compile(r"\b(?:becoming|became|become|becomes|remains|remained|as)\s+$", re.I)
_BRACKET_OF_NAME = re.compile(
    r"\s*\(\s*(?:(?:up|down)\s+|[+-]\s*)?(?:[$€£¥]|RMB\s?|US\$)?"
)  # "Telluride (up 5%)"
_NAME_THEN_FIGURE = re.compile(r"\s*(?:\([^()\d]{1,40}\)\s*)?:?\s*")
_NAME_WITH_FIGURE = re.compile(
    r"\s+(?:with|at)\s+(?:about\s+|around\s+|nearly\s+|over\s+|more\s+than\s+|roughly\s+|just\s+(?:over|under)\s+)?"
    r"(?:[$€£¥]|RMB\s?|US\$)?"
)  # "ahead of TVS with 3,964 scooters", "followed by Volkswagen Group at 4 million vehicles": the name's figure
_BEATEN_BY_VERB = re.compile(
    r"\b(?:surpass(?:ed|es|ing)?|overt(?:ook|akes|aking|aken)|beat(?:s|ing)?|outs(?:old|ells|elling)|"
    r"topp(?:ed|ing)|edged\s+out|outpac(?:ed|es|ing)|eclips(?:ed|es|ing))\s+(?:the\s+|(?:its\s+)?rivals?\s+)?$",
    re.I,
)  # "Chevrolet has surpassed Ford with 37,000 EV sales": the figure the winner did it with, not the name beaten
_MARKET_NOUN = re.compile(r"(?:'s|’s)?\s+(?:[\w-]+\s+){0,2}?(?:market|sales|registrations)\b", re.I)
_MODEL_FOR_PRICE = re.compile(
    r"\s+(?:[a-z][\w-]*\s+){0,2}?(?:for|at|from|priced\s+at|starting\s+at)\s+"
    r"(?:about\s+|around\s+|just\s+|only\s+|as\s+(?:little|low)\s+as\s+)?(?:[$€£¥]|RMB|US\$)?",
    re.I,
)
_MAKER_DESCRIBED = re.compile(
    r"(?:'s|’s)\s+(?:[\w-]+\s+){0,3}?(?:maker|makers|carmaker|automaker|manufacturer|company|brand|firm|"
    r"player|seller|producer|group)\b",
    re.I,
)
_TOGETHER = re.compile(r"\b(?:together|combined|jointly|between\s+them)\b", re.I)


_FRONTED_WITH = re.compile(r"\s*With\s+(?:[^,;:]|,(?=\d)){3,120}?,(?!\d)\s*(?:the\s+)?")
_POSSESSIVE_AFTER = re.compile(r"(?:'s|’s)\s")
_BECOME_BEFORE = re.compile(
    r"\b(?:become|became|becomes|becoming|remains|remained|is\s+now|was\s+now|is\s+still|was\s+still)\s+"
    r"(?:also\s+|now\s+|still\s+)?$",
    re.I,
)
_COORDINATION = re.compile(r"\s*,?\s*(?:and|&|or|as\s+well\s+as)\s+(?:the\s+)?")  # not a comma alone


_NOT_OBJECTS: tuple[str, list[Mention], list[Mention]] = ("", [], [])  # the last answer of `_not_objects`


def not_objects(sent: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions not named as an object ("than Tesla", "between BYD and Nio", "topped Hyundai and Kia"):
    a name coordinated right after an object is one too. `choose_subjects` asks for every figure
    of a sentence, so the answer for the last sentence and mentions is kept (a list not to modify)."""
    global _NOT_OBJECTS
    last = _NOT_OBJECTS  # one read: another thread may replace it meanwhile
    if last[0] == sent and last[1] == mentions:
        return last[2]
    out, last_object = [], None
    for m in mentions:
        if _LISTED_BEFORE.search(sent, max(0, m.start - 20), m.start):
            if _WITH_FIGURE.match(sent, m.end):
                out.append(
                    m
                )  # "companies exceeded 10,000 sales, including BYD with 40,532 units": BYD's own figure
                continue
            last_object = (
                m  # "The dealers including Toyota Kenya, Isuzu East Africa and Simba Corp saw their 2020
            )
            continue  # sales drop": examples of the subject, none of them it
        if _RIVAL_OF.match(sent, m.end):
            continue  # "BYD, Tesla's main competitor, saw a 1000% jump": Tesla only describes BYD
        if _OWNER_IN_APPOSITIVE.match(sent, m.end) and any(
            o.kind == "model" and _MODEL_THEN_COMMA.fullmatch(sent, o.end, m.start) for o in mentions
        ):
            continue  # "the P7 Sedan, Xpeng's best-selling car, ...": the maker only describes its model
        if _POSSESSIVE_AFTER.match(sent, m.end) and _BECOME_BEFORE.search(
            sent, max(0, m.start - 30), m.start
        ):
            continue  # "The Equinox EV has become GM's sales leader with 10,329 deliveries": GM only ranks it
        if last_object is None and _MEASURE_FROM.search(sent, max(0, m.start - 80), m.start):
            out.append(m)  # "exports of fully electric vehicles from Hyundai Motor, Kia and Genesis": theirs
            continue
        if NOT_SUBJECT_BEFORE.search(sent[max(0, m.start - 60) : m.start]) or (
            last_object is not None
            and (
                _COORDINATION.fullmatch(sent, last_object.end, m.start)
                or re.fullmatch(r"\s*,\s*", sent[last_object.end : m.start])
                and _LIST_GOES_ON.match(sent, m.end)
                or _NAME_TAIL_LIST.fullmatch(sent, last_object.end, m.start)
            )  # "counts Tesla, Volkswagen, Li Auto, NIO as key customers": the whole list
        ):
            last_object = m
            continue
        out.append(m)
    _NOT_OBJECTS = (sent, list(mentions), out)
    return out


_CHANGES_IN = re.compile(
    r"(?<![\d.])\d+(?:\.\d+)?\s*(?:%|percent|per\s+cent)(?:\s*(?:,|and|,\s*and)\s*\d+(?:\.\d+)?\s*(?:%|percent|per\s+cent))*"
    r"\s+(?:[\w-]+\s+)?(?:drops?|falls?|declines?|decreases?|rises?|increases?|gains?|jumps?|growth)\s+in\s+(?:the\s+)?",
    re.I,
)
_NAMED_MEASURE_AFTER = re.compile(
    r"\s*(?:EV\s+|electric\s+)?(?:sales|deliveries|registrations|shipments)\b", re.I
)


_MEMBERS_OPEN = re.compile(
    r"\s*(?:\((?:[^()]*?:)?|,?\s*(?:including|incl\.|such\s+as|plus)\b)[^();]*$", re.I
)  # "in Europe (30 countries: EU + United Kingdom + ...", "in Europe, including Britain, Iceland, Norway"
_OWN_FIGURE_AFTER = re.compile(r"\s*(?:\(\s*)?(?:[+−–-]\s*)?\d|\s*(?:with|at|on)\s+\d")


def _member_places(sent: str, mentions: list[Mention]) -> set[int]:
    """Starts of places listed as members of a place named before them, in a bracket or an "including"
    list, with no figure of their own: the whole is what the sentence is about."""
    markets = [m for m in mentions if m.kind in MARKET_KINDS]
    return {
        m.start
        for i, m in enumerate(markets)
        if not _OWN_FIGURE_AFTER.match(sent, m.end)
        and any(w.end <= m.start and _MEMBERS_OPEN.fullmatch(sent, w.end, m.start) for w in markets[:i])
    }


def _changes_in_names(sent: str, at: int, mentions: list[Mention]) -> Mention | None:
    """The maker or model whose measure a listed change is of: in "12% and 8% drops in Ioniq 5 and Ioniq 6
    sales" the first figure is the Ioniq 5's, the second the Ioniq 6's."""
    for m in _CHANGES_IN.finditer(sent):
        if not m.start() <= at < m.end():
            continue
        figures = [
            f.start()
            for f in re.finditer(
                r"(?<![\d.])\d+(?:\.\d+)?(?=\s*(?:%|percent|per\s+cent))", sent[m.start() : m.end()], re.I
            )
        ]
        names = [x for x in mentions if x.kind in MAKER_KINDS and x.start >= m.end()]
        last = next((x for x in names if _NAMED_MEASURE_AFTER.match(sent, x.end)), None)
        if not names or names[0].start != m.end() or last is None:
            return None
        chain = coordinated(sent, names, last)
        if chain[0] is not names[0]:
            return None
        index = next((i for i, f in enumerate(figures) if m.start() + f == at), None)
        if index is None:
            return None
        if len(chain) == len(figures):
            return chain[index]
        return chain[0] if len(chain) == 1 else None
    return None


_RELATIVE_OPEN = re.compile(r",\s*(?:which|who)\b[^,;]*$")
_SEGMENT_SHARE_OPENING = re.compile(
    r"\s*(?:[\w,'’-]+\s+){0,3}?(?:(?:fully\s+|pure\s+|battery[\s-])?electric\s+(?:cars|vehicles)|EVs|BEVs|PHEVs|NEVs|"
    r"plug-ins|plug-in\s+(?:cars|vehicles|hybrids)|zero-emission\s+(?:cars|vehicles)|ZEVs)\s+(?:\([A-Z]+s?\)\s+)?"
    r"(?:(?:now|still|only|also|already)\s+)?(?:accounted\s+for|account\s+for|accounts\s+for|made\s+up|make\s+up|"
    r"makes\s+up|represented|represent|comprised|took)\s+(?:only\s+|just\s+|about\s+|around\s+|nearly\s+|almost\s+|"
    r"over\s+|more\s+than\s+|some\s+)?",
    re.I,
)  # a kind of vehicle as the clause's subject, its share of the whole to follow
_OF_ALL_SALES = re.compile(
    r"\s*(?:percent|per\s+cent)?\s*of\s+(?:all\s+|total\s+|the\s+)?(?:new\s+)?(?:car\s+|vehicle\s+|passenger[\s-]car\s+)?"
    r"(?:sales|registrations|purchases|cars\s+sold|vehicles\s+sold|the\s+market)\b",
    re.I,
)
_OF_FINANCIALS = re.compile(
    r"\s*(?:percent|per\s+cent)?\s*of\s+(?:its\s+|their\s+|the\s+(?:company|group)['’]s\s+|the\s+)?(?:annual\s+|total\s+|"
    r"full-year\s+)?(?:net\s+profits?|profits?|revenues?|earnings|net\s+income|income|turnover)\b",
    re.I,
)
_OF_OWN_SALES = re.compile(
    r"\s*(?:percent|per\s+cent)?\s*of\s+(?:the\s+(?:company|group|brand|automaker|carmaker|firm)['’]s|its|their)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:sales|deliveries|registrations|volumes?|output)\b",
    re.I,
)
_MEASURE_FROM = re.compile(
    r"\b(?:exports|sales|deliveries|shipments|registrations|production|output|revenue)\s+"
    r"(?:of\s+(?:[\w-]+\s+){1,4}?)?from\s+(?:the\s+)?$",
    re.I,
)
_OWNERS_BEFORE = re.compile(r"(?:(?:group|company|carmaker|automaker)['’]s|\bits|\btheir)\s+$", re.I)
_BRANDS_AFTER = re.compile(r"\s+(?:brands|marques)\b", re.I)
_NAMES_IN_BRACKETS = re.compile(
    r"\((?=[^()]*,)[^()\d]{1,80}\)"
)  # "the group with fifteen brands (Peugeot, Fiat, Chrysler)"
_RELATIVE_ASIDE = re.compile(
    r",\s*(?:which|who)\s[^,;()]{1,120},\s"
)  # "The automakers, which rank third in global sales, sold"
_DASH_ASIDE = re.compile(r"\s[—–]\s[^—–.;]{1,120}?\s[—–]\s")
_ASIDES: tuple[str, list[tuple[int, int]]] = ("", [])  # the last answer of `_aside_spans`


def _aside_spans(sent: str) -> list[tuple[int, int]]:
    """Spans of the dash, bracketed-names and relative asides of `sent`, in that order (a list not to
    modify). `choose_subjects` asks for every figure of a sentence, so the last answer is kept."""
    global _ASIDES
    last = _ASIDES  # one read: another thread may replace it meanwhile
    if last[0] != sent:
        spans = [
            a.span() for rx in (_DASH_ASIDE, _NAMES_IN_BRACKETS, _RELATIVE_ASIDE) for a in rx.finditer(sent)
        ]
        last = _ASIDES = (sent, spans)
    return last[1]


_ITS_SHARE = re.compile(
    r"\b(?:its|their)\s+(?:[\w-]+\s+){0,2}?(?:market\s+)?share\b(?:[^.;]|\.(?=\d)){0,70}$", re.I
)
_WHOLE_MARKET_SUBJECT = prefilter_compile(
    r"(?:^|[,;:]\s*|\b(?:and|while|but)\s+)(?:the\s+)?(?:total|overall|industry(?:-wide)?|nationwide|national)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:sales|registrations)\b(?:[^.;]|\.(?=\d))*$",
    re.I,
)
_ORDERS_FOR = re.compile(r"[^.;]{0,40}?\bfor\s+(?:its|their|the)\s+(?:[\w-]+\s+){0,2}?$", re.I)


def _orders_for_model(sent: str, it: Figure, mentions: list[Mention]) -> Mention | None:
    """The model orders are "for", after the count: "75,723 orders as of April 24 for its stylish SU7"."""
    for m in mentions:
        if (
            m.kind == "model"
            and it.end < m.start <= it.end + 70
            and _ORDERS_FOR.fullmatch(sent, it.end, m.start)
        ):
            return m
    return None


_UNNAMED_GROUP = prefilter_compile(
    r"(?:(?:\b(?:those|these|the|its|their)|['’]s)\s+(?:\w+\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+"
    r"(?:largest\s+|biggest\s+|top\s+|leading\s+)?(?:states|provinces|regions|cities|markets|countries|brands|makers|"
    r"carmakers|automakers|companies)|\bbetween\s+them(?:\s+they)?)\s+(?:together\s+|combined\s+|alone\s+)?"
    r"(?:accounted|account|accounting|made\s+up|make\s+up|represented|represent|took|captured|held|hold|sold|"
    r"registered|delivered)\b[^.;:()]*$",
    re.I,
)
_SEVERAL_MAKERS = prefilter_compile(
    r"\b(?:several|many|some|few|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:other\s+)?"
    r"(?:companies|automakers|carmakers|makers|brands|manufacturers|firms)\s+(?:have\s+|had\s+)?"
    r"(?:exceeded|surpassed|topped|crossed|passed|sold\s+more\s+than|sold\s+over|delivered\s+more\s+than)\s+"
    r"(?:the\s+)?$",
    re.I,
)
_RIVAL_OF = re.compile(
    r"(?:'s|’s)\s+(?:[\w-]+\s+){0,2}?(?:rival|competitor|challenger|partner|customer|supplier)s?\b(?!\s+\w+ed\b)",
    re.I,
)
_MODEL_THEN_COMMA = re.compile(r"(?:\s+(?:sedan|SUV|hatchback|crossover|pickup|truck|model)s?)?\s*,\s*", re.I)
_OWNER_IN_APPOSITIVE = re.compile(r"(?:'s|’s)\s+[^,;()]{2,60},")
_NAME_TAIL_LIST = (
    re.compile(  # "Toyota Kenya, Isuzu East Africa and": the rest of a listed name, then the list goes on
        r"(?:\s+[A-Z][\w.&'’-]*){1,3}\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:the\s+)?"
    )
)
_LIST_GOES_ON = re.compile(r"\s*(?:,|and\b|&|as\b)")
_LISTED_BEFORE = prefilter_compile(r"\b(?:including|such\s+as|like|among\s+them)\s+(?:the\s+)?$", re.I)
_WITH_FIGURE = re.compile(
    r"\s+(?:with|sold|delivered|registered|recorded|shipped)\s+"
    r"(?:just\s+|only\s+|about\s+|around\s+|over\s+|nearly\s+|almost\s+|some\s+)?[\d$€£¥]"
)  # "like the Polestar 2 sold just 225 vehicles"
_COMMODITY = prefilter_compile(
    r"\b(?:Brent|WTI|crude|oil\s+prices?|gold\s+prices?|bitcoin|copper|nickel|cobalt|Treasury|bond\s+yields?)\b"
)
_NAMED_BUSINESS = re.compile(
    r"\b(?:maker|company|firm|giant|manufacturer|operator|retailer|bank|insurer|developer|producer|supplier|"
    r"conglomerate|group|chain)\s+(?P<name>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)?)"
)


_TICKERED = re.compile(
    r"(?P<name>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})\s+\((?P<exchange>(?:NYSE|NASDAQ|Nasdaq|HKEX|SSE|SZSE|TSX|LSE|OTC)"
    r"\s*:\s*)?(?P<ticker>[A-Z]{1,5})(?:\.[A-Z]{1,2})?\s*(?:\)|,(?P<move>\s*[+−-]\s*\d)?)"
)
_STOCK_WORDS = prefilter_compile(r"(?<!market\s)\bshares?\b|\bstocks?\b", re.I)


def _acronym(letters: str, before: str) -> bool:
    """Whether `letters` are the initials of words right before them ("electric vehicle (EV)",
    "Hybrid Electric Vehicles (HEV)"): an abbreviation, not a ticker."""
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w-]*", before)[-6:]).upper()
    it = iter(initials)
    return len(letters) > 1 and all(ch in it for ch in letters)


def _unknown_company(sent: str, end: int, mentions: list[Mention]) -> bool:
    """Whether the clause before a figure introduces a business by its trade ("appliance maker Haier")
    whose name the registry does not know: the figure is that business's, not the maker in focus."""
    start = max(sent.rfind(";", 0, end), sent.rfind(". ", 0, end), 0)
    stock = _STOCK_WORDS.search(sent) is not None
    for m in _TICKERED.finditer(
        sent, start, end
    ):  # "Alibaba Group (BABA, +4.9%)", "Southwest Airlines (LUV)"
        s, e = m.span("name")
        if (
            (m["exchange"] or m["move"] or stock)
            and not _acronym(m["ticker"], sent[max(0, s - 60) : m.start("ticker")])
            and not any(x.start < e and s < x.end for x in mentions)
        ):
            return (
                True  # a listed business the registry does not know (not "the Authority (KBA)" of statistics)
            )
    for m in _NAMED_BUSINESS.finditer(sent, start, end):
        s, e = m.span("name")
        if _NOT_A_NAME.match(m.group("name")):
            continue  # "the company Monday reported ...": a day, not a business
        if not any(x.start < e and s < x.end for x in mentions):
            return True
    return False


_NOT_A_NAME = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|The|This|That|It|Its|In|On|At|For|Last|Earlier|Also)\b"
)


def common_parent(chain: list[Mention], state: DocState) -> Mention | None:
    """The nearest registry entity above every maker of `chain`, as a mention, or None."""
    shared = None
    for m in chain:
        line = [m.id, *state.registry.ancestors(m.id)]
        shared = line if shared is None else [x for x in shared if x in line]
    ent = state.registry.get(shared[0]) if shared else None
    if ent is None:
        return None
    named = next((m for m in chain if m.id == ent.id), None)
    if named is not None:  # "Toyota and Lexus brand vehicle sales": the parent named among them
        return named if len(chain) > 1 and ent.kind in ("company", "brand") else None
    return Mention(-1, -1, ent.id, ent.kind, ent.name)


_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_OWNER_OF_NEXT = re.compile(
    r"(?:'s|’s)\s+(?:[\w-]+\s+){0,2}?(?:affiliate|unit|subsidiary|brand|division|arm|sister\s+brand|marque)\s+[A-Z]"
)
_BY_REGION = re.compile(r"\b[Bb]y\s+(?:region|market|country|geography)\b|\b[Rr]egional(?:ly)?\b")
_SENTENCE_END = re.compile(r"\s*[.!?:;\"”’)]*\s*")
_SUBJECT_WORDS = 8  # words before a maker in a sentence's subject ("Chinese smartphone and EV maker Xiaomi, meanwhile, ...")


def choose_subjects(
    sent: str, it: Figure, mentions: list[Mention], state: DocState, used_right: set[int]
) -> list[Mention]:
    """The subjects of one figure (several when makers are coordinated: "Li Auto, Nio, XPeng rose 2%").

    Order of preference: a maker inside or right after the count ("5,124 units of the Luxeed R7"),
    an anaphor, the nearest maker to the left (unless a segment or market is the clause's subject),
    a named market, the entity in focus, the article's most named maker. `used_right` collects
    makers already taken as right-hand subjects so later figures skip them.
    """
    q = it.q
    lex = state.lexicon
    market_ok = it.metric in MARKET_METRICS or it.metric == "market_share?"
    makers = [
        m
        for m in not_objects(sent, mentions)
        if m.kind in MAKER_KINDS and m.start not in used_right and m not in state.counted
    ]
    if (
        it.metric in ("market_share", "market_share?")
        and (_OF_OWN_SALES.match(sent, q.end) or _OF_FINANCIALS.match(sent, q.end))
    ):  # "7% of the company's sales were Recharge models": a maker's own mix; "52.38% of net profit": a payout
        return []
    fronted = _FRONTED_WITH.match(sent)
    if (
        fronted is not None
        and q.end <= fronted.end()
        and not any(m.kind in MAKER_KINDS and m.start < q.start for m in mentions)
        and (head := next((m for m in makers if m.start == fronted.end()), None)) is not None
    ):  # "With approximately 37,000 EVs sold compared to Ford's 34,000 units, Chevrolet's performance ...": the
        return [head]  # figure a fronted "with" phrase gives is the main clause's subject's
    if (
        it.metric in ("market_share", "market_share?")
        and (
            _SEGMENT_SHARE_OPENING.fullmatch(sent, 0, q.start)
            and _OF_ALL_SALES.match(sent, q.end)
            or _SEGMENT_SHARE_OPENING.match(sent) is not None
            and BARE_BASE_BEFORE.search(sent, max(0, q.start - 30), q.start) is not None
        )
        and not any(m.kind in MAKER_KINDS and m.start < q.start for m in mentions)
        and (state.market or state.default_market)
    ):  # "Electric cars accounted for only 13.5 per cent of sales in 2024" in a story on XPeng in Germany
        place = nearest_left(mentions, q.start, MARKET_KINDS) or next(
            (m for m in mentions if m.kind in MARKET_KINDS and m.start > q.end), None
        )
        return _market(state, place, it, None)
    if not makers and (_unknown_company(sent, q.start, mentions) or _COMMODITY.search(sent, 0, q.start)):
        return []  # "telecoms equipment maker ZTE slumping 9.2%", "Brent crude added $1.39": no maker's figure
    if not any(m.kind in MAKER_KINDS for m in mentions) and _LISTED_FIGURE.search(
        sent, max(0, q.start - 30), q.start
    ):
        place = next(
            (
                m
                for m in mentions
                if m.kind in MARKET_KINDS and _IN_PLACE_AFTER.fullmatch(sent, it.end, m.start)
            ),
            None,
        )
        if place is not None:  # "57,533 registered in Germany, compared with 56,893 in Norway": that place's
            return _market(state, place, it)
    if it.metric in ("market_share", "market_share?") and _ITS_SHARE.search(
        sent, max(0, q.start - 90), q.start
    ):
        owner = nearest_left(makers, q.start)
        if owner is not None:
            it.metric = "market_share"
            # "Tesla ..., but its share of the growing EV market has slipped below 50%"; the clause's head, not a
            # maker in an aside before "its"
            return [_appositive_head(sent, makers, owner, q.start)]
    if it.metric == "orders" and (model := _orders_for_model(sent, it, mentions)) is not None:
        later = [m for m in mentions if m.kind == "model" and m.start >= model.start]
        chain = max((coordinated(sent, later, head) for head in later), key=len)
        if (
            len(chain) > 1 and chain[0] == model
        ):  # "reservations for its electric R1T pick-up truck and R1S SUV": the maker's
            return [common_parent(chain, state) or model]
        return [model]  # "has secured 75,723 orders as of April 24 for its stylish SU7 electric sedan"
    if (
        it.metric in VOLUME_METRICS
        and not any(m.kind in MAKER_KINDS for m in mentions)
        and state.market_claimed
        and _WHOLE_MARKET_SUBJECT.search(sent, max(0, q.start - 60), q.start)
        and (ent := state.registry.get(state.market_claimed)) is not None
    ):  # in an article about a market, not "Total deliveries for the full year" in a maker's release
        return [
            Mention(-1, -1, ent.id, ent.kind, ent.name)
        ]  # "For May alone, total vehicle sales reached 33,532 units"
    if (
        it.metric in VOLUME_METRICS
        and _TOTAL_OF.search(sent, max(0, q.start - 60), q.start)
        and (state.market or state.default_market)
    ):
        return _market(
            state, None, it, sent
        )  # "Tesla's sales accounted for 60% of the total EV sales of 43,092"
    if (
        it.metric.removesuffix("_growth") in VOLUME_METRICS
        and not mentions
        and _THE_COUNTRY.search(sent)
        and not _DEMONYM_WORD.search(sent)
        and anaphor(sent[: q.start], state) is None
        and (state.market or state.default_market)
    ):
        return _market(
            state, None, it
        )  # "Production and sales of cars in the country recorded a decrease of 44%"
    where = next(
        (m for m in mentions if m.kind in MARKET_KINDS and _PLACE_WHERE.fullmatch(sent, m.end, q.start)), None
    )
    if (
        where is not None
    ):  # "growth in Europe's EV segment, where registrations rose 28 per cent": the place's
        return _market(state, where, it)
    total = _MARKET_TOTAL.search(sent, max(0, q.start - 90), q.start)
    if (
        it.metric in VOLUME_METRICS
        and not any(m.kind in MAKER_KINDS and m.start < q.start for m in mentions)
        and (_THE_WHOLE_MARKET.search(sent, 0, q.start) is not None or total is not None)
        and not _MAKER_WORD.search(sent, 0, q.start)
    ):
        people = (
            DEMONYMS.get(total.group("people").lower().removesuffix("s"))
            if total and total.group("people")
            else None
        )
        if people and (ent := state.registry.get(people)) is not None:
            return _market(
                state, Mention(-1, -1, ent.id, ent.kind, total.group("people")), it
            )  # "Australians bought"
        if state.market or state.default_market:
            return _market(state, None, it, sent)  # "as the overall car market in January reached 89,782"
    if _UNNAMED_GROUP.search(sent, max(0, q.start - 90), q.start):
        return []  # "Those three states accounted for 65%", "Between them they accounted for two-thirds": no one's
    if _SEVERAL_MAKERS.search(sent, max(0, q.start - 70), q.start):
        return []  # "several other companies exceeded 10,000 sales": a bar several makers cleared, no one's figure
    if it.metric == "vehicle_price" and (
        AVERAGE_PRICE.search(sent, 0, q.start)
        and not any(
            m.kind in MAKER_KINDS and m.start < q.start for m in mentions
        )  # "..., led by price cuts at Tesla"
        or _market_average(sent, q.start, mentions)
    ):  # "bringing the average price of an EV to 225,000 yuan": the market's, where no maker is named
        return _market(state, nearest_left(mentions, q.start, MARKET_KINDS), it)
    named = next(
        (
            m
            for m in mentions
            if _BRACKET_OF_NAME.fullmatch(sent, m.end, q.start)
            or m.kind in MAKER_KINDS
            and (
                _NAME_THEN_FIGURE.fullmatch(sent, m.end, q.start)
                or _NAME_WITH_FIGURE.fullmatch(sent, m.end, q.start)
                and not _BEATEN_BY_VERB.search(sent, max(0, m.start - 40), m.start)
            )
        ),
        None,
    )  # "- Audi e-tron (incl. Sportback) 25,794 vehicles", "- Ford Mustang Mach-E: 4,592": the name it follows
    if named is not None:  # "Spain (16.4%), Germany (12.8%)", "Audi (16,785)": the name before the bracket
        return _market(state, named, it) if named.kind in MARKET_KINDS else [named]
    head = next(
        (m for m in mentions if m.kind in MAKER_KINDS and _RELATIVE_HEAD.fullmatch(sent, m.end, q.start)),
        None,
    )
    if head is not None and not _counts_a_model(sent, q, mentions):
        return [
            head
        ]  # "beating Nio, which delivered 40,397": the relative clause's head (not "GM, which sold 968 Lyriqs")
    if q.kind in ("vehicles", "bare"):
        inside = [m for m in mentions if m.kind in MAKER_KINDS and q.start < m.start and m.end <= q.end]
        if len({m.id for m in inside}) > 1 and (parent := common_parent(inside, state)) is not None:
            return [parent]  # "12,100 Model S and Model X cars": one count of two models, their maker's
        if inside:
            return [inside[-1]]
        counted = single_count(sent, q, mentions)
        if counted is not None and counted.kind == "model":
            pair = [
                m
                for m in mentions
                if m.kind == "model"
                and m.id != counted.id
                and _AND_ANOTHER_MODEL.fullmatch(sent, counted.end, m.start)
            ]
            if pair and (parent := common_parent([counted, pair[0]], state)) is not None:
                return [
                    parent
                ]  # "460,211 Model 3 compact cars and Model Y sports cars": one count of two models
        if counted is not None:
            return [counted]  # "sold 14,000 Enyaq models"
        units_of = _UNITS_OF_MODEL.match(sent, it.end)
        if (
            state.recent_model is not None
            and units_of
            and not any(it.end <= m.start < units_of.end() for m in mentions)
        ):
            return [state.recent_model]  # "GM sold 168 units of that defunct model"
        for m in mentions:
            if m.kind in MAKER_KINDS and it.end <= m.start and _MADE_BY.fullmatch(sent, it.end, m.start):
                used_right.add(m.start)
                return [m]  # "56,171 EVs sold by MINI and another 1,890 by Rolls-Royce": the agent's count
            if (
                m.kind in MAKER_KINDS
                and it.end <= m.start
                and _COUNT_THEN_NAME.fullmatch(sent, it.end, m.start)
                and _NAME_THEN_COUNT_VERB.match(sent, m.end)
            ):
                used_right.add(m.start)
                return [m]  # "the 7,165 cars Tesla managed to register": a count the maker after it made
            if (
                m.kind in MAKER_KINDS
                and it.end <= m.start <= it.end + 80
                and _RIGHT_SUBJECT.match(sent[it.end : m.start])
                and not ("," in sent[it.end : m.start] and _VERB_AFTER.match(sent, m.end))
                and not (m.kind == "model" and _OWNERS_MODEL.search(sent, it.end, m.start))
                and not _ASIDE_LIST.search(sent, it.end, m.start)
                and not _OBJECT_AFTER_COUNT.search(sent, max(0, m.start - 30), m.start)
            ):  # not "7,713 units of its only model, the Li One": the owner's count; not "76,000 of them, led by
                # the ID.4": a name the count is said of only as an object
                used_right.add(m.start)
                return [m]
    if (
        it.change
        and q.kind == "percent"
        and (named := _changes_in_names(sent, q.start, mentions)) is not None
    ):
        return [named]  # "Hyundai reported 12% and 8% drops in Ioniq 5 and Ioniq 6 sales": each model's
    if it.price:
        for m in mentions:
            if m.kind == "model" and _PRICE_OF_MODEL.fullmatch(sent[it.end : m.start]):
                return [m]  # "cut prices by 10% on the Seal": the model whose price changed
    if (
        _BREAKDOWN_OPENING.match(sent)
        and state.last_volume_subject is not None
        and it.metric.removesuffix("_growth") in VOLUME_METRICS
        and not any(m.kind in MAKER_KINDS + MARKET_KINDS and m.start < it.end for m in mentions)
    ):
        return [
            state.last_volume_subject
        ]  # "This includes 1.76 million pure electric vehicles": the total's parts
    if (
        _WITH_OPENING.match(sent)
        and not any(m.kind in MAKER_KINDS and m.start < it.end for m in mentions)
        and (after := [m for m in mentions if m.kind in MAKER_KINDS and m.start >= it.end])
        and _TO_MAIN_SUBJECT.fullmatch(sent, it.end, after[0].start)
    ):
        return [after[0]]  # "With 32,095 EVs sold over the last three months, rival GM outpaced Ford"
    if it.metric in SPEC_METRICS and _PARTICIPLE_OPENING.match(sent):
        after = [m for m in mentions if m.kind in MAKER_KINDS and m.start >= it.end]
        if after and re.fullmatch(r"[^,;]*,\s*(?:the\s+|its\s+)?", sent[it.end : after[0].start]):
            return [after[0]]  # "Priced at 219,900 yuan in China, the Onvo L60 is about 12% cheaper than ..."
    if it.metric == "vehicle_price" and not it.change:
        priced = [
            m for m in mentions if m.kind == "model" and _MODEL_FOR_PRICE.fullmatch(sent, m.end, q.start)
        ]
        if priced:
            return [priced[-1]]  # "models such as the M03 sedan for as little as 119,800 yuan"
        for m in mentions:
            if (
                m.kind == "model"
                and it.end <= m.start
                and (
                    ATTACHED_AFTER.fullmatch(sent[it.end : m.start])
                    or _PRICE_OF_AFTER.fullmatch(sent[it.end : m.start])
                    or _FOR_MODEL_AFTER.fullmatch(sent[it.end : m.start])
                )
            ):
                return [
                    m
                ]  # "its $11,000 (£8,800) all-electric Seagull city car", "the $65,900 starting price of the Model Y"
    for m in mentions:
        if (
            m.kind in MAKER_KINDS
            and it.end <= m.start <= it.end + 40
            and _AT_MAKER.fullmatch(sent[it.end : m.start])
            and _CLAUSE_END.match(sent[m.end : m.end + 8])
        ):
            return [m]  # "while they fell 6.7% at Stellantis": the maker the figure is reported at
    owner = next(
        (
            m
            for m in mentions
            if m.kind in MAKER_KINDS and _POSSESSIVE_FIGURE.fullmatch(sent[m.end : q.start])
        ),
        None,
    )
    if owner is not None:
        return [owner]  # "more than Tesla's 1,210"
    if it.change and q.kind in ("percent", "percentage_points"):
        for m in mentions:
            if (
                m.kind in MAKER_KINDS
                and _OFF_OWNER.fullmatch(sent[it.end : m.start])
                and re.match(r"(?:'s|’s)\s", sent[m.end : m.end + 3])
            ):
                return [m]  # "could shave 2 percentage points off BYD's gross margin"
    makers = [m for m in makers if not _in_relative_clause(sent, m, q.start, makers)]
    asides = [(s, e) for s, e in _aside_spans(sent) if not s <= q.start < e]
    if asides:  # "in Quebec continue to climb — the province leads adoption in Canada — hitting 40,763"
        mentions = [m for m in mentions if not any(s <= m.start < e for s, e in asides)]
        makers = [m for m in makers if not any(s <= m.start < e for s, e in asides)]
    left_maker = nearest_left(makers, q.start)
    if left_maker is not None:
        left_maker = _appositive_head(sent, makers, left_maker, q.start)
    if left_maker is not None and left_maker.kind != "model" and possessive_after(sent, left_maker):
        model = next(
            (
                m
                for m in makers
                if m.kind == "model"
                and m.end <= left_maker.start
                and _IS_BETWEEN.fullmatch(sent, m.end, left_maker.start)
                and left_maker.id in state.registry.ancestors(m.id)
            ),
            None,
        )
        if model is not None:
            left_maker = (
                model  # "The EV6 is Kia's EV champion, with 10,941 units": the model, its owner a modifier
            )
    members = _member_places(sent, mentions)
    places = [
        m
        for m in mentions
        if not (
            m.kind in MARKET_KINDS
            and (
                _DESCRIBES_MAKER.match(sent, m.end)
                or m.start in members
                or _DESCRIBES_PLACE.match(sent, m.end)
                and _RANKED_AS.search(sent, max(0, m.start - 20), m.start)
                and any(x.kind in MARKET_KINDS and x.end <= m.start for x in mentions)
            )
        )
    ]
    left_market = nearest_left(places, q.start, MARKET_KINDS)  # not "the U.S. carmaker": a maker described
    if (
        left_market is not None
    ):  # "the European Free Trade Area (EFTA)": the name and its bracketed short form
        named = [m for m in mentions if m.id == left_market.id and m.end <= left_market.start]
        if named and re.fullmatch(r"\s*\(\s*", sent[named[-1].end : left_market.start]):
            left_market = named[-1]
    if (
        left_market is not None
        and _LOCATED.search(sent, max(0, left_market.start - 12), left_market.start)
        and not _CLAUSE_OPENS_IN.search(sent, max(0, left_market.start - 16), left_market.start)
    ):  # not "For Austria the peak is 169.8% more, in Germany the increase is 140.4%": a clause's own place
        head = next((m for m in places if m.kind in MARKET_KINDS and m.start < left_market.start), None)
        if (
            head is not None
            and head.id != left_market.id
            and len(_WORD.findall(sent, 0, head.start)) <= 2
            and not _LOCATED.search(sent, max(0, head.start - 12), head.start)
            and not _OTHER_SUBJECT_CLAUSE.search(sent, head.end, q.start)
        ):  # "Italy ranks fifth to last in Europe ..., with only 4.5% of the total being electric": the subject
            left_market = head
    floor = left_maker.end if left_maker else 0
    if left_maker is not None and _SUBORDINATE_ANAPHOR.search(sent, floor, q.start):
        first = next((m for m in makers if m.kind != "model"), None)
        if (
            first is not None
            and first is not left_maker
            and len(_WORD.findall(sent, 0, first.start)) <= _SUBJECT_WORDS
        ):  # "BYD moved closer to topple Tesla, after the Shenzhen-based company sold 526,000": the main subject
            return [first]
    referent = (
        None
        if left_maker is not None and _PREDICATE_NOUN.match(sent, floor)
        else anaphor(sent[floor : q.start], state)
    )  # not "The Volkswagen ID.4 is the second most popular model with ...": that model is the subject itself
    if referent is not None and referent.kind == "model":
        referent = _variant_of(sent[floor : q.start], referent, state)  # "the Plaid version" of the Model S
    elif left_maker is not None and left_maker.kind == "model":
        variant = _variant_of(sent[floor : q.start], left_maker, state)
        referent = (
            variant if variant is not left_maker else referent
        )  # "the Model S ..., while the Plaid version"
    if referent is not None and referent.kind != "model" and it.metric in SPEC_METRICS:
        # "The Renault 5 ... has 60,000 orders. Its 52 kWh battery ...": the model just named
        kids = [m for m in state.prev_models if state.registry.relation(m.id, referent.id) == "child"]
        if kids:
            referent = kids[-1]
    if referent is not None and (
        left_maker is None
        or referent.kind == "model"
        and referent.id != left_maker.id
        and (m := _MODEL_ANAPHOR.search(sent[floor : q.start])) is not None
        and not re.fullmatch(
            r"\s*,\s*", sent[floor : floor + m.start()]
        )  # "the Model 3, its cheapest model,"
    ):
        return [referent]  # "its" after "Tesla" in the same sentence is Tesla, not the article's focus
    if left_maker is not None:
        if market_ok and (place := _place_of_own_clause(sent, left_maker, q.start, mentions)) is not None:
            return _market(state, place, it)  # "BYD pushed Brazil ...: EV sales in Brazil grew 219.1%"
        if market_ok:
            for s, e, _v in lex.find("segment", sent[left_maker.end : q.start]):
                s, e = s + left_maker.end, e + left_maker.end
                if (
                    has_break(sent[left_maker.end : s])
                    and not _VERB_BEFORE.search(sent, max(0, s - 20), s)
                    and _SEGMENT_SUBJECT_AFTER.match(sent[e : e + 40])
                    and not re.search(
                        r"\b(?:of\s+which|with|including)\s+(?:\w+\s+)?$", sent[max(0, s - 20) : s]
                    )
                    and not _TOPIC_MAKER.fullmatch(sent, 0, left_maker.start)  # "For BMW, BEV sales rose 10%"
                    and not re.search(r"(?:'s|’s|\bits|\btheir)\s+(?:\w+\s+)?$", sent[max(0, s - 20) : s])
                    and not MAKER_NOUN.match(sent[e : e + 30])
                ):
                    market = left_market if left_market and left_market.start > left_maker.end else None
                    return _market(state, market, it)
            if (
                left_market
                and left_market.start > left_maker.end
                and has_break(sent[left_maker.end : left_market.start])
                and re.match(r"^(?:'s|’s)", sent[left_market.end : left_market.end + 2])
                and not _MAKER_DESCRIBED.match(sent, left_market.end)
                and not _RELATIVE_OPEN.search(sent, left_maker.end, left_market.start)
            ):  # "Germany's sales fell 3%", not "Maruti Suzuki, India's biggest car maker, said its sales"
                # nor "The Tesla Model Y, which had been Australia's top-selling EV, fell to eighth place with 280"
                return _market(state, left_market, it)
            aside = sent[left_maker.end : q.start]
            if has_break(aside) and (market := _demonym_market(aside, it, state)) is not None:
                return [
                    market
                ]  # "Tesla sold 976 cars, while the Norwegian market grew 3%": the clause's market
        if it.metric == "market_share?":
            return []
        model = state.recent_model
        if (
            it.metric in SPEC_METRICS
            and left_maker.kind != "model"
            and model is not None
            and _TRIM.search(sent)
            and not any(m.kind == "model" for m in mentions)
            and state.registry.relation(model.id, left_maker.id) == "child"
        ):
            return [
                model
            ]  # "Lexus will also offer the Premium grade for $56,390": a trim of the model in focus
        chain = coordinated(sent, makers, left_maker)
        one_count = (
            (it.metric in VOLUME_METRICS or it.metric == "orders")
            and (not it.change or OPENS_BRACKET.search(sent, max(0, q.start - 3), q.start) is not None)
            and "respectively" not in sent
        )  # "sales for Hyundai, Kia and Genesis totaled 502,036": one count of several makers is their sum, and so
        # is its change in a bracket ("588,138 BMW, MINI and Rolls-Royce vehicles ... (-1.5%)")
        if (
            len(chain) > 1
            and _OWNERS_BEFORE.search(sent, max(0, chain[0].start - 20), chain[0].start)
            and _BRANDS_AFTER.match(sent, chain[-1].end)
            and (parent := common_parent(chain, state)) is not None
        ):
            return [parent]  # "the group's VW, Audi, Porsche, and Skoda brands rose 165 percent": the group's
        if len(chain) > 1 and (
            one_count or _TOGETHER.search(sent, chain[-1].end, min(len(sent), it.end + 20))
        ):
            owner = next(
                (
                    m
                    for m in mentions
                    if m.end <= chain[0].start
                    and possessive_after(sent, m)
                    and all(state.registry.relation(x.id, m.id) == "child" for x in chain)
                ),
                None,
            )  # "Volkswagen Group's ID.3 and ID.4 sold 9,800 units combined": the owner named
            parent = owner or common_parent(chain, state)
            if parent is not None:
                return [parent]  # "Hyundai and Kia together sold 1.7 million": their group's figure
            if not one_count or _TOGETHER.search(sent, chain[-1].end, min(len(sent), it.end + 20)):
                return []  # "NIO, XPeng and Li Auto's combined deliveries of 65,604": no one maker's figure
        return chain
    segs = [(s, e, v) for s, e, v in lex.find("segment", sent) if not MAKER_NOUN.match(sent[e : e + 30])]
    if (
        left_market is not None
        and re.match(r"^(?:'s|’s)", sent[left_market.end : left_market.end + 2])
        and it.metric in ("cost_advantage", "market_share?", *MARKET_METRICS)
    ):
        return _market(state, left_market, it)
    market = _demonym_market(sent[: q.start], it, state, sent, mentions) if left_market is None else None
    if (
        market is None
        and left_market is None
        and (it.metric == "market_share?" or it.metric in MARKET_METRICS)
    ):
        market = next(
            (
                m
                for m in mentions
                if m.kind in MARKET_KINDS
                and _OF_THE.fullmatch(sent, it.end, m.start)
                and _MARKET_NOUN.match(sent, m.end)
            ),
            None,
        )  # "Battery-electric cars accounted for 15.3% of the EU market": the market named after the share
    if market is not None:
        if it.metric == "market_share?":
            it.metric = "market_share"
        if market.id != "global" and _own_region(sent, it, state):
            return [state.focus]  # "European sales only decreased by 1%" in a report on BMW: BMW's in Europe
        return [market]  # "European EV sales rose 24% ...", "Global EV sales hit 9.1 million"
    if (
        market_ok
        and state.focus is not None
        and state.focus.kind in MAKER_KINDS
        and it.metric in VOLUME_METRICS
        and _BY_REGION.search(sent)
    ):
        return [state.focus]  # "By region, sales volume in North America and India climbed 2.5% and 12.3%"
    if market_ok:
        if left_market is None:
            left_market = next(
                (
                    m
                    for m in mentions
                    if m.kind in MARKET_KINDS
                    and (
                        _SOLD_IN.fullmatch(sent, it.end, m.start)
                        or m.id == "global"
                        and _SOLD_WORLDWIDE.fullmatch(sent, it.end, m.start)
                        or not any(x.kind in MAKER_KINDS for x in mentions)
                        and (
                            _FIGURE_IN_PLACE.fullmatch(sent, it.end, m.start)
                            or it.metric in ("market_share", "market_share?")
                            and _SHARE_OF_PLACE.fullmatch(sent, it.end, m.start)
                        )
                    )
                ),
                None,
            )  # "34,990 electric vehicles were sold in Brazil last year": the market named with the verb
        if left_market is None and not any(m.kind in MARKET_KINDS or m.kind in MAKER_KINDS for m in mentions):
            body = body_market(sent, state.registry)
            ent = state.registry.get(body) if body else None
            if ent is not None:  # "ACEA said the battery-electric share fell to 14.4%": the body's market
                left_market = Mention(-1, -1, ent.id, ent.kind, ent.name)
        if left_market is not None:
            if _maker_abroad(sent, left_market, it, state, bool(makers)) or (
                state.focus is not None
                and state.focus.kind in MAKER_KINDS
                and _POSSESSED_PLACE.search(sent, max(0, left_market.start - 8), left_market.start)
            ):  # "Car sales in China dropped 7%" in a story about Mercedes-Benz, "their global EV sales"
                return [state.focus]
            chain = coordinated(sent, mentions, left_market)
            if len(chain) > 1 and "respectively" in sent:
                _market(state, left_market, it)
                return chain  # "Germany and Italy continued to decline, by 7.1% and 4.9%, respectively"
            if len(chain) > 1 and "eu" in {m.id for m in chain} and (europe := state.registry.get("europe")):
                # "sales in the EU, Britain and the European Free Trade Area (EFTA)": the wider Europe
                return _market(
                    state, Mention(-1, -1, europe.id, europe.kind, sent[chain[0].start : chain[-1].end]), it
                )
            return _market(state, left_market, it)
        focus_market = state.focus is not None and state.focus.kind in MARKET_KINDS
        maker_focus = state.focus is not None and state.focus.kind in MAKER_KINDS
        own_volume = it.metric in VOLUME_METRICS and (
            state.market is None or state.market_is_place and not _WHOLE_MARKET.search(sent)
        )  # no market talked about yet, or only named as where the maker sold: the maker's own
        if (
            segs
            and not focus_market
            and not (maker_focus and (_MAKER_CONTEXT.search(sent[: q.start]) or own_volume))
        ):
            return _market(state, None, it, sent)
        if focus_market:
            return _market(state, state.focus, it) if it.metric != "market_share?" or segs else []
        if (
            state.focus is None
            and (state.default_maker is None or state.body_leads)
            and (state.market or state.default_market)
        ):  # no maker named yet, and none in the text or a body's statistics before it
            return _market(state, None, it, sent)
    if it.metric == "market_share?":
        return []
    group = _group_subject(sent[: q.start], state)
    if group is not None:
        return [group]
    if it.metric in SPEC_METRICS and state.recent_model is not None and not makers:
        return [
            state.recent_model
        ]  # "Launched in 2024 with prices from 119,800 yuan, the sedan ...": the model talked about
    if not makers and _unknown_name_subject(sent, q.start, mentions):
        return []  # "Microsoft saw a slight increase of 0.03%", "Personal consumption increased by 0.1%"
    if state.focus is not None and state.focus.kind in MAKER_KINDS:
        return [state.focus]
    if state.default_maker is not None:
        return [state.default_maker]
    return []


_NAME_SUBJECT = re.compile(
    r"(?:^|[,;]\s+(?:and\s+|while\s+|but\s+)?|\b(?:while|whereas|with)\s+)"
    r"(?P<name>[A-Z][\w&.'’-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w&.'’-]*){0,4})(?:,(?![^,;]*\b(?:shares?|stocks?)\b)[^,;]{1,80},)?\s+"
    r"(?:shares\s+|stock\s+)?(?:each\s+|both\s+|all\s+|also\s+|too\s+|meanwhile\s+)?(?:rose|fell|gained|added|lost|declined|dropped|climbed|"
    r"jumped|slipped|slid|surged|soared|tumbled|sank|plunged|increased|decreased|advanced|saw|was|were|posted|"
    r"recorded|experienced|rising|falling|gaining|adding|losing|declining|dropping|climbing|jumping|slipping|"
    r"advancing)\b[^,;]*$"
)  # "Bank of America added 0.71%", "with Goldman Sachs and Wells Fargo each rising by over 1%"


def _unknown_name_subject(sent: str, end: int, mentions: list[Mention]) -> bool:
    """Whether the figure's clause opens with a name the registry does not know, a word of which is no
    English word ("Microsoft saw a slight increase of 0.03%", "IBM saw a drop of more than 6%"): its
    subject, not the maker in focus. "Transactions increased by about 40 percent" is not one."""
    found = list(_NAME_SUBJECT.finditer(sent, 0, end))
    if not found:
        return False
    m = found[-1]  # the clause nearest the figure
    s, e = m.span("name")
    if any(x.start < e and s < x.end for x in mentions):
        return False
    words = english_words()
    return any(w.lower().strip(".'’") not in words for w in m.group("name").split())


_SOLD_WORLDWIDE = re.compile(r"\s*(?:[\w-]+\s+){0,2}?(?:sold|registered|delivered|bought|purchased)\s+")
_SOLD_IN = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?:were|was|have\s+been|had\s+been)\s+(?:sold|registered|delivered|bought|purchased)\s+"
    r"(?:in|across|throughout)\s+(?:the\s+)?"
)
_FIGURE_IN_PLACE = re.compile(
    r"\s*(?:(?:drop|fall|decline|rise|increase|jump|growth|gain|surge|slump)\s+in\s+(?:[\w()-]+\s+){0,4}?"
    r"(?:sales|registrations|deliveries)\s+)?(?:in|across|throughout)\s+(?:the\s+)?"
)  # "EV sales dropped 10% in Europe", "a 10% drop in electric vehicle (EV) sales across Europe": that place's
_SHARE_OF_PLACE = re.compile(
    r"\s*of\s+(?:all\s+)?(?:(?:new|total|overall)\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:sales|registrations|purchases|sold|registered|bought|purchased)"
    r"(?:\s+of\s+[\w-]+)?\s+(?:in|across)\s+(?:the\s+)?"
)  # "about 20% of new sales of automotive in China was an EV": a share of that place's market
_THE_COUNTRY = fast_compile(r"\b(?:in|across|throughout)\s+the\s+(?:country|nation)\b|\bnationwide\b", re.I)
# the market in focus named by a common noun
_DEMONYM_WORD = re.compile(
    r"\b(?:" + "|".join(d.title() for d in sorted(DEMONYMS, key=len, reverse=True) if len(d) > 2) + r")\b"
)
_PENETRATION = fast_compile(r"\bpenetration\b", re.I)
_LOCATED = fast_compile(r"\b(?:in|across|throughout|outside(?:\s+of)?)\s+(?:the\s+)?$", re.I)
_WHOLE_MARKET = fast_compile(
    r"\b(?:total|overall|industry|industry-wide|industrywide|nationwide|market|markets|country's|nation's|all(?!\s+regions)|national|"
    r"passenger[-\s]car|new[-\s]car|new[-\s]vehicle|consumers|buyers|registrations|associations?|"
    r"CPCA|CAAM|ACEA|SMMT|KBA|OFV|Cox|Kelley|data\s+from|figures\s+from)\b",
    re.I,
)


_REGIONAL_MARKETS = (
    re.compile(  # "sales in markets outside of Korea", "in overseas markets": where a maker sold
        r"\b(?:in|across)\s+(?:its\s+|their\s+|the\s+)?(?:[\w-]+\s+)?markets\b", re.I
    )
)
_OWN_TOTAL = re.compile(r"(?:['’]s|\bits|\btheir)\s+total\b", re.I)


def _whole_market(text: str) -> bool:
    """Whether words say a figure is the whole market's; "a quarter of BMW's total sales" is the maker's own."""
    return bool(_WHOLE_MARKET.search(_REGIONAL_MARKETS.sub(" ", _OWN_TOTAL.sub(" ", text))))


_THE_AVERAGE = re.compile(
    r"\b(?<!'s\s)(?<!’s\s)(?<!its\s)(?<!their\s)the\s+average\s+(?:new\s+)?(?:vehicle|car|EV|electric\s+car)\s+"
    r"(?:is\s+|was\s+)?(?:priced|sells|sold|costs?)\b(?:[^.;]|\.(?=\d))*$"
)


_MARKET_TOTAL = prefilter_compile(
    r"\b(?:total|overall)\s+(?:(?:new|passenger|light)[-\s]+)?(?:(?:vehicle|car)\s+)?registrations\b|"
    r"\b(?P<people>Australians|Americans|Britons|Germans|Norwegians|Indians|Canadians|Brazilians|Thais|Indonesians|"
    r"Malaysians|Filipinos)\s+(?:bought|purchased|took\s+delivery\s+of|registered)\b"
)  # the whole market's total named as the subject, even in a story about a maker: registrations
# are counted for a market, and the people of a country buy in its market
_PLACE_WHERE = re.compile(
    r"(?:['’]s)?(?:\s+[\w-]+){0,3},\s+where\s+(?:[\w-]+\s+){0,4}?(?:rose|fell|grew|increased|decreased|jumped|"
    r"dropped|climbed|declined|were\s+up|were\s+down|was\s+up|was\s+down|reached|totall?ed|hit)\s+"
    r"(?:by\s+)?(?:about\s+|around\s+|nearly\s+|some\s+|almost\s+)?"
)
_TOTAL_OF = fast_compile(
    r"\bthe\s+(?:total|overall|entire)\s+(?:[\w-]+\s+){0,2}?(?:sales|registrations|deliveries|market)\s+of\s+"
    r"(?:about\s+|around\s+|nearly\s+|some\s+|almost\s+)?$",
    re.I,
)  # a share "of the total EV sales of 43,092": that total is the market's
_MAKER_WORD = re.compile(
    r"\b(?:the\s+(?:company|group|automaker|carmaker|firm|brand|manufacturer)|we|our)\b", re.I
)
_THE_WHOLE_MARKET = prefilter_compile(
    r"(?<!\bin\s)(?<!\bacross\s)(?<!\bwithin\s)(?<!\bto\s)(?<!\bfor\s)\bthe\s+(?:overall|total|whole|entire|wider|broader|national|domestic)\s+(?:new[-\s])?"
    r"(?:(?:car|vehicle|auto|automotive|passenger[-\s]car)\s+)?market\b",
    re.I,
)


def _market_average(sent: str, at: int, mentions: list[Mention]) -> bool:
    """ "where the average vehicle is priced today at $48,000": the market's price, even in a sentence
    about a maker's model, when no maker is named between the average and the figure."""
    found = _THE_AVERAGE.search(sent, 0, at)
    return found is not None and not any(
        m.kind in MAKER_KINDS and found.start() <= m.start < at for m in mentions
    )


def _makers_own_volume(text: str, it: Figure, state: DocState) -> bool:
    """A volume figure that can be the maker in focus's own: nothing in `text` says it is the whole
    market's (total, industry, new-car, a statistics body) or a segment's."""
    focus = state.focus
    return (
        focus is not None
        and focus.kind in MAKER_KINDS
        and it.metric in VOLUME_METRICS
        and not _whole_market(text)
        and not state.lexicon.find("segment", text)
    )


_REGION_PART = re.compile(
    r"\s*(?:%|percent|per\s+cent)?\s*(?:of|in)\s+(?:the\s+)?(?:(?:company|group|brand|carmaker|automaker)['’]s\s+|"
    r"its\s+|their\s+|overall\s+|total\s+|all\s+|global\s+|worldwide\s+)*(?:sales|deliveries|volumes?)\b"
    r"(?!\s+(?:in|of|on)\s)",
    re.I,
)


def region_part_of_own_sales(sent: str, it: Figure, subject: Mention, state: DocState) -> bool:
    """ "North America accounted for 28% of global sales" in a report on one maker: the part of the
    maker's own sales made in a region (no segment, no whole-market words), not that market's share."""
    focus = state.focus
    return (
        subject.kind in MARKET_KINDS
        and focus is not None
        and focus.kind in MAKER_KINDS
        and _REGION_PART.match(sent, it.q.end) is not None
        and not _whole_market(sent)
        and not state.lexicon.find("segment", sent)
    )


def _own_region(sent: str, it: Figure, state: DocState) -> bool:
    """A volume of the maker in focus in a region named by its adjective ("European sales decreased by
    1%"): no market yet talked about as a subject."""
    return (state.market is None or state.market_is_place) and _makers_own_volume(sent, it, state)


_CLAUSE_BREAK = re.compile(r"[:;—]")
_SALES_IN = re.compile(r"\b(?:sales|registrations|deliveries)\s+(?:in|across)\s+(?:the\s+)?$", re.I)


def _place_of_own_clause(sent: str, maker: Mention, at: int, mentions: list[Mention]) -> Mention | None:
    """The place whose sales a figure's own clause is about, when the maker before it is in another
    clause: "BYD has pushed Brazil into the EV future: ... EV sales in Brazil grew 219.1%"."""
    breaks = list(_CLAUSE_BREAK.finditer(sent, maker.end, at))
    if not breaks:
        return None
    start = breaks[-1].end()
    if any(m.kind in MAKER_KINDS and start <= m.start < at for m in mentions):
        return None
    return next(
        (
            m
            for m in mentions
            if m.kind in MARKET_KINDS and start <= m.start < at and _SALES_IN.search(sent, start, m.start)
        ),
        None,
    )


def _maker_abroad(sent: str, market: Mention, it: Figure, state: DocState, maker_named: bool = False) -> bool:
    """A figure of the maker in focus in a market named only as a place ("sales in China slumped",
    "US sales reached"), not the market's own. With a maker named in the sentence, only the figure's own
    clause may say it is a segment's ("..., Volvo saw an 18 percent increase in sales of electrified models")."""
    after = (_ASIDE_AFTER.search(sent, it.end), _NEXT_COMMA.search(sent, it.end) if maker_named else None)
    ends = [m.start() for m in after if m]
    own = sent[: min(ends)] if ends else sent  # not "despite intense competition in the EV market"
    located = _LOCATED.search(sent, max(0, market.start - 12), market.start) or _MARKET_SALES.match(
        sent, market.end
    )
    return bool(located) and _makers_own_volume(own, it, state)


_NEXT_COMMA = re.compile(
    r",\s"
)  # "..., Volvo saw an 18 percent increase in sales of electrified models": another clause's
_AND_ANOTHER_MODEL = re.compile(  # a second model counted in the same noun phrase
    r"(?:\s+[\w-]+){0,3}?\s+(?:and|&)\s+(?:the\s+)?"
)
_CLAUSE_OPENS_IN = re.compile(
    r"(?:^|[,;:]\s*|\b(?:and|while|but|whereas)\s+)(?:in|across)\s+(?:the\s+)?$", re.I
)
_OTHER_SUBJECT_CLAUSE = re.compile(r";|,\s*(?:while|whereas|but|and)\b|\b(?:while|whereas)\b", re.I)
_IS_BETWEEN = re.compile(r"\s+(?:is|was|remains|remained|became|has\s+been)\s+(?:also\s+|now\s+|still\s+)?")
_POSSESSED_PLACE = re.compile(r"\b(?:its|their)\s+$", re.I)
_MARKET_SALES = re.compile(r"\s+(?:sales|deliveries)\b")  # "US sales reached 12,933 cars" in a maker's report
_ASIDE_AFTER = re.compile(
    r",?\s+(?:despite|amid|buoyed|surpassing|helped|thanks\s+to|due\s+to|driven|supported)\b"
)


_VARIANT_ANAPHOR = re.compile(
    r"\b(?:the|this|that|its)\s+(?P<v>[A-Z][\w+]*)\s+(?:version|variant|trim|edition)\b"
)


def _variant_of(text: str, model: Mention, state: DocState) -> Mention:
    """ "the Plaid version" after the Model S is the Model S Plaid (a variant word of `model_variant`)."""
    found = None
    for m in _VARIANT_ANAPHOR.finditer(text):
        found = m
    if found is None or not state.lexicon.cue("model_variant", found.group("v")):
        return model
    slug = derived_slug(model.id, found.group("v"))
    return Mention(-1, -1, slug, "model", found.group(0))


_DEMONYM_METRIC = fast_compile(
    r"(?:^|[,;:]\s*|\b(?:and|while|as|but)\s+)(?:the\s+)?(?P<who>Chinese|European|German|Japanese|South\s+Korean|Korean|"
    r"American|U\.?S\.?|British|U\.?K\.?|French|Indian|Italian|Swedish|Norwegian|Philippine|Thai|Indonesian|Malaysian|Vietnamese|Australian|Canadian|Brazilian|Mexican|Turkish|Spanish|Dutch|Belgian|Danish|Polish|Austrian|Swiss|Finnish|Irish|Portuguese|Israeli|South\s+African|Taiwanese|Global|Worldwide|Globally),?\s+"
    r"(?:[\w-]+\s+){0,3}?(?:sales|registrations|deliveries|exports|production|output|market)\b[^,;]*$",
    re.I,
)


_OF_DEMONYM_MARKET = re.compile(
    r"\s*(?:of|in)\s+the\s+(?P<who>Chinese|European|German|Japanese|South\s+Korean|Korean|American|U\.?S\.?|British|"
    r"U\.?K\.?|French|Indian|Italian|Swedish|Norwegian|Philippine|Thai|Indonesian|Malaysian|Vietnamese|Australian|Canadian|Brazilian|Mexican|Turkish|Spanish|Dutch|Belgian|Danish|Polish|Austrian|Swiss|Finnish|Irish|Portuguese|Israeli|South\s+African|Taiwanese|global|world)\s+(?:[\w-]+\s+){0,2}?(?:car\s+)?market\b",
    re.I,
)


def _demonym_market(
    left: str, it: Figure, state: DocState, sent: str = "", mentions: list[Mention] | None = None
) -> Mention | None:
    """A market named by its adjective before the metric word ("European EV sales rose 24%"), or after a
    share ("conquered 12% of the European market")."""
    if it.metric not in MARKET_METRICS and it.metric != "market_share?":
        return None
    m = _DEMONYM_METRIC.search(left) or _OF_DEMONYM_MARKET.match(sent, it.end)
    if m is None and sent and mentions is not None and not mentions:
        # "the volume reached almost 1.4 million units, ..., a 14.2% share of the European car market":
        # a sentence naming no maker or place is about the market it names further on
        m = _OF_DEMONYM_MARKET.search(sent, it.end)
    if m is None:
        return None
    word = re.sub(r"\s+", " ", m.group("who").lower().replace(".", ""))
    code = {"global": "global", "globally": "global", "worldwide": "global", "world": "global"}.get(
        word
    ) or DEMONYMS.get(word)
    ent = state.registry.get(code) if code else None
    return Mention(-1, -1, ent.id, ent.kind, m.group("who")) if ent else None


def _group_subject(left: str, state: DocState) -> Mention | None:
    """ "Chinese carmakers enjoy a cost advantage of 20%", "Domestic EV makers earn margins of 15%": the market."""
    m = _GROUP.search(left)
    if m is None:
        return None
    word = m.group("who").lower().replace(".", "")
    market = DEMONYMS.get(word) or state.market or state.default_market
    ent = state.registry.get(market) if market else None
    if ent is None:
        return None
    return Mention(-1, -1, ent.id, ent.kind, m.group(0).strip())


_LISTED_FIGURE = prefilter_compile(
    r"(?:\bcompared\s+(?:with|to)|\bversus|\bvs\.?|\bagainst|\band|\bto|\bfrom|,)\s+(?:about\s+|around\s+|some\s+|nearly\s+)?$",
    re.I,
)  # a figure set beside another ("compared with 56,893 in Norway"), not a verb's object ("the group sold 44,555")
_IN_PLACE_AFTER = re.compile(r"\s*(?:units|vehicles|cars|EVs)?\s*(?:were\s+\w+\s+)?in\s+(?:the\s+)?", re.I)


def _appositive_head(sent: str, makers: list[Mention], m: Mention, end: int) -> Mention:
    """ "Aito, the brand that Seres builds with Huawei, sold ...", "The VW brand, part of the larger
    Volkswagen group which includes Audi and Lamborghini, sold ...": the clause's head, not the makers
    named in the aside between its commas. A list of names ("BYD, Nio and XPeng rose") is no aside."""
    close = sent.find(",", m.end, end)
    if close < 0 or any(close < x.start < end for x in makers):
        return m
    for head in [h for h in makers if h.end <= m.start]:
        aside = sent[head.end : m.start]
        if not aside.lstrip().startswith(",") or not _CLAUSE_HEAD.search(sent, 0, head.start):
            continue
        if _APPOSITIVE.match(aside) and "," not in aside[aside.index(",") + 1 :]:
            return head
        words = aside
        for x in makers:
            if head.end <= x.start and x.end <= m.start:
                words = words.replace(x.text, " ")
        if len(_CONTENT_WORD.findall(words)) >= 2:
            return head
    return m


_CLAUSE_HEAD = re.compile(r"(?:^|[,;:(]|\b(?:and|but|while|whereas)\b)\s*(?:the|The)?\s*$")
_CONTENT_WORD = re.compile(r"\b(?!(?:and|or|the|a|an)\b)[A-Za-z][a-z]+\b")


_VERB_BEFORE = re.compile(
    r"\b(?:\w+ed|saw|sees|had|has|have|posted|enjoys|logs|records|leads|dominates)\s+(?:the\s+|its\s+|their\s+)?$"
)  # "GM ..., enjoyed EV sales that", "dominated the EV market with sales of": an object, not the subject


def _counts_a_model(sent: str, q, mentions: list[Mention]) -> bool:
    """Whether the number counts a model named with it ("sold 968 Cadillac Lyriq electric SUVs")."""
    if q.kind not in ("vehicles", "bare"):
        return False
    if any(m.kind == "model" and q.start < m.start and m.end <= q.end for m in mentions):
        return True
    return single_count(sent, q, mentions) is not None


def _in_relative_clause(sent: str, m: Mention, end: int, makers: list[Mention] = ()) -> bool:
    """ "..., which features Huawei's Harmony system, ..." names Huawei in passing, not as the subject;
    so does a list of makers in one ("whose other marques include Alfa Romeo, Chrysler, Dodge and Maserati,")."""
    opener = None
    for o in _RELATIVE.finditer(sent, 0, m.start):
        opener = o
    if opener is None or "," not in sent[m.end : end]:
        return False
    between = sent[opener.end() : m.start]
    for x in makers:  # the commas of a list of names in the clause are no clause end
        if opener.end() <= x.start and x.end <= m.start:
            between = between.replace(sent[x.start : x.end], "\x00")
    return "," not in _LIST_COMMA.sub("\x00", between)


_LIST_COMMA = re.compile(r"\x00\s*,\s*(?:and\s+)?(?=\x00|$)")


_GROUP_WORD = re.compile(r"\bgroup\b", re.I)
_BRAND_WORD = re.compile(r"\b(?:brand|marque)\b", re.I)


def anaphor(text: str, state: DocState) -> Mention | None:
    """'the spacious model' → the last model named; 'the company', 'it' → the maker in focus."""
    model = maker = None
    for m in _MODEL_ANAPHOR.finditer(text):
        model = m
    for m in _MAKER_ANAPHOR.finditer(text):
        maker = m
    if model is not None and state.recent_model is not None and (maker is None or model.end() > maker.end()):
        return state.recent_model
    if maker is not None and state.focus_maker is not None:
        ref = state.focus_maker
        if _GROUP_WORD.search(maker.group(0)):  # "the group's sales" after Hyundai: Hyundai Motor Group's
            group = next((a for a in state.registry.ancestors(ref.id) if a.endswith("-group")), None)
            if group is not None and (ent := state.registry.get(group)) is not None:
                return Mention(-1, -1, ent.id, ent.kind, maker.group(0))
        if ref.kind == "company" and _BRAND_WORD.search(maker.group(0)):
            brand = next(
                (
                    x
                    for x in reversed(state.recent_makers)
                    if (e := state.registry.get(x)) is not None
                    and e.kind == "brand"
                    and ref.id in state.registry.ancestors(x)
                ),
                None,
            )  # "The brand delivered 6,281 vehicles" after Onvo, a brand of the Nio in focus: Onvo
            if brand is not None and (ent := state.registry.get(brand)) is not None:
                return Mention(-1, -1, ent.id, ent.kind, maker.group(0))
        if ref.kind == "model" and not re.fullmatch(r"its?", maker.group(0), re.I):
            # "the Czech brand", "the company" after a model: the maker of that model
            ents = (state.registry.get(a) for a in state.registry.ancestors(ref.id))
            ent = next((e for e in ents if e is not None and e.kind in ("brand", "company")), None)
            if ent is not None:
                return Mention(-1, -1, ent.id, ent.kind, maker.group(0))
        return ref
    return None


def _market(state: DocState, mention: Mention | None, it: Figure, sent: str | None = None) -> list[Mention]:
    if it.metric == "market_share?":
        it.metric = "market_share"
    if mention is not None:
        return [mention]
    market = state.market or state.default_market
    if market is None:
        return []
    if (
        sent is not None
        and it.metric in ("market_share", "market_share?")
        and state.market is None
        and state.focus is not None
        and state.focus.kind in MAKER_KINDS
        and not _WHOLE_MARKET.search(sent)
        and not _PENETRATION.search(sent)
    ):  # "The share of fully electric cars stood at 14%" in a maker's report: its own mix, no market's figure
        return []
    ent = state.registry.get(market)
    return [Mention(-1, -1, market, ent.kind if ent else "country", ent.name if ent else market)]


def claim_subject(c: dict, state: DocState) -> Mention:
    """A claim's subject as a mention with no place in the text, for the state to carry on."""
    ent = state.registry.get(c["subject"])
    return Mention(
        -1, -1, c["subject"], ent.kind if ent else c["subject_kind"], c["subject_text"] or c["subject"]
    )


_RELATIVE_AFTER = re.compile(r"\s*,\s*(?:which|who)\b")


def update_focus(mentions: list[Mention], claims: list[dict], state: DocState, sent: str) -> None:
    """The entity in focus is the subject of the sentence's first figure (a brand or model named in
    passing under the company in focus leaves the focus on the company); the market is the last named."""
    state.prev_models = [m for m in mentions if m.kind == "model"]
    for m in mentions:
        if m.kind in MAKER_KINDS:
            state.recent_makers.append(m.id)
            if m.kind == "model" and not NOT_SUBJECT_BEFORE.search(sent[max(0, m.start - 45) : m.start]):
                state.recent_model = m
    del state.recent_makers[:-12]
    numeric = [c for c in claims if c["relation"] is None]
    market_claims = [c for c in numeric if c["subject_kind"] in MARKET_KINDS]
    breakdown = len({c["subject"] for c in market_claims}) > 1 and state.market is not None
    if breakdown:  # "driven mainly by Germany (+53.5%), Belgium (+37.2%) and France": parts, the whole stays
        pass
    elif market_claims:
        state.market, state.market_is_place = market_claims[-1]["subject"], False
        state.market_claimed = state.market
    else:
        named = [m for m in mentions if m.kind in MARKET_KINDS and m.id != "global"]
        if named:
            state.market, state.market_is_place = named[-1].id, bool(numeric)
    if numeric:
        levels = [
            c["metric"] for c in numeric if c["unit"] == "percent" and not c["metric"].endswith("_growth")
        ]
        state.last_level_metric = levels[-1] if levels else None
    for c in numeric:
        if c["metric"].removesuffix("_growth") in VOLUME_METRICS:
            state.last_volume_metric = c["metric"].removesuffix("_growth")
            if c["metric"] in VOLUME_METRICS and c["subject"]:
                state.last_volume_subject = claim_subject(c, state)
    first = (numeric or claims)[0] if claims else None
    candidate = None
    if first is not None:
        match = next((m for m in mentions if m.id == first["subject"]), None)
        if not numeric and match is not None and _RELATIVE_AFTER.match(sent, match.end):
            return  # "... and second-placed BYD, which managed to sell more EVs than Tesla": an aside's subject
        candidate = match or claim_subject(first, state)
    else:  # a sentence without figures moves the focus only to a maker in subject position, not
        # to one named further on ("was hit by price cuts sparked by Tesla")
        makers = [
            m
            for m in mentions
            if m.kind in MAKER_KINDS
            and not NOT_SUBJECT_BEFORE.search(sent[max(0, m.start - 45) : m.start])
            and (
                len(_WORD.findall(sent, 0, m.start)) <= _SUBJECT_WORDS or _SENTENCE_END.fullmatch(sent, m.end)
            )
            and not _OWNER_OF_NEXT.match(sent, m.end)
        ]  # ... or the maker the sentence ends on, its new topic ("did not help US carmaker Tesla."), not an
        # owner before the maker it owns ("Hyundai Motor Group's smaller affiliate Kia said")
        candidate = makers[0] if makers else None
        places = {m.id: m for m in mentions if m.kind in MARKET_KINDS and m.id != "global"}
        if (
            candidate is None
            and state.focus is not None
            and state.focus.kind in MARKET_KINDS
            and len(places) == 1
            and (place := next(iter(places.values()))).id != state.focus.id
            and len(_WORD.findall(sent, 0, place.start)) <= _SUBJECT_WORDS
        ):
            candidate = place  # "Similarly, the US also saw significant growth in EV sales.": the market now talked of
    if candidate is None or breakdown and candidate.kind in MARKET_KINDS:
        return
    if (
        state.focus is not None
        and state.focus.kind == "company"
        and candidate.kind in ("brand", "model")
        and state.registry.relation(candidate.id, state.focus.id) == "child"
    ):
        return
    state.focus = candidate
    if candidate.kind in MAKER_KINDS:
        state.focus_maker = candidate
