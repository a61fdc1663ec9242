from .letters import Letter, LetterRecipient  # noqa: F401
from .pages import Delivery, LetterCampaignPage, Topic  # noqa: F401
from .representatives import (  # noqa: F401
    District,
    FixedTarget,
    Level,
    PostalCodeArea,
    Representative,
)
