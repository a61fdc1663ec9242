from .choices import (  # noqa: F401
    CANADIAN_TIME_ZONES,
    AttendanceMode,
    EventLanguage,
    EventType,
    LocationVisibility,
    MeetingLinkVisibility,
    Province,
)
from .pages import EventIndexPage, EventPage, parse_reminder_schedule  # noqa: F401
from .registrations import (  # noqa: F401
    EmailDelivery,
    EventState,
    OrganizerMessage,
    Registration,
    TownHallQuestion,
)
