"""The password rule and argon2 hashing with the production parameters."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from cds_service.staff.errors import WeakPasswordError
from cds_service.staff.passwords import MAX_PASSWORD_LENGTH, PasswordBook, check_password_rule


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("elevenchars", "too short: at least 12 characters, got 11"),
        (" a passphrase with space", "starts or ends with a space"),
        ("my name is alice!", "contains the account name"),
        ("abababababababab", "too few different characters"),
        ("x" * (MAX_PASSWORD_LENGTH + 1), "longer than 1024 characters"),
    ],
)
def test_weak_passwords_are_refused_saying_why(password: str, says: str) -> None:
    with pytest.raises(WeakPasswordError, match=says):
        check_password_rule(password, name="alice")


def test_a_passphrase_passes() -> None:
    check_password_rule("correct horse battery staple", name="alice")


def test_the_default_hash_is_argon2id_and_verifies() -> None:
    book = PasswordBook()
    stored = book.hash("correct horse battery staple")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert book.verify(stored, "correct horse battery staple")
    assert not book.verify(stored, "correct horse battery stapler")
    assert not book.needs_rehash(stored)


def test_no_account_and_a_damaged_hash_never_verify() -> None:
    book = PasswordBook(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    assert not book.verify(None, "")
    assert not book.verify(None, "anything at all")
    assert not book.verify("not a hash", "anything at all")


def test_an_overlong_password_never_matches_even_its_own_prefix() -> None:
    book = PasswordBook(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    prefix = "p" * MAX_PASSWORD_LENGTH
    stored = book.hash(prefix)
    assert book.verify(stored, prefix)
    assert not book.verify(stored, prefix + "more")


def test_a_hash_made_with_weaker_parameters_is_upgraded() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("pw")
    assert PasswordBook().needs_rehash(weak)
