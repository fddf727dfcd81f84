"""Why an article page could not be fetched: the reason it is counted under.

``http-403`` (an HTTP error status), ``robots-txt`` (robots.txt forbids it),
``robots-txt-unavailable`` (its host was skipped: robots.txt could not be read),
``undecodable``, ``redirect-loop``, ``host-skipped``... (a guard refused it:
:class:`~newscrawl.middlewares._refused.Refused`),
``ConnectionLost``, ``TimeoutError``... (a download error, named by the error under
Scrapy's and Twisted's wrappers). A request another guard spared (the archive has the
page) has none: it was not asked to be fetched.
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
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
    """A download error's name, under Scrapy's and Twisted's wrappers ("ConnectionLost").

    Scrapy raises DownloadFailedError from Twisted's ResponseFailed, which holds the
    failures that were its reasons.
    """
    if error is None:
        return "error"
    cause = error.__cause__ or error
    reasons = getattr(cause, "reasons", None)
    if reasons and isinstance(reasons[0], Failure) and reasons[0].value is not None:
        cause = reasons[0].value
    return type(cause).__name__
