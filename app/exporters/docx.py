"""Word documents from the office's templates: a .docx with Jinja tags (docxtpl) filled with a letter's values."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

#: What is left of a Jinja tag in a document's text when a template used a value it was not given.
LEFTOVER_TAG = re.compile(r"\{\{|\}\}|\{%|%\}")


class TemplateProblem(Exception):
    """A template cannot be read or filled; the message names the file and the reason."""


def render_docx(template: Path, values: Mapping[str, Any], target: Path) -> Path:
    """Fill `template` with `values` and write the document to `target` (through a partial file, so that a failure
    leaves no half-written document)."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    try:
        document = DocxTemplate(str(template))
        document.render(dict(values), autoescape=True)
        partial = target.with_name(target.name + ".part")
        document.save(str(partial))
    except TemplateError as error:
        raise TemplateProblem(f"{template.name}: {error}") from error
    except (OSError, KeyError, ValueError) as error:  # not a Word document, or a file that cannot be written
        raise TemplateProblem(f"{template.name}: {error}") from error
    partial.replace(target)
    logger.info("wrote %s from %s", target, template)
    return target


def document_text(path: Path) -> str:
    """The text of a .docx: its paragraphs and its tables' cells, one per line (to check a letter)."""
    from docx import Document

    document = Document(str(path))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)
