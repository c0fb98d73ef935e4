"""Which metric a figure reports, and whether it is a level or a change.

The nearest trigger word of the right unit kind wins (lemma forms from `data/metrics.jsonl`); a
figure linked to the one before it ("up 18.4% from Q3 2023 and 24.5% from Q2 2024", "compared to
2023's €152.4 billion") inherits that one's metric. `is_dropped` rejects numbers that are not
claims: differences, policy targets, charging-session ranges, margins of a comparison.
`price_change` reads "cut prices by 5%", "price hikes of up to 3%" as a signed change of the
vehicle price against the previous one (a currency amount there is the difference, not a price).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from contract.spec import METRIC_CLASSES, POINTS_METRICS, VOLUME_METRICS
from extractors.fast_start import fast_compile
from extractors.lexicon import NONE_METRIC, Lexicon
from extractors.mentions import ATTACHED_AFTER, MAKER_KINDS, Mention, maker_named_last
from extractors.prefilter import prefilter_compile
from extractors.state import PERCENT_KINDS, Figure

AVERAGE_PRICE = fast_compile(
    r"\baverage\s+(?:selling\s+|transaction\s+|retail\s+|sales\s+)?prices?\b|\b(?:mean|transaction)\s+prices?\b"
    r"|\bATPs?\b|\bASPs?\b",
    re.I,
)  # a price that is an average over a market or a period, not one model's list price

LEFT_LIMIT = 90
RIGHT_LIMIT = 32
_LEVEL_BEFORE = fast_compile(
    r"(?:\bfrom|compared\s+(?:to|with)|\bversus|\bvs\.?|\bthan|\bagainst|\b(?:up|down)\s+on|\band|,)\s+"
    r"(?:the\s+|a\s+|an\s+)?"
    r"(?:(?:19|20)\d\d(?:'s|’s)?\s+)?"
    r"(?:negative\s+)?(?:about\s+|around\s+|nearly\s+|roughly\s+|over\s+|more\s+than\s+)?$",
    re.I,
)
_FROM_BEFORE = prefilter_compile(
    r"(?:\bfrom|compared\s+(?:to|with)|\bversus|\bvs\.?|(?<!more\s)(?<!less\s)(?<!fewer\s)\bthan|\bagainst|"
    r"\b(?:up|down)\s+on|\bfollowing)\s+"  # not "more than doubled": a qualifier
    r"(?:the\s+|a\s+|an\s+)?"
    r"(?:(?:19|20)\d\d(?:'s|’s)?\s+)?"
    r"(?:negative\s+)?(?:about\s+|around\s+|nearly\s+|roughly\s+|mere\s+|just\s+|only\s+)?$",
    re.I,
)
_CHANGE_RIGHT = re.compile(
    r"^\s*(?:(?:year|quarter|month)[\s-]+(?:on|over)[\s-]+(?:year|quarter|month)\s*|(?:yoy|mom|qoq|y/y|m/m|q/q)\s*|"
    r"(?:annual|yearly|monthly|quarterly|weekly|sequential)\s*)?"
    r"(?:(?:BEV|EV|NEV|PHEV|electric|battery[\s-]electric|domestic|overseas|global|retail|wholesale)\s+)?"
    r"(?:(?:sales|sale|revenues?|deliveries|delivery|shipments?|registrations?|production|profits?|output|exports?|"
    r"orders?|volumes?|earnings)\s+)?"  # "a 12% sales increase", "a 0.8 per cent shipment rise"
    r"(?P<w>increases?|rises?|jumps?|gains?|growth|surges?|climbs?|hikes?|declines?|drops?|falls?|decreases?|slumps?|"
    r"plunges?|dips?|improvements?|reductions?|contraction|downturn|upticks?|uplifts?|upswings?|spikes?|rebound|"
    r"higher|lower|up|down|more|less)\b",
    re.I,
)
_IN_SALES_AFTER = re.compile(r"\s+in\s+(?:(?:new|retail|EV|unit)\s+)?sales\b", re.I)
_ALLOWED_AFTER_BARE = re.compile(
    r"^\s*(?:$|[.,;:)\]–—-]|\(\s*[+\-−–]?\s?\d[\d.,]*\s*(?:%|per\s*cent|percent)|(?:in|for|from|to|and|or|during|as|at|by|this|last|since|according|were|was|is|are|that|it|they|"
    r"compared|with|up|down|year|a|an|the|on|over|units?|vehicles|marking|representing|which|while|but|after|"
    r"before|versus|vs|against|new|last|so|until|through|of|worldwide|globally|across|delivered|sold|registered|"
    r"produced|exported|newly|within|after|ahead|globally|worldwide|domestically|overseas|abroad|each|apiece|"
    r"per|every|annually|monthly|last|so|beat|beats|beating|topped|topping|exceeded|exceeding|missed|missing|short|till|"
    r"thanks|due|driven|helped|boosted|led|amid|despite|zone|range|area|ballpark|region|mark|level|total)\b)",
    re.I,
)
_ACCOUNT = fast_compile(
    r"\b(?:account(?:ed|ing|s)?\s+for|made\s+up|make\s+up|makes\s+up|making\s+up|constitut\w+|conquer\w*|"
    r"claim(?:ed|s)?|grabb?\w*|command\w*|"
    r"represent\w*|took|take|takes|taking|captured?|seiz\w*|with|hold|held|holds|secured)\s+"
    r"(?:a\s+|an\s+|the\s+)?(?:\w+\s+){0,2}$",
    re.I,
)
_CHANGE_NOUN_BEFORE = fast_compile(
    r"\b(?P<w>increase|rise|growth|decline|drop|fall|jump|gain|surge|decrease|slump)\s+(?:"
    r"(?:in|of)\s+(?:[\w-]+\s+){1,3}(?:of|by)|rate\s+of(?:\s+(?:about|around|nearly|roughly|some|just|more\s+than|over))?|"
    r"(?:in\s+(?:the\s+)?[A-Z][\w-]*(?:\s+(?:and\s+)?[A-Z][\w-]*){0,3}\s+)?"  # "the increase in France and Spain is"
    r"(?:was|were|is|are|stood\s+at|came\s+in\s+at|reached|hit|:)(?:\s+(?:about|around|nearly|roughly|some|"
    r"just(?:\s+over|\s+under)?|more\s+than|over|almost|a\s+(?:solid|strong|modest|robust|healthy|record)))?)\s+$|"
    # "driven by surges in Spain (59.7%) and Germany (31.9%)": each place's change, in its bracket
    r"\b(?P<w2>increases|rises|declines|drops|falls|jumps|gains|surges|decreases)\s+in\s+(?:the\s+)?[A-Z][\w-]*"
    r"(?:\s+[A-Z][\w-]*)?\s*\((?:[^()]*\)\s*(?:,|,?\s*and)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s*\()?\s*$",
    re.I,
)  # "increase in deliveries of 20%", "revenue growth was 56%"
_COMPARED_BY = prefilter_compile(
    r"\b(?:outs\w+|outperform\w*|outpac\w+|outd[io]\w*|outnumber\w*|surpass\w*|overt\w+|beat\w*|exceed\w*|ahead\s+of|led|leads?|trail\w*|miss\w*|top\w*|"
    r"lagg?\w*|edg\w+\s+out|undercut\w*|undersell\w*|underpric\w*|outpric\w*|behind)\b(?:[^.;]|\.(?=\d)){0,50}\bby\s+(?:about\s+|nearly\s+|some\s+|more\s+than\s+|"
    r"almost\s+|roughly\s+|around\s+|over\s+|just\s+)?$",
    re.I,
)
_PERCENT_VS_PAST = re.compile(
    r"^\s*(?:(?:more|fewer|less|higher|lower)\s+than\s+(?:(?:its|their|the)\s+(?:[\w-]+\s+){0,2}?(?=in\s))?"
    r"(?:in\s+|during\s+)?(?:in\s+(?:19|20)\d\d|(?:January|February|"
    r"March|April|May|June|July|August|September|October|November|December)\b)|"
    r"(?:(?:more|fewer|less|higher|lower)\s+than|above|over|below)\s+(?:in\s+|during\s+)?"
    r"(?:a\s+year|the\s+same|last\s+(?:year|month|quarter)|last\s+year['’]s|the\s+(?:previous|prior|year[\s-]earlier)|"
    r"the\s+(?:year|month|quarter)\s+(?:before|earlier)))",
    re.I,
)  # "65.5 percent lower than in September", "rose 41% above last year's first quarter": a change
_OWNER_BEFORE = re.compile(
    r"[\w.]+(?:'s|’s)\s+(?:about\s+|around\s+|nearly\s+)?$"
)  # "overtaking Tesla's $97.7 billion"
_EXPECTED_BEFORE = fast_compile(
    r"\b(?:estimates?|forecasts?|expectations|consensus|guidance)\s+(?:of|for)\s+"
    r"(?:about\s+|around\s+|just\s+over\s+|just\s+under\s+|over\s+|more\s+than\s+|nearly\s+|roughly\s+)?$|"
    r"[(\[]\s*(?:analysts?\s+)?(?:expected|expectations?|est\.?|estimated?|estimates?|consensus|forecasts?)\s*:?\s*$",
    re.I,
)  # "revenue of $1.24 billion, beating analyst estimates of $1.02 billion"
EXPECTED_AFTER = re.compile(
    r"\s*(?:,\s*)?(?:consensus\s+(?:estimates?|forecasts?|expectations?)\b|"
    r"(?:the\s+)?(?:average|mean|median|consensus)\s+(?:of|from|among)\s+(?:\d+\s+|the\s+)?"
    r"(?:analysts?(?:'|’)?\s+)?(?:estimates?|forecasts?|projections?|polled|surveyed)\b|"
    r"(?:that\s+)?(?:analysts?|economists|investors|the\s+market|Wall\s+Street)\s+(?:polled\s+[\w\s]{0,30}?)?"
    r"(?:had\s+|have\s+)?(?:expected|forecast|estimated|predicted|anticipated|projected|were\s+expecting)\b|"
    r"(?:expected|forecast|estimated|predicted|projected)\s+by\s+(?:\w+\s+){0,2}?(?:analysts?|economists|investors)\b)",
    re.I,
)  # "beating the 107.6 billion yuan average of 17 analyst estimates"
_PRICE_FROM = fast_compile(r"\b(?:from|starting\s+at|starts\s+at|start\s+at)\s+$", re.I)
_CHANGE_FROM = fast_compile(
    r"\b(?:up|down|rose|fell|rising|falling|increased|decreased|grew|jumped|dropped|climbed|slipped|"
    r"widened|narrowed|cut|raised|reduced|lowered|\w+ed)\s+from\s+$",
    re.I,
)
_TO_AMOUNT = re.compile(
    r"(?:(?!\b(?:while|whereas|but|and)\b)[^.;:]){0,50}?\b(?:to|totall?ing|reaching|amounting\s+to)\s+(?:about\s+|around\s+|nearly\s+)?"
    r"(?:(?:[$€£¥]|US\$|HK\$|RMB|CNY|USD|EUR|GBP|JPY|KRW|INR)\s?\d|"
    r"\d[\d,.]*\s*(?:(?:million|billion|trillion|bn|mn)\s+)?(?:yen|won|yuan|euros?|dollars|pounds|rupees|kronor|crowns)\b)",
    re.I,
)
_THAN_BEFORE_VERSION = re.compile(
    r"\s+than\s+(?:the|its|their)\s+(?:previous|prior|old|older|outgoing|earlier|current|existing|last|"
    r"first-generation|original)\s+(?:model|version|generation|edition|car|one|price)\b",
    re.I,
)
_CHANGE_AFTER_COUNT = re.compile(
    r"\s*,\s*(?:up|down|rising|falling|an?\s+(?:increase|decrease|rise|drop|gain|fall))\b", re.I
)
_OTHER_CLAUSE_GAP = re.compile(r"[,;]|\b(?:as|while|but|and|after|with|whereas|despite)\b", re.I)
_EARNS_BEFORE = fast_compile(
    r"\b(?:makes|made|making|earns|earned|earning|nets|netted|netting|pocketed|pockets)\s+"
    r"(?:a\s+)?(?:record\s+|profit\s+of\s+|net\s+)?(?:about\s+|around\s+|nearly\s+|some\s+)?$",
    re.I,
)
_LOST_BEFORE = fast_compile(
    r"\b(?:lost|loses|losing|lose)\s+(?:a\s+(?:combined|total|cumulative)\s+|a\s+record\s+)?"
    r"(?:more\s+than\s+|over\s+|about\s+|around\s+|nearly\s+|almost\s+|some\s+)?$",
    re.I,
)
_PER_COMMODITY_UNIT = re.compile(
    r"\s*(?:a|an|per|each|/)\s*(?:liter|litre|gallon|barrel|ounce|tonne|ton|kilowatt[-\s]hour|kWh|MWh|unit\s+of\s+electricity)\b",
    re.I,
)
_IN_METRIC = re.compile(r"\s+in\s+(?:the\s+)?")
_OWN_DIRECTION = re.compile(
    r"\b(?:up|down|rose|fell|rising|falling|increas\w*|decreas\w*|grew|dropped)\s+(?:by\s+)?$", re.I
)
_AND_PAIR = re.compile(r"\s*(?:[\w-]+\s+){0,2}?(?:,\s*)?and\s+(?:by\s+)?")
_COUNTERFACTUAL = prefilter_compile(
    r"\bwould\s+have\s+(?:\w+ed|been|risen|fallen|grown|come|stood)\b(?:[^.;]|\.(?=\d))*$", re.I
)
_IN_TRANSIT = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}(?:(?:were|was|are|is)\s+(?:still\s+)?(?:in\s+transit|on\s+(?:their|its|the)\s+way)|"
    r"yet\s+to\s+be\s+delivered)\b",
    re.I,
)
_RAISE_BY = prefilter_compile(
    r"\b(?:increase|increases|increasing|raise|raises|raising|boost|boosts|boosting|add|adds|adding|grow|grows|growing)"
    r"\s+(?:its\s+|their\s+|the\s+)?(?:[\w-]+\s+){0,4}?(?:sales|volume|volumes|deliveries|output|production|revenue)"
    r"(?:\s+volume)?\s+by\s+(?:about\s+|around\s+|nearly\s+|some\s+|more\s+than\s+|over\s+)?(?:[$€£¥]|RMB\s?|US\$)?$",
    re.I,
)
_AMOUNT_CHANGED_BY = prefilter_compile(
    r"\b(?:increased?|increases|rose|risen|grew|grown|fell|fallen|declined|decreased|dropped|jumped|widened|"
    r"narrowed|shrank|shrunk|surged|climbed|improved|worsened|swelled)\s+by\s+"
    r"(?:approximately\s+|about\s+|around\s+|nearly\s+|some\s+|more\s+than\s+|over\s+|almost\s+|roughly\s+)?$",
    re.I,
)  # a currency amount a figure changed by: the difference, not a level
_AMOUNT_CHANGE_IN = re.compile(
    r"\s+(?:year-on-year\s+|year-over-year\s+|annual\s+)?(?:increase|rise|jump|decrease|decline|drop|fall|"
    r"reduction|gain|improvement|widening|narrowing)\s+in\b",
    re.I,
)
_PER_WEEK = re.compile(r"\s*(?:[\w-]+\s+){0,3}?(?:per|a|each|every)\s+week\b", re.I)
_WEEKLY_BEFORE = prefilter_compile(r"\bweekly\s+(?:[\w-]+\s+){0,2}(?:of\s+)?(?:about\s+|around\s+)?$", re.I)
_THOSE_BEFORE = prefilter_compile(r"\b(?:of|from)\s+(?:those|these)\s+$", re.I)
_THOSE_OF = re.compile(r"\s*(?:those|that)\s+of\b", re.I)
_BEHIND_BY = prefilter_compile(
    r"\b(?:behind|ahead\s+of|short\s+of|trails?|trailed|trailing)\b(?:[^.;]){0,60}?\bby\s+"
    r"(?:about\s+|approximately\s+|around\s+|nearly\s+|some\s+|just\s+|only\s+)?$",
    re.I,
)
_DIFFERENCE_OF = prefilter_compile(
    r"\b(?:a\s+)?difference\s+of\s+$|"
    r"\b(?:reduc|cut|lower|slash|rais|hik|increas)\w*\s+(?:the\s+)?(?:its\s+|their\s+)?prices?\b(?:[^.;]|\.(?=[\dA-Z]|\s+by\b)){0,50}\bby\s+"
    r"(?:about\s+|around\s+|up\s+to\s+)?(?:[$€£¥]|RMB\s?|US\$|Rs\.?\s?)?$",
    re.I,
)
_ADDRESS_AFTER = re.compile(
    r"\s+(?:(?:North|South|East|West|N\.|S\.|E\.|W\.)\s+)?(?:\d+\w*\s+)?[A-Z][\w-]*\s+(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|"
    r"Boulevard|Blvd\.?|Drive|Lane|Way)\b"
)
_STAKE_AFTER = re.compile(r"\s*(?:of\s+the\s+)?(?:shares|stake|equity\s+stake|holding)\s+(?:of|in)\b", re.I)
_HOLDING = prefilter_compile(
    r"\b(?:(?:its|their|his|her)\s+(?:stake|holdings?|shareholding)|(?:reduced|raised|cut|increased|lowered|"
    r"boosted|trimmed|sold|bought|lifted)\s+(?:its|their|his|her)\s+shares)\b[^.;]{0,40}$",
    re.I,
)  # "reduced its shares in the venture from 50%": a stake; "its shares have fallen 53%" is a share move
_POLICY_AIM = prefilter_compile(
    r"\b(?:government|ministry|regulators?|authorities|lawmakers|parliament|Commission|Beijing|Brussels|Washington)"
    r"(?:'s|’s)?\s+(?:\w+\s+){0,2}?(?:aims?|targets?|wants?|plans?|goals?|seeks?|intends?)\b",
)
_COUNTRY_AIMS = re.compile(
    r"(?:'s|’s)?\s+(?:government\s+|also\s+|now\s+)?(?:aims|targets|wants|plans|seeks|intends|is\s+targeting|"
    r"is\s+aiming|has\s+set\s+a\s+(?:\w+\s+)?(?:target|goal))\b"
)  # a country as the subject of an aim: its policy
_EFFICIENCY = re.compile(r"\s*(?:/|per\s+)\s*(?:100\s*km|100\s*kilomet|kWh|kilowatt|mile|km\b)", re.I)
_STREAK_THRESHOLD = prefilter_compile(
    r"\b(?:straight|consecutive|successive|running|row)\s+(?:months?|weeks?|quarters?|years?)\s+"
    r"(?:above|over|below|under|exceeding|topping|of\s+more\s+than|of\s+over)\s+(?:the\s+)?$",
    re.I,
)  # "its 15th straight month above 10,000 units", "two straight years above the 100,000 mark"
_ATTACHED_TO_TRIGGER = re.compile(
    r"\s*(?:of|at|to|totall?(?:ing|ed)|totals?|reach(?:ed|ing)|hit|stood\s+at|came\s+(?:in\s+)?at|amounted\s+to|"
    r"were|was|:)\s+(?:about\s+|around\s+|nearly\s+|some\s+|a\s+record\s+|more\s+than\s+|over\s+)?",
    re.I,
)  # "deliveries of 384,122", "sales were 45,000"
_COUNT_FILLER = re.compile(r"\s(?:a\s+total\s+of|as\s+many\s+as|a\s+record)\s+$", re.I)
_AT_SHARE_PRICE = re.compile(
    r"\s*(?:to\s+(?:close|trade|end|finish|settle)\s+|trading\s+|closing\s+)?(?:at|to)\s+(?:US|HK|S|A|C|NZ)?\$\s?"
    r"\d{1,4}(?:\.\d+)?(?![\d,]|\.\d)(?!\s*(?:billion|million|trillion|bn|mn|m|k)\b)"
)  # "ended Tuesday down 1.13% at $454.43", "dropped 5.2% to trade at HK$50.4": a share price after the move
_SHARES_MOVED = fast_compile(
    r"\b(?:shares|stock|share\s+price|stock\s+price|ADRs?)\s+(?:\w+\s+){0,2}?[a-z]+(?:ed|ing|s)?\s+"
    r"(?:by\s+|as\s+much\s+as\s+|about\s+|around\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+|a\s+further\s+|another\s+)*$|"
    r"\b[Ss]hares\s+(?:in|of)\s+(?:[\w.&'’-]+\s+){1,6}?[a-z]+\s+"  # "Shares in Chinese electric car maker Nio rose"
    r"(?:by\s+|as\s+much\s+as\s+|about\s+|around\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+|a\s+further\s+|another\s+)*$",
    re.I,
)
_TYPICAL_OF = fast_compile(
    r"\s+(?:typical|common|usual|standard|customary|normal)\s+(?:of|for|in|among|at)\s+(?:the\s+|most\s+|many\s+)?",
    re.I,
)
_PRICE_PREPOSITION = fast_compile(
    r"\b(?:from|at|for|starting\s+at)\s+(?:about\s+|around\s+|just\s+|only\s+|as\s+(?:little|low)\s+as\s+)?$",
    re.I,
)
_CHANGED_TO = re.compile(
    r"(?:(?![.;])[^\d])*?\b(?:cut|reduced|lowered|raised|increased|decreased|fell|dropped|rose|climbed|jumped|"
    r"slipped|slid|collapsed|plunged|grew|shrank|sank|tumbled|soared|surged|declined)\s+(?:again\s+)?to\s+"
    r"(?:about\s+|around\s+|nearly\s+|just\s+|only\s+)?(?:[$€£¥]|RMB\s?|US\$)?\s*",
    re.I,
)
_FROM_TO = re.compile(r"\s*(?:vehicles|units|cars)?\s*to\s+(?:about\s+|around\s+|nearly\s+|just\s+)?", re.I)
_PARTICIPLE_METRIC = {
    "made": "production",
    "built": "production",
    "produced": "production",
    "manufactured": "production",
    "assembled": "production",
    "delivered": "deliveries",
    "sold": "sales_volume",
    "registered": "registrations",
    "exported": "exports",
    "shipped": "deliveries",
}
_PARTICIPLE_AFTER = re.compile(
    r"\s*(?:(?:were|was|have\s+been|had\s+been)\s+)?"
    r"(?P<v>made|built|produced|manufactured|assembled|delivered|sold|registered|exported|shipped)\b"
    r"(?!\s+(?:by|to|for|with|up|out|off|from)\b)",
    re.I,
)  # a count and the participle that says what was done to it: "9,395 vehicles made", "7,946 delivered"
_TOTAL_BEFORE = fast_compile(r"\b(?:total|tally|count|volume)\s+(?:[a-z]+\s+){0,2}$", re.I)
_VEHICLES_LINKED_BEFORE = fast_compile(
    r"\b(?:cars|vehicles|EVs|BEVs|PHEVs|EREVs|NEVs|hybrids|plug-ins|electrics|SUVs|models)\s+"
    r"(?:accounted\s+for|made\s+up|making\s+up|accounting\s+for|numbered|totall?ed|came\s+to|amounted\s+to|"
    r"reached|stood\s+at)\s+(?:about\s+|around\s+|nearly\s+|some\s+|more\s+than\s+|over\s+|just\s+over\s+)?$",
    re.I,
)  # "fully electric vehicles accounted for 204,369": a count whose subject is vehicles
_ON_SALE_AT = fast_compile(
    r"\bon\s+sale\b[^.;,]{0,40}?\b(?:at|for)\s+$", re.I
)  # "goes on sale in Britain at £31,435"
_UNCLAIMED_TO_FROM = re.compile(
    r"\bto\s+(?:an?\s+(?:average|total)\s+of\s+)?(?:[$€£¥₩]|RMB\s?|US\$|KRW\s?)?[\d.,]+\s*(?:[mb]n|billion|million|trillion)?"
    r"\s*(?:won|yen|yuan|euros?|dollars?|rupees)?\s*(?:\([^()]{0,40}\)\s*)?"
    r"(?:(?:in|during|for)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,2}\s+)?from\s+(?:[$€£¥₩]|RMB\s?|US\$|KRW\s?)?$",
    re.I,
)
_TO_FROM = re.compile(
    r"^\s*(?:\([^()]{0,40}\)\s*)?(?:(?:in|during|for)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,2}\s+)?from\s+"
    r"(?:[$€£¥]|RMB|US\$|HK\$)?\s*$",
    re.I,
)  # "to $545 million from $1.45 billion", "to 448.3 billion won ($332 million) from", "in the June quarter from"
_CHARGING = fast_compile(r"minute|charging session|remaining|state of charge|mileage|\bleft in\b", re.I)
_PRICE_LINK = prefilter_compile(r"\b(?P<link>by|of)\s+(?P<qual>(?:[a-z]+\s+){0,4})$")
_PRICE_OR = prefilter_compile(
    r"\b(?P<link>by)\s+[^;]{0,40}\d[^;]{0,20}?,?\s+or\s+(?P<qual>(?:[a-z]+\s+){0,2})$"
)  # "by 14,000 yuan, or 5%"
_PRICE_CLAUSE = fast_compile(
    r";|—|\.\s|,\s*(?:and|but|while|whereas|which|who|after|as|because|when|since)\b|"
    r"\b(?:while|but|whereas|after|because|when|although|though)\b",
    re.I,
)
_PRICE_APPOSITIVE = re.compile(
    r"\b(?P<link>by|to)\s+[^;]{0,40}\d[^;]{0,20}?,\s+(?:a|an)\s+(?P<qual>(?:[a-z]+\s+){0,2})$"
)  # "cut the price by 14,000 yuan, a 5.3% reduction"
_NOW_BEFORE = fast_compile(r"\b(?:now|became|become|becomes|becoming)\s+(?P<qual>(?:[a-z]+\s+){0,3})$", re.I)
_AUX_END = re.compile(
    r"(?:\s+(?:is|are|was|were|has|have|had|has\s+been|have\s+been|will\s+be))?\s*(?:'s|’s)?$"
)
_PRICE_WINDOW = 100
_BY_BEFORE = fast_compile(r"\bby\s+(?P<qual>(?:[a-z]+\s+){0,3})$")
_WORD_OR_MARK = re.compile(r"[\w&’'.-]+|[^\w\s]")
_OBJECT_STOP = frozenset(
    ["and", "or", "but", "of", "in", "to", "for", "with", "as", "while", "which", "that", "from"]
)
_NEW_CLAUSE_LEFT = re.compile(r",\s*(?:while|whereas|but)\b|;")
_NEXT_CLAUSE = fast_compile(
    r",\s*(?:and|while|but)\b|;|\s(?:as|amid|despite|because)\s+(?!of\b|well\b|part\b)|"
    r",?\s(?:due|owing|thanks)\s+to\b|\sbecause\s+of\b|\sand\s+(?:the|its|their)\s+|"
    r"\sand\s+(?=(?:produced|delivered|sold|built|made|exported|shipped|registered|manufactured)\b)"
)  # "... to 763,639 units, due to a temporary production hiatus", "grew 79 percent and the share of total sales
# ended up at 29 percent": that clause's metric word is no trigger


# patterns of `is_dropped` and `_change_word`, searched in the words before or after a figure
_DIFFERENCE_AFTER = re.compile(
    r"^\)?\s*(?:(?:units?|vehicles|cars)\s+)?(?:more|fewer|less|below|above|cheaper|dearer|higher\s+than|lower\s+than|"
    r"short\s+of|shy\s+of|behind|off\s+(?:each|every|the(?!\s+back\s+of)|its|their)\b)\b",
    re.I,
)  # "slice $1,000 off each of its models", "5,000 more cars", "700 vehicles shy of its target", "falling only 10,894 units short of Volkswagen": a difference
_COUNTED_BY_VERB = re.compile(
    r"\b(?:sold|delivered|registered|shipped|produced|built|exported)\s+(?:only\s+|just\s+|about\s+|around\s+|a\s+mere\s+)?$",
    re.I,
)  # "Tesla sold 3,811 Model Y units behind the Ford Ranger": the count sold, ranked behind another
_PART_OF_AFTER = re.compile(
    r"\s+of\s+(?:its|their|the|his|her|our)\b", re.I
)  # "10% of its workforce": a part
_SHARE_VERB_BEFORE = re.compile(
    r"\b(?:accounted\s+for|accounting\s+for|made\s+up|making\s+up|constituted|comprised|represented|contributed|"
    r"took|captured|claimed)\s+(?:another|an\s+additional|a\s+further)\s+$",
    re.I,
)
_ADDITIONAL_BEFORE = prefilter_compile(r"\b(?:additional|extra|another)\s+$", re.I)
_NUMBER_SIGN_BEFORE = prefilter_compile(r"(?:\bNo\.?|\bnumber|#)\s*$", re.I)
_VERSUS_BEFORE = fast_compile(r"\b(?:compared\s+(?:to|with)|against|versus|vs\.?)\s+(?:the\s+)?$", re.I)
_NEW_SUBJECT_CLAUSE = re.compile(r",\s*(?:and|while|whereas|with)\b|;|\b(?:while|whereas)\b")
_WORD_BEFORE_FIGURE = fast_compile(
    r"(?P<w>\b\w[\w-]*)\s*,?\s+(?:(?:in\s+(?:the\s+)?(?-i:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)|"
    r"(?:in|during|over|for)\s+(?:the\s+)?(?:first|second|third|fourth|last|past|previous|same|latest)\s+"
    r"(?:quarter|half|month|year|period|six\s+months|nine\s+months|three\s+months))\s+(?=by\s))?"
    r"(?:(?:by|of|at|nearly|almost|about|around|roughly|over|more\s+than|just|"
    r"as\s+(?:much|little|high|low|many|few)\s+as|less\s+than|under|only|"
    r"some|a|an|significant(?:ly)?|strong|modest|slight(?:ly)?|further|another|(?:year|quarter|month)"
    r"[\s-]+(?:on|over)[\s-]+(?:year|quarter|month)|on[\s-]+year|on[\s-]+month|approximately|approx\.?|close\s+to|estimated|"
    r"marginal(?:ly)?|substantial(?:ly)?|considerabl[ey]|dramatic(?:ally)?|steep(?:ly)?|"
    r"cumulative|sharp(?:ly)?|record)\s+){0,4}~?$",  # "surged ~248%"
    re.I,
)
_NOT_CHANGE_VERB = fast_compile(
    r"\b(?:made|make|makes|making|ended|end|ends|picked|summed|set|wound|shored|take|took|takes|taking)\s+$",
    re.I,
)


_SHARE_UNIT = (
    r"(?:(?:diluted|basic|ordinary|American\s+depositary|American\s+Depositary)\s+)*(?:shares?|ADSs?|ADRs?)\b"
)
_PER_SHARE_AFTER = re.compile(r"\s*(?:\([^)]{0,30}\)\s*)?,?\s*(?:per|a|each)\s+" + _SHARE_UNIT, re.I)
_PER_SHARE_BEFORE = fast_compile(
    r"\bper\s+"
    + _SHARE_UNIT
    + r"(?:\s*\([^)]{0,12}\))?\s+(?:was|were|is|of|at|came\s+in\s+at|rose\s+to|fell\s+to|:)"
    r"(?:\s+(?:about|around|nearly|roughly))?\s*$",
    re.I,
)


_CHANGED_BY = prefilter_compile(
    r"(?:\b(?:decreas|increas|fell|fall|rose|rise|rising|drop|climb|declin|grew|grow|jump|slump|slid|plung|sank|sink|"
    r"gain|surg|soar|tumbl)\w*\s+by|\b(?:an?|the)\s+(?:[a-z]+est\s+)?(?:increase|decrease|drop|decline|rise|fall|gain|jump|"
    r"reduction|cut|hike)\s+of(?:\s+up\s+to)?)"
    r"\s+(?:about\s+|around\s+|nearly\s+|roughly\s+|some\s+|more\s+than\s+|"
    r"over\s+|almost\s+|just\s+)?(?:[$€£¥]|RMB|US\$|HK\$)?$",
    re.I,
)  # "decreased by 24,000 yuan", "a decrease of 1,082 compared to August": a difference
_MANDATED_AFTER = re.compile(
    r"\s*(?:[\w-]+\s+){0,3}?(?:mandated|required\s+(?:by|under|for)|set\s+by\s+(?:the\s+)?(?:government|law|regulators?))\b",
    re.I,
)
BASE_LEVEL = prefilter_compile(
    r"(?:\b(?:up|down|rising|falling|rose|fell|increased|decreased|increasing|decreasing|climbing|dropping|grew|"
    r"growing|drop|decline|decrease|increase|rise|fall|jump|gain|dip)\s+(?:\d[\d.,]*\s*(?:%|percent)\s+)?from|\bagainst|\bcompared\s+(?:with|to)|\bversus|\bvs\.?|"
    r"\bfollowing)\s+"
    r"(?:the\s+|a\s+|an\s+)?(?:about\s+|around\s+|nearly\s+|roughly\s+|some\s+|mere\s+|just\s+|only\s+)?"
    r"(?:[$€£¥]|RMB|US\$|HK\$)?$",
    re.I,
)  # a figure stated as the earlier level: "up 6% from 3.0 million", "compared with 33,463"
BARE_BASE_BEFORE = re.compile(
    r"\b(?:from|than|compared\s+(?:with|to))\s+(?:the\s+|its\s+)?(?:about\s+|around\s+|nearly\s+)?(?:[$€£¥]|RMB\s?)?$",
    re.I,
)  # a figure after a bare base word: "more than the 8,428 it made", "a drop from 18.4 per cent"


_INDEX = (
    r"(?:benchmark\s+)?(?:S&P\s*500|Nasdaq(?:\s+Composite)?|Dow(?:\s+Jones)?|Hang\s+Seng|CSI\s*300|Nikkei|KOSPI|"
    r"Kospi|FTSE|DAX|Stoxx|(?:[A-Z][\w&-]*\s+){1,4}[Ii]ndex|(?:[\w-]+\s+){0,2}sub-index|"
    r"(?:Shanghai|Shenzhen)\s+(?:[Cc]omposite|[Cc]omponent)|(?:broad(?:er|est)?\s+)?index\s+of\s+[\w-]+(?:\s+[\w-]+)?\s+shares)\b"
)
_INDEX_AFTER = re.compile(
    r"\s*(?:rise|gain|fall|drop|decline|jump|increase|advance|slide|move)?\s*(?:in|of|for|on)\s+(?:the\s+)?"
    r"(?:(?:broader|wider|benchmark|main|blue-chip|tech-heavy)\s+)*" + _INDEX
)
_INDEX_BEFORE = prefilter_compile(
    _INDEX + r"(?!(?:[^.;]|\.(?=\d))*\b(?:shares?|stock(?!\s+(?:index|average|market|exchange))|ADRs?)\b)"
    r"(?:[^.;]|\.(?=\d))*$"
)


def index_move(sent: str, it: Figure) -> bool:
    """A stock index's move ("trailing the 17% rise in the S&P 500 Index", "the Hang Seng Tech Index ...
    continued to decline by over 2%"), not the company's shares: no shares or stock between them."""
    return bool(_INDEX_AFTER.match(sent, it.end) or _INDEX_BEFORE.search(sent, 0, it.q.start))


