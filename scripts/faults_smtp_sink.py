"""A real SMTP server for the fault-injection suite: appends one JSON line per accepted
message (its outbox id and recipients) to a file. Stopped and started by scripts/faults.py.

    python scripts/faults_smtp_sink.py PORT LOGFILE
"""

import asyncio
import json
import sys

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self, path: str):
        self.path = path

    async def handle_DATA(self, server, session, envelope):
        text = envelope.content.decode("utf-8", errors="replace")
        outgoing_id = ""
        for line in text.splitlines():
            if line.lower().startswith("x-outgoing-email-id:"):
                outgoing_id = line.split(":", 1)[1].strip()
        with open(self.path, "a", encoding="utf-8") as log:
            log.write(json.dumps({"id": outgoing_id, "to": envelope.rcpt_tos}) + "\n")
        return "250 Message accepted for delivery"


def main() -> None:
    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Recorder(path), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"smtp sink on 127.0.0.1:{port}", flush=True)
    try:
        asyncio.get_event_loop().run_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
