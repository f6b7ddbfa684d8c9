import pytest

from cspreport.privacy import redact


@pytest.mark.parametrize(("text", "expected"), [
    ("Rakstiet: janis.berzins+csp@firma.lv, paldies", "Rakstiet: [X], paldies"),
    ("Zvaniet 29123456 vai 67 123 456", "Zvaniet [X] vai 67 123 456"),
    ("tālr. +371 29123456.", "tālr. [X]."),
    ("tālr. +37129123456", "tālr. [X]"),
    ("mans tālrunis 0037167123456", "mans tālrunis [X]"),
    ("call +44 20 7946 0958 please", "call [X] please"),
    ("personas kods 010190-12345 ir mans", "personas kods [X] ir mans"),
    ("jaunais kods 321234-56789.", "jaunais kods [X]."),
    ("Uzņēmuma reģ. nr. 40003123456", "Uzņēmuma reģ. nr. [X]"),
    ("PVN LV50103123456!", "PVN [X]!"),
    ("skat. https://e.csb.gov.lv/forma?id=12&token=ab9", "skat. [X]"),
    ("skat. https://www.csp.gov.lv/lv/katalogs", "skat. https://www.csp.gov.lv/lv/katalogs"),
    ("2021. gadā 17680 zvanu", "2021. gadā 17680 zvanu"),  # ordinary numbers stay
    ("bell\x07 and\x00 tab\tstay", "bell and tab\tstay"),
])
def test_personal_data_is_replaced(text, expected):
    assert redact(text, "[X]") == expected
