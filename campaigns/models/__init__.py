from .flyers import LANGUAGES, SIZES, FlyerDownload, FlyerPage  # noqa: F401
from .pages import CampaignIndexPage, CampaignPage, IssueArea, ProgressMeasure  # noqa: F401
