"""Property shapes CloudFormation documents that moto's models crash on.

* AWS::SSM::Parameter ``Tags`` is a map of strings in CloudFormation
  (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ssm-parameter.html);
  moto expects the API's [{Key, Value}] list and answered HTTP 500.
* AWS::KMS::Key ``Tags`` is [{Key, Value}] and ``KeyPolicy`` a JSON object
  (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kms-key.html);
  moto expected [{TagKey, TagValue}] (HTTP 500) and a string (DescribeKey HTTP 500 later).

The CloudFormation JSON is reshaped, then moto's own handler runs.
"""

import json

from moto.kms import models as kms_models
from moto.ssm import models as ssm_models


def _ssm_tags(cloudformation_json):
    props = cloudformation_json.get("Properties", {})
    if isinstance(props.get("Tags"), dict):
        props["Tags"] = [{"Key": k, "Value": v} for k, v in props["Tags"].items()]
    return cloudformation_json


def _kms_props(cloudformation_json):
    props = cloudformation_json.get("Properties", {})
    if isinstance(props.get("KeyPolicy"), dict):
        props["KeyPolicy"] = json.dumps(props["KeyPolicy"])
    tags = props.get("Tags")
    if isinstance(tags, list):
        props["Tags"] = [
            {"TagKey": t.get("Key", t.get("TagKey")), "TagValue": t.get("Value", t.get("TagValue"))}
            for t in tags
        ]
    return cloudformation_json


def _wrap_create(model, reshape):
    orig = model.create_from_cloudformation_json

    def create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        return orig(resource_name, reshape(cloudformation_json), account_id, region_name, **kwargs)

    model.create_from_cloudformation_json = classmethod(create)


def install():
    _wrap_create(ssm_models.Parameter, _ssm_tags)
    _wrap_create(kms_models.Key, _kms_props)
