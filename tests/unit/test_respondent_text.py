"""Respondents' words in the report: personal data removed, markup escaped, small counts
suppressed."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import html as lxml_html

from cspreport import sections
from cspreport.metrics import survey, themes
from cspreport.render.html import section_html
from cspreport.render.pptx.deck import render_deck
from cspreport.report import Report
from tests.project import ROOT
from tests.unit.test_exports import COMMENTS, survey_of, tiny, write_xlsx  # noqa: F401

NASTY = ("Termiņi par īsiem! <script>alert('x')</script> <b>Rakstiet</b> janis@firma.lv "
         "vai zvaniet +371 29123456.")


@pytest.fixture
def with_comments(tiny):  # noqa: F811
    shutil.copy(ROOT / "data" / "2021" / "themes.yaml", tiny / "themes.yaml")
    write_xlsx(tiny / "exports" / "comments.xlsx",
               [COMMENTS[0], ["a", NASTY], ["b", "Termiņš par īsu."], ["e", "Paldies!"]])
    return tiny


def suggestions(folder: Path, lang="lv", least=1):
    """The suggestions section, computed as notebook 04 computes it."""
    ed, _, _ = survey_of(folder, min_respondents=least)
    comments = themes.wave_comments(ed.tables.comment_texts, ed.wave)
    coded = themes.code_comments(comments, ed.tables.theme_rules, ed.tables.theme_coding)
    counts = themes.counts_by_theme(coded, [t.code for t in ed.tables.content.suggestion_themes],
                                    least)
    return sections.suggestions.suggestions(ed.context(lang), coded, counts,
                                            survey.comments(ed.tables.comments, ed.wave))


def test_html_escapes_markup_and_shows_no_personal_data(with_comments):
    html = section_html(suggestions(with_comments), "lv")
    page = lxml_html.fromstring(f"<div>{html}</div>")
    assert not page.xpath("//script") and not page.xpath("//blockquote//b")
    quotes = [q.text_content() for q in page.xpath("//blockquote")]
    assert ("Termiņi par īsiem! <script>alert('x')</script> <b>Rakstiet</b> [dzēsts] vai "
            "zvaniet [dzēsts].") in quotes
    assert "janis@firma.lv" not in html and "29123456" not in html
    assert "&lt;script&gt;" in html


def test_the_deck_carries_no_respondents_words(with_comments, tmp_path):
    """Quotes belong to the HTML report (with their context); the deck's notes say what the
    figures are and how they were obtained, and hold no comment, no markup."""
    section = suggestions(with_comments, "en")
    r = Report("en", 2021, None, None, "", "", (section,), "")
    path = tmp_path / "deck.pptx"
    prs = render_deck(r, path)
    slide = next(s for s in prs.slides
                 if s.shapes.title.text_frame.text == "Respondents’ suggestions")
    notes = slide.notes_slide.notes_text_frame.text
    assert "Comments (3) assigned to themes by the theme rules" in notes
    assert "Rakstiet" not in notes and "janis@firma.lv" not in notes
    with zipfile.ZipFile(path) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
    assert b"<script>" not in xml and b"Rakstiet" not in xml


def test_themes_raised_by_fewer_than_the_minimum_are_suppressed(with_comments):
    section = suggestions(with_comments, least=5)  # 2 comments raise deadlines: fewer than 5
    chart = section.chart
    deadlines = chart.categories.index("Termiņi (<5)")
    assert chart.series[0].values[deadlines] is None
    assert section.quotes == ()  # no theme has 5 comments: no quotes
    html = section_html(section, "lv")
    assert "Termiņš par īsu" not in html


def test_a_statement_answered_by_too_few_is_not_shown(tiny):  # noqa: F811
    # the tiny survey: 5 answered "professional" (one gave no answer); require 6
    ed, dists, stats = survey_of(tiny, min_respondents=6)
    section = sections.survey.statements(ed.context("en"), dists, stats)
    chart = section.chart
    professional = chart.categories.index("Professional and knowledgeable")
    assert [s.values[professional] for s in chart.series] == [None, None]
    assert "Not shown (fewer than 6 respondents): 2021 Professional and knowledgeable" in \
        section.method
    # responsive and polite were answered by all 6: shown
    assert [row[0] for row in section.detail.rows] == [
        "Responsive and interested", "Kind and polite"]


def test_quotes_are_redacted_once_before_the_section(with_comments):
    """The comments are redacted when they are read for the wave (metrics.themes); the
    section only puts the language's word in place of the marker."""
    ed, _, _ = survey_of(with_comments)
    comments = themes.wave_comments(ed.tables.comment_texts, ed.wave)
    assert ("Termiņi par īsiem! <script>alert('x')</script> <b>Rakstiet</b> […] vai "
            "zvaniet […].") in comments["text"].tolist()
    quotes = [q for _, qs in suggestions(with_comments, "en").quotes for q in qs]
    assert ("Termiņi par īsiem! <script>alert('x')</script> <b>Rakstiet</b> [removed] vai "
            "zvaniet [removed].") in quotes
