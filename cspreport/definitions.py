"""Every code the report knows, written once: service measures, survey statements and answers.

A measure's or answer's *meaning* lives here; its wording in each language lives in the
catalogues (``cspreport/i18n/*.yaml``) under the same code.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """A client-service figure for a period."""

    code: str
    decimals: int  # how many decimals the report shows
    unit: str = ""  # catalogue key of the unit shown after the number, "" for a count
    scale: int | None = None  # top of the rating scale, for averages of ratings
    definition: str = ""
    count: str | None = None  # the measure that counts the ratings behind an average or share
    tile: bool = True  # shown as a tile of its own (counts of ratings are shown with theirs)
    channel: str = ""  # the export that gives it (see CHANNELS)
    # the optional column of that export it is computed from: a system whose export has no
    # such column cannot supply the measure (said in words, never a dash)
    needs: str = ""
    part: str | None = None  # a share: the measure counting the part (``count``: the whole)
    # another form of the same figure (a share rated good instead of an average rating): a
    # tile only where the export supplies it, and then in place of that measure's tile
    # when the export does not supply that one
    instead_of: str | None = None


def _rated_good(channel: str, things: str) -> tuple[Measure, ...]:
    """A channel's good/bad rating: the share of its rated ``things`` rated good (a tile, in
    place of the average rating where the system rates so), and the two counts behind it."""
    prefix = channel[:-1]  # calls → call
    return (
        Measure(f"{prefix}_good_share", 0, count=f"{prefix}_rated", part=f"{prefix}_good",
                channel=channel, needs="rated", instead_of=f"{prefix}_rating_avg",
                definition=f"Share of the rated {things} rated good, in percent (a good/bad "
                           "rating)."),
        Measure(f"{prefix}_rated", 0, tile=False, channel=channel, needs="rated",
                definition=f"{things.capitalize()} rated good or bad."),
        Measure(f"{prefix}_good", 0, tile=False, channel=channel, needs="rated",
                definition=f"{things.capitalize()} rated good."),
    )


MEASURES: tuple[Measure, ...] = (
    Measure("calls_total", 0, channel="calls",
            definition="Incoming and outgoing calls in the period."),
    Measure("emails_answered", 0, channel="emails", definition="E-mails answered in the period."),
    Measure("call_duration_avg_min", 1, unit="unit.minutes", channel="calls",
            definition="Average talk time of answered calls, in minutes."),
    Measure("call_rating_avg", 1, scale=5, count="call_ratings", channel="calls",
            needs="rating", definition="Average rating of rated calls on a scale of 1 to 5."),
    Measure("call_ratings", 0, tile=False, channel="calls", needs="rating",
            definition="Calls that were rated."),
    *_rated_good("calls", "calls"),
    Measure("edv_registrations", 0, channel="edv_registrations",
            definition="EDV user registration requests submitted in the period."),
    Measure("voice_messages_listened", 0, channel="voice_messages",
            definition="Voice messages left outside working hours and listened to."),
    Measure("chats_served", 0, channel="chats", definition="Chats served in the period."),
    Measure("chat_rating_avg", 1, scale=9, count="chat_ratings", channel="chats",
            needs="rating", definition="Average rating of rated chats on a scale of 1 to 9."),
    Measure("chat_ratings", 0, tile=False, channel="chats", needs="rating",
            definition="Chats that were rated."),
    *_rated_good("chats", "chats"),
)
MEASURE_BY_CODE = {m.code: m for m in MEASURES}
TILES: tuple[Measure, ...] = tuple(m for m in MEASURES if m.tile)
# Counts of ratings are optional in the aggregate sheet (the 2021 presentation did not give
# them), and so are the shares rated good (the sheet's rating is an average).
OPTIONAL_MEASURES = frozenset(m.code for m in MEASURES if not m.tile or m.instead_of)


def tiles_shown(supplied: Collection[str]) -> tuple[Measure, ...]:
    """The tiles of a period whose figures include the measures ``supplied``: every tile
    measure, except that another form of a figure (``instead_of``) has a tile only when
    supplied, and then replaces the measure it stands for when that one is not supplied
    (LiveChat's good/bad rating in place of an average on 1–9; with neither, the average's
    tile says that the system records no ratings)."""
    replaced = {m.instead_of for m in TILES if m.instead_of and m.code in supplied}
    return tuple(m for m in TILES
                 if (m.code in supplied if m.instead_of
                     else m.code in supplied or m.code not in replaced))


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
