from datetime import date, datetime

import pytest

from sitegen.swedish import (
    first_of_several,
    format_date,
    phone_doubt,
    phone_refusal,
    phone_uri,
    sort_key,
    unmarked_extension,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (date(2016, 1, 20), "20 januari 2016"),
        (date(2018, 1, 31), "31 januari 2018"),
        (date(2016, 9, 7), "7 september 2016"),
        (date(2020, 5, 1), "1 maj 2020"),
        (datetime(2017, 3, 1, 23, 59), "1 mars 2017"),
        (date(2019, 12, 24), "24 december 2019"),
    ],
)
def test_format_date(value: date, text: str) -> None:
    assert format_date(value) == text


def test_swedish_alphabet_puts_a_ring_a_umlaut_o_umlaut_after_z() -> None:
    words = ["Östhammar", "Ale", "Åmål", "Ängelholm", "Zeta", "Borås"]
    assert sorted(words, key=sort_key) == ["Ale", "Borås", "Zeta", "Åmål", "Ängelholm", "Östhammar"]


def test_accented_e_sorts_with_e_and_case_is_secondary() -> None:
    assert sorted(["éb", "ea", "Ec", "ed"], key=sort_key) == ["ea", "éb", "Ec", "ed"]
    assert sorted(["b", "B", "a"], key=sort_key) == ["a", "B", "b"]


def test_v_and_w_are_separate_letters_and_digits_come_first() -> None:
    assert sorted(["wa", "vb", "2x", "va"], key=sort_key) == ["2x", "va", "vb", "wa"]


def test_nfd_and_nfc_sort_the_same() -> None:
    assert sort_key("A\u030amål")[0] == sort_key("Åmål")[0]


@pytest.mark.parametrize(
    ("written", "uri"),
    [
        ("0303-33 00 00", "+46303330000"),
        ("031-365 34 85", "+46313653485"),
        ("+46 (0)31-365 34 85", "+46313653485"),  # the national prefix in brackets dropped
        ("0046 8 123 45 67", "+4681234567"),
        ("08-123 45 67 ankn. 12", "+4681234567;ext=12"),  # was glued on: +468123456712
        ("08-123 45 67, anknytning 12", "+4681234567;ext=12"),
        ("+47 22 22 22 22", "+4722222222"),
        ("ring mig", None),  # was tel: (empty)
        ("1177", "1177;phone-context=+46"),  # a short number, dialled in Sweden (was refused)
        ("1177 ankn. 5", "1177;ext=5;phone-context=+46"),
        ("0303-33 00 00 vxl", None),  # letters were dialled as a keypad's digits: +46303330000895
        ("1177 eller 112", None),
        ("08-123", None),
        ("0303-33 00 00 00 00 00", None),  # too long for a Swedish number
    ],
)
def test_phone_numbers_as_tel_addresses(written: str, uri: str | None) -> None:
    assert phone_uri(written) == uri


@pytest.mark.parametrize(
    ("written", "first"),
    [
        ("0303-33 00 00–05", ("0303-33 00 00", "a range of numbers")),  # was dialled as +46030333000005
        ("0303-33 00 00-05", ("0303-33 00 00", "a range of numbers")),
        ("0303-33 00 00 till 05", ("0303-33 00 00", "a range of numbers")),
        ("0303-33 00 00 / 0303-33 00 01", ("0303-33 00 00", "several numbers")),
        ("0303-33 00 00 eller 0303-33 00 01", ("0303-33 00 00", "several numbers")),
        ("0303-33 00 00", None), ("08-123 45 67 ankn. 12", None), ("+46 (0)31-365 34 85", None),
        ("000-000 00 00", None),  # one number, no one's (see phone_doubt)
    ],
)
def test_a_range_or_a_list_of_numbers_is_told_with_its_first(written: str, first: tuple[str, str] | None) -> None:
    """Found by a helper session: `0303-33 00 00–05`, an exchange's range as printed in
    directories, was linked as the one number tel:+46030333000005, which no phone reaches."""
    assert first_of_several(written) == first


@pytest.mark.parametrize(
    ("written", "found"),
    [("0303-33 00 00, 01", ("0303-33 00 00", ",", "01")), ("0303-33 00 00,01", ("0303-33 00 00", ",", "01")),
     ("0303-33 00 00,,12", ("0303-33 00 00", ",,", "12")), ("0303-33 00 00 ; 12", ("0303-33 00 00", ";", "12")),
     ("+46 303 33 00 00 #12#", ("+46 303 33 00 00", "#", "12")), ("0303-33 00 00 ~12", ("0303-33 00 00", "~", "12")),
     ("0303-33 00 00 ankn. 12", None), ("0303-33 00 00, ankn. 12", None), ("0303-33 00 00 ext. 12", None),
     ("0303-33 00 00", None), ("0303-33 00 00,", None), ("ring mig", None)],
)  # fmt: skip
def test_an_extension_marked_by_a_sign_alone_is_found(written: str, found: tuple[str, str, str] | None) -> None:
    """Found by a helper session: libphonenumber reads `0303-33 00 00, 01` as the number with
    the extension 01 (tel:+46303330000;ext=01), where a second number or a range's end was
    meant; an extension written in words (`ankn. 12`) is what it seems."""
    assert unmarked_extension(written) == found
    if found is not None:
        assert phone_uri(written) == f"{phone_uri(found[0])};ext={found[2]}"  # what a link would dial


@pytest.mark.parametrize(
    ("written", "doubted"),
    [("000-000 00 00", True), ("08-5 12 34", True), ("0303-33 00 00", False), ("070-123 45 67", False),
     ("0771-67 06 70", False), ("+47 22 22 22 22", False), ("1177", False), ("ring mig", False)],
)
def test_a_number_in_no_range_of_the_numbering_plan_is_doubted(written: str, doubted: bool) -> None:
    """Found by a helper session: `000-000 00 00` was linked as tel:+46000000000 without a word."""
    assert (phone_doubt(written) is not None) is doubted


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("0303-33 00 00 00 00 00", "it has too many digits for a number in Sweden"),
        ("+46 303 33 00 00 00 00", "it has too many digits for a number in Sweden"),
        ("08-123", "it has too few digits for a number in Sweden"),
        ("+999 1234", "no country has the code after its '+'"),
        ("1" * 300, "it has too many digits for a phone number"),
        ("0303-33 00 00 ankn.", None),  # letters: no count of digits to tell
        ("ring mig", None),
    ],
)
def test_why_a_number_is_no_number(written: str, why: str | None) -> None:
    assert phone_refusal(written) == why
