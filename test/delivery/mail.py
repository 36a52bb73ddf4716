#!/usr/bin/python3
"""Reads the messages smtp_sink.py stored (test/delivery/run.sh).

  mail.py list SPOOL               one line per message: Message-ID, To, Cc, Subject (decoded), envelope
  mail.py body SPOOL MESSAGE_ID    the text/plain body of the first message with that Message-ID
  mail.py pdf SPOOL MESSAGE_ID OUT its PDF attachment, written to OUT
"""
import email
import email.policy
import glob
import os
import sys


def messages(spool):
    for path in sorted(glob.glob(os.path.join(spool, "*.eml"))):
        with open(path, "rb") as f:
            yield email.message_from_binary_file(f, policy=email.policy.default)


def find(spool, message_id):
    for m in messages(spool):
        if m["Message-ID"] == message_id:
            return m
    sys.exit("no message with Message-ID " + message_id)


command, spool = sys.argv[1], sys.argv[2]
if command == "list":
    for m in messages(spool):
        print("\t".join([str(m["Message-ID"]), str(m["To"]), str(m["Cc"] or ""), str(m["Subject"]),
                         str(m["X-Envelope-To"])]))
elif command == "body":
    m = find(spool, sys.argv[3])
    text = m.get_body(preferencelist=("plain",)).get_content()
    sys.stdout.write(text.replace("\r\n", "\n"))
elif command == "pdf":
    m = find(spool, sys.argv[3])
    for part in m.iter_attachments():
        if part.get_content_type() == "application/pdf":
            with open(sys.argv[4], "wb") as f:
                f.write(part.get_content())
            break
    else:
        sys.exit("no PDF attachment in " + sys.argv[3])
