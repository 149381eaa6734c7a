"""Measures what the console writes to its terminal: runs it under a pseudo-terminal of a given size, waits for
the first frame, then presses keys one at a time and counts the bytes each one causes.

usage: pty_bytes.py WIDTH HEIGHT KEYS COMMAND...
prints one JSON object: {"first_frame_bytes": N, "first_frame_ms": N, "per_key": [N, ...]}
"""
import fcntl, json, os, pty, select, signal, struct, sys, termios, time


def drain(fd, quiet, limit):
    """Reads until nothing arrives for `quiet` seconds (or `limit` passes); returns the bytes."""
    data = b""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    return data


def main():
    width, height, keys, command = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
    started = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.environ["LANG"] = "C.UTF-8"
        os.execvp(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
    os.kill(pid, signal.SIGWINCH)
    first = drain(fd, 0.6, 15)
    first_ms = (time.monotonic() - started) * 1000
    per_key = []
    for key in keys:
        os.write(fd, key.encode())
        per_key.append(len(drain(fd, 0.25, 5)))
    os.write(fd, b"q")
    drain(fd, 0.3, 3)
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    print(json.dumps({"first_frame_bytes": len(first), "first_frame_ms": round(first_ms), "per_key": per_key}))


main()
