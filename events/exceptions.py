from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain said no. `code` is stable and machine-readable; `message` is translated."""

    code = "error"
    status_code = 400
    default_message = _("The request could not be completed.")

    def __init__(self, message=None, *, code: str | None = None, status_code: int | None = None):
        self.message = message or self.default_message
        if code:
            self.code = code
        if status_code:
            self.status_code = status_code
        super().__init__(str(self.message))


class RegistrationError(DomainError):
    code = "registration_error"
    status_code = 409
