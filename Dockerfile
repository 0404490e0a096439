# OncoMatch CDS Hooks service. Auth is ON by default: mount a trusted-issuers file and set
# ONCOMATCH_TRUSTED_ISSUERS and ONCOMATCH_PUBLIC_BASE_URL (see README, "Deployment").
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, in their own layer: code changes do not reinstall them.
COPY pyproject.toml README.md ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt

COPY cds_service ./cds_service
COPY fhir_mapping ./fhir_mapping
COPY eligibility ./eligibility
COPY cards ./cards
COPY trials ./trials
RUN pip install --no-deps . && rm -rf /app/build

RUN useradd --system --uid 10001 --home-dir /var/lib/oncomatch --create-home oncomatch
USER oncomatch

ENV ONCOMATCH_AUTH=jwt \
    ONCOMATCH_DATA_DIR=/var/lib/oncomatch \
    ONCOMATCH_WORKERS=2 \
    ONCOMATCH_PORT=8080

EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request,os; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('ONCOMATCH_PORT','8080'), timeout=2)" || exit 1

# Shell form so the worker count and port come from the environment at run time.
CMD exec uvicorn cds_service.app:app --host 0.0.0.0 --port "${ONCOMATCH_PORT}" \
    --workers "${ONCOMATCH_WORKERS}" --proxy-headers