# a count whose own noun names the metric: "the 10,707 deliveries made in June" are deliveries, not production
_COUNTED_METRIC_NOUNS = frozenset(
    {"deliveries", "sales", "orders", "registrations", "bookings", "reservations", "pre-orders", "exports"}
)
_CHANGE_IN_SALES = re.compile(
    r"\b(?:jump|rise|increase|decline|drop|fall|growth|gain|surge|slump|decrease|dip|climb|leap)"
    r"(?:\s+of\s+(?:about\s+|around\s+|nearly\s+|almost\s+)?[\d.,]+\s*(?:%|percent|per\s+cent))?\s+in\s+sales$",
    re.I,
)
_TO_COUNT = re.compile(
    r"\s*(?:year[\s-]on[\s-]year\s+|y/y\s+)?,?\s*to\s+(?:about\s+|around\s+|nearly\s+)?[\d][\d,.]*"
    r"(?:\s*(?:million|thousand|mn|m|k))?\s*(?:units|vehicles|cars)\b",
    re.I,
)
_PER_SHARE_WORD = re.compile(r"\b(?:a|per|each)\s+$", re.I)
_SHARES_WORD = fast_compile(r"\b(?:shares?|stocks?|ADRs?|ADSs?)\b", re.I)
_OPERATING_BEFORE = re.compile(r"\b(?:operating|EBIT|EBITDA)\b(?:[^.;]|\.(?=\d))*$", re.I)
_OWNED_GAP = re.compile(
    r"\s+(?:its|their|the)\s+(?:(?:BEV|EV|NEV|electric|domestic|overseas|global|annual)\s+)?"
)
_SEGMENT_GAP = re.compile(
    r"\s+(?:(?:BEV|EV|NEV|PHEV|electric|battery[\s-]electric|domestic|overseas|global)\s+)?"
)
_PARTNER_AFTER = re.compile(
    r"\s*(?:,\s*)?(?:and|or|to|-|–)\s*[\d.,]+\s*(?:%|percent|per\s+cent|percentage\s+points)?(?=\s)", re.I
)
_CHANGE_NOUN_AFTER = re.compile(
    r"\s+(?:growth|increase|decrease|decline|drop|rise|jump|gain|fall|slump)\b", re.I
)
_CHANGE_NOUN_IN = re.compile(
    r"\s*(?:%|percent|per\s+cent)?\s+(?:(?:year|month|quarter)[\s-](?:over|on)[\s-](?:year|month|quarter)\s+|annual\s+)?"
    r"(?:growth|(?:increase|decrease|decline|drop|rise|jump|gain|fall|slump|surge|plunge)s?)\s+"
    r"in\s+(?:(?:its|their|the)\s+)?(?:(?:first|second|third|fourth|full|half|annual|quarterly|[\w-]+-quarter|"
    r"[\w-]+-half|full-year|net|operating)\s+)*",
    re.I,
)
_NAMES_GAP = re.compile(
    r"(?:(?:[A-Z0-9][\w.+-]*|and|&|new|vehicle|car|passenger|electric|battery-electric|plug-in|hybrid|retail|"
    r"wholesale|domestic|overseas|global|zero-emission|emission-free|light|commercial|\([A-Z]{2,5}s?\))\s+){0,6}"
)  # model names and kinds of vehicle before the metric word: "a 4% decrease in new vehicle registrations"
_PAIR_END = re.compile(
    r"\s*(?:$|[.,;:()—–]|\s-\s|(?:in|during|for|by|units|vehicles|cars)\b)"
)  # no other noun after
_TO_NUMBER_AFTER = re.compile(
    r"(?:\s+(?:in|during)\s+[^,;()\d]{0,25}(?:\d{4})?)?\s+to\s+\d[\d,.]*(?=\s*(?:$|[.,;:)—–]|\s-\s|(?:in|during|for|by)\b))"
)
_FROM_NUMBER_TO = re.compile(r"\bfrom\s+\d[\d,.]*(?:\s+(?:in|during)\s+[^,;()\d]{0,25}(?:\d{4})?)?\s+to\s+$")
_CLAUSE_BREAK = re.compile(r",\s*(?:and|after|as|while|but|because|since|when|which)\b|;", re.I)
_SHARES_SUBJECT = prefilter_compile(
    r"(?:^|[.;]\s*)\W*(?:(?:The\s+)?(?:[\w.-]+\s+){0,3}?(?:[Ss]hares|[Ss]tock)\s+of\b|(?:[A-Z][\w.-]*\s+){1,3}(?:['’]s\s+)?"
    r"(?:[\w-]+\s+)?(?:shares|stock)\b)(?:(?![.;]).)*?\b(?:are|were|is|was|closed|ended|traded|trading|fell|rose|"
    r"jumped|slid|dropped|gained|lost|sank|surged|climbed|tumbled|plunged|soared)\b"
)  # a sentence whose subject is a company's shares: its percent is their move
_PARTS_OF_TOTAL = re.compile(
    r"\s*Of\s+(?:those|these|them|which|this|that|the\s+total)\b", re.I
)  # a breakdown
_SHARE_WITH_COUNT = re.compile(
    r"\s*(?:\(\s*|,?\s*with\s+)(?:about\s+|around\s+|nearly\s+)?\d[\d,.]*\s*(?:units|registrations|vehicles|cars|sales)\b",
    re.I,
)  # a maker's percent of the market given with its count
_COUNT_THEN_SHARE = re.compile(
    r"\s*(?:(?:units|registrations|vehicles|cars|sales|EVs)\s+)?(?:sold\s+|registered\s+)?\(\s*(?:about\s+|around\s+|nearly\s+)?$"
    r"|\s*(?:(?:units|registrations|vehicles|cars|sales|EVs)\s+|of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:sales|registrations|deliveries|market)\s*)?,?\s*or\s+(?:about\s+|around\s+|nearly\s+|roughly\s+)?$",
    re.I,
)  # "3,291 units sold (8.2%)", "7,902 of the monthly sales, or 41% of the total": the count's share
_SHARE_CLOSE = re.compile(
    r"\s*\)|\s+of\s+(?:the\s+|all\s+)?(?:[\w-]+\s+){0,3}?(?:total|market|sales|registrations)\b"
)
RESTATED_LEVEL = re.compile(
    r"\s*(?:(?:Last|This|Next)\s+(?:year|quarter|month),\s*|(?:A\s+year|Two\s+years)\s+(?:ago|earlier),\s*|"
    r"(?:Now|Today)\??\s*)?(?:(?P<verb>(?:[Ii]t|[Tt]hat|[Tt]his|[Tt]he\s+(?:figure|share|number))\s+(?:was|is|stood\s+at|had\s+been|"
    r"compares\s+(?:to|with)|compared\s+(?:to|with))|(?:[Ii]t|[Tt]hat)['’]s)\s+(?:(?:up|down)\s+from\s+)?(?:just\s+|only\s+|a\s+mere\s+)?|"
    r"[Jj]ust\s+|[Oo]nly\s+)(?:about\s+|around\s+|nearly\s+|roughly\s+)?"
)  # a clause that only restates the last figure's measure for another time: "Last year, it was 62 percent.",
# "This is up from 5.9 percent in the first three months of 2022."
_AND_BY = fast_compile(
    r"(?:,\s*|\s)(?:(?:and|while|but)\s+(?:then\s+)?|(?:and\s+)?in\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?\s+)"
    r"by\s+(?:about\s+|around\s+|nearly\s+|some\s+)?$",
)  # "rose 73% on year and by 0.3% on quarter", "fell in Italy by 6%, in Germany by 4.6%"
_APPOSED_CHANGE = re.compile(r",\s+(?:a|an|up|down)\s+(?:about\s+|nearly\s+|almost\s+|roughly\s+)?$")
_TO_LEVEL = fast_compile(r"\bto\s+(?:about\s+|around\s+|nearly\s+|just\s+|roughly\s+)?$")
_GAP_TO_NAME = re.compile(
    r"[^.;()\d]{0,30}?(?:[,;]\s*(?:and\s+|while\s+|whereas\s+|but\s+)?|\s+(?:and|while|whereas|but)\s+)(?:the\s+)?"
)
_NAME_TO_FIGURE = re.compile(
    r"(?:['’]s?)?\s+(?:by\s+|at\s+)?(?:about\s+|around\s+|nearly\s+|some\s+|almost\s+|over\s+|more\s+than\s+|"
    r"just\s+over\s+|just\s+under\s+|under\s+|less\s+than\s+|roughly\s+)?"
)


