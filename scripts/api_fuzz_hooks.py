"""Schemathesis hooks for scripts/api-fuzz: the run is authenticated as a real demo patient.

The token comes from the real two-step code-card login (POST /login/start, then
POST /login/finish with the password and the code the server asks for), read from the
patient's demo card (the PDF `dossier-server seed-demo` writes, as text by pdftotext).
Nothing in the server knows about this run.

Environment:
  DOSSIER_FUZZ_URL      the server, http://127.0.0.1:PORT
  DOSSIER_FUZZ_CARD     the card as text (pdftotext -layout of demo-cards/USER.pdf)
  DOSSIER_FUZZ_RELOGIN  1: log in again when an answer is 401 (the logout phase, where
                        each case ends its session); otherwise one login for the run
"""

import json
import os
import re
import sys
import urllib.request
from pathlib import Path

import schemathesis

BASE_URL = os.environ["DOSSIER_FUZZ_URL"]
CARD_TEXT = Path(os.environ["DOSSIER_FUZZ_CARD"])
RELOGIN = os.environ.get("DOSSIER_FUZZ_RELOGIN") == "1"
LOGINS = {"count": 0}


def read_card(path):
    """User name (the file's name), password and the 24 codes of a demo card's text."""
    user_name = path.stem
    lines = [line.split() for line in path.read_text().splitlines() if line.strip()]
    # The line after the user name's holds the password, whatever the card's language.
    at = next(i for i, words in enumerate(lines) if words and words[-1] == user_name)
    password = lines[at + 1][-1]
    codes = dict(re.findall(r"\b(\d{1,2})\s+(\d{6})\b", path.read_text()))
    if len(codes) != 24:
        sys.exit(f"api-fuzz: read {len(codes)} codes from {path}, not 24")
    return user_name, password, codes


def post(path, body):
    request = urllib.request.Request(
        BASE_URL + path,
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)


def login():
    user_name, password, codes = read_card(CARD_TEXT)
    start = post("/api/v1/login/start", {"user_name": user_name})
    finish = post(
        "/api/v1/login/finish",
        {
            "challenge": start["challenge"],
            "password": password,
            "code": codes[str(start["code_index"])],
        },
    )
    LOGINS["count"] += 1
    return finish["session_token"]


# The main run keeps one token for the whole run (a session lasts an hour idle) and never
# logs in again on a 401: the operations fuzzed with a wrong current password answer 401
# and count as failed logins, so a re-login would be throttled and would use up the card.
# The logout phase (DOSSIER_FUZZ_RELOGIN=1) logs in again after each ended session.
@schemathesis.auth(refresh_interval=24 * 60 * 60, retry_on=[401] if RELOGIN else [])
class CodeCardLogin:
    def get(self, case, context):
        return login()

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"
