"""``pingou app``: the live dashboard (:mod:`sim.app`) as a local web page.

It runs ``solara run sim.app`` in production mode, bound to this machine only unless ``--host``
says otherwise. Solara's update check and usage statistics are switched off: the dashboard
makes no connection beyond the local server.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
import subprocess
import sys

from sim.commands.cli import UsageError, positive_int

DEFAULT_PORT = 8765


def add_parser(sub) -> None:
    p = sub.add_parser("app", help="open the live dashboard (sliders and charts) in a browser")
    p.add_argument("--host", default="127.0.0.1", type=listen_host,
                   help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=positive_int("--port", 0, 65535), default=DEFAULT_PORT,
                   metavar="PORT",
                   help=f"port to listen on (default: {DEFAULT_PORT}; 0 = any free port)")
    p.add_argument("--no-open", dest="open", action="store_false",
                   help="do not open a browser window")
    p.set_defaults(func=main)


def listen_host(text: str) -> str:
    """An argparse type: an address (or a name) of this machine that a server can listen on,
    checked by binding a socket to it; the error names --host, the value and what is allowed."""
    what = f"pingou app: error: --host {text!r}"
    allowed = "an address of this machine, e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (all)"
    try:
        ipaddress.ip_address(text)
    except ValueError:
        if not text or all(c.isdigit() or c == "." for c in text):
            raise UsageError(f"{what}: not an IP address (four numbers from 0 to 255); must "
                             f"be {allowed}") from None
    try:
        family, kind, proto, _, address = socket.getaddrinfo(text, 0, type=socket.SOCK_STREAM)[0]
    except (OSError, UnicodeError) as exc:
        raise UsageError(f"{what}: no such address or host name ({_why(exc)}); must be "
                         f"{allowed}") from None
    try:
        with socket.socket(family, kind, proto) as probe:
            probe.bind(address)
    except OSError as exc:
        raise UsageError(f"{what}: cannot listen there ({_why(exc)}); must be {allowed}") from None
    return text


def _port_taken(host: str, port: int) -> bool:
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


def _why(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def command(host: str, port: int, open_browser: bool) -> list[str]:
    """The solara command line that serves the dashboard."""
    return [sys.executable, "-m", "solara", "run", "sim.app", "--host", host, "--port", str(port),
            "--production", "--no-check-version", "--open" if open_browser else "--no-open",
            "--log-level", "warning"]


def main(args) -> int:
    if args.port and _port_taken(args.host, args.port):
        raise UsageError(f"pingou app: error: --port {args.port}: already in use on "
                         f"{args.host}; give another --port, or --port 0 for any free one")
    env = dict(os.environ, SOLARA_TELEMETRY_MIXPANEL_ENABLE="False")
    where = (f"http://{args.host}:{args.port}/" if args.port else
             f"http://{args.host} on a free port (solara prints which)")
    print(f"pingou app: starting the dashboard at {where}; Ctrl-C stops it", file=sys.stderr)
    try:
        return subprocess.call(command(args.host, args.port, args.open), env=env)
    except KeyboardInterrupt:
        return 0
