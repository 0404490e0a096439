"""One reader per topic of an eligibility item; `extraction` runs them in turn on each item."""
