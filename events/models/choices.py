"""Choices shared by the event models, forms and feeds."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.choices import Province  # noqa: F401  (re-exported for events)


class EventType(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    TALK = "talk", _("Talk")
    INFO_SESSION = "info_session", _("Information session")
    SUPPORT_GROUP = "support_group", _("Support group")
    TOWN_HALL = "town_hall", _("Town hall")
    OTHER = "other", _("Other")


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class LocationVisibility(models.TextChoices):
    DEFAULT = "default", _("Default: private for support groups, public otherwise")
    PUBLIC = "public", _("Public: shown to everyone")
    PRIVATE = "private", _("Private: only registered attendees get it")


class MeetingLinkVisibility(models.TextChoices):
    """Who gets an online event's meeting link. Registered attendees only by
    default: an open link invites people who want to disrupt the meeting."""

    REGISTRANTS = (
        "registrants",
        _("Registered attendees only: by email and on their registration page"),
    )
    PUBLIC = "public", _("Public: on the event page, in calendars and the API")


class EventLanguage(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")
    ASL = "ase", _("American Sign Language (ASL)")
    LSQ = "fcs", _("Quebec Sign Language (LSQ)")
    OTHER = "other", _("Other languages (see details)")


#: Every IANA zone in use in Canada (from the tz database's zone.tab), with
#: a label a Canadian organizer recognises.
CANADIAN_TIME_ZONES = [
    ("America/St_Johns", _("Newfoundland (St. John’s)")),
    ("America/Halifax", _("Atlantic (Halifax)")),
    ("America/Glace_Bay", _("Atlantic (Glace Bay, Cape Breton)")),
    ("America/Moncton", _("Atlantic (Moncton)")),
    ("America/Goose_Bay", _("Atlantic (Goose Bay, Labrador)")),
    ("America/Blanc-Sablon", _("Atlantic, no daylight time (Blanc-Sablon)")),
    ("America/Toronto", _("Eastern (Toronto, Ottawa, Montréal)")),
    ("America/Iqaluit", _("Eastern (Iqaluit)")),
    ("America/Atikokan", _("Eastern, no daylight time (Atikokan)")),
    ("America/Winnipeg", _("Central (Winnipeg)")),
    ("America/Resolute", _("Central (Resolute)")),
    ("America/Rankin_Inlet", _("Central (Rankin Inlet)")),
    ("America/Regina", _("Central, no daylight time (Regina, Saskatchewan)")),
    ("America/Swift_Current", _("Central, no daylight time (Swift Current)")),
    ("America/Edmonton", _("Mountain (Edmonton, Calgary)")),
    ("America/Cambridge_Bay", _("Mountain (Cambridge Bay)")),
    ("America/Inuvik", _("Mountain (Inuvik)")),
    ("America/Creston", _("Mountain, no daylight time (Creston)")),
    ("America/Dawson_Creek", _("Mountain, no daylight time (Dawson Creek)")),
    ("America/Fort_Nelson", _("Mountain, no daylight time (Fort Nelson)")),
    ("America/Whitehorse", _("Yukon (Whitehorse)")),
    ("America/Dawson", _("Yukon (Dawson)")),
    ("America/Vancouver", _("Pacific (Vancouver, Victoria)")),
]
