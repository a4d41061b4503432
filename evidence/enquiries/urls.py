"""URLs of the public forms (newsletter sign-up, information packet)."""

app_name = "enquiries"

urlpatterns = []
