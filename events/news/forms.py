"""The admin's form for news posts: a rich-text editor for the texts, and the picture re-encoded."""

import json

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from events.images import clean_image

from .models import NewsPost

PICTURE_SIDE = 1600


class RichTextarea(forms.Textarea):
    """A textarea that `news/editor.js` turns into a small WYSIWYG editor (headings, paragraphs, lists,
    links, bold, italic, pictures), with a switch to the HTML. The script is a static file (the admin's
    Content Security Policy allows no inline script); what it produces is sanitised on save anyway."""

    class Media:
        css = {"all": ["news/editor.css"]}
        js = ["news/editor.js"]

    def __init__(self, attrs=None):
        super().__init__(attrs={"data-rich-text": "", "rows": 16, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # The toolbar's labels, in the staff member's language (a static script has no gettext).
        context["widget"]["attrs"]["data-rich-text-labels"] = json.dumps(
            {
                "toolbar": _("Formatting"),
                "h2": _("Heading"),
                "h3": _("Subheading"),
                "p": _("Paragraph"),
                "bold": _("Bold"),
                "italic": _("Italic"),
                "ul": _("Bulleted list"),
                "ol": _("Numbered list"),
                "quote": _("Quotation"),
                "link": _("Link"),
                "unlink": _("Remove link"),
                "image": _("Picture"),
                "html": _("HTML"),
                "link_prompt": _("Address of the link (https://…)"),
                "image_prompt": _("Address of the picture (https://…)"),
                "image_refused": _("Pictures must come from an https:// address."),
            },
            ensure_ascii=False,
        )
        return context


class NewsPostForm(forms.ModelForm):
    class Meta:
        model = NewsPost
        fields = [
            "title_vi",
            "summary_vi",
            "body_vi",
            "title_en",
            "summary_en",
            "body_en",
            "slug",
            "image",
            "event",
            "status",
            "published_at",
            "send_to_subscribers",
        ]
        widgets = {"body_vi": RichTextarea(), "body_en": RichTextarea()}

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):  # a new upload; an unchanged picture was cleaned before
            return clean_image(image, stored_side=PICTURE_SIDE, image_format="JPEG", name="news.jpg")
        return image
