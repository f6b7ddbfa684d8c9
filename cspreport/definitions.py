"""Every code the report knows, written once: service measures, survey statements and answers.

A measure's or answer's *meaning* lives here; its wording in each language lives in the
catalogues (``cspreport/i18n/*.yaml``) under the same code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """A client-service figure for a period."""

    code: str
    decimals: int  # how many decimals the report shows
    unit: str = ""  # catalogue key of the unit shown after the number, "" for a count
    scale: int | None = None  # top of the rating scale, for averages of ratings
    definition: str = ""


MEASURES: tuple[Measure, ...] = (
    Measure("calls_total", 0, definition="Incoming and outgoing calls in the period."),
    Measure("emails_answered", 0, definition="E-mails answered in the period."),
    Measure("call_duration_avg_min", 1, unit="unit.minutes",
            definition="Average talk time of answered calls, in minutes."),
    Measure("call_rating_avg", 1, scale=5,
            definition="Average rating of rated calls on a scale of 1 to 5."),
    Measure("edv_registrations", 0,
            definition="EDV user registration requests submitted in the period."),
    Measure("voice_messages_listened", 0,
            definition="Voice messages left outside working hours and listened to."),
    Measure("chats_served", 0, definition="Chats served in the period."),
    Measure("chat_rating_avg", 1, scale=9,
            definition="Average rating of rated chats on a scale of 1 to 9."),
)
MEASURE_BY_CODE = {m.code: m for m in MEASURES}

# Survey statements: "overall" is the question behind plan indicator 2.
STATEMENTS: tuple[str, ...] = ("overall", "professional", "responsive", "polite")

# Answers from most to least favourable; "fully or partly agree" is the first two.
ANSWERS: tuple[str, ...] = ("fully_agree", "partly_agree", "partly_disagree", "fully_disagree")
AGREE: tuple[str, ...] = ANSWERS[:2]

# How a plan indicator's actual may be taken from another table (sheet plan_indicators,
# column actual_from): survey:<statement>:<share>.
SURVEY_SHARES: tuple[str, ...] = ("fully", "fully_or_partly")
