from django.core.management.base import BaseCommand, CommandError

from directory.importer import ImportFailed, import_hsds


class Command(BaseCommand):
    help = (
        "Import HSDS 3.0 data (a CSV datapackage folder or datapackage.json, a "
        "JSON file, or an HSDS API URL): upserts by HSDS id, maps taxonomy terms "
        "through the categories' matching terms, retires services the same "
        "source no longer lists. Running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="PATH or URL")

    def handle(self, *args, **options):
        try:
            report = import_hsds(options["source"])
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
