from django.core.management.base import BaseCommand, CommandError

from advocacy.services.postal_areas import (
    PostalAreaImportError,
    import_postal_code_areas,
)


class Command(BaseCommand):
    help = (
        "Import the local postal-code table used when Represent cannot be "
        "reached: a CSV with the columns code, boundary_set, district_id."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, path, **options):
        try:
            areas, links = import_postal_code_areas(path)
        except PostalAreaImportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Postal-code areas added: {areas}; district links added: {links}"
        )
