from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("humsec administration")
admin.site.site_title = _("humsec")
admin.site.index_title = _("Secretariat")


def _keep_two_factor_devices_out_of_the_admin() -> None:
    """django-otp registers its devices in the admin. In humsec a device is made only
    through set-up (with a first code) and removed only by an audited reset, so the admin,
    which would change them unaudited and could show a key, does not list them."""
    from django_otp.plugins.otp_static import admin as _static  # noqa: F401 (registers)
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp import admin as _totp  # noqa: F401 (registers)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_keep_two_factor_devices_out_of_the_admin()
