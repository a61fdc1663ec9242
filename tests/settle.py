"""A positive signal for negative checks: every task this test queued has run.

"Nothing more arrived" proves something only once the work that could have
sent more is known to have finished. ``TaskTracker`` counts the tasks
published from this process (the test, and the in-process worker that the
``celery_worker`` fixture runs in threads) and the tasks that worker has
finished; ``wait()`` returns once each published task has run to its end,
so a duplicate that was going to send twice has sent by then. A task that
never runs (lost, or consumed by another worker) makes ``wait()`` fail
rather than pass quietly.
"""

import threading
import time
from collections import Counter
from contextlib import contextmanager

from celery.signals import after_task_publish, task_postrun


class TaskTracker:
    def __init__(self):
        self.published = Counter()
        self.finished = Counter()
        self.names = {}
        self.lock = threading.Lock()

    def _published(self, sender=None, headers=None, body=None, **kwargs):
        task_id = (headers or {}).get("id") or (body or {}).get("id")
        with self.lock:
            self.published[task_id] += 1
            self.names[task_id] = sender

    def _finished(self, task_id=None, **kwargs):
        with self.lock:
            self.finished[task_id] += 1

    def pending(self):
        with self.lock:
            return sorted(
                self.names[task_id]
                for task_id, count in self.published.items()
                if self.finished[task_id] < count
            )

    def wait(self, timeout=60):
        """Until every task published since the tracker started has run;
        answers how many ran."""
        deadline = time.monotonic() + timeout
        while self.pending():
            assert time.monotonic() < deadline, f"tasks never ran: {self.pending()}"
            time.sleep(0.05)
        return sum(self.published.values())


@contextmanager
def tracked_tasks():
    """Track the tasks queued inside the block (see ``TaskTracker``)."""
    tracker = TaskTracker()
    after_task_publish.connect(tracker._published, weak=False)
    task_postrun.connect(tracker._finished, weak=False)
    try:
        yield tracker
    finally:
        after_task_publish.disconnect(tracker._published)
        task_postrun.disconnect(tracker._finished)
