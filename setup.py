"""The wheel's packages: every package setuptools finds under app/, and resources/ and translations/ installed inside
it as app.resources and app.translations (where app/paths.py looks in an installed copy; see pyproject.toml)."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["app", "app.*"]), "app.resources", "app.translations"])
