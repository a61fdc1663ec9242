"""The site as gunicorn serves it, plus ``/media/`` served by WhiteNoise from
``MEDIA_ROOT`` (read when the process starts): in production nginx serves
the stored files a flyer's URL redirects to; here the same gunicorn serves
them as it serves static files, so bench/flyers.py can follow a download to
the PDF's bytes."""

from django.conf import settings
from whitenoise import WhiteNoise

from cms.wsgi import application as site

application = WhiteNoise(site)
application.add_files(settings.MEDIA_ROOT, prefix=settings.MEDIA_URL)
