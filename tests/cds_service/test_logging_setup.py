from __future__ import annotations

import logging

import pytest

from cds_service.logging_setup import MatchTokenRedactor


def test_access_log_lines_never_carry_a_match_token(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.access")
    logger.addFilter(MatchTokenRedactor())
    try:
        with caplog.at_level(logging.INFO, logger="test.access"):
            # uvicorn's access log format: client, method, path, version, status.
            logger.info(
                '%s - "%s %s HTTP/%s" %d',
                "127.0.0.1:5000",
                "GET",
                "/match/Xy3_secret-token?x=1",
                "1.1",
                200,
            )
            logger.info("opened /match/another-secret-token")
    finally:
        logger.filters.clear()
    text = caplog.text
    assert "secret" not in text
    assert text.count("/match/[redacted]") == 2
    assert '"GET /match/[redacted]?x=1 HTTP/1.1" 200' in text
