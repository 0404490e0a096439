"""The database: engine and tables, feedback on cards, and the tokens behind checklist links."""
