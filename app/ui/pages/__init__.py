"""The hand-written pages: dashboard, reports, partner card."""
