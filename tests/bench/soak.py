"""A long run of the real window on the real runtime host and the starter model.

    .venv/bin/python -m tests.bench.soak [--messages 1000] [--seed 1] [--every 50]
                                         [--warmup 100] [--max-tokens 24] [--json PATH]

The window (offscreen, a fresh temporary ONDOL_HOME) answers ``--messages`` requests, each one
of: send (typed into the box, the Send button), regenerate or edit an earlier message (through
the message actions), with answers stopped at random points, chats created and switched (now
and then in the middle of an answer), the model ejected and loaded again, and the runtime host
killed with SIGKILL (the next send must reload or say why it cannot). Every ``--every`` answers
and at the end it samples the RSS of the window's process and of the host, open file
descriptors, threads and the size of the chat database; unhandled errors (``sys.excepthook``,
``threading.excepthook``, Qt critical messages) are counted. After the window has closed, the
database is read again and its messages are counted against what was sent.

Targets (reported, not asserted): no growth after warm-up beyond 10% (the median of the last
samples against the first sample at or after ``--warmup`` answers; fds and threads may also
move by two, as pool threads come and go), zero unhandled errors, zero
lost messages, and every host kill recovered from. Prints a table and a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from tests.bench.soak_report import (
    Tally,
    count_db,
    db_bytes,
    growth,
    host_process,
    install_error_counters,
    measure,
    print_header,
    print_row,
)

ANSWER_TIMEOUT_S = 180.0  # an answer (or a load) that takes longer than this counts as a hang
PROMPTS = ("Say hello.", "Name a colour.", "Count to five.", "What is 2 + 2?",
           "Write one short sentence about the sea.", "한국어로 인사해 주세요.",
           "Give me a word that rhymes with moon.", "What day comes after Monday?")
MAX_PATH = 10  # messages on a chat's open branch before the next step starts a new chat


# -- driving the window ----------------------------------------------------------------------

class Driver:
    """Drives one window the way a user does, from a seeded random generator."""

    def __init__(self, window: Any, rng: random.Random, tally: Tally, stop_rate: float) -> None:
        from PySide6.QtWidgets import QApplication

        self.app = QApplication.instance()
        self.window, self.rng, self.tally, self.stop_rate = window, rng, tally, stop_rate
        self.chunks = 0
        window.worker.chunk.connect(self._on_chunk)
        self.kill_pending = False  # a host was killed: the next answer must show the recovery

    def _on_chunk(self, _job: int, _text: str) -> None:
        self.chunks += 1

    def pump(self, until: Any, timeout: float) -> bool:
        """Run Qt's events until ``until()`` or ``timeout`` seconds; whether it came true."""
        end = time.monotonic() + timeout
        while not until():
            if time.monotonic() > end:
                return False
            self.app.processEvents()
            time.sleep(0.002)
        return True

    def wait_idle(self, what: str) -> None:
        if not self.pump(lambda: not self.window.chat.busy, ANSWER_TIMEOUT_S):
            self.tally.hangs.append(f"{what}: still busy after {ANSWER_TIMEOUT_S:.0f} s "
                                    f"(answers so far: {self.tally.answers})")
            self.window.chat.stop()
            self.pump(lambda: not self.window.chat.busy, 10)

    def ensure_loaded(self) -> None:
        """Load the model (Load button) unless it is loaded or loading."""
        models = self.window.models
        if models.ready:
            return
        if not models.busy:
            self.window.top_bar.load_button.click()
            self.tally.did("load")
        if not self.pump(lambda: self.window.models.ready, ANSWER_TIMEOUT_S):
            self.tally.hangs.append(f"load: not ready after {ANSWER_TIMEOUT_S:.0f} s "
                                    f"(status: {self.window.status_label.text()!r})")

    def _maybe_stop(self) -> None:
        """Stop the answer at a random point: before its first token, or after a few."""
        if self.rng.random() >= self.stop_rate:
            return
        after = self.rng.randint(0, 12)
        start = self.chunks
        self.pump(lambda: self.chunks - start >= after or not self.window.chat.busy, 30)
        if self.window.chat.busy:
            self.window.chat.stop()
            self.tally.did("stop")

    def _maybe_switch_mid_answer(self) -> None:
        if self.rng.random() < 0.03 and self.window.chat.busy:
            self.switch_chat()
            self.tally.did("switch mid-answer")

    def _answer_started(self, what: str) -> None:
        self.tally.answers += 1
        self._maybe_switch_mid_answer()
        self._maybe_stop()
        self.wait_idle(what)
        if self.kill_pending:
            self._check_recovery()

    def _check_recovery(self) -> None:
        """After a kill: the answer either came, or ended with a saved error; then the model
        loads again and the next answer must come."""
        self.kill_pending = False
        conv = self.window.chat.conversation
        last = conv.active_path()[-1] if conv is not None and len(conv) else None
        if last is None or last.role != "assistant" or not last.complete:
            self.tally.unrecovered.append(f"after kill {self.tally.kills}: last message {last}")
            return
        self.ensure_loaded()
        if not self.window.models.ready:
            self.tally.unrecovered.append(f"after kill {self.tally.kills}: the model did not "
                                          f"load again ({self.window.status_label.text()!r})")

    def send(self) -> None:
        edit = self.window.composer.edit
        text = f"{self.rng.choice(PROMPTS)} ({self.tally.answers})"
        edit.setFocus()
        edit.setPlainText(text)
        self.window.composer.send_button.click()
        if edit.toPlainText().strip():  # the box keeps a message the chat did not take
            self.tally.refused.append(f"send {self.tally.answers}: "
                                      f"{self.window.status_label.text()!r}")
            edit.clear()
            return
        self.tally.user_sent += 1
        self.tally.did("send")
        self._answer_started("send")

    def _last(self, role: str) -> Any:
        conv = self.window.chat.conversation
        path = conv.active_path() if conv is not None else []
        found = [m for m in path if m.role == role]
        return self.rng.choice(found[-3:]) if found else None

    def regenerate(self) -> None:
        answer = self._last("assistant")
        if answer is None:
            self.send()
            return
        self.window.view.actionRequested.emit("regenerate", answer.id)
        self.tally.did("regenerate")
        self._answer_started("regenerate")

    def edit(self) -> None:
        from app.ui.chat import actions

        question = self._last("user")
        if question is None:
            self.send()
            return
        new_text = f"{question.content} Briefly, please ({self.tally.answers})."
        real = actions.QInputDialog.getMultiLineText
        # The edit dialog is modal; answer it as a user would, then put it back.
        actions.QInputDialog.getMultiLineText = staticmethod(  # type: ignore[method-assign]
            lambda *_args, **_kw: (new_text, True))
        try:
            self.window.view.actionRequested.emit("edit", question.id)
        finally:
            actions.QInputDialog.getMultiLineText = real  # type: ignore[method-assign]
        conv = self.window.chat.conversation
        if conv is None or not any(m.content == new_text for m in conv.messages.values()):
            self.tally.refused.append(f"edit {self.tally.answers}: no answer started")
            return
        self.tally.user_sent += 1
        self.tally.did("edit")
        self._answer_started("edit")

    def new_chat(self) -> None:
        self.window.chat.new_chat()
        self.tally.did("new chat")

    def switch_chat(self) -> None:
        chats = self.window.store.list_chats()
        if chats:
            self.window.sidebar.chatSelected.emit(self.rng.choice(chats).id)
            self.tally.did("switch chat")

    def eject_and_load(self) -> None:
        self.window.top_bar.eject_button.click()
        self.tally.did("eject")
        self.pump(lambda: not self.window.models.busy, 10)
        if self.rng.random() < 0.5:
            self.ensure_loaded()  # else the next send finds no model and says so

    def kill_host(self) -> None:
        host = host_process()
        if host is None:
            return
        os.kill(host.pid, signal.SIGKILL)
        self.tally.kills += 1
        self.tally.did("kill host")
        self.kill_pending = True
        def gone() -> bool:  # read once: the host may end between two reads
            now = host_process()
            return now is None or now.pid != host.pid

        self.pump(gone, 5)

    def step(self) -> None:
        """One answer, with now and then something else around it."""
        roll = self.rng.random()
        conv = self.window.chat.conversation
        # Chats stay short, as most do: a long history would make every answer slower.
        if roll < 0.03 or (conv is not None and len(conv.active_path()) >= MAX_PATH):
            self.new_chat()
        elif roll < 0.08:
            self.switch_chat()
        elif roll < 0.10:
            self.eject_and_load()
        elif roll < 0.12:
            self.kill_host()
        if not self.window.models.ready and not self.kill_pending and self.rng.random() < 0.8:
            self.ensure_loaded()
        kind = self.rng.random()
        if kind < 0.70 or self.kill_pending:
            self.send()
        elif kind < 0.85:
            self.regenerate()
        else:
            self.edit()


