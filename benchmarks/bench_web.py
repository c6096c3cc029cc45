"""Game server throughput, latency and memory, over real websockets on loopback.

    python benchmarks/bench_web.py [--games 16] [--seconds 8] [--backends sqlite,postgres]
        [--idle 400] [--sqlite-synchronous NORMAL|FULL] [--deflate]
        [--processes 1,2,3] [--lease 5]

PostgreSQL: the database at LIFESPIN_TEST_POSTGRES_URL (default
postgresql+psycopg://postgres@127.0.0.1:5432/test), in a fresh schema dropped after.

For each database the server runs as its own process (``python -m lifespin.web``,
127.0.0.1, a free port, bot pace 0); this process plays `--games` concurrent
4-player games, every seat a client bot on its own websocket (random legal
choices), starting a new game whenever one ends.

* Full load (closed loop): each game sends its next action as soon as its
  state arrives. Reported: accepted actions per second (seat decisions, each
  acknowledged after its commit) and record rows per second (the decisions and
  the chance outcomes they caused: every one a committed row), and the latency
  from an action sent to the first state broadcast it caused, received by the
  sender (p50, p99).
* Half load (open loop): the same games, actions released at half the full-load
  rate; the latency again.
* Several processes (PostgreSQL, `--processes`): 1, 2, 3 server processes on one
  database; each game is created on one process and its seats' sockets spread
  over all of them (so most actions pass from a follower to the game's owner,
  as behind a load balancer); full load, actions per second and latency. Then
  the takeover: games owned by one process, their sockets on another; the owner
  is killed (SIGKILL), and the time from the kill to each game's next ack
  through the survivor is reported (median and worst).
* Memory per idle game: the server's RSS before and after creating and starting
  `--idle` games that nobody then plays (no sockets), divided by their number.

Client and server share this machine's cores, so the client's own work is in
the figures; the client parses only what it needs of each message.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

from _common import machine

POSTGRES_URL = os.environ.get(
    "LIFESPIN_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
_HEAD = re.compile(r'^\{"type":"(\w+)","version":(\d+)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, database_url: str, log: Path, synchronous: str = "NORMAL",
                 **settings: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.ws = f"ws://127.0.0.1:{self.port}"
        # One client creates every game: lift the per-address creation limit.
        env = {**os.environ, "LIFESPIN_BOT_PACE": "0", "LIFESPIN_ALLOW_SEED": "true",
               "LIFESPIN_LOG_LEVEL": "warning", "LIFESPIN_SQLITE_SYNCHRONOUS": synchronous,
               "LIFESPIN_CREATE_BURST": "100000", "LIFESPIN_CREATE_PER_MINUTE": "100000",
               **{f"LIFESPIN_{k.upper()}": v for k, v in settings.items()}}
        self.log = log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "lifespin.web", "--host", "127.0.0.1", "--port",
             str(self.port), "--database-url", database_url],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server exited: {log.read_text()[-1500:]}")
            try:
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise SystemExit("the server did not start")

    def rss(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=15)
        self.log.close()

    def stop(self) -> None:
        if self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@dataclass
class Stats:
    actions: int = 0
    rows: int = 0
    games: int = 0
    latencies: list[float] = field(default_factory=list)


class Limiter:
    """Releases one action every 1/rate seconds, across all games (open loop)."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self.next = time.perf_counter()
        self.lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self.lock:
            now = time.perf_counter()
            self.next = max(self.next + self.interval, now - 0.05)
            delay = self.next - now
        if delay > 0:
            await asyncio.sleep(delay)


@dataclass
class Conn:
    ws: ClientConnection
    seat: int
    version: int = -1
    decision: tuple[int, list[str]] | None = None  # (version, legal actions) for this seat


async def create_game(http: httpx.AsyncClient, rng: random.Random) -> dict[str, Any]:
    r = await http.post("/games", json={
        "seats": [{"name": f"P{i}"} for i in range(4)], "seed": rng.randrange(2**62)})
    r.raise_for_status()
    created: dict[str, Any] = r.json()
    r = await http.post(f"/games/{created['id']}/start",
                        headers={"Authorization": f"Bearer {created['host_token']}"})
    r.raise_for_status()
    return created


