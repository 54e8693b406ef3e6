"""Run the test provider: migrate a new database, add its people and its client application,
then serve on a free port of 127.0.0.1 and print "listening on <port>"."""

import os
import socketserver
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import django
from django.core.management import call_command


class ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def set_up(config: dict) -> None:
    from django.contrib.auth.models import User
    from oauth2_provider.models import Application

    for person in config["people"]:
        User.objects.create_user(username=person["email"], email=person["email"],
                                 password=config["password"])
    Application.objects.create(
        name="Safeguarding Partnership Platform", client_id=config["client_id"],
        client_secret=config["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(config["redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM, skip_authorization=True,
    )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.testing.oidc_provider.settings")
    django.setup()
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    call_command("migrate", verbosity=0)
    set_up(settings.PROVIDER)
    server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=ThreadingServer,
                         handler_class=QuietHandler)
    print(f"listening on {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
