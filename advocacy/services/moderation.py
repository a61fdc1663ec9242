"""Letters held for a Moderator: hold, release, reject.

A held letter was confirmed by its supporter but does not leave until a
Moderator has read it: its recipients wait (status "waiting") and the
periodic sweep never picks them up. Releasing it sends it exactly as a
confirmation would have; rejecting it deletes it.

Releases and rejections are recorded in Wagtail's audit log (the "Site
history" report) with the Moderator, the letter's number and its campaign;
never the supporter's name, email or text: the log outlives the retention
period of letters.

Which letters are held is decided elsewhere: the automatic flagging rules
(words, links, volume from one address) come later and will call
:func:`hold_letter` from the confirmation path. Until then only tests call it.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..models import Letter, LetterRecipient
from . import letters

#: Longest reason kept (the model's ``held_reason``).
REASON_MAX_LENGTH = Letter._meta.get_field("held_reason").max_length

#: Audit log actions (registered in ``advocacy/wagtail_hooks.py``).
RELEASE_ACTION = "advocacy.letter.release"
REJECT_ACTION = "advocacy.letter.reject"


class ModerationError(Exception):
    """A held letter that cannot be released or rejected now; ``str()`` is
    shown to the Moderator."""


def _lock(letter):
    try:
        return Letter.objects.select_for_update().get(pk=letter.pk)
    except Letter.DoesNotExist:
        raise ModerationError(
            _("This letter no longer exists: someone else rejected it.")
        ) from None


def _locked_held(letter):
    letter = _lock(letter)
    if letter.status != Letter.Status.HELD:
        raise ModerationError(
            _("This letter is no longer held: someone else reviewed it.")
        )
    return letter


def _log(letter, action, user, **kwargs):
    """Record a Moderator's decision about ``letter``: its number and
    campaign, and how many recipients it had; nothing the supporter wrote."""
    campaign = letter.campaign
    # One language for the stored name, whoever moderates (the log's "Name"
    # filter searches it); the action itself is translated when shown.
    with translation.override(settings.LANGUAGE_CODE):
        title = str(letter)
    log(
        letter,
        action,
        user=user,
        title=title,
        data={
            "letter": letter.pk,
            "campaign": {"id": campaign.pk, "title": campaign.title},
            "recipients": letter.recipients.count(),
        },
        **kwargs,
    )


@transaction.atomic
def hold_letter(letter, reason, now=None):
    """Hold ``letter`` for a Moderator, recording ``reason`` (one line, cut to
    200 characters).

    Call it on a letter the supporter has confirmed, or in place of
    :func:`advocacy.services.letters.confirm_letter` when they confirm a
    flagged one (``confirmed_at`` is then stamped with ``now``). Deliveries
    still queued go back to waiting; one already being sent or sent cannot be
    called back. Raises ModerationError for a letter already held or without
    a reason.
    """
    reason = " ".join(str(reason).split())[:REASON_MAX_LENGTH]
    if not reason:
        raise ModerationError(_("Give the reason the letter is held."))
    letter = _lock(letter)
    if letter.status == Letter.Status.HELD:
        raise ModerationError(_("This letter is already held."))
    letter.status = Letter.Status.HELD
    letter.held_reason = reason
    letter.confirmed_at = letter.confirmed_at or now or timezone.now()
    letter.save(update_fields=["status", "held_reason", "confirmed_at"])
    letter.recipients.filter(status=LetterRecipient.Status.PENDING).update(
        status=LetterRecipient.Status.WAITING, retry_after=None
    )
    return letter


@transaction.atomic
def release_held_letter(letter, user=None):
    """A Moderator (``user``) lets a held letter go: it is confirmed and its
    waiting recipients are queued (or left to print), as the supporter's own
    confirmation would have done; the audit log records who did it.

    The 48-hour window of the confirmation link does not apply: the
    supporter confirmed in time, however long the letter was held.
    ``confirmed_at`` keeps the time they did. Raises ModerationError if the
    letter is no longer held, or was anonymised after the retention period
    (it would go out blank).
    """
    letter = _locked_held(letter)
    if letter.anonymised_at:
        raise ModerationError(
            _(
                "This letter was anonymised after the retention period: its "
                "text and sender are gone, so it cannot be sent. Reject it to "
                "remove it."
            )
        )
    confirmed_at = letter.confirmed_at or letter.created_at
    # confirm_letter releases letters awaiting confirmation: make this one
    # such a letter again, inside this transaction, so nobody sees it so,
    # and confirm it "at its creation" so that the link's window passes.
    letter.status = Letter.Status.AWAITING
    letter.save(update_fields=["status"])
    letter = letters.confirm_letter(letter, now=letter.created_at)
    letter.confirmed_at = confirmed_at
    letter.save(update_fields=["confirmed_at"])
    _log(letter, RELEASE_ACTION, user)
    return letter


@transaction.atomic
def reject_held_letter(letter, user=None):
    """A Moderator (``user``) refuses a held letter: it is deleted with its
    recipients (and its PDF, if one was made); the audit log records who did
    it. Nothing tells the supporter. Raises ModerationError if the letter is
    no longer held."""
    letter = _locked_held(letter)
    _log(letter, REJECT_ACTION, user, deleted=True)
    letters.delete_letter(letter)
