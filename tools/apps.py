from django.apps import AppConfig


class ToolsConfig(AppConfig):
    """Development tools: benchmarks, load tests, Lighthouse, generated content. Installed only with
    DJANGO_DEV_TOOLS=1 (the Makefile's bench, soak, bench-search and lighthouse targets, and the tests)."""

    name = "tools"
