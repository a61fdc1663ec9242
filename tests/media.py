"""Media roots for tests that start the site in another process."""

import tempfile
from pathlib import Path


def empty_media_roots():
    """Environment variables naming two new, empty media roots: the deploy
    check looks at what is under MEDIA_ROOT, and files a test run left in
    the caller's are no concern of production's settings."""
    media = Path(tempfile.mkdtemp(prefix="noc-media-"))
    return {
        "MEDIA_ROOT": str(media / "public"),
        "PRIVATE_MEDIA_ROOT": str(media / "private"),
    }
