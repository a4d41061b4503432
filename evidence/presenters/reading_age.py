"""How old a reader must be to follow a text, from the Flesch-Kincaid grade (textstat, a well-kept library).

Plain-language health writing aims at a reading age of about 11 (EVIDENCE_READING_AGE_TARGET). A US school
grade is turned into an age by adding five, as the readability literature does.
"""

import re

import textstat

_MARKUP = re.compile(r"\[@[^\]]*\]|[#*_>`|]+|\[([^\]]*)\]\([^)]*\)")


def reading_age(*texts: str) -> int | None:
    """The reading age of `texts` read together, in whole years; None when there is too little text to judge."""
    plain = " ".join(_MARKUP.sub(lambda m: m.group(1) or " ", text or "") for text in texts).strip()
    if textstat.lexicon_count(plain) < 30:
        return None
    return max(5, round(textstat.flesch_kincaid_grade(plain) + 5))
