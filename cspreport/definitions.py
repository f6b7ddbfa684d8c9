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
    count: str | None = None  # the measure that counts the ratings behind an average
    tile: bool = True  # shown as a tile of its own (counts of ratings are shown with theirs)


MEASURES: tuple[Measure, ...] = (
    Measure("calls_total", 0, definition="Incoming and outgoing calls in the period."),
    Measure("emails_answered", 0, definition="E-mails answered in the period."),
    Measure("call_duration_avg_min", 1, unit="unit.minutes",
            definition="Average talk time of answered calls, in minutes."),
    Measure("call_rating_avg", 1, scale=5, count="call_ratings",
            definition="Average rating of rated calls on a scale of 1 to 5."),
    Measure("call_ratings", 0, tile=False, definition="Calls that were rated."),
    Measure("edv_registrations", 0,
            definition="EDV user registration requests submitted in the period."),
    Measure("voice_messages_listened", 0,
            definition="Voice messages left outside working hours and listened to."),
    Measure("chats_served", 0, definition="Chats served in the period."),
    Measure("chat_rating_avg", 1, scale=9, count="chat_ratings",
            definition="Average rating of rated chats on a scale of 1 to 9."),
    Measure("chat_ratings", 0, tile=False, definition="Chats that were rated."),
)
MEASURE_BY_CODE = {m.code: m for m in MEASURES}
TILES: tuple[Measure, ...] = tuple(m for m in MEASURES if m.tile)
# Counts of ratings are optional in the aggregate sheet (the 2021 presentation did not give them).
OPTIONAL_MEASURES = frozenset(m.code for m in MEASURES if not m.tile)

# Service channels of the contact-centre exports and the timestamp that places an event in a
# period: an e-mail counts when it was answered, a voice message when it was listened to.
CHANNELS: tuple[str, ...] = ("calls", "emails", "chats", "voice_messages", "edv_registrations")
CHANNEL_TIME = {"calls": "start", "emails": "answered_at", "chats": "started_at",
                "voice_messages": "listened_at", "edv_registrations": "submitted_at"}
MAX_CALL_SECONDS = 4 * 3600  # a talk time beyond four hours is a logging error, not a call

# Survey statements: "overall" is the question behind plan indicator 2.
STATEMENTS: tuple[str, ...] = ("overall", "professional", "responsive", "polite")

# Answers from most to least favourable; "fully or partly agree" is the first two.
ANSWERS: tuple[str, ...] = ("fully_agree", "partly_agree", "partly_disagree", "fully_disagree")
NO_ANSWER = "no_answer"  # a respondent who skipped a statement: left out of its denominator
AGREE: tuple[str, ...] = ANSWERS[:2]

# How a plan indicator's actual may be taken from another table (sheet plan_indicators,
# column actual_from): survey:<statement>:<share>.
SURVEY_SHARES: tuple[str, ...] = ("fully", "fully_or_partly")
