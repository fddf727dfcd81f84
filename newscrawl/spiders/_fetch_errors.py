"""Why an article page could not be fetched: the reason it is counted under.

``http-403`` (an HTTP error status), ``robots-txt`` (robots.txt forbids it),
``robots-txt-unavailable`` (its host was skipped: robots.txt could not be read),
``undecodable``, ``redirect-loop``, ``host-skipped``... (a guard refused it:
:class:`~newscrawl.middlewares._refused.Refused`),
``DownloadTimeoutError``, ``ResponseDataLossError``, ``ConnectionLost``... (a download
error, by Scrapy's name for it, else by Twisted's under Scrapy's catch-all). A request
another guard spared (the archive has the page) has none: it was not asked to be fetched.
"""

from __future__ import annotations

from scrapy.exceptions import DownloadFailedError, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawl.middlewares._refused import Refused
from newscrawl.middlewares.robotstxt import RobotsTxtForbidden, RobotsTxtUnavailable


def fetch_error_reason(failure: Failure) -> str | None:
    """The reason a request's ``failure`` is counted under, or None if it was spared."""
    error = failure.value
    if isinstance(error, HttpError):
        return f"http-{error.response.status}"
    if isinstance(error, RobotsTxtForbidden):
        return "robots-txt"
    if isinstance(error, RobotsTxtUnavailable):
        return "robots-txt-unavailable"
    if isinstance(error, Refused):
        return error.reason
    if isinstance(error, IgnoreRequest):
        return None
    return _error_name(error)


def _error_name(error: BaseException | None) -> str:
    """A download error's name: Scrapy's own ("ResponseDataLossError"), else Twisted's.

    Scrapy names what happened where it can (a timeout, a body cut short, a refused
    connection), as the retry and backoff messages and the failure records do; under its
    catch-all DownloadFailedError lies Twisted's ResponseFailed, which holds the failures
    that were its reasons ("ConnectionLost"). (Under ResponseDataLossError lies
    ConnectionDone, which reads as if nothing had gone wrong.)
    """
    if error is None:
        return "error"
    if type(error).__module__ == "scrapy.exceptions" and type(error) is not DownloadFailedError:
        return type(error).__name__
    cause = error.__cause__ or error
    reasons = getattr(cause, "reasons", None)
    if reasons and isinstance(reasons[0], Failure) and reasons[0].value is not None:
        cause = reasons[0].value
    return type(cause).__name__
