"""``gongkai serve [DIR] [--host HOST] [--port PORT]``: a local web page for authors (upload a
report, see it checked) and, with DIR, for reviewers (the batch's scores, confirm or dismiss
findings). Needs the optional extra ``gongkai[serve]`` (Starlette, uvicorn, python-multipart).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from checker.cli.commands import Command, CommandRegistry, add_common, add_selection
from checker.errors import UsageError
from checker.hookspecs import HookConfig, hookimpl

if TYPE_CHECKING:
    import socket

__all__ = ["DEFAULT_PORT", "cmd_serve"]

DEFAULT_PORT = 8765


def _port(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a port number") from None
    if not 1 <= n <= 65535:
        raise argparse.ArgumentTypeError("a port is a number from 1 to 65535")
    return n


def arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``gongkai serve``."""
    p.add_argument("folder", nargs="?", metavar="DIR",
                   help="a folder of reports to score and review (optional)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this computer only)")
    p.add_argument("--port", type=_port, default=DEFAULT_PORT,
                   help=f"port (default {DEFAULT_PORT})")
    p.add_argument("--decisions", metavar="FILE",
                   help="reviewer decisions file (default: gongkai-decisions.json in DIR, "
                        "else in the current directory)")
    add_selection(p)
    add_common(p)


@hookimpl
def checker_add_commands(registry: CommandRegistry, config: HookConfig) -> None:
    registry.add(Command("serve", "a local web page: check uploaded reports; with DIR, review a "
                         "batch", arguments, cmd_serve))


def _bind(host: str, port: int) -> socket.socket:
    import socket  # only when serving: a start of gongkai does not need it

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                         hint="choose another --port, "
                              "or stop the program that uses this one") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _warn_host(host: str, lang: str) -> None:
    from checker.serve.guard import is_local_host

    if is_local_host(host):
        return
    if lang == "en":
        msg = (f"gongkai: warning: listening on {host}: other computers can open this page, upload "
               "files and record decisions. The page has no login; "
               "do this only on a network you trust.")
    else:
        msg = (f"gongkai：警告：正在 {host} 上监听，"
               "其他计算机也能打开这个页面、上传文件并记录审核决定。"
               "页面没有登录功能，只应在可信的网络中这样使用。")
    print(msg, file=sys.stderr)


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from checker.serve.app import create_app
        from checker.serve.work import Work
    except ModuleNotFoundError as exc:
        raise UsageError(f"gongkai serve needs the package '{exc.name}', which is not installed",
                         hint="pip install 'gongkai[serve]'") from None
    from checker.config.effective import effective
    from checker.workflows import decisions as dec

    folder = Path(args.folder) if args.folder else None
    if folder is not None and not folder.is_dir():
        raise UsageError("not a folder", path=str(folder),
                         hint="give a folder of reports, or no folder to only check uploads")
    base = folder if folder is not None else Path.cwd()
    decisions_path = Path(args.decisions) if args.decisions else (
        (folder / dec.DEFAULT_NAME) if folder is not None else Path(dec.DEFAULT_NAME))
    if not decisions_path.resolve().parent.is_dir():
        raise UsageError("the folder of the decisions file does not exist",
                         path=str(decisions_path),
                         hint="create the folder first or choose another --decisions file")
    dec.load_decisions(decisions_path)  # a broken decisions file stops here, with its message
    lang = effective(args, base).values.get("lang", "zh")
    work = Work(args, folder, decisions_path.resolve(), base)
    if folder is not None:
        work.folder_session()  # a bad pack, profile or configuration stops here
    app = create_app(work, lang=lang, host=args.host)
    _warn_host(args.host, lang)
    sock = _bind(args.host, args.port)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{shown}:{sock.getsockname()[1]}/"
    print((f"gongkai serve: {url}  (Ctrl-C to stop)" if lang == "en"
           else f"gongkai serve：{url}（按 Ctrl-C 停止）"), file=sys.stderr, flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
    return 0