# -- sampling and the report -----------------------------------------------------------------

def sample(driver: Driver, db: Path, started: float) -> dict[str, Any]:
    """One row: the window's process and the host's (with the model loaded), the database."""
    driver.wait_idle("sample")
    driver.ensure_loaded()
    window = measure(psutil.Process())
    host = measure(host_process())
    row = {"answers": driver.tally.answers, "seconds": round(time.monotonic() - started, 1),
           "window_rss": window["rss"], "window_fds": window["fds"],
           "window_threads": window["threads"], "host_rss": host["rss"],
           "host_fds": host["fds"], "host_threads": host["threads"], "db_bytes": db_bytes(db),
           "errors": len(driver.tally.errors)}
    driver.tally.samples.append(row)
    return row


# -- the run ---------------------------------------------------------------------------------

def run(args: argparse.Namespace, home: Path) -> dict[str, Any]:
    """Open the window, drive it through ``args.messages`` answers, close it, count."""
    from app.ui.app import application, create_window

    tally = Tally()
    application([])
    install_error_counters(tally)
    window = create_window(client=None, show_welcome=False)
    window.show()
    db = window.ctx.paths.data_dir / "chats.sqlite3"
    driver = Driver(window, random.Random(args.seed), tally, args.stop_rate)
    started = time.monotonic()
    if not driver.pump(lambda: window.models.ready, ANSWER_TIMEOUT_S):
        raise SystemExit(f"the starter model did not load: {window.status_label.text()!r}")
    window.params.max_tokens.setValue(args.max_tokens)
    print(f"model ready after {time.monotonic() - started:.1f} s; ONDOL_HOME={home}", flush=True)
    print_header()
    print_row(sample(driver, db, started))
    while tally.answers < args.messages:
        driver.step()
        if tally.answers // args.every > tally.samples[-1]["answers"] // args.every \
                or tally.answers >= args.messages:
            print_row(sample(driver, db, started))
    seconds = time.monotonic() - started
    window.close()
    closed = driver.pump(window.thread_.isFinished, 15)
    window.store.close()
    left = host_process()
    db_counts = count_db(db)
    lost_user = tally.user_sent - db_counts["user"]
    lost_answers = tally.answers - (db_counts["finished"] + db_counts["stopped"]
                                    + db_counts["error"])
    grown = growth(tally.samples, args.warmup)
    growth_ok = all(v.get("pass") is not False for v in grown.values() if isinstance(v, dict))
    return {
        "messages": args.messages, "seed": args.seed, "max_tokens": args.max_tokens,
        "seconds": round(seconds, 1), "seconds_per_answer": round(seconds / max(1, tally.answers),
                                                                  3),
        "answers": tally.answers, "user_sent": tally.user_sent, "actions": tally.actions,
        "kills": tally.kills, "db": db_counts, "samples": tally.samples, "growth": grown,
        "unhandled_errors": tally.errors, "qt_warnings": tally.qt_warnings,
        "hangs": tally.hangs, "refused": tally.refused, "unrecovered": tally.unrecovered,
        "window_thread_finished": closed, "host_left_running": left is not None,
        "lost": {"user": lost_user, "answers": lost_answers},
        "targets": {
            "no_growth_after_warmup": growth_ok,
            "zero_unhandled_errors": not tally.errors,
            "zero_lost_messages": (lost_user == 0 and lost_answers == 0
                                   and db_counts["incomplete"] == 0 and db_counts["other"] == 0),
            "every_kill_recovered": not tally.unrecovered and not tally.hangs,
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000, help="answers to ask for")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--every", type=int, default=50, help="sample every this many answers")
    parser.add_argument("--warmup", type=int, default=100, help="answers before growth counts")
    parser.add_argument("--max-tokens", type=int, default=24)
    parser.add_argument("--stop-rate", type=float, default=0.15,
                        help="share of answers stopped at a random point")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    parser.add_argument("--keep-home", action="store_true", help="keep the temporary ONDOL_HOME")
    args = parser.parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix="ondol-soak-"))
    os.environ["ONDOL_HOME"] = str(home)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        summary = run(args, home)
    finally:
        if not args.keep_home:
            shutil.rmtree(home, ignore_errors=True)
    print()
    print(f"{summary['answers']} answers ({summary['user_sent']} user messages) in "
          f"{summary['seconds']} s, {summary['seconds_per_answer']} s each; actions: "
          f"{summary['actions']}")
    print(f"database: {summary['db']}; lost: {summary['lost']}")
    for key, value in summary["growth"].items():
        print(f"growth {key}: {value}")
    for text in summary["unhandled_errors"][:5]:
        print("UNHANDLED:", text)
    for text in summary["hangs"] + summary["unrecovered"] + summary["refused"][:10]:
        print("PROBLEM:", text)
    for name, ok in summary["targets"].items():
        print(f"{name:>28}: {'pass' if ok else 'FAIL'}")
    text = json.dumps({k: v for k, v in summary.items() if k != "samples"}
                      | {"samples": summary["samples"]}, indent=1, ensure_ascii=False)
    print(text if args.json is None else f"summary written to {args.json}")
    if args.json is not None:
        args.json.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
