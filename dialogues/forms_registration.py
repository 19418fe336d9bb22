"""Forms of registration and attendance: they validate; ``dialogues.services`` acts."""

from django import forms
from django.utils.translation import gettext_lazy as _

#: The sentence for a delegate who is not one of the chosen organisation's people
#: (the same refusal as ``services.registration_create``'s ``"not_a_person"``).
NOT_A_PERSON = _("This person does not belong to the organisation you chose.")

ATTENDANCE_MESSAGES = {
    "required": _("Enter a number, 0 if there were none."),
    "negative": _("A number of people cannot be negative."),
    "invalid": _("Enter a whole number, such as 12."),
    "parts": _(
        "Women (%(women)s) and men (%(men)s) add up to %(parts)s, "
        "not to the %(total)s participants in all."
    ),
    "youth": _("There cannot be more youth (%(youth)s) than participants in all (%(total)s)."),
}


class RegistrationForm(forms.Form):
    """One of the user's organisations and one of its people, as delegate.

    ``people``: the ``OrganisationPerson`` rows (with ``organisation`` and
    ``user`` loaded) of the active organisations the user administers, so
    the choices and the checks cost no query. The delegate list is grouped
    by organisation and leaves out the user ids in ``registered`` (those
    already registered); a person of another organisation is refused with
    ``NOT_A_PERSON``. ``cleaned_data`` gives the ``organisation`` and
    ``delegate`` objects.
    """

    organisation = forms.TypedChoiceField(
        label=_("Organisation"),
        coerce=int,
        error_messages={
            "required": _("Choose the organisation that sends the delegate."),
            "invalid_choice": _("Choose one of the organisations you administer."),
        },
    )
    delegate = forms.TypedChoiceField(
        label=_("Delegate"),
        coerce=int,
        error_messages={
            "required": _("Choose the person to register."),
            "invalid_choice": NOT_A_PERSON,
        },
    )

    def __init__(self, *args, people: list, registered: frozenset[int] = frozenset(), **kwargs):
        kwargs.setdefault("auto_id", "registration-%s")
        super().__init__(*args, **kwargs)
        self.people = people
        organisations = {}
        groups: dict[int, list] = {}
        for person in people:
            organisations[person.organisation_id] = person.organisation
            if person.user_id not in registered:
                groups.setdefault(person.organisation_id, []).append(
                    (person.user_id, person.user.display_name or str(person.user))
                )
        self.organisations = organisations
        blank = [("", _("Choose…"))] if len(organisations) > 1 else []
        self.fields["organisation"].choices = blank + [
            (pk, organisation.name) for pk, organisation in organisations.items()
        ]
        self.fields["delegate"].choices = [("", _("Choose…"))] + [
            (organisations[pk].name, choices) for pk, choices in groups.items()
        ]

    def clean(self):
        cleaned = super().clean()
        organisation_id, user_id = cleaned.get("organisation"), cleaned.get("delegate")
        if organisation_id is None or user_id is None:
            return cleaned
        person = next(
            (
                person
                for person in self.people
                if person.organisation_id == organisation_id and person.user_id == user_id
            ),
            None,
        )
        if person is None:
            raise forms.ValidationError(NOT_A_PERSON, code="not_a_person")
        cleaned["organisation"] = person.organisation
        cleaned["delegate"] = person.user
        return cleaned


#: More people than any dialogue gathers: a typing slip, not a count (and within the column).
MAX_COUNT = 100_000


def _count_field(label):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_COUNT,
        error_messages={
            "required": ATTENDANCE_MESSAGES["required"],
            "invalid": ATTENDANCE_MESSAGES["invalid"],
            "min_value": ATTENDANCE_MESSAGES["negative"],
        },
        widget=forms.NumberInput(attrs={"step": 1, "inputmode": "numeric"}),
    )


class AttendanceForm(forms.Form):
    """Counts of participants: ``total == women + men`` and ``youth <= total``.

    The same rules as the database constraints of ``Attendance``, said in
    words the reporter can act on (the sums as form errors, the rest on
    their field); a bound form keeps what was typed.
    """

    total = _count_field(_("Participants in all"))
    women = _count_field(_("Women"))
    men = _count_field(_("Men"))
    youth = _count_field(_("Youth (under 35)"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "attendance-%s")
        super().__init__(*args, **kwargs)
        self.fields["youth"].help_text = _("Women and men under 35, counted in the total as well.")

    def clean(self):
        cleaned = super().clean()
        total, women, men, youth = (
            cleaned.get(name) for name in ("total", "women", "men", "youth")
        )
        if None not in (total, women, men) and women + men != total:
            self.add_error(
                None,
                forms.ValidationError(
                    ATTENDANCE_MESSAGES["parts"],
                    code="parts",
                    params={"women": women, "men": men, "parts": women + men, "total": total},
                ),
            )
        if None not in (total, youth) and youth > total:
            self.add_error(
                None,
                forms.ValidationError(
                    ATTENDANCE_MESSAGES["youth"],
                    code="youth",
                    params={"youth": youth, "total": total},
                ),
            )
        return cleaned
