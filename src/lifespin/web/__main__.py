"""``python -m lifespin.web [--host H] [--port P] [--database-url URL] [--reload]``."""

from __future__ import annotations

import argparse

from . import serve


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m lifespin.web",
                                     description="Run the lifespin game server.")
    parser.add_argument("--host")
    parser.add_argument("--port", type=int)
    parser.add_argument("--database-url")
    parser.add_argument("--reload", action="store_true")
    args = parser.parse_args(argv)
    serve(args.host, args.port, args.database_url, reload=args.reload)


if __name__ == "__main__":
    main()
