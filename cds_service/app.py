"""The ASGI app (`uvicorn cds_service.app:app`), configured from ONCOMATCH_* variables."""

import sys

from cds_service.logging_setup import configure_logging
from cds_service.service import create_app
from cds_service.startup import StartupError, startup_settings
from cds_service.storage.errors import SchemaError

try:
    _settings = startup_settings()
except StartupError as error:
    # uvicorn imports this module: a one-line reason and exit 2, as `oncomatch serve` gives,
    # instead of an import traceback.
    for line in str(error).splitlines():
        print(f"cannot start: {line}", file=sys.stderr)
    raise SystemExit(2) from None
configure_logging(_settings.log_level)
try:
    app = create_app(_settings)
except SchemaError as error:
    # The operator's line, as `oncomatch serve` prints it, rather than uvicorn's traceback of
    # this import; exit 2 also tells uvicorn's supervisor not to restart the worker.
    print(f"cannot start: {error}", file=sys.stderr)
    raise SystemExit(2) from None
