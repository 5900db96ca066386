# Production image of the Kela portal: gunicorn behind a load balancer, PostgreSQL and Redis outside.
FROM python:3.12-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --system --create-home --home-dir /home/kela --uid 10001 kela

# Dependencies first, in their own cached layer.
COPY requirements/run.txt requirements/
RUN pip install --upgrade pip && pip install --require-hashes -r requirements/run.txt

COPY . .
# Static files and catalogues are built into the image (a throwaway key is enough for that).
RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && for dir in locale */locale; do pybabel -q compile -d "$dir" -D django \
        && if ls "$dir"/*/LC_MESSAGES/djangojs.po >/dev/null 2>&1; then \
            pybabel -q compile -d "$dir" -D djangojs; fi; done \
    && chown -R kela /app/var

USER kela
ENV GUNICORN_BIND=0.0.0.0:8000
EXPOSE 8000
# The health check asks as the first allowed host, so host validation lets it through.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, sys, urllib.request as u; host = os.environ.get('DJANGO_ALLOWED_HOSTS', 'localhost').split(',')[0]; r = u.Request('http://127.0.0.1:8000/healthz', headers={'Host': host}); sys.exit(u.urlopen(r, timeout=4).status != 200)"
CMD ["gunicorn", "-c", "kela_portal/gunicorn.conf.py", "kela_portal.wsgi"]