def _gapped(sent: str, prev: Figure, it: Figure, triggers, mentions) -> bool:
    """ "Toyota sales decreased by 6%, Volkswagen by 14%, Stellantis by 16%": a name and a figure with
    the verb and metric left out, the change of the figure before for another maker."""
    if any(prev.end <= ts < it.q.start for ts, _te, _m in triggers):
        return False
    return any(
        prev.end <= m.start
        and m.end < it.q.start
        and _GAP_TO_NAME.fullmatch(sent, prev.end, m.start)
        and _NAME_TO_FIGURE.fullmatch(sent, m.end, it.q.start)
        for m in mentions
        if m.kind in MAKER_KINDS
    )


_THE_FIGURE_IS = re.compile(
    r"\b(?:figure|number|total|tally|result)s?\s+(?:represents?|marks?|reflects?|is|was|were|are|shows?)\s+"
    r"(?:an?\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)
_INCLUDING_BEFORE = fast_compile(
    r"\bincluding\s+(?:about\s+|around\s+|nearly\s+|some\s+)?(?:[$€£¥]|RMB\s?|US\$)?$"
)
_PERIOD_WORD_AFTER = re.compile(
    r"\s*(?:\([^)]{0,30}\)\s*)?(?:in|for|during|over)\s+(?:the\s+)?(?:first|second|third|fourth|final|last|\d{4}|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|Q[1-4]|H[12])\b",
    re.I,
)


def earlier_level(left: str) -> bool:
    """Whether the figure after `left` is stated as an earlier level ("up from 3.4%", "compared with")."""
    return bool(BASE_LEVEL.search(left))


_TICKER_QUOTE = re.compile(
    r"(?:\b[A-Z][A-Z0-9]{1,5}|(?<![\d.,])(?!(?:19|20)\d\d\b)\d{4,6}),\s*(?P<plus>\+)?$"
)


def is_dropped(sent: str, it: Figure, lex: Lexicon, triggers=(), mentions: list[Mention] = ()) -> bool:
    """Numbers that are not claims: differences, policy targets, charging-session ranges."""
    q = it.q
    if q.kind == "currency" and price_change(sent, it, lex, triggers, mentions):
        return True  # "cut prices by 14,000 yuan", "price hikes of $2,000": the difference, not a price
    if q.kind == "currency" and _BRACKET_AFTER.match(sent, it.end):
        return True  # "topping the 400,000-yuan category": a price bracket, not a figure
    right = sent[it.end : it.end + 30]
    left = sent[max(0, q.start - 60) : q.start]
    if (
        q.kind in PERCENT_KINDS
        and (quote := _TICKER_QUOTE.search(left))
        and (quote["plus"] or sent[q.start : q.start + 1] in ("-", "−", "+"))
    ):
        return (
            True  # "Toyota Motor Corp. 7203, -3.05%[2]", "NIO, +3.69%": a quote box, not the story's figure
        )
    if _COUNTERFACTUAL.search(left) or _IN_TRANSIT.match(sent, it.end):
        return True  # "revenues would have increased by 31.8%", "10,600 cars were on their way to customers"
    if q.kind == "multiplier" and _THOSE_OF.match(sent, it.end):
        return True  # "early orders tripled those of Xiaomi's first EV": against another's figure, no growth
    if q.kind in ("vehicles", "bare", "currency") and _RAISE_BY.search(left):
        return (
            True  # "aims to increase annual global sales volume by 1 million units": a difference, no level
        )
    if q.kind in ("vehicles", "bare") and (_PER_WEEK.match(sent, it.end) or _WEEKLY_BEFORE.search(left)):
        return (
            True  # "5,000 Model 3s per week", "the weekly production of 5,000": a run rate, no period's count
        )
    if q.kind in ("vehicles", "bare") and _THOSE_BEFORE.search(left):
        return True  # "63 per cent of those 25,591 electric cars": a figure given before, repeated
    if q.kind == "currency" and (_AMOUNT_CHANGED_BY.search(left) or _AMOUNT_CHANGE_IN.match(sent, it.end)):
        return (
            True  # "losses increase by approximately KRW 560 billion", "a KRW 340 billion increase in losses"
        )
    if q.kind in ("vehicles", "bare", "currency") and _BEHIND_BY.search(left):
        return True  # "behind Mahindra & Mahindra by approximately 7,000": a gap between two makers
    if q.kind in ("percent", "multiplier") and (
        _PERCENT_VS_PAST.match(sent[it.end : it.end + 50]) or _more_fewer(sent, it)
    ):
        pass  # "44.9% more than a year earlier", "one percent fewer cars": a change, not a difference
    elif (
        (diff := _DIFFERENCE_AFTER.match(right))
        and not (diff.group().lower().endswith("behind") and _COUNTED_BY_VERB.search(left))
        or _ADDITIONAL_BEFORE.search(left)
        and not (
            q.kind == "percent" and _CHANGE_RIGHT.match(sent[it.end : it.end + 70])
        )  # "marking another 6% drop"
        and not (
            q.kind == "percent" and _SHARE_VERB_BEFORE.search(left)
        )  # "Plug-in hybrids accounted for another 6%": the next slice of the whole, a share
    ):
        lead = len(right) - len(right.lstrip())
        if not (
            q.kind == "percent"
            and (not diff or any(s == lead for s, _e, _v in lex.find("price_comparative", right)))
            and price_change(sent, it, lex, triggers, mentions)
        ):
            return True  # "5,000 more cars", "6% cheaper than the Model Y"; not "cut prices by another 5%"
    if _COMPARED_BY.search(sent[max(0, q.start - 90) : q.start]):
        return True  # "outsold Tesla by 10,000 units": a margin, not a level
    if (
        q.kind == "currency"
        and not q.conversion
        and (_PER_SHARE_AFTER.match(sent, q.end) or _PER_SHARE_BEFORE.search(left))
    ):
        return True  # "a loss of $0.45 per share", "earnings per ADS were RMB0.96": per-share figures are no claim
    if q.kind == "currency" and _PER_COMMODITY_UNIT.match(sent, it.end):
        return (
            True  # "diesel is priced at around Rs. 90 a liter", "$53.23 a barrel": a commodity's unit price
        )
    if q.kind in ("vehicles", "bare") and _NUMBER_SIGN_BEFORE.search(left):
        return True  # "RFK's No. 60 car": a number that names, not a count
    if q.kind == "percent" and (_HOLDING.search(left) or _STAKE_AFTER.match(sent, it.end)):
        return True  # "reduced its shares in the venture from 50% to 10%", "5.6% shares of Zeekr": a stake
    if q.kind in ("currency", "vehicles", "bare") and (
        _CHANGED_BY.search(left) or _DIFFERENCE_OF.search(sent, max(0, q.start - 100), q.start)
    ):
        return True  # "the average price decreased by 24,000 yuan", "reduced the prices of both models by $2,000"
    if q.kind in ("vehicles", "bare") and _ADDRESS_AFTER.match(sent, it.end):
        return True  # "at 223 North 16th Street": an address
    if _MANDATED_AFTER.match(sent, it.end):
        return True  # "below the 33% market share mandated for 2026": a regulatory quota, not a figure
    if _STREAK_THRESHOLD.search(left):
        return True  # "its 15th straight month above 10,000 units": a threshold, not a figure
    if (
        (typical := _TYPICAL_OF.match(sent, it.end))
        and not any(typical.end() <= m.start <= typical.end() + 4 for m in mentions)
        and not _VERSUS_BEFORE.search(left)
    ):
        return True  # "a 30% margin typical of software firms": no entity's figure
    if (
        q.kind in ("currency", "vehicles", "bare")
        and re.search(r"\bby\s+(?:about\s+|around\s+|nearly\s+|some\s+)?$", left)
        and re.match(r"^\s*(?:,\s*)?(?:to|from)\b", right)
    ):
        return True  # "cut prices by 14,000 yuan to 249,900 yuan": the change, not a level
    if q.kind not in ("km", "kWh") and any(v == "policy" for _s, _e, v in lex.find("drop", left)):
        return True  # a tariff, subsidy or quota figure; a range or battery beside "before incentives" stays
    if any(v == "policy" and s < 3 for s, _e, v in lex.find("drop", right.lstrip())):
        return True
    if q.kind in ("percent", "vehicles", "bare") and (
        _POLICY_AIM.search(sent, 0, q.start)
        or q.kind == "percent"
        and any(
            m.kind == "country" and m.end <= q.start and _COUNTRY_AIMS.match(sent, m.end) for m in mentions
        )
    ):  # "The government aims to raise the NEV share ... to 45% by 2027", "Japan targets 100% ... by 2035"
        return True  # a policy target
    if q.kind in ("kWh", "km") and _EFFICIENCY.match(sent, q.end):
        return True  # "12.1 kWh/100 km", "5.2 miles/kWh": an efficiency, not a battery or a range
    if (
        q.kind in ("vehicles", "bare")
        and q.low < 20
        and not q.conversion
        and not _COUNTED_BY_VERB.search(left)
    ):
        return True  # "two new SUVs", "seven electric SUVs by 2027": a handful of models, not a volume
    if q.kind == "km":
        if q.low >= 3000:
            return True
        if q.factor != 1 and not lex.find("range_context", sent):
            return True  # "within 50 miles of a charger": miles count only where the sentence speaks of range
        win = sent[max(0, q.start - 60) : min(len(sent), it.end + 30)]
        if any(v == "charging" for _s, _e, v in lex.find("drop", win)) or _CHARGING.search(win):
            return True
    if q.kind == "percent" and (
        _CHARGING.search(sent[it.end : it.end + 25]) or re.match(r"^\s*off\b", right)
    ):
        return True
    return q.kind == "kWh" and q.low > 1000


def price_change(sent: str, it: Figure, lex: Lexicon, triggers, mentions: list[Mention] = ()) -> str | None:
    """'down' or 'up' when the figure is what a vehicle price was changed by, else None.

    "cut prices on 22 models by as much as 34%", "slashed the price of the Model Y by 10%", "price
    hikes of up to 5%", "a 10% price cut", "slashed prices 20%", "cut prices by another 5%", "cut the
    price by 14,000 yuan, a 5.3% reduction": a price-change cue (`price_change` in `data/cues.jsonl`)
    and a price word in the figure's clause, the figure after "by" (or "of" right after a
    price-change noun, or right after the price word), in an appositive change noun after the amount
    a price was cut by, or right before a price-change noun. "The Model 3 is now 6% cheaper" (a model
    or price, then "now" or "became", and no "than") is a change too. Price words inside other
    metrics' or non-claim phrases ("share price", "price target", "battery prices") do not count, and
    neither does a change of another metric named after the price ("cut prices and raised sales by 10%").
    """
    q = it.q
    after = sent[it.end : it.end + 30]
    lead = len(after) - len(after.lstrip())
    for s, e, v in lex.find("price_change", after):
        if s == lead and _is_price_word(sent, it.end + s, it.end + e, lex, triggers):
            return v  # "a 10% price cut"
        break
    left = sent[max(0, q.start - 70) : q.start]
    comparative = lex.find("price_comparative", after[: lead + 16])
    if comparative:
        now = _cheaper_now(sent, it, lex, triggers, mentions)
        if now is not None:
            return now
        if _THAN_BEFORE_VERSION.match(sent, it.end + comparative[0][1]):
            return comparative[0][2]  # "nearly 5% cheaper than the previous model": its own price before
    link = _PRICE_LINK.search(left) or _PRICE_OR.search(left)
    if link is None and any(s == lead for s, _e, _v in lex.find("change_noun", after)):
        link = _PRICE_APPOSITIVE.search(left)  # "by 14,000 yuan, a 5.3% reduction"
    if link is not None:
        qual = link.group("qual").strip()  # "by as much as 34%", "of up to 20%", "by between 5% and 10%"
        end, kind = q.start - len(link.group(0)), link.group("link")
        if _PRICE_CLAUSE.search(link.group(0)):
            return None
    else:
        words = lex.find("price_noun", left)  # "slashed prices 20%": a percent right after the price word
        if not words or q.kind != "percent":
            return None
        s, e, _v = words[-1]
        bare = re.fullmatch(r"\s+((?:[a-z]+\s+){0,3})", left[e:])
        if bare is None:
            return None
        qual, end, kind = bare.group(1).strip(), q.start - len(left) + e, ""
    if qual and qual != "between" and not _price_qualifier(qual, lex):
        return None
    head = sent[:end]
    start = max([m.end() for m in _PRICE_CLAUSE.finditer(head)] + [end - _PRICE_WINDOW, 0])
    cues = [(start + s, start + e, v) for s, e, v in lex.find("price_change", head[start:])]
    if not cues:
        return None
    cs, ce, direction = cues[-1]
    if kind == "of" and not (head[ce:].strip(" ,") == "" and _is_price_word(sent, cs, ce, lex, triggers)):
        return None  # "of" only right after a price-change noun: "price cuts of up to 20%"
    words = [
        (start + s, start + e)
        for s, e, _v in lex.find("price_noun", head[start:])
        if _is_price_word(sent, start + s, start + e, lex, triggers)
    ]
    if (
        not words
        and sent[cs:ce].lower().startswith("discount")
        and any(m.kind == "model" and start <= m.start < cs for m in mentions)
    ):
        return direction  # "the Seagull hatchback was discounted by 20%": discounting a model cuts its price
    if not words:
        return None
    after_both = max(words[-1][1], ce)
    if any(
        after_both <= ts and te <= q.start and not _is_price_word(sent, ts, te, lex, triggers)
        for ts, te, _m in triggers
    ):
        return None
    return direction


def _price_qualifier(qual: str, lex: Lexicon) -> bool:
    """ "as much as", "another", "a further", "another roughly": words allowed between the link and the figure."""
    for s, e, _v in lex.find("price_repeat", qual):
        if s == 0:
            qual = qual[e:].strip()
            break
    qual = re.sub(r"^(?:an\s+average\s+of|on\s+average|an\s+average)\s*", "", qual)  # "by an average of 10%"
    return not qual or lex.cue("qualifier", qual) is not None


def _cheaper_now(sent: str, it: Figure, lex: Lexicon, triggers, mentions: list[Mention]) -> str | None:
    """ "The Model 3 is now 6% cheaper", "Tesla's Model Y prices became 5% more expensive": a change of
    the price against the previous one, when a model or a price word is what got cheaper, "now" or
    "became" comes before the figure and no "than" after it."""
    q = it.q
    after = sent[it.end :]
    hit = lex.find("price_comparative", after[:40])
    if not hit or after[: hit[0][0]].strip():
        return None
    rest = after[hit[0][1] :]
    stop = _PRICE_CLAUSE.search(rest)
    if re.search(r"\b(?:than|compared|versus|vs)\b", rest[: stop.start() if stop else len(rest)], re.I):
        return None  # "6% cheaper than the Model Y": a margin between two things
    now = _NOW_BEFORE.search(sent[: q.start])
    if now is None or not _price_qualifier(now.group("qual").strip(), lex):
        return None
    pre = sent[: now.start()].rstrip()
    pre = pre[: len(pre) - len(_AUX_END.search(pre).group(0))]
    if any(m.end == len(pre) and m.kind == "model" for m in mentions):
        return hit[0][2]
    words = lex.find("price_noun", pre[-20:])
    if words and words[-1][1] == len(pre[-20:]):
        s, e = len(pre) - len(pre[-20:]) + words[-1][0], len(pre)
        if _is_price_word(sent, s, e, lex, triggers):
            return hit[0][2]
    return None


def _is_price_word(sent: str, s: int, e: int, lex: Lexicon, triggers) -> bool:
    """Whether sent[s:e] holds a price word that is a `vehicle_price` trigger (or a price-change
    phrase such as "price cuts"), not part of another metric's or a non-claim phrase."""
    if not lex.find("price_noun", sent[s:e]):
        return False
    over = [(ts, te, m) for ts, te, m in triggers if ts < e and s < te]
    return bool(over) and all(
        m == "vehicle_price" or lex.cue("price_change", sent[ts:te]) is not None for ts, te, m in over
    )


def _nearest_trigger(
    triggers,
    start: int,
    end: int,
    allowed: set[str],
    unit_kind: dict[str, str],
    floor: int = 0,
    right_limit: int = RIGHT_LIMIT,
    sent: str | None = None,
):
    best, best_d = None, 10**9
    crossing = None
    for ts, te, metric in triggers:
        if metric != NONE_METRIC and unit_kind.get(metric) not in allowed:
            continue
        if sent is not None and ts >= end and _NEXT_CLAUSE.search(sent[end:ts]):
            # "revenue rose to 18.27 billion yuan, and its net loss ...", "... 362 billion yuan as battery prices
            # slid": the next clause's word, only as a last resort
            if crossing is None and ts - end <= right_limit:
                crossing = (ts, te, metric)
            continue
        if te <= start:
            if metric == NONE_METRIC and sent is not None and _NEW_CLAUSE_LEFT.search(sent, te, start):
                continue  # "at its Changwon plant in February, while KG Mobility enjoyed a 14% rise": another clause's
            d = start - te
            if sent is not None and (filler := _COUNT_FILLER.search(sent, te, start)):
                d -= (
                    filler.end() - filler.start()
                )  # "produced a total of 2,110 vehicles": the verb is next to it
            if ts < floor or d > LEFT_LIMIT:
                continue
        elif ts >= end:
            if ts - end > right_limit:
                continue
            d = int((ts - end) * 1.3) + 2
        else:
            d = 0
        if d < best_d:
            best, best_d = (ts, te, metric), d
    return best if best is not None else crossing


def _names_other_metric(sent: str, end: int, triggers) -> bool:
    """ "fell 3.22% despite posting a 73.1% surge in net profit": the change names its own measure."""
    noun_in = _CHANGE_NOUN_IN.match(sent, end)
    if noun_in is None:
        return False
    after_in = (
        sent.lower().rindex(" in", noun_in.start(), noun_in.end()) + 3
    )  # "in net profit": "net" is the trigger's
    return any(
        x[1] > noun_in.end()
        and x[2] != NONE_METRIC
        and (after_in <= x[0] <= noun_in.end() or _NAMES_GAP.fullmatch(sent, noun_in.end(), x[0]))
        for x in triggers
    )


def assign_metric(
    sent: str,
    it: Figure,
    prev: Figure | None,
    prev_any: Figure | None,
    triggers,
    unit_kind,
    stock: bool,
    lex: Lexicon,
    state_metric: str | None = None,
    mentions: list[Mention] = (),
    doc_metric: Callable[[], str | None] = lambda: None,
) -> None:
    """Set `it.metric` (and change, sign, loss, price): from metric words, the figure before, the
    clause's shape; `state_metric` is the volume last claimed, `doc_metric()` the one the article
    names (only counts fall back on it: a bare percent is not a volume's change by default; asked
    only then, since finding it reads the article's opening)."""
    q = it.q
    left = sent[max(0, q.start - 40) : q.start]
    floor = prev.end if prev else 0
    said: list[str | None] = []  # `_change_word` of this figure: three rules ask, it is worked out once

    def change_word_of() -> str | None:
        if not said:
            said.append(_change_word(sent, it, lex, triggers))
        return said[0]

    if (
        prev is not None
        and prev.metric not in (None, NONE_METRIC)
        and not prev.change
        and prev.q.kind == q.kind
        and _CHANGED_TO.fullmatch(sent, prev.end, q.start)
        and not any(prev.end <= ts < q.start for ts, _te, _m in triggers)
    ):  # "the price was 265,900 yuan and now it has been cut to 229,900 yuan": the same measure, changed
        it.metric = prev.metric
        return
    if (
        q.kind == "percent"
        and (part := _PART_OF_AFTER.match(sent, it.end))
        and any(m == NONE_METRIC and part.end() <= ts <= part.end() + 12 for ts, _te, m in triggers)
    ):
        it.metric = NONE_METRIC  # "cut 10% of its workforce": a part of what is no claim's measure
        return
    if q.kind == "currency":
        t = _nearest_trigger(triggers, q.start, it.end, {"currency"}, unit_kind, floor, sent=sent)
        named = next((x for x in triggers if _IN_METRIC.fullmatch(sent, it.end, x[0])), None)
        if named is not None and (named[2] == NONE_METRIC or unit_kind.get(named[2]) == "currency"):
            t = named  # "$1.627 billion in earnings before interest and taxes", "$26.2 billion in revenue"
        sales = _nearest_trigger(
            triggers, q.start, it.end, {"vehicles"}, unit_kind, max(floor, q.start - 40), 0
        )
        if t is None and sales and sales[2] == "sales_volume":
            if _PRICE_PREPOSITION.search(left) and any(
                m.kind == "model" and sales[1] <= m.start < q.start for m in mentions
            ):
                it.metric = (
                    "vehicle_price"  # "BYD will sell the Seal U in Britain from £33,200": the model's price
                )
                return
            t = (*sales[:2], "revenue")
        base = prev is not None and _TO_FROM.match(sent[prev.end : q.start])
        if (
            base
            and prev.metric not in (None, NONE_METRIC)
            and prev.q.kind == "currency"
            and (t is None or t[2] == NONE_METRIC and t[0] >= it.end)
        ):  # "to $53,469 from $65,108 one year ago, led by price cuts": the same measure's base
            it.metric, it.sign = prev.metric, prev.sign
            return
        if (
            t is None
            and prev is not None
            and prev.metric not in (None, "vehicle_price", NONE_METRIC)
            and re.search(r"\bfrom\s+(?:about\s+|around\s+)?$", left)
        ):
            it.metric, it.sign = (
                prev.metric,
                prev.sign,
            )  # "net income jumped to $2.9 billion, or 84 cents a share, from $1.1 billion"
            return
        if (
            t is not None
            and t[2] == NONE_METRIC
            and t[1] < q.start - 25
            and _PRICE_FROM.search(left)
            and re.search(r"\b(?:sold|priced|offered|available|starts?|starting)\s+(?:at\s+|from\s+)$", left)
        ):
            t = None  # "the Plaid version — taking only 2.1 seconds to 100km/h — will be sold from 1.01 million yuan"
        if t is None and not base and _UNCLAIMED_TO_FROM.search(sent, max(0, q.start - 120), q.start):
            it.metric = (
                NONE_METRIC  # "plunged to 448.3 billion won from 731.2 billion won": the base of no claim
            )
            return
        if t is None and not base and _PRICE_FROM.search(left) and not _CHANGE_FROM.search(left):
            it.metric = "vehicle_price"  # "goes on sale from €35,990"
            return
        if (
            t is None
            and prev is not None
            and prev.metric not in (None, NONE_METRIC)
            and _FROM_TO.fullmatch(sent, prev.end, q.start)
            and re.search(
                r"\bfrom\s+(?:about\s+|around\s+)?$", sent[max(0, prev.q.start - 20) : prev.q.start]
            )
        ):
            it.metric, it.sign = prev.metric, prev.sign  # "revenue rose from $20 billion to $25 billion"
            return
        if (
            t is None
            and prev is not None
            and prev.metric not in (None, NONE_METRIC, "vehicle_price")
            and _INCLUDING_BEFORE.search(left)
            and _PERIOD_WORD_AFTER.match(sent, it.end)
        ):
            it.metric, it.sign = (
                prev.metric,
                prev.sign,
            )  # "topping $4.43 billion, including $1.3 billion in the fourth quarter"
            return
        if t is None and prev is None and _ON_SALE_AT.search(left):
            it.metric = "vehicle_price"  # "goes on sale in Britain at £31,435"
            return
        if (
            t is not None
            and t[0] >= it.end
            and prev_any is not None
            and prev_any.change
            and unit_kind.get(prev_any.metric) == "currency"
            and re.search(r"\bto\s+$", left)
        ):
            it.metric = (
                prev_any.metric
            )  # "revenue increased by 34% to RMB 240.2 billion, net profit soared ..."
            return
        if t is not None and t[0] >= it.end and prev is not None and _EXPECTED_BEFORE.search(left):
            t = None  # "revenue of $1.3 billion, beating estimates of $1.27 billion, while its net loss ..."
        if (
            t is None
            and prev
            and (
                _LEVEL_BEFORE.search(left)
                or _OWNER_BEFORE.search(left)
                or _EXPECTED_BEFORE.search(left)
                or EXPECTED_AFTER.match(sent, it.end)
            )
        ):
            it.metric = prev.metric
            if prev.metric == "net_profit" and prev.sign < 0:
                it.sign = -1
        elif t is not None:
            it.metric = t[2]
        if it.metric == "net_profit" and t and "loss" in sent[t[0] : t[1]].lower():
            it.sign = -1
        if (
            it.metric is None
            and t is None
            and prev_any is not None
            and prev_any.change
            and prev_any.metric in ("revenue", "net_profit")
            and re.search(r"\bto\s+(?:about\s+|around\s+|nearly\s+)?$", left)
        ):
            it.metric = prev_any.metric  # "sales sank 36% versus a year earlier to $345.3 million"
        if (
            _EARNS_BEFORE.search(left)
            and (t is None or t[0] >= it.end and _OTHER_CLAUSE_GAP.search(sent, it.end, t[0]))
            and it.metric in (None, t and t[2])
        ):
            it.metric = "net_profit"  # "Tesla makes $1.3 billion in Q1 as revenue falls 9%"
        if it.metric is None and re.match(
            r"\s*(?:net\s+|quarterly\s+|annual\s+)?loss(?:es)?\b", sent[it.end :]
        ):
            it.metric, it.sign = (
                "net_profit",
                -1,
            )  # "smaller than the $1.7 billion loss it reported a year earlier"
        if it.metric is None and t is None and _LOST_BEFORE.search(left):
            it.metric, it.sign = "net_profit", -1  # "VinFast has lost more than $6bn since 2021"
        if it.metric is None and t is None and _model_amount(sent, it, mentions):
            it.metric = "vehicle_price"  # "now retails for 179,800 yuan", "the Tang for €59,990"
        return
    if q.kind in ("km", "kWh"):
        it.metric = "range" if q.kind == "km" else "battery_capacity"
        return
    if q.kind in ("vehicles", "bare"):
        t = _nearest_trigger(triggers, q.start, it.end, {"vehicles"}, unit_kind, floor, sent=sent)
        if t is None and (sales := _IN_SALES_AFTER.match(sent, it.end)):
            # "first with more than 198,000 in sales": a count
            t = (sales.start(), sales.end(), "sales_volume")
        done = _PARTICIPLE_AFTER.match(sent, it.end)
        if done is not None and q.low >= 100 and (q.noun or "").lower() not in _COUNTED_METRIC_NOUNS:
            it.metric = _PARTICIPLE_METRIC[done["v"].lower()]  # "the 9,395 vehicles made and 7,946 delivered"
        elif (
            prev is not None
            and not prev.change
            and prev.metric
            and (_FROM_TO.fullmatch(sent, prev.end, q.start) or BASE_LEVEL.search(left))
        ):  # "lowered its delivery guidance from 123,000 vehicles to 108,000", "..., compared with 33,463 in May"
            it.metric = prev.metric
        elif t is not None:
            it.metric = t[2]
        elif prev is not None and not prev.change:
            it.metric = prev.metric
        elif (
            prev_any is not None
            and prev_any.change
            and prev_any.metric in VOLUME_METRICS
            and re.search(r"(?:^|[,\s])to\s+(?:about\s+|around\s+|nearly\s+|some\s+)?$", left)
        ):
            it.metric = prev_any.metric  # "Hybrid cars increased by 28.9%, to 7,950": the level it rose to
        elif q.kind == "vehicles":
            t = _nearest_trigger(triggers, q.start, it.end, {"vehicles"}, unit_kind, 0, 60)
            far = [m for ts, _te, m in triggers if ts < q.start and unit_kind.get(m) == "vehicles"]
            it.metric = t[2] if t else (far[-1] if far else doc_metric())
        elif q.low >= 100 and _VEHICLES_LINKED_BEFORE.search(left):
            it.metric = doc_metric()
        elif q.low >= 1000 and (_CHANGE_AFTER_COUNT.match(sent, it.end) or _TOTAL_BEFORE.search(left)):
            it.metric = (
                doc_metric()  # "Geely pushed out 119,696, up 167%", "BYD's annual total tops four million"
            )
        if EXPECTED_AFTER.match(sent, it.end) and (it.metric or prev_any is not None and not prev_any.change):
            it.metric = (
                it.metric or prev_any.metric
            )  # "delivered 36,279 vehicles, below the 40,000 analysts had expected"
            return
        if (
            q.kind == "bare"
            and state_metric
            and q.low >= 10
            and (
                re.search(r"\bfrom\s+$", left)
                and _TO_NUMBER_AFTER.match(sent, it.end)
                or _FROM_NUMBER_TO.search(left)
                and _PAIR_END.match(sent, it.end)
            )
        ):
            it.metric = (
                state_metric  # "full electrics went from 52 in August 2021 to 492": the volume talked about
            )
            return
        if (
            q.kind == "bare"
            and (q.low < 100 or not _ALLOWED_AFTER_BARE.match(sent[it.end : it.end + 20]))
            and not (t is not None and _ATTACHED_TO_TRIGGER.fullmatch(sent[t[1] : q.start]))
            and not (
                prev is not None
                and not prev.change
                and it.metric == prev.metric
                and _VERSUS_BEFORE.search(left)
            )  # "registered 2,214 electric cars compared to 51 in H1 2023": the earlier level, however small
        ):
            it.metric = None  # a bare number needs a count's context, or its metric word right before it
        return
    # percentages: a change, or a level (share, margin, cost advantage)
    shares = _SHARES_SUBJECT.search(sent, 0, q.start) if q.kind == "percent" else None
    if (
        shares
        and not _CLAUSE_BREAK.search(sent, shares.end(), q.start)
        and not any(shares.end() <= ts < q.start for ts, _te, m in triggers if m != NONE_METRIC)
        and not _names_other_metric(sent, it.end, triggers)
    ):
        # "Shares of Rivian ... are down about 60% this year, after ... production targets": their move
        moves = lex.find("change", sent[shares.start() : q.start])
        direction = _change_word(sent, it, lex, triggers) or (moves[-1][2] if moves else None)
        it.metric, it.change, it.sign = "share_price_change", True, -1 if direction == "down" else 1
        return
    if (
        q.kind == "percent"
        and _SHARE_WITH_COUNT.match(sent, q.end)
        and not _PARTS_OF_TOTAL.match(sent)
        and not change_word_of()
    ):
        it.metric = "market_share"  # "TVS close behind at 23.55% (26,036 registrations)", "at 19.5% with 201,966 units"
        return
    if (
        q.kind == "percent"
        and q.unit == "percent"
        and not change_word_of()
        and prev_any is not None
        and not prev_any.change
        and prev_any.metric in VOLUME_METRICS
        and _COUNT_THEN_SHARE.fullmatch(sent, prev_any.end, q.start)
        and _SHARE_CLOSE.match(sent, it.end)
        and maker_named_last(mentions, prev_any.q.start)
        and not lex.find("change", sent[max(0, prev_any.q.start - 30) : prev_any.q.start])
    ):  # not "a gain of 23 425 units, or 196.8%": the change in percent
        it.metric = (
            "market_share"  # "3,291 units sold (8.2%)", "7,902 of the monthly sales, or 41% of the total"
        )
        return
    if (
        prev is not None
        and (prev.change or prev.metric == "share_price_change")  # a share move is a change however found
        and prev.metric
        and (_AND_BY.search(left) or _gapped(sent, prev, it, triggers, mentions))
    ):  # "rose 73% on year and by 0.3% on quarter", "Toyota sales fell by 6%, Volkswagen by 14%"
        it.metric, it.change, it.sign = prev.metric, True, prev.sign
        return
    if (
        prev is not None
        and q.kind == prev.q.kind == "percent"
        and not prev.change
        and prev.metric in POINTS_METRICS
        and _TO_LEVEL.search(left)
        and not any(prev.end <= ts < q.start for ts, _te, _m in triggers)
    ):
        it.metric = (
            prev.metric
        )  # "its market share dropped from 49.8% in May to 28.6% in September": a new level
        return
    change_word = change_word_of()
    level_link = bool(_FROM_BEFORE.search(left)) and not (
        change_word and _ARTICLE_BEFORE.search(left) and _CHANGE_RIGHT.match(sent[it.end : it.end + 70])
    )  # "up from 6.9%" is a base level; "recovering from a 0.7 per cent fall" is a change of its own
    direction = (
        price_change(sent, it, lex, triggers, mentions)
        if q.kind == "percent" and q.unit == "percent"
        else None
    )  # points are the change of a share or margin, never of a price
    if direction is not None:
        # "cut prices on 22 models by as much as 34%", "price hikes of up to 5%": against the previous price
        it.metric, it.change, it.price = "vehicle_price", True, True
        it.sign = -1 if (change_word or direction) == "down" else 1
        return
    if (
        level_link
        and prev is not None
        and not any(
            prev.end <= ts < q.start and m != NONE_METRIC and _NEW_SUBJECT_CLAUSE.search(sent, prev.end, ts)
            for ts, _te, m in triggers
        )
    ):  # not "..., while the share of electric cars increased from 2.1 percent": that word's own base
        # "has doubled from 4.9 per cent to 8.4 per cent": after a multiple, the levels of its measure
        it.metric, it.change, it.level_link = prev.metric, prev.change and prev.q.kind != "multiplier", True
        return
    if (
        q.kind == "percent"
        and change_word
        and (_SHARES_MOVED.search(sent, max(0, q.start - 70), q.start) or _AT_SHARE_PRICE.match(sent, it.end))
        and not _names_other_metric(sent, it.end, triggers)
    ):
        it.metric = "share_price_change"  # "Li Auto shares slumped 12% after ... its delivery forecast"
        it.sign = -1 if change_word == "down" and q.low > 0 else 1
        return
    if (
        q.kind == "multiplier"
        or q.unit == "percentage_points"
        and change_word is not None
        or change_word is not None
    ):
        it.change = True
    if it.change:
        it.sign = -1 if change_word == "down" or q.low < 0 else 1
        if q.low < 0:
            it.sign = 1
        if (
            not _OWN_DIRECTION.search(sent, max(0, q.start - 12), q.start)
            and prev is not None
            and prev.change
            and _AND_PAIR.fullmatch(sent, prev.end, q.start)
        ):
            it.sign = prev.sign  # "decreasing 0.7% quarter-on-quarter and 23.5% year-on-year": both fell
        base = None
        t = _nearest_trigger(
            triggers,
            q.start,
            it.end,
            # points change a share or a margin ("shave 2 percentage points off BYD's gross margin")
            {"percent"}
            if q.unit == "percentage_points"
            else {"vehicles", "currency", "percent", "km", "kWh"},
            unit_kind,
            prev.end if prev else 0,
            40,
            sent=sent,
        )
        partner = _PARTNER_AFTER.match(sent, it.end)  # "12% and 8% drops in Ioniq 5 and Ioniq 6 sales"
        if (noun_in := _CHANGE_NOUN_IN.match(sent, partner.end() if partner else it.end)) is not None:
            t = next(
                (
                    x
                    for x in triggers
                    if x[0] >= noun_in.end() and _NAMES_GAP.fullmatch(sent, noun_in.end(), x[0])
                ),
                t,
            )  # "a 39% drop in first-quarter profit", "drops in Ioniq 5 sales"
        attached = next(
            (
                x
                for x in triggers
                if x[2] != NONE_METRIC
                and (
                    _SEGMENT_GAP.fullmatch(sent, it.end, x[0])
                    or q.kind == "multiplier"
                    and _OWNED_GAP.fullmatch(sent, it.end, x[0])
                )  # "tripled its delivery volume"
                and (_CHANGE_NOUN_AFTER.match(sent, x[1]) or q.kind == "multiplier")
            ),
            None,
        )
        if attached is not None:
            t = attached  # "delivered 5x revenue growth", "a 12% sales increase": the metric named with the change
        elif _TO_COUNT.match(sent, it.end) and (t is None or unit_kind.get(t[2]) != "vehicles"):
            # "OPEL up 6.3% to 242,667 units for a market share of 3.7%": the change of the count it rose to
            t = None
            if state_metric is None and (volume := doc_metric()):
                it.metric, it.change = volume, True
                return
        if (
            t is not None
            and t[2] == "market_share"
            and sent[t[0] : t[1]].lower() == "share"
            and _PER_SHARE_WORD.search(sent, max(0, t[0] - 8), t[0])
        ):
            it.metric = (
                "share_price_change"  # "closing at $41.16 a share, down 6.4% on the day": the stock's move
            )
            return
        if (
            attached is None
            and prev_any is not None
            and prev_any.q.kind not in PERCENT_KINDS
            and prev_any.metric
            and not prev_any.change
            and not any(
                prev_any.end <= ts < q.start and (m != NONE_METRIC or not _APPOSED_CHANGE.search(left))
                for ts, _te, m in triggers
            )  # "produced just 2,173 vehicles at its factory in Arizona, a 6% decline": that count's change
            and (t is None or t[0] < prev_any.q.start or q.start - prev_any.end < 45)
        ):
            base, t = prev_any.metric, None
        if (
            base is None
            and t is None
            and q.unit == "percentage_points"
            and prev is not None
            and not prev.change
            and prev.metric in POINTS_METRICS
        ):
            it.metric = (
                prev.metric
            )  # "The market share reached 31.6 percent, an increase of 5.9 percentage points"
            return
        if base is None and t is None and prev is not None and prev.change:
            it.metric = prev.metric
            it.loss, it.price = prev.loss, prev.price
            if it.loss:
                it.sign = -it.sign
            if not change_word:
                it.sign = prev.sign
            return
        if (
            base is None
            and t is None
            and prev_any is not None
            and prev_any.metric
            and not prev_any.change
            and prev_any.metric != "market_share"
        ):
            base = prev_any.metric
        if (
            base is None
            and stock
            and q.kind == "percent"
            and t is not None
            and t[2] == NONE_METRIC
            and t[1] <= q.start
            and "share" in sent[t[0] : t[1]].lower()
        ):
            t = None  # "shares traded at US$15.73 per share, down 25.57 percent": the share price's change
        if base is None and t is None and state_metric and _THE_FIGURE_IS.search(sent, 0, q.start):
            base = state_metric  # "The October figure represents a 92.6% increase": the count just given
        if (
            base is None
            and t is None
            and stock
            and (
                _SHARES_WORD.search(sent)
                or not any(m == NONE_METRIC and ts < q.start for ts, _te, m in triggers)
            )
        ):  # not "operating profit of 460.6 billion won ... a decrease of 27.3%" near stock talk
            it.metric = "share_price_change"
            return
        if base is None and t is None and state_metric:
            base = state_metric
        if base is None and t is not None:
            base = t[2]
            if base == "revenue" and _CHANGE_IN_SALES.search(sent, 0, t[1]):
                base = "sales_volume"  # "saw a 37% jump in sales": units sold, not "$5 billion in sales"
            if base == "sales_volume" and _TO_AMOUNT.match(sent, it.end):
                base = "revenue"  # "sales sank 36% versus the same period a year earlier to $345.3 million"
            if base == "vehicle_price" and not _is_price_word(sent, t[0], t[1], lex, triggers):
                base = None  # "costs were cut by 10%": spending, not what a car sells for
        if base in METRIC_CLASSES["own_change"]:
            it.metric, it.change = base, False
            return
        if base is None or base == NONE_METRIC:
            it.metric = None if base is None else NONE_METRIC
            return
        it.metric = base
        if base == "net_profit" and (
            t
            and "loss" in sent[t[0] : t[1]].lower()
            or prev_any
            and prev_any.sign < 0
            and prev_any.metric == "net_profit"
            or re.search(r"\bloss\w*\b(?:[^.;]|\.(?=\d)){0,60}$", sent[: q.start], re.I)
        ):
            it.sign, it.loss = -it.sign, True
        return
    # a level
    if " out of " in q.text or " in " in q.text:
        it.metric = "market_share" if lex.find("market_object", sent[it.end : it.end + 40]) else None
        return
    obj = sent[it.end : it.end + 70]
    m = re.match(r"^\s*(?:share\s+)?of\s+(.*)", obj, re.I)
    if m:
        target = m.group(1)
        if (
            lex.find("own_share", target[:40])
            or re.match(r"^(?:its|their|his|her|those|these)\b", target)
            or _maker_possessive(target, it.end + m.start(1), mentions)
        ):
            it.metric = None
            return
        if lex.find("market_object", target[:45]):
            it.metric = "market_share"
            return
    before = _SHARE_OF_BEFORE.search(sent, max(0, q.start - 90), q.start)
    if before and (
        lex.find("own_share", before["t"])
        or re.match(r"(?:its|their)\b", before["t"])
        or _maker_possessive(before["t"], before.start("t"), mentions)
    ):
        it.metric = None  # "The BEV share of total deliveries reached 5.6%": the maker's own mix
        return
    t = _nearest_trigger(triggers, q.start, it.end, {"percent"}, unit_kind, prev.end if prev else 0)
    if t is not None:
        it.metric = t[2]
        if (
            t[2] == "gross_margin"
            and sent[t[0] : t[1]].lower() in ("margin", "margins")
            and _OPERATING_BEFORE.search(sent, 0, t[0])
        ):
            it.metric = NONE_METRIC  # "operating profit ... stood at KRW 515.7 billion with a margin of 6.3%"
        return
    count = _nearest_trigger(
        triggers, q.start, it.end, {"vehicles"}, unit_kind, prev.end if prev else 0, sent=sent
    )
    if q.kind == "percent" and count is not None and count[2] in VOLUME_METRICS and count[1] <= q.start:
        it.metric = (
            "market_share?"  # "sales of combustion cars fell from 47.6 to 37.5 percent": a share of sales
        )
        return
    if (
        prev is not None
        and not prev.change
        and prev.metric in POINTS_METRICS
        and re.search(
            r"(?:\bwith\s+(?:a\s+|an\s+)?|[\w.]+(?:'s|’s|s'|s’)\s+(?:[a-z]+\s+){0,2}?)(?:about\s+|around\s+|nearly\s+)?$",
            left,
        )
    ):
        it.metric = (
            prev.metric
        )  # "Tata held a 62% share, followed by MG with 21%", "second only to Tesla's 49.7%"
        return
    if (
        prev is not None
        and not prev.change
        and re.fullmatch(r"\s*(?:%|percent|per\s+cent)?\s*to\s+", sent[prev.end : q.start])
        and re.search(r"\bfrom\s+$", sent[max(0, prev.q.start - 8) : prev.q.start])
    ):
        it.metric = prev.metric  # "market share has increased from 6.5 to 9.5 percent"
        return
    if prev is not None and prev.change and re.search(r"\bto\s+(?:a\s+|an\s+)?(?:record\s+)?$", left):
        it.metric = prev.metric
        return
    if prev is not None and (
        _LEVEL_BEFORE.search(left) or re.match(r"^\s*(?:,|and)?\s*$", sent[prev.end : q.start])
    ):
        it.metric, it.change, it.sign, it.loss = prev.metric, prev.change, prev.sign, prev.loss
        it.level_link, it.price = prev.level_link, prev.price
        return
    if _ACCOUNT.search(left) and q.kind in ("percent", "fraction"):
        if prev is not None and prev.metric == "market_share" and not prev.change:
            it.metric = (
                "market_share"  # "Suzuki held 4.62 percent, Ford took 3.67 percent": the list's shares
            )
        else:
            it.metric = "market_share?"  # only for market-level subjects; settled in choose_subjects
    elif (
        q.kind == "percent"
        and re.search(r"\bof\s+(?:which|these|them)\s+(?:about\s+|around\s+|nearly\s+|some\s+)?$", left, re.I)
        and (be := re.match(r"\s+(?:were|was|are|is)\s+", sent[it.end :]))
        and lex.find("segment", sent[it.end + be.end() : it.end + be.end() + 30])
    ):
        it.metric = "market_share?"  # "9,343 new cars, of which 96.4% were fully electric": a market's share


_OF_KIND = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+)?(?:[A-Za-z][\w-]*\s+){1,6}")


