"""`oncomatch`, the command line: `main` holds the app and its commands; `catalog` and `match`
are its larger groups."""
