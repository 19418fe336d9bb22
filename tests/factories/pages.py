import datetime

import factory

from network.pages.enums import NewsStatus
from network.pages.models import NewsPost


class NewsPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsPost

    title = factory.Sequence(lambda n: f"Nouvelle {n}")
    title_fr = factory.SelfAttribute("title")
    slug = factory.Sequence(lambda n: f"nouvelle-{n}")
    summary = "Résumé"
    body = "Texte de la **nouvelle**."
    body_fr = factory.SelfAttribute("body")
    published_on = datetime.date(2014, 3, 5)
    status = NewsStatus.PUBLISHED
