"""Demo private messages for a local run. Idempotent: conversations are found by subject."""

import datetime as dt

from django.utils import timezone

from accounts.demo import person
from messaging import services
from messaging.models import Conversation, Message, Participant

# subject, starter, recipients, [(author, body, hours ago)], with the moderators?
CONVERSATIONS = [
    (
        "Your EPR go-live rehearsal plan",
        "priya",
        ["james"],
        [
            ("priya", "James, your post about the **downtime rehearsals** was really useful. Would you share "
                      "your rehearsal plan? Happy to keep it within our trust.", 30),
            ("james", "Of course. I'll send the run sheet after Thursday's board. The paper drug chart "
                      "drill is the part worth copying.", 26),
            ("priya", "Thank you, that would help us a lot.", 3),
        ],
        False,
    ),
    (
        "Regional CCIO meet-up in the North West",
        "helen",
        ["priya", "raj", "sarah"],
        [
            ("helen", "Shall we meet before the conference? I can host in Manchester in the spring.", 50),
            ("raj", "Count me in. A Friday afternoon works best for me.", 47),
        ],
        False,
    ),
    (
        "Question about my membership application",
        "claire",
        [],
        [
            ("claire", "I applied last week as a clinical safety officer at a supplier. Is there anything "
                       "else you need from me?", 20),
        ],
        True,
    ),
]  # fmt: skip


def seed(stdout):
    created = 0
    now = timezone.now()
    for subject, starter, recipients, messages, with_moderators in CONVERSATIONS:
        if Conversation.objects.filter(subject=subject).exists():
            continue
        first_author, first_body, _ = messages[0]
        if with_moderators:
            conversation = services.moderators_contact(
                author=person(first_author), subject=subject, body=first_body, enforce_limits=False
            )
        else:
            conversation = services.conversation_start(
                starter=person(starter),
                recipients=[person(name) for name in recipients],
                subject=subject,
                body=first_body,
                enforce_limits=False,
            )
        for author, body, _ in messages[1:]:
            services.reply_create(author=person(author), conversation=conversation, body=body, enforce_limits=False)
        # Spread the messages over the past days, as if written then.
        for number, (_, _, hours) in enumerate(messages, start=1):
            Message.objects.filter(conversation=conversation, number=number).update(
                created=now - dt.timedelta(hours=hours)
            )
        last = now - dt.timedelta(hours=messages[-1][2])
        Conversation.objects.filter(pk=conversation.pk).update(
            created=now - dt.timedelta(hours=messages[0][2]), last_message_at=last
        )
        Participant.objects.filter(conversation=conversation).update(
            joined_at=now - dt.timedelta(hours=messages[0][2])
        )
        created += 1
    if created:
        stdout.write(f"Demo private messages: {created} conversations.")
