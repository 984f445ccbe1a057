"""gunicorn.conf.py, as gunicorn reads it: the garbage collector's thresholds that the workers inherit."""

import gc
import runpy

import pytest
from django.conf import settings


@pytest.fixture
def collector():
    """The collector's thresholds and frozen objects, restored after the test."""
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def load_settings(monkeypatch, threshold=None):
    if threshold is None:
        monkeypatch.delenv("GUNICORN_GC_THRESHOLD", raising=False)
    else:
        monkeypatch.setenv("GUNICORN_GC_THRESHOLD", threshold)
    return runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))


def test_the_workers_collect_garbage_less_often_than_python_s_default(monkeypatch, collector):
    gc.set_threshold(700, 10, 10)
    load_settings(monkeypatch)["when_ready"](None)  # before the workers are forked
    assert gc.get_threshold() == (50000, 20, 100)
    assert gc.get_freeze_count() > 0


def test_the_thresholds_come_from_the_environment(monkeypatch, collector):
    load_settings(monkeypatch, "700,10,10")["when_ready"](None)
    assert gc.get_threshold() == (700, 10, 10)
