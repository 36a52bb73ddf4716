#!/usr/bin/python3
"""A real SMTP server for the delivery tests and the demo (aiosmtpd, python3-aiosmtpd).

usage: smtp_sink.py PORT SPOOL_DIR [RULES_FILE [USER:PASSWORD]]

Stores every accepted message as SPOOL_DIR/NNNNNN.eml (written under a temporary name, then
renamed). RULES_FILE, read at every RCPT, holds lines "CODE ADDRESS [TIMES]": the recipient
ADDRESS is answered CODE (e.g. 451 or 550) the first TIMES times (always without TIMES).
USER:PASSWORD: AUTH (PLAIN, LOGIN) is offered, also without TLS, and only that login succeeds;
clients that do not authenticate may still send.
"""
import asyncio
import itertools
import os
import sys

from aiosmtpd.smtp import SMTP, AuthResult

port, spool = int(sys.argv[1]), sys.argv[2]
rules_file = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None
login = sys.argv[4].encode().split(b":", 1) if len(sys.argv) > 4 else None
counter = itertools.count(1)
answered = {}  # (code, address) -> times answered


def rule_for(address):
    if not rules_file or not os.path.exists(rules_file):
        return None
    with open(rules_file) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[1].lower() == address.lower():
                code, times = parts[0], int(parts[2]) if len(parts) > 2 else None
                key = (code, parts[1].lower())
                if times is None or answered.get(key, 0) < times:
                    answered[key] = answered.get(key, 0) + 1
                    return code
    return None


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        code = rule_for(address)
        if code == "451":
            return "451 4.3.0 <%s>: temporarily unavailable, try again later" % address
        if code == "550":
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        n = next(counter)
        path = os.path.join(spool, "%06d-%d.eml" % (n, os.getpid()))
        with open(path + ".part", "wb") as f:
            f.write(b"X-Envelope-To: " + ", ".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content)
        os.rename(path + ".part", path)
        return "250 Message accepted for delivery"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = login is not None and [auth_data.login, auth_data.password] == login
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself


async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(Handler(), hostname="sink.test", authenticator=authenticator, auth_require_tls=False),
        "127.0.0.1", port)
    print("listening on 127.0.0.1:%d" % port, flush=True)
    async with server:
        await server.serve_forever()


os.makedirs(spool, exist_ok=True)
asyncio.run(main())
