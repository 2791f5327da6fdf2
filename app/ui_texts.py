"""Texts shared by the interface and the command line (marked here once, translated where shown)."""

from __future__ import annotations

from app.i18n import N_

DEFAULT_ORGANISATION = N_("National Library of Uzbekistan named after Alisher Navoi")