async def play_games(servers: list[Server], https: list[httpx.AsyncClient], stats: Stats,
                     stop_at: float, rng: random.Random, limiter: Limiter | None,
                     deflate: bool, first: int) -> None:
    """Play one game after another until `stop_at`, each created on the next
    server, its seats' sockets on every server in turn."""
    n = first
    while time.perf_counter() < stop_at:
        created = await create_game(https[n % len(servers)], rng)
        await play_one(servers[n % len(servers):] + servers[:n % len(servers)], created,
                       stats, stop_at, rng, limiter, deflate)
        n += 1


async def play_one(servers: Server | list[Server], created: dict[str, Any], stats: Stats,
                   stop_at: float, rng: random.Random, limiter: Limiter | None, deflate: bool,
                   until_version: int | None = None) -> None:
    gid = created["id"]
    changed = asyncio.Event()
    over = False
    pending: dict[str, Any] = {}
    conns: list[Conn] = []
    where = servers if isinstance(servers, list) else [servers]
    for i, s in enumerate(created["seats"]):
        server = where[i % len(where)]
        ws = await connect(f"{server.ws}/ws/games/{gid}?seat={s['seat']}&token={s['token']}",
                           compression="deflate" if deflate else None, max_size=2**22)
        conns.append(Conn(ws, s["seat"]))

    async def reader(c: Conn) -> None:
        nonlocal over
        async for text in c.ws:
            assert isinstance(text, str)
            head = _HEAD.match(text)
            kind = head.group(1) if head else json.loads(text)["type"]
            if kind == "state":
                assert head is not None
                c.version = int(head.group(2))
                if (pending.get("seat") == c.seat and c.version > pending["version"]
                        and "t0" in pending):
                    stats.latencies.append(time.perf_counter() - pending.pop("t0"))
                if '"actions":[' in text:  # only the deciding seat's view has them
                    view = json.loads(text)["view"]
                    c.decision = (c.version, view["decision"]["actions"])
                if '"status":"over"' in text[:80]:
                    over = True
                changed.set()
            elif kind == "ack":
                msg = json.loads(text)
                stats.actions += 1
                stats.rows += msg["version"] - msg["move"]
                pending.clear()
                changed.set()
            elif kind == "error":
                raise RuntimeError(text)

    readers = [asyncio.create_task(reader(c)) for c in conns]
    try:
        while not over and time.perf_counter() < stop_at:
            if until_version is not None and max(c.version for c in conns) >= until_version:
                break
            await changed.wait()
            changed.clear()
            if pending or over:
                continue
            top = max(c.version for c in conns)
            actor = next((c for c in conns if c.decision and c.decision[0] == top), None)
            if actor is None or actor.decision is None:
                continue
            version, actions = actor.decision
            actor.decision = None
            if limiter is not None:
                await limiter.wait()
            pending.update(seat=actor.seat, version=version, t0=time.perf_counter())
            await actor.ws.send(json.dumps({"type": "action", "version": version,
                                            "action": rng.choice(actions)}))
        if over:
            stats.games += 1
    finally:
        for c in conns:
            await c.ws.close()
        for t in readers:
            t.cancel()
        await asyncio.gather(*readers, return_exceptions=True)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def load(server: Server | list[Server], games: int, seconds: float, rate: float | None,
               deflate: bool) -> tuple[Stats, float]:
    servers = server if isinstance(server, list) else [server]
    stats = Stats()
    rng = random.Random(7)
    limiter = Limiter(rate) if rate else None
    https = [httpx.AsyncClient(base_url=s.base, timeout=30) for s in servers]
    try:
        t0 = time.perf_counter()
        stop_at = t0 + seconds
        await asyncio.gather(*(play_games(servers, https, stats, stop_at, rng, limiter, deflate,
                                          first=g) for g in range(games)))
        elapsed = time.perf_counter() - t0
    finally:
        for h in https:
            await h.aclose()
    return stats, elapsed


