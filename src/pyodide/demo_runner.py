"""Runs one demo in fresh globals inside Pyodide and reports how it ended, as JSON.

runtime.ts writes this file into Pyodide's file system as ``_demo_runner`` and calls
``run()`` once per Run click. Everything the page needs comes back in one JSON string, so
no Python object has to cross into JavaScript.
"""

import ast
import asyncio
import builtins
import inspect
import json
import linecache
import sys
import time
import traceback
import types

import _demo_loop
import timeline

timeline.in_browser = True
_demo_loop.install()


def _no_input(prompt=""):
    raise RuntimeError(
        "input() is not available in these demos: the Python here runs in your browser "
        "with no keyboard attached. Set the value in the code instead."
    )


builtins.input = _no_input

# Pyodide's own frames (in the zipped stdlib) say nothing about the reader's code.
_INTERNAL = ("/_pyodide/", "zip/pyodide/")


def _is_internal(filename):
    return filename in (__file__, _demo_loop.__file__) or any(part in filename for part in _INTERNAL)


def _explain_missing_module(exc):
    """Replace Pyodide's micropip advice: this site ships the standard library only."""
    name = (exc.name or "").partition(".")[0]
    replacement = ModuleNotFoundError(
        f"No module named {name!r}. These demos run on Python's standard library only; "
        f"packages such as {name!r} are not available on this site.",
        name=exc.name,
    )
    replacement.__traceback__ = exc.__traceback__
    return replacement


def _format_error(exc):
    if isinstance(exc, ModuleNotFoundError):
        exc = _explain_missing_module(exc)
    report = traceback.TracebackException(type(exc), exc, exc.__traceback__)
    report.stack = traceback.StackSummary.from_list(
        [frame for frame in report.stack if not _is_internal(frame.filename)]
    )
    return "".join(report.format())


def _exit_code(code):
    """The process exit status CPython would report for ``sys.exit(code)``."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    # CPython prints any other argument to stderr and exits with status 1.
    print(code, file=sys.stderr)
    return 1


def _execute(source, filename, namespace):
    code = compile(source, filename, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
    result = eval(code, namespace)
    if inspect.iscoroutine(result):
        # Top-level await: run it the way the asyncio REPL would, on a fresh loop.
        _demo_loop.run(result)


def run(source, filename, params_json):
    """Run ``source`` as ``__main__`` with fresh globals, synchronously; return the outcome as JSON."""
    timeline.reset()
    started = time.perf_counter()
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    main = types.ModuleType("__main__")
    main.__file__ = filename
    main.PARAMS = json.loads(params_json)
    previous_main = sys.modules.get("__main__")
    sys.modules["__main__"] = main
    # Called from JavaScript, possibly while Pyodide's WebLoop counts as running.
    previous_loop = asyncio.events._get_running_loop()
    asyncio.events._set_running_loop(None)
    try:
        _execute(source, filename, main.__dict__)
        outcome = {"status": "ok"}
    except KeyboardInterrupt:
        outcome = {"status": "interrupted"}
    except SystemExit as exc:
        outcome = {"status": "exit", "code": _exit_code(exc.code)}
    except BaseException as exc:  # noqa: BLE001 - every ending is reported to the page
        outcome = {"status": "error", "errorType": type(exc).__name__, "traceback": _format_error(exc)}
    finally:
        asyncio.events._set_running_loop(previous_loop)
        if previous_main is not None:
            sys.modules["__main__"] = previous_main
        sys.stdout.flush()
        sys.stderr.flush()
    duration_ms = round((time.perf_counter() - started) * 1000, 3)
    reply = {**outcome, "spans": timeline.export(), "durationMs": duration_ms}
    result = main.__dict__.get("RESULT")
    if result is not None:
        try:  # strict JSON: the page's JSON.parse rejects NaN and Infinity
            json.dumps(result, allow_nan=False)
            reply["result"] = result
        except (TypeError, ValueError) as exc:
            print(f"RESULT was left out of the reply: {exc}", file=sys.stderr, flush=True)
    return json.dumps(reply)
