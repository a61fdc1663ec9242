from .representatives import (  # noqa: F401
    District,
    FixedTarget,
    Level,
    PostalCodeArea,
    Representative,
)
