from django.contrib.auth.base_user import BaseUserManager


class UserManager(BaseUserManager):
    """Creates users whose login is their email address."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email)
        extra_fields.setdefault("display_name", email.split("@", 1)[0])
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        """Create a superuser whose address counts as verified.

        ``createsuperuser`` runs on the server by someone who controls it, so
        the address needs no confirmation email: the superuser can log in
        through allauth straight away (mandatory verification otherwise
        blocks the login). The superuser holds the administrator role.
        """
        from network.accounts.enums import Role
        from network.accounts.services import email_mark_verified, role_grant

        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        user = self._create_user(email, password, **extra_fields)
        email_mark_verified(user=user)
        # A role row, so that the admin shows it and can take it away (audited).
        role_grant(user=user, role=Role.ADMINISTRATOR, granted_by=None)
        return user
