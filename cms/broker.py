"""The Celery broker of the embedded default (`make run`): one SQLite file.

kombu's filesystem transport, the previous default, lets a worker pick up a
message file that its sender has created but not yet written: under a burst
the worker read an empty file, died on a ``JSONDecodeError``, and took the
site down with it. Here the queue is a table in ``var/broker.sqlite3``
(kombu's SQLAlchemy transport), where a message is one row, written and read
in transactions, so a half-written message cannot be seen.

The web server, the worker (and the tasks it runs, in forked children) and
beat all use the file at once; kombu's transport is adapted to that:

- every connection waits for a lock instead of failing at once, and the file
  is in WAL mode, so readers never block the writer;
- a message is deleted when it is handed to the worker, instead of being kept
  for ever (kombu marks it invisible: the table would grow by every task ever
  sent). A message the worker took but did not acknowledge is put back as a
  new row when the worker stops, as for every kombu virtual transport, and
  due work is selected from the database by the periodic sweeps anyway;
- two processes creating the tables or the queue's row at the same moment is
  not an error;
- a forked child (a task that queues another task) never reuses the
  connections of its parent, which SQLite forbids;
- the worker looks for new messages every 0.1 s when idle, not every second.

Selected in cms/settings/dev.py through ``CELERY_BROKER_TRANSPORT``; any
other broker URL (Redis) uses its own transport.
"""

import os
from json import loads
from queue import Empty

from kombu.transport import sqlalchemy as kombu_sqlalchemy
from kombu.utils.encoding import bytes_to_str
from sqlalchemy import create_engine, delete, event, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

# Seconds a connection waits for another process's write lock; a write takes
# milliseconds, so reaching it means something is wrong, not busy.
LOCK_TIMEOUT = 30


def _sqlite_pragmas(dbapi_connection, connection_record):
    cursor = dbapi_connection.cursor()
    try:
        # WAL is a property of the file: set once, kept by every later open.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


class Channel(kombu_sqlalchemy.Channel):
    _engines = {}  # this transport's own cache, emptied in forked children

    def _engine_from_config(self):
        engine = create_engine(
            self.connection.client.hostname,
            connect_args={"timeout": LOCK_TIMEOUT},
        )
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        return engine

    def _open(self):
        try:
            return super()._open()
        except OperationalError:
            # Another process created the tables between our check and our
            # CREATE TABLE ("already exists"): they are there now.
            return super()._open()

    def _get_or_create(self, queue):
        try:
            return super()._get_or_create(queue)
        except IntegrityError:
            # Another process inserted the queue's row first: use it.
            self.session.rollback()
            return super()._get_or_create(queue)

    def _get(self, queue):
        queue_id = self._get_or_create(queue).id
        session = self.session
        message = self.message_cls
        try:
            if session.bind.dialect.name == "sqlite":
                # Take the write lock first, so that two readers cannot both
                # select the same row.
                session.execute(text("BEGIN IMMEDIATE TRANSACTION"))
            row = session.execute(
                select(message.id, message.payload)
                .where(message.queue_id == queue_id, message.visible.is_not(False))
                .order_by(message.id)
                .limit(1)
                .with_for_update()
            ).first()
            if row is not None:
                session.execute(delete(message).where(message.id == row.id))
            session.commit()
        except BaseException:
            session.rollback()
            raise
        if row is None:
            raise Empty()
        return loads(bytes_to_str(row.payload))


class Transport(kombu_sqlalchemy.Transport):
    Channel = Channel
    polling_interval = 0.1


def _forget_engines_after_fork():
    """A forked process must not use its parent's SQLite connections:
    SQLAlchemy's way is to drop the pool without closing them."""
    for engine, _session_factory in Channel._engines.values():
        engine.dispose(close=False)
    Channel._engines.clear()


os.register_at_fork(after_in_child=_forget_engines_after_fork)
