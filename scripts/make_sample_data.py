"""Generate the SYNTHETIC exports of the 2021 edition (data/2021/exports/).

Real exports are confidential. These stand in for them: event logs of the contact centre for
the whole of 2020 and 2021 and the respondent-level survey of 2021 with its comments, drawn
from a seeded random generator and calibrated so that the 2021 edition computed from them gives
every figure of the 2021 presentation (17 680 calls, 1 656 e-mails, 2.3 min, 4.5, 4 845, 31,
89 chats at 8.7; 733 respondents with 84/11/2/3; 78/96, 85/94, 88/94; 155 comments).

    python scripts/make_sample_data.py                    # rewrites data/2021/exports/
    python scripts/make_sample_data.py OUT_DIR            # writes elsewhere
    python scripts/make_sample_data.py OUT_DIR --year 2022
        # the service exports of a later edition (the same calibration, dates moved on, the
        # logs covering that year and the one before; no survey: it runs every two years),
        # e.g. for data/2022/exports/ after `cspreport new-edition 2022`

The same seed gives the same bytes (tests/integration/test_sample_data.py checks it). No person,
company, phone number or address in the comments is real.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

import numpy as np
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cspreport.reproducible import normalise_zip  # noqa: E402

SEED = 20211130
PERIOD = (dt.date(2021, 1, 1), dt.date(2021, 9, 30))
COVERAGE = (dt.date(2020, 1, 1), dt.date(2021, 12, 31))
FIXED = dt.datetime(2021, 12, 31, 12, 0, 0)

# Calibration targets for PERIOD (the 2021 presentation).
CALLS, EMAILS, EDV, VOICE, CHATS = 17680, 1656, 4845, 31, 89
CALL_SECONDS = 138  # mean talk time: 2.3 min
CALL_RATING, CHAT_RATING = 4.5, 8.7
# Survey 2021: respondents per answer for each statement; the rest of 733 gave no answer.
# Largest-remainder percentages: overall 84/11/2/3, professional 78/18/2/2 (fully or partly 96),
# responsive 85/9/3/3 (94), polite 88/6/3/3 (94).
RESPONDENTS = 733
ANSWER_COUNTS = {
    "overall": (616, 81, 15, 21),
    "professional": (569, 132, 17, 12),
    "responsive": (619, 66, 24, 19),
    "polite": (643, 44, 25, 19),
}
LABELS = ("Pilnībā piekrīt", "Daļēji piekrīt", "Daļēji nepiekrīt", "Pilnīgi nepiekrīt")
NO_ANSWER = "Nav atbildes"
COMMENTS = 155

# Relative monthly load of the contact centre (annual reports in Q1 and spring).
MONTH_WEIGHT = np.array([1.25, 1.15, 1.2, 1.1, 1.05, 0.9, 0.75, 0.8, 0.95, 1.0, 0.95, 0.8])


def days(start: dt.date, end: dt.date, working: bool = True) -> list[dt.date]:
    out, d = [], start
    while d <= end:
        if not working or d.weekday() < 5:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def months_of(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def month_days(y: int, m: int, lo: dt.date, hi: dt.date, working=True) -> list[dt.date]:
    first = dt.date(y, m, 1)
    last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
    return days(max(first, lo), min(last, hi), working)


class Gen:
    def __init__(self, seed: int = SEED):
        self.rng = np.random.default_rng(seed)

    def times(self, n: int, span: tuple[dt.date, dt.date], working=True, hours=(8.5, 17.0)
              ) -> list[dt.datetime]:
        """``n`` timestamps spread over the months of ``span`` by MONTH_WEIGHT, in office hours
        on working days; sorted."""
        months = months_of(*span)
        weights = np.array([MONTH_WEIGHT[m - 1] * len(month_days(y, m, *span, working))
                            for y, m in months])
        per_month = self.rng.multinomial(n, weights / weights.sum())
        out = []
        for (y, m), k in zip(months, per_month, strict=True):
            pool = month_days(y, m, *span, working)
            for d in self.rng.choice(pool, size=k):
                secs = int(self.rng.uniform(hours[0], hours[1]) * 3600)
                out.append(dt.datetime.combine(d, dt.time()) + dt.timedelta(seconds=secs))
        return sorted(out)

    def out_of_hours(self, n: int, span) -> list[dt.datetime]:
        out = []
        pool = days(*span, working=False)
        for d in self.rng.choice(pool, size=n):
            if d.weekday() >= 5:
                secs = int(self.rng.uniform(0, 24) * 3600)
            else:
                secs = int(self.rng.choice([self.rng.uniform(0, 8), self.rng.uniform(17.5, 24)])
                           * 3600)
            out.append(dt.datetime.combine(d, dt.time()) + dt.timedelta(seconds=secs))
        return sorted(out)

    def ratings(self, n: int, top: int, mean: float, probs) -> list[int]:
        """``n`` ratings on 1..top whose mean rounds (half up, one decimal) to ``mean``."""
        values = list(self.rng.choice(np.arange(1, top + 1), size=n, p=probs))
        target = round(mean * n)
        while sum(values) != target:
            i = int(self.rng.integers(n))
            step = 1 if sum(values) < target else -1
            if 1 <= values[i] + step <= top:
                values[i] += step
        assert round(sum(values) / n + 1e-9, 1) == mean
        return [int(v) for v in values]


def in_period(t: dt.datetime, period=PERIOD) -> bool:
    return period[0] <= t.date() <= period[1]


def around_period(g: Gen, n_in: int, yearly_rate: float, **kw) -> list[dt.datetime]:
    """Exactly ``n_in`` events in PERIOD and a similar load over the rest of the coverage."""
    before = (COVERAGE[0], PERIOD[0] - dt.timedelta(days=1))
    after = (PERIOD[1] + dt.timedelta(days=1), COVERAGE[1])
    n_before = int(g.rng.poisson(yearly_rate * 366 / 365))
    n_after = int(g.rng.poisson(yearly_rate * 92 / 365))
    return g.times(n_before, before, **kw) + g.times(n_in, PERIOD, **kw) + \
        g.times(n_after, after, **kw)


def fmt(t: dt.datetime | None) -> str:
    return "" if t is None else t.strftime("%Y-%m-%d %H:%M:%S")


def next_morning(g: Gen, t: dt.datetime) -> dt.datetime:
    d = t.date() + dt.timedelta(days=1 if t.hour >= 12 else 0)
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return dt.datetime.combine(d, dt.time(8, 30)) + dt.timedelta(
        minutes=int(g.rng.integers(0, 90)))


# ----------------------------------------------------------------------------- channels


def calls(g: Gen) -> list[list[str]]:
    starts = around_period(g, CALLS, CALLS * 365 / 273)
    rows, answered_in, rated_in = [], [], []
    for i, t in enumerate(starts):
        incoming = g.rng.random() < 0.86
        answered = g.rng.random() < (0.94 if incoming else 0.78)
        seconds = int(min(g.rng.lognormal(4.75, 0.6), 3600)) + 5 if answered else None
        rated = answered and incoming and g.rng.random() < 0.11
        row = [f"Z{t.year}{i + 1:06d}", fmt(t),
               "Ienākošais" if incoming else "Izejošais", "Jā" if answered else "Nē", seconds,
               None, ("Jā" if g.rng.random() < 0.06 else "Nē") if answered else "",
               ("Jā" if g.rng.random() < 0.03 else "Nē") if incoming else ""]
        rows.append(row)
        if answered and in_period(t):
            answered_in.append(row)
        if rated and in_period(t):
            rated_in.append(row)
        elif rated:
            row[5] = int(g.rng.choice([3, 4, 5], p=[0.1, 0.3, 0.6]))
    # calibrate the period: mean talk time 138 s, mean rating 4.5
    total = sum(r[4] for r in answered_in)
    factor = CALL_SECONDS * len(answered_in) / total
    for r in answered_in:
        r[4] = max(1, round(r[4] * factor))
    diff = CALL_SECONDS * len(answered_in) - sum(r[4] for r in answered_in)
    adjustable = [r for r in answered_in if r[4] > 1]
    for k in range(abs(diff)):
        adjustable[k][4] += 1 if diff > 0 else -1
    for r, v in zip(rated_in, g.ratings(len(rated_in), 5, CALL_RATING,
                                        [0.03, 0.03, 0.06, 0.2, 0.68]), strict=True):
        r[5] = v
    return [["Zvana ID", "Sākuma laiks", "Virziens", "Atbildēts", "Sarunas ilgums (s)",
             "Vērtējums", "Pāradresēts ekspertam", "Atzvans"]] + [
        [r[0], r[1], r[2], r[3], "" if r[4] is None else str(r[4]),
         "" if r[5] is None else str(r[5]), r[6], r[7]] for r in rows]


def emails(g: Gen) -> list[list]:
    answered = around_period(g, EMAILS, EMAILS * 365 / 273)
    rows = []
    for t in answered:
        received = max(dt.datetime.combine(COVERAGE[0], dt.time(0, 5)),
                       t - dt.timedelta(hours=float(g.rng.uniform(0.5, 52))))
        rows.append([received, t])
    for t in g.times(60, COVERAGE):  # never answered: spam, duplicates, auto-replies
        rows.append([t, None])
    rows.sort(key=lambda r: r[0])
    return [["Vēstules ID", "Saņemts", "Atbildēts"]] + [
        [f"E-{i + 1:05d}", r[0], r[1]] for i, r in enumerate(rows)]


def chats(g: Gen) -> list[list[str]]:
    starts = around_period(g, CHATS, CHATS * 365 / 273)
    rows = [[f"c{i + 1:04d}", fmt(t), ""] for i, t in enumerate(starts)]
    in_p = [r for r, t in zip(rows, starts, strict=True) if in_period(t)]
    rated = [r for r in in_p if g.rng.random() < 0.7]
    for r, v in zip(rated, g.ratings(len(rated), 9, CHAT_RATING,
                                     [0.01, 0.0, 0.01, 0.01, 0.02, 0.03, 0.07, 0.15, 0.7]),
                    strict=True):
        r[2] = str(v)
    for r, t in zip(rows, starts, strict=True):
        if not in_period(t) and g.rng.random() < 0.7:
            r[2] = str(int(g.rng.choice([7, 8, 9], p=[0.15, 0.25, 0.6])))
    return [["chat_id", "started", "rating"], *rows]


def voice_messages(g: Gen) -> list[list[str]]:
    rows = []
    left = g.out_of_hours(int(g.rng.poisson(45)) + 40, COVERAGE)
    for t in left:
        heard = next_morning(g, t) if g.rng.random() < 0.8 else None
        if heard is not None and heard.date() > COVERAGE[1]:
            heard = None
        rows.append([t, heard])
    # exactly VOICE listened to in the period: drop or add as needed
    heard_in = [r for r in rows if r[1] is not None and in_period(r[1])]
    while len(heard_in) > VOICE:
        heard_in.pop()[1] = None
    while len(heard_in) < VOICE:
        t = g.out_of_hours(1, (PERIOD[0], PERIOD[1] - dt.timedelta(days=4)))[0]
        row = [t, next_morning(g, t)]
        rows.append(row)
        heard_in.append(row)
    rows.sort(key=lambda r: r[0])
    return [["id", "left_at", "listened_at"]] + [
        [f"V{i + 1:04d}", fmt(r[0]), fmt(r[1])] for i, r in enumerate(rows)]


def edv_registrations(g: Gen) -> list[list]:
    times = around_period(g, EDV, EDV * 365 / 273, hours=(6, 23.5))
    return [["Pieteikuma Nr.", "Iesniegts"]] + [[f"EDV-{i + 1:06d}", t]
                                               for i, t in enumerate(times)]


# ----------------------------------------------------------------------------- survey

COMMENT_THEMES = {
    "admin_data": [
        "Lūdzu vairāk izmantot administratīvos datus, lai nebūtu jāsniedz tie paši dati vairākas "
        "reizes.",
        "Daudz datu jau ir VID rīcībā – kāpēc tie jāievada vēlreiz CSP veidlapās?",
        "Ieteikums: apmainīties ar datiem ar citām iestādēm, nevis prasīt tos no uzņēmumiem.",
        "Administratīvo datu izmantošana ievērojami atvieglotu mūsu darbu.",
    ],
    "deadlines": [
        "Termiņi pārskatu iesniegšanai ir pārāk īsi, īpaši gada sākumā.",
        "Būtu labi, ja iesniegšanas termiņu varētu pagarināt vismaz par nedēļu.",
        "Pārāk daudz pārskatu ar vienādu termiņu vienā mēnesī.",
        "Gada pārskata termiņš sakrīt ar citiem termiņiem, grūti paspēt.",
    ],
    "validations": [
        "Validācijas kļūdas bieži ir nesaprotamas, nav skaidrs, kas jālabo.",
        "Pārbaudes veidlapā neļauj iesniegt pareizus datus, jāzvana konsultantam.",
        "Kļūdu paziņojumiem vajadzētu precīzāk norādīt, kurā ailē ir problēma.",
        "Loģiskās kontroles ir pārāk stingras sezonāliem uzņēmumiem.",
    ],
    "auto_totals": [
        "Būtu ērti, ja kopsummas veidlapā aprēķinātos automātiski.",
        "Lūdzu ieviest automātisko summēšanu, tad būtu mazāk kļūdu.",
        "Summas jāsaskaita ar roku – to taču var izdarīt sistēma.",
    ],
    "preprints": [
        "Iepriekšējā perioda datus varētu aizpildīt iepriekš, lai nav jāraksta no jauna.",
        "Lūdzu iepriekš aizpildīt uzņēmuma rekvizītus un pagājušā gada datus.",
        "Priekšaizpildītas veidlapas ietaupītu daudz laika.",
    ],
    "complexity": [
        "Veidlapas ir pārāk sarežģītas un garas, grūti saprast jautājumus.",
        "Metodiskie norādījumi ir sarežģīti, vajadzētu vienkāršāku valodu.",
        "Mazam uzņēmumam pārskats ir nesamērīgi apjomīgs un sarežģīts.",
        "Daži jautājumi ir neskaidri formulēti, nav skaidrs, ko tieši norādīt.",
    ],
    "communication": [
        "Vēlētos saņemt atgādinājumu e-pastā pirms termiņa beigām.",
        "Būtu noderīgi informēt par izmaiņām veidlapās jau iepriekš.",
        "Lūdzu sūtīt informatīvu vēstuli par jaunajiem apsekojumiem savlaicīgi.",
        "Konsultanti varētu preventīvi sazināties, ja datos ir neprecizitātes.",
    ],
}
OTHER = [
    "Paldies par atsaucīgu un profesionālu darbu!",
    "Konsultanti vienmēr laipni un ātri palīdz.",
    "Viss ir labi, paldies.",
    "Esmu apmierināta ar sadarbību.",
    "Ļoti pieklājīgi darbinieki, prieks sadarboties.",
]
CONTACT_TAILS = [  # synthetic personal data, for the redaction rules of later editions
    " Ja nepieciešams, rakstiet man: janis.paraugs@example.lv",
    " Mans tālrunis 29123456.",
    " Uzņēmuma reģ. nr. 40003123456.",
    " Skatīt https://piemers.example.lv/forma?id=123&token=abc",
]


def survey(g: Gen) -> tuple[list[list], list[list]]:
    ids = [f"R{i + 1:04d}" for i in range(RESPONDENTS)]
    columns = {}
    for statement, counts in ANSWER_COUNTS.items():
        values = [label for label, k in zip(LABELS, counts, strict=True) for _ in range(k)]
        values += [NO_ANSWER if g.rng.random() < 0.5 else None] * (RESPONDENTS - sum(counts))
        g.rng.shuffle(values)
        columns[statement] = values
    start = dt.datetime(2021, 9, 6, 8, 0)
    submitted = sorted(start + dt.timedelta(minutes=int(m))
                       for m in g.rng.uniform(0, 21 * 24 * 60, RESPONDENTS))
    answers = [["Respondenta ID", "Iesniegts", "Saziņa, kultūra, profesionalitāte",
                "Profesionāli un zinoši", "Atsaucīgi un ieinteresēti",
                "Laipni un pieklājīgi"]]
    answers += [[ids[i], submitted[i], *(columns[s][i] for s in ANSWER_COUNTS)]
                for i in range(RESPONDENTS)]
    themes = list(COMMENT_THEMES)
    commenters = sorted(g.rng.choice(ids, size=COMMENTS, replace=False))
    comments = [["Respondenta ID", "Komentārs"]]
    for k, rid in enumerate(commenters):
        roll = g.rng.random()
        if roll < 0.22:
            text = str(g.rng.choice(OTHER))
        else:
            first = themes[int(g.rng.integers(len(themes)))]
            text = str(g.rng.choice(COMMENT_THEMES[first]))
            if roll > 0.8:
                second = themes[int(g.rng.integers(len(themes)))]
                if second != first:
                    text += " " + str(g.rng.choice(COMMENT_THEMES[second]))
        if k % 31 == 7:
            text += CONTACT_TAILS[(k // 31) % len(CONTACT_TAILS)]
        comments.append([rid, text])
    return answers, comments


# ----------------------------------------------------------------------------- writing


def write_csv(path: Path, rows: list[list[str]], delimiter: str) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def write_xlsx(path: Path, rows: list[list], sheet: str) -> None:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for cell in ws[1]:
        ws.column_dimensions[cell.column_letter].width = max(14, len(str(cell.value)) + 2)
    for column in ws.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
    book.properties.creator = "cspreport synthetic sample"
    book.properties.created = book.properties.modified = FIXED
    book.save(path)
    normalise_zip(path, FIXED)


def move_to(year: int) -> None:
    """Calibrate for the first nine months of ``year`` instead of 2021 (logs covering that
    year and the one before)."""
    global PERIOD, COVERAGE, FIXED
    PERIOD = (dt.date(year, 1, 1), dt.date(year, 9, 30))
    COVERAGE = (dt.date(year - 1, 1, 1), dt.date(year, 12, 31))
    FIXED = dt.datetime(year, 12, 31, 12, 0, 0)


def main(out: Path, year: int = 2021) -> None:
    out.mkdir(parents=True, exist_ok=True)
    if year != 2021:
        move_to(year)
    g = Gen(SEED + (year - 2021))
    write_csv(out / "calls.csv", calls(g), ";")
    write_xlsx(out / "emails.xlsx", emails(g), "E-pasti")
    write_csv(out / "chats.csv", chats(g), ",")
    write_csv(out / "voice_messages.csv", voice_messages(g), ";")
    write_xlsx(out / "edv_registrations.xlsx", edv_registrations(g), "Pieteikumi")
    if year == 2021:
        answers, comments = survey(g)
        write_xlsx(out / "survey_2021.xlsx", answers, "Atbildes")
        write_xlsx(out / "survey_2021_comments.xlsx", comments, "Komentāri")


if __name__ == "__main__":
    args = sys.argv[1:]
    year = 2021
    if "--year" in args:
        at = args.index("--year")
        year = int(args[at + 1])
        del args[at:at + 2]
    main(Path(args[0]) if args else ROOT / "data" / "2021" / "exports", year)
