"""factory_boy factories, one module per app; import them from here."""

from tests.factories.accounts import UserFactory
from tests.factories.members import OrganisationFactory, OrganisationPersonFactory
from tests.factories.pages import NewsPostFactory

__all__ = ["NewsPostFactory", "OrganisationFactory", "OrganisationPersonFactory", "UserFactory"]
