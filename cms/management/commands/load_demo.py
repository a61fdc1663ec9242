import os

from django.core.management.base import BaseCommand

from cms.demo.loader import DemoLoader


class Command(BaseCommand):
    help = (
        "Build the demo site (English and French pages, settings, sample data). "
        "Safe to run again: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--host",
            default=os.environ.get("NOC_HOST"),
            help="Host name the site is served at (default: NOC_HOST, or "
            "localhost). The default site follows it unless it names a real "
            "domain.",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=os.environ.get("NOC_PORT"),
            help="Port the site is served at (default: NOC_PORT, or 8000 as "
            "`make run` serves it).",
        )

    def handle(self, *args, **options):
        DemoLoader(stdout=self.stdout, host=options["host"], port=options["port"]).run()
