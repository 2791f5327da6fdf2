"""The correspondence log: the journal's numbers and rules, replies due, and letters written from records."""
