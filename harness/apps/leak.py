"""Memory a worker keeps on purpose, for the memory-limit scenario: `/leak?ms=N&kib=K` keeps K
KiB in the worker process for good, then answers as `/io?ms=N`. The plain apps do not have the
route; leak_wsgi.py and leak_asgi.py add it in front of them, so nothing else changes.

The bytes are written (`b"\\x01" * n`), not just reserved: a zero-filled allocation can be
mapped without touching its pages, which neither RSS nor the memory cgroup would count.
"""

from urllib.parse import parse_qs

MAX_KIB = 64 * 1024

_kept = []


def read_kib(query_string):
    """`kib=K` from a query string, 0 for a missing or bad value, at most MAX_KIB."""
    values = parse_qs(query_string).get("kib", ["0"])
    try:
        return max(0, min(int(values[0]), MAX_KIB))
    except ValueError:
        return 0


def keep(query_string):
    """Keep the requested KiB for the life of the process; returns how many."""
    kib = read_kib(query_string)
    _kept.append(b"\x01" * (kib * 1024))
    return kib
