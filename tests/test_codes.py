"""Public codes: only letters of the alphabet without look-alikes, every letter used."""

from events.codes import ALPHABET, random_code, registration_reference


def test_codes_use_the_whole_alphabet_and_nothing_else():
    codes = [random_code(16) for _ in range(200)]

    assert {len(code) for code in codes} == {16}
    assert set("".join(codes)) == set(ALPHABET)
    assert len(set(codes)) == 200
    assert len(registration_reference()) == 10