def _verb_object_by(sent: str, start: int, lex: Lexicon, triggers) -> str | None:
    """'up'/'down' for "VERB [its|BYD's|the ...] METRIC by N%": a verb that changes its object
    (`change_verb` in `data/cues.jsonl`: boosting, lifting, pushing, cutting) and a metric word right
    before "by", so the figure is that metric's change ("boosting sales by 30%")."""
    by = _BY_BEFORE.search(sent, max(0, start - 40), start)
    if by is None:
        return None
    qual = by.group("qual").strip()
    if qual and lex.cue("qualifier", qual) is None:
        return None
    at = by.start()
    obj = next(
        (
            ts
            for ts, te, m in triggers
            if m != NONE_METRIC and te <= at and (not sent[te:at].strip() or _OF_KIND.fullmatch(sent, te, at))
        ),
        None,
    )  # "increased its sales of electric cars and plug-in hybrids by 37 percent": what was sold, then "by"
    if obj is None:
        return None
    words = _WORD_OR_MARK.findall(sent[max(0, obj - 50) : obj])
    for w in reversed(words[-4:]):
        direction = lex.cue("change_verb", w)
        if direction is not None:
            return direction
        if not w[0].isalnum() or w.lower() in _OBJECT_STOP:
            return None  # "capacity and sales by 5%", "prices, lifting sales": not this verb's object
    return None


