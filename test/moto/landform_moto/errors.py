"""Errors reach clients as AWS error bodies, never as HTML 500 pages.

moto serialises the exceptions it expects (ServiceException) in the
protocol of the service (query XML ``<ErrorResponse><Error><Code>``, EC2's
``<Response><Errors>``, JSON ``__type``), but any other exception escapes to
Flask, which answers an HTML "500 Internal Server Error" page that SDKs cannot
parse (aws-sdk-go-v2 reports a deserialization error instead of a
smithy.APIError). AWS answers its own failures as ``InternalFailure``
(HTTP 500) in the service's error format
(https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonErrors.html),
so that is what the plugin returns; an action moto does not implement becomes
``NotImplemented`` (HTTP 501, which SDKs do not retry).
"""

import logging
import traceback
from xml.sax.saxutils import escape

from moto.core import utils as core_utils
from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult, BaseResponse

logger = logging.getLogger("landform_moto")


class PluginError(Exception):
    """A failure the plugin reports in a resource's status reason, word for word."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class CloudFormationClientError(ServiceException):
    """A client error with an explicit code (serialised by moto in the service's format)."""


class _ServerError(ServiceException):
    pass


_orig_call_action = BaseResponse.call_action


def call_action(self):
    try:
        return _orig_call_action(self)
    except Exception as error:  # noqa: BLE001 - every escape becomes an AWS error body
        if isinstance(error, NotImplementedError):
            code, status = "NotImplemented", 501
            message = f"moto 5.2.1 does not implement this: {error}"
        else:
            logger.error("moto raised inside an API call:\n%s", traceback.format_exc())
            code, status = "InternalFailure", 500
            message = f"moto internal error: {type(error).__name__}: {error}"
        try:
            _, headers, body = self.serialized(ActionResult(_ServerError(code, message)))
        except Exception:  # noqa: BLE001 - no service model: plain query-style XML
            headers, body = {"Content-Type": "text/xml"}, _xml(code, message)
        headers = {k: v for k, v in headers.items() if k.lower() != "status"}
        return status, headers, body


def _xml(code, message):
    return (
        "<ErrorResponse><Error><Type>Receiver</Type>"
        f"<Code>{escape(code)}</Code><Message>{escape(message)}</Message>"
        "</Error><RequestId>landform-moto</RequestId></ErrorResponse>"
    )


_orig_flask_call = core_utils.convert_to_flask_response.__call__


def flask_call(self, *args, **kwargs):
    """Last line of defence for responses that bypass call_action (S3, moto-api...)."""
    try:
        return _orig_flask_call(self, *args, **kwargs)
    except Exception as error:  # noqa: BLE001
        from flask import Response

        logger.error("moto raised outside call_action:\n%s", traceback.format_exc())
        return Response(
            response=_xml("InternalFailure", f"moto internal error: {type(error).__name__}: {error}"),
            status=500,
            headers={"Content-Type": "text/xml"},
        )


def install():
    BaseResponse.call_action = call_action
    core_utils.convert_to_flask_response.__call__ = flask_call
