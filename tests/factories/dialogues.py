import datetime

import factory
from django.utils import timezone

from dialogues.enums import EventStatus, Level, Visibility
from dialogues.models import DialogueEvent, Recommendation


class DialogueEventFactory(factory.django.DjangoModelFactory):
    """A planned public community event next month, at the place Mopti (no region unless given)."""

    class Meta:
        model = DialogueEvent
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Dialogue {n}")
    title_fr = factory.SelfAttribute("title")
    slug = factory.Sequence(lambda n: f"dialogue-{n}")
    description = "Un dialogue."
    description_fr = factory.SelfAttribute("description")
    level = Level.COMMUNITY
    place = "Mopti"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=6))
    status = EventStatus.PLANNED
    visibility = Visibility.PUBLIC

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisers.set(extracted)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    event = factory.SubFactory(DialogueEventFactory)
    text = factory.Sequence(lambda n: f"Recommandation {n}")
    text_fr = factory.SelfAttribute("text")
    addressed_level = Level.REGIONAL