_SHARE_OF_BEFORE = fast_compile(
    r"\bshare\s+of\s+(?P<t>[^,;:]{1,45}?)\s+(?:reached|was|were|is|are|rose|fell|stood|hit|climbed|grew|"
    r"increased|decreased|came|amounted|jumped|dropped|slipped|edged|remained)\b[^,;:]{0,30}$"
)  # "the BEV share of total deliveries reached a level of": what the share is of


def _maker_possessive(target: str, offset: int, mentions: list[Mention]) -> bool:
    """ "half of BYD's sales": a share of one maker's own total, not of a market."""
    lead = re.match(r"^(?:the\s+|all\s+(?:the\s+)?|total\s+)?", target).end()
    return any(
        m.start == offset + lead
        and m.kind in MAKER_KINDS
        and _OWN_TOTAL_AFTER.match(target[m.end - offset :])
        for m in mentions
    )  # and "37 percent of all Volvo cars sold"


_OWN_TOTAL_AFTER = re.compile(r"(?:'s|’s)|\s+(?:cars|vehicles|models|sales|deliveries)\b")


_PRICE_SIZED = {
    "JPY": 1e9,
    "KRW": 1e10,
    "INR": 1e9,
    "VND": 1e12,
    "IDR": 1e12,
}  # amounts below this (1e7 elsewhere) can be a car's price
_MODEL_GAP = re.compile(r"(?:[^.;:!?]|(?<=\bRs)\.|\.(?=\d)){0,80}")  # "Nexon EV, priced at Rs. 14.5 lakh"
_BRACKET_AFTER = re.compile(
    r"\s*(?:(?:and|or)\s+(?:above|up|over|higher|more|below|under|less|lower)\s+|\+\s*|-plus\s+)?(?:price\s+)?"
    r"(?:category|segment|bracket|class|band|tier|range|level|mark|threshold|market)\b",
    re.I,
)  # "the 400,000-yuan category", "the 500,000 yuan and above category"


