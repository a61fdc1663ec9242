"""Plain links to share a page: no script, image or frame from anyone
else loads (DESIGN: no third-party scripts). Campaign pages and the letter
thank-you page both offer them."""

from urllib.parse import quote

from django.utils.translation import gettext as _


def share_links(title, url):
    """``[(network, link)]`` sharing ``url`` with ``title``; "Email" in the
    reader's language, the networks by their own names."""
    text = quote(title)
    target = quote(url, safe="")
    return [
        (_("Email"), f"mailto:?subject={text}&body={target}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={target}"),
        ("Bluesky", f"https://bsky.app/intent/compose?text={text}%20{target}"),
        ("X", f"https://twitter.com/intent/tweet?text={text}&url={target}"),
        ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={target}"),
        ("WhatsApp", f"https://wa.me/?text={text}%20{target}"),
    ]
