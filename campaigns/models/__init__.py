from .flyers import (  # noqa: F401
    LANGUAGES,
    ORIENTATIONS,
    SIZES,
    FlyerDownload,
    FlyerPage,
    Orientations,
)
from .pages import CampaignIndexPage, CampaignPage, IssueArea, ProgressMeasure  # noqa: F401
