"""A handler for Debian's aiosmtpd (python3-aiosmtpd) used by the mail tests.

Run with the real server's own command line, this folder on PYTHONPATH:

    /usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c smtp_server.RejectingMailbox MAILDIR

It stores every accepted message in MAILDIR, as aiosmtpd.handlers.Mailbox does, and refuses any recipient whose
address starts with "reject" the way a real server refuses an unknown mailbox: a permanent 550 at RCPT TO.
"""
import os

from aiosmtpd.handlers import Mailbox


class RejectingMailbox(Mailbox):
    def __init__(self, mail_dir, message_class=None):
        # The Maildir must be complete before the first DATA, or the handler answers it with an error.
        for sub in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(mail_dir, sub), exist_ok=True)
        super().__init__(mail_dir, message_class)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("reject"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"
