"""Demo topics shared across the site."""

from editorial.models import Topic

TOPICS = [
    ("Information strategy", "Plans, roadmaps and making the case for digital."),
    ("Clinical engagement", "Bringing clinicians with you."),
    ("Procurement", "Choosing and buying systems."),
    ("Quality", "Safety, outcomes and improvement."),
    ("Careers", "Becoming and growing as a CCIO."),
    ("Clinical safety", "DCB0129, DCB0160 and hazard logs."),
    ("Interoperability", "Records that follow the patient."),
    ("AI and analytics", "Data, decision support and AI."),
]


def seed(stdout):
    for name, description in TOPICS:
        Topic.objects.get_or_create(name=name, defaults={"description": description})
    stdout.write(f"Topics: {Topic.objects.count()}")
