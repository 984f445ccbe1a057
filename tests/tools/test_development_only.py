"""The product ships only the product: the development tools are an app that production never installs."""

import subprocess
import sys

from tests.support.servers import ROOT, production_env

TOOLS = {"bench", "bench_search", "generate_content", "lighthouse_report", "render_cost", "soak"}
PRODUCT = {"backup", "restore", "load_content", "rebuild_search_index", "create_local_admin"}


def commands(**env):
    result = subprocess.run(
        [sys.executable, "manage.py", "help", "--commands"],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())


def test_production_lists_only_the_products_commands():
    listed = commands()
    assert listed >= PRODUCT
    assert not TOOLS & listed


def test_the_development_tools_are_there_when_asked_for():
    assert commands(DJANGO_DEV_TOOLS="1") >= TOOLS
