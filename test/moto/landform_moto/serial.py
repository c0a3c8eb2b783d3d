"""One request at a time.

moto_server answers requests on several threads, but its backends (and this
plugin's stack engine) keep plain dicts with no locking: two stacks deployed
at once could fail with "dictionary changed size during iteration", a moto
artefact AWS never shows. Requests are handled one after the other instead;
each is quick, so tests lose nothing but the race.
"""

import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication

_lock = threading.Lock()


def _serial(call):
    def wrapped(self, environ, start_response):
        with _lock:
            # The body is produced inside the call for moto's responses.
            return list(call(self, environ, start_response))

    return wrapped


def install():
    DomainDispatcherApplication.__call__ = _serial(DomainDispatcherApplication.__call__)
