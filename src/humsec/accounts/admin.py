from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("humsec administration")
admin.site.site_title = _("humsec")
admin.site.index_title = _("Secretariat")
