"""Where the page cache's current generation lives (see cache.py).

A generation is `(token, next publication timestamp or None)`. It is read on every request, so reading it
must cost next to nothing:

- with Redis (several app servers), it is a key of the shared cache, read in the same round trip as the page;
- without Redis (one machine, per-process memory caches), it is 29 bytes of a small file that every worker
  maps in memory: reading is a memory access, no system call, and a write by any process on the machine
  (a gunicorn worker, `manage.py shell`, `load_content`) is seen by all the others at once.

With Redis, the generation key has no expiry unless a publication is scheduled (then it ends then), and
page entries expire after a day: with Redis's `maxmemory-policy volatile-lru` (see the README), Redis makes
room by evicting pages, never a generation without expiry; and a generation with one is read by every
request, so it is the most recently used key there is. Losing it would only mean rendering every page again.

`FailureRecord` is the local memory of an invalidation that did not reach Redis (see cache.py).
"""

import fcntl
import math
import mmap
import os
import struct
import threading
import uuid
import zlib

KEY = "pages:generation"
RECORD = struct.Struct("<B16sdI")  # present flag, token, next publication (NaN: none), CRC-32 of the rest
SIZE = 64


def lifetime(generation, now):
    """Seconds until the generation ends (rounded up: Redis counts whole seconds), or None."""
    return None if generation[1] is None else max(1, math.ceil(generation[1] - now))


def is_current(generation, now):
    return generation is not None and (generation[1] is None or now < generation[1])


class CacheGenerations:
    """The generation as a key of a Django cache (Redis): shared by every server."""

    in_page_cache = True

    def __init__(self, caches, alias="default"):
        self.caches, self.alias = caches, alias

    @property
    def cache(self):
        return self.caches[self.alias]

    def get(self):
        return self.cache.get(KEY)

    def add(self, generation, now):
        """Store it unless a generation exists (the cache drops it when it ends): a writer's wins."""
        return self.cache.add(KEY, generation, lifetime(generation, now))

    def set(self, generation, now):
        self.cache.set(KEY, generation, lifetime(generation, now))

    def delete(self):
        self.cache.delete(KEY)


class MappedRecordFile:
    """A record of a few bytes in a small file that every process of the machine maps in memory.

    Readers take no lock: a record torn by a concurrent write fails its CRC and reads as "no record". Writers
    take an exclusive `flock`.
    """

    def __init__(self, path):
        self.path = str(path)
        self._pid = None
        self._threads = threading.Lock()

    def _open(self):
        # A file description per process: flock() locks are shared by the processes that inherit one.
        if self._pid != os.getpid():
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            if os.fstat(fd).st_size < SIZE:
                os.ftruncate(fd, SIZE)  # zeros: no valid record
            self._fd, self._map, self._pid = fd, mmap.mmap(fd, SIZE), os.getpid()
        return self._map

    def _locked(self, change):
        self._open()
        with self._threads:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            try:
                return change()
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)


class FileGenerations(MappedRecordFile):
    """The generation in a memory-mapped file, shared by the processes of one machine; a torn record reads as
    "no generation", which only costs one more render."""

    in_page_cache = False

    def get(self):
        data = self._open()[: RECORD.size]
        present, token, next_publication, crc = RECORD.unpack(data)
        if not present or crc != zlib.crc32(data[: RECORD.size - 4]):
            return None
        return (token.hex(), None if math.isnan(next_publication) else next_publication)

    def _write(self, generation):
        if generation is None:
            record = (0, bytes(16), math.nan)
        else:
            record = (1, uuid.UUID(generation[0]).bytes, math.nan if generation[1] is None else generation[1])
        data = RECORD.pack(*record, 0)[: RECORD.size - 4]
        self._map[: RECORD.size] = data + struct.pack("<I", zlib.crc32(data))

    def add(self, generation, now):
        """Store it unless a current generation exists: a writer's wins."""

        def add():
            if is_current(self.get(), now):
                return False
            self._write(generation)
            return True

        return self._locked(add)

    def set(self, generation, now):
        self._locked(lambda: self._write(generation))

    def delete(self):
        self._locked(lambda: self._write(None))


class FailureRecord(MappedRecordFile):
    """When the shared cache last missed an invalidation (a timestamp), in a small file mapped in memory by
    every process of the machine; None when it has not since a new generation was written."""

    RECORD = struct.Struct("<dI")  # the time of the last failure (NaN: none), CRC-32 of it

    def failed_at(self):
        data = self._open()[: self.RECORD.size]
        moment, crc = self.RECORD.unpack(data)
        if crc != zlib.crc32(data[:8]) or math.isnan(moment):
            return None
        return moment

    def _write(self, moment):
        data = struct.pack("<d", moment)
        self._map[: self.RECORD.size] = data + struct.pack("<I", zlib.crc32(data))

    def record(self, moment):
        def record():
            last = self.failed_at()
            self._write(moment if last is None else max(last, moment))

        self._locked(record)

    def clear(self, up_to):
        """Forget the failures up to `up_to`: a generation written after them makes them harmless."""

        def clear():
            last = self.failed_at()
            if last is not None and last <= up_to:
                self._write(math.nan)

        self._locked(clear)
