"""The local postal-code table: a CSV of ``code,boundary_set,district_id``
rows (a full postal code or its first three characters)."""

import csv
from pathlib import Path

from django.db import transaction

from ..models import District, PostalCodeArea
from ..postcodes import InvalidPostalCode, normalise_postal_code


class PostalAreaImportError(Exception):
    """The table cannot be imported; the message names the line."""


@transaction.atomic
def import_postal_code_areas(path, source=""):
    """Answers (areas added, links added); refuses the whole file on the
    first bad row, naming it."""
    path = Path(path)
    if not path.is_file():
        raise PostalAreaImportError(f"No such file: {path}")
    added_areas = added_links = 0
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"code", "boundary_set", "district_id"} - set(reader.fieldnames or [])
        if missing:
            raise PostalAreaImportError(
                f"{path.name} needs the columns code, boundary_set, district_id "
                f"(missing: {', '.join(sorted(missing))})"
            )
        for line, row in enumerate(reader, start=2):
            code = row["code"].strip().upper().replace(" ", "")
            try:
                if len(code) != 3:
                    code = normalise_postal_code(code)
            except InvalidPostalCode as error:
                raise PostalAreaImportError(
                    f"line {line}: {error.messages[0]}"
                ) from error
            district = District.objects.filter(
                boundary_set=row["boundary_set"].strip(),
                external_id=row["district_id"].strip(),
            ).first()
            if district is None:
                where = f"{row['boundary_set']}/{row['district_id']}"
                raise PostalAreaImportError(
                    f"line {line}: no district {where} "
                    "(import the representatives first)"
                )
            area, created = PostalCodeArea.objects.get_or_create(
                code=code, defaults={"source": source or path.name}
            )
            added_areas += created
            if not area.districts.filter(pk=district.pk).exists():
                area.districts.add(district)
                added_links += 1
    return added_areas, added_links
