"""Tell the support team about new tickets, by email."""

from __future__ import annotations

import os
import smtplib
from email.message import EmailMessage
from typing import Protocol


class Notifier(Protocol):
    def send(self, subject: str, body: str) -> None: ...


class SmtpNotifier:
    def __init__(self, host: str, to: str = "support@example.invalid") -> None:
        self.host = host
        self.to = to

    def send(self, subject: str, body: str) -> None:
        message = EmailMessage()
        message["Subject"] = subject
        message["To"] = self.to
        message["From"] = "tickets@example.invalid"
        message.set_content(body)
        with smtplib.SMTP(self.host, timeout=10) as smtp:
            smtp.send_message(message)


def get_notifier() -> Notifier:
    host = os.environ.get("TICKETS_SMTP_HOST")
    if not host:
        raise RuntimeError("TICKETS_SMTP_HOST is not set: cannot email the support team")
    return SmtpNotifier(host)
