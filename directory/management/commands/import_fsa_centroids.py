from django.core.management.base import BaseCommand, CommandError

from directory.places import TableError, import_fsa_centroids


class Command(BaseCommand):
    help = (
        "Load forward sortation area centres from a CSV with the columns "
        "code,latitude,longitude,province[,place_name] (see docs/directory.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--source", default="", help="Where the data came from")

    def handle(self, *args, **options):
        try:
            count = import_fsa_centroids(options["path"], options["source"])
        except (OSError, TableError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{count} forward sortation area(s) loaded.")
