"""The library's departments, regional information-library centres and employees."""

from __future__ import annotations

import peewee as pw

from app.models.base import Record, one_of, some_name
from app.models.choices import DEPARTMENT_KINDS, UNIT_LANGUAGES


class Department(Record):
    """A department of the library or one of its regional information-library centres."""

    name_uz = pw.TextField(default="")
    name_ru = pw.TextField(default="")
    name_en = pw.TextField(default="")
    name_orig = pw.TextField(default="")
    short_name = pw.CharField(max_length=60, default="")
    kind = pw.CharField(max_length=30, default="department")
    region = pw.CharField(max_length=100, default="")
    active = pw.BooleanField(default=True)
    #: The language its quarterly templates are written in.
    language = pw.CharField(max_length=10, default="uz", constraints=[one_of("language", UNIT_LANGUAGES.codes)])
    notes = pw.TextField(default="")

    search_fields = ("name_uz", "name_ru", "name_en", "short_name", "region")

    class Meta:
        constraints = [one_of("kind", DEPARTMENT_KINDS.codes), some_name("name_uz", "name_ru", "name_en")]


class Employee(Record):
    """An employee of the library (or of a regional centre) who travels, hosts or answers for records."""

    full_name = pw.CharField(max_length=200)
    position = pw.CharField(max_length=200, default="")
    department = pw.ForeignKeyField(Department, null=True, on_delete="SET NULL", backref="employees")
    email = pw.CharField(max_length=200, default="")
    phone = pw.CharField(max_length=60, default="")
    active = pw.BooleanField(default=True)
    notes = pw.TextField(default="")

    search_fields = ("full_name", "position", "email")

    class Meta:
        constraints = [pw.Check("full_name <> ''")]
