"""Joint projects, partner centres ("window" corners) and international programmes."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel, Record, not_before, one_of, some_name
from app.models.choices import PROJECT_KINDS, PROJECT_ROLES, PROJECT_STATUSES
from app.models.partners import Partner
from app.models.staff import Department


class Project(Record):
    """A joint project or programme with partners in their roles."""

    title_uz = pw.TextField(default="")
    title_ru = pw.TextField(default="")
    title_en = pw.TextField(default="")
    title_orig = pw.TextField(default="")
    kind = pw.CharField(max_length=30, default="joint_project")
    status = pw.CharField(max_length=20, default="active")
    start_on = pw.DateField(null=True, index=True)
    end_on = pw.DateField(null=True)
    department = pw.ForeignKeyField(Department, null=True, on_delete="SET NULL", backref="projects")
    funding = pw.TextField(default="")
    outcomes = pw.TextField(default="")
    notes = pw.TextField(default="")

    search_fields = ("title_uz", "title_ru", "title_en", "title_orig", "outcomes")

    class Meta:
        constraints = [
            one_of("kind", PROJECT_KINDS.codes),
            one_of("status", PROJECT_STATUSES.codes),
            some_name("title_uz", "title_ru", "title_en", "title_orig"),
            not_before("end_on", "start_on"),
        ]

    def search_parts(self) -> list[str]:
        """Own texts plus the partners' names."""
        parts = super().search_parts()
        if self._pk is not None:
            for link in self.partner_links:
                parts += link.partner.name_parts()
        return parts


class ProjectPartner(BaseModel):
    """A partner's role in a project: lead, coordinator or participant."""

    project = pw.ForeignKeyField(Project, on_delete="CASCADE", backref="partner_links")
    partner = pw.ForeignKeyField(Partner, on_delete="RESTRICT", backref="project_links")
    role = pw.CharField(max_length=20, default="participant")

    class Meta:
        indexes = ((("project", "partner"), True),)
        constraints = [one_of("role", PROJECT_ROLES.codes)]
