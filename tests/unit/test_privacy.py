"""Personal data in respondents' words: fixed examples, and generated variants of every way
people write a phone number, a personal code, a company number, an e-mail address, an IBAN
and a web address with a query (hypothesis)."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cspreport.privacy import redact


@pytest.mark.parametrize(("text", "expected"), [
    ("Rakstiet: janis.berzins+csp@firma.lv, paldies", "Rakstiet: [X], paldies"),
    ("RAKSTIET: JANIS@FIRMA.LV", "RAKSTIET: [X]"),
    ("Zvaniet 29123456 vai 67 123 456", "Zvaniet [X] vai [X]"),
    ("mob. 29 123 456, darbā 2912 3456", "mob. [X], darbā [X]"),
    ("tālr. +371 29123456.", "tālr. [X]."),
    ("tālr. +37129123456", "tālr. [X]"),
    ("tālr. (+371) 29-12-34-56", "tālr. [X]"),
    ("mans tālrunis 0037167123456", "mans tālrunis [X]"),
    ("call +44 20 7946 0958 please", "call [X] please"),
    ("personas kods 010190-12345 ir mans", "personas kods [X] ir mans"),
    ("personas kods 01019012345 ir mans", "personas kods [X] ir mans"),
    ("jaunais kods 321234-56789.", "jaunais kods [X]."),
    ("Uzņēmuma reģ. nr. 40003123456", "Uzņēmuma reģ. nr. [X]"),
    ("PVN LV50103123456!", "PVN [X]!"),
    ("konts LV80 BANK 0000 4351 9500 1, paldies", "konts [X], paldies"),
    ("konts LV80BANK0000435195001", "konts [X]"),
    ("skat. https://e.csb.gov.lv/forma?id=12&token=ab9", "skat. [X]"),
    ("skat. HTTPS://E.CSB.GOV.LV/forma?ID=12", "skat. [X]"),
    ("skat. https://www.csp.gov.lv/lv/katalogs", "skat. https://www.csp.gov.lv/lv/katalogs"),
    ("2021. gadā 17680 zvanu", "2021. gadā 17680 zvanu"),  # ordinary numbers stay
    ("apmēram 1 200 000 eiro un 30 %", "apmēram 1 200 000 eiro un 30 %"),
    ("bell\x07 and\x00 tab\tstay", "bell and tab\tstay"),
])
def test_personal_data_is_replaced(text, expected):
    assert redact(text, "[X]") == expected


def written(digits: str, seps: list[str]) -> str:
    """``digits`` with one of ``seps`` after each digit but the last."""
    return "".join(d + s for d, s in zip(digits, [*seps, ""], strict=True))


def only_digits(text: str) -> str:
    return re.sub(r"\D", "", text)


SEP = st.sampled_from(["", "", " ", "-", "."])


@settings(max_examples=300, deadline=None)
@given(first=st.sampled_from("2689"), rest=st.text("0123456789", min_size=7, max_size=7),
       seps=st.lists(SEP, min_size=7, max_size=7),
       prefix=st.sampled_from(["", "+371", "+371 ", "00371", "00371 ", "(+371) ", "+371-"]),
       before=st.sampled_from(["Zvaniet ", "tālr. ", "(", ""]),
       after=st.sampled_from([", paldies", ".", ")", ""]))
def test_any_latvian_phone_number(first, rest, seps, prefix, before, after):
    number = first + rest
    out = redact(before + prefix + written(number, seps) + after, "[X]")
    assert number not in only_digits(out), out
    assert out == before + "[X]" + after


@settings(max_examples=200, deadline=None)
@given(day=st.integers(1, 31), month=st.integers(1, 12), year=st.integers(0, 99),
       serial=st.integers(0, 99999), hyphen=st.sampled_from(["-", "", " "]),
       new=st.booleans())
def test_any_personal_code(day, month, year, serial, hyphen, new):
    head = f"32{day:02d}{month:02d}" if new else f"{day:02d}{month:02d}{year:02d}"
    code = f"{head}{hyphen}{serial:05d}"
    out = redact(f"mans kods {code}, lūdzu", "[X]")
    assert out == "mans kods [X], lūdzu"


@settings(max_examples=100, deadline=None)
@given(number=st.text("0123456789", min_size=10, max_size=10),
       lead=st.sampled_from("45"), vat=st.sampled_from(["", "LV", "LV ", "lv"]))
def test_any_company_number(number, lead, vat):
    assert redact(f"reģ. nr. {vat}{lead}{number}.", "[X]") == "reģ. nr. [X]."


@settings(max_examples=150, deadline=None)
@given(user=st.from_regex(r"[a-z][a-z0-9._+-]{0,15}[a-z0-9]", fullmatch=True),
       domain=st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9]", fullmatch=True),
       tld=st.sampled_from(["lv", "com", "gov.lv", "eu"]), upper=st.booleans())
def test_any_email_address(user, domain, tld, upper):
    address = f"{user}@{domain}.{tld}"
    address = address.upper() if upper else address
    out = redact(f"raksti uz {address} rīt", "[X]")
    assert out == "raksti uz [X] rīt"


@settings(max_examples=150, deadline=None)
@given(country=st.sampled_from(["LV", "LT", "EE", "DE"]), check=st.integers(10, 99),
       body=st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=13, max_size=18),
       grouped=st.booleans())
def test_any_iban(country, check, body, grouped):
    iban = f"{country}{check}{body}"
    if grouped:
        iban = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    assert redact(f"konts {iban}, paldies", "[X]") == "konts [X], paldies"


@settings(max_examples=100, deadline=None)
@given(host=st.sampled_from(["https://e.csb.gov.lv", "http://example.com", "www.vid.gov.lv"]),
       path=st.from_regex(r"(/[a-z0-9]{1,8}){0,3}", fullmatch=True),
       query=st.from_regex(r"[a-z]{1,5}=[A-Za-z0-9]{1,10}(&[a-z]{1,5}=[A-Za-z0-9]{1,10}){0,2}",
                           fullmatch=True))
def test_any_web_address_with_a_query(host, path, query):
    assert redact(f"saite {host}{path}?{query} der", "[X]") == "saite [X] der"
