"""The reports: agreement register, annual report, country dossier and partner card, calendar of deadlines."""
