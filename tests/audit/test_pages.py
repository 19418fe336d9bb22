"""The list of main pages itself: each one answers its role as expected, in each language."""

from tests.audit.pages import main_page_visits


def test_main_pages_answer_their_role(audit_world):
    # Act
    answers = {
        visit.label: audit_world.client_for(visit.page.role).get(visit.path).status_code
        for visit in main_page_visits(audit_world)
    }

    # Assert
    expected = {visit.label: visit.page.status for visit in main_page_visits(audit_world)}
    assert answers == expected
