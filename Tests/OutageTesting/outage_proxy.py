#!/usr/bin/env python3
"""A TCP forwarder that can play a network outage, for tests of what a client does when its server goes away.

Usage: outage_proxy.py TARGET_HOST TARGET_PORT
Prints the port it listens on (127.0.0.1) and forwards every connection to the target. Commands come on stdin, one
a line, each answered with "ok" once done: "cut" drops every open connection and refuses new ones until "restore".
Ends when stdin closes.
"""
import asyncio
import sys


async def main() -> None:
    target_host, target_port = sys.argv[1], int(sys.argv[2])
    links: set[asyncio.StreamWriter] = set()
    state = {"server": None, "port": 0}

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(target_host, target_port)
        except (OSError, asyncio.CancelledError):
            writer.close()
            return
        links.update((writer, upstream_writer))
        try:
            await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))
        except asyncio.CancelledError:
            # Cut, or the proxy is ending: the connection is gone either way.
            writer.close()
            upstream_writer.close()
        finally:
            links.difference_update((writer, upstream_writer))

    async def listen() -> None:
        state["server"] = await asyncio.start_server(accept, "127.0.0.1", state["port"], reuse_address=True)
        state["port"] = state["server"].sockets[0].getsockname()[1]

    def cut() -> None:
        if state["server"] is not None:
            state["server"].close()
            state["server"] = None
        for writer in list(links):
            transport = writer.transport
            if transport is not None:
                transport.abort()
        links.clear()

    await listen()
    print(state["port"], flush=True)
    loop = asyncio.get_running_loop()
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        command = line.strip()
        if command == "cut":
            cut()
        elif command == "restore" and state["server"] is None:
            await listen()
        print("ok", flush=True)
    cut()


asyncio.run(main())
