"""The generation file shared by the processes of one machine (mesoinfo/pagecache/generations.py)."""

import subprocess
import sys
import uuid

from mesoinfo.pagecache.generations import RECORD, FileGenerations
from tests.support.servers import ROOT

NOW = 1_800_000_000.0


def test_a_write_by_another_process_is_seen_at_once(tmp_path):
    path = tmp_path / "generation"
    store = FileGenerations(path)
    assert store.get() is None
    first = (uuid.uuid4().hex, None)
    assert store.add(first, NOW) and store.get() == first
    assert not store.add((uuid.uuid4().hex, None), NOW)  # a current generation stays
    token = uuid.uuid4().hex
    code = f"from mesoinfo.pagecache.generations import FileGenerations as F; F({str(path)!r})"
    code += f".set(({token!r}, {NOW + 60}), 0)"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    assert store.get() == (token, NOW + 60)
    subprocess.run(
        [
            sys.executable,
            "-c",
            f"from mesoinfo.pagecache.generations import FileGenerations as F; F({str(path)!r}).delete()",
        ],
        cwd=ROOT,
        check=True,
    )
    assert store.get() is None


def test_an_ended_generation_gives_way_and_a_torn_record_reads_as_none(tmp_path):
    store = FileGenerations(tmp_path / "generation")
    store.set((uuid.uuid4().hex, NOW), NOW - 1)
    assert store.add((uuid.uuid4().hex, None), NOW + 1)  # the scheduled publication has come
    store._map[5:9] = b"\xff\xff\xff\xff"  # as if read in the middle of another process's write
    assert store.get() is None
    assert RECORD.size < 64
