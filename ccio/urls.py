from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from ccio import views
from ccio.sitemaps import SITEMAPS
from notifications import views as notification_views

# The admin signs in through allauth, so its rate limits and MFA apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "CCIO Network administration"
admin.site.site_title = "CCIO Network admin"

handler400 = "ccio.views.error_400"
handler403 = "ccio.views.error_403"
handler404 = "ccio.views.error_404"
handler500 = "ccio.views.error_500"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.site_search, name="search"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("accounts/", include("allauth.urls")),
    path("account/notifications/", notification_views.preferences, name="notification_preferences"),
    # profiles: /account/profile/ (before the account/ include), /members/ and /profiles/
    path("", include("profiles.urls")),
    # resources: /resources/, and /account/learning/ and /account/cpd/ (before the account/ include)
    path("", include("resources.urls")),
    path("account/", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("forum/", include("forum.urls")),
    path("events/", include("events.urls")),
    path("messages/", include("messaging.urls")),
    path("articles/", include("articles.urls")),
    path("surveys/", include("surveys.urls")),
    path("editor/", include("editorial.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
    # pages: /contact/ and the pages editors keep at the top of the site (/about/, /privacy/...): last
    path("", include("pages.urls")),
]

if settings.BENCH_FLOOR_VIEW:
    urlpatterns.append(path("bench/floor/", views.framework_floor))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
