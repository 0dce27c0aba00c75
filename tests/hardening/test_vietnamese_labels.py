"""Every label staff read in the admin exists in Vietnamese: model fields and list columns."""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.utils import translation

APPS = ("events", "checkin", "training", "reports")
# Loanwords Vietnamese uses as they are.
SAME_IN_BOTH = {"logo", "token"}


def _both(label) -> tuple[str, str]:
    with translation.override("vi"):
        vi = str(label)
    with translation.override("en"):
        en = str(label)
    return vi, en


def test_every_model_field_has_a_vietnamese_name():
    untranslated = []
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        for field in model._meta.get_fields():
            if (field.auto_created and not field.concrete) or field.name == "id":
                continue
            vi, en = _both(field.verbose_name)
            if vi == en and vi.isascii() and vi not in SAME_IN_BOTH:
                untranslated.append(f"{model._meta.label}.{field.name}: {vi}")

    assert untranslated == []


def test_every_admin_list_column_has_a_vietnamese_name():
    untranslated = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in APPS:
            continue
        for name in model_admin.list_display:
            if not isinstance(name, str) or name == "__str__":
                continue
            vi, en = _both(label_for_field(name, model, model_admin))
            if vi == en and vi.isascii():
                untranslated.append(f"{model._meta.label} {name}: {vi}")

    assert untranslated == []
