"""Fixtures of the core tests."""

import pytest
from django.template import engines


@pytest.fixture
def pdf_template(tmp_path, settings):
    templates = tmp_path / "templates"
    (templates / "pdf").mkdir(parents=True)
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [templates, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    engines._engines = {}
    engines.__dict__.pop("templates", None)

    def write(body):
        (templates / "pdf" / "sample.html").write_text(
            '{% extends "pdf/base.html" %}{% block title %}Zpráva pro zastupitelstvo{% endblock %}'
            "{% block content %}" + body + "{% endblock %}",
            encoding="utf-8",
        )
        return "pdf/sample.html"

    yield write
    engines._engines = {}
    engines.__dict__.pop("templates", None)
