"""How `make test` shares the suite between its processes (pytest-xdist).

See tests/worker_services.py for what each worker process has of its own.
"""

from xdist.scheduler import LoadFileScheduling


class FileAndPhaseScheduling(LoadFileScheduling):
    """``--dist loadfile``, keeping pytest-django's order on every worker.

    pytest-django runs the tests that use the database inside a transaction
    first, then the transactional ones (each of which empties every table
    after itself, rows that migrations made included), then those without a
    database. A worker handed whole files would run one file's transactional
    tests before another file's plain ones, which would then miss Wagtail's
    root page or the Editors group. So the tests of a file that pytest-django
    put in different phases (each phase's tests of a file come together) are
    different units, and units are handed out in collection order, never
    reordered by size: no worker gets a unit of an earlier phase after one of
    a later phase. The tests of one file in one phase run on one worker, so a
    module-scoped fixture is set up once per phase, as it is without xdist.
    """

    def schedule(self):
        if self.collection is None and self.collection_is_completed:
            # Read by the base class: keep the units in collection order.
            self.config.option.loadscopereorder = False
            self._units, previous, run = {}, None, 0
            for nodeid in next(iter(self.registered_collections.values())):
                path = super()._split_scope(nodeid)
                if path != previous:
                    previous, run = path, run + 1
                self._units[nodeid] = f"{path}#{run}"
        super().schedule()

    def _split_scope(self, nodeid):
        return self._units[nodeid]
