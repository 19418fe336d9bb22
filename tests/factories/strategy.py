import factory

from strategy.models import Strategy
from strategy.services import section_create


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    title = "Stratégie de sécurité humaine"
    title_fr = factory.SelfAttribute("title")


def make_section(*, strategy=None, title="Sécurité alimentaire", body="Premier paragraphe.",
                 author=None, **kwargs):  # fmt: skip
    """A section with its first French revision, through the service."""
    return section_create(
        strategy=strategy or StrategyFactory(), title=title, body=body, author=author, **kwargs
    )
