"""The ASGI app (`uvicorn cds_service.app:app`), configured from ONCOMATCH_* variables."""

from cds_service.logging_setup import configure_logging
from cds_service.service import create_app
from cds_service.settings import Settings

_settings = Settings()
configure_logging(_settings.log_level)
app = create_app(_settings)
