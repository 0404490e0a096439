"""Staff sign-in: accounts with roles, server-side sessions, CSRF, login throttling and the audit
trail that the staff pages (curation, worklists) are built on.

Modules: `roles` (who may do what), `accounts` (the accounts table, `oncomatch staff ...`),
`passwords` (argon2 hashing and the password rule), `secret` (the key that signs cookies),
`sessions` (the session rows behind the cookie), `throttle` (failed sign-ins counted per name
and per address), `audit` (who did what, when), `access` (`require_staff`, the dependency every
staff page declares), `csrf` (`csrf_input`, `verify_csrf`), `next_path` (where a sign-in may
send the browser), `sign_in` (a password or identity-provider sign-in, start to end), `oidc`
(the hospital's OpenID Connect provider), `pages` (the staff pages and their roles), `routes`
(`/staff/login`, `/staff/oidc/...`, `/staff/logout`, `/staff`), `errors`, `responses` (how a
staff error looks to a browser).

`install_staff(app, settings, engine, clock)` (in `cds_service.staff.services`, called by
`create_app`) puts the objects the routes and dependencies share on `app.state.staff`.
"""
