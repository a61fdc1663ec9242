"""Postal codes: property tests of the parser, and its messages."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocacy.postcodes import (
    InvalidPostalCode,
    format_postal_code,
    normalise_postal_code,
)

FIRST = "ABCEGHJKLMNPRSTVXY"
LATER = "ABCEGHJKLMNPRSTVWXYZ"
DIGITS = "0123456789"

valid_codes = st.builds(
    lambda a, b, c, d, e, f: a + b + c + d + e + f,
    st.sampled_from(FIRST),
    st.sampled_from(DIGITS),
    st.sampled_from(LATER),
    st.sampled_from(DIGITS),
    st.sampled_from(LATER),
    st.sampled_from(DIGITS),
)
separators = st.sampled_from(["", " ", "  ", "-", " - ", "\t"])


@given(valid_codes, separators, separators, separators, st.booleans())
def test_every_valid_code_is_accepted_however_typed(code, before, middle, after, lower):
    typed = before + code[:3] + middle + code[3:] + after
    if lower:
        typed = typed.lower()
    assert normalise_postal_code(typed) == code
    assert format_postal_code(code) == f"{code[:3]} {code[3:]}"


@given(valid_codes, st.integers(0, 5), st.sampled_from("DFIOQU"))
def test_letters_canada_post_never_uses_are_refused(code, position, letter):
    letters_at = [0, 2, 4]
    index = letters_at[position % 3]
    bad = code[:index] + letter + code[index + 1 :]
    with pytest.raises(InvalidPostalCode) as error:
        normalise_postal_code(bad)
    assert "never use the letters D, F, I, O, Q or U" in str(error.value.messages[0])


@given(valid_codes, st.sampled_from("WZ"))
def test_w_and_z_are_refused_first(code, letter):
    with pytest.raises(InvalidPostalCode) as error:
        normalise_postal_code(letter + code[1:])
    assert "starts with W or Z" in error.value.messages[0]


@given(st.text(max_size=30))
def test_anything_else_is_either_a_valid_code_or_a_clear_message(text):
    try:
        code = normalise_postal_code(text)
    except InvalidPostalCode as error:
        assert "K1A 0B1" in error.messages[0]
    else:
        assert len(code) == 6 and code.isupper()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter your postal code"),
        ("   ", "Enter your postal code"),
        ("K1A", "is not a Canadian postal code"),
        ("K1A0B1X", "is not a Canadian postal code"),
        ("123456", "is not a Canadian postal code"),
        ("K1A OB1", "never use the letters D, F, I, O, Q or U (you typed O)"),
        ("W1A0B1", "starts with W or Z"),
        ("<script>", "is not a Canadian postal code"),
    ],
)
def test_messages_say_what_a_postal_code_looks_like(typed, message):
    with pytest.raises(InvalidPostalCode) as error:
        normalise_postal_code(typed)
    assert message in error.value.messages[0]
