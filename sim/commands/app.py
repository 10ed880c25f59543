"""``pingou app``: the live dashboard (:mod:`sim.app`) as a local web page.

It runs ``solara run sim.app`` in production mode, bound to this machine only unless ``--host``
says otherwise. Solara's update check and usage statistics are switched off: the dashboard
makes no connection beyond the local server.
"""

from __future__ import annotations

import os
import subprocess
import sys

from sim.commands.cli import positive_int

DEFAULT_PORT = 8765


def add_parser(sub) -> None:
    p = sub.add_parser("app", help="open the live dashboard (sliders and charts) in a browser")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=positive_int("--port", 0, 65535), default=DEFAULT_PORT,
                   metavar="PORT",
                   help=f"port to listen on (default: {DEFAULT_PORT}; 0 = any free port)")
    p.add_argument("--no-open", dest="open", action="store_false",
                   help="do not open a browser window")
    p.set_defaults(func=main)


def command(host: str, port: int, open_browser: bool) -> list[str]:
    """The solara command line that serves the dashboard."""
    return [sys.executable, "-m", "solara", "run", "sim.app", "--host", host, "--port", str(port),
            "--production", "--no-check-version", "--open" if open_browser else "--no-open",
            "--log-level", "warning"]


def main(args) -> int:
    env = dict(os.environ, SOLARA_TELEMETRY_MIXPANEL_ENABLE="False")
    where = (f"http://{args.host}:{args.port}/" if args.port else
             f"http://{args.host} on a free port (solara prints which)")
    print(f"pingou app: starting the dashboard at {where}; Ctrl-C stops it", file=sys.stderr)
    try:
        return subprocess.call(command(args.host, args.port, args.open), env=env)
    except KeyboardInterrupt:
        return 0
