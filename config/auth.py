"""The staff sign-in form (the admin's, which every staff page redirects to)."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.validators import MaxLengthValidator


class LoginForm(AdminAuthenticationForm):
    """Django's admin sign-in, holding the username to its length before anything is looked up: Django
    only sets the field's max_length for the page, and a longer name went on to the failed-login record of
    django-axes, whose column is shorter (a 500 instead of "wrong username or password")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