async def takeover(owner: Server, survivor: Server, games: int) -> list[float]:
    """Seconds from the owner's SIGKILL to each game's next ack through the survivor."""
    rng = random.Random(11)
    async with httpx.AsyncClient(base_url=owner.base, timeout=30) as http:
        created = [await create_game(http, rng) for _ in range(games)]
    conns = []
    for c in created:
        s = c["seats"][0]
        conns.append(await connect(
            f"{survivor.ws}/ws/games/{c['id']}?seat=0&token={s['token']}", max_size=2**22))

    async def decision(ws: ClientConnection) -> tuple[int, list[str]]:
        while True:
            msg = json.loads(await ws.recv())
            view = msg.get("view") or {}
            actions = (view.get("decision") or {}).get("actions")
            if msg["type"] == "state" and actions:
                return msg["version"], actions

    try:
        firsts = await asyncio.gather(*(decision(ws) for ws in conns))
        owner.kill()
        killed = time.perf_counter()

        async def first_ack(ws: ClientConnection, version: int, actions: list[str]) -> float:
            msg: dict[str, Any] = {"type": "action", "version": version,
                                   "action": rng.choice(actions), "id": secrets.token_hex(6)}
            while True:
                await ws.send(json.dumps(msg))
                while True:
                    answer = json.loads(await ws.recv())
                    if answer["type"] == "ack":
                        return time.perf_counter() - killed
                    if answer["type"] == "error":
                        break  # "try again": the survivor has not taken the game yet
                await asyncio.sleep(0.05)

        return await asyncio.gather(*(first_ack(ws, v, a)
                                      for ws, (v, a) in zip(conns, firsts, strict=True)))
    finally:
        for ws in conns:
            await ws.close()


def run_processes(url: str, args: argparse.Namespace, workdir: Path) -> None:
    """Several server processes on one PostgreSQL database."""
    lease = str(args.lease)
    for n in (int(x) for x in args.processes.split(",")):
        servers = [Server(url, workdir / f"server-pg{n}-{i}.log", lease_seconds=lease)
                   for i in range(n)]
        try:
            asyncio.run(load(servers, 2, 1.0, None, False))  # warm up
            full, elapsed = asyncio.run(load(servers, args.games, args.seconds, None, False))
        finally:
            for s in servers:
                s.stop()
        processes.append(f"| {n} | {args.games} | {full.actions / elapsed:,.0f} | "
                         f"{pct(full.latencies, 0.5):.1f} | {pct(full.latencies, 0.99):.1f} |")
    owner = Server(url, workdir / "server-owner.log", lease_seconds=lease)
    survivor = Server(url, workdir / "server-survivor.log", lease_seconds=lease)
    try:
        times = sorted(asyncio.run(takeover(owner, survivor, 8)))
    finally:
        owner.stop()
        survivor.stop()
    takeovers.append(f"{len(times)} games, lease {args.lease:g} s: first ack through the "
                     f"survivor {times[len(times) // 2]:.2f} s (median), "
                     f"{times[-1]:.2f} s (worst) after the kill.")


async def idle_memory(server: Server, started: int, played: int) -> tuple[float, float]:
    """RSS growth per idle game: games just started, and games played to move
    150 or more and then left (no sockets)."""
    rng = random.Random(9)
    async with httpx.AsyncClient(base_url=server.base, timeout=30) as http:
        for _ in range(5):  # warm up: every code path and cache in place
            await create_game(http, rng)
        await asyncio.sleep(0.5)
        before = server.rss()
        for _ in range(started):
            await create_game(http, rng)
        await asyncio.sleep(0.5)
        middle = server.rss()

        async def half_play() -> None:
            created = await create_game(http, rng)
            stats = Stats()
            await play_one(server, created, stats, time.perf_counter() + 60, rng, None, False,
                           until_version=150)

        for batch in range(0, played, 16):
            await asyncio.gather(*(half_play() for _ in range(min(16, played - batch))))
        await asyncio.sleep(0.5)
        after = server.rss()
    return (middle - before) / started, (after - middle) / played


def postgres_schema() -> tuple[str, Any] | None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    try:
        admin = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        schema = f"lifespin_bench_{secrets.token_hex(4)}"
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # report and skip this backend
        print(f"postgres: unreachable ({str(exc).splitlines()[0]}); skipped")
        return None

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()

    base = make_url(POSTGRES_URL)
    extra = str(base.query.get("options", ""))  # e.g. -csynchronous_commit=off
    url = base.update_query_dict({"options": f"{extra} -csearch_path={schema}".strip()})
    return url.render_as_string(hide_password=False), drop


