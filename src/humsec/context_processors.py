from django.conf import settings


def site(request):
    return {"group_name": settings.HUMSEC_GROUP_NAME}
