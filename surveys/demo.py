"""Demo surveys: the network's first survey (2012, closed, results public) and this year's open member survey.

The 2012 responses are generated from the proportions the network reported
then; the results page counts them like any other responses, so what it
shows is computed from the stored rows. The survey is anonymous and predates
the site's accounts: its responses have no Participation rows.
"""

import datetime as dt
from decimal import Decimal
from itertools import cycle

from django.utils import timezone

from accounts.models import User
from articles.models import Article
from editorial.models import Status, Topic
from surveys.models import Answer, Kind, Option, Question, Response, ResponseStatus, ResultsVisibility, Survey

SLUG_2012 = "ccio-survey-2012"
RESPONSES_2012 = 36
PRIORITIES = [
    "Information strategy",
    "Clinical engagement",
    "EPR implementation",
    "Clinical safety",
    "Interoperability",
    "Workforce and training",
]

# (section, text, kind, options or None, extra fields)
QUESTIONS_2012 = [
    ("Your time", "How many days a week are you contracted for the CCIO role?", Kind.NUMBER, None,
     {"min_value": 0, "max_value": 5, "unit": "days a week"}),
    ("Your time", "How many days a week do you actually work on the role?", Kind.NUMBER, None,
     {"min_value": 0, "max_value": 7, "unit": "days a week"}),
    ("Your priorities", "What are your top priorities?", Kind.MULTIPLE, PRIORITIES,
     {"allow_other": True, "help_text": "Choose all that apply."}),
    ("Your role", "Do you have sufficient authority to do the role?", Kind.SINGLE, ["Yes", "No"], {}),
    ("Your role", "Is this your first formal IT role?", Kind.SINGLE, ["Yes", "No"], {}),
    ("Your career", "How many years have you practised as a clinician?", Kind.SINGLE,
     ["Under 10 years", "10 to 20 years", "Over 20 years"], {}),
    ("Your career", "Do you want a formal IT qualification?", Kind.SINGLE, ["Yes", "No"], {}),
    ("Your career", "Anything else you would like the network to know?", Kind.LONG_TEXT, None, {"required": False}),
]  # fmt: skip

# How many of the 36 gave each answer (the network's 2012 findings).
CONTRACTED = [1] * 10 + [1.5] * 4 + [2] * 10 + [2.5] * 4 + [3] * 8  # median 2
WORKED = [2] * 8 + [2.5] * 4 + [3] * 12 + [4] * 8 + [5] * 4  # median 3
REGIONS = ["london", "north-west", "midlands", "south-west"]


def _flags(count_yes, total=RESPONSES_2012, *, step=1):
    """`count_yes` True values spread evenly through `total` (so no region has them all)."""
    flags = [False] * total
    index = 0
    for _ in range(count_yes):
        while flags[index % total]:
            index += 1
        flags[index % total] = True
        index += step
    return flags


def _survey_2012(editor):
    survey, created = Survey.objects.get_or_create(
        slug=SLUG_2012,
        defaults={
            "title": "CCIO survey 2012",
            "introduction": (
                "The network's first act was to ask CCIOs about their time, their priorities and their authority, "
                "and to publish the answers. These are the answers."
            ),
            "opens_at": dt.datetime(2012, 3, 1, 9, tzinfo=dt.UTC),
            "closes_at": dt.datetime(2012, 4, 30, 17, tzinfo=dt.UTC),
            "anonymous": True,
            "results_visibility": ResultsVisibility.EVERYONE,
            "status": Status.PUBLISHED,
            "publish_at": dt.datetime(2012, 3, 1, 9, tzinfo=dt.UTC),
            "created_by": editor,
            "submitted_by": editor,
            "approved_by": editor,
            # Long closed: nobody is told about it now.
            "opened_notified_at": dt.datetime(2012, 3, 1, 9, tzinfo=dt.UTC),
            "reminder_sent_at": dt.datetime(2012, 4, 27, 9, tzinfo=dt.UTC),
            "results_notified_at": dt.datetime(2012, 5, 14, 9, tzinfo=dt.UTC),
        },
    )
    if not created:
        return survey
    questions = []
    for position, (section, text, kind, options, extra) in enumerate(QUESTIONS_2012):
        question = Question.objects.create(
            survey=survey, position=position, section=section, text=text, kind=kind, **extra
        )
        for n, label in enumerate(options or []):
            Option.objects.create(question=question, position=n, label=label)
        questions.append(question)
    _responses_2012(survey, questions)
    return survey