_MORE_FEWER = re.compile(r"\s*(?P<w>more|fewer|less)\b(?P<rest>[^.;,]{0,60})(?P<tail>[^.;,]{0,60})", re.I)


def _more_fewer(sent: str, it: Figure) -> str | None:
    """ "sold one percent fewer cars", "49% fewer than in the previous year": a change ('up'/'down');
    "5% more than Tesla" compares with another entity and is no change (None)."""
    m = _MORE_FEWER.match(sent, it.end)
    if m is None:
        return None
    rest = m.group("rest")
    if re.match(r"\s*(?:range|power|space|torque|horsepower|efficiency|room|cargo)\b", rest, re.I):
        return None  # "over 40% more range": a comparison with another car, not a change over time
    than = re.search(r"\bthan\b", rest, re.I)
    if than and not _PERCENT_VS_PAST.match(" more " + rest[than.start() :] + m.group("tail")):
        return (
            None  # "60 percent more electric cars were registered in Germany in July than in the same month"
        )
    return "up" if m.group("w").lower() == "more" else "down"


def _model_amount(sent: str, it: Figure, mentions: list[Mention]) -> bool:
    """A car-sized amount with no metric word in a clause about one model is that model's price:
    "The Han EV Glory Edition now retails in China for 179,800 yuan", "its $11,000 Seagull city car",
    "a cheaper version of the Dolphin at 98,800 yuan", "goes to 229,900 yuan from 265,900 yuan"."""
    q = it.q
    if abs(q.low) >= _PRICE_SIZED.get(q.unit or "", 1e7) or q.low <= 0:
        return False
    makers = [m for m in mentions if m.kind in ("company", "brand", "model")]
    if any(
        m.kind == "model" and m.start >= it.end and ATTACHED_AFTER.fullmatch(sent[it.end : m.start])
        for m in makers
    ):
        return True  # "its $11,000 (£8,800) all-electric Seagull city car"
    near = [
        m
        for m in makers
        if (m.end <= q.start and _MODEL_GAP.fullmatch(sent[m.end : q.start]))
        or (m.start >= it.end and _MODEL_GAP.fullmatch(sent[it.end : m.start]))
    ]
    if not near:
        return False
    nearest = min(near, key=lambda m: min(abs(q.start - m.end), abs(m.start - it.end)))
    return nearest.kind == "model"


