from django.urls import path

from . import views

app_name = "checkin-public"

urlpatterns = [
    path("<str:token>/qr.png", views.ticket_png, name="ticket_png"),
    path("<str:token>/ticket.pdf", views.ticket_pdf_view, name="ticket_pdf"),
]
