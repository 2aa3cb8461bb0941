"""Running the same work in several threads at the same instant, for race and double-submit tests."""

import threading

from django.test import Client


def at_once(work, items):
    """work(item) for every item, each in its own thread, released together; (results, errors)."""
    barrier = threading.Barrier(len(items))
    results, errors = [], []

    def run(item):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            results.append(work(item))
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def signed_in_client(user):
    """A client for `user` that answers a server error as a response (500) instead of raising it."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client
