"""The console entry point: answer a run whose inputs have not changed before anything is imported.

A run of ``notelint PATH …`` is a function of its inputs: the command line, the current folder,
a few environment variables and the output streams' kind, notelint's own code and data (which
include the math checker), the installed distributions (plugins and libraries), the
configuration files and .gitignore files that could apply, the notes a folder walk finds,
what dialect detection reads around each note, and the notes' bytes. The full CLI
records what such a run printed (stdout and stderr, in order) and its exit status in the
results cache, under a key of the invocation (``runs/<key>.json``), together with the state of
every input (a file's digest, or its absence). When all of them are unchanged, this module
replays the record: byte for byte what the full run would print.

It imports only the standard library (and the package's ``__init__``, which is kept free of
imports), so a replayed run costs little more than the interpreter's start-up plus hashing the
notes. Whatever it does not understand goes to the full CLI (``notelint.cli``): stdin,
``--fix``, ``--diff``, ``--watch``, baselines,
``--output-file``, plugin formats, unknown or abbreviated options, subcommands, ``--no-cache``
and ``NOTELINT_NO_CACHE``. A record is written only for a run that ended with status 0 or 1,
used the results cache without a warning, and whose inputs did not change while it ran.
"""

from __future__ import annotations

import os
import sys

from notelint.fingerprint import code_fingerprint, path_stamp, sha256_hex, surroundings

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TextIO

    from notelint.fingerprint import FolderSignals

#: Bump when the record's layout or the key's recipe changes.
RECORD_VERSION = "run-v1"
#: The results cache's folder and format version (``notelint.cache`` DEFAULT_DIR, FORMAT_VERSION).
DEFAULT_CACHE_DIR = ".notelint_cache"
CACHE_FORMAT = "v1"
#: ``notelint.config.CONFIG_FILES``: looked for in every folder from a note's up to the root.
CONFIG_FILES = ("notelint.toml", ".notelint.toml", "pyproject.toml")
#: ``notelint.formatters.BUILTIN``: formats whose code is notelint's own (in the code fingerprint).
BUILTIN_FORMATS = ("text", "full", "json", "json-lines", "github", "sarif", "gitlab", "junit", "lsp")
#: ``notelint.discover``: what a folder walk takes, and the folders it never enters.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx", ".qmd", ".rmd")
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".notelint_cache",
        ".tox",
        ".mypy_cache",
        ".pytest_cache",
        "site-packages",
    }
)
#: Options without a value that a replayable run may carry.
FLAGS = {"--statistics", "--exit-zero", "--isolated", "--force-exclude", "-q", "--quiet"}
#: Options with a value that a replayable run may carry (the value is part of the key).
VALUED = {
    "--select",
    "--extend-select",
    "--ignore",
    "--profile",
    "--output-format",
    "--fail-on",
    "--color",
    "-j",
    "--jobs",
    "--config",
    "--disable-plugin",
}
#: ``notelint.cli.SUBCOMMANDS``: a first argument by these names is never a note.
SUBCOMMANDS = ("server", "clean", "report", "new", "init")
#: Environment variables that change what a run prints, besides every ``NOTELINT_*`` one.
ENVIRONMENT = ("NO_COLOR",)
#: An input that is a folder (``.git`` marks a repository root for .gitignore) or is absent.
FOLDER, ABSENT = "folder", None


def input_state(path: str) -> str | None:
    """What a run read at ``path``: the SHA-256 of a file's bytes, FOLDER, or ABSENT."""
    try:
        with open(path, "rb") as fh:
            return sha256_hex(fh.read())
    except IsADirectoryError:
        return FOLDER
    except OSError:
        return FOLDER if os.path.isdir(path) else ABSENT


def _ancestors(folder: str) -> list[str]:
    out = [folder]
    while True:
        parent = os.path.dirname(out[-1])
        if parent == out[-1]:
            return out
        out.append(parent)


