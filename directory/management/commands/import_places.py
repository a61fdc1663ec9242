from django.core.management.base import BaseCommand, CommandError

from directory.places import TableError, import_places


class Command(BaseCommand):
    help = (
        "Load Canadian places a visitor can search by name from a CSV with "
        "the columns slug,name,name_fr,province,latitude,longitude."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--source", default="", help="Where the data came from")

    def handle(self, *args, **options):
        try:
            count = import_places(options["path"], options["source"])
        except (OSError, TableError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{count} place(s) loaded.")
