"""Run callables in threads released at the same moment; every thread closes its own connection."""

import threading

import pytest
from django.db import connection
from django.test import Client

# Marks of a test that needs real row locks: PostgreSQL only, data committed so threads can see it.
POSTGRES_ONLY = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks (DATABASE_URL)"),
    pytest.mark.django_db(transaction=True),
]


def run_together(callables, *, timeout: float = 120) -> list:
    """Start each callable in its own thread behind one barrier; return each result or raised exception."""
    barrier = threading.Barrier(len(callables))
    results: list = [None] * len(callables)

    def work(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test asserts on whatever happened
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(index, call)) for index, call in enumerate(callables)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    return results


def in_thread(call):
    """Run `call` in a fresh thread (a fresh connection, as a separate process would have) and return it."""
    [result] = run_together([call])
    if isinstance(result, Exception):
        raise result
    return result


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
