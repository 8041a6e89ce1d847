"""Run many `lpsc` commands from one process started with `PYTHONIOENCODING` set (POSIX).

`python commands_in_code_page.py OUT_DIR ARGS_JSON`: imports lpsc once, then forks one child
per command. A child keeps the standard streams Python made at start-up (in the code page of
`PYTHONIOENCODING`, as on a Windows console or redirection), points them at `OUT_DIR/<n>.out`
and `OUT_DIR/<n>.err`, and runs the real entry point. The exit codes go to `OUT_DIR/codes.json`.
Forking keeps the cost of the imports to once per encoding instead of once per command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Ran:
    """What one command did: its exit code and the bytes it wrote."""

    args: list[str]
    code: int
    stdout: bytes
    stderr: bytes


def run_batch(commands: list[list[str]], *, cwd: Path, work: Path, encoding: str = "utf-8") -> list[Ran]:
    """Run `lpsc` with each of `commands` in `cwd`, output in `encoding` (files kept in `work`)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LPSC_", "PYTHONUTF8"))}
    env.update({"PYTHONIOENCODING": encoding, "COLUMNS": "100", "NO_COLOR": "1"})
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, __file__, str(work), json.dumps(commands)],
        cwd=cwd,
        env=env,
        check=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    codes = json.loads((work / "codes.json").read_text())
    return [
        Ran(args, code, (work / f"{n}.out").read_bytes(), (work / f"{n}.err").read_bytes())
        for n, (args, code) in enumerate(zip(commands, codes, strict=True))
    ]


def run_all(out_dir: Path, commands: list[list[str]]) -> list[int]:
    import typer.main

    import lpsc_cli.cli.app
    from lpsc_cli.cli.main import main

    # every command module imported and built once, before forking (the root loads them lazily)
    dict(typer.main.get_command(lpsc_cli.cli.app.app).commands)  # type: ignore[attr-defined]

    codes = []
    for number, args in enumerate(commands):
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            for fd, suffix in ((1, "out"), (2, "err")):
                target = os.open(out_dir / f"{number}.{suffix}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                os.dup2(target, fd)
                os.close(target)
            sys.argv = ["lpsc", *args]
            code = 0
            try:
                main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        codes.append(os.waitstatus_to_exitcode(status))
    return codes


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    codes = run_all(folder, json.loads(sys.argv[2]))
    (folder / "codes.json").write_text(json.dumps(codes))
