"""A circuit breaker in front of Elasticsearch, so a dead or hanging node costs one timeout,
not one per request.

After `FAILURES_TO_OPEN` failed calls in a row (or one timeout: a silent node is the costly
case), every call fails at once for `OPEN_SECONDS`, without touching the network; search
answers from the database engine meanwhile and the outbox waits. Then one call is let
through: success closes the breaker, failure opens it again. The state is per process and
per node address; every client of `search.client` goes through it (`GuardedNode`).
"""

import threading
import time

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout, TransportError, Urllib3HttpNode

FAILURES_TO_OPEN = 2
OPEN_SECONDS = 15.0


class CircuitOpen(TransportConnectionError):
    """Raised instead of calling a node that failed just now."""


class Breaker:
    def __init__(self):
        self.failures = 0
        self.open_until = 0.0
        self.trial_running = False
        self._lock = threading.Lock()

    def before_call(self) -> None:
        with self._lock:
            if self.open_until == 0.0:
                return
            if time.monotonic() < self.open_until or self.trial_running:
                raise CircuitOpen("Elasticsearch failed just now; not called for a while")
            self.trial_running = True  # half-open: this call is the trial

    def succeeded(self) -> None:
        with self._lock:
            self.failures, self.open_until, self.trial_running = 0, 0.0, False

    def failed(self, *, timeout: bool) -> None:
        with self._lock:
            self.failures += 1
            self.trial_running = False
            if timeout or self.failures >= FAILURES_TO_OPEN or self.open_until:
                self.open_until = time.monotonic() + OPEN_SECONDS

    @property
    def is_open(self) -> bool:
        return self.open_until > time.monotonic()


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(base_url: str) -> Breaker:
    with _breakers_lock:
        return _breakers.setdefault(base_url, Breaker())


def reset(base_url: str | None = None) -> None:
    with _breakers_lock:
        if base_url is None:
            _breakers.clear()
        else:
            _breakers.pop(base_url, None)


class GuardedNode(Urllib3HttpNode):
    """The default HTTP node, behind the breaker of its address."""

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        breaker = breaker_for(self.base_url)
        breaker.before_call()
        try:
            response = super().perform_request(method, target, body=body, headers=headers, **kwargs)
        except ConnectionTimeout:
            breaker.failed(timeout=True)
            raise
        except TransportError:
            breaker.failed(timeout=False)
            raise
        breaker.succeeded()
        return response
