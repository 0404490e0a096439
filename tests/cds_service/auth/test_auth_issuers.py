"""The trusted-issuers file: a valid file loads; a malformed one fails naming the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from auth_testkit import SPEC_EXAMPLES, SigningKey

from cds_service.auth import AuthConfigError, load_trusted_issuers, parse_trusted_issuers


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "trusted-issuers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_valid_file_loads(tmp_path: Path, es384_key: SigningKey) -> None:
    path = _write(
        tmp_path,
        {
            "issuers": [
                {
                    "iss": "https://ehr.example.org/",
                    "jwks_url": "https://ehr.example.org/jwks.json",
                    "jku_allowlist": ["https://ehr.example.org/jku.json"],
                    "tenant": "hospital-a",
                },
                {"iss": "https://other.example.com", "jwks": {"keys": [es384_key.public_jwk]}},
            ]
        },
    )
    issuers = load_trusted_issuers(path)
    assert len(issuers) == 2
    first = issuers.get("https://ehr.example.org/")
    assert first is not None
    assert first.tenant == "hospital-a"
    assert first.jku_allowlist == ("https://ehr.example.org/jku.json",)
    assert issuers.inline_keys("https://other.example.com") == {es384_key.kid: es384_key.public_jwk}
    assert issuers.get("https://ehr.example.org") is None  # exact match only


GOOD_URL = "https://ehr.example.org/jwks.json"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ([], "(file)", "JSON object"),
        ({}, "issuers", "required"),
        ({"issuers": [{"jwks_url": GOOD_URL}]}, "issuers[0].iss", "required"),
        ({"issuers": [{"iss": "", "jwks_url": GOOD_URL}]}, "issuers[0].iss", "at least 1"),
        ({"issuers": [{"iss": "a"}]}, "issuers[0]", "exactly one of"),
        (
            {"issuers": [{"iss": "a", "jwks_url": GOOD_URL, "jwks": {"keys": []}}]},
            "issuers[0]",
            "exactly one of",
        ),
        (
            {"issuers": [{"iss": "a", "jwks_url": "http://ehr.example.org/jwks.json"}]},
            "issuers[0].jwks_url",
            "https",
        ),
        (
            {"issuers": [{"iss": "a", "jwks_url": GOOD_URL, "jku_allowlist": ["/relative"]}]},
            "issuers[0].jku_allowlist",
            "absolute",
        ),
        ({"issuers": [{"iss": "a", "jwks_uri": GOOD_URL}]}, "issuers[0].jwks_uri", "Extra"),
        ({"issuers": [{"iss": "a", "jwks": {"kees": []}}]}, "issuers[0].jwks", '"keys"'),
        (
            {"issuers": [{"iss": "a", "jwks": {"keys": [{"kty": "oct", "kid": "h", "k": "c2"}]}}]},
            "issuers[0].jwks",
            "private or symmetric",
        ),
        (
            {"issuers": [{"iss": "a", "jwks_url": GOOD_URL}, {"iss": "a", "jwks_url": GOOD_URL}]},
            "issuers[1].iss",
            "duplicate",
        ),
    ],
)
def test_malformed_config_names_the_field(
    tmp_path: Path, data: object, field: str, message: str
) -> None:
    with pytest.raises(AuthConfigError) as raised:
        load_trusted_issuers(_write(tmp_path, data))
    assert raised.value.field == field
    assert message in raised.value.message
    assert str(tmp_path) in str(raised.value)


def test_unreadable_and_non_json_files_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(AuthConfigError, match="cannot read"):
        load_trusted_issuers(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"issuers": [', encoding="utf-8")
    with pytest.raises(AuthConfigError, match="invalid JSON at line 1"):
        load_trusted_issuers(bad)


def test_loopback_http_is_allowed_for_key_set_urls() -> None:
    issuers = parse_trusted_issuers(
        {"issuers": [{"iss": "a", "jwks_url": "http://127.0.0.1:8099/jwks.json"}]}
    )
    assert len(issuers) == 1


def _spec_example(name: str) -> Any:
    path = SPEC_EXAMPLES / name
    if not path.is_file():
        pytest.skip(f"{path} not present (../shared is absent)")
    return json.loads(path.read_text(encoding="utf-8"))


def test_spec_public_jwks_is_accepted_inline() -> None:
    jwks = _spec_example("24-jwks-public.json")
    issuers = parse_trusted_issuers({"issuers": [{"iss": "x", "jwks": jwks}]})
    assert list(issuers.inline_keys("x") or {}) == ["example-kid"]


def test_spec_private_jwk_is_refused_as_trust_material() -> None:
    private = _spec_example("25-jwk-private-EXAMPLE-ONLY.json")
    keys = private.get("keys", [private])
    with pytest.raises(AuthConfigError, match="private"):
        parse_trusted_issuers({"issuers": [{"iss": "x", "jwks": {"keys": keys}}]})
