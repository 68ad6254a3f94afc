"""Brokers that misbehave, for real: sockets on 127.0.0.1, the app's own Celery and kombu.

`SilentBroker` accepts connections and reads what it is sent but never answers, like a
Redis that hangs or a proxy whose backend is gone. `refused_url()` names a port where
nothing listens, like a Redis that is down. `broker_at(url)` points the app's producer
there (eager mode off) and puts everything back afterwards.
"""

import selectors
import socket
import threading
from contextlib import contextmanager

import kombu.pools

from config.celery import app


class SilentBroker:
    def __init__(self):
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.setblocking(False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._listener, selectors.EVENT_READ)
        self._stop = threading.Event()
        self.connections = 0
        self.bytes_received = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self._listener.getsockname()[1]}/0"

    def _serve(self):
        while not self._stop.is_set():
            for key, _events in self._selector.select(timeout=0.05):
                if key.fileobj is self._listener:
                    conn, _addr = self._listener.accept()
                    conn.setblocking(False)
                    self._selector.register(conn, selectors.EVENT_READ)
                    self.connections += 1
                    continue
                try:
                    data = key.fileobj.recv(65536)
                except OSError:
                    data = b""
                if data:
                    self.bytes_received += len(data)  # read, and never answer
                else:
                    self._selector.unregister(key.fileobj)
                    key.fileobj.close()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)
        for key in list(self._selector.get_map().values()):
            key.fileobj.close()
        self._selector.close()


def refused_url() -> str:
    """A port that was free a moment ago: connecting is refused at once."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def _reset_pools():
    # kombu keeps its pools in a registry keyed by broker URL: close and forget them all,
    # so no connection to a fake broker outlives the test (its port may be reused).
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_at(url: str):
    saved = (app.conf.broker_url, app.conf.broker_write_url, app.conf.task_always_eager)
    _reset_pools()
    app.conf.broker_url = app.conf.broker_write_url = url
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        _reset_pools()
        app.conf.broker_url, app.conf.broker_write_url, app.conf.task_always_eager = saved
