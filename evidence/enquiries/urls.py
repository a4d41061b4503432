"""URLs of the public forms (newsletter sign-up, information packet)."""

from django.urls import path

from evidence.enquiries import views

app_name = "enquiries"

urlpatterns = [
    path("newsletter/", views.newsletter, name="newsletter"),
    path("newsletter/thanks/", views.newsletter_thanks, name="newsletter_thanks"),
    path("information-packet/", views.information_packet, name="information_packet"),
    path("information-packet/thanks/", views.information_packet_thanks, name="information_packet_thanks"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
]
