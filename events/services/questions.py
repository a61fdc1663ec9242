"""Town-hall questions: Moderators approve, reject or mark them answered."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import TownHallQuestion


class QuestionError(Exception):
    """A review that cannot be recorded; ``str()`` is shown to the moderator."""


@transaction.atomic
def review_question(question, status, now=None):
    """Give ``question`` a new status and stamp ``reviewed_at`` when the status
    changes (cleared when it goes back to waiting for review). Saving the
    same status again changes nothing."""
    if status not in TownHallQuestion.Status.values:
        raise QuestionError(_("Choose one of the statuses offered."))
    question = TownHallQuestion.objects.select_for_update().get(pk=question.pk)
    if question.status == status:
        return question
    question.status = status
    question.reviewed_at = (
        None if status == TownHallQuestion.Status.PENDING else (now or timezone.now())
    )
    question.save(update_fields=["status", "reviewed_at"])
    return question
