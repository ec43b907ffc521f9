"""A real SMTP server on 127.0.0.1 (aiosmtpd) that a test can stop and start again."""

import socket
import threading

from aiosmtpd.controller import Controller


class Collector:
    """Keeps what the server accepted: (envelope recipients, the message's outbox id)."""

    def __init__(self):
        self.messages: list[dict] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        text = envelope.content.decode("utf-8", errors="replace")
        outgoing_id = ""
        for line in text.splitlines():
            if line.lower().startswith("x-outgoing-email-id:"):
                outgoing_id = line.split(":", 1)[1].strip()
        with self._lock:
            self.messages.append({"to": list(envelope.rcpt_tos), "id": outgoing_id, "raw": text})
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.collector = Collector()
        self._controller = None

    def start(self) -> "SmtpSink":
        self._controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def ids(self) -> list[str]:
        return [message["id"] for message in self.collector.messages]
