"""The deck's layout arithmetic (expected numbers worked out by hand here, not copied from the
code's output), its table of slide drawers, and finding slides by section key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytest import approx

from cspreport.render.pptx import deck, geometry
from cspreport.render.pptx.find import slide_for, slides_for
from cspreport.render.pptx.geometry import Area
from cspreport.report import (
    SECTION_TYPES,
    Item,
    ListSection,
    Report,
    Table,
    TableSection,
    Tile,
    TitleSection,
)


def box(a: Area) -> tuple:
    return approx((a.x, a.y, a.w, a.h))


# ----------------------------------------------------------------------------- cards


def test_three_cards_share_one_row():
    # 12 in wide, two 0.25 in gaps: each card (12 - 0.5) / 3 = 3.8333 in wide; 5 in is more
    # than a card may be tall (2.2 in), so the row is centred: 1.5 + (5 - 2.2) / 2 = 2.9.
    cards = geometry.card_grid(Area(0.5, 1.5, 12, 5), 3)
    w = 11.5 / 3
    assert [box(c) for c in cards] == [
        (0.5, 2.9, w, 2.2),
        (0.5 + w + 0.25, 2.9, w, 2.2),
        (0.5 + 2 * (w + 0.25), 2.9, w, 2.2),
    ]
    assert w == approx(3.8333, abs=1e-4)


def test_seven_cards_in_fours_with_the_short_last_row_centred():
    # 4 columns: (12 - 3 × 0.25) / 4 = 2.8125 wide; 2 rows: (5 - 0.25) / 2 = 2.375 > 2.2, so
    # 2.2 tall, the block (2 × 2.2 + 0.25 = 4.65) centred: y0 = (5 - 4.65) / 2 = 0.175.
    # The second row holds 3 cards, shifted by half a card and gap: 3.0625 / 2 = 1.53125.
    cards = geometry.card_grid(Area(0, 0, 12, 5), 7)
    assert len(cards) == 7
    assert box(cards[0]) == (0, 0.175, 2.8125, 2.2)
    assert box(cards[3]) == (3 * 3.0625, 0.175, 2.8125, 2.2)
    assert [c.x for c in cards[4:]] == approx([1.53125, 4.59375, 7.65625])
    assert [c.y for c in cards[4:]] == approx([0.175 + 2.2 + 0.25] * 3)


@pytest.mark.parametrize(("n", "cols"), [(1, 1), (2, 2), (3, 3), (4, 4), (5, 3), (6, 3),
                                         (7, 4), (8, 4), (9, 3), (10, 4), (12, 4)])
def test_card_columns(n, cols):
    assert geometry.card_columns(n) == cols


def test_no_cards_no_places():
    assert geometry.card_grid(Area(0, 0, 12, 5), 0) == []


def test_cards_continue_after_twelve_on_even_pages():
    items = [Item(str(i)) for i in range(14)]
    assert [len(p) for p in geometry.card_pages(items)] == [7, 7]
    assert geometry.card_pages([]) == [[]]
    assert [len(p) for p in geometry.split_even(list(range(9)), 4)] == [3, 3, 3]


def test_cards_continue_sooner_on_a_small_area():
    # 6 cards of 40 characters on 4 × 2.2 in: three a row 1.17 in wide, two rows of
    # (2.2 - 0.25) / 2 = 0.975 in; at 14 pt (0.097 in a character) 9 characters to a line of
    # 0.93 in: "aaaa bbbb" per line, 8 lines of 0.233 in, too tall. Three cards a row in one
    # row, 2.2 in tall (CARD_MAX_H): 8 × 0.233 = 1.87 <= 2.08, so pages of 3.
    text = " ".join(["aaaa", "bbbb"] * 4)
    items = [Item(text) for _ in range(6)]
    assert [len(p) for p in geometry.card_pages(items, Area(0, 0, 4, 2.2))] == [3, 3]


def test_card_text_is_as_large_as_allowed_when_it_fits():
    assert geometry.card_text_size([Item("Hello")], 3.8, 2.2) == 24


def test_links_stack_at_the_foot_of_the_area():
    # two links of 0.45 in: the first starts at 1 + 5 - 0.9 = 5.1; the cards keep
    # 5 - 0.9 - 0.25 = 3.85 in above them
    boxes, rest = geometry.link_rows(Area(0, 1, 12, 5), ["a: https://a.lv", "b: https://b.lv"])
    assert [box(b) for b in boxes] == [(0, 5.1, 12, 0.42), (0, 5.55, 12, 0.42)]
    assert box(rest) == (0, 1, 12, 3.85)


def test_a_link_too_long_for_a_line_wraps_at_14_pt():
    # 4 in less 2 × 0.12 = 3.76 in: 33 characters a line at 16 pt, 38 at 14 pt; 60 characters
    # wrap to 2 lines at 14 pt: 2 × 14 × 1.2 / 72 + 0.12 + 0.02 (insets) = 0.6067 in, then
    # 0.03 in apart
    text = "CSP apsekojumu katalogs: https://www.csp.gov.lv/lv/katalogs"
    (link,), rest = geometry.link_rows(Area(0, 1, 4, 5), [text])
    h = 2 * 14 * 1.2 / 72 + 0.14
    assert box(link) == (0, 6 - (h + 0.03), 4, h)
    assert box(rest) == (0, 1, 4, 5 - (h + 0.03) - 0.25)


# ----------------------------------------------------------------------------- bullets


def test_bullet_lines_lead_with_the_badge():
    assert geometry.bullet_lines([Item("text", badge="2020"), Item("more")]) == [
        "2020 – text", "more"]


def test_bullets_page_by_what_fits_at_16_pt():
    # 4 in wide less 2 × 0.12 inset = 3.76 in; at 16 pt a character is 16 × 0.5 / 72 in, so
    # 33 to a line and "• x" takes one line of 16 × 1.2 / 72 = 0.2667 in, plus 0.25 in of
    # spacing: 0.5167 in a bullet, 3 of them in 2 in (4 would need 2.07).
    items = [Item(f"{i}") for i in range(7)]
    pages = geometry.bullet_pages(items, Area(0, 0, 4, 2.0))
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [i for p in pages for i in p] == items


# ----------------------------------------------------------------------------- tiles


def test_a_single_tile_is_at_most_five_inches_and_centred():
    # (11 - 5) / 2 = 3 in from the area's left; 2.4 in tall, (4 - 2.4) / 2 = 0.8 from its top
    assert [box(t) for t in geometry.tile_grid(Area(1, 2, 11, 4), 1)] == [(4, 2.8, 5, 2.4)]


def test_five_tiles_fill_rows_of_four_from_the_left():
    # (12 - 0.75) / 4 = 2.8125 wide, (5 - 0.25) / 2 = 2.375 tall (under the 2.4 cap), the
    # block fills the height so it starts at the top; the fifth tile starts a row at x = 0
    tiles = geometry.tile_grid(Area(0, 0, 12, 5), 5)
    assert box(tiles[0]) == (0, 0, 2.8125, 2.375)
    assert box(tiles[3]) == (3 * 3.0625, 0, 2.8125, 2.375)
    assert box(tiles[4]) == (0, 2.625, 2.8125, 2.375)


def test_tile_value_size():
    assert geometry.tile_value_pt(1, False) == 72
    assert geometry.tile_value_pt(1, True) == 72
    assert geometry.tile_value_pt(4, False) == 40
    assert geometry.tile_value_pt(4, True) == 34


def test_tile_text_and_label_size():
    tile = Tile(1.0, "1", "Clients", note="scale of 5", previous_text="2020: 2")
    # the note is said once under the tiles, not in each
    assert geometry.tile_text(tile) == "Clients\n2020: 2"
    # 2.4 in tall less inset and a 40 pt value (0.667 in) leaves 1.6 in: two short lines
    # of 18 pt (0.6 in) fit
    assert geometry.tile_label_size([tile], 3.0, 2.4, 40) == 18
    # 0.9 in leaves nothing under the value: no size fits, the smallest is used
    assert geometry.tile_label_size([tile], 3.0, 0.9, 40) == geometry.MIN_PT


# ----------------------------------------------------------------------------- charts


def test_two_charts_side_by_side():
    # (10 - 0.25) / 2 = 4.875 wide, the whole height
    charts = geometry.chart_grid(Area(0, 0, 10, 6), 2)
    assert [box(c) for c in charts] == [(0, 0, 4.875, 6), (5.125, 0, 4.875, 6)]


def test_charts_two_a_slide_and_a_last_one_alone():
    # 12 in: (12 + 0.25) // (4.5 + 0.25) = 2 side by side; five charts: 2, 2, 1
    assert geometry.chart_pages(5, Area(0, 0, 12, 5)) == [2, 2, 1]
    assert geometry.chart_pages(4, Area(0, 0, 12, 5)) == [2, 2]
    # 9 in (a 10 in wide slide): (9 + 0.25) // 4.75 = 1: one chart a slide
    assert geometry.chart_pages(3, Area(0, 0, 9, 4)) == [1, 1, 1]


def test_chart_with_table_beside_it():
    # the table takes min(5.6, 0.45 × 12 = 5.4) = 5.4 in; the chart 12 - 5.4 - 0.25 = 6.35;
    # 3 rows + header: 0.55 × 4 + 0.6 = 2.8 in tall, centred: (5 - 2.8) / 2 = 1.1
    chart, table = geometry.chart_table_split(Area(0, 0, 12, 5), 3)
    assert box(chart) == (0, 0, 6.35, 5)
    assert box(table) == (6.6, 1.1, 5.4, 2.8)


def test_wide_area_caps_the_table_at_5_6_inches():
    chart, table = geometry.chart_table_split(Area(1, 1, 14, 4), 10)
    assert box(table) == (1 + 14 - 5.6, 1, 5.6, 4)  # 0.55 × 11 + 0.6 > 4: the full height
    assert chart.w == approx(14 - 5.6 - 0.25)


def test_caption_takes_the_foot_of_the_area():
    caption, rest = geometry.caption_split(Area(1, 1, 10, 5))
    assert box(caption) == (1, 5.55, 10, 0.45)
    assert box(rest) == (1, 1, 10, 4.5)


# ----------------------------------------------------------------------------- slide frame


def test_content_below_the_title():
    # title bottom at 1.35 in: content from 1.65 to 7.5 - 0.65 (footer) = 6.85, or to 7.1
    assert box(geometry.area_below_title(0.6, 1.35, 12.1, 7.5, footer=True)) == (
        0.6, 1.65, 12.1, 5.2)
    assert box(geometry.area_below_title(0.6, 1.35, 12.1, 7.5, footer=False)) == (
        0.6, 1.65, 12.1, 5.45)


def test_footer_boxes():
    # under a content area 0.6 in from the left, 12.133 wide, ending at 6.8 in: the name at
    # the left edge (60 % of the width), the number flush with the right edge
    name, number = geometry.footer_areas(Area(0.6, 1.6, 12.133, 5.2), 7.5)
    assert box(name) == (0.6, 7.0, 7.2798, 0.35)
    assert box(number) == (11.733, 7.0, 1.0, 0.35)


# ----------------------------------------------------------------------------- tables


def test_column_widths_give_the_first_column_what_is_left():
    # "1 234" is the longest entry of column 2: 0.16 × 5 + 0.4 = 1.2 < 1.4, so 1.4;
    # "12345678901" in column 3: 0.16 × 11 + 0.4 = 2.16; the first gets 10 - 3.56 = 6.44
    table = Table(("Name", "2020", "2021"), (("a", "1 234", "12345678901"), ("b", "1", "2")))
    assert geometry.column_widths(table, 10) == approx([6.44, 1.4, 2.16])


def test_column_widths_with_a_share_for_the_first():
    table = Table(("Q", "a", "b"), ())
    assert geometry.column_widths(table, 5, first_share=0.4) == approx([2.0, 1.5, 1.5])


def test_row_height_is_the_tallest_cell():
    # a 2 in column leaves 2 - 0.24 - 0.05 = 1.71 in; at 12 pt a character is 1/12 in, so
    # 20 to a line: "abc" takes 1 line (12 × 1.2 / 72 = 0.2 in), the 24-character cell 2
    # (0.4 in); plus 0.16 in of margin
    assert geometry.row_height(("abc",), (2.0,), 12) == approx(0.36)
    assert geometry.row_height(("abc", "aaaa bbbb cccc dddd eeee"), (2.0, 2.0), 12) == approx(
        0.56)


def test_table_pages_repeat_the_header():
    # every row, header included, is 0.36 in at 12 pt: 1.5 in takes the header and 3 rows
    table = Table(("Col",), tuple((f"r{i}",) for i in range(7)))
    pages = geometry.table_pages(table, (2.0,), 1.5, min_pt=12)
    assert [len(p) for p in pages] == [3, 3, 1]
    assert pages[0] == (("r0",), ("r1",), ("r2",))


def test_table_size_is_the_largest_that_fits():
    # 3 one-line rows of s pt take 3 × (s × 1.2 / 72 + 0.16) in: 1.23 at 15 pt, 1.18 at 14
    rows = (("Head",), ("a",), ("b",))
    size, heights = geometry.table_size(rows, (4.0,), 1.2, max_pt=20)
    assert size == 14
    assert heights == approx([14 * 1.2 / 72 + 0.16] * 3)
    assert geometry.table_size(rows, (4.0,), 5, max_pt=20)[0] == 20
    with pytest.raises(ValueError, match="does not fit"):
        geometry.table_size(rows, (4.0,), 0.5, max_pt=20)  # 1.08 in even at 12 pt


# ----------------------------------------------------------------------------- the deck


def test_geometry_does_not_import_python_pptx():
    source = Path(geometry.__file__).read_text(encoding="utf-8")
    assert "import pptx" not in source and "from pptx" not in source


def test_every_section_kind_has_a_slide_drawer():
    assert set(deck.SLIDES) == set(SECTION_TYPES)


def tiny_report() -> Report:
    long = ("A long list item that is set as a bullet rather than a card, because it runs on "
            "for well over ninety-five characters, about twice that in fact, so that each "
            "takes two lines")
    sections = (
        TitleSection("title", "Tiny report", subtitle="2021"),
        ListSection("risks", "Risks", items=tuple(Item(f"{long} ({i})") for i in range(10))),
        TableSection("figures", "Figures", table=Table(("Figure", "Value"),
                                                       (("Clients", "12"), ("Calls", "30")),
                                                       (False, True))),
    )
    return Report("en", 2021, dt.date(2021, 1, 1), dt.date(2021, 9, 30), "January–September",
                  "Tiny", sections, "")


@pytest.fixture(scope="module")
def tiny_deck():
    return deck.render_deck(tiny_report())


def test_every_slide_is_named_after_its_section(tiny_deck):
    assert [s.name for s in tiny_deck.slides] == ["title", "risks", "risks", "figures"]


def test_slides_for_finds_a_section_and_its_continuation(tiny_deck):
    risks = slides_for(tiny_deck, "risks")
    assert [s.shapes.title.text_frame.text for s in risks] == ["Risks (1/2)", "Risks (2/2)"]
    assert slide_for(tiny_deck, "title").shapes.title.text_frame.text == "Tiny report"
    figures = slide_for(tiny_deck, "figures")
    assert figures.shapes.title.text_frame.text == "Figures"
    assert any(s.has_table for s in figures.shapes)
    assert slides_for(tiny_deck, "absent") == []


def test_slide_for_names_the_known_sections(tiny_deck):
    with pytest.raises(KeyError, match=r"'absent'.*title, risks, figures"):
        slide_for(tiny_deck, "absent")


def test_a_cell_too_long_for_any_slide_is_cut_to_fit():
    from cspreport.render.pptx.geometry import row_height, table_pages
    from cspreport.report import Table

    long_text = " ".join(["indicator"] * 2000)  # some 20 000 characters
    table = Table(("Indicator", "Target"), (("Short", "90%"), (long_text, "86%")))
    widths = [6.0, 2.0]
    pages = table_pages(table, widths, 4.0, 14)
    rows = [r for page in pages for r in page]
    assert [r[1] for r in rows] == ["90%", "86%"]  # nothing lost but words of the long cell
    cut = rows[1][0]
    assert cut.endswith(" …") and len(cut) < len(long_text)
    header = row_height(table.columns, widths, 14, bold=True)
    assert header + row_height(rows[1], widths, 14) <= 4.0


def test_a_column_that_says_nothing_is_left_out():
    from cspreport.report import without_empty_columns

    table = Table(("Statement", "Share", "Change", "p"),
                  (("a", "78%", "–", ""), ("b", "85%", " – ", "–")), (False, True, True, True))
    assert without_empty_columns(table) == Table(("Statement", "Share"),
                                                 (("a", "78%"), ("b", "85%")), (False, True))
    # the first column stays, and a table with something in every column is unchanged
    kept = Table(("", "2021"), (("–", "5"),))
    assert without_empty_columns(kept) is kept


def test_a_tile_value_stays_on_one_line():
    # a tile 1.28 in wide: 1.04 in inside; "17,680" in bold takes 6 × size × 0.5 × 1.06 / 72
    # in, so 23 pt (1.016 in) is the largest that keeps it on one line (24 pt: 1.06 in)
    place = Area(0, 0, 1.28, 2.07)
    assert geometry.tile_value_pt(8, True, place) == 25  # by the tile's size alone
    assert geometry.tile_value_pt(8, True, place, ["17,680", "31"]) == 23


def test_content_keeps_clear_of_a_template_picture():
    # an illustration on the right half of a 10 × 4 in area: content takes the part to its
    # left, 0.125 in away: 6 - 0.125 = 5.875 in wide
    area = Area(0.5, 1.5, 10, 4)
    picture = Area(6.5, 1.0, 4.5, 4.5)
    assert box(geometry.avoid(area, [picture], (4, 2.2))) == (0.5, 1.5, 5.875, 4)
    # a small one (under 5 % of the area) is no obstacle; one that leaves too little is kept
    assert geometry.avoid(area, [Area(10, 5, 0.4, 0.4)], (4, 2.2)) == area
    assert geometry.avoid(area, [Area(2, 1.5, 7, 4)], (4, 2.2)) == area


# ----------------------------------------------------------------------------- short points


def test_points_are_spread_over_the_area_up_to_a_limit():
    # two one-line points at 20 pt: each 20 × 1.2 / 72 = 0.3333 in; 4 in less the 0.12 in
    # inset and 0.6667 in of text leaves 3.2133 in, 1.6067 in (115.7 pt) each: more than
    # 1.6 × 20 = 32 pt, so 32 pt
    assert geometry.spread_space(["Feedback", "Knowledge"], Area(0, 0, 6, 4), 20) == 32.0
    # on a short area the space left is shared out: 1 in less 0.12 and 0.6667 → 0.2133 in
    # for two points, 0.10667 in = 7.7 pt each
    assert geometry.spread_space(["Feedback", "Knowledge"], Area(0, 0, 6, 1), 20) == 7.7


def test_short_points_are_as_large_as_allowed():
    # 28 pt: each one-line point 0.4667 in, plus a third of a line's spacing (0.4 × 28 / 72 =
    # 0.1556 in) and the 0.12 in inset: 3 × 0.6222 + 0.12 = 1.99 in ≤ 5 in
    assert geometry.spread_size(["Feedback", "Knowledge", "Growth"], Area(0, 0, 10, 5)) == 28
    with pytest.raises(ValueError, match="14 pt"):
        geometry.spread_size(["word " * 200], Area(0, 0, 3, 1))


def test_more_than_six_points_take_two_columns():
    texts = [f"Point {i}" for i in range(8)]
    # (12 - 2 × 0.25) / 2 = 5.75 in each, the second 5.75 + 0.5 from the left
    (first, a), (second, b) = geometry.line_columns(Area(0, 1, 12, 5), texts)
    assert box(first) == (0, 1, 5.75, 5) and box(second) == (6.25, 1, 5.75, 5)
    assert (a, b) == (texts[:4], texts[4:])
    (only, c), = geometry.line_columns(Area(0, 1, 12, 5), texts[:6])
    assert box(only) == (0, 1, 12, 5) and c == texts[:6]


def test_panels_share_the_width_by_their_text_within_bounds():
    # 100 and 10 characters: 0.91 and 0.09 of the text, held to 1.3 / 2 = 0.65 and
    # 0.7 / 2 = 0.35; 12 - 0.5 in of room: 7.475 and 4.025 in, the second at 7.475 + 0.5
    long = [Item("x" * 45), Item("y" * 45)]
    short = [Item("z" * 4)]
    head_pt, size, places = geometry.panel_layout(Area(0, 1, 12, 5),
                                                  [("Head", long), ("Hd", short)])
    (h1, b1), (h2, _) = places
    assert (h1.w, h2.w) == approx((7.475, 4.025)) and h2.x == approx(7.975)
    # one-line headings at 22 pt: 22 × 1.2 / 72 + 0.12 = 0.4867 in; the points 0.2 in below
    assert head_pt == 22 and h1.h == approx(0.4867, abs=1e-4)
    assert b1.y == approx(1 + 0.4867 + 0.2, abs=1e-4) and b1.h == approx(5 - 0.4867 - 0.2,
                                                                         abs=1e-4)
    assert size == 24
    assert geometry.panel_layout(Area(0, 1, 12, 5), [("a", long)] * 4) is None


def test_a_row_of_badged_cards_fills_the_slide():
    # 4 cards with a badge: 3.8 in tall (not 2.2), centred in 5.4 in: y = 1 + 0.8
    cards = geometry.card_grid(Area(0, 1, 12, 5.4), 4, badged=True)
    assert [c.h for c in cards] == approx([3.8] * 4) and cards[0].y == approx(1.8)
    assert geometry.badge_pt(cards[0], ["2018"]) == 44
    # a narrow tall card: "2018" at 44 pt bold (4 × 44 × 0.5 × 1.06 / 72 = 1.30 in) does
    # not fit 1.3 - 0.24 in on one line, so the badge keeps 32 pt
    assert geometry.badge_pt(Area(0, 0, 1.3, 3.6), ["2018"]) == 32


def test_spanning_headings_take_the_width_of_their_columns():
    # "Voice messages listened to" (26 characters) over two 1 in columns: 2 in less 0.29 in
    # of margins at 16 pt bold (0.1178 in a character): 14 a line, so two lines,
    # 2 × 16 × 1.2 / 72 + 0.16 = 0.6933 in
    h = geometry.group_row_height([("", 1), ("Voice messages listened to", 2)], [1, 1, 1], 16)
    assert h == approx(0.6933, abs=1e-4)
    assert geometry.group_row_height([], [1, 1], 16) == 0


# ----------------------------------------------------------------------------- drawn decks


def _report(*sections) -> Report:
    return Report("en", 2021, dt.date(2021, 1, 1), dt.date(2021, 9, 30), "January–September",
                  "Tiny", sections, "")


def _texts(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_lists_that_share_a_slide_are_panels_under_their_own_titles():
    goals = ListSection("goals", "Our goal", items=(Item("Feedback"), Item("Growth")),
                        spoken="Our goal is growth.", slide="Goal and key")
    pillars = ListSection("pillars", "The key to success", items=(Item("Knowledge"),),
                          spoken="It rests on knowledge.", slide="Goal and key")
    prs = deck.render_deck(_report(goals, pillars))
    (slide,) = prs.slides
    assert slide.shapes.title.text_frame.text == "Goal and key" and slide.name == "goals"
    text = _texts(slide)
    for part in ("Our goal", "The key to success", "Feedback", "Growth", "Knowledge"):
        assert part in text
    said = slide.notes_slide.notes_text_frame.text
    assert said.index("Our goal is growth.") < said.index("It rests on knowledge.")


def test_grouped_points_are_panels_and_short_points_one_a_line():
    coop = ListSection("coop", "Cooperation", items=(
        Item("Deadlines → no measure yet", group="Asked → done"),
        Item("Letters", group="Other"), Item("Catalogue", url="https://example.org")))
    points = ListSection("points", "Points", items=tuple(Item(f"Point {i}") for i in range(8)))
    prs = deck.render_deck(_report(coop, points))
    first, second = prs.slides
    text = _texts(first)
    for part in ("Asked → done", "Other", "Catalogue: https://example.org"):
        assert part in text
    assert not [s for s in first.shapes if s.has_text_frame and s.text_frame.text == "Letters"
                and s.shape_type == 1]  # no card (an auto shape) holds a point
    # eight points: two text frames of four paragraphs, side by side
    frames = [s for s in second.shapes if (s.has_text_frame and not s.is_placeholder)
              or (s.is_placeholder and s.placeholder_format.idx != 0)]
    frames = [s for s in frames if s.text_frame.text.startswith("Point ")]
    assert [len(f.text_frame.paragraphs) for f in frames] == [4, 4]
    assert frames[0].left < frames[1].left and frames[0].top == frames[1].top


def test_a_table_note_row_goes_under_the_table():
    table = Table(("Indicator", "Target", "Result"),
                  (("One", "90%", "–"), ("Two", "86%", "95%"),
                   ("Results of 1 will be known after 2021.", "", "")), (False, True, False))
    prs = deck.render_deck(_report(TableSection("plan", "Plan", table=table)))
    (slide,) = prs.slides
    (grid,) = [s for s in slide.shapes if s.has_table]
    assert len(grid.table.rows) == 3  # header and two rows: the note is no row
    (note,) = [s for s in slide.shapes if s.has_text_frame
               and s.text_frame.text == "Results of 1 will be known after 2021."]
    assert note.top >= grid.top + grid.height
