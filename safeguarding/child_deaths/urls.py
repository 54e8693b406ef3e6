app_name = "child_deaths"

urlpatterns = []
