"""What a forum poll shows: options with counts and percentages, and the viewer's own vote (3 queries).

The forum decides who may vote (those who may reply); this module counts.
"""

from django.db.models import Count

from surveys.models import Answer, Option, Poll
from surveys.results import percent


def poll_for(topic):
    """The topic's poll, already loaded when the topic was read with select_related("poll__question")."""
    try:
        return topic.poll
    except Poll.DoesNotExist:
        return None


def poll_context(poll, user, *, may_vote):
    question = poll.question
    options = list(
        Option.objects.filter(question=question).annotate(votes=Count("answers")).order_by("position", "pk")
    )
    voters = poll.ballots.count()
    mine = set()
    if user.is_authenticated:
        mine = set(Answer.objects.filter(ballot__poll=poll, ballot__member=user).values_list("option_id", flat=True))
    closed = poll.is_closed
    show_results = closed or bool(mine) or poll.results_before_voting or not may_vote
    rows = [
        {"option": option, "votes": option.votes, "percent": percent(option.votes, voters), "mine": option.pk in mine}
        for option in options
    ]
    return {
        "poll": poll,
        "question": question,
        "rows": rows,
        "voters": voters,
        "voted": bool(mine),
        "closed": closed,
        "may_vote": may_vote and not closed,
        "show_results": show_results,
        "multiple": question.kind == "multiple",
    }
