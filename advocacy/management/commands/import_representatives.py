from django.core.management.base import BaseCommand, CommandError

from advocacy.services.representatives import (
    RepresentImportError,
    import_representatives,
)


class Command(BaseCommand):
    help = (
        "Import representatives in Open North's Represent format from a file or "
        "an http(s) URL (for example https://represent.opennorth.ca/"
        "representatives/house-of-commons/?limit=1000), following meta.next. "
        "Upserts, and retires those a set no longer lists. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="A JSON file or an http(s) URL")

    def handle(self, source, **options):
        def progress(report):
            self.stdout.write(
                f"  page {report.pages}: {len(report.added)} added, "
                f"{len(report.changed)} changed, {report.unchanged} unchanged so far"
            )

        try:
            report = import_representatives(source, progress=progress)
        except RepresentImportError as error:
            raise CommandError(str(error)) from error
        for label, rows in (
            ("Added", report.added),
            ("Changed", report.changed),
            ("Retired", report.retired),
        ):
            self.stdout.write(f"{label}: {len(rows)}")
            for row in rows[:50]:
                self.stdout.write(f"  - {row}")
            if len(rows) > 50:
                self.stdout.write(f"  … and {len(rows) - 50} more")
        self.stdout.write(f"Unchanged: {report.unchanged}")
        if report.problems:
            self.stdout.write(f"Problems: {len(report.problems)}")
            for problem in report.problems:
                self.stdout.write(f"  - {problem}")