class Invocation:
    """A command line the warm start can answer: its paths and the files its result depends on."""

    def __init__(
        self, argv: Sequence[str], paths: list[str], config: str | None, force_exclude: bool
    ) -> None:
        self.argv = list(argv)
        self.paths = paths
        self.config = config
        self.force_exclude = force_exclude

    def walk(self) -> tuple[list[str], list[str]]:
        """The notes a run can lint (files named, and Markdown files in the folders named) and
        the folders a walk enters. Every note is an input by its path, so a note added or
        removed anywhere the walk goes changes the inputs' set.

        Folders are walked as ``discover.discover`` walks them (tooling and hidden folders
        skipped, symlinked folders not followed) but without the ``exclude`` setting and
        .gitignore: walking more than the full CLI does only adds inputs, never hides one."""
        notes: list[str] = []
        folders: list[str] = []
        for path in self.paths:
            if not os.path.isdir(path):
                notes.append(path)
                continue
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                folders.append(root)
                notes.extend(
                    os.path.join(root, n) for n in sorted(files) if n.lower().endswith(MARKDOWN_SUFFIXES)
                )
        return notes, folders

    def inputs(self, cwd: str, notes: list[str], folders: list[str]) -> list[str]:
        """Every path whose content or existence can change the run's output."""
        paths: dict[str, None] = {}
        for note in notes:
            paths[note] = None
        if self.config is not None:
            paths[self.config] = None
        # The configuration of the current folder (the run's) and of each note's and walked
        # folder: the nearest config file upward decides, so every candidate up to the root is
        # an input.
        starts = {cwd, *(os.path.abspath(f) for f in folders)}
        starts.update(os.path.dirname(os.path.abspath(n)) for n in notes)
        ancestors: dict[str, None] = {}
        for start in sorted(starts):
            for ancestor in _ancestors(start):
                if ancestor in ancestors:
                    break  # the rest of the way up is there already
                ancestors[ancestor] = None
        for ancestor in ancestors:
            for name in CONFIG_FILES:
                paths[os.path.join(ancestor, name)] = None
        if self.force_exclude or folders:
            # .gitignore files apply from a note's folder up to the repository root (.git).
            for ancestor in ancestors:
                paths[os.path.join(ancestor, ".gitignore")] = None
                paths[os.path.join(ancestor, ".git")] = None
        return list(paths)

    def cache_folders(self, cwd: str) -> list[str]:
        """Where the run's results cache can be: the default ``cache-dir`` beside each config
        file that may be the run's (a pyproject.toml counts only with a [tool.notelint] table,
        which this module does not parse), else in the current folder."""
        if self.config is not None:
            return [os.path.join(os.path.dirname(os.path.realpath(self.config)), DEFAULT_CACHE_DIR)]
        out = []
        if "--isolated" not in self.argv:
            for ancestor in _ancestors(cwd):
                found = [n for n in CONFIG_FILES if os.path.isfile(os.path.join(ancestor, n))]
                if found:
                    out.append(os.path.join(ancestor, DEFAULT_CACHE_DIR))
                    if found != ["pyproject.toml"]:
                        break
        out.append(os.path.join(cwd, DEFAULT_CACHE_DIR))
        return out


def parse(argv: Sequence[str]) -> Invocation | None:
    """The invocation, when every argument is one the warm start understands; else None."""
    if argv and argv[0] in SUBCOMMANDS:
        return None
    notes: list[str] = []
    config = None
    force_exclude = False
    args = iter(argv)
    only_paths = False
    for arg in args:
        if only_paths or not arg.startswith("-"):
            notes.append(arg)
            continue
        if arg == "--":
            only_paths = True
            continue
        if arg in FLAGS:
            force_exclude |= arg == "--force-exclude"
            continue
        option, has_value, value = arg.partition("=")
        if option.startswith("-j") and not option.startswith("--") and len(option) > 2:
            option, has_value, value = "-j", "=", option[2:]
        if option not in VALUED or (has_value and option == "-j" and not value):
            return None  # unknown, abbreviated or combined: the full CLI decides
        if not has_value:
            value = next(args, "")
            if not value or value.startswith("-"):
                return None
        if option == "--output-format" and value not in BUILTIN_FORMATS:
            return None
        if option == "--config":
            config = value
    notes = notes or ["."]  # as the full CLI: no path is the current folder
    if "-" in notes or not all(os.path.isfile(n) or os.path.isdir(n) for n in notes):
        return None  # stdin, or missing paths: the full CLI says so
    return Invocation(argv, notes, config, force_exclude)


def run_key(
    invocation: Invocation,
    cwd: str,
    streams: Sequence[TextIO],
    code: str | None = None,
    stamp: list[list[object]] | None = None,
) -> str:
    """The record's name: everything about the invocation that is not a file it reads."""
    environment = sorted(
        (k, v) for k, v in os.environ.items() if k.startswith("NOTELINT_") or k in ENVIRONMENT
    )
    kinds = [
        [
            bool(getattr(s, "isatty", None) and s.isatty()),
            getattr(s, "encoding", None),
            getattr(s, "errors", None),
        ]
        for s in streams
    ]
    payload = [
        RECORD_VERSION,
        sys.version,
        sys.executable,
        code if code is not None else code_fingerprint(),
        stamp if stamp is not None else path_stamp(),
        cwd,
        invocation.argv,
        environment,
        kinds,
    ]
    import json  # here, not at the top: a --no-cache run never gets this far

    return sha256_hex(json.dumps(payload).encode())


def _record_path(cache_folder: str, key: str) -> str:
    return os.path.join(cache_folder, CACHE_FORMAT, "runs", key[:2], f"{key[2:]}.json")