_LEVEL_OF_MARGIN = fast_compile(
    r"\bmargins?\s+(?:\w+\s+){0,2}?(?:of|at|was|were|stood\s+at|came\s+in\s+at|to|:)\s*$", re.I
)


_ARTICLE_BEFORE = re.compile(r"\b(?:a|an)\s+(?:[$€£¥]|RMB\s?|US\$)?$", re.I)


def _change_word(sent: str, it: Figure, lex: Lexicon, triggers=()) -> str | None:
    """'up'/'down' when the words around the number make it a change."""
    q = it.q
    verb = _verb_object_by(sent, q.start, lex, triggers)
    if verb is not None:
        return verb  # "boosting sales by 30%", "lifted its revenue by about 12%"
    left = sent[max(0, q.start - 32) : q.start]
    if left.endswith("+"):
        return "up"
    if _ARTICLE_BEFORE.search(left):  # "recovering from a 0.7 per cent fall": the noun the figure measures
        m = _CHANGE_RIGHT.match(sent[it.end : it.end + 70])
        if m and (direction := lex.cue("change", m.group("w"))):
            return direction
    wide = sent[max(0, q.start - 64) : q.start]  # "increased during the first quarter by 275.9 percent"
    m = _WORD_BEFORE_FIGURE.search(wide)
    if m and not _NOT_CHANGE_VERB.search(wide[max(0, m.start("w") - 32) : m.start("w")]):
        direction = lex.cue("change", m.group("w"))
        if direction:
            return direction
    m = _CHANGE_NOUN_BEFORE.search(wide)  # "the increase in France and Spain is just over 50%"
    if m:
        direction = lex.cue("change", m.group("w") or m.group("w2"))
        if direction:
            return direction
    m = _PERCENT_VS_PAST.match(sent[it.end : it.end + 50])
    if m:
        return "up" if re.match(r"\s*(?:more|higher)", m.group(0), re.I) else "down"
    if q.kind == "percent" and (direction := _more_fewer(sent, it)):
        return direction
    partner = _PARTNER_AFTER.match(sent, it.end)  # "a 101.9 and 161.7 percent increase": the pair's noun
    m = _CHANGE_RIGHT.match(sent[partner.end() if partner else it.end : it.end + 70])
    if m:
        direction = lex.cue("change", m.group("w"))
        if direction:
            return direction
    right = sent[it.end : it.end + 30]
    if any(s <= len(right) - len(right.lstrip()) for s, _e, _v in lex.find("basis", right)):
        return "down" if q.low < 0 else "up"  # "+24.44% YoY", "-9.36% MoM", "12% year on year"
    if q.low < 0 and q.kind in ("percent", "percentage_points") and not _LEVEL_OF_MARGIN.search(left):
        return "down"  # "-6,2%": a signed percent is a change, not "a gross margin of -49.4%"
    return None
