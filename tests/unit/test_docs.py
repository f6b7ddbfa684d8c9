"""docs/inputs.md documents every sheet, column and code the reader accepts."""


from cspreport.definitions import ANSWERS, MEASURES, STATEMENTS
from cspreport.sources.content import Content
from cspreport.sources.schemas import SHEETS
from tests.project import REPO

DOC = (REPO / "docs" / "inputs.md").read_text(encoding="utf-8")


def test_every_sheet_and_column_is_documented():
    for sheet in SHEETS:
        assert f"### Sheet `{sheet.name}`" in DOC, sheet.name
        for col in sheet.columns:
            assert f"| `{col.name}` |" in DOC, f"{sheet.name}.{col.name}"


def test_every_code_is_documented():
    for code in [m.code for m in MEASURES] + list(STATEMENTS) + list(ANSWERS):
        assert f"`{code}`" in DOC, code


def test_every_content_key_is_documented():
    for key in Content.model_fields:
        assert f"`{key}`" in DOC, key


def test_every_export_column_is_documented():
    from cspreport.sources.exports import CHANNEL_SPECS

    for channel, spec in CHANNEL_SPECS.items():
        assert f"| `{channel}` |" in DOC, channel
        for col in spec.columns:
            assert f"`{col.name}`" in DOC, f"{channel}.{col.name}"
