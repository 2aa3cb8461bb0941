"""Who may do what with a survey: the one place these rules live.

- A survey's page: live surveys for everyone (editors also see drafts, with
  a status banner); anything else is 404.
- Answering: the survey's audience (members, or everyone signed in) while it is open.
- Results: editors always; otherwise by the survey's setting, and only once
  it has closed: respondents (those with a Participation row), or everyone.
- Text answers: editors see all; others only those an editor published.
- Export: editors only.
"""

from django.http import Http404

from core.permissions import is_editor, is_member
from surveys.models import Audience, Participation, ResultsVisibility, Survey


def get_survey(user, slug):
    try:
        return Survey.objects.visible_to(user).get(slug=slug)
    except Survey.DoesNotExist:
        raise Http404("No such survey.") from None


def in_audience(user, survey):
    if not user.is_authenticated:
        return False
    if survey.audience == Audience.SIGNED_IN:
        return True
    return is_member(user)


def may_see_results(user, survey):
    if is_editor(user):
        return True
    if not survey.is_live or not survey.has_closed:
        return False
    if survey.results_visibility == ResultsVisibility.EVERYONE:
        return True
    if survey.results_visibility == ResultsVisibility.RESPONDENTS:
        return user.is_authenticated and Participation.objects.filter(survey=survey, member=user).exists()
    return False


def results_are_published(survey):
    """Whether anyone but editors may read the results (for links and notifications)."""
    return survey.is_live and survey.has_closed and survey.results_visibility != ResultsVisibility.EDITORS


def shows_all_text(user):
    return is_editor(user)