def run_backend(name: str, url: str, args: argparse.Namespace, workdir: Path) -> None:
    server = Server(url, workdir / f"server-{name}.log", args.sqlite_synchronous)
    try:
        asyncio.run(load(server, 2, 1.0, None, args.deflate))  # warm up
        full, elapsed = asyncio.run(load(server, args.games, args.seconds, None, args.deflate))
        rate = full.actions / elapsed
        half, elapsed_h = asyncio.run(load(server, args.games, args.seconds, rate / 2,
                                           args.deflate))
    finally:
        server.stop()
    print(f"| {name} | full | {args.games} | {rate:,.0f} | {full.rows / elapsed:,.0f} | "
          f"{pct(full.latencies, 0.5):.1f} | {pct(full.latencies, 0.99):.1f} | {full.games} |")
    print(f"| {name} | half | {args.games} | {half.actions / elapsed_h:,.0f} | "
          f"{half.rows / elapsed_h:,.0f} | {pct(half.latencies, 0.5):.1f} | "
          f"{pct(half.latencies, 0.99):.1f} | {half.games} |")
    if args.idle:
        # A fresh server, so that growth is new memory, not reuse of freed memory.
        server = Server(url, workdir / f"server-{name}-idle.log", args.sqlite_synchronous)
        try:
            started, played = asyncio.run(idle_memory(server, args.idle, args.idle // 4))
        finally:
            server.stop()
        mems.append(f"| {name} | {args.idle} started, {args.idle // 4} at move 150 | "
                    f"{started / 1024:,.1f} KiB | {played / 1024:,.1f} KiB |")


mems: list[str] = []
processes: list[str] = []
takeovers: list[str] = []


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--games", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--backends", default="sqlite,postgres")
    ap.add_argument("--idle", type=int, default=400)
    ap.add_argument("--sqlite-synchronous", default="NORMAL", choices=["NORMAL", "FULL"])
    ap.add_argument("--deflate", action="store_true",
                    help="negotiate permessage-deflate, as browsers do")
    ap.add_argument("--processes", default="",
                    help="PostgreSQL: also run sites of this many processes, e.g. 1,2,3")
    ap.add_argument("--lease", type=float, default=5.0,
                    help="LIFESPIN_LEASE_SECONDS for --processes")
    args = ap.parse_args()
    print("## Web server (benchmarks/bench_web.py)\n")
    print(f"{machine()}; server and client on the same machine; "
          f"{args.seconds:g} s per phase; websocket compression "
          f"{'on' if args.deflate else 'off'}.\n")
    print("| database | load | games | actions/s | record rows/s | p50 ms | p99 ms | "
          "games done |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for backend in args.backends.split(","):
            if backend == "sqlite":
                label = "sqlite" + (" (FULL)" if args.sqlite_synchronous == "FULL" else "")
                run_backend(label, f"sqlite:///{work / 'bench.db'}", args, work)
            elif backend == "postgres":
                pg = postgres_schema()
                if pg is None:
                    continue
                url, drop = pg
                try:
                    run_backend("postgres", url, args, work)
                finally:
                    drop()
        if args.processes:
            pg = postgres_schema()
            if pg is not None:
                url, drop = pg
                try:
                    run_processes(url, args, work)
                finally:
                    drop()
    print("\nactions/s: seat decisions accepted (each acknowledged after its commit); record "
          "rows/s: the decisions and the chance outcomes they caused, each a committed row. "
          "Latency: an action sent to the first state it caused, received by the sender. "
          "Half load: actions released at half the full-load rate.\n")
    print("| database | idle games | RSS per game just started | RSS per game at move 150 |")
    print("|---|---|---|---|")
    for line in mems:
        print(line)
    print()
    if processes:
        print("Several processes on one PostgreSQL database: games created round the "
              "processes, each seat's socket on the next process (most actions pass from a "
              "follower to the game's owner).\n")
        print("| processes | games | actions/s | p50 ms | p99 ms |")
        print("|---|---|---|---|---|")
        for line in processes:
            print(line)
        print()
        for line in takeovers:
            print(f"Takeover: {line}")
        print()


if __name__ == "__main__":
    main()