class WarmStart:
    """One invocation's record: looked up before the full CLI loads, written after it ran."""

    def __init__(self, invocation: Invocation, cwd: str, key: str) -> None:
        self.invocation = invocation
        self.cwd = cwd
        self.key = key
        self.states = self._inputs()

    def _inputs(self) -> dict[str, object]:
        """Each input file's state, and what Markdown-dialect detection sees around each note
        (renderer configuration files such as mkdocs.yml: ``fingerprint.surroundings``)."""
        notes, folders = self.invocation.walk()
        inputs = self.invocation.inputs(self.cwd, notes, folders)
        states: dict[str, object] = {path: input_state(path) for path in inputs}
        memo: dict[str, FolderSignals] = {}
        for note in notes:
            # No path holds a NUL: these keys cannot collide with a file's.
            states[f"\0surroundings\0{note}"] = surroundings(note, memo)
        return states

    def lookup(self) -> dict[str, object] | None:
        """The record of this invocation, if one exists and every input is as it recorded."""
        import json

        for folder in self.invocation.cache_folders(self.cwd):
            try:
                with open(_record_path(folder, self.key), "rb") as fh:
                    record = json.loads(fh.read())
            except (OSError, ValueError):
                continue  # missing or damaged: a miss, never an error
            if isinstance(record, dict) and record.get("inputs") == self.states:
                return record
        return None

    def replay(self, record: dict[str, object], stdout: TextIO, stderr: TextIO) -> int | None:
        """Print what the recorded run printed; its exit status (None: the record is unusable)."""
        output, status = record.get("output"), record.get("status")
        if not isinstance(output, list) or status not in (0, 1):
            return None
        if not all(
            isinstance(c, list) and len(c) == 2 and c[0] in (1, 2) and isinstance(c[1], str) for c in output
        ):
            return None
        for stream_number, text in output:
            (stdout if stream_number == 1 else stderr).write(text)
        stdout.flush()
        stderr.flush()
        return int(status)

    def save(self, cache_folder: str, output: list[list[object]], status: int) -> None:
        """Record the run, if its inputs did not change while it ran (best effort, atomic)."""
        if self._inputs() != self.states:
            return
        record = {"inputs": self.states, "output": output, "status": status}
        target = _record_path(cache_folder, self.key)
        try:
            import json
            import tempfile

            os.makedirs(os.path.dirname(target), exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=os.path.dirname(target))
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(json.dumps(record, ensure_ascii=False).encode("utf-8"))
                os.replace(tmp, target)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            pass  # the record is an optimisation; the results cache reports an unwritable folder


#: Output beyond this many characters is not recorded (the run is then not replayable): the
#: record must not hold a whole large report in memory, nor cost more to read than to lint.
RECORD_LIMIT = 4_000_000


class _Output:
    """What a run printed, in order: (stream number, its pieces) runs, while under RECORD_LIMIT."""

    def __init__(self) -> None:
        self.runs: list[tuple[int, list[str]]] = []
        self.size = 0
        self.overflow = False

    def add(self, number: int, text: str) -> None:
        if self.overflow:
            return
        self.size += len(text)
        if self.size > RECORD_LIMIT:
            self.overflow = True
            self.runs = []  # let it go now
        elif self.runs and self.runs[-1][0] == number:
            self.runs[-1][1].append(text)
        else:
            self.runs.append((number, [text]))

    def record(self) -> list[list[object]]:
        return [[number, "".join(pieces)] for number, pieces in self.runs]


class _Recording:
    """A text stream that passes writes on and remembers them in order with the other stream's."""

    def __init__(self, stream: TextIO, number: int, output: _Output) -> None:
        self._stream = stream
        self._number = number
        self._output = output

    def write(self, text: str) -> int:
        written = self._stream.write(text)
        self._output.add(self._number, text)
        return written

    def writelines(self, lines: Sequence[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def main(
    argv: Sequence[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    warm = None
    invocation = None if os.environ.get("NOTELINT_NO_CACHE") else parse(argv)
    if invocation is not None:
        try:
            cwd = os.getcwd()
            warm = WarmStart(invocation, cwd, run_key(invocation, cwd, (stdout, stderr)))
            record = warm.lookup()
            status = None if record is None else warm.replay(record, stdout, stderr)
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 1  # as the full CLI does when its reader leaves
        except KeyboardInterrupt:
            stderr.write("notelint: interrupted\n")
            return 2
        except OSError:
            warm, status = None, None  # e.g. the current folder was removed: the full CLI says so
        if status is not None:
            return status

    from typing import cast

    from notelint import cli

    if warm is None or invocation is None:
        return cli.main(argv, stdin, stdout, stderr)
    output = _Output()
    folders: list[str] = []
    recorded_out = cast("TextIO", _Recording(stdout, 1, output))
    recorded_err = cast("TextIO", _Recording(stderr, 2, output))
    status = cli.main(argv, stdin, recorded_out, recorded_err, cache_used=folders.append)
    # Only where a later lookup searches (a custom cache-dir is read from the TOML, which this
    # module does not parse: such runs always take the full path).
    searched = {os.path.realpath(f) for f in invocation.cache_folders(warm.cwd)}
    if (
        status in (0, 1)
        and len(folders) == 1
        and os.path.realpath(folders[0]) in searched
        and not output.overflow
    ):
        warm.save(folders[0], output.record(), status)
    return status
