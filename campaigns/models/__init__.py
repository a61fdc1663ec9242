from .pages import CampaignIndexPage, CampaignPage, IssueArea, ProgressMeasure  # noqa: F401