def _responses_2012(survey, questions):
    contracted, worked, priorities, authority, first_it, years, qualification, comments = questions
    options = {
        q.pk: {o.label: o for o in q.options.all()} for q in (priorities, authority, first_it, years, qualification)
    }
    names_both = _flags(31, step=7)  # 86% name information strategy and clinical engagement
    has_authority = _flags(24, step=3)  # two thirds
    first_role = _flags(24, step=5)  # two thirds
    over_20 = _flags(27, step=4)  # three quarters
    wants_qualification = _flags(9, step=4)  # a quarter
    regions = cycle(REGIONS)
    answers = []
    for n in range(RESPONSES_2012):
        response = Response.objects.create(
            survey=survey, status=ResponseStatus.SUBMITTED, region=next(regions), organisation_type="acute",
            profession="doctor",
        )  # fmt: skip
        answers.append(Answer(response=response, question=contracted, number=Decimal(str(CONTRACTED[n]))))
        answers.append(Answer(response=response, question=worked, number=Decimal(str(WORKED[n]))))
        chosen = PRIORITIES[:2] if names_both[n] else []
        chosen += [PRIORITIES[2 + n % 4]]
        for label in chosen:
            answers.append(Answer(response=response, question=priorities, option=options[priorities.pk][label]))
        yes_no = [(authority, has_authority[n]), (first_it, first_role[n]), (qualification, wants_qualification[n])]
        for question, yes in yes_no:
            answers.append(
                Answer(response=response, question=question, option=options[question.pk]["Yes" if yes else "No"])
            )
        band = "Over 20 years" if over_20[n] else ("10 to 20 years" if n % 2 else "Under 10 years")
        answers.append(Answer(response=response, question=years, option=options[years.pk][band]))
        if n % 6 == 0:
            answers.append(
                Answer(
                    response=response,
                    question=comments,
                    text="Protected time in the job plan matters more than the title.",
                    published=True,
                )
            )
    Answer.objects.bulk_create(answers)


def _survey_now(editor):
    now = timezone.now()
    survey, created = Survey.objects.get_or_create(
        slug="member-survey",
        defaults={
            "title": "Member survey: your role this year",
            "introduction": "Five minutes between clinics: how your CCIO role is going this year. Named, so you can "
            "save a draft and change your answers until it closes.",
            "opens_at": now - dt.timedelta(days=3),
            "closes_at": now + dt.timedelta(days=11),
            "results_visibility": ResultsVisibility.RESPONDENTS,
            "status": Status.PUBLISHED,
            "publish_at": now - dt.timedelta(days=3),
            "created_by": editor,
            "submitted_by": editor,
            "approved_by": editor,
        },
    )
    if created:
        specs = [
            ("Your time", "How many days a week are you contracted for the role?", Kind.NUMBER, None,
             {"min_value": 0, "max_value": 5, "unit": "days a week"}),
            ("Your time", "How supported do you feel by your board?", Kind.SCALE, None,
             {"min_value": 1, "max_value": 5, "min_label": "Not at all", "max_label": "Fully"}),
            ("Your priorities", "What are your top priorities this year?", Kind.MULTIPLE, PRIORITIES,
             {"max_choices": 3, "allow_other": True}),
            ("Your priorities", "Your job title", Kind.SHORT_TEXT, None, {"required": False}),
        ]  # fmt: skip
        for position, (section, text, kind, labels, extra) in enumerate(specs):
            question = Question.objects.create(
                survey=survey, position=position, section=section, text=text, kind=kind, **extra
            )
            for n, label in enumerate(labels or []):
                Option.objects.create(question=question, position=n, label=label)
    return survey


ARTICLE_BODY = """In 2012 the network asked its members four things: how many days a week they were contracted for
the CCIO role and how many they worked, what their priorities were, and whether they had the authority
they needed. Most were senior clinicians taking on their first formal IT role, part-time beside clinical work.

The answers shaped what the network became: a place to share how to get protected time, how to write an
information strategy and how to bring clinicians with you.

**[Read the full results of the CCIO survey 2012]({url})**: each question with its chart and the numbers
beside it, and a breakdown by region.
"""


def _article(survey, editor):
    if Article.objects.filter(slug="what-the-first-ccio-survey-found").exists():
        return
    from editorial.demo_images import picture

    now = timezone.now()
    article = Article.objects.create(
        slug="what-the-first-ccio-survey-found",
        title="What the first CCIO survey found",
        standfirst="Contracted for two days, working three: the network's founding survey, and its results.",
        body=ARTICLE_BODY.format(url=survey.get_results_url()),
        status=Status.PUBLISHED,
        publish_at=now - dt.timedelta(days=1),
        hero_alt="An abstract illustration in NHS blue",
        hero_caption="Illustration: CCIO Network",
        seo_description="The results of the CCIO Leaders Network's first member survey, in 2012.",
        created_by=editor,
        submitted_by=editor,
        approved_by=editor,
    )
    article.hero_image.save("demo-hero-survey.jpg", picture(3, size=(1200, 675)), save=True)
    article.topics.set(Topic.objects.filter(name__in=["Careers", "Information strategy"]))
    if editor is not None:
        article.authors.set([editor])
    article.children_state = article.children_snapshot()
    article.save()


def seed(stdout):
    editor = User.objects.filter(username="ed").first()
    survey = _survey_2012(editor)
    _survey_now(editor)
    _article(survey, editor)
    stdout.write(f"Surveys: “{survey.title}” with {survey.responses.count()} responses, and an open member survey.")
