from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from wagtail import hooks

from cms.storage import MOVE_PRIVATE_MEDIA_HOOK, move_private_files


class Command(BaseCommand):
    help = (
        "Move private files (documents, printable letters, businesses' flyer "
        "copies) out of MEDIA_ROOT, which the proxy serves to anyone, into "
        "PRIVATE_MEDIA_ROOT. Run once after upgrading; safe to run again."
    )

    def handle(self, *args, **options):
        moved = move_private_files(default_storage)
        self.stdout.write(f"Moved {len(moved)} private file(s) out of the public root.")
        if options["verbosity"] >= 2:
            for name in moved:
                self.stdout.write(f"  {name}")
        for tidy in hooks.get_hooks(MOVE_PRIVATE_MEDIA_HOOK):
            self.stdout.write(tidy(default_storage))
